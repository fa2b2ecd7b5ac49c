"""Daily zero-reports pages: a unit's filing and history; the office's matrix, rates and day summary."""
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from ..dates import parse_day
from ..forms.reports import MAX_MATRIX_DAYS, DailyReportForm, MatrixFilterForm
from ..models import DailyReport, DailySummary, ReportCampaign, Unit
from ..selectors import reports as selectors
from ..selectors.overview import overseen_units
from ..permissions import can_see_everything, check_campaign_reader, check_reporting_unit, is_office
from ..services.reports import ReportFilingError, daily_report_file

DEFAULT_MATRIX_DAYS = 14

STATE_LABELS = {
    selectors.ON_TIME: gettext_lazy("按时"),
    selectors.LATE: gettext_lazy("迟报"),
    selectors.ZERO: gettext_lazy("零报告"),
    selectors.ZERO_LATE: gettext_lazy("零报告(迟报)"),
    selectors.MISSING: gettext_lazy("缺报"),
    selectors.PENDING: gettext_lazy("待报"),
    selectors.NOT_REQUIRED: gettext_lazy("无需报送"),
}


def _day_param(raw, default: datetime.date) -> datetime.date:
    """The day a page is asked for, ``default`` when none; 404 for one that is not a YYYY-MM-DD day."""
    try:
        return parse_day(raw) or default
    except ValueError:
        raise Http404(_("日期格式不正确。")) from None


# ---------------------------------------------------------------- the unit's pages


@login_required
def reports_home(request):
    """Today's forms for each campaign of the clerk's unit; office and leaders go to the campaign list."""
    if can_see_everything(request.user):
        return redirect("workspace:reports_campaigns")
    unit = check_reporting_unit(request.user)
    today = timezone.localdate()
    campaigns = list(selectors.campaigns_of_unit(unit).prefetch_related("indicators"))
    reports = {
        r.campaign_id: r
        for r in DailyReport.objects.filter(unit=unit, date=today, campaign__in=[c.pk for c in campaigns])
    }
    cards = []
    for campaign in campaigns:
        report = reports.get(campaign.pk)
        cards.append(
            {
                "campaign": campaign,
                "is_reporting_day": campaign.is_reporting_day(today),
                "report": report,
                "cutoff_at": campaign.cutoff_at(today),
                "form": DailyReportForm(
                    indicators=campaign.indicators.all(),
                    initial=DailyReportForm.initial_from(report),
                    prefix=f"c{campaign.pk}",
                ),
            }
        )
    return render(request, "workspace/reports/today.html", {"unit": unit, "today": today, "cards": cards})


@login_required
@require_http_methods(["GET", "POST"])
def reports_file(request, campaign_id):
    """File, correct or file late the unit's report for one day (``day``, default today)."""
    unit = check_reporting_unit(request.user)
    campaign = get_object_or_404(selectors.campaigns_of_unit(unit), pk=campaign_id)
    today = timezone.localdate()
    day = _day_param(request.POST.get("day") or request.GET.get("day"), today)
    if day > today:
        raise PermissionDenied(_("不能报送未来日期的日报。"))
    indicators = list(campaign.indicators.all())
    report = DailyReport.objects.filter(campaign=campaign, unit=unit, date=day).first()
    prefix = f"c{campaign.pk}"
    if request.method == "POST":
        form = DailyReportForm(request.POST, indicators=indicators, prefix=prefix)
        is_zero = request.POST.get("action") == "zero"
        if form.is_valid():
            try:
                filed = daily_report_file(
                    campaign=campaign,
                    unit=unit,
                    user=request.user,
                    day=day,
                    is_zero=is_zero,
                    values={} if is_zero else form.indicator_values(),
                    text="" if is_zero else form.cleaned_data["text"],
                )
            except ReportFilingError as error:
                form.add_filing_error(error)
            else:
                if filed.revision_count and report is not None:
                    messages.success(request, _("已更正 %(day)s 的日报。") % {"day": day.isoformat()})
                elif filed.is_zero:
                    messages.success(request, _("已报送 %(day)s 的零报告。") % {"day": day.isoformat()})
                else:
                    messages.success(request, _("已报送 %(day)s 的日报。") % {"day": day.isoformat()})
                if filed.is_late:
                    messages.warning(request, _("该日报在截止时间后报送,记为迟报。"))
                if day == today:
                    return redirect("workspace:reports_home")
                return redirect("workspace:reports_history", campaign_id=campaign.pk)
    else:
        form = DailyReportForm(indicators=indicators, initial=DailyReportForm.initial_from(report), prefix=prefix)
    return render(
        request,
        "workspace/reports/file.html",
        {
            "unit": unit,
            "campaign": campaign,
            "day": day,
            "today": today,
            "is_reporting_day": campaign.is_reporting_day(day),
            "cutoff_at": campaign.cutoff_at(day),
            "report": report,
            "form": form,
        },
    )


@login_required
def reports_history(request, campaign_id):
    """The unit's own reports to a campaign, one row per reporting day up to today."""
    unit = check_reporting_unit(request.user)
    campaign = get_object_or_404(selectors.campaigns_of_unit(unit, active_only=False), pk=campaign_id)
    entries = selectors.unit_history(campaign, unit)
    counts = selectors.Counts()
    for entry in entries:
        counts.add_state(entry.state)
    return render(
        request,
        "workspace/reports/history.html",
        {
            "unit": unit,
            "campaign": campaign,
            "entries": entries,
            "counts": counts,
            "indicators": list(campaign.indicators.all()),
            "state_labels": STATE_LABELS,
            "today": timezone.localdate(),
        },
    )


# ---------------------------------------------------------------- the office's pages


@login_required
def reports_campaigns(request):
    """Every campaign with today's expected and received counts (one query)."""
    check_campaign_reader(request.user)
    today = timezone.localdate()
    campaigns = ReportCampaign.objects.annotate(
        unit_count=Count("units", filter=Q(units__is_active=True), distinct=True),
        received_today=Count(
            "reports", filter=Q(reports__date=today, reports__unit__is_active=True), distinct=True
        ),
    ).order_by("-is_active", "-first_day", "-id")
    rows = []
    for campaign in campaigns:
        expected = campaign.unit_count if campaign.is_reporting_day(today) else 0
        rows.append({"campaign": campaign, "expected": expected, "received": campaign.received_today})
    return render(
        request,
        "workspace/reports/campaigns.html",
        {"rows": rows, "today": today, "can_edit": is_office(request.user)},
    )


def _default_range(campaign: ReportCampaign, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    end = min(max(today, campaign.first_day), campaign.last_day)
    start = max(campaign.first_day, end - datetime.timedelta(days=DEFAULT_MATRIX_DAYS - 1))
    return start, end


def _branch_choices(campaign: ReportCampaign):
    """Units whose branch holds at least one of the campaign's units: the tree above and including them."""
    paths = list(campaign.units.values_list("tree_path", flat=True))
    ids = {int(part) for p in paths for part in p.split(".") if part}
    return Unit.objects.filter(pk__in=ids).order_by("tree_path")


def _matrix_rows_html(matrix) -> str:
    """The matrix's body rows, joined here rather than looped in the template.

    500 units × 92 days are 46,000 cells: written by the template they took
    most of the page's time.
    """
    cell_html = {state: format_html('<td class="cell state-{}"></td>', state) for state in STATE_LABELS}
    blank = format_html('<td colspan="{}"></td>', len(matrix.days))
    # Figures as the template would localise them (no thousands separator on these pages),
    # with the language's decimal mark looked up once instead of per figure.
    decimal = get_format("DECIMAL_SEPARATOR")

    def figure(value):
        if value is None:
            return "—"
        return str(value) if decimal == "." else str(value).replace(".", decimal)

    rows = []
    for row in matrix.rows:
        counts = row.counts
        rows.append(
            format_html(
                '<tr class="{}"><th class="unit depth-{}" style="padding-left:{}em">{}</th>'
                "<td>{}</td><td>{}</td><td>{}</td>{}</tr>",
                "" if row.is_member else "group",
                row.depth,
                row.depth,
                row.name,
                figure(counts.reporting_rate),
                figure(counts.timeliness),
                figure(counts.missing),
                mark_safe("".join(cell_html[state] for state in row.cells)) if row.is_member else blank,
            )
        )
    return mark_safe("".join(rows))


@login_required
def reports_matrix(request, campaign_id):
    """Units × days for a campaign with per-unit and overall rates, and today's missing units."""
    check_campaign_reader(request.user)
    campaign = get_object_or_404(ReportCampaign, pk=campaign_id)
    today = timezone.localdate()
    start, end = _default_range(campaign, today)
    branches = _branch_choices(campaign)
    form = MatrixFilterForm(request.GET or None, branches=branches)
    branch = None
    if form.is_bound and form.is_valid():
        branch = form.cleaned_data["branch"]
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
        if (end - start).days + 1 > MAX_MATRIX_DAYS:
            start = end - datetime.timedelta(days=MAX_MATRIX_DAYS - 1)
    elif not form.is_bound:
        # A 分管领导 of one unit opens the matrix on that unit's branch.
        overseen = [u for u in overseen_units(request.user) if u.pk in {b.pk for b in branches}]
        if len(overseen) == 1:
            branch = overseen[0]
            form = MatrixFilterForm(initial={"branch": branch}, branches=branches)
    matrix = selectors.campaign_matrix(campaign, start, end, branch)
    rows_html = _matrix_rows_html(matrix)
    missing_today = []
    if campaign.is_reporting_day(today):
        missing_today = list(selectors.units_missing_on(campaign, today).only("id", "name", "short_name"))
    return render(
        request,
        "workspace/reports/matrix.html",
        {
            "campaign": campaign,
            "form": form,
            "matrix": matrix,
            "rows_html": rows_html,
            "columns": list(zip(matrix.days, matrix.day_counts, strict=True)),
            "today": today,
            "today_cutoff_at": campaign.cutoff_at(today),
            "before_cutoff": timezone.now() <= campaign.cutoff_at(today),
            "missing_today": missing_today,
            "is_reporting_today": campaign.is_reporting_day(today),
            "state_labels": STATE_LABELS,
        },
    )


@login_required
def reports_day(request, campaign_id, day):
    """One day's summary: counts, missing units, sums of numeric indicators, every non-zero text."""
    check_campaign_reader(request.user)
    campaign = get_object_or_404(ReportCampaign, pk=campaign_id)
    day = _day_param(day, timezone.localdate())
    summary = selectors.campaign_day_summary(campaign, day)
    # The summary kept after the cutoff (by the daily-summary job): what the office was told that day.
    kept = DailySummary.objects.filter(campaign=campaign, date=day).first()
    one = datetime.timedelta(days=1)
    return render(
        request,
        "workspace/reports/day.html",
        {
            "campaign": campaign,
            "day": day,
            "summary": summary,
            "kept": kept,
            "kept_differs": kept is not None
            and (kept.expected, kept.received, kept.on_time, kept.late, kept.zero)
            != (summary.expected, summary.received, summary.on_time, summary.late, summary.zero),
            "previous": day - one if day > campaign.first_day else None,
            "next": day + one if day < min(campaign.last_day, timezone.localdate()) else None,
            "matrix_url": reverse("workspace:reports_matrix", args=[campaign.pk]),
        },
    )


urlpatterns = [
    path("", reports_home, name="reports_home"),
    path("<int:campaign_id>/file/", reports_file, name="reports_file"),
    path("<int:campaign_id>/history/", reports_history, name="reports_history"),
    path("campaigns/", reports_campaigns, name="reports_campaigns"),
    path("campaigns/<int:campaign_id>/", reports_matrix, name="reports_matrix"),
    path("campaigns/<int:campaign_id>/<str:day>/", reports_day, name="reports_day"),
]

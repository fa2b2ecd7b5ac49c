"""The leader's overview (领导驾驶舱): charts drawn on the server, and the figures behind each as CSV or .xlsx."""
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .. import charts
from ..exports.overview import CHARTS, figure_tables, ranking_note, table_csv, table_xlsx
from ..permissions import can_see_everything
from ..selectors.overview import overview

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNITS_CHARTED = 15


def _overview_for(request):
    if not can_see_everything(request.user):
        raise PermissionDenied(_("只有督查室和领导可以查看领导驾驶舱。"))
    return overview(request.user, everything=request.GET.get("all") == "1")


def _charts(ov) -> dict:
    worst = ov.units_by_load[:UNITS_CHARTED]
    meetings = ov.meetings
    return {
        "units": charts.bar_chart(
            [f"{u.unit}({u.total})" for u in worst],
            [charts.Series(_("完成率"), [u.completion_rate for u in worst], charts.PALETTE[0]),
             charts.Series(_("按期办结率"), [u.on_time_rate for u in worst], charts.PALETTE[1])],
            label=_("各单位完成率和按期办结率"),
        ) if worst else None,
        "meetings": charts.stacked_bar_chart(
            [f"{m.meeting.held_on:%m-%d} {m.meeting.title}" for m in meetings],
            [charts.Series(_("已销号"), [m.closed for m in meetings], charts.PALETTE[4]),
             charts.Series(_("申请办结"), [m.close_requested for m in meetings], charts.PALETTE[2]),
             charts.Series(_("办理中"), [m.working for m in meetings], charts.PALETTE[1]),
             charts.Series(_("待签收"), [m.assigned for m in meetings], charts.PALETTE[3])],
            notes=[_(" 项,逾期 %(n)s") % {"n": m.overdue} if m.overdue else _(" 项") for m in meetings],
            label=_("各次会议交办事项进度"),
        ) if meetings else None,
        "overdue": charts.line_chart(
            [d.date for d in ov.overdue],
            [charts.Series(_("逾期未办结事项"), [d.count for d in ov.overdue], charts.PALETTE[0])],
            label=_("逾期事项数变化"),
        ),
        "reports": [
            (c, charts.line_chart(
                [d.date for d in c.days],
                [charts.Series(_("上报率"), [d.reporting_rate for d in c.days], charts.PALETTE[2]),
                 charts.Series(_("及时率"), [d.timeliness for d in c.days], charts.PALETTE[1])],
                label=_("“%(name)s”上报率和及时率") % {"name": c.campaign.name}, percent=True,
            ) if c.days else None)
            for c in ov.campaigns
        ],
    }


@login_required
def overview_page(request):
    ov = _overview_for(request)
    ranking = ov.ranking
    ranked = [u for u in ranking if u.rank is not None]
    return render(
        request,
        "workspace/overview.html",
        {
            "ov": ov,
            "totals": ov.totals,
            "charts": _charts(ov),
            "tables": figure_tables(ov),
            "top": ranked[:10],
            "bottom": ranked[10:][-10:],
            "ranked_count": len(ranked),
            "units_charted": min(UNITS_CHARTED, len(ov.units_by_load)),
            "units_with_tasks": len(ov.units_by_load),
            "ranking_note": ranking_note(),
            "show_all": request.GET.get("all") == "1",
        },
    )


@login_required
def overview_data(request, chart, fmt):
    """The figures behind one chart: ``chart`` in CHARTS, ``fmt`` csv or xlsx."""
    if chart not in CHARTS or fmt not in ("csv", "xlsx"):
        raise Http404(_("没有这项数据。"))
    ov = _overview_for(request)
    stamp = f"{timezone.localtime():%Y%m%d-%H%M}"
    with translation.override(settings.LANGUAGE_CODE):
        table = figure_tables(ov)[chart]
        filename = f"{table.title}-{stamp}.{fmt}"
        if fmt == "csv":
            response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
        else:
            heading = _("%(title)s(截至%(stamp)s)") % {"title": table.title, "stamp": f"{timezone.localtime():%Y-%m-%d %H:%M}"}
            response = HttpResponse(table_xlsx(table, heading), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


urlpatterns = [
    path("", overview_page, name="overview"),
    path("data/<str:chart>.<str:fmt>", overview_data, name="overview_data"),
]

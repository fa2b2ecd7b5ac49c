"""Filing daily reports (日报): a zero report or figures and text, one per unit and day.

A filing after the campaign's cutoff is marked late (exactly at the cutoff is
on time). Filing again for the same day is a correction: the report is
updated and its earlier version kept as a DailyReportRevision; the lateness
of the first filing stays. Two filings at once (a double click, two clerks)
still give one report: the unique constraint on (campaign, unit, date)
decides which insert wins, and the loser becomes a correction of the winner.
"""
import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import DailyReport, DailyReportRevision, Membership, ReportCampaign, ReportIndicator, Unit

TEXT_MAX_LENGTH = 5000
NON_FIELD = "__all__"


class ReportFilingError(ValidationError):
    """A filing the rules do not allow; ``message_dict`` maps indicator codes (or ``__all__``) to messages."""


def _check_filer(*, campaign: ReportCampaign, unit: Unit, user, day: datetime.date, today: datetime.date) -> None:
    if not campaign.is_active:
        raise ReportFilingError({NON_FIELD: [_("该日报告已停用,不能报送。")]})
    if not campaign.units.filter(pk=unit.pk, is_active=True).exists():
        raise ReportFilingError({NON_FIELD: [_("本单位不在该日报告的报送单位之列。")]})
    membership = Membership.objects.filter(user_id=getattr(user, "pk", None)).only("unit_id", "role").first()
    if (
        membership is None
        or membership.unit_id != unit.pk
        or membership.role not in (Membership.Role.CLERK, Membership.Role.HEAD)
    ):
        raise ReportFilingError({NON_FIELD: [_("只有本单位的经办人或负责人可以报送本单位的日报。")]})
    if day > today:
        raise ReportFilingError({NON_FIELD: [_("不能报送未来日期(%(day)s)的日报。") % {"day": day.isoformat()}]})
    if not campaign.is_reporting_day(day):
        raise ReportFilingError(
            {NON_FIELD: [_("%(day)s 不是该日报告的报送日,无需报送。") % {"day": day.isoformat()}]}
        )


def _clean_value(indicator: ReportIndicator, raw) -> tuple[object, str | None]:
    """Return (clean value or None when empty, error message or None)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    if indicator.kind == ReportIndicator.Kind.TEXT:
        value = str(raw).strip()
        if len(value) > TEXT_MAX_LENGTH:
            return None, _("%(name)s不能超过 %(max)d 字。") % {"name": indicator.name, "max": TEXT_MAX_LENGTH}
        return value, None
    text = str(raw).strip().replace(",", "").replace(",", "")
    if isinstance(raw, bool):
        text = "x"  # True/False are not figures
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        return None, _("%(name)s须填写数字。") % {"name": indicator.name}
    if number < 0:
        return None, _("%(name)s不能为负数。") % {"name": indicator.name}
    if indicator.kind == ReportIndicator.Kind.INTEGER:
        if number != number.to_integral_value():
            return None, _("%(name)s须填写整数。") % {"name": indicator.name}
        # Spreadsheets keep 15 digits; a larger figure (1e400) broke the matrix export.
        if number >= Decimal("1e15"):
            return None, _("%(name)s的数值超出范围。") % {"name": indicator.name}
        return int(number), None
    if abs(number.as_tuple().exponent) > 6 or number >= Decimal("1e15"):
        return None, _("%(name)s的数值超出范围。") % {"name": indicator.name}
    # Stored as a string so the decimal places survive JSON.
    return str(int(number)) if number == number.to_integral_value() else str(number.normalize()), None


def daily_report_clean(
    *, campaign: ReportCampaign, is_zero: bool, values: dict | None, text: str | None
) -> tuple[dict, str]:
    """Return (clean values, clean text) for a filing, or raise ReportFilingError with every problem found."""
    values = dict(values or {})
    text = (text or "").strip()
    indicators = list(campaign.indicators.order_by("order", "id"))
    known = {i.code for i in indicators}
    errors: dict[str, list[str]] = {}
    unknown = sorted(code for code in values if code not in known)
    if unknown:
        errors[NON_FIELD] = [_("未知的指标:%(codes)s。") % {"codes": "、".join(unknown)}]
    if len(text) > TEXT_MAX_LENGTH:
        errors.setdefault(NON_FIELD, []).append(_("报告内容不能超过 %(max)d 字。") % {"max": TEXT_MAX_LENGTH})
    if is_zero:
        has_values = any(not (v is None or (isinstance(v, str) and not v.strip())) for v in values.values())
        if has_values or text:
            errors.setdefault(NON_FIELD, []).append(
                _("零报告表示今日无情况报告,不能同时填写指标或报告内容。")
            )
        if errors:
            raise ReportFilingError(errors)
        return {}, ""
    clean = {}
    for indicator in indicators:
        value, error = _clean_value(indicator, values.get(indicator.code))
        if error:
            errors[indicator.code] = [error]
        elif value is None:
            if indicator.required:
                errors[indicator.code] = [_("请填写%(name)s。") % {"name": indicator.name}]
        else:
            clean[indicator.code] = value
    if not errors and not clean and not text:
        errors[NON_FIELD] = [_("请填写指标或报告内容;今日无情况请报送零报告。")]
    if errors:
        raise ReportFilingError(errors)
    return clean, text


@transaction.atomic
def daily_report_file(
    *,
    campaign: ReportCampaign,
    unit: Unit,
    user,
    day: datetime.date,
    is_zero: bool,
    values: dict | None = None,
    text: str | None = "",
    now: datetime.datetime | None = None,
) -> DailyReport:
    """File (or correct) ``unit``'s report to ``campaign`` for ``day``; raise ReportFilingError if not allowed."""
    now = now or timezone.now()
    _check_filer(campaign=campaign, unit=unit, user=user, day=day, today=timezone.localdate(now))
    clean_values, clean_text = daily_report_clean(campaign=campaign, is_zero=is_zero, values=values, text=text)
    try:
        with transaction.atomic():
            return DailyReport.objects.create(
                campaign=campaign,
                unit=unit,
                date=day,
                is_zero=is_zero,
                values=clean_values,
                text=clean_text,
                submitted_by=user,
                submitted_at=now,
                is_late=now > campaign.cutoff_at(day),
            )
    except IntegrityError:
        # Already filed (perhaps a moment ago by a concurrent request): this is a correction.
        pass
    report = DailyReport.objects.select_for_update().get(campaign=campaign, unit=unit, date=day)
    if (report.is_zero, report.values, report.text) == (is_zero, clean_values, clean_text):
        return report  # the same filing twice (a double click): nothing to correct
    DailyReportRevision.objects.create(
        report=report,
        is_zero=report.is_zero,
        values=report.values,
        text=report.text,
        submitted_by_id=report.submitted_by_id,
        submitted_at=report.submitted_at,
        replaced_at=now,
    )
    report.is_zero = is_zero
    report.values = clean_values
    report.text = clean_text
    report.submitted_by = user
    report.submitted_at = now
    report.revision_count += 1
    report.save(update_fields=["is_zero", "values", "text", "submitted_by", "submitted_at", "revision_count"])
    return report


@transaction.atomic
def campaign_units_add_branches(*, campaign: ReportCampaign, roots, kinds=()) -> int:
    """Add to ``campaign`` the active units of each root's branch (root included), only of ``kinds`` if given.

    Return how many units were added (units already in the campaign are not counted).
    """
    roots = list(roots)
    if not roots:
        return 0
    branch = Q()
    for root in roots:
        branch |= Q(tree_path__startswith=root.tree_path)
    units = Unit.objects.active().filter(branch)
    if kinds:
        units = units.filter(kind__in=list(kinds))
    present = set(campaign.units.values_list("pk", flat=True))
    new = [pk for pk in units.values_list("pk", flat=True) if pk not in present]
    campaign.units.add(*new)
    return len(new)

"""A daily-report campaign (日报告零报告) as a workbook: units × days, and one day's summary.

Sheet "报送情况": one row per unit (grouping rows for their parents), its
rates and counts, then one colour-coded cell per day with the same states and
marks as the matrix page (✓ 按时, 迟 迟报, 0 零报告, ✗ 缺报, … 待报, grey: no
report owed). Sheet "当日汇总": the figures, missing units, indicator totals
and texts of the last day of the range (today if earlier).
"""
import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from openpyxl import Workbook

from ..models import ReportCampaign, Unit
from ..selectors import reports as report_selectors
from . import styles
from .sheets import TableSheet
from .styles import Column

WEEKDAYS = "一二三四五六日"


def state_marks() -> dict[str, tuple[str, str]]:
    """State → (mark in the cell, label for the legend), as on the matrix page."""
    return {
        report_selectors.ON_TIME: ("✓", _("按时")),
        report_selectors.LATE: ("迟", _("迟报")),
        report_selectors.ZERO: ("0", _("零报告")),
        report_selectors.ZERO_LATE: ("0迟", _("零报告(迟报)")),
        report_selectors.MISSING: ("✗", _("缺报")),
        report_selectors.PENDING: ("…", _("待报")),
        report_selectors.NOT_REQUIRED: ("", _("无需报送")),
    }


def report_matrix_workbook_write(
    campaign: ReportCampaign,
    start: datetime.date,
    end: datetime.date,
    out,
    *,
    branch: Unit | None = None,
    now: datetime.datetime | None = None,
) -> int:
    """Write the campaign's matrix and day summary to ``out``; return the number of unit rows."""
    now = now or timezone.now()
    matrix = report_selectors.campaign_matrix(campaign, start, end, branch, now=now)
    marks = state_marks()
    workbook = Workbook(write_only=True)
    styles.register_styles(workbook)

    fixed = [
        Column(_("单位"), 22, "text", wrap=True),
        Column(_("上报率"), 8, "percent"),
        Column(_("及时率"), 8, "percent"),
        Column(_("应报"), 6, "int"),
        Column(_("已报"), 6, "int"),
        Column(_("迟报"), 6, "int"),
        Column(_("零报告"), 7, "int"),
        Column(_("缺报"), 6, "int"),
    ]
    # 5.5 characters: "11/12" fits on one line above its weekday.
    day_columns = [Column(f"{d.month}/{d.day}\n{WEEKDAYS[d.weekday()]}", 5.5, "center") for d in matrix.days]
    as_of = timezone.localtime(now)
    heading = _("%(name)s报送情况(%(start)s至%(end)s,截至%(as_of)s)") % {
        "name": campaign.name,
        "start": f"{start:%Y-%m-%d}",
        "end": f"{end:%Y-%m-%d}",
        "as_of": f"{as_of:%Y-%m-%d %H:%M}",
    }
    sheet = TableSheet(workbook, _("报送情况"), heading, fixed + day_columns, freeze="I3")
    fixed_styles = ["duban_text", "duban_percent", "duban_percent", "duban_int", "duban_int", "duban_int",
                    "duban_int", "duban_int"]
    group_styles = ["duban_group", "duban_group_percent", "duban_group_percent"] + ["duban_group_int"] * 5
    for row in matrix.rows:
        counts = row.counts
        name = "  " * row.depth + row.name
        values = [name, counts.reporting_rate, counts.timeliness, counts.expected, counts.received,
                  counts.late, counts.zero, counts.missing]
        if row.is_member:
            values += [marks[state][0] for state in row.cells]
            names = fixed_styles + [f"duban_state_{state}" for state in row.cells]
        else:
            values += [None] * len(matrix.days)
            names = group_styles + ["duban_group"] * len(matrix.days)
        sheet.append(values, names)
    totals = matrix.totals
    sheet.append(
        [_("合计"), totals.reporting_rate, totals.timeliness, totals.expected, totals.received,
         totals.late, totals.zero, totals.missing]
        + [f"{c.received}/{c.expected}" if c.expected else None for c in matrix.day_counts],
        ["duban_group"] + fixed_styles[1:] + ["duban_center"] * len(matrix.days),
    )
    legend = "  ".join(f"{mark or '□'} {label}" for mark, label in marks.values())
    sheet.append_note(_("图例:%(legend)s。上报率 = 已报 ÷ 应报;及时率 = 按时报送 ÷ 应报(截止前未报的当日不计入应报)。")
                      % {"legend": legend})
    sheet.close()

    summary_day = min(end, timezone.localdate(now))
    if summary_day < start:
        summary_day = start
    _write_day_summary(workbook, campaign, summary_day, as_of)
    workbook.save(out)
    return len(matrix.rows)


def _write_day_summary(workbook, campaign: ReportCampaign, day: datetime.date, as_of) -> None:
    summary = report_selectors.campaign_day_summary(campaign, day)
    columns = [Column(_("项目"), 18, "text", wrap=True), Column(_("内容"), 70, "text", wrap=True),
               Column(_("数量"), 10, "int")]
    heading = _("%(name)s %(day)s汇总(截至%(as_of)s)") % {
        "name": campaign.name, "day": f"{day:%Y-%m-%d}", "as_of": f"{as_of:%Y-%m-%d %H:%M}"}
    sheet = TableSheet(workbook, _("当日汇总"), heading, columns, landscape=False, filter_rows=False)
    if not summary.is_reporting_day:
        sheet.append_note(_("该日不是报送日。"))
        sheet.close()
        return
    figures = [
        (_("应报单位"), summary.expected),
        (_("已报单位"), summary.received),
        (_("按时报送"), summary.on_time),
        (_("迟报"), summary.late),
        (_("零报告"), summary.zero),
        (_("缺报"), summary.missing),
    ]
    for label, number in figures:
        sheet.append([label, None, number])
    sheet.append([_("上报率"), f"{summary.reporting_rate}%" if summary.reporting_rate is not None else "—", None])
    sheet.append([_("及时率"), f"{summary.timeliness}%" if summary.timeliness is not None else "—", None])
    sheet.append([_("缺报单位"), "、".join(u.name for u in summary.missing_units) or _("无"), summary.missing],
                 ["duban_text", "duban_text_overdue" if summary.missing else "duban_text", "duban_int"])
    for total in summary.indicator_totals:
        label = _("%(name)s合计") % {"name": total.name}
        unit_label = f"({total.unit_label})" if total.unit_label else ""
        sheet.append([label, _("%(count)s个单位填报%(unit)s") % {"count": total.count, "unit": unit_label},
                      float(total.total) if not isinstance(total.total, int) else total.total],
                     ["duban_text", "duban_text", "duban_center"])
    for text in summary.texts:
        label = f"{text.unit}·{text.label}" if text.label else text.unit
        sheet.append([label, text.text, None])
    sheet.close()

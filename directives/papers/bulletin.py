"""督查通报 as a Word document: the written account of a bulletin, for the office to edit and issue.

Built from the same selectors as the bulletin workbook (``bulletin_build``):
the overall figures and rates, the units named for overdue tasks and for
missed and late daily reports, and the ranking (worst first, by the same
order as the workbook's). The closing requirements are a starting text the
office edits before issuing.
"""
import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from docx.shared import Mm

from ..selectors.bulletins import Bulletin, bulletin_build, bulletin_task_totals
from ..selectors.papers import office_name
from . import layout


def _short_day(day: datetime.date) -> str:
    return f"{day.month}月{day.day}日"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _period(start: datetime.date, end: datetime.date) -> str:
    if start.year == end.year:
        return f"{layout.chinese_date(start)}至{end.month}月{end.day}日"
    return f"{layout.chinese_date(start)}至{layout.chinese_date(end)}"


def overview_text(bulletin: Bulletin, totals, period: str) -> str:
    reports = bulletin.report_totals
    overdue_units = sum(1 for u in bulletin.units if u.overdue_count)
    text = _("%(period)s,到期督办事项%(due)s件,按期办结%(on_time)s件,按期办结率%(rate)s;逾期办结%(late)s件,"
             "逾期未办结%(open)s件;本期逾期事项共%(overdue)s件,涉及%(units)s个单位。") % {
        "period": period, "due": totals.due, "on_time": totals.closed_on_time,
        "rate": _percent(totals.on_time_rate), "late": totals.closed_late, "open": totals.open_overdue,
        "overdue": bulletin.overdue_total, "units": overdue_units,
    }
    if reports.expected:
        text += _("日报告应报%(expected)s次,实报%(received)s次,缺报%(missing)s次,迟报%(late)s次,"
                  "上报率%(rate)s,及时率%(timely)s。") % {
            "expected": reports.expected, "received": reports.received, "missing": reports.missing,
            "late": reports.late, "rate": _percent(reports.reporting_rate), "timely": _percent(reports.timeliness),
        }
    if bulletin.acceptance_overdue_total:
        text += _("超时未签收事项%(count)s件。") % {"count": bulletin.acceptance_overdue_total}
    return text + _("现将有关情况通报如下:")


def overdue_paragraphs(bulletin: Bulletin) -> list[str]:
    """One paragraph per unit with overdue tasks: each task by number, title, deadline and days overdue."""
    paragraphs = []
    for index, unit in enumerate((u for u in bulletin.units if u.overdue_count), 1):
        items = []
        for task in sorted(unit.overdue_tasks, key=lambda t: -t["overdue_days"]):
            state = (_("逾期%(days)s天后办结") if task["closed"] else _("已逾期%(days)s天")) % {
                "days": task["overdue_days"]}
            items.append(_("%(number)s“%(title)s”(完成时限%(deadline)s,%(state)s)") % {
                "number": task["tracking_number"], "title": task["title"],
                "deadline": _short_day(task["deadline"]), "state": state})
        paragraphs.append(_("%(index)s. %(unit)s,逾期事项%(count)s件:%(items)s。") % {
            "index": index, "unit": unit.name, "count": unit.overdue_count, "items": ";".join(items)})
    return paragraphs


def acceptance_paragraph(bulletin: Bulletin) -> str:
    """The units that did not accept tasks within the 签收时限, with the tasks' numbers; "" if none."""
    parts = []
    for unit in bulletin.units:
        if unit.acceptance_overdue_count:
            numbers = "、".join(t["tracking_number"] for t in unit.acceptance_overdue_tasks)
            parts.append(_("%(unit)s%(count)s件(%(numbers)s)") % {
                "unit": unit.name, "count": unit.acceptance_overdue_count, "numbers": numbers})
    if not parts:
        return ""
    return _("超时未签收:%(parts)s。") % {"parts": ";".join(parts)}


def report_gap_paragraphs(bulletin: Bulletin) -> list[str]:
    """One paragraph per unit that missed or filed late a daily report, with the days."""
    paragraphs = []
    number = 0
    for unit in bulletin.units:
        parts = []
        for gap in unit.gaps:
            bits = []
            if gap.missing_days:
                bits.append(_("缺报%(count)s次(%(days)s)") % {
                    "count": len(gap.missing_days), "days": "、".join(map(_short_day, gap.missing_days))})
            if gap.late_days:
                bits.append(_("迟报%(count)s次(%(days)s)") % {
                    "count": len(gap.late_days), "days": "、".join(map(_short_day, gap.late_days))})
            if bits:
                parts.append(_("%(campaign)s%(bits)s") % {"campaign": gap.campaign, "bits": ",".join(bits)})
        if parts:
            number += 1
            paragraphs.append(_("%(index)s. %(unit)s:%(parts)s。") % {
                "index": number, "unit": unit.name, "parts": ";".join(parts)})
    return paragraphs


def ranking_headers() -> list[str]:
    return [_("排名"), _("单位"), _("逾期事项(件)"), _("最长逾期(天)"), _("超时未签收(件)"), _("缺报(次)"), _("迟报(次)"),
            _("上报率")]


def ranking_rows(bulletin: Bulletin) -> list[list]:
    return [
        [u.rank, u.name, u.overdue_count, u.longest_overdue or None, u.acceptance_overdue_count, u.missing, u.late,
         _percent(u.reporting_rate) if u.reporting_rate is not None else None]
        for u in bulletin.units
    ]


def bulletin_document_write(start: datetime.date, end: datetime.date, out, *, now=None) -> Bulletin:
    """Write the written 督查通报 for ``start``–``end`` to ``out``; return the bulletin it was built from."""
    now = now or timezone.now()
    bulletin = bulletin_build(start, end, now=now)
    totals = bulletin_task_totals(start, end, now=now)
    office = office_name()
    period = _period(start, bulletin.as_of)
    document = layout.new_document()
    layout.masthead(document, office, _("督查通报"))
    layout.title(document, _("关于%(period)s督办事项落实和日报告报送情况的通报") % {"period": _period(start, end)})
    layout.paragraph(document, _("各乡镇(街道),县直各单位:"))
    layout.body(document, overview_text(bulletin, totals, period))

    layout.heading(document, _("一、逾期事项情况"))
    overdue = overdue_paragraphs(bulletin)
    for text in overdue or [_("本期没有逾期事项。")]:
        layout.body(document, text)
    acceptance = acceptance_paragraph(bulletin)
    if acceptance:
        layout.body(document, acceptance)

    layout.heading(document, _("二、日报告缺报、迟报情况"))
    gaps = report_gap_paragraphs(bulletin)
    for text in gaps or [_("本期各单位均按时报送日报告,没有缺报、迟报。")]:
        layout.body(document, text)

    layout.heading(document, _("三、单位排名"))
    if bulletin.units:
        layout.body(document, _("以下单位按逾期事项数、缺报次数、迟报次数、超时未签收事项数、最长逾期天数依次排序(问题较多的在前):"))
        layout.grid_table(document, ranking_headers(), ranking_rows(bulletin),
                          [Mm(13), Mm(38), Mm(19), Mm(19), Mm(19), Mm(16), Mm(16), Mm(16)])
    else:
        layout.body(document, _("本期各单位均无逾期事项和缺报、迟报。"))

    layout.heading(document, _("四、下步工作要求"))
    for text in (
        _("(一)对逾期未办结事项,相关单位要逐项分析原因,明确整改措施和完成时限,尽快办结。"),
        _("(二)严格执行日报告零报告制度,按时报送,无事也要零报告,杜绝缺报、迟报。"),
        _("(三)督查室将持续跟踪督办,对多次逾期、缺报的单位进行约谈,并纳入年度考核。"),
    ):
        layout.body(document, text)
    layout.signature(document, office, timezone.localdate(now))
    document.save(out)
    return bulletin

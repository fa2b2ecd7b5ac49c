"""The figures behind each chart of the leader's overview, as tables: shown under the chart, downloaded as CSV or .xlsx."""
import csv
import dataclasses
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from ..selectors.overview import Overview
from . import styles
from .sheets import TableSheet
from .styles import Column

CHARTS = ("units", "meetings", "overdue", "reports", "ranking")


@dataclasses.dataclass(frozen=True)
class FigureTable:
    name: str  # one of CHARTS
    title: str
    columns: list[Column]
    rows: list[list]
    note: str = ""


def _unit_name(unit) -> str:
    return unit.short_name or unit.name


def _units(ov: Overview) -> FigureTable:
    return FigureTable(
        "units", _("各单位完成率和按期办结率"),
        [Column(_("单位"), 24, wrap=True), Column(_("事项数"), 9, "int"), Column(_("已销号"), 9, "int"),
         Column(_("按期办结"), 10, "int"), Column(_("逾期办结"), 10, "int"), Column(_("逾期未办结"), 11, "int"),
         Column(_("完成率(%)"), 11, "percent"), Column(_("按期办结率(%)"), 13, "percent")],
        [[_unit_name(u.unit), u.total, u.closed, u.closed_on_time, u.closed_late, u.open_overdue,
          u.completion_rate, u.on_time_rate] for u in ov.units],
        _("完成率=已销号÷事项数;按期办结率=按期办结÷(已销号+逾期未办结)。事项按牵头单位统计,下级单位计入上级。"),
    )


def _meetings(ov: Overview) -> FigureTable:
    return FigureTable(
        "meetings", _("各次会议交办事项进度"),
        [Column(_("会议"), 30, wrap=True), Column(_("会议日期"), 12, "date"), Column(_("事项数"), 9, "int"),
         Column(_("待签收"), 9, "int"), Column(_("办理中"), 9, "int"), Column(_("申请办结"), 10, "int"),
         Column(_("已销号"), 9, "int"), Column(_("逾期未办结"), 11, "int"), Column(_("完成率(%)"), 11, "percent")],
        [[m.meeting.title, m.meeting.held_on, m.total, m.assigned, m.working, m.close_requested, m.closed,
          m.overdue, m.completion_rate] for m in ov.meetings],
        _("“办理中”含已签收。最近%(n)s次有交办事项的会议。") % {"n": len(ov.meetings)},
    )


def _overdue(ov: Overview) -> FigureTable:
    return FigureTable(
        "overdue", _("逾期事项数变化"),
        [Column(_("日期"), 12, "date"), Column(_("逾期未办结事项"), 16, "int")],
        [[d.date, d.count] for d in ov.overdue],
        _("每日日终仍未销号且已过完成时限的事项数(按现行完成时限计)。"),
    )


def _reports(ov: Overview) -> FigureTable:
    rows = []
    for c in ov.campaigns:
        for d in c.days:
            rows.append([c.campaign.name, d.date, d.expected, d.received, d.on_time, d.reporting_rate, d.timeliness])
    return FigureTable(
        "reports", _("日报告上报率和及时率"),
        [Column(_("日报告"), 26, wrap=True), Column(_("日期"), 12, "date"), Column(_("应报"), 8, "int"),
         Column(_("已报"), 8, "int"), Column(_("按时"), 8, "int"), Column(_("上报率(%)"), 11, "percent"),
         Column(_("及时率(%)"), 11, "percent")],
        rows,
        _("上报率=已报÷应报;及时率=截止时间前报送÷应报。当日截止时间前不计当日。"),
    )


def ranking_note() -> str:
    return _(
        "综合得分(满分100)= 按期办结率×50% + 日报及时率×30% + 逾期得分×20%。"
        "逾期得分:没有逾期天数为100,逾期天数最多的单位为0,其余按比例。"
        "某项没有数据(没有到期事项、没有日报告)时不计该项,其余权重按比例放大;"
        "既没有到期事项也没有日报告的单位不参加排名。"
        "得分相同时逾期天数少者在前。逾期天数为未销号逾期事项超过完成时限的天数之和;"
        "日报及时率统计到昨日。"
    )


def _ranking(ov: Overview) -> FigureTable:
    return FigureTable(
        "ranking", _("单位排名"),
        [Column(_("排名"), 6, "int"), Column(_("单位"), 24, wrap=True), Column(_("综合得分"), 10, "percent"),
         Column(_("按期办结率(%)"), 13, "percent"), Column(_("逾期未办结"), 11, "int"), Column(_("逾期天数"), 10, "int"),
         Column(_("日报应报"), 10, "int"), Column(_("日报按时"), 10, "int"), Column(_("日报及时率(%)"), 13, "percent")],
        [[u.rank, _unit_name(u.unit), u.score, u.on_time_rate, u.open_overdue, u.overdue_days, u.reports_owed,
          u.reports_on_time, u.report_timeliness] for u in ov.ranking],
        ranking_note(),
    )


def figure_tables(ov: Overview) -> dict[str, FigureTable]:
    return {t.name: t for t in (_units(ov), _meetings(ov), _overdue(ov), _reports(ov), _ranking(ov))}


def table_csv(table: FigureTable) -> bytes:
    """UTF-8 with a byte-order mark (Excel and WPS open it as Chinese); a formula-like text is quoted as text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.header for c in table.columns])
    for row in table.rows:
        writer.writerow(["" if v is None else ("'" + v if styles.is_formula_like(v) else v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def table_xlsx(table: FigureTable, heading: str) -> bytes:
    workbook = Workbook(write_only=True)
    styles.register_styles(workbook)
    sheet = TableSheet(workbook, table.title[:31], heading, table.columns, landscape=len(table.columns) > 6)
    for row in table.rows:
        sheet.append(row)
    if table.note:
        sheet.append_note(table.note)
    sheet.close()
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

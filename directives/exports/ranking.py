"""考核排名: units' scores for a month or quarter as a workbook, with every task and report behind them.

Sheet "排名": one row per assessed unit, best first: the score and its four parts.
Sheet "事项明细": each task counted, what it counted for (按期/逾期/未到期, days overdue, 签收).
Sheet "日报明细": each unit's daily reports per campaign: owed, on time, late, missing, and the days.
"""
import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from openpyxl import Workbook

from ..selectors.scores import LATE, NOT_DUE, ON_TIME, ScorePeriod, score_board
from . import styles
from .sheets import TableSheet
from .styles import Column


def _days(days: list[datetime.date]) -> str:
    return "、".join(f"{d.month}月{d.day}日" for d in days)


def _state(value: str | None) -> str:
    return {ON_TIME: _("按期"), LATE: _("逾期"), NOT_DUE: _("未到期")}.get(value, "")


def _acceptance(value: str | None) -> str:
    return {ON_TIME: _("按时签收"), LATE: _("超时签收"), NOT_DUE: _("未到签收时限")}.get(value, "")


def ranking_workbook_write(period: ScorePeriod, out, *, now=None) -> int:
    """Write the ranking of ``period`` to ``out``; return the number of units ranked."""
    now = now or timezone.now()
    board = score_board(period, now=now)
    stamp = f"{timezone.localtime(now):%Y-%m-%d %H:%M}"
    weights = board.weights
    workbook = Workbook(write_only=True)
    styles.register_styles(workbook)

    ranking = TableSheet(
        workbook,
        _("排名"),
        _("%(period)s督查考核排名(截至%(stamp)s)") % {"period": period.label, "stamp": stamp},
        [
            Column(_("排名"), 6, "int"),
            Column(_("单位"), 22, "text", wrap=True),
            Column(_("综合得分"), 10, "score"),
            Column(_("到期事项(件)"), 10, "int"),
            Column(_("按期办结(件)"), 10, "int"),
            Column(_("按期办结率"), 10, "percent"),
            Column(_("逾期天数"), 9, "int"),
            Column(_("逾期得分"), 9, "score"),
            Column(_("应签收(件)"), 9, "int"),
            Column(_("按时签收(件)"), 10, "int"),
            Column(_("签收及时率"), 10, "percent"),
            Column(_("应报日报(次)"), 10, "int"),
            Column(_("按时报送(次)"), 10, "int"),
            Column(_("日报及时率"), 10, "percent"),
        ],
    )
    for unit in board.units:
        low = unit.score is not None and unit.score < 60
        ranking.append(
            [unit.rank, unit.name, unit.score, unit.tasks_due or None, unit.tasks_on_time if unit.tasks_due else None,
             unit.on_time_rate, unit.overdue_days, unit.overdue_score, unit.acceptance_assessed or None,
             unit.accepted_in_time if unit.acceptance_assessed else None, unit.acceptance_rate,
             unit.reports_expected or None, unit.reports_on_time if unit.reports_expected else None,
             unit.report_rate],
            ranking.default_styles(overdue=low),
        )
    if not board.units:
        ranking.append_note(_("本期没有可考核的事项和日报告。"))
    ranking.append_note(
        _("综合得分为各项得分的加权平均:按期办结率×%(on_time)s、逾期得分×%(overdue)s、签收及时率×%(acceptance)s、"
          "日报及时率×%(report)s;逾期得分=100-逾期天数×%(deduction)s(最低0分);某项本期无考核内容的不计入,"
          "其权重由其余各项分担。得分低于60分的单位标红。统计至%(as_of)s。")
        % {**weights, "deduction": f"{board.deduction:g}", "as_of": f"{board.as_of:%Y年%-m月%-d日}"}
    )
    ranking.close()

    tasks = TableSheet(
        workbook,
        _("事项明细"),
        _("%(period)s考核事项明细") % {"period": period.label},
        [
            Column(_("单位"), 16, "center", wrap=True),
            Column(_("督办编号"), 15, "center", wrap=True),
            Column(_("工作任务"), 36, "text", wrap=True),
            Column(_("状态"), 9, "center"),
            Column(_("完成时限"), 11.5, "date"),
            Column(_("办结日期"), 11.5, "date"),
            Column(_("按期办结"), 9, "center"),
            Column(_("本期逾期天数"), 9, "int"),
            Column(_("交办日期"), 11.5, "date"),
            Column(_("签收时限"), 11.5, "date"),
            Column(_("签收日期"), 11.5, "date"),
            Column(_("签收"), 11, "center", wrap=True),
        ],
    )
    rows = 0
    for unit in board.units:
        for item in unit.tasks:
            rows += 1
            tasks.append(
                [unit.name, item.tracking_number, item.title, item.status, item.deadline, item.closed_on,
                 _state(item.closure), item.overdue_days, item.assigned_on, item.accept_by, item.accepted_on,
                 _acceptance(item.acceptance)],
                tasks.default_styles(overdue=LATE in (item.closure, item.acceptance) or item.overdue_days > 0),
            )
    if not rows:
        tasks.append_note(_("本期没有计入考核的事项。"))
    tasks.close()

    reports = TableSheet(
        workbook,
        _("日报明细"),
        _("%(period)s考核日报告明细") % {"period": period.label},
        [
            Column(_("单位"), 18, "text", wrap=True),
            Column(_("日报告"), 22, "text", wrap=True),
            Column(_("应报(次)"), 9, "int"),
            Column(_("按时(次)"), 9, "int"),
            Column(_("迟报(次)"), 9, "int"),
            Column(_("缺报(次)"), 9, "int"),
            Column(_("迟报日期"), 28, "text", wrap=True),
            Column(_("缺报日期"), 28, "text", wrap=True),
        ],
    )
    report_rows = 0
    for unit in board.units:
        for item in unit.reports:
            report_rows += 1
            reports.append(
                [unit.name, item.campaign, item.expected, item.on_time, item.late, item.missing,
                 _days(item.late_days), _days(item.missing_days)],
                reports.default_styles(overdue=bool(item.missing)),
            )
    if not report_rows:
        reports.append_note(_("本期没有应报的日报告。"))
    reports.close()
    workbook.save(out)
    return len(board.units)

"""A 通报 (bulletin) as a workbook, ready to circulate: units ranked, overdue tasks, missed and late reports.

Sheet "通报": one row per unit with something to report, worst first.
Sheet "逾期事项": the overdue tasks, by unit in the ranking's order.
Sheet "缺报迟报": each unit's missed and late days per campaign.
"""
import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from openpyxl import Workbook

from ..selectors.bulletins import bulletin_build
from . import styles
from .sheets import TableSheet
from .styles import Column


def _days(days: list[datetime.date]) -> str:
    return "、".join(f"{d.month}月{d.day}日" for d in days)


def bulletin_workbook_write(start: datetime.date, end: datetime.date, out, *, now=None) -> int:
    """Write the bulletin for ``start``–``end`` to ``out``; return the number of ranked units."""
    now = now or timezone.now()
    bulletin = bulletin_build(start, end, now=now)
    as_of = timezone.localtime(now)
    period = _("%(start)s至%(end)s") % {"start": f"{start:%Y年%-m月%-d日}", "end": f"{end:%Y年%-m月%-d日}"}
    stamp = f"{as_of:%Y-%m-%d %H:%M}"
    workbook = Workbook(write_only=True)
    styles.register_styles(workbook)

    ranking = TableSheet(
        workbook,
        _("通报"),
        _("督查通报(%(period)s,截至%(stamp)s)") % {"period": period, "stamp": stamp},
        [
            Column(_("排名"), 6, "int"),
            Column(_("单位"), 24, "text", wrap=True),
            Column(_("逾期事项(件)"), 12, "int"),
            Column(_("最长逾期(天)"), 12, "int"),
            Column(_("应报(次)"), 10, "int"),
            Column(_("缺报(次)"), 10, "int"),
            Column(_("迟报(次)"), 10, "int"),
            Column(_("上报率"), 10, "percent"),
            Column(_("超时未签收(件)"), 12, "int"),
        ],
    )
    for unit in bulletin.units:
        flagged = unit.overdue_count or unit.missing
        names = ranking.default_styles(overdue=bool(flagged))
        ranking.append([unit.rank, unit.name, unit.overdue_count, unit.longest_overdue or None, unit.expected or None,
                        unit.missing, unit.late, unit.reporting_rate, unit.acceptance_overdue_count or None], names)
    if not bulletin.units:
        ranking.append_note(_("本期没有逾期事项,也没有缺报、迟报。"))
    else:
        ranking.append_note(
            _("本期共有逾期事项%(overdue)s件,缺报%(missing)s次,迟报%(late)s次,涉及%(units)s个单位。"
              "排名依次按逾期事项数、缺报次数、迟报次数、最长逾期天数。")
            % {"overdue": bulletin.overdue_total, "missing": bulletin.missing_total, "late": bulletin.late_total,
               "units": len(bulletin.units)}
        )
        if bulletin.acceptance_overdue_total:
            ranking.append_note(
                _("另有%(count)s件交办事项超过签收时限未签收。") % {"count": bulletin.acceptance_overdue_total}
            )
    ranking.close()

    overdue = TableSheet(
        workbook,
        _("逾期事项"),
        _("逾期事项明细(%(period)s)") % {"period": period},
        [
            Column(_("序号"), 6, "int"),
            Column(_("牵头单位"), 14, "center", wrap=True),
            Column(_("督办编号"), 15, "center", wrap=True),
            Column(_("工作任务"), 40, "text", wrap=True),
            Column(_("完成时限"), 11.5, "date"),
            Column(_("状态"), 9, "center"),
            Column(_("逾期天数"), 8, "int"),
            Column(_("最新进展"), 36, "text", wrap=True),
        ],
    )
    number = 0
    for unit in bulletin.units:
        for task in sorted(unit.overdue_tasks, key=lambda t: -t["overdue_days"]):
            number += 1
            overdue.append(
                [number, unit.name, task["tracking_number"], task["title"], task["deadline"], task["status"],
                 task["overdue_days"], task["latest_progress"]],
                overdue.default_styles(overdue=not task["closed"]),
            )
    if not number:
        overdue.append_note(_("本期没有逾期事项。"))
    overdue.close()

    gaps = TableSheet(
        workbook,
        _("缺报迟报"),
        _("日报告缺报、迟报明细(%(period)s)") % {"period": period},
        [
            Column(_("单位"), 20, "text", wrap=True),
            Column(_("日报告"), 24, "text", wrap=True),
            Column(_("缺报(次)"), 9, "int"),
            Column(_("缺报日期"), 40, "text", wrap=True),
            Column(_("迟报(次)"), 9, "int"),
            Column(_("迟报日期"), 30, "text", wrap=True),
        ],
    )
    rows = 0
    for unit in bulletin.units:
        for gap in unit.gaps:
            if not (gap.missing_days or gap.late_days):
                continue
            rows += 1
            gaps.append([unit.name, gap.campaign, len(gap.missing_days), _days(gap.missing_days),
                         len(gap.late_days), _days(gap.late_days)],
                        gaps.default_styles(overdue=bool(gap.missing_days)))
    if not rows:
        gaps.append_note(_("本期没有缺报、迟报。"))
    gaps.close()
    workbook.save(out)
    return len(bulletin.units)

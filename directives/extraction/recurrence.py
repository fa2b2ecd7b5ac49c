"""Recurring duties: ``每日`` -> "daily", ``每周一、周四`` -> "weekly:MO,TH".

A point may state several rhythms (``各乡镇每日16时前报送…,县应急局每周五汇总``);
its own duty is the first one stated, its title included (``执行日报告制度``).
"""
import re

_DAYS = {"一": "MO", "二": "TU", "三": "WE", "四": "TH", "五": "FR", "六": "SA", "日": "SU", "天": "SU"}
_WEEKLY_DAYS = re.compile(r"每(?:周|星期)(?P<days>[一二三四五六日天](?:[、和及至,](?:周|星期)?[一二三四五六日天])*)")
_MONTHLY_DAY = re.compile(r"每个?月(?P<d>\d{1,2})[日号]")
_QUARTERLY = re.compile(r"每季度|每个季度|按季度")
_MONTHLY = re.compile(r"每月|每个月|按月")
_WEEKLY = re.compile(r"每周|每个星期|每星期|按周")
_DAILY = re.compile(r"每日|每天|日报告|每晚|每个工作日|逐日|日报制度")


def _weekly_days(m):
    days = []
    for ch in re.findall(r"[一二三四五六日天]", m.group("days")):
        if _DAYS[ch] not in days:
            days.append(_DAYS[ch])
    return "weekly:" + ",".join(days)


# (pattern, rhythm, rule); the specific forms first.
_RULES = (
    (_WEEKLY_DAYS, "weekly", _weekly_days),
    (_MONTHLY_DAY, "monthly", lambda m: f"monthly:{int(m.group('d'))}"),
    (_QUARTERLY, "quarterly", lambda m: "quarterly"),
    (_MONTHLY, "monthly", lambda m: "monthly"),
    (_WEEKLY, "weekly", lambda m: "weekly"),
    (_DAILY, "daily", lambda m: "daily"),
)


def find_recurrence(a):
    """A short rule for the first rhythm stated in text A, or None.

    The rhythm is the one stated first; a later, more specific statement of
    the same rhythm gives its day (按月通报…每月5日通报 -> "monthly:5").
    """
    found = []
    for rank, (rx, rhythm, rule) in enumerate(_RULES):
        m = rx.search(a)
        if m:
            found.append((m.start(), rank, rhythm, rule(m)))
    if not found:
        return None
    rhythm = min(found)[2]
    return min((rank, r) for _, rank, rh, r in found if rh == rhythm)[1]

"""Recurring duties: ``每日`` -> "daily", ``每周一、周四`` -> "weekly:MO,TH"."""
import re

_DAYS = {"一": "MO", "二": "TU", "三": "WE", "四": "TH", "五": "FR", "六": "SA", "日": "SU", "天": "SU"}
_WEEKLY_DAYS = re.compile(r"每(?:周|星期)(?P<days>[一二三四五六日天](?:[、和及至,](?:周|星期)?[一二三四五六日天])*)")
_MONTHLY_DAY = re.compile(r"每月(?P<d>\d{1,2})[日号]")
_QUARTERLY = re.compile(r"每季度|每个季度|按季度")
_MONTHLY = re.compile(r"每月|每个月|按月")
_WEEKLY = re.compile(r"每周|每个星期|每星期|按周")
_DAILY = re.compile(r"每日|每天|日报告|每晚|每个工作日|逐日|日报制度")


def find_recurrence(a):
    """A short rule for the first recurrence stated in text A, or None."""
    m = _WEEKLY_DAYS.search(a)
    if m:
        days = []
        for ch in re.findall(r"[一二三四五六日天]", m.group("days")):
            if _DAYS[ch] not in days:
                days.append(_DAYS[ch])
        return "weekly:" + ",".join(days)
    m = _MONTHLY_DAY.search(a)
    if m:
        return f"monthly:{int(m.group('d'))}"
    for rx, rule in ((_QUARTERLY, "quarterly"), (_MONTHLY, "monthly"), (_WEEKLY, "weekly"), (_DAILY, "daily")):
        if rx.search(a):
            return rule
    return None

"""Recurrence rules of directives (``daily``, ``weekly:MO,TH``, ``monthly:5``, ``quarterly``) in words."""
from django.utils.translation import gettext as _

WEEKDAYS = {"MO": "一", "TU": "二", "WE": "三", "TH": "四", "FR": "五", "SA": "六", "SU": "日"}


def recurrence_in_words(rule: str | None) -> str:
    """Return the rule as an office would say it (每日, 每周一、周四, 每月5日); the rule itself if unknown."""
    if not rule:
        return ""
    kind, _sep, detail = rule.partition(":")
    if kind == "daily":
        return _("每日")
    if kind == "weekly":
        days = [WEEKDAYS.get(code.strip().upper()) for code in detail.split(",") if code.strip()]
        if days and all(days):
            return _("每周") + "、".join(_("周") + day if index else day for index, day in enumerate(days))
        return _("每周")
    if kind == "monthly":
        return _("每月%(day)s日") % {"day": detail} if detail.isdigit() else _("每月")
    if kind == "quarterly":
        return _("每季度")
    if kind == "yearly":
        return _("每年")
    return rule

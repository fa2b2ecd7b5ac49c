"""Recurrence rules of directives (``daily``, ``weekly:MO,TH``, ``monthly:5``, ``quarterly``) in words."""
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

WEEKDAYS = {"MO": gettext_lazy("周一"), "TU": gettext_lazy("周二"), "WE": gettext_lazy("周三"), "TH": gettext_lazy("周四"),
            "FR": gettext_lazy("周五"), "SA": gettext_lazy("周六"), "SU": gettext_lazy("周日")}


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
            # 每 + 周一、周四 → "每周一、周四"; in English "Every Mon, Thu".
            return _("每%(days)s") % {"days": _("、").join(str(day) for day in days)}
        return _("每周")
    if kind == "monthly":
        return _("每月%(day)s日") % {"day": detail} if detail.isdigit() else _("每月")
    if kind == "quarterly":
        return _("每季度")
    if kind == "yearly":
        return _("每年")
    return rule

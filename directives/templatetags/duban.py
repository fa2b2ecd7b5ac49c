from django import template

from ..recurrence import recurrence_in_words

register = template.Library()


@register.filter
def recurrence_label(rule):
    """``weekly:MO,TH`` → ``每周一、周四``."""
    return recurrence_in_words(rule)


@register.filter
def whole_minutes(duration):
    """A ``timedelta`` as a whole number of minutes, rounded up (0:14:10 → 15)."""
    if duration is None:
        return ""
    return max(1, -(-int(duration.total_seconds()) // 60))

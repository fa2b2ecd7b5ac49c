from django import template

from ..recurrence import recurrence_in_words

register = template.Library()


@register.filter
def recurrence_label(rule):
    """``weekly:MO,TH`` → ``每周一、周四``."""
    return recurrence_in_words(rule)

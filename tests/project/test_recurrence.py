import pytest

from directives.recurrence import recurrence_in_words


@pytest.mark.parametrize(
    "rule, words",
    [
        ("daily", "每日"),
        ("weekly:MO,TH", "每周一、周四"),
        ("weekly:FR", "每周五"),
        ("monthly:5", "每月5日"),
        ("quarterly", "每季度"),
        ("", ""),
        (None, ""),
        ("every-blue-moon", "every-blue-moon"),
    ],
)
def test_recurrence_in_words(rule, words):
    assert recurrence_in_words(rule) == words

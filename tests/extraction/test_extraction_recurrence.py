"""Recurrence: the rhythm of the point's own duty."""
import pytest

from directives.extraction.recurrence import find_recurrence


@pytest.mark.parametrize("text, rule", [
    ("各村每天18时前报送巡查情况。", "daily"),
    ("每周二、周五开展联合巡查。", "weekly:TU,FR"),
    ("每月10日前报送进度。", "monthly:10"),
    ("每季度召开一次分析会。", "quarterly"),
    # several rhythms: the first duty stated is the point's own
    ("严格执行日报告制度,各乡镇每日12时前报送,县应急局要每周一汇总通报。", "daily"),
    ("每月5日前报送台账,县督查室每季度通报一次。", "monthly:5"),
    ("县住建局每周三组织一次夜查,发现问题每日跟踪销号。", "weekly:WE"),
    ("要落实日报制度。", "daily"),
    # a later, more specific statement of the same rhythm gives its day
    ("坚持按月调度,县发改局每月8日通报进展。", "monthly:8"),
])
def test_recurrence_is_the_first_duty_stated(text, rule):
    assert find_recurrence(text) == rule


def test_no_recurrence():
    assert find_recurrence("县交通局要在10月底前完成整治。") is None

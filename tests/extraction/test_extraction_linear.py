"""Extraction stays linear in its input: a hostile speech of many numbered lines, each with a limit.

Before the fix ``find_deadlines`` looked back for punctuation with ``str.rfind``
once per limit (100,000 lines took 98 s, 200,000 over 240 s) and joining
wrapped lines copied the growing line at every join. The figures are
measured by ``bench/bench_extraction.py --lines``; the bounds here are
generous, to catch a return of quadratic time, not to time the machine.
"""
import datetime
import time

import pytest

from directives.extraction import extract_text
from directives.extraction.cleaning import clean_text
from directives.extraction.deadlines import find_deadlines

MEETING = datetime.date(2026, 9, 1)


def numbered_lines(n, template="{i}. 各乡镇要在10月底前完成第{i}批隐患排查整改\n"):
    return "".join(template.format(i=i) for i in range(1, n + 1))


def cpu_seconds(function, *args, **kwargs):
    start = time.process_time()
    result = function(*args, **kwargs)
    return result, time.process_time() - start


def test_limits_without_punctuation_are_found_in_one_pass():
    # given 50,000 limits in one text with no clause punctuation at all
    text = "各乡镇要在10月底前完成排查" * 50_000
    # when the limits are found
    found, seconds = cpu_seconds(find_deadlines, text, MEETING)
    # then every one resolves to 31 October, in about a second (quadratic: minutes)
    assert len(found) == 50_000
    assert {date for _s, _e, date in found} == {datetime.date(2026, 10, 31)}
    assert seconds < 20


def test_a_forecast_far_back_in_an_unpunctuated_run_does_not_void_a_limit():
    # given a forecast word more than a clause's reach before a limit, with no punctuation between
    text = "预计" + "各乡镇要统筹推进排查整改工作" * 40 + "在10月底前完成"
    # then the limit stands (what decides is near it); one right before it still voids it
    assert [d for _s, _e, d in find_deadlines(text, MEETING)] == [datetime.date(2026, 10, 31)]
    assert find_deadlines("工作量大预计10月底前完成", MEETING) == []


def test_joining_many_wrapped_lines_is_linear():
    # given 100,000 lines of one width that do not start a point (so they are joined as wrapped text)
    text = numbered_lines(100_000, "{i:06d}各乡镇要在10月底前完成隐患排查整改\n")
    # when cleaned
    cleaned, seconds = cpu_seconds(clean_text, text)
    # then the lines are joined into one paragraph, every character kept
    assert cleaned.count("10月底前") == 100_000
    assert seconds < 30


@pytest.mark.slow
def test_200000_numbered_lines_each_with_a_limit_extract_in_seconds():
    # given the hostile speech of the issue: 200,000 numbered lines, each with a deadline
    text = numbered_lines(200_000)
    # when extracted
    document, seconds = cpu_seconds(extract_text, text, meeting_date=MEETING)
    # then each point (1. to 99.; 100. on is no enumerator, so the rest stay in point 99) has its limit
    # resolved, no line is lost, and it took seconds (measured: 7-16 s of CPU; before: over 240 s)
    points = [p for s in document.speeches for p in s.directives]
    assert len(points) == 99
    assert {d.date for p in points for d in p.deadlines} == {datetime.date(2026, 10, 31)}
    assert all(p.deadlines for p in points)
    assert "第200000批" in points[-1].text
    assert seconds < 90

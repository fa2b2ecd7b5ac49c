"""交办 needs a 完成时限 or the 长期 choice per point; refusals name their rows; 新增要点 finds its place."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from directives.models import Directive, Task
from directives.services.directives import directive_add, directives_assign
from directives.services.workflow import tasks_refresh_lights


def test_assign_refuses_a_point_with_neither_deadline_nor_long_term_and_says_which(points, office_user, directory):
    undated = points["三"]
    Directive.objects.filter(pk=undated.pk).update(lead_unit=directory["health"], deadline=None)
    with pytest.raises(ValidationError) as caught:
        directives_assign(directives=[points["(一)"], undated], created_by=office_user)
    assert set(caught.value.message_dict) == {str(undated.pk)}
    assert "没有完成时限" in caught.value.message_dict[str(undated.pk)][0]
    assert not Task.objects.exists()


def test_long_term_points_make_tasks_with_no_date_and_no_green_light(points, office_user, directory):
    undated = points["三"]
    Directive.objects.filter(pk=undated.pk).update(lead_unit=directory["health"], deadline=None)
    (task,) = directives_assign(directives=[undated], created_by=office_user, open_ended={undated.pk})
    task.refresh_from_db()
    assert (task.deadline, task.open_ended, task.light, task.is_overdue) == (None, True, "none", False)
    tasks_refresh_lights(day=datetime.date(2027, 6, 1))
    task.refresh_from_db()
    assert (task.light, task.is_overdue) == ("none", False)
    undated.refresh_from_db()
    assert undated.open_ended and undated.review_status == Directive.Review.ASSIGNED


def test_a_date_settled_in_review_goes_to_the_tasks_and_stays_on_the_point(points, office_user):
    point = points["(一)"]
    (task,) = directives_assign(
        directives=[point], created_by=office_user, deadlines={point.pk: datetime.date(2026, 12, 31)}, open_ended={point.pk}
    )
    point.refresh_from_db()
    assert task.deadline == point.deadline == datetime.date(2026, 12, 31)
    assert not task.open_ended and not point.open_ended  # a date wins over 长期


def _offsets(speech, words):
    start = speech.text.index(words)
    return start, start + len(words)


def test_a_numbered_missed_point_joins_its_siblings_and_cuts_the_one_it_was_read_into(speech, points):
    # given (三) was read into (二)
    second, third = points["(二)"], points["(三)"]
    Directive.objects.filter(pk=second.pk).update(text=speech.text[second.start_offset:third.end_offset], end_offset=third.end_offset)
    start, end = third.start_offset, third.end_offset
    third.delete()
    # when
    added = directive_add(speech=speech, start=start, end=end)
    # then
    numbers = list(speech.directives.order_by("position").values_list("number", flat=True))
    assert numbers.index("(三)") == numbers.index("(二)") + 1
    assert (added.parent_id, added.level, added.number) == (second.parent_id, second.level, "(三)")
    assert added.deadline == datetime.date(2026, 11, 12) and added.extracted_units
    second.refresh_from_db()
    assert second.end_offset <= start and "(三)" not in second.text


def test_an_unnumbered_passage_inside_a_point_becomes_its_sub_point(speech, points):
    host = points["(一)"]
    start, end = _offsets(speech, "县交通局牵头,县公安局配合,12月15日前完成全县危桥和临水临崖路段排查整治。")
    added = directive_add(speech=speech, start=start, end=end)
    assert (added.parent_id, added.level) == (host.pk, host.level + 1)
    assert added.lead_unit.short_name == "县交通局" and added.deadline == datetime.date(2026, 12, 15)
    assert host.text == Directive.objects.get(pk=host.pk).text  # the host keeps its words


@pytest.mark.parametrize("start, end, message", [(5, 5, "选中"), (-1, 3, "选中"), (0, 2, "太短")])
def test_adding_from_a_bad_selection_says_why(speech, start, end, message):
    count = speech.directives.count()
    with pytest.raises(ValidationError, match=message):
        directive_add(speech=speech, start=start, end=end)
    assert speech.directives.count() == count

"""Review of a speech's points (correct, drop, merge, split) and assignment (交办) with fan-out."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from directives.models import Directive, Speech, Task, TaskEvent
from directives.services.directives import (
    directive_drop,
    directive_groups,
    directive_restore,
    directive_split,
    directive_update,
    directives_assign,
    directives_merge,
)
from directives.services.speeches import speech_import


@pytest.fixture
def speech(meeting, office_user, directory, speech_text):
    return speech_import(meeting=meeting, text=speech_text, imported_by=office_user).speeches[0]


@pytest.fixture
def points(speech):
    return {d.number: d for d in speech.directives.all()}


def test_directives_assign_turns_points_into_tasks_with_numbers_units_and_deadlines(
    speech, points, office_user, directory
):
    # when
    tasks = directives_assign(
        directives=[points["(一)"], points["(二)"]],
        created_by=office_user,
        responsible_persons={points["(一)"].pk: "赵刚"},
    )
    # then
    first, second = tasks
    assert [t.tracking_number for t in tasks] == [f"督〔{first.tracking_year}〕1号", f"督〔{first.tracking_year}〕2号"]
    assert first.title == "抓好道路交通安全"
    assert first.lead_unit == directory["transport"]
    assert first.deadline == datetime.date(2026, 12, 15)
    assert first.responsible_person == "赵刚"
    assert first.meeting == speech.meeting and first.directive == points["(一)"]
    assert "危桥" in first.description
    assert second.lead_unit == directory["health"] and second.deadline == datetime.date(2026, 11, 30)
    assert TaskEvent.objects.filter(task__in=tasks, kind=TaskEvent.Kind.CREATED).count() == 2
    assert Directive.objects.get(pk=points["(一)"].pk).review_status == Directive.Review.ASSIGNED
    assert Speech.objects.get(pk=speech.pk).status == Speech.Status.ASSIGNED


def test_directives_assign_never_assigns_a_point_twice(points, office_user):
    # given
    directives_assign(directives=[points["(二)"]], created_by=office_user)
    # when
    with pytest.raises(ValidationError) as caught:
        directives_assign(directives=[points["(二)"], points["(一)"]], created_by=office_user)
    # then nothing at all was created by the second call
    assert "已经交办过" in " ".join(caught.value.messages)
    assert Task.objects.count() == 1


def test_directives_assign_fans_a_group_out_to_one_task_per_unit(points, office_user, townships, directory):
    # given the point addressed to 各乡镇(街道)
    point = points["(三)"]
    assert directive_groups(point) == ["townships"]
    # when
    tasks = directives_assign(directives=[point], created_by=office_user, fan_out={point.pk: "townships"})
    # then one task per township and street, each leading its own, the named unit helping
    assert sorted(t.lead_unit.name for t in tasks) == sorted(u.name for u in townships)
    for task in tasks:
        assert list(task.cooperating_units.all()) == [directory["emergency"]]
        assert task.deadline == datetime.date(2026, 11, 12)
    assert len({t.tracking_number for t in tasks}) == 3


def test_directives_assign_fan_out_to_villages_stays_in_the_organisers_branch(
    points, office_user, townships, villages, meeting
):
    # given a meeting held by 河口镇: its 各村 are its own villages
    river = townships[1]
    meeting.organizer = river
    meeting.save()
    point = points["(三)"]
    # when
    tasks = directives_assign(directives=[point], created_by=office_user, fan_out={point.pk: "villages"})
    # then
    assert sorted(t.lead_unit.pk for t in tasks) == sorted(v.pk for v in villages if v.parent_id == river.pk)


@pytest.mark.parametrize(
    "number,prepare,message",
    [
        ("一", None, "没有牵头单位"),
        ("(一)", "drop", "已舍弃"),
        ("(一)", "context", "情况描述"),
    ],
)
def test_directives_assign_refuses_points_it_cannot_assign(points, office_user, number, prepare, message):
    point = points[number]
    if prepare == "drop":
        directive_drop(directive=point)
    elif prepare == "context":
        directive_update(directive=point, kind=Directive.Kind.CONTEXT)
    with pytest.raises(ValidationError) as caught:
        directives_assign(directives=[point], created_by=office_user)
    assert message in " ".join(caught.value.messages)
    assert not Task.objects.exists()


def test_directives_assign_with_an_empty_group_explains_why(points, office_user):
    point = points["(三)"]
    with pytest.raises(ValidationError, match="没有属于"):
        directives_assign(directives=[point], created_by=office_user, fan_out={point.pk: "communities"})


def test_directive_update_corrects_fields_and_units(points, directory):
    point = points["一"]
    directive_update(
        directive=point,
        heading="提高认识",
        deadline=datetime.date(2026, 12, 1),
        lead_unit=directory["health"],
        cooperating_units=[directory["transport"], directory["health"]],
    )
    point.refresh_from_db()
    assert point.heading == "提高认识" and point.deadline == datetime.date(2026, 12, 1)
    assert point.lead_unit == directory["health"]
    assert list(point.cooperating_units.all()) == [directory["transport"]]


def test_directive_update_refused_once_assigned(points, office_user):
    directives_assign(directives=[points["(二)"]], created_by=office_user)
    with pytest.raises(ValidationError, match="已交办"):
        directive_update(directive=points["(二)"], heading="改个标题")


def test_directive_drop_and_restore(points):
    point = directive_drop(directive=points["(一)"])
    assert point.review_status == Directive.Review.DROPPED
    assert directive_restore(directive=point).review_status == Directive.Review.PROPOSED


def test_directives_merge_joins_two_adjacent_points(speech, points, directory):
    # when
    merged = directives_merge(first=points["(一)"], second=points["(二)"])
    # then
    assert merged.heading == "抓好道路交通安全"
    assert "危桥" in merged.text and "医疗机构" in merged.text
    assert speech.text[merged.start_offset:merged.end_offset] == merged.text
    assert merged.deadline == datetime.date(2026, 11, 30)
    assert [d["text"] for d in merged.extracted_deadlines] == ["12月15日前", "11月底前"]
    assert merged.lead_unit == directory["transport"]
    assert directory["health"] in merged.cooperating_units.all()
    assert not Directive.objects.filter(pk=points["(二)"].pk).exists()


@pytest.mark.parametrize("pair", [("(一)", "(三)"), ("一", "(一)"), ("(一)", "(一)")])
def test_directives_merge_refuses_points_that_are_not_adjacent_siblings(points, pair):
    with pytest.raises(ValidationError, match="相邻"):
        directives_merge(first=points[pair[0]], second=points[pair[1]])
    assert Directive.objects.count() == 6


def test_directive_split_at_words_makes_a_following_point(speech, points, directory):
    # given
    point = points["(三)"]
    # when
    first, second = directive_split(directive=point, at="县应急管理局负责督导")
    # then
    assert first.text.endswith("入户宣传,")
    assert second.text == "县应急管理局负责督导。"
    assert second.position == first.position + 1 and second.parent_id == first.parent_id
    assert second.lead_unit == directory["emergency"]
    assert first.extracted_units == ["各乡镇(街道)"]
    assert first.deadline == datetime.date(2026, 11, 12) and second.deadline is None
    assert speech.text[second.start_offset:second.end_offset] == second.text
    # the next point moved one down
    assert Directive.objects.get(pk=points["三"].pk).position == second.position + 1


@pytest.mark.parametrize("at", [0, 10_000, "不存在的字"])
def test_directive_split_refuses_a_bad_place(points, at):
    with pytest.raises(ValidationError):
        directive_split(directive=points["(三)"], at=at)
    assert Directive.objects.count() == 6

"""The whole path, through the screens people use: upload a speech in admin, review it, assign
points, then the unit accepts, reports and asks to close in the workspace, and the office closes."""
import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directives.models import Directive, ProgressReport, Speech, Task, TaskEvent


def _docx(text):
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_whole_path_from_speech_upload_to_closed_task(
    client, office_client, office_user, clerk_a, clerk_b, meeting, directory, townships, speech_text, django_user_model
):
    # given the office uploads a speech (.docx) with its meeting
    response = office_client.post(
        reverse("admin:directives_speech_import"),
        {"meeting": meeting.pk, "source_file": SimpleUploadedFile("讲话.docx", _docx(speech_text))},
    )
    speech = Speech.objects.get()
    review_url = reverse("admin:directives_speech_review", args=[speech.pk])
    assert response.status_code == 302 and response["Location"].startswith(review_url)

    # when they review: every point listed, the unknown unit flagged, the source highlighted
    points = {d.number: d for d in speech.directives.all()}
    page = office_client.get(review_url, {"focus": points["(二)"].pk})
    html = page.content.decode()
    assert page.status_code == 200
    for point in points.values():
        assert point.heading in html
    assert "县公安局" in html and "unknown" in html
    assert '<mark id="source-%d">(二)抓好医疗机构消防安全' % points["(二)"].pk in html

    # and correct the heading of (二), then assign (一) and (二), and fan (三) out to the townships
    response = office_client.post(
        reverse("admin:directives_speech_directive_edit", args=[speech.pk, points["(二)"].pk]),
        {"number": "(二)", "kind": "directive", "heading": "抓好医院消防安全", "text": points["(二)"].text,
         "deadline": "2026-11-30", "lead_unit": directory["health"].pk},
    )
    assert response.status_code == 302
    response = office_client.post(
        review_url,
        {
            "op": "assign",
            "selected": [points["(一)"].pk, points["(二)"].pk, points["(三)"].pk],
            f"fan_out_{points['(三)'].pk}": "townships",
            f"person_{points['(二)'].pk}": "李敏",
        },
        follow=True,
    )
    assert any("生成5项交办事项" in m for m in _messages(response))
    task = Task.objects.get(directive=points["(二)"])
    assert (task.title, task.lead_unit, task.responsible_person) == ("抓好医院消防安全", directory["health"], "李敏")

    # then assigning again changes nothing
    response = office_client.post(review_url, {"op": "assign", "selected": [points["(二)"].pk]}, follow=True)
    assert any("已经交办过" in m for m in _messages(response))
    assert Task.objects.count() == 5

    # the clerk of 县卫健委 accepts, reports with an attachment, and asks to close
    client.force_login(clerk_a)
    detail = reverse("workspace:task_detail", args=[task.pk])
    assert client.get(reverse("workspace:task_list")).status_code == 200
    assert client.post(reverse("workspace:task_accept", args=[task.pk])).status_code == 302
    response = client.post(
        reverse("workspace:task_progress", args=[task.pk]),
        {"text": "已检查12家医疗机构", "attachment": SimpleUploadedFile("检查表.xlsx", b"PK\x03\x04sheet")},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("workspace:task_request_close", args=[task.pk]),
        {"text": "检查全部完成,问题已整改", "attachment": SimpleUploadedFile("整改报告.pdf", b"%PDF-1.7 report")},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == Task.Status.CLOSE_REQUESTED

    # a second unit's clerk cannot see or touch it at any step
    client.force_login(clerk_b)
    assert client.get(detail).status_code == 404
    assert client.post(reverse("workspace:task_close", args=[task.pk]), {"reason": "x"}).status_code == 404

    # the office sends it back once, then closes it
    client.force_login(office_user)
    assert client.post(reverse("workspace:task_return", args=[task.pk]), {"reason": "缺少整改照片"}).status_code == 302
    client.force_login(clerk_a)
    client.post(reverse("workspace:task_request_close", args=[task.pk]), {"text": "已补充整改照片"})
    client.force_login(office_user)
    assert client.post(reverse("workspace:task_close", args=[task.pk]), {"reason": "核实完成"}).status_code == 302
    task.refresh_from_db()
    assert task.status == Task.Status.CLOSED and task.closed_on_time is not None

    # every move is on the task's page, with who did it
    page = client.get(detail).content.decode()
    for words in ("签收", "申请办结", "退回", "缺少整改照片", "销号", "核实完成", "clerk_a", "office", "已检查12家医疗机构"):
        assert words in page
    statuses = list(TaskEvent.objects.filter(task=task, kind="status").values_list("to_status", flat=True))
    assert statuses == ["accepted", "in_progress", "close_requested", "in_progress", "close_requested", "closed"]
    assert ProgressReport.objects.filter(task=task, is_completion_evidence=True).count() == 2
    assert Directive.objects.get(pk=points["(二)"].pk).review_status == Directive.Review.ASSIGNED


def test_admin_review_merge_split_and_drop(office_client, meeting, directory, office_user, speech_text):
    # given
    office_client.post(reverse("admin:directives_speech_import"), {"meeting": meeting.pk, "text": speech_text})
    speech = Speech.objects.get()
    points = {d.number: d for d in speech.directives.all()}
    review_url = reverse("admin:directives_speech_review", args=[speech.pk])
    # when: merge (一) into the next, split (三), drop 一
    office_client.post(review_url, {"op": f"merge:{points['(一)'].pk}"})
    response = office_client.post(
        reverse("admin:directives_speech_directive_split", args=[speech.pk, points["(三)"].pk]),
        {"at": "县应急管理局负责督导"},
    )
    assert response.status_code == 302
    office_client.post(review_url, {"op": f"drop:{points['一'].pk}"})
    # then
    assert not Directive.objects.filter(pk=points["(二)"].pk).exists()
    assert speech.directives.count() == 6
    assert Directive.objects.get(pk=points["一"].pk).review_status == Directive.Review.DROPPED
    assert speech.directives.filter(heading="县应急管理局负责督导").exists()
    # and merging a point with no following sibling is refused with a message
    response = office_client.post(review_url, {"op": f"merge:{points['三'].pk}"}, follow=True)
    assert any("没有可以合并" in m for m in _messages(response))


def test_admin_import_pasted_twice_says_so(office_client, meeting, directory, speech_text):
    url = reverse("admin:directives_speech_import")
    office_client.post(url, {"meeting": meeting.pk, "text": speech_text})
    response = office_client.post(url, {"meeting": meeting.pk, "text": speech_text}, follow=True)
    assert any("未重复导入" in m for m in _messages(response))
    assert Speech.objects.count() == 1


def test_admin_import_bad_file_keeps_the_form_with_a_message(office_client, meeting):
    response = office_client.post(
        reverse("admin:directives_speech_import"),
        {"meeting": meeting.pk, "source_file": SimpleUploadedFile("讲话.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old")},
    )
    assert response.status_code == 200
    assert "不支持" in response.content.decode()
    assert not Speech.objects.exists()


def test_admin_speech_screens_refused_to_clerks(client, clerk_a, meeting):
    clerk_a.is_staff = True
    clerk_a.save()
    client.force_login(clerk_a)
    # the admin is the office's: staff status alone sends a clerk to its login page
    response = client.get(reverse("admin:directives_speech_import"))
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))

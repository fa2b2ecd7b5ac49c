"""Small admin details of issue 13, each checked where it showed (ISO date fields, index order, English labels, local times)."""
import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from directives.forms.speeches import DirectiveReviewForm
from directives.models import Directive, TaskEvent
from directives.services.speeches import speech_import
from directives.services.workflow import task_accept, task_report_progress, task_request_close, task_return
from tests.factories import make_task

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def site_language_afterwards():
    yield
    translation.deactivate()


def test_date_fields_are_given_their_value_in_iso_form_whatever_the_language():
    form = DirectiveReviewForm(initial={"deadline": datetime.date(2027, 10, 31)})
    for language in ("zh-hans", "en"):
        with translation.override(language):
            html = str(form["deadline"])
        assert 'type="date"' in html and 'value="2027-10-31"' in html


def test_admin_index_puts_the_office_first_with_the_speech_import(office_client):
    html = office_client.get(reverse("admin:index")).content.decode()
    import_link = reverse("admin:directives_speech_import")
    assert f'href="{import_link}"' in html
    office_app = html.index("app-directives")
    assert office_app < html.index("app-auth")
    if "app-django_celery_beat" in html:
        assert html.index("app-django_celery_beat") > html.index("app-auth")
    assert html.index(import_link) < html.index(reverse("admin:directives_task_changelist"))


def test_retry_action_is_english_for_an_english_reader(rf, office_user):
    # the label was translated once, at import, in the site's language
    from django.contrib import admin

    from directives.models import NotificationDelivery

    model_admin = admin.site._registry[NotificationDelivery]
    request = rf.get("/")
    request.user = office_user
    office_user.is_superuser = True
    with translation.override("en"):
        labels = {name: str(label) for name, label in model_admin.get_action_choices(request)}
    assert labels["retry_failed"] == "Resend the selected failed deliveries"


def test_admin_task_history_is_in_local_time(office_client, unit_a):
    task = make_task(lead_unit=unit_a, deadline=datetime.date(2026, 12, 1))
    TaskEvent.objects.filter(task=task).update(at=datetime.datetime(2026, 11, 2, 7, 16, tzinfo=datetime.timezone.utc))
    html = office_client.get(reverse("admin:directives_task_change", args=[task.pk])).content.decode()
    assert "2026-11-02 15:16" in html and "07:16" not in html


def test_a_return_is_called_so_and_found_as_the_reason_to_rework(unit_a, clerk_a, office_user):
    task = make_task(lead_unit=unit_a, deadline=datetime.date(2026, 12, 1))
    task_accept(task=task, actor=clerk_a)
    task_request_close(task=task, unit=unit_a, actor=clerk_a, text="完成")
    task_return(task=task, actor=office_user, reason="缺少照片")
    task.refresh_from_db()
    returned = task.last_return()
    assert (returned.label, returned.reason) == ("退回", "缺少照片")
    task_report_progress(task=task, unit=unit_a, author=clerk_a, text="已补充")
    task_request_close(task=task, unit=unit_a, actor=clerk_a, text="再次申请")
    task.refresh_from_db()
    assert task.last_return() is None


def test_unknown_units_count_reads_as_english_in_the_singular(office_client, meeting, office_user, directory, speech_text):
    speech = speech_import(meeting=meeting, text=speech_text, imported_by=office_user).speeches[0]
    Directive.objects.filter(speech=speech).update(unknown_unit_names=[])
    Directive.objects.filter(speech=speech, number="(一)").update(unknown_unit_names=["县公安局"])
    html = office_client.get(reverse("admin:directives_speech_review", args=[speech.pk]), **EN).content.decode()
    assert "1 point names units that are not in the unit directory" in html


def test_links_in_emails_follow_the_port_the_app_runs_on(tmp_path):
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DUBAN_SITE_URL", "PORT"))}
    env.update(DUBAN_VAR_DIR=str(tmp_path), PORT="8080")
    code = (
        "from directives.services.notifications.channels import absolute_link;"
        "print(absolute_link('/workspace/tasks/7/'))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=settings.BASE_DIR, env=env,
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "http://127.0.0.1:8080/workspace/tasks/7/"


def test_every_date_field_of_the_app_gives_its_value_in_iso_form():
    from directives.forms.exports import DateRangeForm
    from directives.forms.reports import MatrixFilterForm
    from directives.forms.tasks import DeadlineForm

    day = datetime.date(2026, 11, 30)
    with translation.override("zh-hans"):
        rendered = [
            str(DateRangeForm(initial={"start": day})["start"]),
            MatrixFilterForm.base_fields["end"].widget.render("end", day),
            str(DeadlineForm(initial={"deadline": day})["deadline"]),
        ]
    for html in rendered:
        assert 'value="2026-11-30"' in html, html


def _task_add_data(unit, **values):
    data = {
        "title": "落实县长关于冬季供暖的批示", "description": "", "lead_unit": unit.pk, "responsible_person": "",
        "deadline": "", "remarks": "", "change_reason": "", "source_kind": "instruction", "source_reference": "",
        "source_person": "", "source_date": "",
    }
    for prefix in ("subtasks", "progress_reports", "events"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(values)
    return data


def test_a_task_made_in_admin_needs_a_deadline_or_the_long_term_choice(office_client, unit_a):
    from directives.models import Task

    response = office_client.post(reverse("admin:directives_task_add"), _task_add_data(unit_a))
    assert response.status_code == 200 and "请填写完成时限,或勾选“长期/无固定时限”" in response.content.decode()
    assert not Task.objects.exists()
    response = office_client.post(reverse("admin:directives_task_add"), _task_add_data(unit_a, open_ended="on"))
    assert response.status_code == 302
    task = Task.objects.get()
    assert (task.deadline, task.open_ended, task.light) == (None, True, "none")


def test_setting_a_date_on_a_long_term_task_ends_its_long_term_choice(unit_a, office_user):
    from directives.services.workflow import task_change_deadline

    task = make_task(lead_unit=unit_a)
    type(task).objects.filter(pk=task.pk).update(open_ended=True)
    task_change_deadline(task=task, actor=office_user, deadline=datetime.date(2027, 3, 1), reason="会议确定时限")
    task.refresh_from_db()
    assert (task.deadline, task.open_ended) == (datetime.date(2027, 3, 1), False)
    assert task.light != "none"

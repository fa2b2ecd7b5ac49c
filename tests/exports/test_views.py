"""Downloads from the workspace and the admin: the rows the list shows, to whom, at once or as a job."""
import pytest
from django.urls import reverse

from directives import tasks as celery_tasks
from directives.models import ExportJob, Task
from tests import factories


def numbers_in(response, read_xlsx):
    assert response.status_code == 200, response
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    content = b"".join(response.streaming_content)
    workbook = read_xlsx(content)
    numbers = set()
    for ws in workbook.worksheets:
        numbers |= {row[1].value for row in ws.iter_rows(min_row=3) if isinstance(row[0].value, int)}
    return numbers


# ----------------------------------------------------------------- workspace


def test_workspace_ledger_of_a_clerk_holds_only_their_units_rows(ledger_tasks, clerk_a, client, read_xlsx):
    # given clerk_a of unit_a, which leads three tasks and cooperates on one
    client.force_login(clerk_a)
    # when the clerk downloads the ledger of their list
    response = client.get(reverse("workspace:export_ledger"))
    # then exactly the tasks the clerk's unit leads or cooperates on
    expected = {t.tracking_number for k, t in ledger_tasks.items() if k in ("overdue", "near", "far", "other")}
    assert numbers_in(response, read_xlsx) == expected


def test_workspace_ledger_of_another_clerk_leaves_unit_a_out(ledger_tasks, clerk_b, client, read_xlsx):
    client.force_login(clerk_b)
    response = client.get(reverse("workspace:export_ledger"))
    expected = {ledger_tasks[k].tracking_number for k in ("overdue", "other", "lone")}  # lead, or cooperating
    assert numbers_in(response, read_xlsx) == expected


def test_workspace_ledger_after_a_filter_holds_exactly_the_listed_rows(ledger_tasks, office_user, client, read_xlsx):
    # given the office's list filtered to unit_a's yellow and green tasks
    client.force_login(office_user)
    unit_a = ledger_tasks["near"].lead_unit
    query = f"unit={unit_a.pk}&light=yellow&light=green"
    listed = client.get(reverse("workspace:task_list") + "?" + query)
    listed_numbers = {t.tracking_number for t in listed.context["filter"].qs}
    # when the ledger is downloaded with the same query
    response = client.get(reverse("workspace:export_ledger") + "?" + query)
    # then it holds the listed rows, no more, no less
    assert listed_numbers == {ledger_tasks[k].tracking_number for k in ("near", "far", "other")}
    assert numbers_in(response, read_xlsx) == listed_numbers


def test_workspace_ledger_with_an_invalid_filter_is_empty_like_the_list(ledger_tasks, office_user, client, read_xlsx):
    client.force_login(office_user)
    response = client.get(reverse("workspace:export_ledger") + "?deadline_after=not-a-date")
    assert numbers_in(response, read_xlsx) == set()


def test_workspace_ledger_query_count_is_pinned(ledger_tasks, office_user, client, django_assert_num_queries):
    client.force_login(office_user)
    # session, user, membership; the count; the rows; one chunk's cooperating units; the page context is not built
    with django_assert_num_queries(6):
        response = client.get(reverse("workspace:export_ledger") + "?is_overdue=false")
        b"".join(response.streaming_content)


def test_workspace_ledger_needs_login(client):
    response = client.get(reverse("workspace:export_ledger"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# ----------------------------------------------------------------- admin


def test_admin_ledger_button_honours_the_changelist_filters_and_search(ledger_tasks, staff_office, client, read_xlsx):
    # given the changelist filtered by status and searched by a word
    client.force_login(staff_office)
    query = "status__exact=assigned&q=疫苗"
    changelist = client.get(reverse("admin:directives_task_changelist") + "?" + query)
    shown = {t.tracking_number for t in changelist.context["cl"].queryset}
    # when the export button is followed with the same query
    response = client.get(reverse("admin:directives_task_export_ledger") + "?" + query)
    # then exactly the rows the changelist shows
    assert shown == {ledger_tasks["near"].tracking_number}
    assert numbers_in(response, read_xlsx) == shown


def test_admin_changelist_shows_the_export_buttons(ledger_tasks, staff_office, client):
    client.force_login(staff_office)
    page = client.get(reverse("admin:directives_task_changelist") + "?status__exact=assigned").content.decode()
    export_url = reverse("admin:directives_task_export_ledger")
    assert f'href="{export_url}?status__exact=assigned"' in page
    assert "_group_by_point=1" in page
    assert 'value="export_ledger_selected"' in page


def test_admin_ledger_grouped_by_point(ledger_tasks, staff_office, client, read_xlsx):
    client.force_login(staff_office)
    response = client.get(reverse("admin:directives_task_export_ledger") + "?_group_by_point=1")
    content = b"".join(response.streaming_content)
    ws = read_xlsx(content).active
    assert ws["A3"].value.startswith("一、")
    assert numbers_in_content(ws) == {t.tracking_number for t in ledger_tasks.values()}


def numbers_in_content(ws):
    return {row[1].value for row in ws.iter_rows(min_row=3) if isinstance(row[0].value, int)}


def test_admin_action_exports_the_selected_rows(ledger_tasks, staff_office, client, read_xlsx):
    client.force_login(staff_office)
    chosen = [ledger_tasks["far"], ledger_tasks["lone"]]
    response = client.post(
        reverse("admin:directives_task_changelist"),
        {"action": "export_ledger_selected", "_selected_action": [t.pk for t in chosen]},
    )
    assert numbers_in(response, read_xlsx) == {t.tracking_number for t in chosen}


def test_admin_ledger_refused_to_a_clerk(ledger_tasks, clerk_a, client):
    clerk_a.is_staff = True
    clerk_a.save(update_fields=["is_staff"])
    client.force_login(clerk_a)
    response = client.get(reverse("admin:directives_task_export_ledger"))
    # the admin is the office's: staff status alone sends a clerk to its login page
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))


# ----------------------------------------------------------------- background jobs


@pytest.fixture
def queued(monkeypatch):
    """Job ids sent to the broker, instead of sending them."""
    sent = []
    monkeypatch.setattr(celery_tasks.export_job_run_task, "delay", lambda job_id: sent.append(job_id))
    return sent


def test_large_ledger_becomes_a_job_with_progress_then_a_download(
    ledger_tasks, office_user, client, settings, queued, django_capture_on_commit_callbacks, read_xlsx
):
    # given a limit below the number of rows
    settings.DUBAN_EXPORT_SYNC_LIMIT = 3
    client.force_login(office_user)
    # when the ledger of all five tasks is asked for
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("workspace:export_ledger"))
    job = ExportJob.objects.get()
    # then a pending job is queued and its page refreshes itself
    assert response.status_code == 302 and response["Location"] == reverse("workspace:export_job", args=[job.pk])
    assert queued == [job.pk]
    assert (job.kind, job.status, job.total_rows, job.requested_by) == ("ledger", "pending", 5, office_user)
    page = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in page and "0 / 5" in page
    # when the worker runs it
    result = celery_tasks.export_job_run_task(job.pk)
    job.refresh_from_db()
    # then it is done, the page links the file and stops refreshing, the file holds the rows
    assert result == {"job": job.pk, "status": "done", "rows": 5}
    assert (job.status, job.done_rows, job.progress_percent) == ("done", 5, 100)
    page = client.get(reverse("workspace:export_job", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert reverse("workspace:export_job_download", args=[job.pk]) in page
    download = client.get(reverse("workspace:export_job_download", args=[job.pk]))
    assert numbers_in(download, read_xlsx) == {t.tracking_number for t in ledger_tasks.values()}
    assert "attachment" in download["Content-Disposition"]
    # and a second run of the same job does nothing
    assert celery_tasks.export_job_run_task(job.pk)["status"] == "already taken"


def test_large_clerk_ledger_job_keeps_the_clerks_rows(
    ledger_tasks, clerk_b, client, settings, queued, django_capture_on_commit_callbacks, read_xlsx
):
    settings.DUBAN_EXPORT_SYNC_LIMIT = 1
    client.force_login(clerk_b)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("workspace:export_ledger"))
    job = ExportJob.objects.get()
    celery_tasks.export_job_run_task(job.pk)
    download = client.get(reverse("workspace:export_job_download", args=[job.pk]))
    assert numbers_in(download, read_xlsx) == {ledger_tasks[k].tracking_number for k in ("overdue", "other", "lone")}


def test_large_admin_ledger_job_keeps_the_changelist_filters(
    ledger_tasks, staff_office, client, settings, queued, django_capture_on_commit_callbacks, read_xlsx
):
    settings.DUBAN_EXPORT_SYNC_LIMIT = 1
    client.force_login(staff_office)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("admin:directives_task_export_ledger") + "?is_overdue__exact=0")
    job = ExportJob.objects.get()
    assert job.params == {"source": "admin", "query": "is_overdue__exact=0"}
    celery_tasks.export_job_run_task(job.pk)
    download = client.get(reverse("workspace:export_job_download", args=[job.pk]))
    assert numbers_in(download, read_xlsx) == set(
        Task.objects.filter(is_overdue=False).values_list("tracking_number", flat=True)
    )


def test_export_job_file_only_for_its_requester_or_the_office(
    ledger_tasks, clerk_a, clerk_b, office_user, client, settings, queued, django_capture_on_commit_callbacks
):
    settings.DUBAN_EXPORT_SYNC_LIMIT = 1
    client.force_login(clerk_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("workspace:export_ledger"))
    job = ExportJob.objects.get()
    celery_tasks.export_job_run_task(job.pk)
    url = reverse("workspace:export_job_download", args=[job.pk])
    client.force_login(clerk_b)
    assert client.get(url).status_code == 404
    assert client.get(reverse("workspace:export_job", args=[job.pk])).status_code == 404
    client.force_login(office_user)
    assert client.get(url).status_code == 200


def test_export_job_failure_is_recorded_on_the_job(ledger_tasks, office_user, monkeypatch, client):
    job = ExportJob.objects.create(kind="ledger", params={"source": "nowhere"}, requested_by=office_user)
    celery_tasks.export_job_run_task(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "nowhere" in job.error
    client.force_login(office_user)
    assert client.get(reverse("workspace:export_job_download", args=[job.pk])).status_code == 404
    assert "生成失败" in client.get(reverse("workspace:export_job", args=[job.pk])).content.decode()


def test_export_task_has_a_stable_name_and_time_limits():
    task = celery_tasks.export_job_run_task
    assert task.name == "directives.export_job_run"
    assert task.time_limit and task.soft_time_limit and task.soft_time_limit < task.time_limit


# ----------------------------------------------------------------- bulletin and matrix


def test_bulletin_download_for_the_office(ledger_tasks, office_user, client, read_xlsx):
    client.force_login(office_user)
    form = client.get(reverse("workspace:export_bulletin"))
    assert form.status_code == 200 and 'name="start"' in form.content.decode()
    response = client.get(reverse("workspace:export_bulletin") + "?start=2026-11-01&end=2026-11-30")
    content = b"".join(response.streaming_content)
    assert read_xlsx(content).sheetnames == ["通报", "逾期事项", "缺报迟报"]
    assert "filename*=utf-8''%E9%80%9A%E6%8A%A5" in response["Content-Disposition"]


def test_bulletin_bad_range_shows_the_form_with_a_reason(office_user, client):
    client.force_login(office_user)
    response = client.get(reverse("workspace:export_bulletin") + "?start=2026-11-30&end=2026-11-01")
    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in response.content.decode()


def test_bulletin_and_matrix_refused_to_clerks(clerk_a, client, unit_a):
    campaign = factories.CampaignFactory(units=[unit_a])
    client.force_login(clerk_a)
    assert client.get(reverse("workspace:export_bulletin")).status_code == 403
    assert client.get(reverse("workspace:export_report_matrix", args=[campaign.pk])).status_code == 403


def test_report_matrix_download_for_the_office(office_user, client, unit_a, unit_b, read_xlsx):
    campaign = factories.CampaignFactory(units=[unit_a, unit_b])
    client.force_login(office_user)
    response = client.get(
        reverse("workspace:export_report_matrix", args=[campaign.pk]) + "?start=2026-11-02&end=2026-11-08"
    )
    workbook = read_xlsx(b"".join(response.streaming_content))
    assert workbook.sheetnames == ["报送情况", "当日汇总"]
    assert len(list(workbook["报送情况"][2])) == 8 + 7


def test_report_matrix_range_longer_than_a_page_is_refused(office_user, client, unit_a):
    campaign = factories.CampaignFactory(units=[unit_a])
    client.force_login(office_user)
    response = client.get(
        reverse("workspace:export_report_matrix", args=[campaign.pk]) + "?start=2026-01-01&end=2026-06-30"
    )
    assert response.status_code == 200 and "日期范围不能超过92天" in response.content.decode()


def test_bulletin_link_in_the_nav_for_the_office_only(office_user, clerk_a, client):
    client.force_login(office_user)
    assert reverse("workspace:export_bulletin") in client.get(reverse("workspace:home")).content.decode()
    client.force_login(clerk_a)
    assert reverse("workspace:export_bulletin") not in client.get(reverse("workspace:home")).content.decode()


def test_workspace_task_list_links_the_ledger_with_its_filters(ledger_tasks, office_user, client):
    client.force_login(office_user)
    page = client.get(reverse("workspace:task_list") + "?is_overdue=true").content.decode()
    assert f'href="{reverse("workspace:export_ledger")}?is_overdue=true"' in page

"""The demo keeps a generated 督办通知书 and 通报 for the office, downloadable like any export."""
import pytest
from django.core.management import call_command
from django.urls import reverse

from directives.models import ExportJob, Task
from tests.papers.conftest import document_text, read_document

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def demo(db):
    call_command("load_demo")


def test_demo_keeps_a_notice_and_a_bulletin_for_the_office(demo, client, django_user_model):
    office = django_user_model.objects.get(username="duchashi")
    notices = ExportJob.objects.get(kind=ExportJob.Kind.NOTICES)
    bulletin = ExportJob.objects.get(kind=ExportJob.Kind.BULLETIN_DOCUMENT)
    assert notices.requested_by == bulletin.requested_by == office
    assert notices.status == bulletin.status == ExportJob.Status.DONE
    client.force_login(office)
    response = client.get(reverse("workspace:export_job_download", args=[notices.pk]))
    assert response["Content-Type"] == DOCX
    text = document_text(read_document(b"".join(response.streaming_content)))
    waiting = Task.objects.filter(pk__in=notices.params["tasks"])
    assert waiting.exists()
    for task in waiting:
        assert task.tracking_number in text
    assert "青溪县委督查室" in text
    with bulletin.file.open("rb") as handle:
        text = document_text(read_document(handle.read()))
    assert "督查通报" in text and "一、逾期事项情况" in text
    admin_list = reverse("admin:directives_exportjob_changelist")
    office.is_superuser = True
    office.save()
    page = client.get(admin_list).content.decode()
    assert reverse("workspace:export_job_download", args=[bulletin.pk]) in page

"""Big speech files are read and extracted off the request, by a job with progress; small ones at once.

The office posts the file as usual; over DUBAN_SPEECH_SYNC_BYTES the upload is
kept on a SpeechImportJob and the page follows its stage until the speeches
are stored, then links their review. A hostile file fails the job with the
reason, a broker that is down leaves it pending for the sweep, and a real
worker runs it.
"""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from directives.models import Meeting, Speech, SpeechImportJob
from directives.services import speech_jobs
from tests import factories
from tests import hostile_files as hostile
from tests.jobs.test_worker import wait_until, worker  # noqa: F401  (the worker fixture)

Status = SpeechImportJob.Status


def speech_text(points=40):
    lines = ["在全县冬季安全生产工作会议上的讲话", "(2026年11月2日)", "同志们:", "下面,我讲几点意见。"]
    for n in range(1, points + 1):
        lines.append(f"{n}、抓好第{n}项重点工作。县应急管理局牵头,各乡镇配合,11月底前完成第{n}批隐患排查整改。")
    return "\n".join(lines) + "\n"


@pytest.fixture
def admin_office(office_user):
    office_user.is_staff = office_user.is_superuser = True
    office_user.save(update_fields=["is_staff", "is_superuser"])
    return office_user


@pytest.fixture
def meeting(db):
    return Meeting.objects.create(title="全县冬季安全生产工作会议", held_on=datetime.date(2026, 11, 2))


@pytest.fixture
def small_sync_limit(settings):
    settings.DUBAN_SPEECH_SYNC_BYTES = 2000


def post_speech(client, meeting, content, name="讲话.txt"):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(reverse("admin:directives_speech_import"), {"meeting": meeting.pk, "source_file": upload})


def test_big_file_becomes_a_job_and_the_page_follows_it_to_the_review(
        client, admin_office, meeting, small_sync_limit, django_capture_on_commit_callbacks):
    # given the office and a speech file over the request's limit
    client.force_login(admin_office)
    content = speech_text().encode("utf-8")
    assert len(content) > 2000
    # when it is posted (the queued message is captured, not sent)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = post_speech(client, meeting, content)
    # then nothing is extracted in the request: a pending job keeps the file, and the page shows its progress
    job = SpeechImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "admin:directives_speech_import_job", args=[job.pk])
    assert len(queued) == 1 and not Speech.objects.exists()
    assert (job.status, job.stage, job.source_name, job.source_size) == (Status.PENDING, "queued", "讲话.txt",
                                                                         len(content))
    page = client.get(response["Location"]).content.decode()
    assert "排队中" in page and 'http-equiv="refresh"' in page and "<progress" in page
    # when the worker runs it
    job = speech_jobs.speech_import_job_run(job_id=job.pk)
    # then the speech and its points are stored, with the kept file as their source
    assert job.status == Status.DONE and job.progress == 100
    speech = Speech.objects.get(pk__in=job.speech_ids)
    assert speech.directives.count() >= 40 and speech.meeting == meeting
    assert speech.source_name == "讲话.txt" and speech.source_file.read() == content
    assert "识别出" in job.message
    page = client.get(reverse("admin:directives_speech_import_job", args=[job.pk])).content.decode()
    assert "http-equiv" not in page
    assert reverse("admin:directives_speech_review", args=[speech.pk]) in page
    # and a second run of the same message does nothing
    assert speech_jobs.speech_import_job_run(job_id=job.pk) is None


def test_small_file_is_still_imported_in_the_request(client, admin_office, meeting, settings):
    settings.DUBAN_SPEECH_SYNC_BYTES = 1024 * 1024
    client.force_login(admin_office)
    response = post_speech(client, meeting, speech_text(3).encode("utf-8"))
    speech = Speech.objects.get()
    assert response["Location"].startswith(reverse("admin:directives_speech_review", args=[speech.pk]))
    assert not SpeechImportJob.objects.exists()


def test_a_pdf_goes_to_the_background_at_a_quarter_of_the_size(settings):
    settings.DUBAN_SPEECH_SYNC_BYTES = 4000
    assert speech_jobs.speech_import_runs_in_background(SimpleUploadedFile("a.pdf", b"%PDF" + b" " * 1500))
    assert not speech_jobs.speech_import_runs_in_background(SimpleUploadedFile("a.txt", b"x" * 1500))


def test_hostile_file_fails_its_job_with_the_reason(client, admin_office, meeting, small_sync_limit):
    # given a .docx whose image inflates to 1 GiB, posted as a big file
    client.force_login(admin_office)
    response = post_speech(client, meeting, hostile.docx_bomb(), name="讲话.docx")
    job = SpeechImportJob.objects.get()
    # when the worker runs it
    job = speech_jobs.speech_import_job_run(job_id=job.pk)
    # then the job failed, saying why in words the office reads, and stored nothing
    assert job.status == Status.FAILED
    assert "解压后超过" in job.error and "压缩炸弹" in job.error
    assert not Speech.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "压缩炸弹" in page and "重新导入" in page


def test_job_of_a_refused_type_is_not_created(client, admin_office, meeting, small_sync_limit):
    client.force_login(admin_office)
    response = post_speech(client, meeting, b"\x00\x01" * 5000, name="讲话.exe")
    assert response.status_code == 200 and not SpeechImportJob.objects.exists()


def test_pending_jobs_the_broker_never_got_are_queued_again_by_the_sweep(
        admin_office, meeting, small_sync_limit, django_capture_on_commit_callbacks):
    # given a job left pending (its message lost: the broker was down) and one left running by a dead worker
    job = speech_jobs.speech_import_job_create(uploaded_file=SimpleUploadedFile("a.txt", speech_text().encode()),
                                               requested_by=admin_office, meeting=meeting)
    lost = speech_jobs.speech_import_job_create(uploaded_file=SimpleUploadedFile("b.txt", speech_text(5).encode()),
                                                requested_by=admin_office, meeting=meeting)
    long_ago = timezone.now() - datetime.timedelta(hours=3)
    SpeechImportJob.objects.filter(pk=job.pk).update(created_at=long_ago)
    SpeechImportJob.objects.filter(pk=lost.pk).update(status=Status.RUNNING, created_at=long_ago, started_at=long_ago)
    # when the sweep looks for them
    with django_capture_on_commit_callbacks(execute=False) as queued:
        figures = speech_jobs.speech_import_jobs_requeue()
    # then the pending one is queued again and the abandoned one is failed, saying so
    assert figures == {"speech_imports_requeued": 1, "speech_imports_abandoned": 1}
    assert len(queued) == 1
    lost.refresh_from_db()
    assert lost.status == Status.FAILED and "重新导入" in lost.error


def test_only_office_staff_see_a_job(client, admin_office, clerk_a, meeting, small_sync_limit):
    job = speech_jobs.speech_import_job_create(uploaded_file=SimpleUploadedFile("a.txt", speech_text().encode()),
                                               requested_by=admin_office, meeting=meeting)
    clerk_a.is_staff = True
    clerk_a.save(update_fields=["is_staff"])
    client.force_login(clerk_a)
    response = client.get(reverse("admin:directives_speech_import_job", args=[job.pk]))
    assert response.status_code in (302, 403, 404) and "a.txt" not in response.content.decode()


def test_job_with_a_new_meeting_creates_it_from_the_speech(admin_office, small_sync_limit):
    from directives.services.speeches import MeetingDraft

    job = speech_jobs.speech_import_job_create(
        uploaded_file=SimpleUploadedFile("a.txt", speech_text().encode()), requested_by=admin_office,
        new_meeting=MeetingDraft(chair="张三"))
    job = speech_jobs.speech_import_job_run(job_id=job.pk)
    assert job.status == Status.DONE, job.error
    meeting = Speech.objects.get(pk=job.speech_ids[0]).meeting
    assert (meeting.title, meeting.held_on, meeting.chair) == ("全县冬季安全生产工作会议", datetime.date(2026, 11, 2), "张三")


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_imports_the_big_file(client, worker, county, small_sync_limit):
    office_unit = factories.UnitFactory(name="县委督查室", short_name="督查室", kind="office", parent=county)
    user = factories.UserFactory(username="office_w", membership__unit=office_unit, membership__role="office",
                                 is_staff=True, is_superuser=True)
    meeting = Meeting.objects.create(title="全县冬季安全生产工作会议", held_on=datetime.date(2026, 11, 2))
    client.force_login(user)
    # when a big file is posted, the job is queued for the worker on commit
    post_speech(client, meeting, speech_text().encode("utf-8"))
    job = SpeechImportJob.objects.get()
    # then the worker reads, extracts and stores it
    wait_until(lambda: SpeechImportJob.objects.get(pk=job.pk).is_finished, timeout=60, worker=worker)
    job.refresh_from_db()
    assert job.status == Status.DONE, job.error
    assert Speech.objects.get(pk=job.speech_ids[0]).directives.count() >= 40


@pytest.mark.parametrize("name, content", [("讲话.docx", hostile.docx_bomb), ("讲话.pdf", hostile.pdf_stream_bomb),
                                           ("讲话.pdf", lambda: hostile.pdf_many_pages(50_000))])
def test_hostile_file_posted_in_the_request_is_refused_with_the_reason(client, admin_office, meeting, settings,
                                                                       name, content):
    # given files small enough to be read in the request (a 1 MB zip bomb, a 1 MB PDF bomb, 50,000 pages)
    settings.DUBAN_SPEECH_SYNC_BYTES = 64 * 1024 * 1024
    client.force_login(admin_office)
    # when posted
    response = post_speech(client, meeting, content(), name=name)
    # then the form says why, in words, and nothing is stored
    page = response.content.decode()
    assert response.status_code == 200 and "无法读取文件" in page
    assert "解压后超过" in page or "页,请拆分" in page
    assert not Speech.objects.exists() and not SpeechImportJob.objects.exists()


@pytest.mark.slow
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_job_past_its_time_limit_fails_saying_so(admin_office, meeting, tmp_path):
    # given a worker as `make run` starts it (prefork, which enforces time limits) with a 2-second limit
    from django.core.files.base import ContentFile

    from directives.tasks import speech_import_job_run_task
    from tests.jobs.test_worker import Worker

    slow = Worker(tmp_path, pool="prefork", env={"DUBAN_SPEECH_IMPORT_TIME_LIMIT": "2"})
    slow.start()
    try:
        # and a kept speech that takes longer than that to extract (200,000 points), queued for that worker only
        content = "".join(f"{i}. 各乡镇要在10月底前完成第{i}批隐患排查整改\n" for i in range(1, 200_001)).encode()
        job = SpeechImportJob(requested_by=admin_office, meeting=meeting, source_name="长讲话.txt",
                              source_size=len(content))
        job.source_file.save("长讲话.txt", ContentFile(content))
        # (a message carries the limits of the process that queues it: the web's settings)
        speech_import_job_run_task.apply_async(args=[job.pk], queue=slow.queue, soft_time_limit=2, time_limit=60)
        wait_until(lambda: SpeechImportJob.objects.get(pk=job.pk).is_finished, timeout=120, worker=slow)
    finally:
        slow.stop()
    # then it stopped at the limit, saying so, and stored nothing
    job.refresh_from_db()
    assert job.status == Status.FAILED and "识别超时(超过2秒)" in job.error, (job.status, job.error)
    assert not Speech.objects.exists()


def test_jobs_are_listed_in_admin_read_only_with_a_link_to_their_page(client, admin_office, meeting,
                                                                       small_sync_limit):
    job = speech_jobs.speech_import_job_create(uploaded_file=SimpleUploadedFile("a.txt", speech_text().encode()),
                                               requested_by=admin_office, meeting=meeting)
    client.force_login(admin_office)
    page = client.get(reverse("admin:directives_speechimportjob_changelist")).content.decode()
    assert "a.txt" in page and reverse("admin:directives_speech_import_job", args=[job.pk]) in page
    assert client.get(reverse("admin:directives_speechimportjob_add")).status_code == 403

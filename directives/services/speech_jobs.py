"""Big speech files imported in the background, like big exports: a job with progress, then the review.

A speech file over DUBAN_SPEECH_SYNC_BYTES (a PDF over a quarter of it: its
text layer is slow to read) is not read in the request: the upload is kept
on a SpeechImportJob and the Celery worker reads, extracts and stores it
(``speech_import_job_run``) within the task's time limit, recording its
stage as it goes. The job's row and file are written before its message is
queued, so an unreachable broker loses nothing: the job stays pending and
the overdue sweep queues it again (``speech_import_jobs_requeue``). Small
files are imported in the request as before.
"""
import datetime
import logging
from pathlib import PurePath

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Meeting, Speech, SpeechImportJob
from ..validators import validate_speech_file
from . import speeches

logger = logging.getLogger(__name__)
Status, Stage = SpeechImportJob.Status, SpeechImportJob.Stage

# The slowest files to read, per byte: a PDF's text layer.
PDF_SYNC_SHARE = 4
# A pending job older than this was not queued (broker down) or its message was lost.
PENDING_GRACE = datetime.timedelta(minutes=5)
REQUEUE_LIMIT = 100


def speech_import_runs_in_background(uploaded_file) -> bool:
    """Is this upload too big to read within the request?"""
    limit = settings.DUBAN_SPEECH_SYNC_BYTES
    if PurePath(uploaded_file.name or "").suffix.lower() == ".pdf":
        limit //= PDF_SYNC_SHARE
    return uploaded_file.size > limit


@transaction.atomic
def speech_import_job_create(*, uploaded_file, requested_by, meeting: Meeting | None = None,
                             new_meeting: "speeches.MeetingDraft | None" = None, title: str = "",
                             speaker: str = "") -> SpeechImportJob:
    """Keep the upload on a job and queue it once the transaction commits; raise ValidationError if it is refused.

    The file's size and type are checked here, at once; what it holds is read by the worker.
    """
    if (meeting is None) == (new_meeting is None):
        raise ValidationError(_("请选择已有会议,或填写新会议(二选一)。"))
    validate_speech_file(uploaded_file)
    draft = {}
    if new_meeting is not None:
        draft = {"title": new_meeting.title, "held_on": new_meeting.held_on.isoformat() if new_meeting.held_on else "",
                 "chair": new_meeting.chair, "location": new_meeting.location}
    name = PurePath(uploaded_file.name).name
    job = SpeechImportJob(requested_by=requested_by, meeting=meeting, new_meeting=draft, title=title or "",
                          speaker=speaker or "", source_name=name[:255], source_size=uploaded_file.size)
    uploaded_file.seek(0)
    job.source_file.save(name, uploaded_file, save=False)
    job.save()
    from ..tasks import speech_import_job_run_task

    # Queued once committed; with the broker down the job stays pending and the overdue sweep queues it.
    speech_import_job_run_task.delay_on_commit(job.pk)
    return job


def _set_stage(job_id: int, stage: str, progress: int) -> None:
    SpeechImportJob.objects.filter(pk=job_id).update(stage=stage, progress=progress)


def speech_import_job_run(*, job_id: int) -> SpeechImportJob | None:
    """Read, extract and store a pending job's speech; return the job, or None if another run took it.

    Compare-and-set from pending to running: a job queued twice runs once. A
    refused file, a failure or the task's soft time limit is recorded on the
    job (failed, with the reason the office reads) and not raised; the import
    itself is one transaction, so a failed job has stored nothing.
    """
    started = SpeechImportJob.objects.filter(pk=job_id, status=Status.PENDING).update(
        status=Status.RUNNING, stage=Stage.READING, progress=5, started_at=timezone.now()
    )
    if not started:
        return None
    job = SpeechImportJob.objects.select_related("requested_by", "meeting").get(pk=job_id)
    try:
        stored = job.source_file.name
        with job.source_file.storage.open(stored, "rb") as handle:
            text = speeches.read_speech_upload(_Upload(handle, job.source_name, job.source_size))
        _set_stage(job_id, Stage.EXTRACTING, 30)
        draft = None
        if job.meeting is None:
            values = job.new_meeting or {}
            draft = speeches.MeetingDraft(
                title=values.get("title", ""), chair=values.get("chair", ""), location=values.get("location", ""),
                held_on=datetime.date.fromisoformat(values["held_on"]) if values.get("held_on") else None,
            )
        with transaction.atomic():
            result = speeches.speech_import(meeting=job.meeting, new_meeting=draft, text=text,
                                            title=job.title or None, speaker=job.speaker or None,
                                            imported_by=job.requested_by)
            # The kept upload is the speeches' source file, as if imported in the request.
            Speech.objects.filter(pk__in=[s.pk for s in result.speeches]).update(
                source_name=job.source_name[:255], source_file=stored
            )
        job.speech_ids = [s.pk for s in result.speeches]
        job.duplicate_ids = [s.pk for s in result.duplicates]
        job.message = result.message
        job.status, job.stage, job.progress = Status.DONE, Stage.FINISHED, 100
    except ValidationError as error:
        job.status, job.error = Status.FAILED, " ".join(error.messages)
    except SoftTimeLimitExceeded:
        job.status = Status.FAILED
        job.error = _("识别超时(超过%(limit)s),文件过大或过于复杂,请拆分后分别导入。") % {
            "limit": _duration(settings.DUBAN_SPEECH_IMPORT_TIME_LIMIT)}
    except Exception as error:  # recorded for the office; the worker log keeps the traceback
        job.status = Status.FAILED
        job.error = _("导入失败:%(error)s") % {"error": str(error)[:500] or error.__class__.__name__}
        logger.exception("speech import job %s failed", job_id)
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "stage", "progress", "speech_ids", "duplicate_ids", "message", "error",
                            "finished_at"])
    return job


def _duration(seconds: int) -> str:
    if seconds % 60:
        return _("%(n)s秒") % {"n": seconds}
    return _("%(n)s分钟") % {"n": seconds // 60}


class _Upload:
    """The kept file as the upload it was: name, size, chunks (what the readers of an upload use)."""

    def __init__(self, handle, name, size):
        self.file, self.name, self.size = handle, name, size

    def seek(self, *args):
        return self.file.seek(*args)

    def read(self, *args):
        return self.file.read(*args)

    def chunks(self, chunk_size=1024 * 1024):
        self.file.seek(0)
        while chunk := self.file.read(chunk_size):
            yield chunk


def speech_import_job_release(*, job_id: int) -> bool:
    """Give a job left running by a dead worker back to pending, so the redelivered run imports it."""
    return bool(SpeechImportJob.objects.filter(pk=job_id, status=Status.RUNNING).update(
        status=Status.PENDING, stage=Stage.QUEUED, progress=0))


def speech_import_jobs_requeue(*, now: datetime.datetime | None = None) -> dict:
    """Queue again the jobs still pending after the grace; mark failed those running past any live worker."""
    from ..tasks import speech_import_job_run_task

    now = now or timezone.now()
    pending = list(
        SpeechImportJob.objects.filter(status=Status.PENDING, created_at__lt=now - PENDING_GRACE)
        .order_by("created_at").values_list("pk", flat=True)[:REQUEUE_LIMIT]
    )
    for job_id in pending:
        speech_import_job_run_task.delay_on_commit(job_id)
    redelivery = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 0)
    stale = datetime.timedelta(seconds=2 * settings.DUBAN_SPEECH_IMPORT_TIME_LIMIT + redelivery)
    abandoned = SpeechImportJob.objects.filter(status=Status.RUNNING, started_at__lt=now - stale).update(
        status=Status.FAILED, error=_("识别中断:后台进程已停止,请重新导入。"), finished_at=now
    )
    return {"speech_imports_requeued": len(pending), "speech_imports_abandoned": abandoned}

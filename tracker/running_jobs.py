"""Jobs a worker had taken when it died, given back when it starts again (embedded SQLite broker).

Redis gives a job back by itself when its worker dies before acknowledging it
(``acks_late`` and the visibility timeout). The embedded broker (kombu's
SQLAlchemy transport) cannot: a message taken is never seen again. So while a
worker on that broker runs a job that acknowledges late, it keeps a note of
the job in ``<data folder>/running-jobs/<worker name>/<task id>.json`` and
removes it when the job ends, however it ends. A worker starting under the
same name (the one restarted by ``make run``, or by systemd) finds the notes
its previous life left and queues those jobs again. Every such job is safe to
run twice, so a note left by a job that did end (a power cut between the end
and the removal) costs one harmless extra run.
"""
import json
import logging
import os
import re
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)


def enabled() -> bool:
    return settings.CELERY_BROKER_URL.startswith("sqla+")


def folder(hostname: str) -> Path:
    return Path(settings.VAR_DIR) / "running-jobs" / re.sub(r"[^\w.@-]", "_", hostname)


def note_path(hostname: str, task_id: str) -> Path:
    return folder(hostname) / f"{re.sub(r'[^0-9a-zA-Z-]', '_', task_id)}.json"


def job_started(*, hostname: str, task_id: str, name: str, args, kwargs, queue: str | None) -> None:
    path = note_path(hostname, task_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"name": name, "args": list(args or ()), "kwargs": dict(kwargs or {}),
                                     "queue": queue}), encoding="utf-8")
    os.replace(temporary, path)


def job_ended(*, hostname: str, task_id: str) -> None:
    note_path(hostname, task_id).unlink(missing_ok=True)


def jobs_give_back(app, *, hostname: str) -> list[str]:
    """Queue again the jobs noted by this worker's previous life; return their names."""
    given_back = []
    for path in sorted(folder(hostname).glob("*.json")):
        try:
            job = json.loads(path.read_text(encoding="utf-8"))
            app.send_task(job["name"], args=job["args"], kwargs=job["kwargs"], queue=job.get("queue") or None)
        except (OSError, ValueError, KeyError) as error:
            logger.warning("could not give back the job noted in %s: %s", path, error)
            continue
        path.unlink(missing_ok=True)
        given_back.append(job["name"])
    try:
        folder(hostname).rmdir()  # only when empty
    except OSError:
        pass
    if given_back:
        logger.warning("%s: queued again %s job(s) its previous run had not finished: %s",
                       hostname, len(given_back), ", ".join(given_back))
    return given_back

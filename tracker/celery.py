"""The Celery application: configured from Django settings (CELERY_* names)."""
import functools
import logging
import os

from celery import Celery, signals
from celery.contrib.django.task import DjangoTask
from django.db import transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

logger = logging.getLogger(__name__)


class Task(DjangoTask):
    """A task whose queueing from a page never fails the page.

    ``enqueue`` publishes and answers False (logged) when the broker cannot be
    reached; the row the job works on stays pending and the overdue sweep queues
    it again (``directives.services.requeue``). ``delay_on_commit`` does the same
    once the surrounding transaction commits, so a worker never looks for a row
    that is not committed yet, and a rolled back request queues nothing.
    """

    def enqueue(self, *args, **kwargs) -> bool:
        try:
            self.delay(*args, **kwargs)
        except Exception as error:  # kombu.exceptions.OperationalError and the transports' own
            logger.warning("could not queue %s%s: %s; it stays pending for the sweep", self.name, args, error)
            return False
        return True

    def delay_on_commit(self, *args, **kwargs) -> None:
        transaction.on_commit(functools.partial(self.enqueue, *args, **kwargs), robust=True)


app = Celery("tracker", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# The embedded broker cannot give back a job its worker died holding: the worker keeps notes (tracker.running_jobs).
@signals.task_prerun.connect
def _job_started(task_id=None, task=None, args=None, kwargs=None, **_):
    from . import running_jobs

    if task is not None and task.acks_late and running_jobs.enabled():
        request = task.request
        running_jobs.job_started(
            hostname=request.hostname or "", task_id=task_id, name=task.name, args=args, kwargs=kwargs,
            queue=(request.delivery_info or {}).get("routing_key"),
        )


@signals.task_postrun.connect
def _job_ended(task_id=None, task=None, **_):
    from . import running_jobs

    if task is not None and task.acks_late and running_jobs.enabled():
        running_jobs.job_ended(hostname=task.request.hostname or "", task_id=task_id)


@signals.worker_ready.connect
def _jobs_give_back(sender=None, **_):
    from . import running_jobs

    if running_jobs.enabled():
        running_jobs.jobs_give_back(app, hostname=sender.hostname)

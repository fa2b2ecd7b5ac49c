"""The Celery application: configured from Django settings (CELERY_* names)."""
import functools
import logging
import os

from celery import Celery
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

"""Create the periodic jobs' schedules for celery beat (idempotent)."""
from django.core.management.base import BaseCommand

from directives.services.schedules import jobs_enqueue_now, schedules_ensure


class Command(BaseCommand):
    help = "Create the django-celery-beat schedules of the periodic jobs; existing ones are kept as edited in the admin."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="restore the default times of existing schedules")
        parser.add_argument("--run-now", action="store_true", help="also queue every job once for the worker")

    def handle(self, *args, reset=False, run_now=False, **options):
        for name, outcome in schedules_ensure(reset=reset).items():
            self.stdout.write(f"{name}: {outcome}")
        if run_now:
            try:
                queued = jobs_enqueue_now()
            except Exception as error:  # no broker: the schedules still stand
                self.stderr.write(f"could not queue the jobs ({error}); beat will run them on schedule.")
            else:
                self.stdout.write("queued: " + ", ".join(queued))

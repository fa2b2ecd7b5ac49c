"""Send the daily-report reminders once (what beat runs as directives.report_reminders)."""
from django.core.management.base import BaseCommand

from directives.services.jobs import report_reminders_send

from ._jobs import moment_argument, report


class Command(BaseCommand):
    help = "Before each campaign's cutoff remind units that have not filed; after it send the missing list to the office."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="run as at this moment (YYYY-MM-DDTHH:MM, local time); default now")

    def handle(self, *args, now=None, **options):
        report(self, report_reminders_send(now=moment_argument(now)))

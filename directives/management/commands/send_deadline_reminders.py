"""Send the deadline reminders once (what beat runs as directives.deadline_reminders)."""
from django.core.management.base import BaseCommand

from directives.services.jobs import deadline_reminders_send

from ._jobs import day_argument, report


class Command(BaseCommand):
    help = "Remind units of open tasks due in DUBAN_REMINDER_DAYS days and today."

    def add_arguments(self, parser):
        parser.add_argument("--day", help="run as on this day (YYYY-MM-DD); default today")

    def handle(self, *args, day=None, **options):
        report(self, deadline_reminders_send(day=day_argument(day)))

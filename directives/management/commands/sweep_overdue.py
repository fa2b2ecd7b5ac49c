"""Run the overdue sweep once (what beat runs as directives.overdue_sweep)."""
from django.core.management.base import BaseCommand

from directives.services.jobs import overdue_sweep

from ._jobs import day_argument, report


class Command(BaseCommand):
    help = "Mark overdue tasks, refresh warning lights and tell the office of tasks just gone overdue."

    def add_arguments(self, parser):
        parser.add_argument("--day", help="run as on this day (YYYY-MM-DD); default today")

    def handle(self, *args, day=None, **options):
        report(self, overdue_sweep(day=day_argument(day)))

"""Build and keep the daily summaries once (what beat runs as directives.daily_summaries)."""
from django.core.management.base import BaseCommand

from directives.services.jobs import daily_summaries_build

from ._jobs import day_argument, moment_argument, report


class Command(BaseCommand):
    help = "Keep each active campaign's summary of every day whose cutoff has passed (kept days are not rebuilt)."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="run as at this moment (YYYY-MM-DDTHH:MM, local time); default now")
        parser.add_argument("--day", help="only this day (YYYY-MM-DD)")
        parser.add_argument("--force", action="store_true", help="rebuild days already kept")

    def handle(self, *args, now=None, day=None, force=False, **options):
        report(self, daily_summaries_build(now=moment_argument(now), day=day_argument(day), force=force))

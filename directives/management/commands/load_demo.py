"""Load the demo county (青溪县) once; running it again changes nothing."""
from django.core.management.base import BaseCommand

from directives.demo import county
from directives.demo.loader import DemoAlreadyLoaded, demo_load


class Command(BaseCommand):
    help = "Load the demo county: units, users, two speeches, tasks in every status, a daily-report campaign."

    def handle(self, *args, **options):
        try:
            counts = demo_load()
        except DemoAlreadyLoaded:
            self.stdout.write("Demo data is already loaded; nothing changed.")
            return
        self.stdout.write(self.style.SUCCESS("Demo data loaded: " + ", ".join(f"{k} {v}" for k, v in counts.items())))
        self.stdout.write(
            f"Demo users (password '{county.DEMO_PASSWORD}'): "
            + ", ".join(f"{u} ({unit}, {role})" for u, _n, unit, role in county.USERS)
        )

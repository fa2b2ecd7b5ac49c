"""Create the administrator account once; print its password the first time only."""
import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from directives.models import Membership, Unit


class Command(BaseCommand):
    help = "Create the superuser 'admin' if it does not exist (password from DJANGO_SUPERUSER_PASSWORD, else generated and printed once)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("DJANGO_SUPERUSER_USERNAME", "admin"))

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Admin account '{username}' already exists; its password is unchanged.")
            return
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD") or secrets.token_urlsafe(12)
        user = User.objects.create_superuser(username=username, email="", password=password, first_name="系统管理员")
        office = Unit.objects.filter(kind=Unit.Kind.OFFICE).order_by("tree_path").first()
        if office is not None:
            Membership.objects.create(user=user, unit=office, role=Membership.Role.OFFICE)
        if os.environ.get("DJANGO_SUPERUSER_PASSWORD"):
            self.stdout.write(self.style.SUCCESS(f"Created admin account '{username}' with the password from DJANGO_SUPERUSER_PASSWORD."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created admin account '{username}'. Password (shown only this once): {password}"
                )
            )

"""Create the administrator account once; a generated password goes to a file, never to the log."""
import os
import secrets

from django.conf import settings

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from directives.models import Membership, Unit


class Command(BaseCommand):
    help = (
        "Create the superuser 'admin' if it does not exist (password from DJANGO_SUPERUSER_PASSWORD, "
        "else generated into var/admin-password.txt, mode 0600)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("DJANGO_SUPERUSER_USERNAME", "admin"))

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Admin account '{username}' already exists; its password is unchanged.")
            return
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD") or secrets.token_urlsafe(15)
        user = User.objects.create_superuser(username=username, email="", password=password, first_name="系统管理员")
        office = Unit.objects.filter(kind=Unit.Kind.OFFICE).order_by("tree_path").first()
        if office is not None:
            Membership.objects.create(user=user, unit=office, role=Membership.Role.OFFICE)
        if os.environ.get("DJANGO_SUPERUSER_PASSWORD"):
            self.stdout.write(self.style.SUCCESS(f"Created admin account '{username}' with the password from DJANGO_SUPERUSER_PASSWORD."))
            return
        path = password_file_write(settings.VAR_DIR / "admin-password.txt", username, password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created admin account '{username}'. Its password is in {path} (readable by this system user only); "
                "change it after the first login and delete the file."
            )
        )


def password_file_write(path, username: str, password: str):
    """Write ``username`` and ``password`` to ``path`` with mode 0600, replacing an older file."""
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(f"username: {username}\npassword: {password}\n")
    return path

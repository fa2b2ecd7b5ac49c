"""Bring back a backup written by ``manage.py backup``: the database and the media files."""
from django.core.management.base import BaseCommand, CommandError

from directives.services.backup import (
    BackupError, backup_read_manifest, backup_restore, current_content, migrations_pending,
)


class Command(BaseCommand):
    help = (
        "Restore the database and the media files from an archive of `manage.py backup`. The archive is checked "
        "completely first; what is there now is replaced, so --yes is required when there is anything to lose. "
        "Stop the web server, the worker and beat first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="a .tar.gz written by manage.py backup")
        parser.add_argument("--yes", action="store_true", help="replace the current database and media files")
        parser.add_argument("--check", action="store_true", help="only check the archive; change nothing")

    def handle(self, *args, archive, yes=False, check=False, **options):
        try:
            manifest = backup_read_manifest(archive)
            counts = ", ".join(f"{n} {name}" for name, n in manifest.counts.items())
            media = sum(1 for name in manifest.files if name.startswith("media/"))
            self.stdout.write(f"{archive}: {manifest.engine} backup of {manifest.created_at}: {counts}; {media} media file(s).")
            if check:
                self.stdout.write(self.style.SUCCESS("The archive is complete and undamaged."))
                return
            at_stake = current_content()
            if at_stake and not yes:
                raise CommandError(
                    "Restoring replaces " + " and ".join(at_stake) + ". Nothing was changed. "
                    "Make a backup of them first if you may need them, then run again with --yes."
                )
            backup_restore(path=archive)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored {counts} and {media} media file(s) from {archive}."))
        pending = migrations_pending()
        if pending:
            self.stdout.write(
                f"The backup is from an earlier version: run `python manage.py migrate` ({pending} migration(s) to apply)."
            )

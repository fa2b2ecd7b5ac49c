"""Write a backup: the database (SQLite online backup or pg_dump) and the media files in one archive."""
from django.core.management.base import BaseCommand, CommandError

from directives.services.backup import BackupError, backup_create, default_backup_path


class Command(BaseCommand):
    help = (
        "Back up the database and the media files into one .tar.gz archive "
        f"(default: {default_backup_path().parent}/duban-backup-<time>.tar.gz). Safe while the app runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="the archive to write, or a folder to write it in")

    def handle(self, *args, path=None, **options):
        try:
            written, manifest = backup_create(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        counts = ", ".join(f"{n} {name}" for name, n in manifest.counts.items())
        media = sum(1 for name in manifest.files if name.startswith("media/"))
        size = written.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Backup written: {written} ({size / 1048576:.1f} MB)"))
        self.stdout.write(f"{manifest.engine} database: {counts}; {media} media file(s).")
        self.stdout.write(f"Restore with: python manage.py restore {written}")

"""``manage.py extract_directives PATH --json``: print the contract JSON.

Reads one speech file and prints what the extractor finds; writes nothing to
the database. An unreadable file gives one line on stderr and exit status 1.
"""
import json
import sys

from django.core.management.base import BaseCommand

from directives.extraction import ExtractionError, extract_file, to_contract_json


class Command(BaseCommand):
    help = "Extract directives from a speech file (.txt, .docx, .pdf) and print them as JSON."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--json", action="store_true", help="print the contract JSON (the default output)")
        parser.add_argument("--meeting-date", help="YYYY-MM-DD, for speeches whose text states no date")

    def handle(self, *args, path, meeting_date=None, **options):
        try:
            document = extract_file(path, meeting_date=meeting_date)
        except ExtractionError as exc:
            self._fail(str(exc))
        except ValueError as exc:
            self._fail(f"{path}: {exc}")
        except Exception as exc:  # never a traceback for a bad input file
            self._fail(f"{path}: cannot extract ({type(exc).__name__}: {exc})")
        out = json.dumps(to_contract_json(document), ensure_ascii=False, indent=1)
        self.stdout.write(out)

    def _fail(self, message):
        sys.stderr.write(f"error: {message}\n")
        sys.stderr.flush()
        sys.exit(1)

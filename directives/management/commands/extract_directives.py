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
        parser.add_argument(
            "--match-units",
            action="store_true",
            help="match the unit names found against the Unit directory: list unknown names on stderr, and doubt"
            " the points naming them (单位未在名录)",
        )

    def handle(self, *args, path, meeting_date=None, match_units=False, **options):
        try:
            document = extract_file(path, meeting_date=meeting_date)
        except ExtractionError as exc:
            self._fail(str(exc))
        except ValueError as exc:
            self._fail(f"{path}: {exc}")
        except Exception as exc:  # never a traceback for a bad input file
            self._fail(f"{path}: cannot extract ({type(exc).__name__}: {exc})")
        data = to_contract_json(document)
        if match_units:
            self._mark_unknown_units(data)
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
        if match_units:
            self._report_unit_matches(data)

    def _mark_unknown_units(self, data):
        """Each point naming a unit the directory does not know doubts it (单位未在名录)."""
        from directives.extraction.types import DOUBT_UNKNOWN_UNIT
        from directives.selectors.units import UnitDirectory

        directory = UnitDirectory()
        for speech in data["speeches"]:
            for point in speech["directives"]:
                names = [*point["lead_units"], *point["units"]]
                if names and directory.match(names).unknown and DOUBT_UNKNOWN_UNIT not in point["doubts"]:
                    point["doubts"].append(DOUBT_UNKNOWN_UNIT)

    def _report_unit_matches(self, data):
        """Tell on stderr (stdout stays the contract JSON) which names the Unit directory knows."""
        from directives.selectors.units import UnitDirectory

        names = [
            name
            for speech in data["speeches"]
            for point in speech["directives"]
            for name in [*point["lead_units"], *point["units"]]
        ]
        match = UnitDirectory().match(names)
        sys.stderr.write(
            f"units: {len(match.units)} matched to the directory, {len(match.groups)} groups"
            f" ({'、'.join(match.groups) or '-'}), {len(match.unknown)} unknown\n"
        )
        for name in match.unknown:
            sys.stderr.write(f"suggestion: add “{name}” to the Unit directory, or as an alias of an existing unit\n")

    def _fail(self, message):
        sys.stderr.write(f"error: {message}\n")
        sys.stderr.flush()
        sys.exit(1)

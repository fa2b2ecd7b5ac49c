"""``python -m directives.extraction PATH [--json]``: extraction without Django."""
import argparse
import json
import sys

from .errors import ExtractionError
from .pipeline import extract_file
from .serialize import to_contract_json


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m directives.extraction",
                                     description="Extract directives from a speech file.")
    parser.add_argument("path")
    parser.add_argument("--json", action="store_true", help="print the contract JSON (the default)")
    parser.add_argument("--meeting-date", help="YYYY-MM-DD, for speeches that state none")
    args = parser.parse_args(argv)
    try:
        document = extract_file(args.path, meeting_date=args.meeting_date)
    except ExtractionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:  # a bad --meeting-date
        print(f"error: {args.path}: {exc}", file=sys.stderr)
        return 1
    json.dump(to_contract_json(document), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

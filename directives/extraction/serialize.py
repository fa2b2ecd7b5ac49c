"""The contract's JSON (EXTRACTION_CONTRACT.md), and nothing more."""


def _date(value):
    return value.isoformat() if value else None


def directive_to_dict(d):
    return {
        "id": d.id,
        "parent": d.parent,
        "level": d.level,
        "number": d.number,
        "kind": d.kind,
        "heading": d.heading,
        "text": d.text,
        "deadlines": [{"text": x.text, "date": _date(x.date)} for x in d.deadlines],
        "lead_units": list(d.lead_units),
        "units": list(d.units),
        "recurrence": d.recurrence,
        "doubts": list(d.doubts),
    }


def to_contract_json(document):
    """Return the contract JSON of a Document as a plain dict."""
    return {
        "speeches": [
            {
                "title": s.title,
                "speaker": s.speaker,
                "meeting_date": _date(s.meeting_date),
                "directives": [directive_to_dict(d) for d in s.directives],
            }
            for s in document.speeches
        ]
    }

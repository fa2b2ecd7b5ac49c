"""Fixture-driven cases (fixtures/extraction_cases.json), Zulip style.

Each case gives an input text and, per predicted point in order, the fields
to check; a guard makes sure no case is silently skipped.
"""
import json
from pathlib import Path

import pytest

from directives.extraction import extract_text, to_contract_json

CASES = json.loads((Path(__file__).parent / "fixtures" / "extraction_cases.json").read_text(encoding="utf-8"))
CHECKED = set()


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_extraction_case(case):
    data = to_contract_json(extract_text(case["input"], meeting_date=case.get("meeting_date")))
    got = [d for s in data["speeches"] for d in s["directives"]]
    assert len(got) == len(case["expected"]), [d["text"][:20] for d in got]
    for g, want in zip(got, case["expected"]):
        for key, value in want.items():
            if key == "deadlines":
                assert [[x["text"], x["date"]] for x in g["deadlines"]] == value
            else:
                assert g[key] == value, (case["name"], key)
    for s, want in zip(data["speeches"], case.get("speeches", [])):
        for key, value in want.items():
            assert s[key] == value
    if "speeches" in case:
        assert len(data["speeches"]) == len(case["speeches"])
    CHECKED.add(case["name"])


def test_every_case_was_checked():
    # Runs after the parametrized cases (pytest keeps file order).
    assert CHECKED == {c["name"] for c in CASES}

"""Fixture-driven cases (fixtures/extraction_cases.json), Zulip style.

Each case gives an input text and, per predicted point in order, the fields
to check. A guard that needs no other test to have run makes sure no case is
silently skipped: every case is well formed (a misspelt key would check
nothing), named once, and parametrized.
"""
import json
from pathlib import Path

import pytest

from directives.extraction import extract_text, to_contract_json

CASES = json.loads((Path(__file__).parent / "fixtures" / "extraction_cases.json").read_text(encoding="utf-8"))
CASE_KEYS = {"name", "input", "expected", "meeting_date", "speeches"}
SPEECH_KEYS = {"title", "speaker", "meeting_date"}
POINT_KEYS = {"id", "parent", "level", "number", "kind", "heading", "text", "deadlines", "lead_units", "units",
              "recurrence", "doubts"}


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


def test_every_case_was_checked():
    # given: the cases of the file, and those the parametrized test runs
    names = [case["name"] for case in CASES]
    (parametrize,) = [mark for mark in test_extraction_case.pytestmark if mark.name == "parametrize"]
    # then: each is named once and run, and checks only fields the contract has
    assert len(set(names)) == len(names)
    assert [case["name"] for case in parametrize.args[1]] == names
    for case in CASES:
        assert {"name", "input", "expected"} <= set(case) <= CASE_KEYS, case["name"]
        assert case["input"].strip(), case["name"]
        assert all(want and set(want) <= POINT_KEYS for want in case["expected"]), case["name"]
        assert all(set(want) <= SPEECH_KEYS for want in case.get("speeches", [])), case["name"]

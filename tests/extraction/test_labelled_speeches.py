"""The extractor on labelled speeches, scored by the shared scorer against the issue's thresholds.

``tests/fixtures/labelled/set1..4`` are speeches of our own, written and
labelled (per EXTRACTION_CONTRACT.md) by evaluators who did not write the
extractor; ``../shared/eval/gold`` are the office's labelled seed speeches.
"""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCORER = ROOT.parent / "shared" / "eval" / "score_extraction.py"
LABELLED = ROOT / "tests" / "fixtures" / "labelled"
SETS = [ROOT.parent / "shared" / "eval" / "gold", *sorted(LABELLED.glob("set*"))]
THRESHOLDS = {"items": 0.97, "deadlines": 0.90, "units": 0.85, "lead_units": 0.85, "heading": 0.90, "kind": 0.95}


def test_labelled_sets_are_all_there():
    assert [p.name for p in SETS[1:]] == ["set1", "set2", "set3", "set4"]
    for directory in SETS[1:]:
        golds = list(directory.glob("*.gold.json"))
        assert len(golds) >= 3
        for gold in golds:
            stem = gold.name.removesuffix(".gold.json")
            assert any((directory / f"{stem}{suffix}").exists() for suffix in (".txt", ".docx", ".pdf")), gold


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval/score_extraction.py is absent: the shared scorer ships beside the project")
@pytest.mark.parametrize("directory", SETS, ids=lambda p: p.name)
def test_extraction_scores_meet_the_thresholds(directory, tmp_path):
    if not directory.exists():
        pytest.skip(f"{directory} is absent")
    out = tmp_path / "totals.json"
    result = subprocess.run(
        [
            sys.executable, str(SCORER), str(directory), "--project", str(ROOT), "--python", sys.executable,
            "--cmd", "{python} -m directives.extraction {path} --json", "--quiet", "--json", str(out),
        ],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    totals = json.loads(out.read_text())
    assert totals["failed_files"] == 0, result.stdout
    below = {k: totals[k] for k, minimum in THRESHOLDS.items() if totals[k] < minimum}
    assert not below, f"{directory.name}: {below}\n{result.stdout[-2000:]}"

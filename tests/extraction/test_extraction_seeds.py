"""Smoke tests on the shared seed speeches (skipped where they are absent)."""
from pathlib import Path

import pytest

from directives.extraction import extract_file, to_contract_json

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


@pytest.mark.skipif(not SEED_FILES, reason=f"seed speeches not found at {SEEDS}")
@pytest.mark.parametrize("path", SEED_FILES, ids=[p.name for p in SEED_FILES])
def test_seed_extracts_nested_points_with_unique_ids(path):
    data = to_contract_json(extract_file(path))
    directives = [d for s in data["speeches"] for d in s["directives"]]
    assert directives, "a seed speech has enumerated points"
    ids = [d["id"] for d in directives]
    assert len(ids) == len(set(ids))
    known = set()
    for d in directives:
        assert d["parent"] is None or d["parent"] in known
        assert d["heading"] and d["text"]
        assert d["kind"] in ("directive", "context")
        known.add(d["id"])
    # site banners and download prompts never reach the output
    blob = "".join(d["text"] for d in directives)
    assert "下载" not in blob and "会员分享" not in blob

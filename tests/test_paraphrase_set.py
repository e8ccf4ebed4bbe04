"""The paraphrase probes (``corpora/paraphrase/``): well formed, split, own words, and
scored at no less than the figures reached (``benchmarks/paraphrase_eval.py``)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from licenseparse.known import scancode_licenses_dir

from .conftest import benchmark_module

ROOT = Path(__file__).resolve().parents[1]

# The figures reached, rounded down: raise them as the reader improves. Negatives count
# as clean ones; every negative of both halves is meant to be clean in the end.
FLOORS = {"tuning": (0.69, 40), "held-out": (0.39, 28)}




def test_paraphrase_set_is_large_split_and_covers_every_kind() -> None:
    ev = benchmark_module("paraphrase_eval")
    probes = ev.load_set()
    assert len(probes) >= 250
    assert sum(p.negative for p in probes) >= 60
    held_out = [p for p in probes if p.split == "held-out"]
    assert len(held_out) >= 0.4 * len(probes)
    kinds = Counter(p.kind for p in probes if not p.negative)
    declared = {k["id"] for k in yaml.safe_load(
        (ROOT / "clause_library" / "_kinds.yaml").read_text(encoding="utf-8"))["kinds"]}
    assert set(kinds) <= declared
    # Three phrasings at least of every kind the probes take up.
    assert min(kinds.values()) >= 3, kinds.most_common()[-3:]


def test_no_probe_shares_eight_words_with_a_scancode_text() -> None:
    if scancode_licenses_dir() is None:
        pytest.skip("ScanCode licence data not installed (pip install -e '.[test]')")
    ev = benchmark_module("paraphrase_eval")
    assert ev.check_overlap(ev.load_set()) == []


def test_paraphrase_halves_stay_at_their_figures() -> None:
    ev = benchmark_module("paraphrase_eval")
    outcomes, _ = ev.score_set(ev.load_set())
    for split, (rate_floor, clean_floor) in FLOORS.items():
        o = outcomes[split]
        assert o.right / o.total >= rate_floor, f"{split}: {o.right}/{o.total} < {rate_floor:.0%}"
        assert o.clean >= clean_floor, f"{split}: {o.clean} negatives clean < {clean_floor}"

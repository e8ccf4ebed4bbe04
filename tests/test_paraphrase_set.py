"""The paraphrase probes (``corpora/paraphrase/``): well formed, split, own words, and
scored at no less than the figures reached (``benchmarks/paraphrase_eval.py``)."""

from __future__ import annotations

import functools
import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from licenseparse.known import scancode_licenses_dir

ROOT = Path(__file__).resolve().parents[1]

# The figures reached, rounded down: raise them as the reader improves. Negatives count
# as clean ones; every negative of both halves is meant to be clean in the end.
FLOORS = {"tuning": (0.29, 40), "held-out": (0.20, 28)}


@functools.lru_cache(maxsize=1)
def _eval() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "paraphrase_eval", ROOT / "benchmarks" / "paraphrase_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["paraphrase_eval"] = module
    spec.loader.exec_module(module)
    return module


def test_paraphrase_set_is_large_split_and_covers_every_kind() -> None:
    ev = _eval()
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
    assert _eval().check_overlap(_eval().load_set()) == []


def test_paraphrase_halves_stay_at_their_figures() -> None:
    ev = _eval()
    totals: dict[str, list[int]] = {split: [0, 0, 0] for split in ev.SPLITS}
    for probe in ev.load_set():
        checks, clean = ev.score_probe(probe)
        values = [ok for name, ok, _ in checks if name != "negative clean"]
        totals[probe.split][0] += sum(values)
        totals[probe.split][1] += len(values)
        totals[probe.split][2] += bool(clean)
    for split, (rate_floor, clean_floor) in FLOORS.items():
        right, total, clean = totals[split]
        assert right / total >= rate_floor, f"{split}: {right}/{total} < {rate_floor:.0%}"
        assert clean >= clean_floor, f"{split}: {clean} negatives clean < {clean_floor}"

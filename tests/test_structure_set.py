"""The clause tree against the hand-read structure set (corpora/structure/).

The figures are computed by ``benchmarks/structure_eval.py`` over the ScanCode texts of
the set (the two Markdown/HTML policies of ``../shared`` are scored by that script where
``../shared`` exists); each half must stay at or above the figures it has reached, so a
change that loses structure on any layout fails here. The held-out half is scored as a
whole and never tuned on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from licenseparse.known import scancode_licenses_dir

from .conftest import benchmark_module

ROOT = Path(__file__).resolve().parents[1]

# Floors: the figures reached on the ScanCode documents of each half (clause paths,
# headings, glossary terms), rounded down. Raise them when the segmenter improves.
# (The tuning half grew by 35 documents read on 2026-12-06, some of them hard ones, such
# as a web page whose nested lists lost their indentation: its floors went down with
# the set, not with the segmenter.)
FLOORS = {
    "tuning": {"paths": 0.94, "headings": 0.98, "terms": 0.925},
    "held-out": {"paths": 0.955, "headings": 0.89, "terms": 0.91},
}




@pytest.fixture(scope="module")
def scores() -> dict[str, object]:
    if scancode_licenses_dir() is None:
        pytest.skip("ScanCode licence data not installed (pip install -e '.[test]')")
    ev = benchmark_module("structure_eval")
    totals = {split: ev.Score() for split in ev.SPLITS}
    for document in ev.load_set():
        if not document.source.startswith("scancode:"):
            continue
        text = document.text()
        assert text is not None, document.id
        totals[document.split].merge(ev.score_document(document, text))
    return totals


def test_structure_set_is_well_formed_and_split() -> None:
    ev = benchmark_module("structure_eval")
    documents = ev.load_set()
    splits = {d.split for d in documents}
    assert splits == {"tuning", "held-out"}
    held_out = [d for d in documents if d.split == "held-out"]
    assert len(documents) >= 30 and len(held_out) >= 15
    # Facts, not licence text: anchors are at most eight words.
    assert all(len(str(e["anchor"]).split()) <= 8 for d in documents for e in d.entries)


@pytest.mark.parametrize("split", ["tuning", "held-out"])
def test_structure_set_half_stays_at_its_figures(split: str, scores: dict[str, object]
                                                 ) -> None:
    score = scores[split]
    for measure, floor in FLOORS[split].items():
        rate = score.rate(measure)  # type: ignore[attr-defined]
        assert rate >= floor, f"{split} {measure}: {rate:.1%} < {floor:.0%}"


def test_structure_set_scorer_finds_misplaced_clauses() -> None:
    # The scorer must see a wrong path, a lost heading and a missing term.
    ev = benchmark_module("structure_eval")
    text = "1. Grant.\n\nYou may use it.\n\n2. Limits.\n\n\"Model\" means the weights.\n"
    document = ev.Document(
        id="t", source="", render="text", split="tuning", path=ROOT,
        entries=[{"path": "1", "anchor": "1. Grant.", "heading": "Grant"},
                 {"within": "1", "anchor": "You may use it"},
                 {"path": "3", "anchor": "2. Limits.", "heading": "Scope"}],
        terms=["Model", "Weights"])
    score = ev.score_document(document, text)
    assert (score.right["paths"], score.total["paths"]) == (2, 3)
    assert (score.right["headings"], score.total["headings"]) == (1, 2)
    assert (score.right["terms"], score.total["terms"]) == (1, 2)


def test_structure_set_scorer_ignores_a_leading_label_of_any_kind() -> None:
    ev = benchmark_module("structure_eval")
    for written in ("Part 1 - General Terms", "Section 2. General Terms", "(b) General Terms:",
                    "ARTICLE IV - GENERAL TERMS", "Chapter 3 General Terms"):
        assert ev.fold_heading(written) == "general terms", written
    # A heading that only starts like a label keeps its words.
    assert ev.fold_heading("Partnership Terms") == "partnership terms"

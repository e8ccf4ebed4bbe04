"""The independent checks of benchmarks/structure_audit.py, on short texts written here.

The audit's value rests on its checks seeing structure without the segmenter, so each
check is pinned on its own; one end-to-end run covers the wiring on real ScanCode texts.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from licenseparse.known import scancode_licenses_dir

from .conftest import benchmark_module

audit = benchmark_module("structure_audit")


def _clause(path: str, start: int, heading: str | None = None,
            label: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(path=path, start=start, heading=heading, label=label)


# ------------------------------------------------------------- check 1: numbered lines

LINES = """Preamble line.

1. Grant. You may use it.
3. Not after a blank line, so not a candidate.

2007. All rights reserved.

version 2. of the License applies.

(c) Copyright 2020 Example Corp.

   (a) the first item

Section 3 of the License applies to you.

Section 4 \u2013 Definitions

ARTICLE II - LICENSE GRANT

\u00a7 5 Term of the licence

iv. the fourth item

1.2. "Contributor" means someone.

## 7. Markdown Heading
"""


def test_numbered_lines_are_candidates_and_non_clauses_are_not() -> None:
    candidates = audit.find_candidates(LINES)
    assert [c.label for c in candidates] == [
        "1.", "(a)", "Section 4", "ARTICLE II", "\u00a7 5", "iv.", "1.2.", "7."]
    first = candidates[0]
    assert (first.kind, first.value, first.line) == ("num", 1, 3)
    assert LINES[first.first:first.first + 2] == "1."
    item = candidates[1]
    assert item.indent == 3 and LINES[item.first] == "("
    heading = candidates[-1]  # the enumerator comes after markup on its line
    assert LINES[heading.first] == "#" and LINES[heading.enum_start:].startswith("7.")


def test_a_line_counts_as_opened_only_where_a_clause_starts() -> None:
    text = "Intro.\n\n  1. Grant of rights to you.\n\n## 2. Scope of it\n"
    one = text.index("1.")
    markup = text.index("##")
    good = audit.audit_text("t", text, [_clause("1", one, label="1."),
                                        _clause("2", markup, label="2.")], [])
    assert (good.open_ok, good.open_total) == (2, 2)
    # a plain paragraph starting there opens the line but did not read its number
    plain = audit.audit_text("t", text, [_clause("p1", one), _clause("p2", markup)], [])
    assert (plain.open_ok, plain.open_any, plain.open_total) == (0, 2, 2)
    # a clause starting at the indentation, or mid-line, does not open the numbered line
    bad = audit.audit_text("t", text, [_clause("1", text.index("  1.")),
                                       _clause("2", text.index("2.") + 3)], [])
    assert (bad.open_ok, bad.open_total) == (0, 2)
    assert bad.misses["open"][0].startswith("line 3: 1. Grant")


# ------------------------------------------------------------------ check 2: sequences

def test_a_flush_run_of_three_numbers_is_a_top_level_sequence() -> None:
    text = "1. One thing.\n\n   (a) nested item\n\n2. Two things.\n\n3. Three things.\n"
    assert audit.top_level_sequence(audit.find_candidates(text)) == [1, 2, 3]
    zero = "0. Zero.\n\n1. One.\n\n2. Two.\n\n3. Three.\n"
    assert audit.top_level_sequence(audit.find_candidates(zero)) == [0, 1, 2, 3]


@pytest.mark.parametrize("text", [
    "1. One.\n\n2. Two.\n",  # too short
    "1. One.\n\n2. Two.\n\n4. Four.\n\n5. Five.\n",  # the text itself skips 3
    "Section 1 - Scope\n\n1. One.\n\n2. Two.\n\n3. Three.\n",  # Sections are the top level
    "a. Letter.\n\n   1. One.\n\n   2. Two.\n\n   3. Three.\n",  # nested under a letter
    "1. One.\n\n2) Two.\n\n3) Three.\n",  # mixed delimiters are two lists
])
def test_runs_that_are_not_top_level_sequences(text: str) -> None:
    assert audit.top_level_sequence(audit.find_candidates(text)) == []


def test_a_sequence_passes_only_with_every_path() -> None:
    text = "1. One.\n\n2. Two.\n\n3. Three.\n"
    starts = [text.index(f"{n}.") for n in (1, 2, 3)]
    full = audit.audit_text("t", text, [_clause(str(n), s) for n, s in zip(
        (1, 2, 3), starts, strict=True)], [])
    assert full.sequence == [1, 2, 3] and full.counts("sequence") == (1, 1)
    gap = audit.audit_text("t", text, [_clause("1", starts[0]), _clause("1.1", starts[1]),
                                       _clause("3", starts[2])], [])
    assert gap.sequence_missing == ["2"] and gap.counts("sequence") == (0, 1)


# --------------------------------------------------------------------- check 3: titles

@pytest.mark.parametrize(("line", "title"), [
    ("4. Termination of Rights.", "Termination of Rights"),
    ("4. Termination of Rights. You may not use it.", "Termination of Rights"),
    ("Section 4 \u2013 Definitions", "Definitions"),
    ("ARTICLE 2 - LICENSE GRANT", "LICENSE GRANT"),
    ("1. Grant:", "Grant"),
    ("**2. Use and Reproduction.** You may ...", "Use and Reproduction"),
    ("1. Redistributions of source code must retain the notice.", None),
    ("2. You may copy it.", None),
    ("3. Grant of", None),  # ends on a small word: a wrapped sentence
])
def test_same_line_titles(line: str, title: str | None) -> None:
    [candidate] = audit.find_candidates(line + "\n")
    assert candidate.title == title


def test_a_title_that_wraps_into_a_lower_case_line_is_not_a_title() -> None:
    assert audit.extract_title("Redistributions of Source Code", "must retain it") is None
    assert audit.extract_title("Grant of Copyright License", "Subject to ...") == (
        "Grant of Copyright License")


def test_title_matches_heading_without_label_case_or_stop() -> None:
    assert audit.fold_heading("4. Termination of Rights.") == "termination of rights"
    assert audit.fold_heading("Section 4 \u2013 Definitions:") == "definitions"
    text = "4. Termination of Rights. You may not.\n\n5. Grant. More.\n"
    clauses = [_clause("4", 0, "TERMINATION OF RIGHTS"),
               _clause("5", text.index("5."), None)]
    result = audit.audit_text("t", text, clauses, [])
    assert (result.title_ok, result.title_total) == (1, 2)
    assert result.misses["title"] == ["line 3: 'Grant' got None"]


# ---------------------------------------------------------------- check 4: definitions

@pytest.mark.parametrize(("text", "term"), [
    ('"Model" shall mean the weights.', "Model"),
    ("\u201cLicensor\u201d means the owner.", "Licensor"),
    ('A "Contribution" refers to any work.', "Contribution"),
    ('"Source" shall refer to the code.', "Source"),
    ('To "propagate" a work means to do anything.', "propagate"),
    ('"You" (or "Your") shall mean an entity.', "You"),
    ('"Work" or "Works" means the software.', "Work"),
    ('This software (the "Software") is free.', "Software"),
    ("Example Inc. (hereinafter \u2018Provider\u2019) grants it.", "Provider"),
    ('This agreement ("Agreement") applies.', "Agreement"),
    ("Le \u00abLogiciel\u00bb means the code.", "Logiciel"),
    # 本ソフトウェア（「ソフトウェア」）を使用 and 本契約（以下「契約」という）
    ("\u672c\u30bd\u30d5\u30c8\u30a6\u30a7\u30a2\uff08\u300c\u30bd\u30d5\u30c8\u30a6\u30a7\u30a2\u300d"
     "\uff09\u3092\u4f7f\u7528", "\u30bd\u30d5\u30c8\u30a6\u30a7\u30a2"),
    ("\u672c\u5951\u7d04\uff08\u4ee5\u4e0b\u300c\u5951\u7d04\u300d\u3068\u3044\u3046\uff09",
     "\u5951\u7d04"),
])
def test_definition_forms(text: str, term: str) -> None:
    found = audit.find_definitions(text)
    assert [d.term for d in found] == [term]


def test_definitions_not_taken() -> None:
    # a bare ("X") after a stop is not after a noun phrase; quoted words without a
    # definition verb are quotations
    assert audit.find_definitions('It ends here. ("Odd") Then "free" software.') == []
    # one definition per distinct term, case and quotes folded
    text = '"License" means this.\n\n\u201clicense\u201d shall mean this again.'
    assert [d.folded for d in audit.find_definitions(text)] == ["license"]


def test_definition_terms_reach_the_glossary_by_term_or_alias() -> None:
    text = '"Model" shall mean the weights. "You" (or "Your") means a user. "Output" means it.'
    glossary = [SimpleNamespace(term="model"), SimpleNamespace(term="User", aliases=["You"])]
    result = audit.audit_text("t", text, [], glossary)
    assert (result.definition_ok, result.definition_total) == (2, 3)
    assert result.misses["definition"][0].startswith("'Output' (means)")


# ------------------------------------------------------------------------- end to end

def test_audit_runs_on_three_scancode_texts(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    if scancode_licenses_dir() is None:
        pytest.skip("ScanCode licence data not installed (pip install -e '.[test]')")
    out = tmp_path / "audit.json"
    keys = ["mit", "apache-2.0", "cc-by-4.0"]
    assert audit.main([*keys, "--worst", "3", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "| check | passed | total | rate |" in printed
    assert "texts: 3; analysed: 3; skipped: 0" in printed
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(payload["per_text"]) == sorted(keys)
    for check in audit.CHECKS:
        row = payload["rates"][check]
        assert 0 <= row["passed"] <= row["total"]
    apache = payload["per_text"]["apache-2.0"]
    assert apache["open_total"] >= 9  # 1. to 9. and (a) to (d) at least
    assert apache["sequence"] == list(range(1, 10))
    assert apache["definition_total"] >= 10  # "License" ... "Contributor"

"""Tests of licenseparse.compare on real licence texts (ScanCode data; skipped without)."""

from __future__ import annotations

import json

import pytest
from markdown_it import MarkdownIt

from licenseparse import Profile
from licenseparse.compare import (
    PROFILE_TITLES,
    Comparison,
    chain,
    compare,
    matrix,
    render_chain_md,
    render_comparison_md,
    render_matrix_md,
)

from .conftest import analysed

LLAMA2 = "llama-2-license-2023"
LLAMA31 = "llama-3.1-license-2024"
LLAMA32 = "llama-3.2-license-2024"
GEMMA = "gemma-tou-2024-04-01"

_CACHE: dict[tuple[str, str], Comparison] = {}


def compared(a: str, b: str) -> Comparison:
    """Compare two ScanCode licences once per session (skips without the data)."""
    if (a, b) not in _CACHE:
        _CACHE[(a, b)] = compare(analysed(a), analysed(b))
    return _CACHE[(a, b)]


def tables(markdown: str) -> list[tuple[list[str], int]]:
    """Return (header cells, body row count) for every table the Markdown renders."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    found: list[tuple[list[str], int]] = []
    header: list[str] | None = None
    rows = 0
    in_head = False
    for n, token in enumerate(tokens):
        if token.type == "table_open":
            header, rows = [], 0
        elif token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "th_open" and in_head and header is not None:
            header.append(tokens[n + 1].content)
        elif token.type == "tr_open" and not in_head:
            rows += 1
        elif token.type == "table_close" and header is not None:
            found.append((header, rows))
    return found


def test_compare_profile_titles_cover_every_field() -> None:
    assert list(PROFILE_TITLES) == list(Profile.model_fields)


def test_compare_llama2_llama31_output_training_prohibited_to_conditional() -> None:
    c = compared(LLAMA2, LLAMA31)
    change = next(p for p in c.profile_changes if p.field == "output_model_training")
    assert (change.a_value, change.b_value) == ("prohibited", "conditional")
    assert [q.clause_path for q in change.a_quotes] == ["1.b.v"]
    assert [q.clause_path for q in change.b_quotes] == ["1.b.i"]
    assert "You will not use the Llama Materials" in change.a_quotes[0].quote
    assert "train, fine tune" in change.b_quotes[0].quote
    assert change.sentence.startswith(
        f"Training other models on outputs: prohibited in {LLAMA2} (1.b.v: \"")
    assert f"→ conditional in {LLAMA31} (1.b.i: \"" in change.sentence
    assert change.sentence.endswith('with the naming rule "Llama" prefix.')
    assert change.sentence in c.sentences
    # The same change seen as findings: a different rule of the same kind, both quoted.
    finding = next(f for f in c.finding_changes if f.kind == "use.output-training")
    assert finding.status == "changed"
    assert finding.a is not None and finding.b is not None
    assert (finding.a.rule_id, finding.b.rule_id) == (
        "use.output-training-prohibited", "use.output-training-conditional")
    assert finding.param_changes == {"naming": [None, "Llama"]}
    naming = next(p for p in c.profile_changes if p.field == "derivative_naming")
    assert (naming.a_value, naming.b_value) == (None, "Llama")
    assert any("naming rule" in s.lower() and '"Llama"' in s for s in c.sentences)
    assert not c.identical


def test_compare_llama2_llama31_clause_alignment() -> None:
    c = compared(LLAMA2, LLAMA31)
    statuses = {p.status for p in c.clauses}
    assert {"unchanged", "changed"} <= statuses
    by_path = {(p.a_path, p.b_path): p for p in c.clauses}
    # Numbering aside, the governing-law clause is the same text, kinds and all.
    law = by_path[("7", "7")]
    assert law.status == "unchanged" and law.sentence is None
    assert law.a_kinds == law.b_kinds == ["form.governing-law", "form.venue"]
    # 1.b.i gained the naming and attribution rules: changed, with a word diff.
    redistribution = by_path[("1.b.i", "1.b.i")]
    assert redistribution.status == "changed"
    inserted = " ".join(op.query for op in redistribution.word_diff if op.op != "equal")
    assert "Built with Llama" in inserted
    assert "redistribution.naming" in redistribution.b_kinds
    assert "redistribution.naming" not in redistribution.a_kinds
    # Llama 2's ban on training other models has no counterpart clause in Llama 3.1.
    ban = by_path[("1.b.v", None)]
    assert ban.status == "only_a" and ban.a_kinds == ["use.output-training"]
    assert ban.sentence is not None and ban.sentence in c.sentences


def test_compare_llama31_gemma_differences_quote_both_sides() -> None:
    c = compared(LLAMA31, GEMMA)
    profile = {p.field: p for p in c.profile_changes}
    cap = profile["mau_threshold"]
    assert (cap.a_value, cap.b_value) == (700_000_000, None)
    assert cap.a_quotes and "700 million" in cap.a_quotes[0].quote
    assert cap.sentence.startswith(f"Monthly active user cap: 700,000,000 in {LLAMA31} (2: ")
    assert cap.sentence.endswith(f"; none in {GEMMA}.")
    remote = profile["remote_restriction"]
    assert (remote.a_value, remote.b_value) == (False, True)
    assert "restrict (remotely or otherwise)" in remote.b_quotes[0].quote
    assert profile["derivative_naming"].a_value == "Llama"
    assert profile["attribution_display"].a_value == "Built with Llama"
    findings = {f.kind: f for f in c.finding_changes}
    # Incorporated policies: both incorporate one, a different one.
    policy = findings["use.policy-incorporated"]
    assert policy.status == "changed" and policy.a is not None and policy.b is not None
    assert policy.param_changes["policy"] == ["Acceptable Use Policy", "Prohibited Use Policy"]
    assert "Acceptable Use Policy" in policy.a.quote
    assert "Prohibited Use Policy" in policy.b.quote
    # Notice requirements: both require a Notice, with different wording.
    notice = findings["redistribution.notice"]
    assert notice.status == "changed" and notice.a is not None and notice.b is not None
    assert notice.a.clause_path == "1.b.iii" and "Notice" in notice.a.quote
    assert notice.b.clause_path == "3.1.p1.p4"
    assert "Gemma Terms of Use" in notice.param_changes["notice"][1]
    assert notice.sentence in c.sentences
    for kind in ("redistribution.naming", "redistribution.attribution-display"):
        assert findings[kind].status == "only_a"
    assert findings["licensor.remote-restriction"].status == "only_b"
    assert any(s.startswith("Licensor may restrict use remotely: no in") for s in c.sentences)


def test_compare_llama31_gemma_common_ground() -> None:
    c = compared(LLAMA31, GEMMA)
    common = {g.field: g for g in c.common_ground}
    law = common["governing_law"]
    assert law.value == "California"
    assert law.a_quotes[0].clause_path == "7" and law.b_quotes[0].clause_path == "4.6.p1"
    assert "State of California" in law.a_quotes[0].quote
    assert "State of California" in law.b_quotes[0].quote
    assert law.sentence.startswith("Governing law: California in both")
    acceptance = common["clickwrap_or_use_acceptance"]
    assert acceptance.value == "yes"
    assert "by using" in acceptance.a_quotes[0].quote
    assert "By using" in acceptance.b_quotes[0].quote
    # Common ground is not a difference.
    assert all(g.sentence not in c.sentences for g in c.common_ground)


def test_compare_apache_mit_patent_and_notice() -> None:
    c = compared("apache-2.0", "mit")
    patent = next(p for p in c.profile_changes if p.field == "patent_grant")
    assert (patent.a_value, patent.b_value) == ("yes", "no")
    assert patent.a_quotes[0].clause_path == "3"
    assert patent.sentence in c.sentences
    kinds = {f.kind: f for f in c.finding_changes}
    assert kinds["grant.patent"].status == "only_a"
    # Both keep notices (MIT's "copyright notice ... shall be included in all copies"),
    # in different words: a changed clause, each side quoted.
    notice = kinds["redistribution.notice"]
    assert notice.status == "changed"
    assert notice.a is not None and notice.b is not None
    assert "NOTICE" in notice.a.quote or "notices" in notice.a.quote
    assert "copyright notice" in notice.b.quote and "all copies" in notice.b.quote
    for side in (c.a, c.b):
        for framework in ("freedoms", "osd", "osaid"):
            assert all(v.status != "restricted"
                       for v in getattr(side.verdicts, framework).values())
    assert all(v.a_status != "restricted" and v.b_status != "restricted"
               for v in c.verdict_changes)


@pytest.mark.parametrize("key", [LLAMA31, "mit"])
def test_compare_self_is_identical(key: str) -> None:
    c = compared(key, key)
    assert c.identical is True
    assert not (c.profile_changes or c.verdict_changes or c.finding_changes or c.sentences)
    assert c.clauses and {p.status for p in c.clauses} == {"unchanged"}
    assert all(p.similarity == 1.0 and not p.word_diff for p in c.clauses)
    assert (c.a_label, c.b_label) == (f"{key} (A)", f"{key} (B)")
    assert "No differences" in render_comparison_md(c)


def test_compare_json_excludes_analyses_keeps_quotes() -> None:
    c = compared(LLAMA2, LLAMA31)
    data = json.loads(c.model_dump_json())
    assert "a" not in data and "b" not in data
    assert data["identical"] is False
    change = next(p for p in data["profile_changes"] if p["field"] == "output_model_training")
    assert change["a_quotes"][0]["quote"].startswith("v. You will not use")
    # Deterministic: the same comparison twice gives the same JSON.
    again = compare(analysed(LLAMA2), analysed(LLAMA31))
    assert again.model_dump_json() == c.model_dump_json()


def test_compare_sentences_are_short_quotes() -> None:
    c = compared(LLAMA31, GEMMA)
    for change in c.finding_changes:
        for ref in (change.a, change.b):
            assert ref is None or len(ref.quote) <= 201


def test_chain_llama_versions_two_steps() -> None:
    steps = chain([analysed(LLAMA2), analysed(LLAMA31), analysed(LLAMA32)])
    assert [(s.a_label, s.b_label) for s in steps] == [(LLAMA2, LLAMA31), (LLAMA31, LLAMA32)]
    assert not steps[0].identical
    # 3.1 -> 3.2: the profile stays; only names, dates and URLs change.
    assert steps[1].profile_changes == []
    markdown = render_chain_md(steps)
    assert markdown.startswith(f"# Licence chain: {LLAMA2} → {LLAMA31} → {LLAMA32}")
    assert "## Step 1: Comparison" in markdown and "## Step 2: Comparison" in markdown


def test_matrix_three_licences() -> None:
    m = matrix([analysed(LLAMA31), analysed(GEMMA), analysed("mit")])
    assert m.columns == [LLAMA31, GEMMA, "mit"]
    verdict_count = 4 + 10 + 4
    assert len(m.rows) == len(Profile.model_fields) + verdict_count
    assert [r.key for r in m.rows if r.group == "profile"] == list(Profile.model_fields)
    assert all(len(r.values) == 3 for r in m.rows)
    cap = next(r for r in m.rows if r.key == "mau_threshold")
    assert cap.values == ["700,000,000", "none", "none"] and cap.differs
    law = next(r for r in m.rows if r.key == "governing_law")
    assert law.values == ["California", "California", "none"]
    grant = next(r for r in m.rows if r.key == "grant_use")
    assert not grant.differs
    [(header, rows)] = tables(render_matrix_md(m))
    assert header == ["Item", LLAMA31, GEMMA, "mit", "Differs"]
    assert rows == len(m.rows)


def test_render_comparison_md_tables_parse() -> None:
    c = compared(LLAMA31, GEMMA)
    markdown = render_comparison_md(c)
    found = tables(markdown)
    headers = [h for h, _ in found]
    assert headers == [
        ["Field", LLAMA31, GEMMA],
        ["Item", LLAMA31, GEMMA],
        ["Status", LLAMA31, GEMMA, "Similarity", "Kinds"],
    ]
    counts = [n for _, n in found]
    assert counts == [len(c.profile_changes), len(c.verdict_changes), len(c.clauses)]
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    assert html.count("<table>") == 3
    assert "Prohibited Use Policy" in markdown and "Acceptable Use Policy" in markdown
    assert "## Common ground" in markdown


def test_render_comparison_md_word_diff() -> None:
    markdown = render_comparison_md(compared(LLAMA2, LLAMA31))
    assert "### Changed clauses" in markdown
    assert "LLAMA ~~2~~ **3.1** COMMUNITY LICENSE AGREEMENT" in markdown
    html = MarkdownIt("commonmark").enable("strikethrough").render(markdown)
    assert "<s>2</s> <strong>3.1</strong>" in html


def test_render_comparison_md_escapes_cells() -> None:
    c = compare("You may not use the Software | for commercial purposes.\nNever.",
                "You may use the Software for any purpose.")
    markdown = render_comparison_md(c)
    found = tables(markdown)
    assert [len(h) for h, _ in found] == [3, 3, 5]
    assert [n for _, n in found] == [len(c.profile_changes), len(c.verdict_changes),
                                     len(c.clauses)]
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "You may not use the Software | for commercial purposes." in html

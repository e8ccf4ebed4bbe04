"""Segmentation: numbering styles, headings, definitions, sentences, references."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from licenseparse.known import scancode_licenses_dir, split_front_matter
from licenseparse.segment import (
    _tokenizable,
    build_pipeline,
    segment,
    sentence_spans,
    sentence_view,
)

from .conftest import scancode_or_skip


def _paths(text: str, markdown: bool = False) -> list[str]:
    seg = segment(text, lambda s, e: (s, e), text, markdown=markdown)
    return [c.path for c in seg.clauses]


def _clauses(text: str, markdown: bool = False):  # type: ignore[no-untyped-def]
    return segment(text, lambda s, e: (s, e), text, markdown=markdown).clauses


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. First.\n2. Second.\n", ["1", "2"]),
        ("1. Grant.\n1.1 Use it.\n1.2 Share it.\n2. End.\n", ["1", "1.1", "1.2", "2"]),
        ("1. Grant.\na. Use.\nb. Share.\n", ["1", "1.a", "1.b"]),
        ("1. Grant.\n(a) Use.\n(b) Share.\n", ["1", "1.a", "1.b"]),
        ("1. Grant.\na. Items.\ni. One.\nii. Two.\niv. Four.\n",
         ["1", "1.a", "1.a.i", "1.a.ii", "1.a.iv"]),
        ("a. A.\nb. B.\nc. C.\nd. D.\ne. E.\nf. F.\ng. G.\nh. H.\ni. I is a letter here.\n",
         ["a", "b", "c", "d", "e", "f", "g", "h", "i"]),
        ("1(a) First.\n1(b) Second.\n", ["1.a", "1.b"]),
        ("Section 1. Use.\n(a) Anyone.\nSection 2. Share.\n", ["1", "1.a", "2"]),
        ("ARTICLE I\n1. Terms.\nARTICLE II\n2. More.\n", ["I", "1", "II", "2"]),
        ("ARTICLE I\n1. Terms.\nARTICLE II\n1. More.\n", ["I", "I.1", "II", "II.1"]),
        ("(iv) Roman item.\n(v) Next roman item.\n", ["iv", "v"]),
        ("A. Upper.\nB. Upper again.\n", ["A", "B"]),
    ],
)
def test_segment_numbering_styles(text: str, expected: list[str]) -> None:
    assert _paths(text) == expected


def test_segment_markdown_headings_and_nested_lists() -> None:
    text = ("# Licence\n\nPreamble text.\n\n## Use\n\nYou agree not to:\n\n"
            "1. Break the law, including to:\n    1. Harm people\n    1. Spam\n"
            "2. Deceive others\n")
    clauses = _clauses(text, markdown=True)
    by_path = {c.path: c for c in clauses}
    assert ["1", "1.1", "1.2", "2"] == [c.path for c in clauses if c.label]
    assert by_path["1.2"].text == "1. Spam"
    assert by_path["1.1"].parent == "1"
    headings = [c.heading for c in clauses if c.kind == "heading"]
    assert headings == ["Licence", "Use"]


def test_segment_caps_heading_and_inline_heading() -> None:
    text = ("ACME MODEL LICENSE AGREEMENT\n\n1. License Rights. You may use the model.\n"
            "2. Additional Commercial Terms. If you are large, ask us.\n")
    clauses = _clauses(text)
    assert clauses[0].kind == "heading" and clauses[0].heading == "ACME MODEL LICENSE AGREEMENT"
    assert clauses[1].heading == "License Rights"
    assert clauses[2].heading == "Additional Commercial Terms"
    assert clauses[1].parent == clauses[0].id


def test_segment_definitions_build_glossary() -> None:
    text = ('"Agreement" means these terms.\n\n\u201cModel\u201d shall mean the weights.\n\n'
            '"Licensee" or "you" means you.\n')
    working = text.replace("\u201c", '"').replace("\u201d", '"')
    seg = segment(working, lambda s, e: (s, e), text)
    assert [t.term for t in seg.glossary] == ["Agreement", "Model", "Licensee"]
    assert all(c.kind == "definition" for c in seg.clauses)


def test_segment_bulleted_definitions_with_hyphens_build_glossary() -> None:
    # The body of a "-" bullet starts after the bullet, not at the next hyphen in the text.
    text = ('Definitions:\n- "Model" means the machine-learning weights.\n'
            '- "You" means a user of an end-use application.\n')
    seg = segment(text, lambda s, e: (s, e), text)
    assert [t.term for t in seg.glossary] == ["Model", "You"]


def test_segment_hard_wrapped_numbers_do_not_start_clauses() -> None:
    text = "1. You may use the work as described in Section\n2. of the manual.\n"
    assert _paths(text) == ["1"]


def test_segment_wrapped_list_continues_sequence() -> None:
    text = "1. Violence or terrorism\n2. Exploitation of children or failure to report\n3. Spam\n"
    assert _paths(text) == ["1", "2", "3"]


def test_segment_acceptance_and_preamble() -> None:
    text = ("Acme Licence\n\nBy clicking Accept or using the model, you agree to these terms.\n\n"
            "1. Grant. You may use it.\n")
    kinds = [c.kind for c in _clauses(text)]
    assert kinds == ["heading", "acceptance", "section"]


def test_segment_cross_references() -> None:
    text = ("1. See Section 1(a), Section 2.b.iv, Attachment A and "
            "https://example.com/policy. for details.\n")
    refs = _clauses(text)[0].references
    assert [(r.kind, r.target) for r in refs] == [
        ("section", "1.a"), ("section", "2.b.iv"), ("attachment", "A"),
        ("url", "https://example.com/policy")]


def test_segment_abbreviations_do_not_split_sentences() -> None:
    text = ("Meta Platforms, Inc. grants you rights, e.g. to copy it under U.S. law "
            "and Sec. 4 of it. You agree.")
    seg = segment(text, lambda s, e: (s, e), text)
    sentences = [text[s:e] for s, e in seg.clauses[0].sentences]
    assert sentences == [
        "Meta Platforms, Inc. grants you rights, e.g. to copy it under U.S. law and Sec. 4 of it.",
        "You agree."]


@pytest.mark.parametrize("key", ["llama-3.1-license-2024", "apache-2.0", "gpl-3.0",
                                 "bigscience-open-rail-m"])
def test_sentence_spans_equal_spacy_sentencizer(key: str) -> None:
    text = scancode_or_skip(key)
    nlp = build_pipeline()
    expected = [(s.start_char, s.end_char) for s in nlp(text).sents]
    got = sentence_spans(nlp.make_doc(text))
    # Ours run up to the next sentence; the Sentencizer's stop at the last token.
    assert [(a, a + len(text[a:b].rstrip())) for a, b in got] == [
        (a, a + len(text[a:b].rstrip())) for a, b in expected]


def test_segment_llama31_tree() -> None:
    text = scancode_or_skip("llama-3.1-license-2024")
    seg = segment(text, lambda s, e: (s, e), text)
    paths = [c.path for c in seg.clauses if c.label]
    assert paths == ["1", "1.a", "1.b", "1.b.i", "1.b.ii", "1.b.iii", "1.b.iv", "2", "3", "4",
                     "5", "5.a", "5.b", "5.c", "6", "7"]
    terms = [t.term for t in seg.glossary]
    assert terms[:3] == ["Agreement", "Documentation", "Licensee"]
    by_path = {c.path: c for c in seg.clauses}
    assert by_path["1.b.iv"].parent == "1.b"
    assert by_path["1.a"].heading == "Grant of Rights"
    assert any(r.target == "1.b.i" for r in by_path["5.a"].references)


def test_segment_ids_unique_and_stable() -> None:
    text = scancode_or_skip("gpl-3.0")
    first = segment(text, lambda s, e: (s, e), text)
    second = segment(text, lambda s, e: (s, e), text)
    ids = [c.id for c in first.clauses]
    assert len(ids) == len(set(ids))
    assert ids == [c.id for c in second.clauses]


def _full_and_masked(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    nlp = build_pipeline()
    view = sentence_view(text)
    assert len(view) == len(text)
    # The full text as the segmenter tokenized it before: over-long runs cut.
    return sentence_spans(nlp.make_doc(_tokenizable(text))), sentence_spans(nlp.make_doc(view))


def test_sentence_view_keeps_every_boundary_of_every_scancode_text() -> None:
    # The segmenter tokenizes only what can move a sentence boundary; on every real
    # licence text the sentences must be exactly those of the fully tokenized text.
    folder = scancode_licenses_dir()
    if folder is None:
        pytest.skip("ScanCode licence data not installed (pip install -e '.[test]')")
    differing = []
    for path in sorted(folder.glob("*.LICENSE")):
        _, text = split_front_matter(path.read_text(encoding="utf-8", errors="replace"))
        full, masked = _full_and_masked(text)
        if full != masked:
            differing.append(path.stem)
    assert differing == []


# Words, marks, quotes, brackets, the one special case across two chunks ("et al."),
# abbreviations and every kind of whitespace the tokenizer splits on.
_PIECES = st.sampled_from([
    "word", "Inc.", "et", "al.", "e.g.", "U.S.", ".", "!", "?", ";", "\u3002", "...",
    '"', "'", "(", ")", "(a)", "--", "\u2014", "\u00ab", "$5", "1.2", "x.y", "\u00e9t\u00e9.",
    "#", "*", "x" * 150, "(" * 120, "a." * 60,
    " ", "  ", "\n", "\n\n", "\t", "\xa0", "\x1c", "\u2003", "\u3000",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_sentence_view_keeps_boundaries_on_adversarial_text(text: str) -> None:
    full, masked = _full_and_masked(text)
    assert masked == full


def test_next_label_written_less_indented_stays_a_sibling() -> None:
    # "v." flush left after an indented "iv." is the list's next item, not iv's child.
    text = ("1. Grant.\n  b. Rights.\n          iii. Third.\n\n          iv. Fourth.\n\n"
            "v. Fifth, added flush left.\n\n2. Next section.\n")
    assert _paths(text) == ["1", "1.b", "1.b.iii", "1.b.iv", "1.b.v", "2"]


# ---------------------------------------------------------------- layouts (issue 12)

def _tree(text: str, markdown: bool = False) -> dict[str, tuple[str | None, str | None]]:
    """Map each clause path to (heading, parent path)."""
    return {c.path: (c.heading, c.parent) for c in _clauses(text, markdown=markdown)}


def test_segment_title_line_owns_the_paragraphs_under_it() -> None:
    text = ("1. Definitions.\n\nA word we use.\n\nAnother word we use.\n\n"
            "2. Termination of Rights.\n\nIt ends when you breach it.\n")
    tree = _tree(text)
    assert tree["1"] == ("Definitions", None)
    assert tree["1.p1"][1] == "1" and tree["1.p2"][1] == "1"
    assert tree["2"] == ("Termination of Rights", None)
    assert tree["2.p1"][1] == "2"


def test_segment_title_line_with_its_body_on_the_next_line() -> None:
    text = "2.1. The Initial Grant.\nSubject to these terms, you may use it.\n2.2. More.\n"
    tree = _tree(text)
    assert tree["2.1"][0] == "The Initial Grant"
    assert tree["2.1.p1"][1] == "2.1"
    assert "2.2" in tree


def test_segment_section_and_article_titles() -> None:
    text = ("Section 1 \u2013 Definitions\n\nWords.\n\nARTICLE II\nGRANT OF RIGHTS\n\n"
            "You may use it.\n\nSection 3 of this text applies to everything.\n")
    tree = _tree(text)
    assert tree["1"] == ("Definitions", None)
    assert tree["II"] == ("GRANT OF RIGHTS", None)
    assert tree["II.p1"][1] == "II"
    # A section word followed by a lower-case word is prose, not a label.
    assert "3" not in tree


def test_segment_numbering_that_runs_across_titled_parts_is_global() -> None:
    text = ("Section I: PREAMBLE\n\n1. Definitions.\n\n2. Scope.\n\n"
            "Section II: GRANTS\n\n3. Grant.\n\n4. Patents.\n")
    paths = [c.path for c in _clauses(text) if c.label]
    assert paths == ["I", "1", "2", "II", "3", "4"]
    assert _tree(text)["3"][1] == "II"


def test_segment_roman_title_and_compound_labels() -> None:
    assert _paths("I. DEFINITIONS\n\nII. GRANT\n") == ["I", "II"]
    assert [c.heading for c in _clauses("I. DEFINITIONS\n\nII. Grant of Rights\n")] == [
        "DEFINITIONS", "Grant of Rights"]
    assert _paths("1.a) Grant.\n\n1.b) Limits.\n\n7a) Assignment.\n") == ["1.a", "1.b", "7.a"]
    assert _paths("1.) DEFINITIONS\n\n2.) SCOPE\n") == ["1", "2"]
    assert _paths("3.0 Rights granted\n\n3.1 Scope of it.\n\n4.0 Conditions\n") == [
        "3", "3.1", "4"]


def test_segment_numbers_that_are_not_clauses() -> None:
    text = ("1. Grant. You may use it as Section\n2. of the manual says.\n\n"
            "2. Limits. The terms in section\n4 of this licence shall apply.\n\n"
            "3. Notices. Version\n2.0 of the notice.\n\nv. 2.1 is the version.\n")
    assert [c.path for c in _clauses(text) if c.label] == ["1", "2", "3"]


def test_segment_lead_in_lists_in_every_form() -> None:
    text = ("4. Restrictions.\n\n   a. You may not:\ni. modify the Software;\n"
            "ii. copy the Software; or\niii. redistribute:\n\n1. the whole;\n2. parts.\n\n"
            "   b. You shall not:\n\no  rent it;\no  lend it.\n\n"
            "   c. You must not:\n      sell it to others;\n      host it for others.\n\n"
            "   d. You may: (i) copy it for backup, (ii) print the manual.\n\n"
            "5. Ownership. We own it.\n")
    tree = _tree(text)
    assert [p for p in tree if p.startswith("4.a.")] == [
        "4.a.i", "4.a.ii", "4.a.iii", "4.a.iii.1", "4.a.iii.2"]
    assert [p for p, (_, parent) in tree.items() if parent == "4.b"] == ["4.b.b1", "4.b.b2"]
    assert [p for p, (_, parent) in tree.items() if parent == "4.c"] == ["4.c.b1", "4.c.b2"]
    assert [p for p, (_, parent) in tree.items() if parent == "4.d"] == ["4.d.i", "4.d.ii"]
    assert tree["5"][1] is None
    by_path = {c.path: c for c in _clauses(text)}
    assert by_path["4.d"].text == "d. You may:"
    assert by_path["4.d.i"].text == "(i) copy it for backup,"


def test_segment_lead_in_owns_the_paragraph_it_introduces() -> None:
    text = ("Permission is granted, subject to the following conditions:\n\n"
            "The notice shall be kept.\n\nTHE SOFTWARE IS PROVIDED AS IS.\n")
    tree = _tree(text)
    assert tree["p1.p1"][1] == "p1"
    assert tree["p2"][1] is None


def test_segment_headings_in_capitals_titles_and_markdown() -> None:
    text = ("ACME MODEL LICENSE\n\nAcme Model License Version 1.0\n\n"
            "IN NO EVENT UNLESS REQUIRED BY APPLICABLE LAW OR AGREED TO IN WRITING\n"
            "WILL ANY COPYRIGHT HOLDER BE LIABLE TO YOU FOR DAMAGES.\n")
    clauses = _clauses(text)
    assert [c.kind for c in clauses] == ["heading", "heading", "preamble"]
    md = "# Licence\n\n**Permitted uses**\n\nYou may run it.\n\n## 3. Attribution\n\nKeep it.\n"
    tree = _tree(md, markdown=True)
    assert tree["3"] == ("Attribution", "h1")


def test_segment_bold_line_is_a_heading_in_markdown_input() -> None:
    from licenseparse import analyze

    md = "# Licence\n\n**Permitted uses**\n\nYou may run it.\n\n**Prohibited uses**\n\nNo.\n"
    result = analyze(md.encode(), name="LICENSE.md")
    headings = [(c.heading, c.parent) for c in result.clauses if c.kind == "heading"]
    assert headings == [("Licence", None), ("Permitted uses", "h1"), ("Prohibited uses", "h1")]


def test_segment_glossary_forms_aliases_and_licensee() -> None:
    text = ('1. Definitions.\n\n"You" (or "Your") means the person exercising these '
            'rights.\n\nTo "modify" a work means to adapt it.\n\nThe weights (the '
            '\u201cModel\u201d) are licensed.\n')
    seg = segment(text, lambda s, e: (s, e), text)
    by_term = {t.term: t for t in seg.glossary}
    assert set(by_term) == {"You", "modify", "Model"}
    assert by_term["You"].licensee and by_term["You"].aliases == ["Your"]
    assert not by_term["modify"].licensee
    for term in seg.glossary:
        assert term.term_start is not None and term.term_end is not None
        assert text[term.term_start:term.term_end] == term.term
        assert term.start <= term.term_start < term.term_end <= term.end
        assert term.clause_id.startswith("1.")


def test_segment_acceptance_licences_read_as_their_layout_says() -> None:
    agpl = segment(*(lambda t: (t, lambda s, e: (s, e), t))(scancode_or_skip("agpl-3.0")))
    sections = [(c.path, c.heading) for c in agpl.clauses if c.kind == "section"]
    assert [p for p, _ in sections] == [str(n) for n in range(18)]
    assert all(h for _, h in sections)
    by_path = {c.path: c for c in agpl.clauses}
    assert by_path["0.p1"].parent == "0" and by_path["5.a"].parent is not None
    assert {"covered work", "propagate", "convey", "Corresponding Source"} <= {
        t.term for t in agpl.glossary}
    ecl = segment(*(lambda t: (t, lambda s, e: (s, e), t))(scancode_or_skip("ecl-2.0")))
    assert [(c.path, c.heading) for c in ecl.clauses if c.kind == "section"][:4] == [
        ("1", "Definitions"), ("2", "Grant of Copyright License"),
        ("3", "Grant of Patent License"), ("4", "Redistribution")]
    active = segment(*(lambda t: (t, lambda s, e: (s, e), t))(
        scancode_or_skip("activestate-community-2012")))
    lead_in = next(c for c in active.clauses if c.path == "4.a")
    assert lead_in.text.rstrip().endswith("may not:")
    assert lead_in.children == [f"4.a.{n}" for n in ("i", "ii", "iii", "iv", "v", "vi")]


def test_segment_centred_title_lines_own_a_flush_body() -> None:
    # Titles indented over a flush-left body ("    2. Limitations."): the paragraphs and
    # the clauses after them stay in the section, and the next title is its sibling.
    text = ("    1. License.\n\n1.1 Grant\n\nYou may use it.\n\n"
            "    2. Limitations.\n\nThe following limits apply:\n\n"
            "2.1 You may not sell it.\n\n2.2 You may not rent it.\n\n"
            "    3. Ownership.\n\nWe own it.\n")
    tree = _tree(text)
    assert tree["2"] == ("Limitations", None)
    assert tree["2.p1"][1] == "2"
    assert tree["3"] == ("Ownership", None)
    assert tree["3.p1"][1] == "3"
    tree = _tree("    Article 1 - TERMS\n\nThey apply.\n\n    Article 2 (Term)\n\nA year.\n")
    assert tree["1"] == ("TERMS", None) and tree["1.p1"][1] == "1"
    assert tree["2"] == ("Term", None) and tree["2.p1"][1] == "2"


def test_segment_run_in_clauses_written_on_one_line() -> None:
    # A text that keeps a whole part on one line: each label after a sentence with a
    # run-in title opens a clause; an enumeration or a reference in prose does not.
    text = ("GENERAL TERMS\n\nThese terms apply to you. a. Attribution & Notice. You must "
            "keep the notice: (i) in the source, (ii) in the docs. b. Use Limits. You must "
            "follow the law, as Section 3. of the policy says. c. Ownership. (i) Marks. "
            "We keep our marks. (ii) Outputs. You own your outputs.\n")
    paths = [(c.path, c.heading) for c in _clauses(text) if c.label]
    assert paths == [("a", "Attribution & Notice"), ("a.i", None), ("a.ii", None),
                     ("b", "Use Limits"), ("c", "Ownership"), ("c.i", "Marks"),
                     ("c.ii", "Outputs")]


def test_segment_titles_in_more_forms() -> None:
    # No space after the number or the title's stop, a title in bold marks, a title run
    # in by a dash or a colon.
    clauses = _clauses(
        "1.Definitions\n\na. Model means the weights.\n\n"
        "2. Support.From time to time we may help.\n\n"
        "3. **Warranty.** None is given.\n\n"
        "4. Grant - You may copy the weights.\n\n"
        "5. BINDING ARBITRATION.This section applies to you.\n\n"
        "Attribution right: the licensee keeps every notice.\n")
    found = {c.path: c.heading for c in clauses}
    assert found["1"] == "Definitions" and "1.a" in found
    assert found["2"] == "Support"
    assert found["3"] == "Warranty"
    assert found["4"] == "Grant"
    assert found["5"] == "BINDING ARBITRATION"
    assert any(c.heading == "Attribution right" for c in clauses if not c.label)


def test_segment_title_lines_a_text_opens_with() -> None:
    # A name over the kind of document is one title; a version line stays its own.
    clauses = _clauses("ADOBE\nPersonal Computer Software License Agreement\n\n"
                       "1. Grant. You may use it.\n")
    assert clauses[0].heading == "ADOBE Personal Computer Software License Agreement"
    clauses = _clauses("Acme Public License\nVersion 1.0 - March 1, 1999\n\n1. Grant.\n")
    assert clauses[0].heading == "Acme Public License"


def test_segment_title_over_an_indented_body_and_framed_titles() -> None:
    # Section numbers lost: "Grant of Copyright License." over an indented body is a title.
    clauses = _clauses("Grant of Copyright License.\n        Each contributor grants you a "
                       "licence.\n\nDisclaimer of Warranty.\n\n        It comes as is.\n")
    assert [c.heading for c in clauses if c.heading] == [
        "Grant of Copyright License", "Disclaimer of Warranty"]
    # A title underlined inside a frame of "*" (MPL's boxed disclaimers).
    frame = "*" * 40
    text = (f"5. Termination.\n\nIt ends.\n\n{frame}\n*{' ' * 38}*\n"
            f"*  6. Disclaimer of Warranty{' ' * 11}*\n*  {'-' * 25}{' ' * 11}*\n"
            f"*{' ' * 38}*\n*  It comes as is.{' ' * 21}*\n{frame}\n")
    assert {c.path: c.heading for c in _clauses(text)}["6"] == "Disclaimer of Warranty"


def test_segment_one_line_lists_in_capitals_and_bilingual_lines() -> None:
    text = ("13. LIMITS. WE ARE NOT LIABLE FOR: (I) YOUR USE OF IT; (II) CHANGES TO IT; "
            "OR (III) LOSS OF DATA.\n")
    assert [c.path for c in _clauses(text) if c.label] == ["13", "13.I", "13.II", "13.III"]
    # A Chinese clause and its English version on the next line are two clauses.
    text = "1.1 模型:是指随附的参数。\n1.1 \u201cModel\u201d means the parameters.\n"
    assert [c.path for c in _clauses(text)] == ["1.1", "1.1~2"]


def test_segment_headings_as_questions_long_phrases_and_wrapped_titles() -> None:
    text = ("What can I do with the model?\n\nYou may run it.\n\n"
            "Limitations on use of the model and its outputs\n\nDo not harm people.\n\n"
            "Creative Commons Attribution-NonCommercial 4.0 International Public\nLicense\n\n"
            "By exercising the rights you accept the terms.\n")
    assert [c.heading for c in _clauses(text) if c.heading] == [
        "What can I do with the model?", "Limitations on use of the model and its outputs",
        "Creative Commons Attribution-NonCommercial 4.0 International Public License"]
    # A one-line sentence or a question inside the text is no heading.
    assert all(c.heading is None for c in _clauses(
        "You must keep the notice in every copy of the model\n\nWhy? Because we say so.\n"))


def test_segment_citation_wrapped_onto_a_new_line_is_no_clause() -> None:
    text = ("10. Government Users. It is commercial software as used in 48 C.F.R.\n"
            "12.212 and 48 C.F.R. 227.7202-1 (June 1995).\n\n11. Miscellaneous. Law.\n")
    assert [c.path for c in _clauses(text) if c.label] == ["10", "11"]


def test_segment_items_that_lost_their_labels_stay_in_their_list() -> None:
    text = ("4. Redistribution.\n\nYou may share it, provided that you meet these conditions:\n\n"
            "You must give every recipient a copy of this licence; and\n\n"
            "You must mark the files you changed; and\n\n"
            "You must keep every notice.\n\n"
            "You may add your own notice.\n")
    tree = _tree(text)
    assert [p for p, (_, parent) in tree.items() if parent == "4.p1"] == [
        "4.p1.p1", "4.p1.p2", "4.p1.p3"]
    assert tree["4.p2"][1] == "4"


def test_segment_long_capitals_titles_and_a_sentence_in_capitals_under_one() -> None:
    text = ("C.     LICENSE TERMS AND CONDITIONS APPLICABLE TO DOWNLOADED FREE SOFTWARE "
            "PRODUCTS AND/OR TRIAL (DEMO) VERSIONS\nThe terms for free products are the same."
            "\n\nE.     LICENSE TERMS AND CONDITIONS APPLICABLE TO CERTAIN JURISDICTIONS\n"
            "THIS SECTION SETS FORTH PROVISIONS FOR CERTAIN JURISDICTIONS.\n"
            "IF ANY PROVISION CONFLICTS, THE REGULATIONS PREVAIL.\n\n"
            "F.     LICENSE TERMS AND CONDITIONS APPLICABLE TO\nSOFTWARE ACQUIRED FROM US\n\n"
            "a.\nDistribution & Attribution. You must keep the notice.\n")
    headings = {c.path: c.heading for c in _clauses(text)}
    assert headings["C"] is not None and headings["C"].endswith("(DEMO) VERSIONS")
    assert headings["E"] == "LICENSE TERMS AND CONDITIONS APPLICABLE TO CERTAIN JURISDICTIONS"
    assert headings["F"] == "LICENSE TERMS AND CONDITIONS APPLICABLE TO SOFTWARE ACQUIRED FROM US"
    assert headings["F.a"] == "Distribution & Attribution"


def test_segment_title_lines_of_a_text_written_a_paragraph_a_line() -> None:
    # Not hard-wrapped: a short line without a stop over the next is a title of its own.
    para = "We provide many services to people all over the world, every day, for free. " * 3
    text = (f"{para}\nWhat we expect from you\nFollow these terms and the service terms\n"
            f"{para}\nRespect others\n{para}\n{para}\n{para}\n")
    assert [c.heading for c in _clauses(text) if c.heading] == [
        "What we expect from you", "Follow these terms and the service terms",
        "Respect others"]


def test_segment_titles_with_dashes_questions_file_names_and_long_capitals() -> None:
    text = ("1. Grants.\n\n(A) Copyright Grant- Subject to these terms, you may copy it.\n\n"
            "(B) REDIST.TXT Files. You may share the files it lists.\n\n"
            "2. Who are You? You are the person who accepts these terms.\n\n"
            "3. H.264/AVC Software Encoding. The encoder is licensed separately.\n\n"
            "4. .NET FRAMEWORK SOFTWARE. The framework is part of the system.\n\n"
            "LIMITATION DES DOMMAGES-INT\u00c9R\u00caTS ET EXCLUSION DE RESPONSABILIT\u00c9 POUR "
            "LES DOMMAGES. Vous pouvez obtenir une indemnisation.\n\n"
            "APPENDIX: How to apply these terms to your work\n\nAttach the notice.\n")
    headings = {c.path: c.heading for c in _clauses(text)}
    assert headings["1.A"] == "Copyright Grant" and headings["1.B"] == "REDIST.TXT Files"
    assert headings["2"] == "Who are You?" and headings["3"] == "H.264/AVC Software Encoding"
    assert headings["4"] == ".NET FRAMEWORK SOFTWARE"
    assert [h for h in headings.values() if h and h.startswith(("LIMITATION", "APPENDIX"))] == [
        "LIMITATION DES DOMMAGES-INT\u00c9R\u00caTS ET EXCLUSION DE RESPONSABILIT\u00c9 POUR "
        "LES DOMMAGES", "APPENDIX: How to apply these terms to your work"]
    # A hyphenated word is no dash before a body, and a question the sentence goes on
    # from is no title.
    text = "1. Non-exclusive rights are given to you.\n\n2. Is it free? yes, it is.\n"
    assert all(c.heading is None for c in _clauses(text))


def test_segment_title_over_a_list_numbered_afresh_owns_it() -> None:
    text = ("2. Grant of Rights.\n\nYou may use it.\n\n3. Restrictions.\n\n"
            "1. You must keep this notice.\n\n2. You agree not to use it to:\n\n"
            "1. Surveillance\n\ni. Track any person.\n\n2. Health\n\ni. Deny a claim.\n\n"
            "4. Termination\n\nThese rights end if you breach them.\n")
    assert [c.path for c in _clauses(text) if c.label] == [
        "2", "3", "3.1", "3.2", "3.2.1", "3.2.1.i", "3.2.2", "3.2.2.i", "4"]
    # With a paragraph between them, a list numbered again is a new part of the text.
    text = ("1. Use.\n\nYou may use it.\n\n2. SUPPLEMENT\n\nThe terms below apply to the kit."
            "\n\n1. Interoperability.\n\n2. Limitations.\n")
    assert [c.path for c in _clauses(text) if c.label] == ["1", "2", "1~2", "2~2"]


def test_segment_wrapped_titles_labels_ending_a_line_and_lettered_lists_under_titles() -> None:
    text = ("12. Limitation of Liability. We owe nothing.\n\n13. Accepting Warranty or Additional"
            "\n    Liability. While redistributing Works you may offer support.\n")
    headings = {c.path: c.heading for c in _clauses(text)}
    assert headings["13"] == "Accepting Warranty or Additional Liability"
    # A list run into a paragraph in capitals, a label ending a line: no heading inside.
    text = ("(d) Terms. For customers in Europe the parties agree to this. NOTHING\n"
            "EXCLUDES LIABILITY FOR DAMAGES RESULTING FROM: (I) INTENT; (II)\n"
            "GROSS NEGLIGENCE; (III) INJURY TO LIFE; OR (IV)\nLIABILITIES UNDER THE ACT.\n\n"
            "Netherlands. For customers in the Netherlands, Dutch law applies.\n")
    tree = _tree(text)
    assert [p for p in tree if p.startswith("d.")] == ["d.I", "d.II", "d.III", "d.IV", "d.p1"]
    # Title lines over a lettered list: the next title line closes the list.
    text = ("Acme Terms\n\nThe terms below govern the service.\n\nPlans\n\n"
            "A. Personal Use. You may use it at home.\n\nB. Commercial Use. You must pay.\n\n"
            "Payment\n\nYou pay each month in advance.\n")
    tree = _tree(text)
    assert [p for p, (_, parent) in tree.items() if parent in ("A", "B")] == []


def test_segment_titles_that_are_clauses_of_what_how_and_who() -> None:
    text = ("Using our services\n\n"
            "What you can do. Subject to these terms, you may use the service.\n\n"
            "How we use your data. We keep your data only as long as needed.\n\n"
            "Who we are. We are Acme.\n\n"
            "What you submit is yours. You keep it.\n\n"
            "What is more, the service is free of charge for everyone. Enjoy.\n")
    assert [c.heading for c in _clauses(text) if c.heading] == [
        "Using our services", "What you can do", "How we use your data", "Who we are"]


def test_segment_chinese_part_numbers_and_run_in_titles() -> None:
    text = ("一、定义\n\n1.1 模型:是指随附的参数。\n\n二、知识产权\n\n"
            "2.1 著作权许可:每个贡献者授予您许可。\n\n三.其他\n\n3.1 语言：本许可证以中文拟制。\n")
    clauses = {c.path: c.heading for c in _clauses(text) if c.label}
    assert list(clauses) == ["一", "1.1", "二", "2.1", "三", "3.1"]
    # Parts are titled; a definitions entry ("模型:是指 ...") names a term, not a title.
    assert clauses["二"] == "知识产权" and clauses["1.1"] is None
    assert clauses["2.1"] == "著作权许可" and clauses["3.1"] == "语言"


def test_segment_title_case_line_with_commas_over_its_body() -> None:
    text = ("Section 2: Using the APIs\n\n"
            "b. Compliance with Law, Third Party Rights, and Other Terms of Service\n"
            "You will comply with all applicable law.\n\n"
            "c. EXCEPT FOR A CLAIM UNDER SECTION 3, DEATH OR INJURY\n"
            "NEITHER PARTY IS LIABLE FOR LOST PROFITS.\n")
    clauses = {c.path: c.heading for c in _clauses(text) if c.label}
    assert clauses["2.b"] == "Compliance with Law, Third Party Rights, and Other Terms of Service"
    # In capitals a comma may as well break off a sentence: no title there.
    assert clauses["2.c"] is None


def test_segment_titles_without_their_date_and_a_stopped_title_over_its_clauses() -> None:
    text = ("Acme Open Model License\ndated August 18, 2022\n\nSection I: PREAMBLE\n\n"
            "This licence governs the model.\n")
    assert _clauses(text)[0].heading == "Acme Open Model License"
    # A version is part of the name it follows.
    assert _clauses("Acme Public Licence\nV. 1.1\n\nYou may copy it.\n")[0].heading == (
        "Acme Public Licence V. 1.1")
    text = ("Additional Terms applicable to the Acme Public License.\n\n"
            "I. Effect. These terms apply to the code.\n\nII. Marks. You get no marks.\n")
    clauses = _clauses(text)
    assert clauses[0].heading == "Additional Terms applicable to the Acme Public License"
    assert [c.path for c in clauses if c.label] == ["I", "II"]
    # A sentence ended by a stop over a list stays a paragraph.
    text = "You must comply with the following.\n\nI. Keep notices.\n\nII. Mark changes.\n"
    assert _clauses(text)[0].heading is None and _clauses(text)[0].kind != "heading"


def test_segment_lists_in_later_sentences_of_a_clause_are_its_own() -> None:
    text = ("7. Confidentiality.\n\n(a) Each party agrees: (i) to keep secrets; (ii) to limit "
            "access; and (iii) to notify. These duties do not apply to information that: "
            "(a) was already known; (b) is public; or (c) is developed alone.\n\n8. Other.\n")
    assert [c.path for c in _clauses(text) if c.label] == [
        "7", "7.a", "7.a.i", "7.a.ii", "7.a.iii", "7.a.a", "7.a.b", "7.a.c", "8"]
    # An item's own list, introduced inside the item, stays the item's.
    text = "3. Use. You may not: (a) sell it; (b) rent it if: (i) it is new; (ii) it is old.\n"
    assert [c.path for c in _clauses(text) if c.label] == [
        "3", "3.a", "3.b", "3.b.i", "3.b.ii"]


def test_segment_gnu_layout_agreement_recitals_and_a_list_under_its_title() -> None:
    # A clause whose first line alone is indented: paragraphs at the margin are its own.
    text = ("  2. You may modify your copy of the Library, provided that you also\n"
            "meet all of these conditions:\n\n    a) The work must be a library.\n\n"
            "    b) You must mark the files.\n\n"
            "These requirements apply to the modified work as a whole.\n\n"
            "  3. You may opt to apply the GPL instead.\n")
    tree = _tree(text)
    assert [p for p, (_, parent) in tree.items() if parent == "2" and p.startswith("2.p")] == [
        "2.p1"]
    # "agree as follows:" opens the agreement; the sections after it are no list of it.
    text = ("NOW THEREFORE, You and Acme agree as follows:\n\n1. Definitions\n"
            "\"Model\" means the weights.\n\"Output\" means what the model makes.\n\n"
            "2. Grant\n\nYou may use the Model.\n")
    tree = _tree(text)
    assert [p for p, (_, parent) in tree.items() if parent == "1"] == ["1.def1"]
    # A numbered title over a list numbered from 1 again owns it.
    text = ("1. Definitions\n\n1. \"Data\" means texts.\n\n2. \"Model\" means weights.\n\n"
            "2. Grant of Rights. You may use the Model.\n")
    assert [c.path for c in _clauses(text) if c.label] == ["1", "1.1", "1.2", "2"]


def test_segment_two_titles_stacked_in_a_header() -> None:
    text = ("This licence applies to the remote tools.\n\n"
            "ACME PRE-RELEASE SOFTWARE LICENSE TERMS\nACME STUDIO REMOTE DEVELOPMENT TOOLS\n\n"
            "These terms are an agreement between you and Acme.\n\n1. RIGHTS. You may use it.\n")
    assert [c.heading for c in _clauses(text) if c.kind == "heading"] == [
        "ACME PRE-RELEASE SOFTWARE LICENSE TERMS", "ACME STUDIO REMOTE DEVELOPMENT TOOLS"]
    # A generic kind of document is completed by the name under it.
    text = "END USER LICENSE AGREEMENT\nACME STANDARD\n\nThis EULA governs the use of it.\n"
    assert _clauses(text)[0].heading == "END USER LICENSE AGREEMENT ACME STANDARD"


def test_segment_bodies_under_titles_and_titles_in_capitals_wrapped_into_a_body() -> None:
    text = ("8. Defense of claims.\nDefense. We will defend you against claims.\n\n"
            "11.\tEXPORT RESTRICTIONS\nnexB makes no promise that it may be exported.\n\n"
            "12. Other.\n")
    tree = _tree(text)
    assert tree["8.p1"] == ("Defense", "8") and tree["11"][0] == "EXPORT RESTRICTIONS"
    assert tree["11.p1"][1] == "11"
    text = ("U.S. export jurisdiction. The Services are subject to export laws.\n\n"
            "ADDITIONAL TERMS APPLICABLE TO USERS LOCATED IN THE\nUNITED KINGDOM: If you "
            "are a consumer, these terms apply.\n\n"
            "THE SOFTWARE IS PROVIDED AS IS\nWITHOUT WARRANTY. WE ARE NOT LIABLE.\n")
    assert [c.heading for c in _clauses(text)] == [
        "U.S. export jurisdiction",
        "ADDITIONAL TERMS APPLICABLE TO USERS LOCATED IN THE UNITED KINGDOM", None]
    # A bare version goes on with the title above it; a dated one does not.
    assert _clauses("Acme Public Licence\nV. 1.1\n\nText.\n")[0].heading == (
        "Acme Public Licence V. 1.1")
    assert _clauses("Acme Documentation License\nVersion 1.3, 3 November 2008\n\nText.\n"
                    )[0].heading == "Acme Documentation License"


def test_segment_title_written_under_the_paragraph_before_it() -> None:
    text = ("FAILURE TO COMPLY WITH THESE TERMS DISALLOWS USE OF THE SERVICE AND MAY\n"
            "GIVE RISE TO DAMAGES.\nDefinitions\n\n    Software means the device software.\n\n"
            "Our applications are considered approved applications for these purposes.\n"
            "Disclaimers\n\nThe Services include experimental technology.\n")
    assert [c.heading for c in _clauses(text) if c.kind == "heading"] == [
        "Definitions", "Disclaimers"]
    # A short last line of a sentence, or a line with more text after it, is no title.
    text = ("The Licensor grants you these rights. You must keep the notice of the\n"
            "Original Work.\n\nYou may copy it. Copyright Notices\nmust stay.\n")
    assert all(c.kind != "heading" for c in _clauses(text))


def test_segment_a_date_line_is_neither_a_title_nor_titled() -> None:
    text = ("Acme Terms\n\nLast Update: December 30, 2021\n\nAcceptance\n\n"
            "By using the software you agree to these terms.\n\n"
            "Last modified: November 5, 2024\n\nYou may use it.\n")
    assert [c.heading for c in _clauses(text) if c.heading] == ["Acme Terms", "Acceptance"]


def test_segment_capitals_title_in_a_text_written_a_paragraph_a_line() -> None:
    para = "This long paragraph explains the rule in enough words to fill a wide line of text. " * 2
    text = (f"1. Grant. {para}\n2. If any provision is held invalid, the rest of it stays.\n"
            f"END OF TERMS AND CONDITIONS\n\nAttachment A\n\n{para}\n{para}\n")
    headings = [c.heading for c in _clauses(text) if c.kind == "heading"]
    assert "END OF TERMS AND CONDITIONS" in headings

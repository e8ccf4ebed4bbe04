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

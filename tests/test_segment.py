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
        ("ARTICLE I\n1. Terms.\nARTICLE II\n2. More.\n", ["h1", "1", "h2", "2"]),
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
    assert kinds == ["preamble", "acceptance", "section"]


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

"""Tests of identification: which known licence a text is, and what differs from it.

Real texts come from the installed ScanCode data only (never copied here); tests that
need them skip cleanly without it. The index over all ~2,600 texts is built once per
session into a temporary cache. A small made-up corpus (written to a temporary folder)
covers the rules that need texts of our own: which substitutions count as names.
"""

from __future__ import annotations

import dataclasses
import os
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from licenseparse import analyze
from licenseparse.errors import EmptyInputError
from licenseparse.identify import (
    INDEX_FORMAT,
    Identification,
    IdentifyError,
    IdentIndex,
    build_index,
    forget_index,
    identify,
    load_index,
    search,
)
from licenseparse.known import CACHE_ENV, known_text, scancode_licenses_dir, text_digest

FAMILIES = ["llama-3.1-license-2024", "gemma-tou-2024-04-01", "apache-2.0",
            "bigscience-open-rail-m", "qwen-2024", "deepseek-la-1.0", "mit"]

# Model and company names replaced everywhere, in every case the text uses.
NAMES: dict[str, dict[str, str]] = {
    "llama-3.1-license-2024": {"Llama 3.1": "Orca 2", "LLAMA 3.1": "ORCA 2",
                               "Meta": "Acme", "META": "ACME"},
    "gemma-tou-2024-04-01": {"Gemma": "Zeta", "GEMMA": "ZETA", "Google": "Acme",
                             "GOOGLE": "ACME"},
    "apache-2.0": {"Apache": "Acme", "APACHE": "ACME"},
    "bigscience-open-rail-m": {"BigScience": "Acme", "BIGSCIENCE": "ACME"},
    "qwen-2024": {"Qwen": "Orca", "QWEN": "ORCA", "Alibaba": "Acme", "ALIBABA": "ACME"},
    "deepseek-la-1.0": {"DeepSeek": "Acme", "DEEPSEEK": "ACME"},
}

ADDED_SENTENCE = "The licensee shall plant one tree for every copy of the work that it makes."
CHANGED_SENTENCE = " None of this applies on public holidays."


# ------------------------------------------------------------------ fixtures


@dataclass(frozen=True)
class _Built:
    index: IdentIndex
    cache: Path


@pytest.fixture(scope="session")
def _built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Built]:
    if scancode_licenses_dir() is None:
        pytest.skip("ScanCode licence data not installed (pip install -e '.[test]')")
    cache = tmp_path_factory.mktemp("identify-cache")
    saved = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(cache)
    try:
        forget_index()
        built = _Built(load_index(), cache)
    finally:
        # Restored at once: other tests keep their own cache; ours set it per test.
        if saved is None:
            os.environ.pop(CACHE_ENV, None)
        else:
            os.environ[CACHE_ENV] = saved
    yield built
    forget_index()


@pytest.fixture()
def index(_built: _Built, monkeypatch: pytest.MonkeyPatch) -> IdentIndex:
    """The session's index, with the cache pointing at it (so load_index() finds it)."""
    monkeypatch.setenv(CACHE_ENV, str(_built.cache))
    return _built.index


# ------------------------------------------------------------------- helpers


def _text(key: str) -> str:
    text, _ = known_text(key)
    return text


def _rewrap(text: str) -> str:
    # Re-fill every line at 60 columns, keeping its indentation (and so its label).
    return "\n".join(
        textwrap.fill(line, 60, subsequent_indent=" " * (len(line) - len(line.lstrip())))
        if line.strip() else line
        for line in text.split("\n")
    )


def _straight_quotes(text: str) -> str:
    return (text.replace("\u201c", '"').replace("\u201d", '"')
            .replace("\u2018", "'").replace("\u2019", "'"))


def _renamed(text: str, names: dict[str, str]) -> str:
    for old, new in names.items():
        text = text.replace(old, new)
    return text


@dataclass(frozen=True)
class _Edit:
    text: str
    removed: str
    changed: str
    added_after: str


def _modified(key: str) -> _Edit:
    """Remove one clause, append a sentence to another, add a paragraph after a third."""
    text = _text(key)
    clauses = [c for c in analyze(text).clauses
               if not c.children and len(c.text) > 80 and c.kind != "heading"]
    count = len(clauses)
    added_after, removed, changed = (clauses[count // 4], clauses[count // 2],
                                     clauses[3 * count // 4])
    edits = [(removed.start, removed.end, ""),
             (changed.end, changed.end, CHANGED_SENTENCE),
             (added_after.end, added_after.end, f"\n\n{ADDED_SENTENCE}\n")]
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return _Edit(text, removed.path, changed.path, added_after.path)


def _status(result: Identification, status: str) -> list[str]:
    return [d.reference_path or d.query_path or "" for d in result.differences
            if d.status == status]


# ---------------------------------------------------------------------- index


def test_identify_index_is_cached_and_read_back(index: IdentIndex, _built: _Built) -> None:
    assert index.path is not None and index.path.is_file()
    assert index.path.parent == _built.cache
    assert index.signature in index.path.name and f"-v{INDEX_FORMAT}-" in index.path.name
    written = index.path.stat().st_mtime_ns

    forget_index()
    again = load_index()
    assert again is not index and again.path == index.path
    assert index.path.stat().st_mtime_ns == written  # read back, not rebuilt
    assert again.signature == index.signature
    assert again.keys == index.keys and again.titles == index.titles
    assert again.digests == index.digests and again.spdx_keys == index.spdx_keys
    for name in ("hashes", "docs", "sizes"):
        assert np.array_equal(getattr(again, name), getattr(index, name)), name
    query = _rewrap(_text("gpl-3.0"))
    assert search(query, index=again) == search(query, index=index)
    assert load_index() is again  # memoised in the process


def test_identify_index_covers_every_known_text(index: IdentIndex) -> None:
    folder = scancode_licenses_dir()
    assert folder is not None
    assert list(index.keys) == sorted(p.stem for p in folder.glob("*.LICENSE"))
    assert index.titles[index.position["llama-3.1-license-2024"]] == (
        "Llama 3.1 Community License Agreement 2024")
    for key in ("mit", "apache-2.0", "llama-3.1-license-2024"):
        assert index.digests[index.position[key]] == text_digest(_text(key))


def test_identify_index_write_read_round_trip(index: IdentIndex, tmp_path: Path) -> None:
    path = tmp_path / "copy.npz"
    index.write(path)
    copy = IdentIndex.read(path)
    assert copy.keys == index.keys and copy.signature == index.signature
    assert np.array_equal(copy.hashes, index.hashes)


def test_identify_damaged_index_file_is_rebuilt(
        index: IdentIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    assert index.path is not None
    (tmp_path / index.path.name).write_bytes(b"not a zip file")
    with pytest.raises(IdentifyError):
        IdentIndex.read(tmp_path / index.path.name)
    import licenseparse.identify as module

    # The session's index stands in for a build: what matters is that one happens.
    builds: list[Path] = []

    def build(folder: Path) -> IdentIndex:
        builds.append(folder)
        return dataclasses.replace(index, path=None)

    monkeypatch.setattr(module, "build_index", build)
    forget_index()
    try:
        rebuilt = load_index()
    finally:
        forget_index()
    assert builds == [index.folder]
    assert rebuilt.path == tmp_path / index.path.name
    assert np.array_equal(IdentIndex.read(rebuilt.path).hashes, index.hashes)


# ----------------------------------------------------------------- verdicts


@pytest.mark.parametrize("key", FAMILIES)
def test_identify_exact(index: IdentIndex, key: str) -> None:
    for text in (_text(key), _straight_quotes(_text(key)).replace("\n", "\r\n")):
        result = identify(text, index=index)
        assert result.verdict == "exact"
        assert result.best is not None and result.best.key == key
        assert result.best.similarity == 1.0
        assert result.summary == f"{key}, exact"
        assert not result.findings_added and not result.findings_removed


@pytest.mark.parametrize("key", sorted(NAMES))
def test_identify_cosmetic_names_layout_quotes(index: IdentIndex, key: str) -> None:
    query = _rewrap(_straight_quotes(_renamed(_text(key), NAMES[key])))
    result = identify(query, index=index)
    assert result.verdict == "cosmetic", result.summary
    assert result.best is not None and result.best.key == key
    assert result.summary.startswith(f"{key}, cosmetic: names substituted (")
    assert result.counts["added"] == result.counts["removed"] == result.counts["changed"] == 0
    expected = {(old, new) for old, new in NAMES[key].items() if not old.isupper()}
    assert {(s.reference, s.query) for s in result.substitutions} == expected
    assert any("name" in d.reasons for d in result.differences)
    # Without the analyses, a word comparison of the whole texts agrees.
    quick = identify(query, index=index, diff=False)
    assert (quick.verdict, quick.differences) == ("cosmetic", [])


def test_identify_llama_renamed_summary(index: IdentIndex) -> None:
    query = _rewrap(_straight_quotes(_renamed(_text("llama-3.1-license-2024"),
                                              NAMES["llama-3.1-license-2024"])))
    result = identify(query, index=index)
    assert result.summary == ("llama-3.1-license-2024, cosmetic: names substituted "
                              "(Llama 3.1 -> Orca 2, Meta -> Acme), quotes, whitespace")
    assert not result.findings_added and not result.findings_removed


def test_identify_mit_spacing_is_cosmetic(index: IdentIndex) -> None:
    result = identify(_text("mit").replace(",", " ,"), index=index)
    assert result.summary == "mit, cosmetic: whitespace"
    assert {(d.status, tuple(d.reasons)) for d in result.differences
            if d.status != "unchanged"} == {("cosmetic", ("whitespace",))}


def test_identify_markdown_rendering_is_cosmetic(index: IdentIndex) -> None:
    text = _text("llama-3.1-license-2024")
    markdown = re.sub(r"(?m)^(\d\. )(.*?\.)", r"## \1\2", text).replace(
        "Grant of Rights.", "**Grant of Rights.**")
    result = identify(markdown, index=index)
    assert result.summary == "llama-3.1-license-2024, cosmetic: markup"


@pytest.mark.parametrize("key", [k for k in FAMILIES if k != "mit"])
def test_identify_modified_one_added_removed_changed(index: IdentIndex, key: str) -> None:
    edit = _modified(key)
    result = identify(edit.text, index=index)
    assert result.verdict == "modified"
    assert result.best is not None and result.best.key == key
    assert {s: n for s, n in result.counts.items() if s not in ("unchanged", "cosmetic")} == {
        "added": 1, "removed": 1, "changed": 1}, result.summary
    assert _status(result, "removed") == [edit.removed]
    assert _status(result, "changed") == [edit.changed]
    (added,) = [d for d in result.differences if d.status == "added"]
    assert added.query_text is not None and ADDED_SENTENCE in added.query_text
    (changed,) = [d for d in result.differences if d.status == "changed"]
    assert [op.query.strip() for op in changed.word_diff if op.op == "insert"] == [
        CHANGED_SENTENCE.strip()]
    assert result.summary.startswith(f"{key}, modified: 1 added clause (")
    assert f"1 removed clause ({edit.removed}), 1 changed clause ({edit.changed})" in (
        result.summary)
    assert identify(edit.text, index=index, diff=False).verdict == "modified"


def test_identify_mit_modified(index: IdentIndex) -> None:
    # MIT has three paragraphs: removing one makes another licence, tested below.
    text = _text("mit")
    end = text.index("substantial portions of the Software.") + len(
        "substantial portions of the Software.")
    query = (text[:end] + CHANGED_SENTENCE + text[end:]).replace(
        "THE SOFTWARE IS PROVIDED", f"{ADDED_SENTENCE}\n\nTHE SOFTWARE IS PROVIDED")
    result = identify(query, index=index)
    assert result.summary == "mit, modified: 1 added clause (p2), 1 changed clause (p1.p1)"


def test_identify_mit_without_its_notice_clause_is_ekioh(index: IdentIndex) -> None:
    text = _text("mit")
    start = text.index("The above copyright notice")
    end = text.index("THE SOFTWARE IS PROVIDED")
    result = identify(text[:start] + text[end:], index=index)
    assert result.best is not None and result.best.key == "ekioh"
    assert [c.key for c in result.candidates].index("mit") > 0


def test_identify_llama_added_subclause(index: IdentIndex) -> None:
    text = _text("llama-3.1-license-2024")
    end = text.index("\n", text.index("iv. Your use of the Llama Materials"))
    query = (text[:end] + "\n\n          v. You will not use the Llama Materials or any "
             "output to improve any other large language model." + text[end:])
    result = identify(query, index=index)
    assert result.summary == "llama-3.1-license-2024, modified: 1 added clause (1.b.v)"
    (added,) = [d for d in result.differences if d.status == "added"]
    assert added.query_path == "1.b.v" and added.reference_path is None
    assert "use.output-training-prohibited" in {f.rule_id for f in result.findings_added}
    assert "use.output-training-prohibited" in {f.rule_id for f in added.findings}
    assert all(f.clause_path == "1.b.v" for f in result.findings_added)
    assert not result.findings_removed
    assert identify(query, index=index, diff=False).verdict == "modified"


def test_identify_unrelated_text_is_unknown(index: IdentIndex) -> None:
    result = identify("The quick brown fox jumps over the lazy dog. This paragraph was "
                      "made up for a test; it grants nothing and forbids nothing, and "
                      "only talks about foxes, dogs and the weather in the valley.",
                      index=index)
    assert result.verdict == "unknown" and result.best is None
    assert result.summary.startswith("unknown")
    assert result.differences == [] and result.unknown_below == 0.5


def test_identify_is_deterministic(index: IdentIndex) -> None:
    query = _modified("qwen-2024").text
    first = identify(query, index=index)
    assert identify(query, index=index).model_dump() == first.model_dump()
    # Several keys can hold the same text: ties are ordered by key, the exact text first.
    group = min(sorted(numbers) for numbers in index.by_digest.values() if len(numbers) > 1)
    keys = [index.keys[n] for n in group]
    result = identify(_text(keys[0]), index=index, top=len(keys) + 1)
    assert [c.key for c in result.candidates[: len(keys)]] == sorted(keys)
    assert result.verdict == "exact" and result.best is not None
    assert result.best.key == min(keys)


def test_identify_default_index_from_cache(index: IdentIndex) -> None:
    assert identify(_text("mit")).best == identify(_text("mit"), index=index).best


def test_identify_search_is_ranked(index: IdentIndex) -> None:
    found = search(_rewrap(_text("gpl-3.0")), index=index, top=3)
    assert [c.key for c in found][:1] == ["gpl-3.0"]
    assert [c.similarity for c in found] == sorted((c.similarity for c in found),
                                                   reverse=True)
    assert found[0].title and 0.0 <= found[0].containment <= 1.0


def test_identify_rejects_empty_text_and_bad_top(index: IdentIndex) -> None:
    with pytest.raises(EmptyInputError):
        identify("  \n", index=index)
    with pytest.raises(IdentifyError) as raised:
        identify("some text", index=index, top=0)
    assert raised.value.code == "LP130"


def test_identify_without_corpus_is_a_coded_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import licenseparse.identify as module

    monkeypatch.setattr(module, "scancode_licenses_dir", lambda: None)
    with pytest.raises(IdentifyError, match=r"^\[LP130\] .*licenseparse\[corpus\]"):
        load_index()


# ------------------------------------------------------- a made-up corpus

_ACME = """ACME MODEL LICENSE AGREEMENT

1. Definitions. "Acme Model" means the machine learning model, its weights and its \
documentation as released by Acme Corp. "You" means the person or entity exercising the \
rights granted by this Agreement.

2. Grant. Subject to the terms of this Agreement, you are granted a non-exclusive, \
worldwide, royalty-free licence to use, reproduce, modify and distribute the Acme Model \
and derivative works of it.

3. Restrictions.
   a. You will not use the model or any derivative of it for military purposes.
   b. You will not use the outputs of the model to train any other large language model.
   c. You must include a copy of this Agreement with every copy of the model or a \
derivative that you distribute to a third party.

4. Attribution. Every product or service built with the model must display a notice \
saying that it was built with the model, in a place where users will see it.

5. Warranty. THE MODEL IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR \
IMPLIED, INCLUDING THE WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE.

6. Liability. In no event will the licensor be liable for any indirect, special or \
consequential damages arising out of this Agreement, even if advised of the possibility \
of such damages.

7. Termination. This Agreement ends automatically if you breach any of its terms. On \
termination you must delete every copy of the model in your possession.

8. Governing law. This Agreement is governed by the laws of the State of California, and \
the courts of California have exclusive jurisdiction over any dispute arising from it.
"""


@pytest.fixture(scope="module")
def acme_index(tmp_path_factory: pytest.TempPathFactory) -> IdentIndex:
    folder = tmp_path_factory.mktemp("acme-corpus")
    (folder / "acme-model-1.0.LICENSE").write_text(
        "---\nkey: acme-model-1.0\nname: Acme Model License 1.0\nowner: Acme Corp\n---\n\n"
        + _ACME, encoding="utf-8")
    (folder / "other.LICENSE").write_text(
        "---\nkey: other\nname: Other\n---\n\nPermission is hereby granted, free of charge, "
        "to any person obtaining a copy of this software, to deal in it without "
        "restriction.\n", encoding="utf-8")
    return build_index(folder)


def test_identify_names_inside_longer_names(acme_index: IdentIndex) -> None:
    query = _renamed(_ACME, {"Acme Model": "Orca", "ACME MODEL": "ORCA", "Acme": "Zeta"})
    result = identify(query, index=acme_index)
    assert result.summary == ("acme-model-1.0, cosmetic: names substituted "
                              "(Acme -> Zeta, Acme Model -> Orca)")
    assert [(s.reference, s.query, s.count) for s in result.substitutions] == [
        ("Acme", "Zeta", 1), ("Acme Model", "Orca", 3)]


@pytest.mark.parametrize(("old", "new"), [
    ("California", "Delaware"),  # a place is no name of the licence
    ("military", "civilian"),  # not a name at all
    ("Acme", "Licensee"),  # a name, but not a new one: it changes what the text says
])
def test_identify_substitutions_that_are_substance(acme_index: IdentIndex, old: str,
                                                   new: str) -> None:
    query = _ACME.replace(old, new).replace("\nThe licensee", "\nThe licensee")
    if new == "Licensee":
        query = query.replace("the person or entity", "the Licensee or any entity")
    result = identify(query, index=acme_index)
    assert result.verdict == "modified", result.summary
    assert not result.substitutions


def test_identify_renumbered_clauses_are_not_changes(acme_index: IdentIndex) -> None:
    query = _ACME.replace("   b. You will not use the outputs of the model to train any "
                          "other large language model.\n", "").replace("   c. You must",
                                                                       "   b. You must")
    result = identify(query, index=acme_index)
    assert result.summary == "acme-model-1.0, modified: 1 removed clause (3.b)"
    (kept,) = [d for d in result.differences if d.reference_path == "3.c"]
    assert (kept.status, kept.query_path) == ("unchanged", "3.b")
    assert [f.rule_id for f in result.findings_removed] == ["use.output-training-prohibited"]


def test_identify_old_index_files_are_pruned(index: IdentIndex) -> None:
    from licenseparse.identify import _INDEX_PREFIX, forget_index, index_file, load_index

    old = index_file("0" * 16).with_name(f"{_INDEX_PREFIX}-v0-{'0' * 16}.npz")
    old.write_bytes(b"stale")
    forget_index()
    current = load_index(rebuild=True)
    assert not old.exists()
    assert current.path is not None and current.path.is_file()

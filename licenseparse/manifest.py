"""The manifest of known AI model licences and use policies: facts, never texts.

``corpora/known-licences.yaml`` holds one entry per licence or policy: its id (the
ScanCode key when ScanCode has the text), title, family, version, release date,
publisher, the Hugging Face ``license:`` and ``license_name:`` values and short names
that denote it, URLs, the policy it incorporates, its place in its family's chain of
versions, and the digest of its text (:func:`licenseparse.known.text_digest`). This
module loads and validates it (a closed schema; every problem reported at once in one
:class:`ManifestError`) and answers the questions a reader of a model card asks: which
licence does ``llama3.1`` denote, what came before and after it.

Lookups are case-insensitive. "Newest" orders by release date, then by position in the
predecessor/successor chain, then by id, so the same question always gets the same
answer. An undated entry takes the date of its nearest dated predecessor (a successor is
never older than what it replaces), or counts as oldest when it has none.
"""

from __future__ import annotations

import datetime
import functools
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from licenseparse.errors import LicenseparseError, Problem
from licenseparse.library import bundled_corpora_path

MANIFEST_FILE = "known-licences.yaml"
# Facts are short; a longer string is most likely licence text pasted by mistake.
MAX_STRING = 299

EntryId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9.+_\-]*$", max_length=120)]
Family = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9\-]*$", max_length=40)]
ShortText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_STRING)
]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=MAX_STRING)]
Digest = Annotated[str, StringConstraints(pattern=r"^sha256:[0-9a-f]{64}$")]
Name = Annotated[str, StringConstraints(min_length=1, max_length=120)]


class ManifestError(LicenseparseError, ValueError):
    """The known-licence manifest is invalid (every problem listed at once), or a
    question asked of it cannot be answered (a plain message, e.g. an unknown family)."""

    code = "LP120"

    def __init__(self, problems: str | Sequence[Problem]) -> None:
        if isinstance(problems, str):
            self.problems: list[Problem] = []
            super().__init__(problems)
            return
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        count = len(self.problems)
        super().__init__(
            f"known-licence manifest has {count} problem{'s' if count != 1 else ''}:\n{lines}"
        )


class UnknownEntryError(LicenseparseError, KeyError):
    """No manifest entry has the requested id."""

    code = "LP121"

    def __str__(self) -> str:
        # KeyError would otherwise print the message quoted, as the repr of its key.
        return str(self.args[0])


class KnownEntry(BaseModel):
    """One known licence or use policy, described by facts only."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: EntryId
    kind: Literal["licence", "policy"]
    title: ShortText
    family: Family
    version: ShortText | None
    released: datetime.date | None
    publisher: ShortText
    scancode: bool
    hf_tags: tuple[Name, ...]
    hf_license_names: tuple[Name, ...]
    aliases: tuple[Name, ...]
    spdx: ShortText | None
    urls: tuple[Url, ...]
    use_policy: EntryId | None
    predecessor: EntryId | None
    successor: EntryId | None
    digest: Digest | None

    @field_validator("hf_tags", "hf_license_names", "aliases")
    @classmethod
    def _lower_and_distinct(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for name in value:
            if name != name.strip().lower():
                raise ValueError(
                    f"{name!r}: names are matched case-insensitively; write them trimmed "
                    f"and in lower case ({name.strip().lower()!r})"
                )
        if len(set(value)) != len(value):
            raise ValueError("a name is listed twice")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> KnownEntry:
        links = {"use_policy": self.use_policy, "predecessor": self.predecessor,
                 "successor": self.successor}
        for field, target in links.items():
            if target == self.id:
                raise ValueError(f"{field} names the entry itself")
        if self.predecessor is not None and self.predecessor == self.successor:
            raise ValueError("predecessor and successor are the same entry")
        if self.kind == "policy" and self.use_policy is not None:
            raise ValueError("a policy does not incorporate a use policy; set use_policy: null")
        if self.scancode and self.digest is None:
            raise ValueError("a ScanCode entry has a text, so it needs its digest")
        return self

    def names(self) -> tuple[str, ...]:
        """Return every lower-case name that denotes this entry (id first).

        Example:
            >>> get("llama-3.1-license-2024").names()[:2]
            ('llama-3.1-license-2024', 'llama3.1')
        """
        spdx = (self.spdx.lower(),) if self.spdx else ()
        ordered = (self.id, *self.hf_tags, *self.hf_license_names, *self.aliases, *spdx)
        return tuple(dict.fromkeys(ordered))


def read_manifest(path: str | os.PathLike[str]) -> list[KnownEntry]:
    """Load and validate a manifest file (uncached; :func:`load_manifest` reads the bundled one).

    Raises:
        ManifestError: with every problem found, each naming the entry and field.

    Example:
        >>> read_manifest("no-such-manifest.yaml")  # doctest: +IGNORE_EXCEPTION_DETAIL
        Traceback (most recent call last):
        ManifestError: [LP120] known-licence manifest has 1 problem: ...
    """
    file = Path(path)
    where = str(file)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise ManifestError([Problem(path=where, loc="", message=f"cannot read: {exc}")]) from None
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise ManifestError(
            [Problem(path=where, loc="", message=f"YAML does not parse: {exc}")]
        ) from None
    if not isinstance(data, dict) or set(data) != {"entries"} or not isinstance(
        data["entries"], list
    ):
        raise ManifestError([Problem(
            path=where, loc="",
            message="the manifest is a mapping with one key, `entries:`, holding a list")])
    problems: list[Problem] = []
    entries: list[KnownEntry] = []
    for index, item in enumerate(data["entries"]):
        label = _label(index, item)
        try:
            entries.append(KnownEntry.model_validate(item))
        except ValidationError as exc:
            for error in exc.errors():
                field = ".".join(str(part) for part in error["loc"])
                problems.append(Problem(path=where, loc=f"{label}.{field}" if field else label,
                                        message=error["msg"]))
    problems.extend(_check_links(where, entries))
    if problems:
        raise ManifestError(problems)
    return entries


def _label(index: int, item: Any) -> str:
    """Name an entry in a problem by its id when it has a usable one, else by position."""
    if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"]:
        return str(item["id"])
    return f"entries[{index}]"


def _check_links(where: str, entries: Sequence[KnownEntry]) -> list[Problem]:
    """Check what a single entry cannot: unique ids, references, chains, shared names."""
    problems: list[Problem] = []

    def problem(entry_id: str, field: str, message: str) -> None:
        problems.append(Problem(path=where, loc=f"{entry_id}.{field}", message=message))

    by_id: dict[str, KnownEntry] = {}
    for entry in entries:
        if entry.id in by_id:
            problem(entry.id, "id", "duplicate id")
        by_id.setdefault(entry.id, entry)

    for entry in entries:
        if entry.use_policy is not None:
            target = by_id.get(entry.use_policy)
            if target is None:
                problem(entry.id, "use_policy", f"unknown entry {entry.use_policy!r}")
            elif target.kind != "policy":
                problem(entry.id, "use_policy",
                        f"{entry.use_policy!r} is a {target.kind}, not a policy")
        for field, back in (("successor", "predecessor"), ("predecessor", "successor")):
            other_id = getattr(entry, field)
            if other_id is None:
                continue
            other = by_id.get(other_id)
            if other is None:
                problem(entry.id, field, f"unknown entry {other_id!r}")
                continue
            if getattr(other, back) != entry.id:
                problem(entry.id, field,
                        f"chains are symmetric: {other_id!r} must have {back}: {entry.id}")
            if (other.family, other.kind) != (entry.family, entry.kind):
                problem(entry.id, field,
                        f"{other_id!r} is a {other.family} {other.kind}; a chain stays within "
                        f"one family and one kind ({entry.family} {entry.kind})")

    for entry in entries:
        seen = {entry.id}
        current = entry
        while current.successor is not None and current.successor in by_id:
            if current.successor in seen:
                problem(entry.id, "successor", "the successor chain loops back on itself")
                break
            seen.add(current.successor)
            current = by_id[current.successor]

    # One name may denote several versions of one family (`gemma`), never two families,
    # and never shadow another entry's id, which an exact lookup would pick instead.
    families_of: dict[str, set[str]] = {}
    for entry in entries:
        for name in entry.names()[1:]:
            families_of.setdefault(name, set()).add(entry.family)
            if name in by_id and name != entry.id:
                problem(entry.id, "aliases", f"{name!r} is the id of another entry")
    for name, families in sorted(families_of.items()):
        if len(families) > 1:
            owners = sorted(e.id for e in entries if name in e.names()[1:])
            problem(owners[0], "aliases",
                    f"{name!r} denotes entries of several families: {', '.join(owners)}")
    return sorted(problems, key=lambda p: p.loc)


class _Index:
    """The bundled manifest, indexed once per process."""

    def __init__(self, entries: Iterable[KnownEntry]) -> None:
        self.entries = tuple(entries)
        self.by_id = {entry.id: entry for entry in self.entries}
        self.by_name: dict[str, list[KnownEntry]] = {}
        for entry in self.entries:
            for name in entry.names():
                self.by_name.setdefault(name, []).append(entry)
        self.depth: dict[str, int] = {}
        # An undated entry is at least as new as its nearest dated predecessor, so that a
        # successor whose date we do not know still sorts after the entry it replaces.
        self.dated: dict[str, datetime.date] = {}
        for entry in self.entries:
            depth, current, dated = 0, entry, entry.released
            while current.predecessor is not None:
                depth += 1
                current = self.by_id[current.predecessor]
                dated = dated or current.released
            self.depth[entry.id] = depth
            self.dated[entry.id] = dated or datetime.date.min

    def age(self, entry: KnownEntry) -> tuple[datetime.date, int, str]:
        """Sort key, oldest first: release date, chain position, id (see the module doc)."""
        return (self.dated[entry.id], self.depth[entry.id], entry.id)


@functools.cache
def _index() -> _Index:
    return _Index(read_manifest(bundled_corpora_path() / MANIFEST_FILE))


def load_manifest() -> list[KnownEntry]:
    """Return every entry of the bundled manifest, in file order (read and checked once).

    Raises:
        ManifestError: the bundled manifest is invalid (every problem listed).

    Example:
        >>> entries = load_manifest()
        >>> len(entries) >= 40 and len({e.id for e in entries}) == len(entries)
        True
    """
    return list(_index().entries)


def get(entry_id: str) -> KnownEntry:
    """Return the entry with this exact id.

    Raises:
        UnknownEntryError: no entry has this id (a ``KeyError``, code LP121).

    Example:
        >>> get("apache-2.0").spdx
        'Apache-2.0'
        >>> get("no-such-licence")  # doctest: +IGNORE_EXCEPTION_DETAIL
        Traceback (most recent call last):
        UnknownEntryError: [LP121] no known licence or policy has the id 'no-such-licence'
    """
    try:
        return _index().by_id[entry_id]
    except KeyError:
        raise UnknownEntryError(
            f"no known licence or policy has the id {entry_id!r}"
        ) from None


def candidates(name: str) -> list[KnownEntry]:
    """Return the entries a name denotes, newest first.

    The name is compared, trimmed and case-insensitively, with each entry's id, Hugging
    Face ``license:`` values (``hf_tags``), ``license_name:`` values, aliases and SPDX id.

    Example:
        >>> [e.id for e in candidates("GEMMA")]
        ['gemma-tou-2025-03-24', 'gemma-tou-2024-04-01']
        >>> candidates("no-such-licence")
        []
    """
    index = _index()
    found = index.by_name.get(name.strip().lower(), [])
    return sorted(found, key=index.age, reverse=True)


def resolve(name: str) -> KnownEntry | None:
    """Return the one entry a name most likely denotes, or None when it denotes none.

    An exact id wins. Otherwise licences are preferred to policies, and among them the
    newest (release date, then the later one in a successor chain).

    Example:
        >>> resolve("llama3.1").id
        'llama-3.1-license-2024'
        >>> resolve("gemma").id
        'gemma-tou-2025-03-24'
        >>> resolve("Apache-2.0").id
        'apache-2.0'
        >>> resolve("no-such-licence") is None
        True
    """
    key = name.strip().lower()
    index = _index()
    if key in index.by_id:
        return index.by_id[key]
    found = candidates(key)
    licences = [entry for entry in found if entry.kind == "licence"]
    pool = licences or found
    return max(pool, key=index.age) if pool else None


def by_family(family: str | None = None) -> list[KnownEntry]:
    """Return the entries of one family (every entry when None), by family then age.

    An unknown family gives an empty list.

    Example:
        >>> [e.id for e in by_family("qwen")]
        ['tongyi-qianwen-2023', 'qwen-2024']
    """
    index = _index()
    wanted = family.strip().lower() if family is not None else None
    chosen = [e for e in index.entries if wanted is None or e.family == wanted]
    return sorted(chosen, key=lambda e: (e.family, *index.age(e)))


def chain(entry_id: str) -> list[KnownEntry]:
    """Return the whole predecessor/successor chain holding an entry, oldest first.

    An entry outside any chain is a chain of one.

    Raises:
        UnknownEntryError: no entry has this id.

    Example:
        >>> [e.id for e in chain("gemma-tou-2025-03-24")]
        ['gemma-tou-2024-04-01', 'gemma-tou-2025-03-24']
    """
    index = _index()
    first = get(entry_id)
    while first.predecessor is not None:
        first = index.by_id[first.predecessor]
    links = [first]
    current = first
    while current.successor is not None:
        current = index.by_id[current.successor]
        links.append(current)
    return links


def families() -> list[str]:
    """Return the family names, sorted.

    Example:
        >>> {"llama", "gemma", "rail"} <= set(families())
        True
    """
    return sorted({entry.family for entry in _index().entries})

"""Identify a licence text against the known texts, and say what differs.

The question this answers: "this says it is the Llama 3.1 licence; is it exactly that,
and if not, what changed?" Identification is reported beside an analysis and never
decides a verdict.

Two steps:

1. **Search.** Every known text (the ScanCode licence data, ~2,600 texts) is cut into
   overlapping runs of ``SHINGLE_WORDS`` normalised words ("shingles"), each hashed to
   64 bits with a stable hash (blake2b per word, combined with fixed multipliers; never
   Python's salted ``hash()``). The index is one sorted array of (shingle hash, text
   number) pairs, so a query costs a ``searchsorted`` per shingle and one ``bincount``:
   exact Jaccard similarity and containment against every known text at once. Common
   shingles are kept: gathering all their postings costs ~1 ms p50 and ~7 ms p95 per
   query on the ScanCode texts, and keeps every score exact. The index is built once
   (~3-4 s), saved under :func:`licenseparse.known.cache_dir` in a file named after a
   signature of the corpus (keys, sizes, mtimes, index format), and reused.
2. **Comparison** with the closest text (the best candidate): both texts are analysed,
   their clause lists aligned on text (numbering aside), clauses inside replaced blocks
   paired by the words they share (so a clause split in two by a re-wrap still pairs),
   and each pair compared word by word (difflib). Every difference is classed as
   cosmetic (whitespace, quotes, case, URL, Markdown markup, or a consistent
   substitution of the licence's own model or company name) or substantive. A clause's
   own number is not compared, so removing item ii does not change items iii and iv.

Verdicts: ``exact`` (normalised digests equal), ``cosmetic``, ``modified`` (a clause
added, removed or changed in substance), ``unknown`` (best similarity below
:data:`UNKNOWN_BELOW`).

Example:
    >>> from licenseparse.identify import identify
    >>> found = identify(open_licence_text)  # doctest: +SKIP
    >>> found.summary  # doctest: +SKIP
    'llama-3.1-license-2024, modified: 1 added clause (1.b.v)'
"""

from __future__ import annotations

import bisect
import dataclasses
import difflib
import functools
import hashlib
import logging
import os
import re
import tempfile
import threading
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

import numpy as np
import numpy.typing as npt
import yaml
from pydantic import BaseModel, ConfigDict, Field

from licenseparse.errors import EmptyInputError, LicenseparseError
from licenseparse.known import cache_dir, normalise_text, scancode_licenses_dir

if TYPE_CHECKING:
    from licenseparse.models import Analysis, Clause, Finding

logger = logging.getLogger(__name__)

# Bump when the index layout, the shingling or the hash changes: the number is part of
# the cache file's name and signature, so an old file is never read by new code.
INDEX_FORMAT = 1
# Five words: long enough that unrelated licences share few shingles (boilerplate such
# as "the software is provided" is four), short enough that one changed word costs a
# text only five shingles.
SHINGLE_WORDS = 5
# Below this Jaccard similarity the closest known text is not reported as the licence:
# fewer than half of the two texts' distinct five-word runs are shared, so a word diff
# would be mostly changes and "modified X" would say little. For scale: renaming the
# model and company throughout the Llama 3.1 licence scores 0.78, one clause added or
# removed 0.93-0.99, a made-up paragraph 0.0.
UNKNOWN_BELOW = 0.5
# Inside a replaced block of clauses, a reference and a query clause are paired when
# at least this share of the shorter one's words align with the other.
LINK_SHARE = 0.5

Verdict = Literal["exact", "cosmetic", "modified", "unknown"]
DifferenceStatus = Literal["unchanged", "cosmetic", "added", "removed", "changed"]
CosmeticReason = Literal["name", "url", "case", "quotes", "whitespace", "markup"]
WordOpKind = Literal["equal", "insert", "delete", "replace"]

_STATUSES: tuple[DifferenceStatus, ...] = ("unchanged", "cosmetic", "added", "removed",
                                           "changed")
_REASON_ORDER: tuple[CosmeticReason, ...] = ("name", "url", "case", "quotes", "whitespace",
                                              "markup")
_INDEX_PREFIX = "identify"


class IdentifyError(LicenseparseError, ValueError):
    """Identification cannot run: no known texts are installed, or a bad argument."""

    code = "LP130"


# ------------------------------------------------------------------------ models


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Candidate(_Model):
    """A known licence text close to the query.

    ``similarity`` is the Jaccard index of the two texts' sets of five-word shingles;
    ``containment`` is the share of the known text's shingles found in the query (1.0
    when the query holds the whole known text, whatever else it adds).
    """

    key: str
    title: str
    spdx_license_key: str | None = None
    similarity: float = Field(ge=0.0, le=1.0)
    containment: float = Field(ge=0.0, le=1.0)


class WordOp(_Model):
    """One step of a word diff, with the original text of each side."""

    op: WordOpKind
    reference: str
    query: str


class FindingChange(_Model):
    """A finding of one text without a counterpart in the other."""

    id: str
    rule_id: str
    clause_path: str
    quote: str
    explanation: str


class Substitution(_Model):
    """A name the query uses everywhere the known text uses another.

    ``count`` is how many times it was replaced on its own (occurrences inside a longer
    replaced name, such as "Meta" in "Meta Llama 3", are not counted).
    """

    reference: str
    query: str
    count: int


class ClauseDifference(_Model):
    """One reference clause (or group) and its counterpart in the query.

    A clause that the query's layout split or merged is one difference whose path joins
    the clause paths with ``+`` (``"p3+h1"``).
    """

    status: DifferenceStatus
    reference_path: str | None = None
    query_path: str | None = None
    reference_text: str | None = None
    query_text: str | None = None
    # Set for cosmetic differences: what kind of change it is. "quotes" covers every
    # typographic variant that normalisation folds (quotes, apostrophes, dashes,
    # compatibility forms); "whitespace" line breaks and spacing, including a word or
    # URL broken across lines; "markup" Markdown signs (headings, emphasis, bullets).
    reasons: list[CosmeticReason] = Field(default_factory=list)
    # Set for changed clauses.
    word_diff: list[WordOp] = Field(default_factory=list)
    # Findings of the query inside this clause that the reference lacks ...
    findings: list[FindingChange] = Field(default_factory=list)
    # ... and findings of the reference clause that the query lacks.
    findings_removed: list[FindingChange] = Field(default_factory=list)


class Identification(_Model):
    """Which known licence a text is, and what differs from it."""

    verdict: Verdict
    best: Candidate | None = None
    candidates: list[Candidate] = Field(default_factory=list)
    summary: str
    differences: list[ClauseDifference] = Field(default_factory=list)
    counts: dict[DifferenceStatus, int] = Field(default_factory=dict)
    substitutions: list[Substitution] = Field(default_factory=list)
    findings_added: list[FindingChange] = Field(default_factory=list)
    findings_removed: list[FindingChange] = Field(default_factory=list)
    query_digest: str
    corpus_signature: str
    unknown_below: float = UNKNOWN_BELOW


# ------------------------------------------------------------------------- index

_WORD = re.compile(r"[^\W_]+")
# Fixed odd 64-bit multipliers, one per shingle position (from splitmix64 / murmur3):
# the shingle hash must be the same in every process and on every machine.
_MULTIPLIERS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
     0xFF51AFD7ED558CCD][:SHINGLE_WORDS], dtype=np.uint64)
_MIX = np.uint64(0xBF58476D1CE4E5B9)

U64Array = npt.NDArray[np.uint64]


def _word_hashes(words: list[str]) -> U64Array:
    table = {w: int.from_bytes(hashlib.blake2b(w.encode("utf-8"), digest_size=8).digest(),
                               "little") for w in set(words)}
    return np.fromiter((table[w] for w in words), dtype=np.uint64, count=len(words))


def shingle_hashes(normalised: str) -> U64Array:
    """Return the sorted, distinct shingle hashes of a normalised text.

    A text shorter than ``SHINGLE_WORDS`` words is one shingle of all its words.

    Example:
        >>> a = shingle_hashes("the quick brown fox jumps over the lazy dog")
        >>> len(a), bool((a[1:] > a[:-1]).all())
        (5, True)
        >>> len(shingle_hashes("two words")), len(shingle_hashes("..."))
        (1, 0)
    """
    words = _WORD.findall(normalised)
    if not words:
        return np.zeros(0, dtype=np.uint64)
    hashes = _word_hashes(words)
    width = min(SHINGLE_WORDS, len(words))
    count = len(words) - width + 1
    acc = np.zeros(count, dtype=np.uint64)
    for j in range(width):
        acc += hashes[j:j + count] * _MULTIPLIERS[j]
    # A final mix so that the low bits (used by the sort) depend on every word.
    acc ^= acc >> np.uint64(31)
    acc *= _MIX
    acc ^= acc >> np.uint64(29)
    return np.unique(acc)


@dataclass(frozen=True)
class _CorpusFile:
    key: str
    path: Path
    size: int
    mtime_ns: int


def _corpus_files(folder: Path) -> list[_CorpusFile]:
    files = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.endswith(".LICENSE") and entry.is_file():
                stat = entry.stat()
                files.append(_CorpusFile(entry.name[: -len(".LICENSE")], Path(entry.path),
                                         stat.st_size, stat.st_mtime_ns))
    return sorted(files, key=lambda f: f.key)


def _signature(files: Sequence[_CorpusFile]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"licenseparse-identify\n{INDEX_FORMAT}\n{SHINGLE_WORDS}\n".encode())
    for f in files:
        digest.update(f"{f.key}\t{f.size}\t{f.mtime_ns}\n".encode())
    return digest.hexdigest()


# libyaml's loader when present: the pure-Python one spends ~1.3 s of a ~4 s build on
# 2,600 front matters.
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_licence_file(path: Path) -> tuple[dict[str, Any], str]:
    """Split a ScanCode ``.LICENSE`` file as ``known.split_front_matter`` does."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    if raw.startswith("---"):
        end = raw.find("\n---", 3)
        if end >= 0:
            try:
                meta = yaml.load(raw[3:end], Loader=_YAML_LOADER) or {}
            except yaml.YAMLError:
                meta = {}
            body_start = raw.find("\n", end + 4)
            body = raw[body_start + 1:] if body_start >= 0 else ""
            return (meta if isinstance(meta, dict) else {}), body.lstrip("\n")
    return {}, raw


@dataclass(frozen=True, eq=False)
class IdentIndex:
    """The shingle index over every known licence text.

    ``hashes`` holds every (text, shingle) pair's shingle hash, sorted, and ``docs`` the
    text number of each pair; ``sizes`` the number of distinct shingles per text.
    """

    folder: Path
    signature: str
    keys: tuple[str, ...]
    titles: tuple[str, ...]
    spdx_keys: tuple[str | None, ...]
    digests: tuple[str, ...]
    sizes: npt.NDArray[np.int64]
    hashes: U64Array
    docs: npt.NDArray[np.unsignedinteger[Any]]
    path: Path | None = None

    def __len__(self) -> int:
        return len(self.keys)

    @functools.cached_property
    def by_digest(self) -> dict[str, list[int]]:
        """Text numbers by normalised digest (several keys can share one text)."""
        out: dict[str, list[int]] = {}
        for number, digest in enumerate(self.digests):
            out.setdefault(digest, []).append(number)
        return out

    @functools.cached_property
    def position(self) -> dict[str, int]:
        """Text number of each key."""
        return {key: number for number, key in enumerate(self.keys)}

    def write(self, path: Path) -> None:
        """Save the index as an ``.npz`` file (written whole, then renamed)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, Any] = {
            "format": np.array(INDEX_FORMAT),
            "signature": np.array(self.signature),
            "folder": np.array(str(self.folder)),
            "keys": np.array("\n".join(self.keys)),
            "titles": np.array("\n".join(self.titles)),
            "spdx": np.array("\n".join(s or "" for s in self.spdx_keys)),
            "digests": np.frombuffer(
                b"".join(bytes.fromhex(d.split(":", 1)[1]) for d in self.digests),
                dtype=np.uint8).reshape(-1, 32),
            "sizes": self.sizes,
            "hashes": self.hashes,
            "docs": self.docs,
        }
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, suffix=".part",
                                         delete=False) as handle:
            partial = Path(handle.name)
            try:
                np.savez(handle, **arrays)
            except BaseException:
                handle.close()
                partial.unlink(missing_ok=True)
                raise
        # Renamed into place so a concurrent reader never sees half an index.
        partial.replace(path)

    @classmethod
    def read(cls, path: Path, *, folder: Path | None = None) -> IdentIndex:
        """Load an index saved by :meth:`write`.

        Raises:
            IdentifyError: the file is unreadable, damaged, or of another format.
        """
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {name: data[name] for name in data.files}
            if int(arrays["format"]) != INDEX_FORMAT:
                raise IdentifyError(f"{path}: index format {int(arrays['format'])}, "
                                    f"expected {INDEX_FORMAT}")
            keys = _split_lines(str(arrays["keys"]))
            digests = tuple("sha256:" + bytes(row).hex() for row in arrays["digests"])
            index = cls(
                folder=folder if folder is not None else Path(str(arrays["folder"])),
                signature=str(arrays["signature"]),
                keys=keys,
                titles=_split_lines(str(arrays["titles"]), len(keys)),
                spdx_keys=tuple(s or None for s in _split_lines(str(arrays["spdx"]),
                                                                  len(keys))),
                digests=digests,
                sizes=arrays["sizes"].astype(np.int64, copy=False),
                hashes=arrays["hashes"],
                docs=arrays["docs"],
                path=path,
            )
        except IdentifyError:
            raise
        except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile) as exc:
            raise IdentifyError(f"{path}: cannot read the identification index ({exc})") \
                from exc
        if not (len(index.titles) == len(index.digests) == len(index.sizes) == len(keys)
                and len(index.hashes) == len(index.docs)):
            raise IdentifyError(f"{path}: the identification index is inconsistent")
        return index


def _split_lines(joined: str, count: int | None = None) -> tuple[str, ...]:
    if count == 0 or (count is None and not joined):
        return ()
    return tuple(joined.split("\n"))


def build_index(folder: Path) -> IdentIndex:
    """Build the index over every ``*.LICENSE`` file of a ScanCode licences folder."""
    files = _corpus_files(folder)
    keys, titles, spdx_keys, digests, per_text = [], [], [], [], []
    for f in files:
        meta, text = _read_licence_file(f.path)
        normalised = normalise_text(text)
        keys.append(f.key)
        # One line per title in the saved index: fold any line break a title may hold.
        titles.append(" ".join(str(meta.get("name") or f.key).split()))
        spdx_keys.append(" ".join(str(meta.get("spdx_license_key") or "").split()) or None)
        # Same value as known.text_digest(text), without normalising the text twice.
        digests.append("sha256:" + hashlib.sha256(normalised.encode("utf-8")).hexdigest())
        per_text.append(shingle_hashes(normalised))
    sizes = np.array([len(s) for s in per_text], dtype=np.int64)
    # Two bytes per posting while the corpus has fewer than 65,536 texts.
    doc_type = np.uint16 if len(files) < 2**16 else np.uint32
    hashes = np.concatenate(per_text) if per_text else np.zeros(0, np.uint64)
    docs = cast("npt.NDArray[np.unsignedinteger[Any]]",
                np.repeat(np.arange(len(files), dtype=doc_type), sizes))
    # Sorted by hash, then text number: ties resolve the same way on every build.
    order = np.lexsort((docs, hashes))
    return IdentIndex(
        folder=folder, signature=_signature(files), keys=tuple(keys), titles=tuple(titles),
        spdx_keys=tuple(spdx_keys), digests=tuple(digests), sizes=sizes,
        hashes=hashes[order], docs=docs[order],
    )


_MEMO: dict[tuple[str, str], IdentIndex] = {}
_MEMO_LOCK = threading.Lock()


def _corpus_folder() -> Path:
    folder = scancode_licenses_dir()
    if folder is None:
        raise IdentifyError(
            "identification needs the known licence texts (the ScanCode licence data): "
            'pip install "licenseparse[corpus]"')
    return folder


def index_file(signature: str) -> Path:
    """Return where the index of a corpus with this signature is cached."""
    return cache_dir() / f"{_INDEX_PREFIX}-v{INDEX_FORMAT}-{signature}.npz"


def load_index(*, rebuild: bool = False) -> IdentIndex:
    """Return the index over the known texts: from memory, the cache, or built anew.

    The first call in a process checks the corpus (names, sizes and mtimes of its
    files) and reads the cache file carrying that signature, building and saving it
    when missing or damaged (a few seconds); later calls reuse the same object. An
    unwritable cache costs a rebuild per process, never the identification.

    Args:
        rebuild: build from the texts even if a cached index exists, and replace it.

    Raises:
        IdentifyError: the ScanCode licence data is not installed.

    Example:
        >>> index = load_index()  # doctest: +SKIP
        >>> "apache-2.0" in index.position  # doctest: +SKIP
        True
    """
    folder = _corpus_folder()
    memo_key = (str(folder), str(cache_dir()))
    with _MEMO_LOCK:
        if not rebuild and memo_key in _MEMO:
            return _MEMO[memo_key]
        files = _corpus_files(folder)
        signature = _signature(files)
        path = index_file(signature)
        index: IdentIndex | None = None
        if not rebuild and path.is_file():
            try:
                index = IdentIndex.read(path, folder=folder)
            except IdentifyError as exc:
                logger.warning("%s; rebuilding it", exc)
            else:
                if index.signature != signature:
                    logger.warning("%s: signature mismatch; rebuilding it", path)
                    index = None
        if index is None:
            index = build_index(folder)
            try:
                index.write(path)
                index = dataclasses.replace(index, path=path)
            except OSError as exc:
                logger.warning("cannot save the identification index to %s (%s)", path, exc)
            else:
                _prune_old_indexes(keep=path)
        _MEMO[memo_key] = index
        return index


def _prune_old_indexes(keep: Path) -> None:
    """Delete index files of earlier corpora or formats: each is tens of megabytes and
    no signature comes back once the ScanCode data was upgraded."""
    for stale in keep.parent.glob(f"{_INDEX_PREFIX}-v*-*.npz"):
        if stale != keep:
            try:
                stale.unlink()
            except OSError:
                pass  # another process may be reading it; it goes next time


def forget_index() -> None:
    """Drop the in-process copies, so the next :func:`load_index` reads the cache again
    (for instance after the ScanCode data was upgraded in a long-running process)."""
    with _MEMO_LOCK:
        _MEMO.clear()
    _reference.cache_clear()


# ------------------------------------------------------------------------ search


@dataclass(frozen=True)
class _Ranked:
    number: int
    similarity: float
    containment: float


def _rank(index: IdentIndex, query: U64Array, digest: str, top: int) -> list[_Ranked]:
    count = len(index)
    if count == 0:
        return []
    lo = np.searchsorted(index.hashes, query, side="left")
    hi = np.searchsorted(index.hashes, query, side="right")
    lengths = hi - lo
    total = int(lengths.sum())
    # The postings of every query shingle, gathered in one vectorised step.
    firsts = np.cumsum(lengths) - lengths
    positions = np.repeat(lo - firsts, lengths) + np.arange(total)
    shared = np.bincount(index.docs[positions], minlength=count).astype(np.int64)
    union = len(query) + index.sizes - shared
    similarity = np.divide(shared, union, out=np.zeros(count), where=union > 0)
    containment = np.divide(shared, index.sizes, out=np.zeros(count),
                            where=index.sizes > 0)
    exact = np.zeros(count, dtype=bool)
    exact[index.by_digest.get(digest, [])] = True
    # Best first; an exact text before an equally similar one; then by key.
    order = np.lexsort((np.arange(count), ~exact, -similarity))
    ranked = []
    for number in order[:top]:
        if shared[number] == 0 and not exact[number]:
            break  # the rest share nothing with the query either
        ranked.append(_Ranked(int(number), float(similarity[number]),
                              float(containment[number])))
    return ranked


def _candidate(index: IdentIndex, ranked: _Ranked) -> Candidate:
    return Candidate(key=index.keys[ranked.number], title=index.titles[ranked.number],
                     spdx_license_key=index.spdx_keys[ranked.number],
                     similarity=round(ranked.similarity, 4),
                     containment=round(ranked.containment, 4))


def _search(
    text: str, top: int, index: IdentIndex | None
) -> tuple[IdentIndex, str, list[_Ranked], list[Candidate]]:
    """Rank the known texts for ``text``: (index, query digest, ranking, candidates)."""
    if top < 1:
        raise IdentifyError(f"top must be at least 1, got {top}")
    index = index if index is not None else load_index()
    normalised = normalise_text(text)
    digest = "sha256:" + hashlib.sha256(normalised.encode("utf-8")).hexdigest()
    ranked = _rank(index, shingle_hashes(normalised), digest, top)
    return index, digest, ranked, [_candidate(index, r) for r in ranked]


def search(text: str, *, top: int = 5, index: IdentIndex | None = None) -> list[Candidate]:
    """Return the known licence texts closest to ``text``, best first.

    Texts sharing no shingle with ``text`` are left out, so the list may be shorter
    than ``top``; ties are ordered by key.

    Raises:
        IdentifyError: ``top`` < 1, or no known texts are installed.

    Example:
        >>> search(mit_text)[0].key  # doctest: +SKIP
        'mit'
    """
    return _search(text, top, index)[3]


# ---------------------------------------------------------------------- tokens

# URLs whole (with a scheme, "www.", or a bare host name followed by a path or ending in
# a common top-level domain; trailing punctuation left out), dotted numbers ("3.1")
# whole, words, and every other visible character alone: so only white space falls
# between tokens. A name inside a URL ("ai.google.dev/gemma") is part of the URL.
_URL_CHAR = r"[^\s<>\"'\u201c\u201d\u2018\u2019()\[\]{}"
_URL_TAIL = _URL_CHAR + r"]*" + _URL_CHAR + r".,;:!?]"
_TOKEN = re.compile(
    r"(?P<url>(?:https?://|www\.)" + _URL_TAIL
    + r"|\b(?:[a-z0-9-]+\.)+[a-z]{2,}/(?:" + _URL_TAIL + r")?"
    + r"|\b(?:[a-z0-9-]+\.)+(?:com|org|net|dev|ai|io|edu|gov)\b)"
    r"|\d+(?:[.,]\d+)+|\w+|[^\w\s]"
)


# Markdown emphasis, headings, quotes, code and tables; bullets only first on a line.
_MARKUP = frozenset("#*`>=~|")
_BULLETS = frozenset("-+\u2022")


def _line_start(text: str, start: int) -> bool:
    line = text.rfind("\n", 0, start) + 1
    return not text[line:start].strip()


def _norm(raw: str) -> str:
    return raw.lower() if raw.isascii() else normalise_text(raw)


@dataclass
class _Doc:
    """A text cut into tokens, and (when analysed) its clauses' token ranges."""

    text: str
    raws: list[str] = field(default_factory=list)
    norms: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    urls: list[bool] = field(default_factory=list)
    markup: list[bool] = field(default_factory=list)
    labels: list[bool] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    ranges: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def of(cls, text: str, clauses: Iterable[Clause] = ()) -> _Doc:
        doc = cls(text)
        found = [(m.group(), m.start(), m.end(), m.lastgroup == "url")
                 for m in _TOKEN.finditer(text)]
        norms = [raw.lower() if raw.isascii() else normalise_text(raw)
                 for raw, _, _, _ in found]
        # Soft hyphens and zero-width spaces normalise to nothing: invisible, dropped.
        kept = [n for n, norm in enumerate(norms) if norm]
        if len(kept) < len(found):
            found = [found[n] for n in kept]
            norms = [norms[n] for n in kept]
        doc.norms = norms
        doc.raws = [raw for raw, _, _, _ in found]
        doc.starts = [start for _, start, _, _ in found]
        doc.ends = [end for _, _, end, _ in found]
        doc.urls = [url for _, _, _, url in found]
        doc.markup = [raw in _MARKUP or (raw in _BULLETS and _line_start(text, start))
                      for raw, start, _, _ in found]
        doc.labels = [False] * len(found)
        previous_end = 0
        for clause in sorted(clauses, key=lambda c: (c.start, c.end)):
            lo = max(bisect.bisect_left(doc.starts, clause.start), previous_end)
            hi = max(bisect.bisect_left(doc.starts, clause.end), lo)
            if clause.label and clause.text.startswith(clause.label):
                label_end = clause.start + len(clause.label)
                for k in range(lo, hi):
                    if doc.starts[k] >= label_end:
                        break
                    doc.labels[k] = True
            doc.clauses.append(clause)
            doc.ranges.append((lo, hi))
            previous_end = hi
        return doc

    def span(self, idx: Sequence[int]) -> str:
        """The original text from the first to the last of these tokens."""
        return self.text[self.starts[idx[0]]:self.ends[idx[-1]]] if idx else ""

    def body_key(self, number: int) -> str:
        lo, hi = self.ranges[number]
        return " ".join(self.norms[k] for k in range(lo, hi) if not self.labels[k])

    def tokens_of(self, numbers: Iterable[int]) -> list[int]:
        out: list[int] = []
        for number in numbers:
            lo, hi = self.ranges[number]
            out.extend(range(lo, hi))
        return out


Opcode = tuple[WordOpKind, int, int, int, int]


@dataclass
class _Unit:
    """A reference clause group and its query counterpart (either side may be empty)."""

    ref_clauses: list[int]
    query_clauses: list[int]
    ref_idx: list[int]
    query_idx: list[int]
    ops: list[Opcode] = field(default_factory=list)
    status: DifferenceStatus = "unchanged"
    reasons: set[CosmeticReason] = field(default_factory=set)

    @property
    def paired(self) -> bool:
        return bool(self.ref_idx) and bool(self.query_idx)


def _diff(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    if list(a) == list(b):
        return [("equal", 0, len(a), 0, len(b))] if a else []
    # autojunk would treat "the" and "." as junk in any clause over 200 words.
    return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


# ------------------------------------------------------------------- alignment


def _align_clauses(ref: _Doc, query: _Doc) -> list[_Unit]:
    """Pair the two clause lists on their text, numbering aside."""
    ref_keys = [ref.body_key(i) for i in range(len(ref.clauses))]
    query_keys = [query.body_key(j) for j in range(len(query.clauses))]
    units: list[_Unit] = []
    matcher = difflib.SequenceMatcher(None, ref_keys, query_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                units.append(_Unit([i], [j], ref.tokens_of([i]), query.tokens_of([j])))
        else:
            units.extend(_pair_block(ref, query, list(range(i1, i2)), list(range(j1, j2))))
    return units


def _pair_block(ref: _Doc, query: _Doc, rs: list[int], qs: list[int]) -> list[_Unit]:
    """Pair the clauses of a replaced block by the words they share."""
    if not rs or not qs:
        return ([_Unit([i], [], ref.tokens_of([i]), []) for i in rs]
                + [_Unit([], [j], [], query.tokens_of([j])) for j in qs])
    ref_tokens = ref.tokens_of(rs)
    query_tokens = query.tokens_of(qs)
    ref_owner = [i for i in rs for _ in range(ref.ranges[i][1] - ref.ranges[i][0])]
    query_owner = [j for j in qs for _ in range(query.ranges[j][1] - query.ranges[j][0])]
    matcher = difflib.SequenceMatcher(None, [ref.norms[k] for k in ref_tokens],
                                      [query.norms[k] for k in query_tokens],
                                      autojunk=False)
    shared: Counter[tuple[int, int]] = Counter()
    for a, b, size in matcher.get_matching_blocks():
        shared.update(zip(ref_owner[a:a + size], query_owner[b:b + size], strict=True))
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for (i, j), words in shared.items():
        shorter = min(ref.ranges[i][1] - ref.ranges[i][0],
                      query.ranges[j][1] - query.ranges[j][0])
        if words >= LINK_SHARE * shorter and words >= min(2, shorter):
            parent[find(("r", i))] = find(("q", j))
    groups: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
    for i in rs:
        groups.setdefault(find(("r", i)), ([], []))[0].append(i)
    for j in qs:
        groups.setdefault(find(("q", j)), ([], []))[1].append(j)

    # Order: by the first query clause; a removed group right after the query clauses
    # paired with the reference clauses before it.
    def position(group: tuple[list[int], list[int]]) -> tuple[float, int]:
        g_rs, g_qs = group
        if g_qs:
            return (float(g_qs[0]), g_rs[0] if g_rs else -1)
        before = [max(o_qs) for o_rs, o_qs in groups.values()
                  if o_qs and o_rs and o_rs[0] < g_rs[0]]
        return ((max(before) if before else qs[0] - 1) + 0.5, g_rs[0])

    return [_Unit(g_rs, g_qs, ref.tokens_of(g_rs), query.tokens_of(g_qs))
            for g_rs, g_qs in sorted(groups.values(), key=position)]


def _cost(ref: _Doc, query: _Doc, unit: _Unit) -> int:
    """Words not matched between the unit's two sides (numbers and markup aside)."""
    def words(doc: _Doc, idx: Sequence[int]) -> int:
        return sum(1 for k in idx if not doc.labels[k] and not doc.markup[k])

    if not unit.paired:
        return words(ref, unit.ref_idx) + words(query, unit.query_idx)
    return sum(words(ref, unit.ref_idx[i1:i2]) + words(query, unit.query_idx[j1:j2])
               for tag, i1, i2, j1, j2 in unit.ops if tag != "equal")


def _merge_shifted(ref: _Doc, query: _Doc, units: list[_Unit]) -> list[_Unit]:
    """Join neighbouring units whose differences cancel out together.

    When a re-wrap moves a clause boundary, a sentence leaves one clause and joins the
    next: alone, each pair shows a change; compared together, none. Neighbours are
    joined when that leaves fewer unmatched words than comparing them apart.
    """
    out: list[_Unit] = []
    for unit in units:
        if out and (unit.ref_idx or unit.query_idx):
            previous = out[-1]
            apart = _cost(ref, query, previous) + _cost(ref, query, unit)
            joined = _Unit(previous.ref_clauses + unit.ref_clauses,
                           previous.query_clauses + unit.query_clauses,
                           previous.ref_idx + unit.ref_idx,
                           previous.query_idx + unit.query_idx)
            if (_cost(ref, query, previous) and _cost(ref, query, unit)
                    and joined.paired):
                joined.ops = _diff([ref.norms[k] for k in joined.ref_idx],
                                   [query.norms[k] for k in joined.query_idx])
                if _cost(ref, query, joined) < apart:
                    out[-1] = joined
                    continue
        out.append(unit)
    return out


# --------------------------------------------------------------- substitutions

# Words of licence titles and company names that name nothing in particular: a
# substitution must change a distinctive word of the known licence's own names.
_GENERIC_NAME_WORDS = frozenset("""
    license licence licenses licences licensed agreement community terms term of use
    the and or for with by to in on an version public general open source software
    model models data ai inc ltd limited llc corp corporation company co gmbh
    foundation copyright all rights reserved notice policy acceptable responsible
""".split())


def _name_vocabulary(meta: dict[str, Any]) -> frozenset[str]:
    """Distinctive words of the known licence's own names (title, owner, holders)."""
    values: list[str] = []
    for field_name in ("name", "short_name", "owner", "ignorable_holders",
                       "ignorable_copyrights"):
        value = meta.get(field_name)
        if isinstance(value, str):
            values.append(value)
        elif isinstance(value, list):
            values.extend(str(v) for v in value)
    words = {_norm(m.group()) for v in values for m in _TOKEN.finditer(v)}
    return frozenset(w for w in words
                     if len(w) > 1 and w.isalpha() and w not in _GENERIC_NAME_WORDS)


def _name_like(raws: Sequence[str]) -> bool:
    """Every word capitalised (or a number), at least one word."""
    has_word = False
    for raw in raws:
        if raw[0].isalpha():
            has_word = True
            if not raw[0].isupper():
                return False
    return has_word


def _occurrences(phrase: tuple[str, ...], streams: Iterable[list[str]]) -> int:
    total = 0
    size = len(phrase)
    for stream in streams:
        start = 0
        while True:
            try:
                start = stream.index(phrase[0], start)
            except ValueError:
                break
            if tuple(stream[start:start + size]) == phrase:
                total += 1
                start += size
            else:
                start += 1
    return total


@dataclass
class _Replace:
    unit: _Unit
    i1: int
    i2: int
    j1: int
    j2: int


def _only(doc: _Doc, idx: Sequence[int], flags: list[bool]) -> bool:
    return bool(idx) and all(flags[k] for k in idx)


def _find_substitutions(
    ref: _Doc, query: _Doc, units: list[_Unit], vocabulary: frozenset[str],
) -> dict[tuple[tuple[str, ...], tuple[str, ...]], Substitution]:
    """Find the names the query replaced consistently everywhere.

    A replacement ``A -> B`` counts when: A and B are capitalised names and A holds a
    distinctive word of the known licence's own names (its title, owner or holders: a
    city or a defined term is not a name to swap); every occurrence of A in the paired
    clauses is replaced, and always by B; B is new to the reference and A is gone from
    the query. ``3.1 -> 4`` fails the last test ("4" numbers a section) but passes with
    the word before it (``Llama 3.1 -> Llama 4``), so up to two shared words of context
    are tried.
    """
    by_phrase: dict[tuple[str, ...], list[_Replace]] = {}
    for unit in units:
        if not unit.paired:
            continue
        for tag, i1, i2, j1, j2 in unit.ops:
            if tag != "replace":
                continue
            r_idx, q_idx = unit.ref_idx[i1:i2], unit.query_idx[j1:j2]
            if _only(ref, r_idx, ref.urls) and _only(query, q_idx, query.urls):
                continue
            phrase = tuple(ref.norms[k] for k in r_idx)
            by_phrase.setdefault(phrase, []).append(_Replace(unit, i1, i2, j1, j2))
    paired = [u for u in units if u.paired]
    # The reference words of every replacement: a name may also be replaced as part of
    # a longer phrase ("Meta Llama 3" -> "Acme Orca" beside "Meta" -> "Acme").
    replaced = [phrase for phrase, records in by_phrase.items() for _ in records]
    ref_streams = [[ref.norms[k] for k in u.ref_idx] for u in paired]
    query_streams = [[query.norms[k] for k in u.query_idx] for u in paired]
    all_ref = [ref.norms]
    accepted: dict[tuple[tuple[str, ...], tuple[str, ...]], Substitution] = {}
    for phrase, records in by_phrase.items():
        targets = {tuple(query.norms[k] for k in r.unit.query_idx[r.j1:r.j2])
                   for r in records}
        if len(targets) != 1:
            continue
        target = next(iter(targets))
        if not all(_name_like([ref.raws[k] for k in r.unit.ref_idx[r.i1:r.i2]])
                   and _name_like([query.raws[k] for k in r.unit.query_idx[r.j1:r.j2]])
                   for r in records):
            continue
        for context in range(3):
            found = _check_substitution(ref, query, records, context, vocabulary,
                                        ref_streams, query_streams, all_ref, replaced)
            if found is not None:
                accepted[(phrase, target)] = found
                break
    return accepted


def _check_substitution(
    ref: _Doc, query: _Doc, records: list[_Replace], context: int,
    vocabulary: frozenset[str], ref_streams: list[list[str]],
    query_streams: list[list[str]], all_ref: list[list[str]],
    replaced: list[tuple[str, ...]],
) -> Substitution | None:
    spans = []
    for r in records:
        if r.i1 < context or r.j1 < context:
            return None
        r_idx = r.unit.ref_idx[r.i1 - context:r.i2]
        q_idx = r.unit.query_idx[r.j1 - context:r.j2]
        spans.append((r_idx, q_idx))
    phrases = {tuple(ref.norms[k] for k in r_idx) for r_idx, _ in spans}
    targets = {tuple(query.norms[k] for k in q_idx) for _, q_idx in spans}
    if len(phrases) != 1 or len(targets) != 1:
        return None
    phrase, target = next(iter(phrases)), next(iter(targets))
    if context and phrase[:context] != target[:context]:
        return None
    if not any(w in vocabulary for w in phrase):
        return None
    # Occurrences inside a longer replaced phrase went with it (a clause whose longer
    # phrase is no accepted substitution is changed anyway).
    within = sum(_occurrences(phrase, [list(other)]) for other in replaced
                 if len(other) > len(phrase))
    if _occurrences(phrase, ref_streams) != len(records) + within:
        return None
    if _occurrences(target, all_ref) or _occurrences(phrase, query_streams):
        return None
    shown = Counter((ref.span(r_idx), query.span(q_idx)) for r_idx, q_idx in spans)
    (reference, replacement), _ = max(shown.items(), key=lambda item: item[1])
    return Substitution(reference=reference, query=replacement, count=len(records))


# --------------------------------------------------------------- classification


def _classify(ref: _Doc, query: _Doc, unit: _Unit,
              substitutions: dict[tuple[tuple[str, ...], tuple[str, ...]], Substitution],
              ) -> int:
    """Set the unit's status and reasons; return how many substantive changes it has."""
    if not unit.query_idx and not unit.ref_idx:
        unit.status = "unchanged"
        return 0
    if not unit.query_idx:
        unit.status = "removed"
        return 1
    if not unit.ref_idx:
        unit.status = "added"
        return 1
    substantive = 0
    for tag, i1, i2, j1, j2 in unit.ops:
        r_idx, q_idx = unit.ref_idx[i1:i2], unit.query_idx[j1:j2]
        if tag == "equal":
            _cosmetic_reasons(ref, query, r_idx, q_idx, unit.reasons)
        elif (_only(ref, r_idx, ref.labels) or not r_idx) and (
                _only(query, q_idx, query.labels) or not q_idx):
            continue  # numbering: the clause's own label, e.g. "iii." -> "ii."
        elif (not r_idx or _only(ref, r_idx, ref.markup)) and (
                not q_idx or _only(query, q_idx, query.markup)):
            unit.reasons.add("markup")  # "## 1. Grant", "**Grant**", "- item"
        elif _squeezed(ref.span(r_idx)) == _squeezed(query.span(q_idx)):
            # Cut differently, same characters: a URL or word broken across lines.
            unit.reasons.add("whitespace")
        elif tag == "replace" and _only(ref, r_idx, ref.urls) and _only(
                query, q_idx, query.urls):
            unit.reasons.add("url")
        elif tag == "replace" and (tuple(ref.norms[k] for k in r_idx),
                                   tuple(query.norms[k] for k in q_idx)) in substitutions:
            unit.reasons.add("name")
        else:
            substantive += 1
    unit.status = "changed" if substantive else ("cosmetic" if unit.reasons else "unchanged")
    return substantive


def _squeezed(text: str) -> str:
    return "".join(normalise_text(text).split())


def _cosmetic_reasons(ref: _Doc, query: _Doc, r_idx: Sequence[int], q_idx: Sequence[int],
                      reasons: set[CosmeticReason]) -> None:
    if not r_idx or ref.span(r_idx) == query.span(q_idx):
        return
    for n, (a, b) in enumerate(zip(r_idx, q_idx, strict=True)):
        if ref.raws[a] != query.raws[b]:
            reasons.add("case" if ref.raws[a].lower() == query.raws[b].lower() else "quotes")
        if n and (ref.text[ref.ends[r_idx[n - 1]]:ref.starts[a]]
                  != query.text[query.ends[q_idx[n - 1]]:query.starts[b]]):
            reasons.add("whitespace")
        if {"case", "quotes", "whitespace"} <= reasons:
            return


def _word_diff(ref: _Doc, query: _Doc, unit: _Unit) -> list[WordOp]:
    return [WordOp(op=tag,
                   reference=ref.span(unit.ref_idx[i1:i2]),
                   query=query.span(unit.query_idx[j1:j2]))
            for tag, i1, i2, j1, j2 in unit.ops]


def _ordered(reasons: Iterable[CosmeticReason]) -> list[CosmeticReason]:
    present = set(reasons)
    return [r for r in _REASON_ORDER if r in present]


# ------------------------------------------------------------------- findings

_URL_TOKEN = "<url>"


def _quote_key(doc_clauses: dict[str, Clause], finding: Finding,
               substitutions: Sequence[tuple[tuple[str, ...], tuple[str, ...]]],
               ) -> tuple[str, tuple[str, ...]]:
    """A finding's identity across texts: its rule and its quote, normalised, without
    the clause's label, with URLs blanked and the reference's names substituted."""
    quote = finding.quote
    clause = doc_clauses.get(finding.clause_id)
    if clause is not None and clause.label and quote.startswith(clause.label):
        quote = quote[len(clause.label):]
    words: list[str] = []
    for match in _TOKEN.finditer(quote):
        norm = _norm(match.group())
        if norm:
            words.append(_URL_TOKEN if match.lastgroup == "url" else norm)
    for phrase, target in substitutions:
        words = _substitute(words, phrase, target)
    return finding.rule_id, tuple(words)


def _substitute(words: list[str], phrase: tuple[str, ...], target: tuple[str, ...],
                ) -> list[str]:
    out: list[str] = []
    k = 0
    size = len(phrase)
    while k < len(words):
        if tuple(words[k:k + size]) == phrase:
            out.extend(target)
            k += size
        else:
            out.append(words[k])
            k += 1
    return out


def _finding_change(finding: Finding) -> FindingChange:
    return FindingChange(id=finding.id, rule_id=finding.rule_id,
                         clause_path=finding.clause_path, quote=finding.quote,
                         explanation=finding.explanation)


def _match_findings(
    query_findings: Sequence[Finding], query_clauses: dict[str, Clause],
    ref_findings: Sequence[Finding], ref_clauses: dict[str, Clause],
    substitutions: Sequence[tuple[tuple[str, ...], tuple[str, ...]]],
) -> tuple[list[Finding], list[Finding]]:
    """Return the query's findings without a counterpart in the reference, and the
    reverse.

    Counterparts have the same rule and the same quote (normalised, label and URLs
    aside, the reference's names substituted); failing that, the same rule and one
    quote inside the other, because a re-wrapped text can make the analysis cut a
    sentence shorter without any change of wording.
    """
    query_keys = [_quote_key(query_clauses, f, ()) for f in query_findings]
    ref_keys = [_quote_key(ref_clauses, f, substitutions) for f in ref_findings]
    open_refs: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    for n, key in enumerate(ref_keys):
        open_refs.setdefault(key, []).append(n)
    matched_refs: set[int] = set()
    unmatched_queries: list[int] = []
    for n, key in enumerate(query_keys):
        if open_refs.get(key):
            matched_refs.add(open_refs[key].pop(0))
        else:
            unmatched_queries.append(n)
    gained = []
    for n in unmatched_queries:
        rule, words = query_keys[n]
        inner = f" {' '.join(words)} "
        for m, (ref_rule, ref_words) in enumerate(ref_keys):
            if m in matched_refs or ref_rule != rule:
                continue
            outer = f" {' '.join(ref_words)} "
            if inner in outer or outer in inner:
                matched_refs.add(m)
                break
        else:
            gained.append(query_findings[n])
    lost = [f for m, f in enumerate(ref_findings) if m not in matched_refs]
    return gained, lost


# ------------------------------------------------------------------- identify


@functools.lru_cache(maxsize=16)
def _reference(path: Path, mtime_ns: int) -> tuple[dict[str, Any], str, Analysis]:
    """Read and analyse a known text once per process (keyed by file and mtime)."""
    from licenseparse.pipeline import analyze

    meta, text = _read_licence_file(path)
    return meta, text, analyze(text.encode("utf-8"), name=path.stem)


def _analyse_query(text: str) -> Analysis:
    from licenseparse.pipeline import analyze

    # As bytes: a str without white space could be taken for a path or a licence key.
    return analyze(text.encode("utf-8", errors="replace"))


def identify(
    text: str,
    *,
    top: int = 5,
    index: IdentIndex | None = None,
    diff: bool = True,
    analysis: Analysis | None = None,
) -> Identification:
    """Name the known licence a text is, and say what differs from it.

    Args:
        text: the licence text.
        top: how many candidates to list.
        index: the index to search; :func:`load_index` by default.
        diff: compare the text clause by clause with the best candidate (both texts
            are analysed). With False, no analysis runs and the verdict rests on a word
            comparison of the whole texts (where a renumbered clause counts as a
            change); ``differences`` and the findings lists stay empty.
        analysis: the text's analysis when the caller already has one (it must be of
            this same text); saves analysing it again.

    Returns:
        The verdict, the candidates, a one-line summary and the differences.

    Raises:
        EmptyInputError: the text is empty or white space.
        IdentifyError: ``top`` < 1, or the known licence texts are not installed.

    Example:
        >>> found = identify("Permission is hereby granted ...")  # doctest: +SKIP
        >>> found.verdict, found.best.key  # doctest: +SKIP
        ('modified', 'mit')
    """
    if not text.strip():
        raise EmptyInputError("cannot identify an empty text")
    index, digest, ranked, candidates = _search(text, top, index)
    if not ranked or ranked[0].similarity < UNKNOWN_BELOW:
        closest = (f" (closest: {candidates[0].key}, similarity "
                   f"{candidates[0].similarity:.2f})") if candidates else ""
        return Identification(
            verdict="unknown", summary=f"unknown{closest}", candidates=candidates,
            counts=dict.fromkeys(_STATUSES, 0), query_digest=digest,
            corpus_signature=index.signature)
    best = candidates[0]
    exact = index.digests[ranked[0].number] == digest
    if exact and not diff:
        return Identification(
            verdict="exact", best=best, summary=f"{best.key}, exact", candidates=candidates,
            counts=dict.fromkeys(_STATUSES, 0), query_digest=digest,
            corpus_signature=index.signature)
    path = index.folder / f"{best.key}.LICENSE"
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        raise IdentifyError(f"{path}: the known text has gone ({exc}); the index is stale: "
                            "run load_index(rebuild=True)") from exc
    ref_analysis: Analysis | None = None
    query_analysis: Analysis | None = None
    if diff:
        meta, _, ref_analysis = _reference(path, mtime)
        query_analysis = analysis if analysis is not None else _analyse_query(text)
        ref = _Doc.of(ref_analysis.original, ref_analysis.clauses)
        query = _Doc.of(query_analysis.original, query_analysis.clauses)
        units = _align_clauses(ref, query)
    else:
        meta, ref_text = _read_licence_file(path)
        ref, query = _Doc.of(ref_text), _Doc.of(text)
        units = [_Unit([], [], list(range(len(ref.norms))), list(range(len(query.norms))))]
    for unit in units:
        if unit.paired:
            unit.ops = _diff([ref.norms[k] for k in unit.ref_idx],
                             [query.norms[k] for k in unit.query_idx])
    units = _merge_shifted(ref, query, units)
    substitutions = _find_substitutions(ref, query, units, _name_vocabulary(meta))
    substantive = [_classify(ref, query, unit, substitutions) for unit in units]
    reasons = _ordered(r for unit in units for r in unit.reasons)
    subs = sorted(substitutions.values(), key=lambda s: (s.reference, s.query))

    verdict: Verdict = "exact" if exact else ("modified" if sum(substantive) else "cosmetic")
    differences: list[ClauseDifference] = []
    added: list[FindingChange] = []
    removed: list[FindingChange] = []
    if ref_analysis is not None and query_analysis is not None:
        differences, added, removed = _differences(ref, query, units, ref_analysis,
                                                   query_analysis, list(substitutions))
    counts = Counter(d.status for d in differences)
    summary = _summary(best.key, verdict, units, ref, query, reasons, subs,
                       changed_passages=sum(substantive) if not diff else 0)
    return Identification(
        verdict=verdict, best=best, candidates=candidates, summary=summary,
        differences=differences, counts={s: counts.get(s, 0) for s in _STATUSES},
        substitutions=subs, findings_added=added, findings_removed=removed,
        query_digest=digest, corpus_signature=index.signature)


def _paths(doc: _Doc, numbers: Sequence[int]) -> str | None:
    return "+".join(doc.clauses[n].path for n in numbers) if numbers else None


def _differences(
    ref: _Doc, query: _Doc, units: list[_Unit], ref_analysis: Analysis,
    query_analysis: Analysis, substitutions: list[tuple[tuple[str, ...], tuple[str, ...]]],
) -> tuple[list[ClauseDifference], list[FindingChange], list[FindingChange]]:
    ref_clauses = {c.id: c for c in ref_analysis.clauses}
    query_clauses = {c.id: c for c in query_analysis.clauses}
    gained, lost = _match_findings(query_analysis.findings, query_clauses,
                                   ref_analysis.findings, ref_clauses, substitutions)
    unit_of_query = {query.clauses[j].id: n for n, u in enumerate(units)
                     for j in u.query_clauses}
    unit_of_ref = {ref.clauses[i].id: n for n, u in enumerate(units) for i in u.ref_clauses}
    per_unit_gained: dict[int, list[FindingChange]] = {}
    per_unit_lost: dict[int, list[FindingChange]] = {}
    for finding in gained:
        if finding.clause_id in unit_of_query:
            per_unit_gained.setdefault(unit_of_query[finding.clause_id], []).append(
                _finding_change(finding))
    for finding in lost:
        if finding.clause_id in unit_of_ref:
            per_unit_lost.setdefault(unit_of_ref[finding.clause_id], []).append(
                _finding_change(finding))
    differences = [
        ClauseDifference(
            status=unit.status,
            reference_path=_paths(ref, unit.ref_clauses),
            query_path=_paths(query, unit.query_clauses),
            reference_text=_clauses_text(ref, unit.ref_clauses),
            query_text=_clauses_text(query, unit.query_clauses),
            reasons=_ordered(unit.reasons) if unit.status == "cosmetic" else [],
            word_diff=_word_diff(ref, query, unit) if unit.status == "changed" else [],
            findings=per_unit_gained.get(n, []),
            findings_removed=per_unit_lost.get(n, []),
        )
        for n, unit in enumerate(units)
    ]
    return (differences, [_finding_change(f) for f in gained],
            [_finding_change(f) for f in lost])


def _clauses_text(doc: _Doc, numbers: Sequence[int]) -> str | None:
    if not numbers:
        return None
    return doc.text[doc.clauses[numbers[0]].start:doc.clauses[numbers[-1]].end]


def _listed(paths: Sequence[str], limit: int = 5) -> str:
    shown = ", ".join(paths[:limit])
    return shown + (", ..." if len(paths) > limit else "")


def _summary(key: str, verdict: Verdict, units: list[_Unit], ref: _Doc, query: _Doc,
             reasons: Sequence[CosmeticReason], subs: Sequence[Substitution],
             changed_passages: int) -> str:
    cosmetic = []
    for reason in reasons:
        if reason == "name":
            pairs = ", ".join(f"{s.reference} -> {s.query}" for s in subs)
            cosmetic.append(f"names substituted ({pairs})")
        else:
            cosmetic.append("URLs" if reason == "url" else reason)
    if verdict == "exact":
        return f"{key}, exact"
    if verdict == "cosmetic":
        return f"{key}, cosmetic: {', '.join(cosmetic) or 'layout'}"
    parts = []
    if changed_passages:
        parts.append(f"{changed_passages} changed passage{'s' if changed_passages > 1 else ''}")
    # Added clauses exist only in the query; removed and changed ones are named by the
    # known text's numbering, which does not move with the query's layout.
    for status in ("added", "removed", "changed"):
        named = [_paths(query, u.query_clauses) if status == "added"
                 else _paths(ref, u.ref_clauses) for u in units if u.status == status]
        paths = [p for p in named if p]
        if paths:
            noun = "clause" if len(paths) == 1 else "clauses"
            parts.append(f"{len(paths)} {status} {noun} ({_listed(paths)})")
    text = f"{key}, modified: {', '.join(parts)}"
    return text + (f"; also {', '.join(cosmetic)}" if cosmetic else "")

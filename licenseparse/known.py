"""Look up licence texts by ScanCode key in the installed ScanCode licence data.

The texts come from the optional ``scancode-toolkit-mini`` package
(``pip install "licenseparse[corpus]"``): its ``licensedcode/data/licenses`` folder
holds one ``<key>.LICENSE`` file per licence, YAML front matter then the text. We read
the files; we never import or run ScanCode. A key only locates a text: verdicts still
come from the clauses found in it.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import unicodedata
from pathlib import Path

import platformdirs
import regex
import yaml

from licenseparse.errors import InputError

CORPUS_ENV = "LICENSEPARSE_SCANCODE_LICENSES"
CACHE_ENV = "LICENSEPARSE_CACHE"
_KEY = regex.compile(r"[a-z0-9][a-z0-9.+_\-]{0,120}")


class KnownLicenceError(InputError):
    """A known-licence key was asked for but its text is not available."""

    code = "LP110"


@functools.lru_cache(maxsize=1)
def scancode_licenses_dir() -> Path | None:
    """Return the ScanCode ``licenses`` data folder, or None when not installed."""
    override = os.environ.get(CORPUS_ENV)
    if override:
        path = Path(override)
        return path if path.is_dir() else None
    spec = importlib.util.find_spec("licensedcode")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "licenses"
    return path if path.is_dir() else None


def split_front_matter(raw: str) -> tuple[dict[str, object], str]:
    """Split a ScanCode ``.LICENSE`` file into its front matter and its text.

    Example:
        >>> split_front_matter("---\\nkey: x\\n---\\nText.\\n")
        ({'key': 'x'}, 'Text.\\n')
    """
    if raw.startswith("---"):
        end = raw.find("\n---", 3)
        if end >= 0:
            meta = yaml.safe_load(raw[3:end]) or {}
            body_start = raw.find("\n", end + 4)
            body = raw[body_start + 1:] if body_start >= 0 else ""
            return (meta if isinstance(meta, dict) else {}), body.lstrip("\n")
    return {}, raw


def looks_like_key(value: str) -> bool:
    """Tell whether a string could be a ScanCode licence key."""
    return bool(_KEY.fullmatch(value))


USER_CORPUS_ENV = "LICENSEPARSE_CORPUS"
# A user's folder may hold plain texts or ScanCode-style files, named after the key.
_TEXT_SUFFIXES = (".LICENSE", ".txt", ".md", ".html", "")


def user_corpus_dir(corpus: str | os.PathLike[str] | None = None) -> Path | None:
    """Return the user's own folder of licence texts: ``corpus`` or ``$LICENSEPARSE_CORPUS``.

    Raises:
        KnownLicenceError: the folder named does not exist.
    """
    value = corpus if corpus is not None else os.environ.get(USER_CORPUS_ENV)
    if not value:
        return None
    path = Path(value)
    if not path.is_dir():
        raise KnownLicenceError(f"corpus folder {str(path)!r} does not exist")
    return path


def _user_file(folder: Path, key: str) -> Path | None:
    for suffix in _TEXT_SUFFIXES:
        path = folder / f"{key}{suffix}"
        if path.is_file():
            return path
    return None


def _cache_file(key: str) -> Path:
    return cache_dir() / "texts" / f"{key}.LICENSE"


def text_source(key: str, corpus: str | os.PathLike[str] | None = None) -> str | None:
    """Tell where the text of ``key`` would come from: ``corpus`` (the user's folder),
    ``scancode``, ``cache``, or None when no provider has it."""
    if not looks_like_key(key):
        return None
    folder = user_corpus_dir(corpus)
    if folder is not None and _user_file(folder, key) is not None:
        return "corpus"
    scancode = scancode_licenses_dir()
    if scancode is not None and (scancode / f"{key}.LICENSE").is_file():
        return "scancode"
    if _cache_file(key).is_file():
        return "cache"
    return None


def known_text(
    key: str, corpus: str | os.PathLike[str] | None = None
) -> tuple[str, dict[str, object]]:
    """Return the text and metadata of a known licence.

    Providers, in order: the user's folder (``corpus`` or ``$LICENSEPARSE_CORPUS``), the
    installed ScanCode data (``pip install "licenseparse[corpus]"``), and the cache,
    which keeps a copy of every text read from the other two, so a text once used
    stays available.

    Raises:
        KnownLicenceError: no provider has the text; the message says how to get it.
    """
    source = text_source(key, corpus)
    if source is None:
        raise KnownLicenceError(missing_text_message(key))
    if source == "corpus":
        folder = user_corpus_dir(corpus)
        assert folder is not None
        path = _user_file(folder, key)
        assert path is not None
    elif source == "scancode":
        folder = scancode_licenses_dir()
        assert folder is not None
        path = folder / f"{key}.LICENSE"
    else:
        path = _cache_file(key)
    raw = path.read_text(encoding="utf-8", errors="replace")
    meta, text = split_front_matter(raw)
    if source != "cache":
        _keep_in_cache(key, raw)
    return text, meta


# The raw text last synced to each cache file, by hash: later reads of the same text in
# this process neither read nor write the cache file again.
_SYNCED: dict[Path, int] = {}


def _keep_in_cache(key: str, raw: str) -> None:
    target = _cache_file(key)
    if _SYNCED.get(target) == hash(raw) and target.is_file():
        return
    try:
        if not target.is_file() or target.read_text(encoding="utf-8", errors="replace") != raw:
            target.parent.mkdir(parents=True, exist_ok=True)
            # Written whole then renamed, so a concurrent reader never sees half a text.
            partial = target.with_suffix(f".{os.getpid()}.part")
            partial.write_text(raw, encoding="utf-8")
            partial.replace(target)
        _SYNCED[target] = hash(raw)
    except OSError:
        pass  # a read-only or full cache costs a copy, never the analysis


def missing_text_message(key: str) -> str:
    """One line saying that the text of ``key`` is missing and how to get it."""
    where = f"{USER_CORPUS_ENV} or --corpus DIR with {key}.txt in it"
    if scancode_licenses_dir() is None:
        return (f"the text of {key!r} is not installed: pip install \"licenseparse[corpus]\""
                f" (the ScanCode licence texts), or set {where}")
    return (f"{key!r} is neither a file nor a known licence text "
            f"(looked in the ScanCode data, the cache, and {USER_CORPUS_ENV})")


def known_keys(corpus: str | os.PathLike[str] | None = None) -> list[str]:
    """Return every licence key some provider has a text for, sorted."""
    keys: set[str] = set()
    folder = scancode_licenses_dir()
    if folder is not None:
        keys.update(p.name[: -len(".LICENSE")] for p in folder.glob("*.LICENSE"))
    user = user_corpus_dir(corpus)
    if user is not None:
        for path in user.iterdir():
            key = path.name
            for suffix in _TEXT_SUFFIXES:
                if suffix and key.endswith(suffix):
                    key = key[: -len(suffix)]
                    break
            if path.is_file() and looks_like_key(key):
                keys.add(key)
    return sorted(keys)


# Typographic variants folded before comparing or hashing texts: a licence copied from a
# web page, a PDF or a Markdown file is the same licence.
_FOLDS = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-", "\u00ad": None, "\u200b": None, "\ufeff": None,
})
_SPACES = regex.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Return the comparison form of a licence text: NFKC, quotes and dashes folded,
    lower case, whitespace runs as one space. Digests and identification use it.

    Example:
        >>> normalise_text("  The \u201cModel\u201d \u2014 as-is.\\r\\n")
        'the "model" - as-is.'
    """
    folded = unicodedata.normalize("NFKC", text).translate(_FOLDS).lower()
    return _SPACES.sub(" ", folded).strip()


def text_digest(text: str) -> str:
    """Return ``sha256:<hex>`` of the normalised text (see :func:`normalise_text`).

    Example:
        >>> text_digest("A  licence.") == text_digest("a licence.\\n")
        True
    """
    return "sha256:" + hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def cache_dir() -> Path:
    """Return licenseparse's cache folder (``$LICENSEPARSE_CACHE`` or the user cache)."""
    override = os.environ.get(CACHE_ENV)
    return Path(override) if override else Path(platformdirs.user_cache_dir("licenseparse"))

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


def known_text(key: str) -> tuple[str, dict[str, object]]:
    """Return the text and metadata of a ScanCode licence.

    Raises:
        KnownLicenceError: ScanCode data is not installed, or has no such key.
    """
    folder = scancode_licenses_dir()
    if folder is None:
        raise KnownLicenceError(
            f"{key!r} is not a file, and known licence texts need the ScanCode data: "
            'install it with: pip install "licenseparse[corpus]"'
        )
    path = folder / f"{key}.LICENSE"
    if not looks_like_key(key) or not path.is_file():
        raise KnownLicenceError(
            f"{key!r} is neither a file nor a known ScanCode licence key "
            f"(looked in {folder})"
        )
    meta, text = split_front_matter(path.read_text(encoding="utf-8"))
    return text, meta


def known_keys() -> list[str]:
    """Return every ScanCode licence key available, sorted."""
    folder = scancode_licenses_dir()
    if folder is None:
        return []
    return sorted(p.name[: -len(".LICENSE")] for p in folder.glob("*.LICENSE"))


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

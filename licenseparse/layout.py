"""The layout grammar: the words and marks clause structure is built from, as data.

``clause_library/_layout.yaml`` lists section and attachment words, bullets, heading
words and sequence starts; this module validates it (closed schema, every problem at
once) and builds the patterns :mod:`licenseparse.segment` uses. Keeping the vocabulary
in data lets a reviewer see and extend what counts as structure without reading code.
"""

from __future__ import annotations

import functools
from typing import Any

import regex
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from licenseparse.errors import Problem, RuleLibraryError
from licenseparse.library import bundled_library_path


class Layout(BaseModel):
    """The layout vocabulary of ``_layout.yaml``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    section_words: tuple[str, ...] = Field(min_length=1)
    attachment_words: tuple[str, ...] = Field(min_length=1)
    bullets: tuple[str, ...] = Field(min_length=1)
    title_small_words: frozenset[str]
    run_on_words: frozenset[str]
    reference_words: tuple[str, ...]
    sequence_starts: frozenset[str]
    sentence_words: frozenset[str]

    def alternation(self, words: tuple[str, ...]) -> str:
        """Return a regex alternation of ``words``, longest first so none shadows another."""
        return "|".join(regex.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


def _load(data: Any, where: str) -> Layout:
    try:
        return Layout.model_validate(data)
    except ValidationError as exc:
        raise RuleLibraryError([
            Problem(path=where, loc=".".join(str(p) for p in e["loc"]), message=e["msg"])
            for e in exc.errors()]) from exc


@functools.lru_cache(maxsize=1)
def layout() -> Layout:
    """Return the bundled layout grammar, validated.

    Example:
        >>> "section" in layout().section_words
        True
    """
    path = bundled_library_path() / "_layout.yaml"
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return _load(yaml.load(path.read_text(encoding="utf-8"), Loader=loader), str(path))

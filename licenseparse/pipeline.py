"""The ``analyze`` facade: input -> segment -> match -> assess -> result."""

from __future__ import annotations

import functools
import os
from importlib import metadata
from pathlib import Path

import spacy

from licenseparse.assess import assess, build_profile
from licenseparse.errors import InputNotFoundError
from licenseparse.known import known_text, looks_like_key
from licenseparse.library import RuleLibrary, load_library
from licenseparse.match import match
from licenseparse.models import Analysis, InputInfo, Provenance, Settings
from licenseparse.segment import segment
from licenseparse.textinput import SourceText, load_input, normalize_for_matching

Source = str | bytes | os.PathLike[str] | Analysis

_PATH_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".license", ".rst", ".text")


def _same_span(start: int, end: int) -> tuple[int, int]:
    return start, end


@functools.lru_cache(maxsize=1)
def version() -> str:
    """Return the installed licenseparse version."""
    try:
        return metadata.version("licenseparse")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def _resolve(
    source: str | bytes | os.PathLike[str], name: str | None, media_type: str | None,
    settings: Settings,
) -> tuple[SourceText, str | None]:
    """Load the input; a bare word that is not a file may be a known licence key."""
    if isinstance(source, str) and not any(c.isspace() for c in source) and len(source) <= 200:
        looks_like_path = (
            "/" in source or "\\" in source or source.lower().endswith(_PATH_SUFFIXES)
        )
        if not Path(source).exists() and not looks_like_path and looks_like_key(source):
            text, _ = known_text(source)
            return load_input(text, name=name or source, media_type=media_type,
                              max_bytes=settings.max_bytes), source
        if not Path(source).exists():
            raise InputNotFoundError(f"no such file: {source}")
    return load_input(source, name=name, media_type=media_type,
                      max_bytes=settings.max_bytes), None


def analyze(
    source: Source,
    *,
    rules: RuleLibrary | None = None,
    settings: Settings | None = None,
    name: str | None = None,
    media_type: str | None = None,
) -> Analysis:
    """Analyse a licence: find its clauses, match the rules and judge the freedoms.

    Args:
        source: the licence as text, bytes, a path, a ScanCode licence key, or an
            existing result (returned as it is).
        rules: the rule library; the bundled one by default.
        settings: knobs recorded in the provenance.
        name: a name for the input (defaults to the file name).
        media_type: force "text", "markdown" or "html" instead of sniffing.

    Returns:
        The analysis: profile, verdicts, findings, clause tree, glossary, provenance.

    Raises:
        InputError: empty, binary, too large, undecodable, missing or directory input.
        RuleLibraryError: the rule library is invalid.

    Example:
        >>> result = analyze("You may not use the Software for commercial purposes.")
        >>> result.profile.noncommercial_or_research_only
        True
    """
    if isinstance(source, Analysis):
        return source
    settings = settings or Settings()
    library = rules if rules is not None else load_library()
    text_source, known = _resolve(source, name, media_type, settings)
    working, norm_map = normalize_for_matching(text_source.view)
    offsets = text_source.offsets.compose(norm_map)

    # Most texts need no offset translation; skip the lookups for them.
    to_original = _same_span if offsets.is_identity else offsets.span_to_original
    seg = segment(working, to_original, text_source.original,
                  markdown=text_source.media_type == "markdown")
    findings = [
        f for f in match(seg, library, to_original, text_source.original, document=name)
        if f.score >= settings.min_score
    ]
    profile, evidence = build_profile(findings, library)
    return Analysis(
        source=text_source.name or known,
        known_licence=known,
        profile=profile,
        profile_evidence=evidence,
        verdicts=assess(findings),
        findings=findings,
        clauses=seg.clauses,
        glossary=seg.glossary,
        provenance=Provenance(
            licenseparse_version=version(),
            library_digest=library.digest,
            rule_count=len(library),
            spacy_version=spacy.about.__version__,
            settings=settings,
            input=InputInfo(
                name=text_source.name or known,
                media_type=text_source.media_type,
                encoding=text_source.encoding,
                digest=text_source.digest,
                chars=len(text_source.original),
            ),
        ),
        original=text_source.original,
    )

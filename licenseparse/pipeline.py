"""The ``analyze`` facade: input -> segment -> match -> assess -> result."""

from __future__ import annotations

import functools
import os
from importlib import metadata
from pathlib import Path

import spacy

from licenseparse.assess import assess, build_profile, withheld_grants
from licenseparse.bundle import analyze_folder
from licenseparse.errors import InputNotFoundError
from licenseparse.frames import Frame
from licenseparse.known import (
    known_text,
    looks_like_key,
    scancode_licenses_dir,
)
from licenseparse.library import RuleLibrary, load_library
from licenseparse.match import ToOriginal, frames, match, unclassified
from licenseparse.models import Analysis, InputInfo, Provenance, Settings
from licenseparse.segment import Segmentation, segment
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
    settings: Settings, corpus: str | os.PathLike[str] | None,
) -> tuple[SourceText, str | None]:
    """Load the input; a bare word that is not a file may name a known licence."""
    if isinstance(source, str) and not any(c.isspace() for c in source) and len(source) <= 200:
        looks_like_path = (
            "/" in source or "\\" in source or source.lower().endswith(_PATH_SUFFIXES)
        )
        if not Path(source).exists() and not looks_like_path:
            key = known_key(source)
            if key is not None:
                text, _ = known_text(key, corpus)
                return load_input(text, name=name or key, media_type=media_type,
                                  max_bytes=settings.max_bytes), key
        if not Path(source).exists():
            raise InputNotFoundError(f"no such file: {source}")
    return load_input(source, name=name, media_type=media_type,
                      max_bytes=settings.max_bytes), None


def known_key(name: str) -> str | None:
    """Return the known licence key a name denotes, or None.

    A manifest id, alias or Hugging Face licence tag ("llama3.1", "gemma") resolves to
    its manifest entry (the newest of a family tag); any other key-like word is taken as
    a ScanCode key as it is.

    Example:
        >>> known_key("llama3.1")
        'llama-3.1-license-2024'
    """
    from licenseparse import manifest

    entry = manifest.resolve(name)
    if entry is not None:
        return entry.id
    return name if looks_like_key(name) else None


def analyze(
    source: Source,
    *,
    rules: RuleLibrary | None = None,
    settings: Settings | None = None,
    name: str | None = None,
    media_type: str | None = None,
    corpus: str | os.PathLike[str] | None = None,
    identify: bool | None = None,
) -> Analysis:
    """Analyse a licence: find its clauses, match the rules and judge the freedoms.

    Args:
        source: the licence as text, bytes or a path; a known licence by name ("llama3.1",
            a ScanCode key such as "llama-3.1-license-2024", a Hugging Face licence tag);
            a model folder (LICENSE, USE_POLICY, NOTICE and README.md front matter,
            analysed as one bundle); or an existing result (returned as it is).
        rules: the rule library; the bundled one by default.
        settings: knobs recorded in the provenance.
        name: a name for the input (defaults to the file name).
        media_type: force "text", "markdown" or "html" instead of sniffing.
        corpus: a folder of the user's own licence texts (``<key>.txt``), searched
            before the ScanCode data; ``$LICENSEPARSE_CORPUS`` by default.
        identify: also name the closest known licence texts and what differs from the
            closest one (``result.identification``); it never changes a verdict.

    Returns:
        The analysis: profile, verdicts, findings, clause tree, glossary, provenance.

    Raises:
        InputError: empty, binary, too large, undecodable or missing input, a folder
            without licence documents, or a known licence whose text is not installed.
        RuleLibraryError: the rule library is invalid.

    Example:
        >>> result = analyze("You may not use the Software for commercial purposes.")
        >>> result.profile.noncommercial_or_research_only
        True
    """
    if isinstance(source, Analysis):
        return source
    settings = settings or Settings()
    if identify is not None:
        settings = settings.model_copy(update={"identify": identify})
    library = rules if rules is not None else load_library()
    folder = _folder(source)
    if folder is not None:
        return _analyze_folder(folder, library, settings, corpus)
    text_source, known = _resolve(source, name, media_type, settings, corpus)
    return _analyze_text(text_source, known, library, settings, name)


def read_frames(
    source: Source,
    *,
    rules: RuleLibrary | None = None,
    media_type: str | None = None,
) -> list[Frame]:
    """Read every sentence and list item of a licence as a frame: its modality, actor
    and the vocabulary classes it holds, with offsets into the original text.

    Args:
        source: the licence as text, bytes, a path or a known licence's name.
        rules: the rule library whose frame classes are used; the bundled one by default.
        media_type: force "text", "markdown" or "html" instead of sniffing.

    Raises:
        InputError: as :func:`analyze`.

    Example:
        >>> [f.modality for f in read_frames("You may copy it. Nobody may sell it.")]
        ['permission', 'prohibition']
    """
    library = rules if rules is not None else load_library()
    if isinstance(source, Analysis):
        source = source.original
    text_source, _ = _resolve(source, None, media_type, Settings(), None)
    seg, to_original = _segmented(text_source)
    return [frame.moved(to_original) for frame in frames(seg, library)]


def _segmented(text_source: SourceText) -> tuple[Segmentation, ToOriginal]:
    """Segment a source's working text; return the tree and the map back to the
    original."""
    working, norm_map = normalize_for_matching(text_source.view)
    offsets = text_source.offsets.compose(norm_map)
    # Most texts need no offset translation; skip the lookups for them.
    to_original = _same_span if offsets.is_identity else offsets.span_to_original
    seg = segment(working, to_original, text_source.original,
                  markdown=text_source.media_type == "markdown")
    return seg, to_original


def _folder(source: str | bytes | os.PathLike[str]) -> Path | None:
    # An empty string is Path("."), the current folder; it is empty input instead.
    if isinstance(source, bytes) or (isinstance(source, str) and (
            not source.strip() or "\n" in source or len(source) > 4096)):
        return None
    try:
        path = Path(source)
        return path if path.is_dir() else None
    except (OSError, ValueError):
        return None


def _provenance(library: RuleLibrary, settings: Settings, info: InputInfo) -> Provenance:
    return Provenance(
        licenseparse_version=version(),
        library_digest=library.digest,
        rule_count=len(library),
        spacy_version=spacy.about.__version__,
        settings=settings,
        input=info,
    )


def _analyze_text(
    text_source: SourceText, known: str | None, library: RuleLibrary, settings: Settings,
    name: str | None,
) -> Analysis:
    seg, to_original = _segmented(text_source)
    findings = withheld_grants([
        f for f in match(seg, library, to_original, text_source.original, document=name)
        if f.score >= settings.min_score
    ], text_source.original)
    profile, evidence = build_profile(findings, library)
    to_review, modal = unclassified(seg, findings, to_original, text_source.original,
                                    document=name)
    result = Analysis(
        source=text_source.name or known,
        known_licence=known,
        profile=profile,
        profile_evidence=evidence,
        verdicts=assess(findings),
        findings=findings,
        clauses=seg.clauses,
        glossary=seg.glossary,
        unclassified=to_review,
        modal_sentences=modal,
        provenance=_provenance(library, settings, InputInfo(
            name=text_source.name or known,
            media_type=text_source.media_type,
            encoding=text_source.encoding,
            digest=text_source.digest,
            chars=len(text_source.original),
        )),
        original=text_source.original,
    )
    if settings.identify and known_texts_available():
        from licenseparse.identify import identify

        result.identification = identify(text_source.original, analysis=result)
    return result


def _analyze_folder(
    folder: Path, library: RuleLibrary, settings: Settings,
    corpus: str | os.PathLike[str] | None,
) -> Analysis:
    def analyse(path: Path, document: str) -> Analysis:
        text_source, _ = _resolve(path, document, None, settings, corpus)
        return _analyze_text(text_source, None, library, settings, document)

    return analyze_folder(
        folder, analyse=analyse, library=library,
        identify=_known_licence_of if known_texts_available() else None,
        provenance=lambda info: _provenance(library, settings, info),
    )


def known_texts_available() -> bool:
    """Tell whether the known licence texts that identification searches are installed
    (the ScanCode data)."""
    return scancode_licenses_dir() is not None


def _known_licence_of(text: str) -> tuple[str, str] | None:
    from licenseparse.identify import identify

    found = identify(text, diff=False)
    if found.best is None or found.verdict == "unknown":
        return None
    return found.best.key, found.verdict

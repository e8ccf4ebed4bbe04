"""Segment a licence text into a clause tree.

The working text is the normalised view of the input (markup removed, quotes folded);
every clause and sentence is mapped back to ORIGINAL offsets before it leaves this
module. Structure comes from line-level rules (enumerators, headings, definitions);
sentences come from a blank spaCy English pipeline with its rule-based sentencizer.
"""

from __future__ import annotations

import bisect
import functools
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy
import regex
import spacy
from spacy.attrs import IDX, IS_PUNCT, ORTH
from spacy.language import Language
from spacy.tokens import Doc

from licenseparse.models import Clause, ClauseKind, CrossReference, DefinedTerm

ToOriginal = Callable[[int, int], tuple[int, int]]

# Abbreviations common in licences whose trailing period must not end a sentence.
LEGAL_ABBREVIATIONS: tuple[str, ...] = (
    "Inc.", "Ltd.", "Co.", "Corp.", "LLC.", "L.L.C.", "e.g.", "i.e.", "E.g.", "I.e.",
    "U.S.", "U.S.A.", "U.K.", "E.U.", "Sec.", "Secs.", "sec.", "No.", "Nos.", "Art.", "art.",
    "para.", "Para.", "cf.", "viz.", "et al.", "vs.", "v.", "Jr.", "Sr.", "St.", "Mr.", "Ms.",
    "Dr.", "approx.", "incl.", "Ph.D.", "S.A.", "GmbH.", "B.V.", "N.V.", "P.R.C.", "Fig.",
)

_LINE = regex.compile(r"[^\n]*\n?")
_MD_HEADING = regex.compile(r"(#{1,6})[ \t]+(?=\S)")
_BULLET = regex.compile(r"[-*+\u2022\u25cf\u25aa][ \t]+(?=\S)")
_SECTION_WORD = regex.compile(
    r"(?i:section|sec\.|article|art\.|clause|§)[ \t]*"
    r"(\d{1,3}(?:\.\d{1,3}){0,3}|[ivxlcdm]{1,7}|[IVXLCDM]{1,7}|[a-zA-Z])\b[.:)\-\u2013]?"
)
_DECIMAL = regex.compile(r"(\d{1,3}(?:\.\d{1,3}){0,4})(?:\.|\))?(?=[ \t]|$)")
_DECIMAL_PAREN = regex.compile(r"(\d{1,3})\(([a-z]{1,2}|[ivx]{1,5})\)")
_PAREN = regex.compile(r"\((\d{1,3}|[a-z]{1,2}|[A-Z]|[ivxlcdm]{1,7}|[IVXLCDM]{1,7})\)(?=[ \t]|$)")
_LETTER = regex.compile(r"([a-z]{1,2}|[A-Z]|[ivxlcdm]{1,7}|[IVXLCDM]{1,7})[.)](?=[ \t]|$)")
_ROMAN = regex.compile(r"[ivxlcdm]{1,7}|[IVXLCDM]{1,7}")
_LABEL_START = regex.compile(
    r"\d|\(|[a-zA-Z]{1,7}[.)](?:[ \t]|$)|(?i:sec|art|clause)|\u00a7"
)
_ATTACHMENT = regex.compile(
    r"(?i:attachment|exhibit|schedule|appendix|annex|addendum)[ \t]+([A-Z0-9]{1,3})\b"
    r"[ \t]*[.:\-\u2013]?"
)
_DEFINITION = regex.compile(
    r"(?:[\-*\u2022][ \t]+)?[\"'\u201c\u2018]([^\"'\u201c\u201d\u2018\u2019\n]{1,80})"
    r"[\"'\u201d\u2019](?:[ \t]*(?:or|and|,)[ \t]*[\"'\u201c\u2018][^\"'\n]{1,80}?"
    r"[\"'\u201d\u2019]){0,3}"
    r"[^\n]{0,80}?\b(?:shall[ \t]+mean|means|shall[ \t]+refer|refers?[ \t]+to|"
    r"shall[ \t]+have[ \t]+the[ \t]+meaning|has[ \t]+the[ \t]+meaning|includes?)\b",
)
_ACCEPTANCE = regex.compile(
    r"(?i)\bby[ \t\n]+(?:clicking|using|downloading|accessing|installing|copying|"
    r"distributing|exercising|signing)\b[^\n]{0,300}?\b(?:agree|accept|bound)",
)
_SENTENCE_END = regex.compile(r"[.:;!?\"')\]\u2014]$|(?i:\b(?:and|or))$")
_SENTENCE_END_CHARS = (".", ":", ";", "!", "?", '"', "'", ")", "]", "\u2014")
_BULLET_CHARS = "-*+\u2022\u25cf\u25aa"
_REFERENCE_END = regex.compile(
    r"(?i)\b(?:sections?|paragraphs?|articles?|clauses?|subsections?|items?|chapters?|parts?|"
    r"no\.|numbers?|version|of|in|under|see)$"
)
_HEADING_TITLE = regex.compile(
    r"((?:[A-Z0-9\"'(][\w'\"()&/,\-]{0,30}|of|and|or|the|to|for|in|on|a|an|by|with)"
    r"(?:[ \t]+(?:[A-Z0-9\"'(][\w'\"()&/,\-]{0,30}|of|and|or|the|to|for|in|on|a|an|by|with)){0,11})"
    r"[.:](?=[ \t\n]+\S|[ \t]*$)",
)
# Matched against the lower-cased text, one pattern per keyword: a pattern that starts
# with a literal is found by a fast string search, an alternation is tried everywhere.
_SECTION_TARGET = (
    r"[ \t\n]+(\d{1,3}(?:\.\d{1,3}|\.[a-z]{1,2}|\.[ivx]{1,5}|\([a-z0-9]{1,4}\)){0,4}"
    r"|[ivxlc]{1,6}\b)"
)
_XREFS: tuple[tuple[Any, str], ...] = tuple(
    (regex.compile(rf"\b{word}s?{_SECTION_TARGET}"), "section")
    for word in ("section", "paragraph", "clause", "article")
) + tuple(
    (regex.compile(rf"\b{word}[ \t]+([a-z0-9]{{1,3}})\b"), "attachment")
    for word in ("attachment", "exhibit", "schedule", "appendix", "annex", "addendum")
)
_URLS = (
    regex.compile(r"\bhttps?://[^\s<>\"'\u201c\u201d]{1,500}"),
    regex.compile(r"\bwww\.[^\s<>\"']{1,500}"),
)


@dataclass
class _Block:
    start: int  # working-text offsets
    end: int
    indent: int
    kind: ClauseKind
    label: str | None = None
    style: str | None = None
    path_part: str | None = None
    absolute_path: bool = False
    level: int = 0
    heading: str | None = None
    defines: str | None = None
    parent: int | None = None
    children: list[int] = field(default_factory=list)
    path: str = ""
    subtree_end: int = 0
    index: int = -1


@dataclass
class Segmentation:
    """Segmentation of one text: models in original offsets, plus working-text spans.

    ``clauses`` and ``glossary`` are the public models; ``units`` lists every sentence
    as ``(clause index, start, end)`` in working-text offsets for the matcher, and
    ``doc`` is the spaCy Doc over the working text (tokenized on first use: sentences
    need only the tokens :func:`sentence_view` keeps).
    """

    text: str
    clauses: list[Clause]
    glossary: list[DefinedTerm]
    units: list[tuple[int, int, int]]
    clause_spans: list[tuple[int, int]]
    lowered: str

    @functools.cached_property
    def doc(self) -> Doc:
        return build_pipeline().make_doc(_tokenizable(self.text))


@functools.lru_cache(maxsize=1)
def build_pipeline() -> Language:
    """Build the blank English pipeline with a sentencizer and legal abbreviations.

    Example:
        >>> nlp = build_pipeline()
        >>> [s.text for s in nlp("Meta Platforms, Inc. grants it. You agree.").sents]
        ['Meta Platforms, Inc. grants it.', 'You agree.']
    """
    nlp = spacy.blank("en")
    # Only the tokenizer runs (no parser), so spaCy's 1,000,000-character guard does not
    # apply; input size is limited by Settings.max_bytes instead.
    nlp.max_length = 100_000_000
    tokenizer: Any = nlp.tokenizer
    for abbreviation in LEGAL_ABBREVIATIONS:
        tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    # Newline runs separate blocks, not sentences; blocks are split structurally.
    nlp.add_pipe("sentencizer", config={"punct_chars": [".", "!", "?", ";", "\u3002"]})
    return nlp


# spaCy's tokenizer peels affixes off a token one at a time, which is quadratic in the
# token's length ("((((..." of 8,000 characters takes seconds). Runs of non-space longer
# than this are cut by spaces for the tokenizer only; offsets do not move.
_MAX_TOKEN_RUN = 100
_LONG_RUN = regex.compile(rf"\S{{{_MAX_TOKEN_RUN + 1},}}")


def _tokenizable(text: str) -> str:
    """Return ``text`` with over-long runs of non-space cut by spaces (same length)."""
    # str.split runs at C speed; the regex scan costs five times more and is rarely needed.
    if max(map(len, text.split()), default=0) <= _MAX_TOKEN_RUN:
        return text
    pieces: list[str] = []
    last = 0
    for m in _LONG_RUN.finditer(text):
        pieces.append(text[last:m.start()])
        run = m.group()
        step = _MAX_TOKEN_RUN
        # Every step-th character becomes a space, so the length stays the same.
        cut_run = "".join(run[i:i + step - 1] + " " for i in range(0, len(run), step))
        pieces.append(cut_run[:len(run)])
        last = m.end()
    pieces.append(text[last:])
    return "".join(pieces)


SENTENCE_PUNCT: tuple[str, ...] = (".", "!", "?", ";", "\u3002")


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """Return sentence character spans by the rule of spaCy's Sentencizer.

    A sentence starts at the first non-punctuation token after one of
    ``SENTENCE_PUNCT``. Computed over token arrays instead of running the component,
    because per-token Python work dominated the pipeline; a test checks that the
    spans equal the Sentencizer's on real licences.
    """
    if len(doc) == 0:
        return []
    array = doc.to_array([ORTH, IDX, IS_PUNCT])
    orth = array[:, 0]
    idx = array[:, 1]
    is_sent_punct = numpy.zeros(len(orth), dtype=bool)
    for punct in SENTENCE_PUNCT:  # five comparisons beat numpy.isin on small sets
        is_sent_punct |= orth == doc.vocab.strings[punct]
    other = numpy.flatnonzero(~(array[:, 2].astype(bool) | is_sent_punct))
    seen = numpy.cumsum(is_sent_punct)
    starts = [0]
    if len(other) > 1:
        before, after = other[:-1], other[1:]
        opened = (seen[after - 1] - seen[before]) > 0
        starts.extend(int(t) for t in after[opened])
    # len(doc.text) would rebuild the text token by token; the last token's end is free.
    end = int(idx[-1]) + len(doc[-1].text_with_ws)
    bounds = [0, *(int(idx[t]) for t in starts[1:]), end]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


# Characters Python's str.isspace() accepts: spaCy's tokenizer splits the text into
# chunks of non-space characters with exactly this test.
# Lookup tables indexed by code point; code points past the end are clipped to the
# last entry, which is False (a table lookup is ten times cheaper than numpy.isin).
_TABLE_SIZE = 0x3004
_IS_SPACE = numpy.array([chr(c).isspace() for c in range(_TABLE_SIZE - 1)] + [False])
_IS_MARK = numpy.zeros(_TABLE_SIZE, dtype=bool)
_IS_MARK[[ord(p) for p in SENTENCE_PUNCT]] = True
_ASCII_PUNCT = numpy.array(
    [unicodedata.category(chr(c)).startswith("P") for c in range(128)], dtype=bool)
# A masked run of words becomes words of this letter, which are no special case, no URL
# and no punctuation, and are found in the tokenizer's cache after their first use. A
# space every _MAX_TOKEN_RUN characters keeps them short (see _tokenizable).
_MASK = ("q" * (_MAX_TOKEN_RUN - 1) + " ") * 20


def _mask(length: int) -> str:
    if length > len(_MASK):
        return _mask(len(_MASK) - 1) + "q" + _mask(length - len(_MASK))
    masked = _MASK[:length]
    # A run must end on a letter, so the whitespace after it tokenizes as before.
    return masked if not masked.endswith(" ") else masked[:-1] + "q"


def sentence_view(text: str) -> str:
    """Return ``text`` with the words that cannot move a sentence boundary masked, ready
    for the tokenizer (over-long runs cut, as :func:`_tokenizable` does).

    Sentences follow the Sentencizer's rule: a sentence starts at the first token that is
    neither punctuation nor one of ``SENTENCE_PUNCT`` after one of ``SENTENCE_PUNCT``.
    spaCy's tokenizer splits text at whitespace into chunks and tokenizes each chunk on
    its own (the one special case that spans two chunks, "et al.", is kept by keeping
    the chunk before every sentence mark). So only these chunks decide a boundary: a
    chunk with a sentence mark, the chunk before it, and the chunks after it up to the
    first one holding a character that is not punctuation (that character's token is
    the next sentence's first). Every other run of chunks, with the spaces inside it, is
    replaced by one placeholder word of the same length: the tokenizer then does a
    fraction of the work, and offsets do not move. The spans equal those of the full
    text (a test checks this on every ScanCode licence).

    Example:
        >>> sentence_view("We grant it. You agree to all of the terms here")
        'qq grant it. You qqqqqqqqqqqqqqqqqqqqqqqqqqqqqq'
    """
    try:
        codes = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
    except UnicodeEncodeError:
        return text
    clipped = numpy.minimum(codes, _TABLE_SIZE - 1)
    space = _IS_SPACE[clipped]
    solid = ~space
    opens = solid.copy()
    opens[1:] &= space[:-1]
    closes = solid.copy()
    closes[:-1] &= space[1:]
    chunk_starts = numpy.flatnonzero(opens)
    chunk_ends = numpy.flatnonzero(closes) + 1
    n_chunks = len(chunk_starts)
    if n_chunks == 0:
        return text
    chunk_of = numpy.cumsum(opens) - 1
    punct_chars = numpy.zeros(len(codes), dtype=bool)
    ascii_chars = codes < 128
    punct_chars[ascii_chars] = _ASCII_PUNCT[codes[ascii_chars]]
    wide = numpy.flatnonzero(~ascii_chars & solid)
    if len(wide):
        values, inverse = numpy.unique(codes[wide], return_inverse=True)
        is_punct = numpy.array(
            [unicodedata.category(chr(v)).startswith("P") for v in values.tolist()], dtype=bool)
        punct_chars[wide] = is_punct[inverse]
    has_mark = numpy.zeros(n_chunks, dtype=bool)
    has_mark[chunk_of[_IS_MARK[clipped]]] = True
    has_word = numpy.zeros(n_chunks, dtype=bool)
    has_word[chunk_of[solid & ~punct_chars]] = True
    # For each chunk, the nearest chunk before it that holds a mark or a word: when it
    # holds a mark, this chunk may hold the next sentence's first token.
    significant = numpy.where(has_mark | has_word, numpy.arange(n_chunks), -1)
    before = numpy.concatenate(([-1], numpy.maximum.accumulate(significant)[:-1]))
    keep = has_mark.copy()
    keep[:-1] |= has_mark[1:]
    follows = before >= 0
    keep[follows] |= has_mark[before[follows]]
    masked = ~keep
    if int((chunk_ends - chunk_starts)[keep].max(initial=0)) > _MAX_TOKEN_RUN:
        text = _tokenizable(text)
    if not masked.any():
        return text
    run_starts = chunk_starts[masked & numpy.concatenate(([True], keep[:-1]))].tolist()
    run_ends = chunk_ends[masked & numpy.concatenate((keep[1:], [True]))].tolist()
    pieces = []
    last = 0
    for a, b in zip(run_starts, run_ends, strict=True):
        pieces.append(text[last:a])
        pieces.append(_mask(b - a))
        last = b
    pieces.append(text[last:])
    return "".join(pieces)


def _label(line: str, indent: int) -> tuple[str, str, str, bool, int] | None:
    """Return (label as written, style, path part, absolute, end) for a line's enumerator."""
    rest = line[indent:]
    if not _LABEL_START.match(rest):
        # One cheap test rejects most lines before the five label patterns run.
        return None
    m = _DECIMAL_PAREN.match(rest)
    if m:
        return m.group(0), "decimal-paren", f"{m.group(1)}.{m.group(2)}", True, indent + m.end()
    m = _SECTION_WORD.match(rest)
    if m:
        return m.group(0), "section-word", m.group(1), False, indent + m.end()
    m = _DECIMAL.match(rest)
    if m:
        value = m.group(1)
        dotted = "." in value
        return m.group(0), "decimal" if not dotted else f"decimal-{value.count('.') + 1}", \
            value, dotted, indent + m.end()
    m = _PAREN.match(rest)
    if m:
        value = m.group(1)
        return m.group(0), "paren-" + _char_style(value), value, False, indent + m.end()
    m = _LETTER.match(rest)
    if m:
        value = m.group(1)
        return m.group(0), "dot-" + _char_style(value), value, False, indent + m.end()
    return None


def _char_style(value: str) -> str:
    if value.isdigit():
        return "num"
    roman = bool(_ROMAN.fullmatch(value))
    if value.islower():
        return "lroman?" if roman else "lalpha"
    return "uroman?" if roman else "ualpha"


_ASCII_LOWER_CHARS = "abcdefghijklmnopqrstuvwxyz"
_ASCII_UPPER_CHARS = _ASCII_LOWER_CHARS.upper()
_DROP_LOWER = str.maketrans("", "", _ASCII_LOWER_CHARS)
_ASCII_LOWER_TABLE = str.maketrans(_ASCII_UPPER_CHARS, _ASCII_LOWER_CHARS)
_DROP_UPPER = str.maketrans("", "", _ASCII_UPPER_CHARS)


def lower_view(text: str) -> str:
    """Lower-case ASCII letters only, so that offsets are unchanged.

    Patterns and triggers run on this view; ``str.lower`` could change the length
    of some non-ASCII text.

    Example:
        >>> lower_view("Built With LLAMA")
        'built with llama'
    """
    if text.isascii():
        return text.lower()
    # str.translate looks every character up in a mapping; on non-ASCII text that is
    # ten times slower than adding 32 to the code points of A-Z in one array.
    try:
        points = numpy.frombuffer(text.encode("utf-32-le"), dtype=numpy.uint32).copy()
    except UnicodeEncodeError:  # lone surrogates cannot be encoded
        return text.translate(_ASCII_LOWER_TABLE)
    points[(points >= 65) & (points <= 90)] += 32
    return points.tobytes().decode("utf-32-le")


# A line that ends on one of these words goes on in the next line: it is the first
# line of a wrapped upper-case sentence ("... WITHOUT WARRANTY OF ANY KIND, EXPRESS OR"),
# not a heading.
_RUN_ON_WORDS = frozenset(
    "and or of the by to for in a an with any is are be on at from as not that which no "
    "nor its their your this these such".split()
)


def _is_caps_heading(line: str) -> bool:
    stripped = line.strip().strip("#*_ ").strip()
    if not stripped or len(stripped) > 120 or stripped.endswith((",", ";")):
        return False
    if stripped.rsplit(None, 1)[-1].lower() in _RUN_ON_WORDS:
        return False
    # str.translate counts letters at C speed; this runs on every line of every text.
    lower = len(stripped) - len(stripped.translate(_DROP_LOWER))
    upper = len(stripped) - len(stripped.translate(_DROP_UPPER))
    if upper < 4:
        return False
    return upper / (upper + lower) >= 0.85 and len(stripped.split()) <= 14


def _is_heading_line(line: str, body_start: int) -> bool:
    """Tell whether what follows a 'Section II:' label is a title, not a clause body."""
    rest = line[body_start:].strip()
    return not rest or (_is_caps_heading(rest) and not rest.endswith("."))


def _split_lines(text: str) -> list[tuple[int, int, str]]:
    lines = []
    pos = 0
    for raw in text.split("\n"):
        lines.append((pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return lines


def _blocks(text: str) -> list[_Block]:
    """Group lines into blocks: a blank line, an enumerator or a heading starts one."""
    blocks: list[_Block] = []
    current: _Block | None = None
    last_labels: dict[str, set[str]] = {}
    previous = ""
    for start, end, line in _split_lines(text):
        stripped = line.strip()
        if not stripped:
            current = None
            previous = ""
            continue
        indent = len(line) - len(line.lstrip(" \t"))
        first = line[indent]
        boundary_ok = (
            current is None
            or len(previous) < 40
            or previous.endswith(_SENTENCE_END_CHARS)
            or bool(_SENTENCE_END.search(previous, max(0, len(previous) - 4)))
        )
        if current is not None and not boundary_ok and not _LABEL_START.match(line, indent):
            # The common case: a hard-wrapped line inside a paragraph.
            current.end = end
            previous = stripped
            continue
        new_block: _Block | None = None
        if current is not None and previous[-1:].isalpha() and _REFERENCE_END.search(
            previous, max(0, len(previous) - 12)
        ):
            # "... as described in Section\n2. of ..." is a wrapped reference, not a list.
            boundary_ok = False
        elif not boundary_ok:
            # A hard-wrapped line may start with "2." by accident; accept it as a label
            # only when it continues a list already open ("1." ... "2.").
            candidate = _label(line, indent)
            boundary_ok = candidate is not None and _continues(last_labels, candidate)
        md = _MD_HEADING.match(line, indent) if first == "#" else None
        if md:
            level = len(md.group(1))
            new_block = _Block(start, end, indent, "heading", style=f"md-h{level}", level=level,
                               heading=line[md.end():].strip().strip("#").strip() or None)
            inner = _label(line, md.end())
            if inner and len(line) - inner[4] > 0:
                new_block.label, _, new_block.path_part, new_block.absolute_path, _ = inner
        else:
            bullet = _BULLET.match(line, indent) if first in _BULLET_CHARS else None
            label = _label(line, indent) if boundary_ok else None
            attachment = (_ATTACHMENT.match(line, indent)
                          if boundary_ok and first in "AaEeSsNn" else None)
            if attachment and len(stripped) <= 80:
                new_block = _Block(start, end, indent, "heading", style="attachment",
                                   label=attachment.group(0).strip(" .:-\u2013"),
                                   path_part=attachment.group(1), heading=stripped)
            elif label and label[1] == "section-word" and _is_heading_line(line, label[4]):
                new_block = _Block(start, end, indent, "heading", style="section-heading",
                                   heading=stripped)
            elif bullet and not label:
                label_at = _label(line, bullet.end())
                # A bullet is a list label without a number: "-", "*", "\u2022".
                new_block = _Block(start, end, indent, "item", style="bullet",
                                   label=line[indent])
                if label_at:
                    (new_block.label, new_block.style, new_block.path_part,
                     new_block.absolute_path, _) = label_at
            elif label and (current is None or boundary_ok):
                written, style, part, absolute, _ = label
                new_block = _Block(start, end, indent, "item", label=written.strip(),
                                   style=style, path_part=part, absolute_path=absolute)
            elif current is None or (boundary_ok and _is_caps_heading(line)):
                kind: ClauseKind = "heading" if _is_caps_heading(line) else "paragraph"
                new_block = _Block(start, end, indent, kind,
                                   style="caps" if kind == "heading" else None,
                                   heading=stripped if kind == "heading" else None)
            elif current.kind == "heading":
                new_block = _Block(start, end, indent, "paragraph")
        if new_block is not None:
            new_block.index = len(blocks)
            blocks.append(new_block)
            current = new_block
            if new_block.style and new_block.path_part:
                last_labels.setdefault(new_block.style.rstrip("?"), set()).add(
                    new_block.path_part)
        elif current is not None:
            current.end = end
        previous = stripped
    return blocks


_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def _roman(value: str) -> int:
    total = 0
    previous = 0
    for char in reversed(value.lower()):
        number = _ROMAN_VALUES.get(char, 0)
        total = total - number if number < previous else total + number
        previous = max(previous, number)
    return total


def _predecessor(part: str) -> str | None:
    """Return the label before ``part`` in its sequence ("3" -> "2", "c" -> "b")."""
    if part.isdigit():
        return str(int(part) - 1) if int(part) > 1 else None
    if len(part) == 1 and part.isalpha() and part.lower() not in "ivx":
        return chr(ord(part) - 1) if part.lower() != "a" else None
    if _ROMAN.fullmatch(part):
        value = _roman(part) - 1
        if value < 1:
            return None
        numerals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        out = ""
        for amount, numeral in numerals:
            while value >= amount:
                out += numeral
                value -= amount
        return out if part.islower() else out.upper()
    return None


def _continues(last_labels: dict[str, set[str]], label: tuple[str, str, str, bool, int]) -> bool:
    _, style, part, _, _ = label
    previous = _predecessor(part)
    seen = last_labels.get(style.rstrip("?"), set())
    if previous is None or not seen:
        return False
    return previous in seen or (style.endswith("?") and previous in last_labels.get(
        style.replace("roman?", "alpha"), set()))


_ROMAN_PREV = {"i": "h", "v": "u", "x": "w", "l": "k", "c": "b", "d": "c", "m": "l"}


def _resolve_style(block: _Block, stack: list[_Block]) -> None:
    """Decide whether an ambiguous 'i.'/'v.' label is roman or alphabetic."""
    style = block.style or ""
    if not style.endswith("?"):
        return
    base = style[:-1]
    value = (block.path_part or "").lower()
    alpha = base.replace("roman", "alpha")
    if len(value) == 1:
        for open_block in reversed(stack):
            previous_letter = (open_block.path_part or "").lower()
            if open_block.style == alpha and previous_letter == _ROMAN_PREV.get(value):
                block.style = alpha
                return
    block.style = base


def _tree(blocks: list[_Block], text: str) -> None:
    """Nest blocks with a stack of open enumerator styles and heading levels."""
    stack: list[_Block] = []
    seen_structure = False
    for index, block in enumerate(blocks):
        _resolve_style(block, stack)
        if block.kind == "heading":
            rank = _heading_rank(block)
            # A heading closes everything opened since the last heading of its rank or above.
            while stack and not (stack[-1].kind == "heading" and _heading_rank(stack[-1]) < rank):
                stack.pop()
            block.parent = stack[-1].index if stack else None
            stack.append(block)
            if block.label:
                seen_structure = True
        elif block.label is not None:
            seen_structure = True
            if block.absolute_path:
                depth = block.path_part.count(".") if block.path_part else 0
                while stack and not (
                    stack[-1].kind == "heading"
                    or (stack[-1].absolute_path and (stack[-1].path_part or "").count(".") < depth)
                    or (stack[-1].style == "decimal" and depth > 0
                        and (block.path_part or "").startswith((stack[-1].path_part or "") + "."))
                ):
                    stack.pop()
            else:
                position = next(
                    (i for i in range(len(stack) - 1, -1, -1)
                     if stack[i].style == block.style and stack[i].kind != "heading"
                     and stack[i].indent <= block.indent + 1),
                    None,
                )
                if position is None:
                    # The next label of an open list is its next item even when written
                    # less indented ("v." flush left after an indented "iv.").
                    previous = _predecessor(block.path_part or "")
                    position = next(
                        (i for i in range(len(stack) - 1, -1, -1)
                         if previous is not None and stack[i].style == block.style
                         and stack[i].kind != "heading" and stack[i].path_part == previous),
                        None,
                    )
                # The same enumerator style indented deeper opens a nested list (Markdown
                # "1." inside "1."), not a sibling.
                if position is not None and stack[position].indent + 2 <= block.indent:
                    position = None
                    while stack and stack[-1].kind != "heading" and \
                            stack[-1].indent >= block.indent and stack[-1].label is not None:
                        stack.pop()
                if position is not None:
                    del stack[position:]
                elif block.style == "bullet":
                    while (stack and stack[-1].kind != "heading"
                           and stack[-1].indent >= block.indent and stack[-1].style == "bullet"):
                        stack.pop()
            block.parent = stack[-1].index if stack else None
            stack.append(block)
        else:
            # An unlabelled paragraph continues the nearest open clause it is not more
            # indented than; with flush-left text it falls back to the enclosing heading.
            while stack and stack[-1].kind != "heading" and stack[-1].indent >= block.indent \
                    and (stack[-1].label is not None or stack[-1].style == "lead-in"):
                stack.pop()
            block.parent = stack[-1].index if stack else None
            if not seen_structure and block.kind == "paragraph":
                block.kind = "preamble"
            if text[block.start:block.end].rstrip().endswith(":"):
                # A lead-in such as "You agree not to use the Model:" owns the list after it.
                block.style = "lead-in"
                stack.append(block)
        if block.parent is not None:
            blocks[block.parent].children.append(index)
        block.heading = block.heading or _inline_heading(text, block)
        definition = _DEFINITION.match(text, _body_start(text, block), block.end)
        if definition and block.kind != "heading":
            block.defines = definition.group(1).strip()
            if block.kind in ("paragraph", "preamble"):
                block.kind = "definition"
        if block.kind in ("paragraph", "preamble") and _ACCEPTANCE.search(text, block.start,
                                                                          block.end):
            block.kind = "acceptance"
        if block.kind == "item" and (
            block.parent is None or blocks[block.parent].kind == "heading"
        ):
            block.kind = "section"


def _heading_rank(block: _Block) -> int:
    return block.level if block.style and block.style.startswith("md-h") else 0


def _body_start(text: str, block: _Block) -> int:
    pos = block.start
    while pos < block.end and text[pos] in " \t#-*+":
        pos += 1
    if block.label:
        if text.startswith(block.label, pos):
            pos += len(block.label)
        elif block.label not in _BULLET_CHARS:
            # A bullet's label is the bullet skipped above; searching for "-" would land
            # on the next hyphen in the text ("machine-learning") and lose the body.
            found = text.find(block.label, pos, block.end)
            if found >= 0:
                pos = found + len(block.label)
    while pos < block.end and text[pos] in " \t":
        pos += 1
    return pos


def _inline_heading(text: str, block: _Block) -> str | None:
    """Find a short Title Case run such as 'Grant of Rights.' right after the label."""
    if block.label is None:
        return None
    start = _body_start(text, block)
    m = _HEADING_TITLE.match(text, start, min(block.end, start + 160))
    if not m:
        return None
    title: str = m.group(1).strip()
    words = title.split()
    if not words or not words[0][:1].isupper() or len(words) > 12:
        return None
    return title


def _assign_paths(blocks: list[_Block], renumber: bool = False) -> None:
    counters: dict[str, dict[str, int]] = {}
    used: set[str] = set()
    next_suffix: dict[str, int] = {}
    for block in blocks:
        parent = blocks[block.parent] if block.parent is not None else None
        # Unlabelled headings and lead-in paragraphs group clauses without numbering them,
        # so they are transparent in paths: "1.b.iv", never "h1.1.b.iv".
        while parent is not None and (
            (parent.kind == "heading" and not parent.label) or parent.style == "lead-in"
        ):
            if parent.style == "lead-in" and block.label is None:
                break
            parent = blocks[parent.parent] if parent.parent is not None else None
        parent_path = parent.path if parent is not None else ""
        counter = counters.setdefault(parent_path, {})
        if block.path_part is not None and block.kind != "heading" or (
            block.kind == "heading" and block.label
        ):
            part = (block.path_part or "").strip(".")
            if renumber and block.style == "decimal" and part.isdigit():
                # Markdown renders "1. 1. 1." as 1, 2, 3: number as a reader sees it.
                key = f"#{block.style}"
                number = counter.get(key)
                number = int(part) if number is None else number + 1
                counter[key] = number
                part = str(number)
            path = part if block.absolute_path or not parent_path else f"{parent_path}.{part}"
        else:
            prefix = {"heading": "h", "definition": "def", "preamble": "p"}.get(block.kind, "p")
            if block.style == "bullet":
                prefix = "b"
            counter[prefix] = counter.get(prefix, 0) + 1
            local = f"{prefix}{counter[prefix]}"
            path = f"{parent_path}.{local}" if parent_path else local
        unique = path
        # Remember the next free suffix per path: a text repeating one label 100,000
        # times must not rescan its suffixes each time.
        n = next_suffix.get(path, 2)
        while unique in used:
            unique = f"{path}~{n}"
            n += 1
        next_suffix[path] = n
        used.add(unique)
        block.path = unique


def _subtree_ends(blocks: list[_Block]) -> None:
    for block in reversed(blocks):
        block.subtree_end = max([block.end] + [blocks[c].subtree_end for c in block.children])


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    stripped = piece.lstrip()
    if not stripped:
        return start, start
    start += len(piece) - len(stripped)
    return start, start + len(stripped.rstrip())


def _all_references(
    text: str, lowered: str
) -> tuple[list[int], list[tuple[int, int, str, str, str]]]:
    """Find every cross-reference once; clauses then take theirs by binary search."""
    found: list[tuple[int, int, str, str, str]] = []
    for pattern, kind in _XREFS:
        for m in pattern.finditer(lowered):
            target = text[m.start(1):m.end(1)].replace("(", ".").replace(")", "").strip(".")
            found.append((m.start(), m.end(), kind, text[m.start():m.end()], target))
    for pattern in _URLS:
        for m in pattern.finditer(text):
            url = m.group(0).rstrip(".,;:)]")
            found.append((m.start(), m.start() + len(url), "url", url, url))
    found.sort()
    return [f[0] for f in found], found


def _clause_references(
    index: tuple[list[int], list[tuple[int, int, str, str, str]]],
    start: int, end: int, to_original: ToOriginal,
) -> list[CrossReference]:
    starts, found = index
    refs = []
    for i in range(bisect.bisect_left(starts, start), len(found)):
        r_start, r_end, kind, written, target = found[i]
        if r_start >= end:
            break
        if r_end <= end:
            o_start, o_end = to_original(r_start, r_end)
            refs.append(CrossReference(
                kind=kind, text=written, target=target, start=o_start, end=o_end))
    return refs


def segment(
    text: str, to_original: ToOriginal, original: str, *, markdown: bool = False
) -> Segmentation:
    """Segment a working text into a clause tree mapped to original offsets.

    Args:
        text: the normalised working text.
        to_original: maps a working-text span to an original-text span.
        original: the original text, from which clause texts are quoted.
        markdown: number ordered list items as Markdown renders them.

    Returns:
        The clause tree, glossary, sentence units and spaCy Doc.

    Example:
        >>> text = "1. Grant.\\na. You may use it.\\nb. You may share it."
        >>> seg = segment(text, lambda s, e: (s, e), text)
        >>> [c.path for c in seg.clauses]
        ['1', '1.a', '1.b']
    """
    blocks = _blocks(text)
    _tree(blocks, text)
    _assign_paths(blocks, renumber=markdown)
    _subtree_ends(blocks)
    sentence_doc = build_pipeline().make_doc(sentence_view(text))
    clause_spans: list[tuple[int, int]] = []
    clauses: list[Clause] = []
    glossary: list[DefinedTerm] = []
    units: list[tuple[int, int, int]] = []
    sentence_bounds = sentence_spans(sentence_doc)
    lowered = lower_view(text)
    reference_index = _all_references(text, lowered)
    cursor = 0
    for index, block in enumerate(blocks):
        w_start, w_end = _trim(text, block.start, block.end)
        clause_spans.append((w_start, w_end))
        o_start, o_end = to_original(w_start, w_end)
        _, o_subtree = to_original(w_start, max(w_end, _trim(text, w_start, block.subtree_end)[1]))
        sentences: list[tuple[int, int]] = []
        while cursor < len(sentence_bounds) and sentence_bounds[cursor][1] <= w_start:
            cursor += 1
        probe = cursor
        while probe < len(sentence_bounds) and sentence_bounds[probe][0] < w_end:
            s_start, s_end = _trim(text, max(sentence_bounds[probe][0], w_start),
                                   min(sentence_bounds[probe][1], w_end))
            if s_end > s_start:
                units.append((index, s_start, s_end))
                a, b = to_original(s_start, s_end)
                sentences.append((a, b))
            probe += 1
        heading = block.heading
        clauses.append(
            Clause(
                id=block.path,
                path=block.path,
                label=block.label,
                heading=heading,
                kind=block.kind,
                parent=blocks[block.parent].path if block.parent is not None else None,
                children=[blocks[c].path for c in block.children],
                depth=_depth(blocks, block),
                start=o_start,
                end=o_end,
                subtree_end=max(o_end, o_subtree),
                text=original[o_start:o_end],
                sentences=sentences,
                references=_clause_references(reference_index, w_start, w_end, to_original),
                defines=block.defines,
            )
        )
        if block.defines:
            glossary.append(
                DefinedTerm(term=block.defines, clause_id=block.path, start=o_start, end=o_end,
                            definition=original[o_start:o_end])
            )
    return Segmentation(text=text, clauses=clauses, glossary=glossary, units=units,
                        clause_spans=clause_spans, lowered=lowered)


def _depth(blocks: list[_Block], block: _Block) -> int:
    depth = 0
    parent = block.parent
    while parent is not None:
        depth += 1
        parent = blocks[parent].parent
    return depth

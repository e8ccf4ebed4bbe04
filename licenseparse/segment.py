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

from licenseparse.glossary import find_definitions
from licenseparse.layout import layout
from licenseparse.models import Clause, ClauseKind, CrossReference, DefinedTerm

ToOriginal = Callable[[int, int], tuple[int, int]]

# Abbreviations common in licences whose trailing period must not end a sentence.
LEGAL_ABBREVIATIONS: tuple[str, ...] = (
    "Inc.", "Ltd.", "Co.", "Corp.", "LLC.", "L.L.C.", "e.g.", "i.e.", "E.g.", "I.e.",
    "U.S.", "U.S.A.", "U.K.", "E.U.", "Sec.", "Secs.", "sec.", "No.", "Nos.", "Art.", "art.",
    "para.", "Para.", "cf.", "viz.", "et al.", "vs.", "v.", "Jr.", "Sr.", "St.", "Mr.", "Ms.",
    "Dr.", "approx.", "incl.", "Ph.D.", "S.A.", "GmbH.", "B.V.", "N.V.", "P.R.C.", "Fig.",
)

_LAYOUT = layout()
_SYMBOL_SECTION_WORDS = tuple(w for w in _LAYOUT.section_words if not w[:1].isalpha())
_LETTER_SECTION_WORDS = tuple(w for w in _LAYOUT.section_words if w[:1].isalpha())
_LINE = regex.compile(r"[^\n]*\n?")
_MD_HEADING = regex.compile(r"(#{1,6})[ \t]+(?=\S)")
_BULLET_CHARS = "".join(_LAYOUT.bullets)
_BULLET = regex.compile(rf"[{regex.escape(_BULLET_CHARS)}][ \t]+(?=\S)")
# "Section 3", "Article III", "§ 3": a word that numbers a clause. A word needs a space
# after it ("Sections 2 and 3" at a line start is prose); a sign such as "§" does not.
_SECTION_WORD = regex.compile(
    rf"(?:(?i:{_LAYOUT.alternation(_LETTER_SECTION_WORDS)})[ \t]+"
    rf"|(?:{_LAYOUT.alternation(_SYMBOL_SECTION_WORDS)})[ \t]*)"
    r"(\d{1,3}(?:\.\d{1,3}){0,3}|[ivxlcdm]{1,7}|[IVXLCDM]{1,7}|[a-zA-Z])\b[.:)]?"
)
# "1", "1.", "1)", "1.)", "1.2.3", and the Chinese "1，" and "1、".
_DECIMAL = regex.compile(
    r"(\d{1,3}(?:\.\d{1,3}){0,4})(?:\.\)|\.|\)|[\uff0c\u3001])?"
    # "1.Definitions": a typed text may lose the space after a number's stop.
    r"(?=[ \t]|$|(?<=[\uff0c\u3001])|(?<=\d\.)[A-Z][a-z])")
# A number with a letter: "1(a)", "1.a)", "7a)", "1.a." (path "1.a", absolute).
_DECIMAL_PAREN = regex.compile(
    r"(\d{1,3})(?:\(([a-z]{1,2}|[ivx]{1,5})\)|\.?([a-z])\)|\.([a-z])\.(?=[ \t]))")
# "(d)Interfere with ...": a typed list may lose the space after its label.
_PAREN = regex.compile(
    r"\((\d{1,3}|[a-z]{1,2}|[A-Z]|[ivxlcdm]{1,7}|[IVXLCDM]{1,7})\)"
    r"(?=[ \t]|$|(?!Copyright)[A-Z][a-z])")
_LETTER = regex.compile(r"([a-z]{1,2}|[A-Z]|[ivxlcdm]{1,7}|[IVXLCDM]{1,7})[.)](?=[ \t]|$)")
# A Chinese numeral with its enumeration comma or stop: "二、知识产权", "四.其他".
_CJK_DIGITS = "\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341"
_CJK_NUMBER = regex.compile(rf"([{_CJK_DIGITS}]{{1,3}})[\u3001.\uff0e]")
_O_BULLET = regex.compile(r"o[ \t]+(?=\S)")
_VERSION_AFTER = regex.compile(r"[ \t]*\d{1,3}(?:\.\d{1,3})+\b")
_ROMAN = regex.compile(r"[ivxlcdm]{1,7}|[IVXLCDM]{1,7}")
_LABEL_START = regex.compile(
    rf"\d|\(|[a-zA-Z]{{1,7}}[.)](?:[ \t]|$)|(?i:{_LAYOUT.alternation(_LETTER_SECTION_WORDS)})"
    rf"|[{_CJK_DIGITS}]"
    rf"|{_LAYOUT.alternation(_SYMBOL_SECTION_WORDS)}"
)
# What may stand between a "Section 3" label and its title: "Section 3 - Definitions".
_TITLE_LEAD = " \t.:-\u2013\u2014"
# One-line lists: "(a) ...; (b) ...; (c) ..." inside a clause. Bracketed labels only: a
# bare "a." mid-line is far too often the end of a sentence or an initial.
_INLINE_LABEL = regex.compile(
    r"(?<![^\s:;,\u2014])(\()?(\d{1,2}|[a-z]|[ivx]{1,5}|(?<=\()(?:[A-Z]|[IVX]{1,5}))\)"
    r"(?:[ \t\n]+(?=\S)|(?=(?!Copyright)[A-Z][a-z]))")
_ATTACHMENT = regex.compile(
    rf"(?i:{_LAYOUT.alternation(_LAYOUT.attachment_words)})[ \t]+([A-Z0-9]{{1,3}})\b"
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
# With the full-width stops of Chinese and Japanese text ("。", "；", "！", "？", "："):
# a bilingual text writes its English clause on the line after the Chinese one.
_LABEL_ENDS_LINE = regex.compile(r"[ \t]\((?:[a-zA-Z]|[ivxIVX]{1,5}|\d{1,2})\)$")
_SENTENCE_END_CHARS = (".", ":", ";", "!", "?", '"', "'", ")", "]", "\u2014",
                       "\u3002", "\uff1b", "\uff01", "\uff1f", "\uff1a", "\uff09")
_REFERENCE_END = regex.compile(
    rf"(?i)\b(?:{_LAYOUT.alternation(_LAYOUT.reference_words)})$"
)
_SMALL = "|".join(sorted(_LAYOUT.title_small_words))
# A title word: an abbreviation such as "U.S." (its periods are not the title's end), a
# capitalised word, or one of the small words a Title Case heading keeps in lower case.
# A stop inside a word before a digit ("H.264/AVC", "2.0"), between capitals as in a
# file name ("REDIST.TXT") or a leading one before capitals (".NET") ends no title.
_TITLE_WORD = (rf"(?:[A-Z](?:\.[A-Z]){{1,3}}\."
               rf"|(?:\.(?=[A-Z]{{2}}))?[A-Z0-9\"'(]"
               rf"(?:[\w'\"()&/,;\-]|\.(?=\d)|(?<=[A-Z])\.(?=[A-Z]{{2,4}}\b)){{0,30}}"
               rf"|(?:{_SMALL}))")
_HEADING_TITLE = regex.compile(
    rf"({_TITLE_WORD}(?:[ \t]+{_TITLE_WORD}){{0,11}})"
    # A stop may be doubled ("STANDARD..") or lack the space after it ("WAIVER.This",
    # "Feedback:Licensee").
    r"(?:\.\.?|:|(?<=[A-Z]\.[A-Z]\.))(?:\*\*|__)?"
    r"(?=[ \t\n]+\S|[ \t]*$|(?<=[A-Za-z]{2}[.:])[A-Z][a-z])",
)
# A long title in Title Case ("10.4 Termination of Sample Application and Evaluation
# Software Release Licenses for Convenience by SOLACE."), tried after the others.
_HEADING_TITLE_LONG = regex.compile(
    rf"({_TITLE_WORD}(?:[ \t]+{_TITLE_WORD}){{12,15}})\.(?=[ \t\n]+\S)")
# "1. Grant - You may copy ...": a title run in by a dash, tried when no stop ends one
# ("a. Offer from the Licensor -- Licensed Material." is one title).
_HEADING_TITLE_DASH = regex.compile(
    rf"({_TITLE_WORD}(?:[ \t]+{_TITLE_WORD}){{0,7}})"
    # The dash may cling to the title ("(A) Copyright Grant- Subject to ...").
    r"[ \t]*(?:-{1,2}|[\u2013\u2014])[ \t]+(?=\p{Lu})")
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
    lines: int = 1  # lines of text so far, kept while the block is built
    # Answers of _body_start and _is_title_only, asked many times while the tree is
    # built, keyed by what they depend on (the label and the end, which may change).
    memo: dict[tuple[str, str | None, int], Any] = field(default_factory=dict)
    # A labelled line that holds only a title ("4. Termination."): it owns what follows.
    title_only: bool = False
    # A title line whose body was split off from the line under it ("I. Grant of
    # license" over "This Agreement permits ...").
    body_below: bool = False
    # A section owns the unlabelled paragraphs after it; a list item does not.
    section_like: bool = False
    # For an item of a one-line list, the block whose text it was cut from.
    inline_of: int | None = None
    # A heading that sits below numbered sections (bold lines, and caps lines in a
    # Markdown text with "#" headings): it closes list items, not sections.
    minor: bool = False
    # The first block after a horizontal rule that underlines nothing.
    after_rule: bool = False
    # A titled part ("Section IV: OTHER PROVISIONS") whose clauses are numbered across
    # the whole document: it groups them without prefixing their paths.
    transparent: bool = False


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
    # A chunk of punctuation alone must stay: as a placeholder word it would give the
    # text a word before its first sentence mark, and so a boundary it does not have.
    keep |= ~has_word
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
        letter = m.group(2) or m.group(3) or m.group(4)
        return m.group(0), "decimal-paren", f"{m.group(1)}.{letter}", True, indent + m.end()
    m = _SECTION_WORD.match(rest)
    # "Section 3 of this License applies" starting a line is a reference, not a label:
    # a label is followed by its title, its body or nothing, never a lower-case word;
    # and "section 10" in lower case is a reference wrapped onto a new line.
    if m and not rest[:1].islower() and not rest[m.end():].lstrip(_TITLE_LEAD)[:1].islower() \
            and not rest[m.end():m.end() + 1] == "(":  # "Section 2(a)" is a citation
        return m.group(0), "section-word", m.group(1), False, indent + m.end()
    m = _DECIMAL.match(rest)
    # A bare number before a lower-case word is prose ("4 of this License shall ..."),
    # and so is a dotted one before "and", "or", "through" ... ("48 C.F.R.\n12.212 and
    # 48 C.F.R. 227.7202-1": a citation wrapped onto a new line).
    if m and not (m.group(0).isdigit() and rest[m.end():].lstrip()[:1].islower()) and not (
            "." in m.group(0).rstrip(".") and _CITATION_JOINT.match(rest, m.end()) is not None):
        value = m.group(1)
        if value.endswith(".0") and value.count(".") == 1 and value != "0.0":
            # "3.0 Rights granted" numbers section 3 (its clauses are 3.1, 3.2 ...).
            value = value[:-2]
        dotted = "." in value
        return m.group(0), "decimal" if not dotted else f"decimal-{value.count('.') + 1}", \
            value, dotted, indent + m.end()
    m = _PAREN.match(rest)
    if m:
        value = m.group(1)
        return m.group(0), "paren-" + _char_style(value), value, False, indent + m.end()
    m = _LETTER.match(rest)
    # "v. 2.1" is a version, not item v.
    if m and not _VERSION_AFTER.match(rest, m.end()):
        value = m.group(1)
        return m.group(0), "dot-" + _char_style(value), value, False, indent + m.end()
    m = _CJK_NUMBER.match(rest)
    if m and _cjk_value(m.group(1)) is not None:
        return m.group(0), "cjk-number", m.group(1), False, indent + m.end()
    return None


def _cjk_value(numeral: str) -> int | None:
    """The value of a Chinese numeral from 1 to 99 ("二" 2, "十二" 12, "三十" 30)."""
    digits = [_CJK_DIGITS.index(c) + 1 for c in numeral]
    if len(digits) == 1:
        return digits[0]
    if len(digits) == 2 and digits[0] == 10 and digits[1] < 10:
        return 10 + digits[1]
    if len(digits) == 2 and digits[1] == 10 and digits[0] < 10:
        return digits[0] * 10
    if len(digits) == 3 and digits[1] == 10 and digits[0] < 10 and digits[2] < 10:
        return digits[0] * 10 + digits[2]
    return None


def _cjk_numeral(value: int) -> str:
    tens, units = divmod(value, 10)
    head = "" if tens == 0 else ("" if tens == 1 else _CJK_DIGITS[tens - 1]) + _CJK_DIGITS[9]
    return head + (_CJK_DIGITS[units - 1] if units else "")


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
_RUN_ON_WORDS = _LAYOUT.run_on_words


# Pure tests of one line, asked again and again of the same lines by the passes over a
# text (blocks, headings, tree): cached.
@functools.lru_cache(maxsize=8192)
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
    words = stripped.split()
    if stripped.endswith(".") and any(w.lower() in _LAYOUT.sentence_words for w in words):
        return False  # "THE SOFTWARE IS PROVIDED AS IS." is a sentence in capitals
    if len(words) > 6 and any(w.lower().strip(",;:") in _MODALS for w in words):
        return False  # "IN NO EVENT WILL THE LICENSOR BE LIABLE" is one too
    return upper / (upper + lower) >= 0.85 and len(words) <= 14


_ABBREVIATION = regex.compile(r"(?:[A-Za-z]\.){2,4}|[A-Z][a-z]{0,3}\.")


_MODALS = frozenset(
    "may shall must will can should would could is are was were be been".split())
_NOT_A_TITLE = regex.compile(
    r"(?i)(?:copyright\s*(?:\(c\)|\u00a9|\d)|\(c\)|\u00a9|https?:|www\.)")
_HAS_LATIN = regex.compile(r"[A-Za-z]")


@functools.lru_cache(maxsize=8192)
def _title_like(line: str, sentence_case: bool = False) -> bool:
    """Tell whether a line reads as a title ("Grant of Rights", "DEFINITIONS"), not prose.

    A title is short, has no sentence end inside it, and is in capitals, capitalises
    every word but the small ones ("of", "and", "the"), or (with ``sentence_case``, for a
    line that stands alone as a title) is a phrase of at most eight words without the
    verbs and pronouns of a sentence ("Legal effect of this document"). A line without
    Latin letters (a Chinese title) is a title when it is short and has no sentence mark.
    """
    stripped = line.strip().strip("*_#").strip()
    core = stripped.rstrip(".:\uff1a").strip()
    if not core or len(core) > (120 if core.isupper() else 100) or core.endswith(
            (",", ";", "\uff0c", "\uff1b")):
        return False
    if _NOT_A_TITLE.match(core):
        return False
    if not _HAS_LATIN.search(core):
        return len(core) <= 40 and not regex.search(r"[\u3002\uff1b\uff1f\uff01]", core)
    words = core.split()
    # A title in capitals may run long ("LICENSE TERMS AND CONDITIONS APPLICABLE TO ...").
    if len(words) > (20 if core.isupper() else 12) or not (
            core[0].isupper() or core[0].isdigit() or core[0] in "\"'(\u201c"):
        return False
    if words[-1].lower() in _RUN_ON_WORDS:
        return False
    # "Use it. Share it" holds a sentence end: only abbreviations ("U.S.") may end in "."
    # (a semicolon may join two titles: "No Warranty; Limitation of Liability").
    if any(w.endswith((".", "!", "?")) and not _ABBREVIATION.fullmatch(w)
           for w in words[:-1]):
        return False
    lowered = [w.lower().strip("()\"',:") for w in words]
    if core.isupper() and any(low in _MODALS for low in lowered):
        return False  # "IN NO EVENT WILL THE LICENSOR BE LIABLE" is a sentence
    if _is_caps_heading(core) or (core.isupper() and len(words) <= 6):
        return True
    content = [w for w, low in zip(words, lowered, strict=True)
               if low not in _LAYOUT.title_small_words]
    if not content:
        return False
    # "(including" counts as the lower-case word it is.
    initials = [w.lstrip("(\"'\u201c\u2018[")[:1] for w in content]
    capitals = sum(1 for c in initials if not c.isalpha() or c.isupper())
    verbs = any(low in _LAYOUT.sentence_words for w, low in zip(words, lowered, strict=True)
                if w[:1].islower())
    if not verbs and (capitals == len(content)
                      or (len(content) >= 4 and capitals / len(content) >= 0.75)):
        return True
    # In a title in lower case a word in capitals is an acronym ("Third party IT system
    # management"), not the pronoun it spells.
    return sentence_case and len(words) <= 8 and not any(
        low in _LAYOUT.sentence_words for w, low in zip(words, lowered, strict=True)
        if not (w.isupper() and len(w) > 1 and not core.isupper()))


def _section_title(line: str, body_start: int) -> tuple[bool, str | None]:
    """Read what follows a "Section 3" label: (title only?, the title or None).

    "Section 3", "Section 3 - Definitions" and "ARTICLE II: GRANT" are titles only; in
    "Section 3. Grant. You may..." the label opens a clause with a body.
    """
    rest = line[body_start:].strip().lstrip(_TITLE_LEAD).strip()
    if not rest:
        return True, None
    if _title_like(rest) and not regex.search(r"[.;:]\s+\S", rest):
        return True, _unbracket(rest.rstrip(".:").strip())
    return False, None


def _clean_heading(heading: str | None) -> str | None:
    """A heading as a reader names it: without the marks of bold around it
    ("**1. Definitions**" in a plain text) or the stop after a title in capitals."""
    if heading is None:
        return None
    cleaned = heading.strip().strip("*_").strip().rstrip(":\uff1a").rstrip()
    if cleaned.endswith(".") and cleaned[:-1].isupper() and not _ABBREVIATION.fullmatch(
            cleaned.rsplit(None, 1)[-1]):
        cleaned = cleaned[:-1].rstrip()
    if len(cleaned) > 2 and _QUOTE_PAIRS.get(cleaned[0]) == cleaned[-1] \
            and not any(c in _QUOTE_PAIRS or c in "\u201d\u2019\u00bb" for c in cleaned[1:-1]):
        # "`Work'" alone over its definition: the term is the title, not its quotes.
        cleaned = cleaned[1:-1].strip()
    return cleaned or None


_QUOTE_PAIRS = {'"': '"', "'": "'", "`": "'", "\u201c": "\u201d", "\u2018": "\u2019",
                "\u00ab": "\u00bb"}


def _unbracket(title: str) -> str:
    """'(Purpose)' after 'Article 1' is the title 'Purpose'."""
    if title.startswith("(") and title.endswith(")") and title.count("(") == 1:
        return title[1:-1].strip()
    return title


def _split_lines(text: str) -> list[tuple[int, int, str]]:
    lines = []
    pos = 0
    for raw in text.split("\n"):
        lines.append((pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return lines


# A clause label written in running text after a sentence, with a run-in title of a few
# capitalised words: "... the following terms. a. Distribution & Attribution. If You
# ...". Such a label opens a clause as surely as one at the start of a line; texts that
# keep a whole part on one line, or were rewrapped, write them so. A reference
# ("Section 3. Termination") has no sentence end before its number, and an enumeration
# in running text has no title, so neither is taken. Bounded repeats keep it linear.
_RUN_IN_LABEL = regex.compile(
    # The stop before the label is matched, not looked behind for: a pattern that opens
    # with a class of three characters is searched for quickly.
    r"[.;:][\"'\u201d\u2019)]?[ \t]+"
    r"(?P<label>\((?:[a-z]|[ivx]{1,5}|\d{1,2})\)|(?:[a-zA-Z]|\d{1,2}|[ivx]{1,5}|[IVX]{1,5})\.)"
    r"(?:[ \t]+|[ \t]*\n[ \t]*)(?=[A-Z][\w&\'\u2019\-]{0,30}"
    r"(?:(?:[ \t]+|[ \t]*\n[ \t]*)"
    r"(?:[A-Z][\w&\'\u2019\-]{0,30}|and|or|of|the|to|for|in|on|by|with|&)){0,6}"
    r"\.[ \t\n]+[A-Z\"\u201c(])"
)


def _split_run_in(text: str, lines: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Cut a line before each run-in clause label, as if it began a line of its own; a
    label that ends a line of a rewrapped text is joined to the title on the next."""
    cuts = [m.start("label") for m in _RUN_IN_LABEL.finditer(text)]
    if not cuts:
        return lines
    out: list[tuple[int, int, str]] = []
    k = 0
    for start, end, line in lines:
        last = 0
        while k < len(cuts) and cuts[k] < end:
            cut = cuts[k] - start
            k += 1
            if cut <= 0:
                continue
            out.append((start + last, start + cut, line[last:cut].rstrip()))
            last = cut
        out.append((start + last, end, line[last:]))
    return out


def _line_block(start: int, end: int, indent: int, line: str, stripped: str) -> _Block:
    """The block a line opens: a heading when it is a title in capitals, else a
    paragraph."""
    if _is_caps_heading(line):
        return _Block(start, end, indent, "heading", style="caps", heading=stripped)
    return _Block(start, end, indent, "paragraph")


def _renumber(blocks: list[_Block]) -> None:
    for index, block in enumerate(blocks):
        block.index = index


def _append(blocks: list[_Block], block: _Block) -> _Block:
    """Add a block at the end of ``blocks``, numbered by its place there."""
    block.index = len(blocks)
    blocks.append(block)
    return block


def _blocks(text: str) -> list[_Block]:
    """Group lines into blocks: a blank line, an enumerator or a heading starts one."""
    blocks: list[_Block] = []
    current: _Block | None = None
    last_labels: dict[str, set[str]] = {}
    previous = ""
    # A label alone on its line ("ARTICLE II", "Section 3") takes the title on the next
    # non-blank line as its heading.
    awaiting_title: _Block | None = None
    # The indentation of the lines listed under a lead-in ("You may not:" followed by
    # indented lines without numbers): each such line is an item of its own.
    list_indent: int | None = None
    last_line = ""  # the last line that was not blank
    after_rule = False
    in_box = False
    lines = _split_lines(text)
    unwrapped = _is_unwrapped(lines)
    lines = _split_run_in(text, lines)
    for number, (start, end, line) in enumerate(lines):
        stripped = line.strip()
        if in_box and stripped.startswith("*") and not stripped.startswith("***"):
            # Inside a frame of "*" a line is read without its frame, so that a framed
            # blank line separates paragraphs and a framed "-----" underlines a title.
            framed = stripped[1:-1] if stripped.endswith("*") and len(stripped) > 1 \
                else stripped[1:]
            if not framed.strip() or _RULE_LINE.fullmatch(framed.strip()):
                stripped = framed.strip()
        if not stripped or _RULE_LINE.fullmatch(stripped):
            underline = bool(stripped) and current is not None and (
                current.lines == 1) and (
                current.label is not None or current.kind == "heading" or _title_like(previous))
            if underline and current is not None:
                # "1. Definitions" underlined with "-----": the line above is a title.
                if current.label is not None and current.kind != "heading":
                    current.title_only = True
                elif current.kind == "paragraph":
                    current.kind, current.style = "heading", "title"
                    current.heading = previous.rstrip(":").strip()
            elif stripped:
                # A rule of "=" or "-" that underlines nothing ends a part of the text:
                # what follows belongs to no section before it.
                after_rule = True
            if stripped.startswith("***") and len(stripped) > 20:
                # A long rule of "*" opens or closes a frame of "*" around text.
                in_box = not in_box
            # A rule of "=" or "-" separates like a blank line and belongs to no clause.
            current = None
            last_line = previous or last_line
            previous = ""
            continue
        last_line = previous or last_line
        indent = len(line) - len(line.lstrip(" \t"))
        if in_box and line[indent] == "*":
            # Text boxed in a frame of "*" (MPL's disclaimers): the frame is margin.
            indent += 1
            indent += len(line) - indent - len(line[indent:].lstrip(" \t"))
            stripped = line[indent:].strip()
            if stripped.endswith("*") and stripped[:-1].endswith((" ", "\t")):
                stripped = stripped[:-1].rstrip()
            if not stripped:
                continue
        if line.startswith(("**", "__"), indent) and line[indent + 2:indent + 3].strip():
            # "**1. Definitions**" in a text that keeps Markdown's marks: the number is
            # the line's label, the marks are margin.
            indent += 2
        first = line[indent]
        # Read once per line. A word and a stop ("Defense. We will ...") is no label.
        line_label = _label(line, indent)
        labelled = line_label is not None
        if current is not None and current.kind == "paragraph" and current.label is None \
                and not labelled and previous.endswith((".", "!", "?")) \
                and (number + 1 == len(lines) or not lines[number + 1][2].strip()) \
                and _ends_a_paragraph_as_title(stripped):
            # "... DISALLOWS USE OF THE SERVICE.\nDefinitions\n\n    Software means ...":
            # a title written under the paragraph before it, with no blank line between,
            # and a blank line after it, titles what follows (a text rewrapped so).
            current = _append(blocks, _line_block(start, end, indent, line, stripped))
            previous = stripped
            continue
        if current is not None and current.lines > 1 and not labelled \
                and awaiting_title is None and current.kind != "heading" \
                and current.style != "line" and len(previous) >= 40 \
                and not previous.endswith(_SENTENCE_END_CHARS):
            # The common case, decided first: the third or later line of a paragraph
            # hard-wrapped in the middle of a sentence.
            current.end = end
            current.lines += 1
            previous = stripped
            continue
        if awaiting_title is not None:
            block, awaiting_title = awaiting_title, None
            if _title_like(stripped) and not labelled and (
                    first not in _BULLET_CHARS):
                block.heading = stripped.rstrip(".:").strip()
                block.end = end
                block.lines += 1
                current = block
                previous = stripped
                continue
        boundary_ok = (
            current is None
            or current.title_only
            or len(previous) < 40
            or previous.endswith(_SENTENCE_END_CHARS)
        )
        # "... ; and" may end an item, but "... the software, and\n(2) offer ..." is one
        # sentence: after "and" or "or" a label must go on with a list already open.
        and_or = not boundary_ok and bool(_SENTENCE_END.search(previous, max(0, len(previous) - 4)))
        if current is not None and previous.endswith(":") and current.kind != "heading" \
                and indent > current.indent and not labelled \
                and first not in _BULLET_CHARS:
            # "You may not:" followed by indented lines without numbers: each line is an
            # item of the lead-in.
            list_indent = indent
            new_line: _Block | None = _Block(start, end, indent, "item", style="line")
        elif list_indent is not None and current is not None and current.style == "line" \
                and indent == list_indent and previous.endswith(_SENTENCE_END_CHARS + (",",)) \
                and not labelled:
            new_line = _Block(start, end, indent, "item", style="line")
        else:
            new_line = None
            if current is None or current.style != "line" or indent < (list_indent or 0):
                list_indent = None
        if new_line is not None:
            current = _append(blocks, new_line)
            previous = stripped
            continue
        if current is not None and current.title_only and current.kind != "heading" \
                and current.lines == 1 \
                and text[current.start:current.end].isupper() and stripped.isupper() \
                and not labelled and len(stripped.split()) <= 12 and not (
                    # "... CERTAIN JURISDICTIONS" over "THIS SECTION SETS FORTH ...
                    # JURISDICTIONS.": a complete title over a sentence in capitals.
                    stripped.endswith(".") and not previous.endswith(",")
                    and previous.rsplit(None, 1)[-1].lower() not in _RUN_ON_WORDS) \
                and not previous.endswith(stripped):  # the title printed twice
            # A title in capitals wrapped onto a second line ("B. LICENSE TERMS AND
            # CONDITIONS APPLICABLE TO\nSOFTWARE ACQUIRED FROM ...").
            current.end = end
            current.lines += 1
            previous = stripped
            continue
        if current is not None and current.title_only and current.kind != "heading" \
                and current.lines == 1 \
                and not labelled and first not in _BULLET_CHARS \
                and (not first.islower() or _caps_title_line(previous)) \
                and _finished_title(previous) \
                and not (previous[-1:].isalnum() and _TITLE_GOES_ON.match(stripped)
                         and not (previous.isupper() and not stripped.isupper())):
            # "2.1. The Initial Developer Grant." with its body on the next line: the
            # title line is the clause, the body its first paragraph. A next line in
            # lower case goes on with the first ("(a) Redistributions of Source Code\n
            # must retain ..."), so the first line was no title.
            current.body_below = True
            current = _append(blocks, _Block(start, end, indent, "paragraph"))
            previous = stripped
            continue
        if current is not None and current.kind == "paragraph" and current.label is None \
                and current.style is None and current.lines == 1 \
                and len(previous) <= 60 and (_title_like(previous) or (
                    # "Grant of licence" over a line of prose twice its length: in a
                    # hard-wrapped text a phrase that short ends a line only as a title.
                    len(previous) * 2 <= len(stripped) and len(stripped) >= 50
                    and _title_like(previous, sentence_case=True)
                    and not previous.endswith(":") and not any(c.isdigit() for c in previous)
                    and previous.split()[0].lower() not in _CLAUSE_OPENERS
                    and not previous.lower().startswith("all rights reserved")
                    and previous.rsplit(None, 1)[-1].lower() not in _RUN_ON_WORDS)) \
                and _DATE_LINE.match(previous) is None \
                and not _bare_version(stripped) \
                and not previous.endswith((".", ",", ";")) and not first.islower() \
                and not labelled and first not in _BULLET_CHARS:
            # "General Terms" with its text straight under it: a title line.
            current.kind, current.style = "heading", "title"
            current.heading = previous.rstrip(":").strip()
            current = _append(blocks, _Block(start, end, indent, "paragraph"))
            previous = stripped
            continue
        if unwrapped and current is not None and not labelled and first not in _BULLET_CHARS \
                and ((current.kind != "heading" and current.style != "line"
                      and previous.endswith((".", "!", "?", ":", ";", "\u3002"))
                      and (first.isupper() or first in "\"'(\u201c["))
                     or (current.kind == "paragraph" and current.label is None
                         and current.lines == 1 and current.style is None
                         and len(previous.split()) <= 10 and first.isupper()
                         and not previous.endswith((*_SENTENCE_END_CHARS, ","))
                         # "... AGREEMENT FOR\nMICROSOFT OFFICE ...": a title goes on
                         and not (previous.isupper() and len(previous.split()) >= 3
                                  and not any(c in previous for c in ",;")
                                  and previous.rsplit(None, 1)[-1].lower() in _RUN_ON_WORDS))):
            # A text that is not hard-wrapped writes one paragraph per line; there a short
            # line without a stop over the next one is a line of its own too ("Respect
            # others" over its paragraph): a title, or the next of a run of titles. A line
            # in capitals that reads as a title is a heading, as in any text.
            current = _append(blocks, _line_block(start, end, indent, line, stripped))
            previous = stripped
            continue
        if current is not None and not boundary_ok and not labelled:
            # The common case: a hard-wrapped line inside a paragraph.
            if current.kind == "heading" and current.style == "caps":
                if not _is_caps_heading(stripped) and not stripped.isupper():
                    # A title in capitals with its text straight under it.
                    current = _append(blocks, _Block(start, end, indent, "paragraph"))
                    previous = stripped
                    continue
                # "IN NO EVENT UNLESS REQUIRED BY APPLICABLE LAW OR AGREED TO IN WRITING"
                # wrapping on in capitals is a shouted paragraph, not a title.
                current.kind, current.style, current.heading = "paragraph", None, None
            # A line that goes on with a label's first line shows it was no title.
            current.title_only = False
            current.end = end
            current.lines += 1
            previous = stripped
            continue
        new_block: _Block | None = None
        if current is not None and not current.title_only and (
                (previous[-1:].isalpha()
                 and _REFERENCE_END.search(previous, max(0, len(previous) - 12)))
                or _CITATION_END.search(previous, max(0, len(previous) - 30))):
            # "... as described in Section\n2. of ..." is a wrapped reference, not a list.
            boundary_ok = False
        elif not boundary_ok:
            # A hard-wrapped line may start with "2." by accident; accept it as a label
            # only when it continues a list already open ("1." ... "2.").
            candidate = line_label
            boundary_ok = candidate is not None and (
                _continues(last_labels, candidate)
                or (not and_or and _LIST_OPENER.search(previous) is not None
                    and _opens_bracketed_list(line, candidate)))
        md = _MD_HEADING.match(line, indent) if first == "#" else None
        if md:
            level = len(md.group(1))
            new_block = _Block(start, end, indent, "heading", style=f"md-h{level}", level=level,
                               heading=line[md.end():].strip().strip("#").strip().rstrip(
                                   ".:").strip() or None)
            inner = _label(line, md.end())
            attachment = _ATTACHMENT.match(line, md.end()) if not inner else None
            if attachment:
                # "## Exhibit A - Notice": an appendix titled as a Markdown heading.
                new_block.label = attachment.group(0).strip(" .:-\u2013")
                new_block.path_part = attachment.group(1)
                new_block.heading = line[attachment.end():].strip().lstrip(
                    _TITLE_LEAD).strip() or None
                if new_block.heading is None:
                    awaiting_title = new_block
            if inner:
                new_block.label, _, new_block.path_part, new_block.absolute_path, _ = inner
                # "## 3. Attribution": the title is what follows the number.
                new_block.heading = line[inner[4]:].strip().strip("#").strip(
                    ).lstrip(_TITLE_LEAD).rstrip(".:").strip() or None
        else:
            bullet = _BULLET.match(line, indent) if first in _BULLET_CHARS else None
            if first == "o" and line[indent + 1:indent + 2] in (" ", "\t") and (
                    last_line.endswith(":") or (current is not None and current.label == "o")
                    or (blocks and blocks[-1].label == "o")):
                # "o  copy the Software;": the letter o as a bullet, as word processors
                # export lists; only after a lead-in or another such bullet.
                bullet = _O_BULLET.match(line, indent)
            label = line_label if boundary_ok else None
            attachment = (_ATTACHMENT.match(line, indent)
                          if boundary_ok and first in "AaEeSsNnRr" else None)
            if attachment and len(stripped) <= 80:
                title = line[attachment.end():].strip().lstrip(_TITLE_LEAD).strip()
                new_block = _Block(start, end, indent, "heading", style="attachment",
                                   label=attachment.group(0).strip(" .:-\u2013"),
                                   path_part=attachment.group(1), heading=title or None)
                if not title:
                    awaiting_title = new_block
            elif bullet and not label:
                label_at = _label(line, bullet.end())
                # A bullet is a list label without a number: "-", "*", "\u2022".
                new_block = _Block(start, end, indent, "item", style="bullet",
                                   label=line[indent])
                if label_at:
                    (new_block.label, new_block.style, new_block.path_part,
                     new_block.absolute_path, _) = label_at
            elif label and (current is None or boundary_ok):
                written, style, part, absolute, label_end = label
                new_block = _Block(start, end, indent, "item", label=written.strip(),
                                   style=style, path_part=part, absolute_path=absolute)
                # "1 - Definitions": the dash between number and title is margin.
                rest = line[label_end:].strip().lstrip(_TITLE_LEAD).strip()
                # A short phrase alone after its label is a title even in sentence case
                # ("I. Grant of license"); it is split from a body on the next line.
                new_block.title_only = bool(rest) and _title_like(
                    rest, sentence_case=len(rest.split()) <= 6)
                if style == "section-word":
                    # "Section 3 - Definitions", "ARTICLE II": a title line that owns
                    # the clauses after it, with its title on this line or the next.
                    only, section_title = _section_title(line, label_end)
                    if only:
                        new_block.title_only = True
                        new_block.heading = section_title
                        new_block.label = written.strip().rstrip(_TITLE_LEAD) or written
                        if section_title is None:
                            awaiting_title = new_block
            elif current is None or (boundary_ok and _is_caps_heading(line) and not (
                    previous.endswith(",")
                    or previous.rsplit(None, 1)[-1].lower() in _RUN_ON_WORDS
                    # "... RESULTING FROM: (I) INTENT; (II)\nGROSS NEGLIGENCE; ...": a
                    # label of a list run into the text ends no sentence.
                    or _LABEL_ENDS_LINE.search(previous) is not None)):
                # A line in capitals after one that broke off mid-sentence ("... on an
                # "AS IS" BASIS,\nWITHOUT WARRANTIES ...") goes on with that sentence.
                new_block = _line_block(start, end, indent, line, stripped)
            elif current.kind == "heading":
                new_block = _Block(start, end, indent, "paragraph")
            elif boundary_ok and previous.endswith(".") and current.label is None \
                    and current.kind == "paragraph" \
                    and _CAPS_RUN_IN_LINE.match(line, indent) is not None \
                    and _CAPS_RUN_IN_LINE.match(text, current.start + current.indent):
                # "... all of its component parts.\nU.S. GOVERNMENT RESTRICTED RIGHTS.
                # The Program ...": where paragraphs open with a title in capitals, a
                # line that opens with another after a sentence's end starts the next.
                new_block = _Block(start, end, indent, "paragraph")
        if new_block is not None:
            new_block.after_rule, after_rule = after_rule, False
            current = _append(blocks, new_block)
            if new_block.style and new_block.path_part:
                last_labels.setdefault(new_block.style.rstrip("?"), set()).add(
                    new_block.path_part)
            if new_block.label and new_block.kind != "heading" and awaiting_title is None \
                    and not line[_label_end(line, indent, new_block):].strip():
                # "1." or "IV." alone on its line: the title follows on the next line.
                awaiting_title = new_block
        elif current is not None:
            current.title_only = False
            current.end = end
            current.lines += 1
        previous = stripped
    return blocks


# A line that opens with a title in capitals run into its first sentence ("LIMITED
# WARRANTY. The Program ...", "U.S. GOVERNMENT RESTRICTED RIGHTS. The ...").
_CAPS_RUN_IN_LINE = regex.compile(
    r"(?:(?:[A-Z]\.){2,4}[ \t]+)?[A-Z][A-Z'&/\-]+(?:[ \t]+[A-Z][A-Z'&/\-]*){0,7}"
    r"[.:][ \t]+[\"'(\u201c]?[A-Z][a-z]")
# Words that end a line whose next line may open a list without a colon ("... "Software"
# means\n(i) ..."); a "(1)" after any other word is a wrapped reference or aside.
_LIST_OPENER = regex.compile(r"(?i)\b(?:means|mean|includes?|including|following)$")
# "... under this Section 2(a)\n(4) never ...": a citation goes on in the next line.
_CITATION_END = regex.compile(
    r"(?i)\b(?:sections?|paragraphs?|clauses?)\s+[0-9][0-9.]*\([a-z0-9]{1,4}\)$")
# A rule of "=", "-", "*" ... or a line of box drawing with no word in it.
_RULE_LINE = regex.compile(r"[=\-_*~#+.\u2014\u2500\u2550]{3,}|[*|+#=~\u2502\u2551]{1,2}")
# After a dotted number, the words that join it to another citation ("12.212 and 48
# C.F.R. 227.7202"): a list item may open with "to" or "of", never with these.
_CITATION_JOINT = regex.compile(r"[ \t]+(?:and|or|through|and/or)\b")
_NOT_AN_ITEM = regex.compile(r"[ \t]*(?:$|[,;.)]|(?:and|or|through|to|of|above|below)\b)")


def _opens_bracketed_list(line: str, label: tuple[str, str, str, bool, int]) -> bool:
    """Tell whether "(a)" or "(i)" starting a wrapped line opens a list ("... means\n
    (i) the software ..."), rather than going on with a reference ("... in\n(a) above")."""
    written, style, part, _, end = label
    return style.startswith("paren-") and _is_start(part) and not _NOT_AN_ITEM.match(
        line, end)


# The end of a title wrapped onto the next line, its body after it ("13. Accepting
# Warranty or Additional\nLiability. While redistributing ...").
_TITLE_GOES_ON = regex.compile(
    rf"(?:{_TITLE_WORD}[ \t]+){{0,4}}{_TITLE_WORD}[.:](?:[ \t]+\p{{Lu}}|[ \t]*$)")


_LINE_LABEL = regex.compile(r"\A\(?[0-9A-Za-z]{1,6}(?:\.[0-9]{1,3}){0,4}[.)]?\)?[ \t]+")


_CLAUSE_OPENERS = frozenset(
    "if when where whenever unless although though while upon subject notwithstanding "
    "except as in for to by you we".split())


def _strict_title_case(line: str) -> bool:
    """Every word but the small ones capitalised, and no opening of a sentence ("If You
    Share Adapted Material You produce, the Adapter's" is the start of one)."""
    words = line.split()
    if not words or words[0].lower() in _CLAUSE_OPENERS or not _title_like(line):
        return False
    return all(not w[:1].isalpha() or w[:1].isupper() for w in words
               if w.lower().strip(",;") not in _LAYOUT.title_small_words)


def _caps_title_line(line: str) -> bool:
    """A numbered title line in capitals ("11.\tEXPORT RESTRICTIONS"): the next line is
    its body even when it opens with a name in lower case ("nexB makes ...")."""
    rest = _LINE_LABEL.sub("", line, count=1)
    return rest.isupper() and _is_caps_heading(rest) and len(rest.split()) <= 8


def _ends_a_paragraph_as_title(line: str) -> bool:
    """A short line that reads as a title (Title Case, capitals or a phrase of a few
    words), not a sentence or a list item."""
    words = line.split()
    return 0 < len(words) <= 8 and line[:1].isupper() and not line.endswith((".", ",", ";")) \
        and _DATE_LINE.match(line) is None and _NOT_A_TITLE.match(line) is None \
        and (_title_like(line) or _standalone_phrase(line.rstrip(":")))


def _finished_title(line: str) -> bool:
    """Tell whether a title line is complete, so the next line starts the body: it ends
    in "." or ":", is in capitals, is short and has no comma ("1. Definitions"), or
    capitalises its words as a title does."""
    line = line.rstrip()
    return line.endswith((".", ":")) or line.isupper() or (
        len(line.split()) <= 7 and "," not in line) or (
        # "b. Compliance with Law, Third Party Rights, and Other Google Terms of Service":
        # in a title in Title Case a comma lists its subjects (in one in capitals it may
        # as well break off a sentence).
        not line.endswith(",") and not (rest := _LINE_LABEL.sub("", line, count=1)).isupper()
        and len(line.split()) <= 14 and _strict_title_case(rest))


def _is_unwrapped(lines: list[tuple[int, int, str]]) -> bool:
    """Tell whether a text keeps each paragraph on one line (not hard-wrapped).

    In such a text a line that ends a sentence ends its paragraph; in a hard-wrapped
    one, a line often ends a sentence in the middle of a paragraph.
    """
    lengths = [len(line.strip()) for _, _, line in lines if line.strip()]
    if len(lengths) < 5:
        return False
    return sum(1 for n in lengths if n > 120) >= 0.3 * len(lengths)


def _label_end(line: str, indent: int, block: _Block) -> int:
    found = line.find(block.label or "", indent)
    return found + len(block.label or "") if found >= 0 else len(line)


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
    cjk = _cjk_value(part) if part[:1] in _CJK_DIGITS else None
    if cjk is not None:
        return _cjk_numeral(cjk - 1) if cjk > 1 else None
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
    if previous is None:
        return False
    # "c" after "b" is a letter, though "c" alone could be a roman numeral, and so is
    # "e" after "d" (filed as roman when it was read).
    return previous in last_labels.get(style.rstrip("?"), set()) or (
        style.endswith("?") and previous in last_labels.get(
            style.replace("roman?", "alpha"), set())) or (
        style.endswith("alpha") and previous in last_labels.get(
            style.replace("alpha", "roman"), set()))


_ROMAN_PREV = {"i": "h", "v": "u", "x": "w", "l": "k", "c": "b", "d": "c", "m": "l"}


def _resolve_style(block: _Block, stack: list[_Block]) -> None:
    """Decide whether an ambiguous 'i.'/'v.' label is roman or alphabetic."""
    style = block.style or ""
    if not style.endswith("?"):
        return
    base = style[:-1]
    value = (block.path_part or "").lower()
    alpha = base.replace("roman", "alpha")
    if len(value) == 1 and value in "cdlm":
        # C, D, L and M alone never number a list as 100, 500, 50 or 1000: they are
        # letters, even once the list before them was closed by a paragraph.
        block.style = alpha
        return
    if len(value) == 1:
        for open_block in reversed(stack):
            previous_letter = (open_block.path_part or "").lower()
            if open_block.style == alpha and previous_letter == _ROMAN_PREV.get(value):
                block.style = alpha
                return
    block.style = base


_EMPHASIS_OPEN = regex.compile(r"(?:\*\*|__|<(?:strong|b)(?:\s[^<>]{0,200})?>)\s*$", regex.I)
_EMPHASIS_CLOSE = regex.compile(r"\s*(?:\*\*|__|</(?:strong|b)\s*>)", regex.I)


def _promote_headings(
    blocks: list[_Block], text: str, original: str, to_original: ToOriginal
) -> None:
    """Make the unlabelled paragraphs that stand as titles headings.

    A paragraph of one to three lines in capitals ("IMPORTANT INFORMATION ABOUT ... THE
    USE OF YOUR DATA"), a one-line paragraph that reads as a title ("Confluent Community
    License Version 1.0", "Definitions:"), and a line wholly in bold in Markdown or HTML
    are headings. Titles that are not in capitals, and bold lines, are minor headings once
    numbered clauses have begun: they title part of a section, not the document.
    """
    _join_title_lines(blocks, text)
    _split_title_lines(blocks, text)
    _join_caps_title_parts(blocks, text)
    for index, block in enumerate(blocks):
        if block.kind != "paragraph" or block.label is not None or block.style == "line":
            continue
        body = text[block.start:block.end].strip()
        lines = body.count("\n") + 1
        flat = " ".join(body.split())
        if lines > 3 or len(flat) > 200:
            continue
        if index == 0 and _document_title(flat, lines):
            block.kind, block.style, block.heading = "heading", "caps", _undated(body, flat)
            continue
        if lines > 1 and _is_caps_heading(flat[:120]) and len(flat.split()) <= 25 \
                and not flat.endswith((".", ",", ";")):
            block.kind, block.style, block.heading = "heading", "caps", flat
            continue
        if lines == 2 and len(flat.split()) <= 14 and _title_like(flat) \
                and _TITLE_NOUN.search(flat) and not flat.endswith((".", ",", ";", ":")):
            # A title wrapped onto a second line ("Creative Commons Attribution 4.0
            # International Public\nLicense"); a date or version under it ("dated
            # August 18, 2022", "(Rev. Date October 28, 2002)") is no part of it.
            block.kind, block.style, block.heading = "heading", "title", _undated(body, flat)
            continue
        if lines != 1:
            continue
        if _CAPTIONED_TITLE.fullmatch(flat) and _SENTENCE_INSIDE.search(flat) is None \
                and len(flat.split()) <= 18:
            # "APPENDIX: How to apply this License to your work." is the appendix's title.
            block.kind, block.style = "heading", "caps"
            block.heading = flat.rstrip(".").strip()
            continue
        o_start, o_end = to_original(block.start + text[block.start:block.end].find(body[:1]),
                                     block.start + len(text[block.start:block.end].rstrip()))
        bold = bool(_EMPHASIS_OPEN.search(original, max(0, o_start - 210), o_start)) and bool(
            _EMPHASIS_CLOSE.match(original, o_end))
        followed = index + 1 < len(blocks) and blocks[index + 1].kind != "heading"
        if (bold and len(flat.split()) <= 14 and not flat.endswith((".", ";", ","))) or (
                (_title_like(flat) or _standalone_phrase(flat)
                 or (followed and _standalone_phrase(flat, longest=10)
                     and not any(w.lower() in _LAYOUT.sentence_words for w in flat.split()))
                 or (followed and _QUESTION_TITLE.fullmatch(flat) is not None))
                and not flat.endswith((".", ";", ",")) and not _is_caps_heading(flat)
                # "Last modified: November 5, 2024" dates the text; it titles nothing.
                and _DATE_LINE.match(flat) is None):
            # Without capitals to tell them apart, a title in a script that has no case
            # (Chinese, Japanese) ranks with capitals titles.
            style = "bold" if bold else "title" if _HAS_LATIN.search(flat) else "caps"
            block.kind, block.style = "heading", style
            block.heading = flat.rstrip(":\uff1a").strip()
        elif flat.endswith(".") and len(flat.split()) <= 10 and _title_like(flat) \
                and index + 1 < len(blocks) and (
                    (blocks[index + 1].label is None
                     and blocks[index + 1].indent > block.indent + 1
                     and len(flat.split()) <= 8)
                    # "Additional Terms applicable to the Acme Public License." over
                    # "I. Effect.": a title ended by a stop over the clauses it holds.
                    or (blocks[index + 1].label is not None
                        and blocks[index + 1].kind != "heading"
                        and _is_start(blocks[index + 1].path_part)
                        and not any(w.lower() in _LAYOUT.sentence_words
                                    for w in flat.split()))):
            # "Grant of Copyright License." over a body indented deeper than itself: a
            # title ended by a stop, as in texts whose section numbers were lost.
            block.kind, block.style = "heading", "title"
            block.heading = flat.rstrip(".").strip()
        elif followed and _stopped_title_line(flat) and _opens_a_paragraph(
                text, blocks[index + 1]) and not (
                    index > 0 and _stopped_title_line(
                        " ".join(text[blocks[index - 1].start:blocks[index - 1].end].split()))):
            # "General." or "90-day Limited Warranty for HPE Software." alone on its line
            # over a paragraph of prose: every word a title's, so it names what follows.
            # The last of a run of such lines ("ISVs (...).", "VARs (...).") is an item.
            block.kind, block.style = "heading", "title"
            block.heading = flat.rstrip(".").strip()


_TITLE_LINE_MARKS = regex.compile(r"[.,:;\[\]_!?]")


def _stopped_title_line(flat: str) -> bool:
    """A line that is only a title and its stop: at most eight words in Title Case, no
    sentence words, no abbreviation's stop ("Inc.") mistaken for the title's."""
    words = flat.split()
    # A form's blank ("Contributor(s):  .") or a byline ("Written by John R. Hauser.")
    # is no title: the stop must close a word, and no other mark may stand inside.
    return flat.endswith(".") and (flat[-2:-1].isalnum() or flat[-2:-1] == ")") \
        and 0 < len(words) <= 8 and _TITLE_LINE_MARKS.search(flat, 0, len(flat) - 1) is None \
        and not _ABBREVIATION.fullmatch(words[-1]) \
        and _strict_title_case(flat[:-1]) \
        and not any(w.lower().strip("()\"',") in _LAYOUT.sentence_words for w in words) \
        and _NOT_A_TITLE.search(flat) is None and _DATE_LINE.match(flat) is None


def _opens_a_paragraph(text: str, block: _Block) -> bool:
    """Tell whether a block is prose that a title above it could name: a paragraph
    without a label whose first line is a sentence, not another title."""
    if block.kind != "paragraph" or block.label is not None:
        return False
    first = text[block.start:block.end].strip().split("\n", 1)[0].strip()
    return len(first.split()) >= 6 and first.lstrip("\"'\u201c\u2018")[:1].isupper() \
        and not _title_like(first)


# A part's word in capitals, a colon, then its title: "ADDENDUM: How to use this License".
_CAPTIONED_TITLE = regex.compile(
    rf"(?:{'|'.join(w.upper() for w in _LAYOUT.attachment_words + ('part', 'chapter'))})"
    r":[ \t]+\p{Lu}[^.:;!?]{2,120}\.?")
# A date under a title ("dated August 18, 2022", "(Rev. Date October 28, 2002)"); a
# version ("V. 1.1", "Version 2.0, January 2004") is part of the name it follows.
_DATE_LINE = regex.compile(
    r"(?i)\A\(?(?:dated|rev\.|revision|effective|last[ \t]+(?:updated?|modified|revised|changed)"
    r"|released|updated)(?=[ \t:])"
    r"|\A\(?(?:january|february|march|april|may|june|july|august|september|october"
    r"|november|december)[ \t]+\d{1,2},?[ \t]+\d{4}\)?\Z")


# A bare version under a title ("V. 1.1") goes on with it; a dated one ("Version 1.3,
# 3 November 2008", "Version 1.0 dated August 30th, 2023") is a line of its own.
_VERSION_LINE = regex.compile(r"(?i)(?:v\.?|version|ver\.)[ \t]?\d")
_YEAR = regex.compile(r"\b(?:19|20)\d\d\b")


def _bare_version(line: str) -> bool:
    return _VERSION_LINE.match(line) is not None and _YEAR.search(line) is None


def _dated(line: str) -> bool:
    """A date line, or a version with its date: no part of the title above it."""
    return _DATE_LINE.match(line) is not None or (
        _VERSION_LINE.match(line) is not None and not _bare_version(line))


def _undated(body: str, flat: str) -> str:
    """The title of a title block without the date or version line under its name."""
    first, _, last = body.rpartition("\n")
    if first and _dated(last.strip()) and _TITLE_NOUN.search(first):
        return " ".join(first.split())
    return flat


# Words that name a document: its first lines are its title when they hold one.
_TITLE_NOUN = regex.compile(
    r"(?i)\b(?:licen[cs]e|agreement|terms|eula|policy|conditions|contract|notice)\b")
# A sentence end inside a line: a stop, then a word in lower case ("... it. you may").
_SENTENCE_INSIDE = regex.compile(r"[.!?][\"')\u201d]?[ \t]+\p{Ll}")


def _join_title_lines(blocks: list[_Block], text: str) -> None:
    """Join the two title lines a text may open with when one of them is only a part of
    the title: a name over the kind of document ("ADOBE" over "Personal Computer Software
    License Agreement", "LICENSE AGREEMENT" over "JBOSS(r)"). A version or date line, or
    a second title that names the document by itself, stays a line of its own."""
    if len(blocks) < 2:
        return
    first, second = blocks[0], blocks[1]
    lines = [text[b.start:b.end].strip() for b in (first, second)]
    if any(b.label is not None or b.lines != 1 for b in (first, second)) \
            or "\n\n" in text[first.end:second.start]:
        return
    named = [_TITLE_NOUN.search(line) is not None for line in lines]
    if named[0] == named[1]:
        return
    part = lines[named.index(False)]
    # "END USER LICENSE AGREEMENT" over "RED HAT UNIVERSAL BASE IMAGE": a title in
    # capitals of generic words only is completed by the name under it, however long.
    longest = 8 if named[0] and all(line.isupper() for line in lines) and all(
        w.lower() in _GENERIC_TITLE_WORDS for w in lines[0].split()) else 4
    if len(part.split()) > longest or any(c.isdigit() or c in ":;" for c in part) \
            or not _HAS_LATIN.search(part) \
            or not all(_title_like(line) or _is_caps_heading(line) for line in lines):
        return
    flat = " ".join(" ".join(lines).split())
    if not _document_title(flat, 2):
        return
    first.end, first.lines = second.end, 2
    first.kind, first.style, first.heading = "paragraph", None, None
    del blocks[1]
    _renumber(blocks)


# A document title that ends in the kind of document it is ("MICROSOFT PRE-RELEASE
# SOFTWARE LICENSE TERMS"), complete by itself.
_TITLE_NOUN_END = regex.compile(r"(?i)\b(?:licen[cs]e|agreement|terms|eula|conditions)\Z")


_GENERIC_TITLE_WORDS = frozenset(
    "end user users software product products license licence agreement terms eula "
    "conditions of and for the use master general standard service services "
    "subscription online pre-release evaluation".split())


def _join_caps_title_parts(blocks: list[_Block], text: str) -> None:
    """Join a title in capitals to a line in capitals under it that cannot start a title
    of its own, as it opens with a joining word ("ISAAC SUPPLEMENT" over "TO SOFTWARE
    LICENSE AGREEMENT FOR NVIDIA SOFTWARE DEVELOPMENT KITS", a blank line between)."""
    index = 1
    while index < len(blocks):
        head, tail = blocks[index - 1], blocks[index]
        index += 1
        if head.label is not None or tail.label is not None \
                or head.kind not in ("heading", "paragraph") \
                or tail.kind not in ("heading", "paragraph") or head.lines > 2 or tail.lines > 2:
            continue
        first = " ".join(text[head.start:head.end].split())
        second = " ".join(text[tail.start:tail.end].split())
        if not (first.isupper() and second.isupper() and _is_caps_heading(first)
                and _is_caps_heading(second)
                and second.split()[0].lower() in _JOINING_WORDS
                and len(first.split()) + len(second.split()) <= 20
                and text.count("\n", head.end, tail.start) <= 2):
            continue
        head.end, head.lines = tail.end, head.lines + tail.lines
        head.kind, head.style, head.heading = "heading", "caps", f"{first} {second}"
        del blocks[index - 1]
        _renumber(blocks)
        index -= 1


_JOINING_WORDS = frozenset("to for of and or on in under with by from".split())


def _split_title_lines(blocks: list[_Block], text: str) -> None:
    """Split the two lines in capitals a text's header may stack without a blank line
    between them when each is a title of its own: the kind of document over the name of
    the product ("MICROSOFT PRE-RELEASE SOFTWARE LICENSE TERMS" over "MICROSOFT VISUAL
    STUDIO CODE REMOTE DEVELOPMENT EXTENSIONS"). "END USER LICENSE AGREEMENT\nFOR ..."
    goes on with the first line and stays one title."""
    for index, block in enumerate(blocks):
        if block.label is not None:
            return  # only the header, before the first numbered clause
        if block.kind not in ("paragraph", "heading") or block.lines != 2:
            continue
        first, second = (line.strip() for line in text[block.start:block.end].strip()
                         .split("\n", 1))
        if not (first.isupper() and second.isupper() and _is_caps_heading(first)
                and _is_caps_heading(second) and _TITLE_NOUN_END.search(first)
                and second.split()[0].lower() not in _LAYOUT.title_small_words
                and second.split()[0].lower() not in _RUN_ON_WORDS):
            continue
        if all(w.lower() in _GENERIC_TITLE_WORDS for w in first.split()):
            continue  # "END USER LICENSE AGREEMENT" is completed by the name under it
        cut = text.index("\n", block.start, block.end)
        tail = _Block(text.index(second, cut), block.end, block.indent, "heading",
                      style="caps", heading=second)
        block.end, block.lines = cut, 1
        block.kind, block.style, block.heading = "heading", "caps", first
        blocks.insert(index + 1, tail)
        _renumber(blocks)
        return


def _document_title(flat: str, lines: int) -> bool:
    """Tell whether the first paragraph of a text is its title: one to three short lines
    that name a licence, agreement or terms ("ADOBE\nPersonal Computer Software License
    Agreement", "Open Software License v. 2.1") and hold no sentence."""
    words = flat.split()
    return lines <= 3 and 0 < len(words) <= 25 and _TITLE_NOUN.search(flat) is not None \
        and not flat.endswith((",", ";", ":")) and _SENTENCE_INSIDE.search(flat) is None \
        and not (flat.endswith(".") and not _ABBREVIATION.fullmatch(words[-1])) \
        and not any(w.lower() in _MODALS for w in words)


# A question standing alone over a paragraph titles it, as in terms of service written
# as questions and answers ("What can I do with the model?").
_QUESTION_TITLE = regex.compile(
    r"(?:What|How|Who|Whom|Whose|When|Where|Why|Which|Can|Could|May|Do|Does|Is|Are|Will|"
    r"Should|Must)\b[^.;:!?\n]{1,100}\?")


def _standalone_phrase(line: str, longest: int = 6) -> bool:
    """Tell whether a line that stands alone between blank lines reads as a title in
    sentence case ("Who we are", "Registration and access"): a short phrase that starts
    with a capital and holds no sentence mark. Alone on its line, such a phrase titles
    what follows; inside a paragraph it would need a capitalised form to be one. Up to
    ``longest`` words (a longer phrase is asked of the caller to have no verb)."""
    words = line.split()
    return 0 < len(words) <= longest and line[:1].isupper() and not _NOT_A_TITLE.match(line) \
        and not any(c in line for c in ".;:!?") and not line[-1:].isdigit() \
        and words[-1].lower() not in _RUN_ON_WORDS


# The style of a one-line list's items, by the label it starts from ("1" is "num").
_CHAIN_KIND = {"i": "lroman", "I": "uroman", "a": "lalpha", "A": "ualpha"}


def _inline_lists(blocks: list[_Block], text: str) -> list[_Block]:
    """Cut lists written inside one clause ("You may not: (a) sell it; (b) rent it").

    A list is cut when a colon or dash introduces it, or when each of its items is a
    sentence of its own ("2. Other Use. (a) Training. ... (b) Evaluations. ..."), and
    only when its labels run in sequence from the first ("(a)", "(b)" ... or "(i)",
    "(ii)" ...): "subsections (a) and (b)" in running text is a reference, not a list.
    Each item becomes a child of the clause it was written in, which keeps the lead-in
    as its own text; an item may hold a list of its own ("3) caused by: i) ...").
    """
    out: list[_Block] = []
    parents: dict[int, _Block] = {}

    def cut(block: _Block, depth: int) -> None:
        out.append(block)
        if block.kind == "heading" or block.style == "line" or depth > 3:
            return
        body = _body_start(text, block)
        # A list needs a first label, "a)", "i)" or "1)": most clauses have none.
        if text.find("a)", body, block.end) < 0 and text.find("i)", body, block.end) < 0 \
                and text.find("1)", body, block.end) < 0 \
                and text.find("(A)", body, block.end) < 0 and text.find("(I)", body, block.end) < 0:
            return
        chain, in_sentence = _inline_chain(text, body, block.end)
        if not chain:
            return
        block_end, block.end = block.end, chain[0][0]
        after = _after_list(text, chain[-1][0], block_end) if in_sentence else None
        for n, (start, value, written) in enumerate(chain):
            end = chain[n + 1][0] if n + 1 < len(chain) else (after or block_end)
            kind = "num" if value.isdigit() else _CHAIN_KIND[chain[0][1]]
            item = _Block(start, end, block.indent + 4, "item", label=written,
                          style=("paren-" if written.startswith("(") else "close-") + kind,
                          path_part=value)
            parents[id(item)] = block
            cut(item, depth + 1)
        if after is not None:
            # The sentence after a list introduced by a colon is the clause's again, and
            # so is the next list it introduces ("... ; or (c) is public. This does not
            # apply to information that: (a) ...").
            rest = _Block(after, block_end, block.indent + 4, "paragraph")
            parents[id(rest)] = block
            cut(rest, depth + 1)
            if rest.end < block_end and _ends_with_colon(text, rest):
                rest.style = "lead-in"  # its items are numbered in the clause

    for block in blocks:
        cut(block, 0)
    index_of = {id(block): index for index, block in enumerate(out)}
    for index, block in enumerate(out):
        block.index = index
        if id(block) in parents:
            block.inline_of = index_of[id(parents[id(block)])]
    return out


_SENTENCE_BEFORE = regex.compile(r"[.;:]\s*(?:(?:and|or)\s*)?$")


@dataclass
class _Chain:
    labels: list[tuple[int, str, str]]
    roman: bool
    bracketed: bool
    sentences: bool  # each item must be a sentence of its own


_SENTENCE_STOP = regex.compile(r"[.!?][\"'\u201d\u2019)]?[ \t\n]+(?=[\"'\u201c(]?\p{Lu})")


def _after_list(text: str, last: int, end: int) -> int | None:
    """Where the sentence that holds a colon-introduced list ends, when another list
    follows in the text after it; None when nothing of the kind comes after."""
    stop = _SENTENCE_STOP.search(text, last, end)
    if stop is None or not _inline_chain(text, stop.end(), end)[0]:
        return None
    return stop.end()


def _inline_chain(text: str, start: int, end: int) -> tuple[list[tuple[int, str, str]], bool]:
    """Return the labels of the first list written inside text[start:end], or [], and
    whether a colon or dash introduced it (its items are parts of one sentence).

    Lists may nest ("that: (i) ...; (ii) ... prove: (a) ...; (b) ..." inside item (a)
    of an outer list), so every label either goes on with the innermost open list that
    expects it, closing lists opened inside that one, or opens a list of its own; the
    first list of two or more items is the one written at the top. Labels that do
    neither are references ("Section 2(b)") and are passed over.
    """
    chains: list[_Chain] = []
    open_chains: list[_Chain] = []
    for m in _INLINE_LABEL.finditer(text, start, end):
        value = m.group(2)
        written = m.group(0).strip()
        bracketed = m.group(1) is not None
        before = text[max(start, m.start() - 12):m.start()]
        sentence_before = _SENTENCE_BEFORE.search(before) is not None
        for k in range(len(open_chains) - 1, -1, -1):
            chain = open_chains[k]
            if value == _successor(chain.labels[-1][1], roman=chain.roman) and (
                    chain.bracketed == bracketed) and (not chain.sentences or sentence_before):
                del open_chains[k + 1:]
                chain.labels.append((m.start(), value, written))
                break
        else:
            if value not in ("a", "i", "1", "A", "I"):
                continue
            lead = text[start:m.start()].rstrip()
            if lead.endswith((":", "\u2014", "-")):
                sentences = False
            elif lead and sentence_before:
                sentences = True
            else:
                continue
            chain = _Chain([(m.start(), value, written)], roman=value in ("i", "I"),
                           bracketed=bracketed, sentences=sentences)
            chains.append(chain)
            open_chains.append(chain)
    found = next((c for c in chains if len(c.labels) >= 2), None)
    return (found.labels, not found.sentences) if found is not None else ([], False)


def _successor(part: str, roman: bool) -> str | None:
    if part.isdigit():
        return str(int(part) + 1)
    if roman and part.isupper():
        following = _successor(part.lower(), roman=True)
        return following.upper() if following else None
    if roman:
        numerals = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]
        return numerals[numerals.index(part) + 1] if part in numerals[:-1] else None
    return chr(ord(part) + 1) if len(part) == 1 and part < "z" else None


# Enumerators that number sections rather than the items of a list, highest first: a
# numbered title closes the lists of lower rank before it.
_STYLE_RANK = {"section-word": 0, "cjk-number": 0, "decimal": 1, "dot-uroman": 2,
               "dot-ualpha": 3}


def _is_start(part: str | None) -> bool:
    return part is not None and part in _LAYOUT.sequence_starts


def _ends_with_colon(text: str, block: _Block) -> bool:
    return text[block.start:block.end].rstrip().endswith(":")


def _place_labelled(stack: list[_Block], block: _Block, text: str, markdown: bool) -> bool:
    """Pop ``stack`` to where a labelled block belongs; False when it is body text.

    Sequence continuity decides before indentation: the next label of an open list is
    its next item wherever it is written ("v." flush left after an indented "iv."), and
    the first label of a sequence ("1.", "a.", "i.") under an open clause opens a list
    inside it ("ii. redistribute:" followed by "1." ... "3."). A label that does neither
    is a gap in the numbering of the nearest list of its style at its indentation.
    """
    # A bullet owns only what is indented deeper than itself: "1. INSTALLATION" after a
    # bullet list is no item of its last bullet.
    while stack and stack[-1].style in ("bullet", "line") and stack[-1].indent >= block.indent:
        stack.pop()
    # Lists under an earlier major heading are closed; a minor heading sits inside one.
    floor = max((i + 1 for i, b in enumerate(stack) if b.kind == "heading" and not b.minor),
                default=0)
    same = [i for i in range(len(stack) - 1, floor - 1, -1)
            if stack[i].style == block.style and stack[i].label is not None]
    previous = _predecessor(block.path_part or "")
    # The predecessor written at this indentation or less first: a nested list's "1."
    # must not take the "2." of the list around it.
    matches = [i for i in same if previous is not None and stack[i].path_part == previous]
    continued = next((i for i in matches if stack[i].indent <= block.indent + 1),
                     matches[0] if matches else None)
    if continued is None and markdown and block.style == "decimal":
        # Markdown renders "1. 1. 1." as 1, 2, 3: the same indentation continues a list.
        continued = next((i for i in same if stack[i].indent == block.indent), None)
    starts = _is_start(block.path_part)
    if continued is not None and not (
            starts and block.indent >= stack[continued].indent + 2):
        del stack[continued:]
        return True
    if starts and same:
        nearest = same[0]
        if (nearest < len(stack) - 1 or block.indent >= stack[nearest].indent + 2
                or _ends_with_colon(text, stack[nearest])
                # "3. Restrictions." alone, then at once "1. If You distribute ...": a
                # title over a list numbered afresh is that list's heading.
                or ((block.path_part or "").isdigit()
                    and stack[nearest].path_part != "0"
                    and not stack[nearest].children
                    and _is_title_only(text, stack[nearest]))):
            return True  # a new list inside the clause on top of the stack
        del stack[nearest:]  # the same list numbered again from its start
        return True
    if starts or not same:
        if block.style == "decimal" and (block.label or "").isdigit() and not starts:
            # A bare number that starts nothing and continues nothing ("30 days ...").
            return False
        return True
    aligned = next((i for i in same if stack[i].indent <= block.indent + 1), None)
    if aligned is None:
        return True
    del stack[aligned:]
    return True


def _sibling_of_owner(stack: list[_Block], block: _Block) -> bool:
    """Tell whether a title line is a sibling of the title the open list sits under: in
    a text of title lines that letters a list under one of them ("Obsidian" over "A.",
    "B.", "C."), the next title line ("Catalyst") closes that list."""
    owner = next((b for b in reversed(stack) if b.kind == "heading"), None)
    return owner is not None and not owner.minor and owner.style == block.style \
        and not owner.label and all(
            b.style is not None and b.style.endswith(("alpha", "roman"))
            for b in stack[stack.index(owner) + 1:] if b.label)


def _tree(blocks: list[_Block], text: str, markdown: bool = False) -> None:
    """Nest blocks by sequence continuity, headings, lead-ins and indentation."""
    stack: list[_Block] = []
    seen_structure = False
    has_md_headings = any((b.style or "").startswith("md-h") for b in blocks)
    for index, block in enumerate(blocks):
        if block.inline_of is not None:
            block.parent = block.inline_of
            blocks[block.inline_of].children.append(index)
            block.heading = _inline_heading(text, block)
            continue
        _resolve_style(block, stack)
        if block.after_rule:
            stack.clear()
        if block.kind == "heading" and (
                (block.style == "caps" and has_md_headings)
                or (block.style in ("title", "bold") and seen_structure
                    and not _sibling_of_owner(stack, block))
                # "DISCLAIMER OF WARRANTIES:" inside a numbered section introduces what
                # follows within it; it closes no section.
                or (block.style == "caps" and seen_structure and not block.label
                    and _ends_with_colon(text, block))):
            block.minor = True
        if block.kind == "heading" and block.minor:
            # A bold or capitals line inside a numbered section titles what follows
            # within that section: it closes list items and lead-ins, not the section.
            while stack and stack[-1].kind != "heading" and not stack[-1].section_like:
                stack.pop()
            rank = _heading_rank(block, has_md_headings)
            while stack and stack[-1].kind == "heading" and (
                    stack[-1].minor or _heading_rank(stack[-1], has_md_headings) >= rank):
                stack.pop()
            block.parent = stack[-1].index if stack else None
            stack.append(block)
        elif block.kind == "heading":
            rank = _heading_rank(block, has_md_headings)
            # A heading closes everything opened since the last heading of its rank or above.
            while stack and not (stack[-1].kind == "heading" and not stack[-1].minor
                                 and _heading_rank(stack[-1], has_md_headings) < rank):
                stack.pop()
            block.parent = stack[-1].index if stack else None
            stack.append(block)
            if block.label:
                seen_structure = True
        elif block.label is not None:
            if block.absolute_path:
                depth = block.path_part.count(".") if block.path_part else 0
                while stack and not (
                    stack[-1].kind == "heading"
                    or (stack[-1].absolute_path and (stack[-1].path_part or "").count(".") < depth)
                    or (stack[-1].style in ("decimal", "section-word") and depth > 0
                        and (block.path_part or "").startswith((stack[-1].path_part or "") + "."))
                ):
                    stack.pop()
                placed = True
            elif block.style == "bullet":
                while (stack and stack[-1].kind != "heading"
                       and stack[-1].indent >= block.indent and stack[-1].style == "bullet"):
                    stack.pop()
                placed = True
            else:
                if _is_title_only(text, block) and stack and stack[-1].style == "lead-in" and (
                        _is_caps_heading(text[_body_start(text, block):block.end])
                        or any(blocks[c].label is None for c in stack[-1].children)):
                    # "1. DEFINITIONS" is a section title, never an item of the lead-in
                    # before it (a form line such as "Point of Contact:"), and neither is
                    # a numbered title after the paragraphs a lead-in introduced.
                    while stack and stack[-1].style == "lead-in":
                        stack.pop()
                rank = _STYLE_RANK.get(block.style or "", len(_STYLE_RANK))
                if rank < len(_STYLE_RANK) and _is_start(block.path_part) and (
                        _title_like(text[_body_start(text, block):block.end])
                        or (stack and stack[-1].label and block.indent <= stack[-1].indent
                            and (stack[-1].parent is None
                                 or blocks[stack[-1].parent].kind == "heading"))):
                    # "1. DEFINITIONS" opens the numbered sections; it is no item of the
                    # lower-ranked list before it ("(iii) A limited licence ...", "E.
                    # LIMITS. You can ..."), unless that item is itself a title or
                    # introduced it with a colon.
                    while stack and stack[-1].kind != "heading" and stack[-1].label \
                            and _STYLE_RANK.get(stack[-1].style or "", len(_STYLE_RANK)) > rank \
                            and not stack[-1].title_only \
                            and not _ends_with_colon(text, stack[-1]):
                        stack.pop()
                    # A lead-in whose own list ("... warrant that: (a) ... (c) ...") is
                    # of lower rank ends with it: "1. Provision of the Services." is no
                    # item of "you represent and warrant that:".
                    while stack and stack[-1].style == "lead-in" and any(
                            blocks[c].label for c in stack[-1].children) and all(
                            _STYLE_RANK.get(blocks[c].style or "", len(_STYLE_RANK)) > rank
                            for c in stack[-1].children if blocks[c].label):
                        stack.pop()
                if block.style == "cjk-number":
                    # "二、知识产权" numbers the parts of a Chinese text: no list is open
                    # above it but one of its own kind.
                    while stack and stack[-1].kind != "heading" \
                            and stack[-1].style != "cjk-number":
                        stack.pop()
                elif block.style == "section-word" and any(
                        b.style == "cjk-number" for b in stack):
                    # A bilingual text numbers each part twice ("二、知识产权", then
                    # "Section II Intellectual Property Rights"): both are parts.
                    while stack and stack[-1].kind != "heading":
                        stack.pop()
                placed = _place_labelled(stack, block, text, markdown)
            if not placed:
                block.label = block.style = block.path_part = None
                _attach_paragraph(stack, block, text, blocks)
            else:
                seen_structure = True
                block.parent = stack[-1].index if stack else None
                parent = blocks[block.parent] if block.parent is not None else None
                # "2. LICENSE GRANT:" is a title that ends in a colon, not a lead-in.
                under_lead_in = parent is not None and parent.kind != "heading" and (
                    not parent.title_only) and _ends_with_colon(text, parent)
                if block.heading is None and not (block.title_only and not under_lead_in):
                    block.heading = _inline_heading(text, block)
                if under_lead_in:
                    # An item of a list may still be a category title ("I. Weapons
                    # Development" over its own items, "I. Grant of license" over its
                    # body); it stays an item.
                    block.title_only = False
                    body = text[_body_start(text, block):block.end].strip()
                    if block.heading is None and _is_title_only(text, block) and (
                            "\n" in body or _title_like(body) or (block.body_below and _title_like(
                                body, sentence_case=len(body.split()) <= 6))):
                        block.heading = _body_title(text, block)
                elif block.style != "bullet":
                    block.title_only = block.title_only or _is_title_only(text, block)
                    if block.title_only and block.heading is None \
                            and _sentence_without_body(text, block, blocks, index):
                        block.title_only = False
                    if not block.title_only and block.heading is None and _wrapped_title(
                            text[_body_start(text, block):block.end]) and not (
                                _sentence_without_body(text, block, blocks, index, True)):
                        block.title_only = True
                    if block.title_only and block.heading is None:
                        block.heading = _body_title(text, block)
                    block.section_like = (
                        block.title_only or block.heading is not None
                        or block.style == "section-word" or block.absolute_path
                        or parent is None or parent.kind == "heading")
                stack.append(block)
        else:
            _attach_paragraph(stack, block, text, blocks)
            if not seen_structure and block.kind == "paragraph":
                block.kind = "preamble"
        if block.parent is not None:
            blocks[block.parent].children.append(index)
        if block.heading is None and block.kind in ("paragraph", "preamble"):
            block.heading = _inline_heading(text, block)
        definition = _DEFINITION.match(text, _body_start(text, block), block.end)
        if definition and block.kind != "heading":
            block.defines = definition.group(1).strip()
            if block.kind in ("paragraph", "preamble"):
                block.kind = "definition"
        if block.kind in ("paragraph", "preamble") and _ACCEPTANCE.search(text, block.start,
                                                                          block.end):
            block.kind = "acceptance"
        if block.kind == "item" and block.label is not None and (
            block.parent is None or blocks[block.parent].kind == "heading"
            or block.title_only
        ):
            block.kind = "section"


_LIST_GOES_ON = regex.compile(r"(?:;|;[ \t]*(?:and|or)|,[ \t]*(?:and|or))\Z")
_CONNECTOR = regex.compile(r"\s*(?i:and|or|and/or|and\s+or)[;,]?\s*")


_AGREE_AS_FOLLOWS = regex.compile(r"(?i)\bagree[sd]?\s{1,3}as\s{1,3}follows\s{0,3}:\s*\Z")


def _attach_paragraph(stack: list[_Block], block: _Block, text: str,
                      blocks: list[_Block]) -> None:
    """Attach an unlabelled paragraph: a section owns it, a list ends before it.

    A section is its title plus everything up to the next section of the same or a higher
    level, so a paragraph stays in the open section unless it is written less indented
    than the section's label. A list item or lead-in owns only paragraphs indented deeper
    than itself; a paragraph at its indentation ends the list.
    """
    if _CONNECTOR.fullmatch(text, block.start, block.end):
        # A lone "and" or "or" between two items joins them; it ends nothing.
        block.parent = stack[-1].index if stack else None
        return
    while stack and stack[-1].kind != "heading":
        top = stack[-1]
        if top.section_like:
            # A numbered title line may be indented or centred over a flush-left body
            # ("    2. Limitations." over its paragraphs): its indentation says nothing.
            if top.indent > block.indent and not (top.title_only and top.label is not None) \
                    and not _hangs_at(text, top, block.indent):
                stack.pop()
                continue
            break
        if top.indent >= block.indent and (top.label is not None or top.style in (
                "lead-in", "line")):
            if _ends_with_colon(text, top) and not top.children:
                # "... the following notice:" owns the paragraph it introduces; the
                # paragraphs after that are the text's again.
                break
            last_item = blocks[top.children[-1]] if top.children else None
            if top.style == "lead-in" and last_item is not None and _LIST_GOES_ON.search(
                    text[last_item.start:last_item.end].rstrip()):
                # Items that lost their labels ("... the following conditions:", then
                # "You must give ... this License; and"): a paragraph after one that
                # ends in "; and" is the next item of the same list.
                break
            stack.pop()
            continue
        break
    block.parent = stack[-1].index if stack else None
    if block.style != "line" and _ends_with_colon(text, block) \
            and _AGREE_AS_FOLLOWS.search(text, block.start, block.end) is None:
        # A lead-in such as "You agree not to use the Model:" owns the list after it
        # ("NOW THEREFORE, the parties agree as follows:" opens the whole agreement).
        block.style = "lead-in"
        stack.append(block)


_LINE_INDENT = regex.compile(r"\n([ \t]*)(?=\S)")


def _hangs_at(text: str, block: _Block, indent: int) -> bool:
    """Tell whether a clause whose first line is indented ("  2. You may modify ...")
    wraps its other lines at ``indent`` or less, as the GNU licences do: a paragraph
    there is still the clause's."""
    m = _LINE_INDENT.search(text, block.start, block.end)
    return m is not None and len(m.group(1).expandtabs(4)) <= indent


def _is_title_only(text: str, block: _Block) -> bool:
    """Tell whether a labelled block holds only a title ("4. Termination of Rights.")."""
    return bool(_remembered(text, block, "title", _holds_only_a_title))


def _remembered(text: str, block: _Block, what: str,
                compute: Callable[[str, _Block], Any]) -> Any:
    """Return ``compute(text, block)``, worked out once per label and end of the block."""
    key = (what, block.label, block.end)
    if key not in block.memo:
        block.memo[key] = compute(text, block)
    return block.memo[key]


def _sentence_without_body(text: str, block: _Block, blocks: list[_Block], index: int,
                           wrapped: bool = False) -> bool:
    """Tell whether a clause that reads as a title in sentence case is a short sentence:
    it ends with a stop and the next clause is its sibling, so nothing stands under it
    ("4.1 This agreement lasts until ended." over "4.2 We may end it ..."). A title in
    Title Case or capitals keeps its reading. (With ``wrapped``, for a title wrapped over
    two lines, only the sibling after it is asked for.)"""
    body = " ".join(text[_body_start(text, block):block.end].split())
    if not wrapped and (not body.endswith(".") or "\n" in text[block.start:block.end].strip()
                        or body.isupper() or _strict_title_case(body.rstrip("."))):
        return False
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    return following is None or (following.label is not None
                                 and following.style == block.style)


# Words of a sentence that a long title may still hold ("Parts of the Licensed Software
# that are permitted ...", "... Form that is Incompatible With ..."): the copulas.
_WRAPPED_TITLE_VERBS = frozenset(_LAYOUT.sentence_words) - frozenset(
    "is are was were be been".split())


def _wrapped_title(body: str) -> bool:
    """Tell whether a clause's one or two lines are one long title, wrapped at the margin
    ("Distributing Source Code Form that is\nIncompatible With Secondary Licenses") or
    not ("Parts of the Licensed Software that are permitted for distribution"): a long
    first line, a shorter second, no sentence mark, no modal or pronoun, and nothing
    after the last word. Only a clause with something under it is asked."""
    lines = [line.strip() for line in body.strip().split("\n")]
    # (Three lines when a rewrapped text breaks the title's own wrap again.)
    if len(lines) > 3 or (len(lines) > 1 and (
            len(lines[0]) < 30 or any(not line or len(line) > len(lines[0])
                                      for line in lines[1:]))):
        return False
    flat = " ".join(" ".join(lines).split())
    words = flat.split()
    return 4 <= len(words) <= 18 and flat[:1].isupper() and not flat.isupper() \
        and (flat[-1:].isalnum() or flat.endswith(")")) \
        and _SENTENCE_INSIDE.search(flat) is None and not any(c in flat for c in ";:!?") \
        and _NOT_A_TITLE.search(flat) is None and not flat.startswith(("(", "[")) \
        and not any(w.lower().strip("()\"',") in _WRAPPED_TITLE_VERBS for w in words) \
        and words[0].lower() not in _CLAUSE_OPENERS \
        and words[-1].lower() not in _RUN_ON_WORDS and words[-1].lower() not in _LEAD_IN_ENDS


# A lead-in broken off before its list ("This limitation applies to", "The Contributor
# hereby represents that") is no title.
_LEAD_IN_ENDS = frozenset("to that which who whom whose following below as".split())


def _holds_only_a_title(text: str, block: _Block) -> bool:
    if block.end - block.start > 400:
        return False  # a title never runs this long; spare the slicing of long bodies
    body = text[_body_start(text, block):block.end].strip().lstrip(_TITLE_LEAD).strip()
    if "\n" in body:
        # A title in capitals may wrap: "4. DISCLAIMER OF WARRANTIES AND LIABILITIES;
        # WAIVER AND\nINDEMNIFICATION".
        flat = " ".join(body.split())
        if body.count("\n") >= 3 or flat.endswith((",", ";")):
            return False
        # In sentence case only over two lines ("6.0 Fair dealing, Database exceptions,
        # and other\nrights not affected").
        return (len(flat.split()) <= 20 and (_is_caps_heading(flat[:120]) or (
            flat.isupper() and _title_like(flat)))) or (
            len(flat.split()) <= 14 and _title_like(flat, sentence_case=body.count("\n") == 1))
    return _title_like(body, sentence_case=True)


def _body_title(text: str, block: _Block) -> str | None:
    body = " ".join(text[_body_start(text, block):block.end].split())
    return _unbracket(body.lstrip(_TITLE_LEAD).rstrip(".:").strip()) or None


def _heading_rank(block: _Block, has_md_headings: bool = False) -> int:
    """Rank a heading: "#" to "######" by level; in a text with such headings, capitals,
    bold and title lines rank below them all, elsewhere above everything."""
    if block.style and block.style.startswith("md-h"):
        return block.level
    return 7 if has_md_headings else 0


def _body_start(text: str, block: _Block) -> int:
    return int(_remembered(text, block, "body", _find_body_start))


def _find_body_start(text: str, block: _Block) -> int:
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


# A bold title closes its marks after the stop ("**Permitted Uses.**  Subject to").
# An abbreviation's stops end no title ("U.S. export jurisdiction. The Services ...").
# A stop may lack the space after it ("Defensive Suspension:If Licensee ...").
_RUN_IN = regex.compile(
    r"((?:(?<![\w.])[A-Z]\.(?:[A-Z]\.)+|[^\n.:!?]){2,80}?)[.:](?:\*\*|__)?"
    r"(?=[ \t\n]+[\"'(\u201c]?[A-Z0-9]|(?<=\p{Ll}{2}[.:])\p{Lu}\p{Ll}+[ \t])")
# A labelled clause's run-in title may wrap once ("4. Media and formats; technical
# modifications\n allowed. The Licensor ...").
_RUN_IN_WRAPPED = regex.compile(
    r"([^\n.:!?]{2,80}?(?:\n[ \t]*[^\n.:!?]{1,60}?)?)[.:](?:\*\*|__)?"
    r"(?=[ \t\n]+[\"'(\u201c]?[A-Z0-9])")


_TITLE_STOP = regex.compile(r"[.:?\-\u2013\u2014\uff1a]")
# A definitions-list entry ("1.2 模型:是指 ...", "model: means") has a term, no title.
_CJK_RUN_IN = regex.compile(
    r"(\p{Han}[\p{Han}\u201c\u201d\u3001]{0,15})[:\uff1a](?=[ \t]*\S)"
    r"(?![ \t]*(?:\u662f\u6307|\u7cfb\u6307|\u6307\u7684\u662f|\u610f\u6307|\u6307|\u5305\u62ec))")
_QUESTION_BODY = regex.compile(r"[ \t]+[\"'(\u201c]?\p{Lu}")
_CAPS_RUN_IN_WRAPPED = regex.compile(
    r"([^\n.:!?\p{Ll}]{2,100}\n[ \t]*[^\n.:!?\p{Ll}]{1,80}?)[.:](?=[ \t\n]+\S)")
_RUN_IN_COLON = regex.compile(r"(\p{Lu}[^\n.:!?;,]{1,50}?):[ \t]+(?=\p{Ll})")


def _inline_heading(text: str, block: _Block, sentence_case: bool = True) -> str | None:
    """Find a run-in title such as 'Grant of Rights.' at the start of a clause's body.

    A labelled clause takes a Title Case or capitals run ending in "." or ":" (its body
    follows, or nothing does). With ``sentence_case`` it also takes a short phrase in
    sentence case ("Minimum age. You must be 13"), and so does an unlabelled paragraph;
    both need a sentence after the title, so a one-line list item is never a title.
    """
    start = _body_start(text, block)
    if block.label is not None and text.startswith("\n", start):
        # "a.\nDistribution & Attribution. If You ...": a label that ends a line of a
        # rewrapped text, its title on the next.
        while start < block.end and text[start] in " \t\n":
            start += 1
    if text.startswith(("**", "__"), start):
        start += 2  # "2.1 **Unmodified Software.** You may ...": the marks are margin
    limit = min(block.end, start + 160)
    # Every title ends in ".", ":" or a dash (or in an abbreviation's stop): a body with
    # none of them near its start has none, and most bodies are ruled out here at C speed.
    if _TITLE_STOP.search(text, start, limit) is None:
        return None
    if block.label is not None:
        m = _HEADING_TITLE.match(text, start, limit)
        if m:
            title: str = m.group(1).strip()
            words = title.split()
            if words and words[0].lstrip(".")[:1].isupper() and len(words) <= 12:
                return title
        else:
            m = _HEADING_TITLE_LONG.match(text, start, limit)
            if m and not m.group(1).isupper() and all(
                    w[:1].isupper() or w.lower() in _LAYOUT.title_small_words
                    for w in m.group(1).split()) and not any(
                    w.lower() in _LAYOUT.sentence_words for w in m.group(1).split()):
                return " ".join(m.group(1).split())
        # "2.1 著作权许可:每个贡献者 ...": a Chinese title run in by a colon.
        m = _CJK_RUN_IN.match(text, start, limit)
        if m:
            return m.group(1)
        # "1.1. Who are You? Because all Apps ...": a question run in as the title.
        m = _QUESTION_TITLE.match(text, start, limit)
        if m and _QUESTION_BODY.match(text, m.end(), limit):
            return " ".join(m.group().split())
    if not sentence_case:
        return None
    if block.label is None and _DATE_LINE.match(text[start:limit]) is not None:
        return None  # "Last Update: December 30, 2021" dates the text
    if block.label is None:
        # "LIMITATION DES DOMMAGES-INTÉRÊTS ET EXCLUSION DE RESPONSABILITÉ POUR LES
        # DOMMAGES. Vous pouvez ...": a title in capitals may run longer than one in
        # sentence case.
        m = _HEADING_TITLE.match(text, start, limit)
        if m and m.end(1) - start > 80 and m.group(1).isupper() \
                and _title_like(m.group(1)):
            return " ".join(m.group(1).split())
        # "ADDITIONAL TERMS APPLICABLE TO USERS LOCATED IN THE\nUNITED KINGDOM: If ...":
        # a title in capitals wrapped onto the line its body starts on.
        m = _CAPS_RUN_IN_WRAPPED.match(text, start, limit)
        if m and m.group(1).isupper():
            title = " ".join(m.group(1).split())
            if _title_like(title) and not _SENTENCE_INSIDE.search(title):
                return title
    m = (_RUN_IN_WRAPPED if block.label is not None else _RUN_IN).match(text, start, limit)
    if m and not _title_like(" ".join(m.group(1).split()), sentence_case=True) \
            and block.label is not None:
        m = None
    if not m:
        m = _HEADING_TITLE_DASH.match(text, start, limit)
        # Without a label, only a title in Title Case runs in by a dash ("No Implied
        # Subscription License – The Software ..."): "Acme – the fastest ..." is prose.
        if m and block.label is None and not (
                len(m.group(1).split()) >= 2 and _strict_title_case(m.group(1))
                and m.group(1)[:1].isalnum() and block.index > 0
                and not text.startswith(("Means", "MEANS"), m.end())):
            # '"Database Right" – Means ...' defines a term; a text's first line is its
            # name ("Open Data Commons – Public Domain Dedication ...").
            m = None
    if not m:
        # "Attribution right: the Licensee shall keep ...": a short title run into a
        # body in lower case by a colon.
        m = _RUN_IN_COLON.match(text, start, limit)
        if not m or len(m.group(1).split()) > 4:
            return _wh_title(text, start, limit)
    title = " ".join(m.group(1).split())
    if not title or len(title.split()) > 8 or not _title_like(title, sentence_case=True):
        return _wh_title(text, start, limit)
    if text[m.end() - 1] == "." and not text[m.end():m.end() + 1].isspace() and not (
            len(title.split()) >= 2 and _strict_title_case(title)):
        return None  # "Authorize.Net", "Boutell.Com": a name's stop, not a title's
    return title


_WH_TITLE = regex.compile(
    r"((?:What|How|Who|When|Where|Why|Which)\b[^.;:!?\n,\"]{1,60}?)\.(?=[ \t\n]+\p{Lu})")
_COPULAS = frozenset("is are was were be been".split())


def _wh_title(text: str, start: int, limit: int) -> str | None:
    """Read "What you can do. Subject to these Terms ..." as titled: a clause of "what",
    "how" or "who" titles what follows, though it has the verbs a title otherwise may
    not; "What you submit is yours." is a sentence (a copula before its last word)."""
    m = _WH_TITLE.match(text, start, limit)
    if m is None:
        return None
    words = m.group(1).split()
    if len(words) > 7 or any(w.lower() in _COPULAS for w in words[:-1]):
        return None
    return " ".join(words)


def _global_numbering(blocks: list[_Block]) -> None:
    """Mark titled parts transparent when the numbers under them run through the text.

    OpenRAIL's "Section I" ... "Section V" hold clauses 1 to 13 numbered without
    restarting: "7" is how the text cites clause 7, not "IV.7". When the numbered
    clauses under every part after the first go on from the part before, the parts
    group their clauses without prefixing their paths.
    """
    parts = [b for b in blocks if (b.style == "section-word" and b.title_only) or (
        b.kind == "heading" and b.label and _SECTION_WORD.match(b.label))]
    if len(parts) < 2:
        return
    firsts = []
    for part in parts:
        first = next((blocks[c] for c in part.children
                      if blocks[c].label is not None and blocks[c].style == "decimal"), None)
        firsts.append(first)
    if all(f is None for f in firsts[1:]) or any(
            f is not None and _is_start(f.path_part) for f in firsts[1:]):
        return
    for part in parts:
        part.transparent = True


def _numbering_parent(blocks: list[_Block], block: _Block, through_lead_in: bool) -> str:
    """Return the path a block's own label is appended to.

    Unlabelled headings and lead-in paragraphs group clauses without numbering them, so
    they are transparent in paths: "1.b.iv", never "h1.1.b.iv". A lead-in numbers what
    is written under it without a label (its lines "p1.b1") and, unless
    ``through_lead_in``, a one-line list cut from its own sentence.
    """
    parent = blocks[block.parent] if block.parent is not None else None
    while parent is not None and (
        (parent.kind == "heading" and not parent.label) or parent.style == "lead-in"
        or parent.transparent
    ):
        if parent.style == "lead-in" and (
                block.label is None or (block.inline_of is not None and not through_lead_in)):
            break
        parent = blocks[parent.parent] if parent.parent is not None else None
    return parent.path if parent is not None else ""


def _assign_paths(
    blocks: list[_Block], renumber: bool = False, reserved: set[str] | None = None
) -> set[str]:
    """Give every block its path and return the paths given to blocks not cut inline.

    A one-line list under an unlabelled lead-in is numbered through the lead-in ("16.a"
    for "(a)" in a definition of section 16) when ``reserved`` (the paths of the other
    clauses, from a first pass) does not already hold that path: "two steps: (1) ...,
    (2) ..." in a preamble must not take the paths of sections 1 and 2.
    """
    counters: dict[str, dict[str, int]] = {}
    used: set[str] = set()
    outer: set[str] = set()
    next_suffix: dict[str, int] = {}
    for block in blocks:
        parent_path = _numbering_parent(blocks, block, through_lead_in=False)
        if block.inline_of is not None and reserved is not None:
            through = _numbering_parent(blocks, block, through_lead_in=True)
            candidate = f"{through}.{block.path_part}" if through else str(block.path_part)
            if candidate not in reserved:
                parent_path = through
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
            if block.style in ("bullet", "line"):
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
        if block.inline_of is None:
            outer.add(unique)
    return outer


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
    _promote_headings(blocks, text, original, to_original)
    blocks = _inline_lists(blocks, text)
    _tree(blocks, text, markdown)
    _global_numbering(blocks)
    reserved = _assign_paths(blocks, renumber=markdown)
    if any(b.inline_of is not None for b in blocks):
        _assign_paths(blocks, renumber=markdown, reserved=reserved)
    _subtree_ends(blocks)
    sentence_doc = build_pipeline().make_doc(sentence_view(text))
    clause_spans: list[tuple[int, int]] = []
    clauses: list[Clause] = []
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
        heading = _clean_heading(block.heading)
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
    glossary = _glossary(text, original, to_original, clause_spans, clauses)
    return Segmentation(text=text, clauses=clauses, glossary=glossary, units=units,
                        clause_spans=clause_spans, lowered=lowered)


_WRAPPED_HYPHEN = regex.compile(r"(?<=\w)-\s+(?=\w)")


def _one_line(term: str) -> str:
    """A term as one reads it: a hard wrap is a space, "Non-\nCommercial" one word."""
    return _WRAPPED_HYPHEN.sub("-", " ".join(term.split()))


def _glossary(
    text: str, original: str, to_original: ToOriginal,
    clause_spans: list[tuple[int, int]], clauses: list[Clause],
) -> list[DefinedTerm]:
    """Build the glossary: every definition, in any of its forms, with its clause.

    Each term is placed in the clause whose own text holds it; the first definition of a
    term wins (:func:`licenseparse.glossary.find_definitions` keeps one per term).
    """
    starts = [s for s, _ in clause_spans]
    out = []
    for definition in find_definitions(text):
        at = bisect.bisect_right(starts, definition.term_start) - 1
        # An empty or trailing span holds nothing; fall back to the clause before it.
        while at > 0 and clause_spans[at][1] <= definition.term_start and (
                clause_spans[at][1] <= clause_spans[at][0]):
            at -= 1
        if at < 0:
            continue
        o_start, o_end = to_original(definition.start, definition.end)
        t_start, t_end = to_original(definition.term_start, definition.term_end)
        # Built from checked values; model_construct spares a validation per term.
        out.append(DefinedTerm.model_construct(
            term=_one_line(definition.term), clause_id=clauses[at].id, start=o_start,
            end=o_end, definition=original[o_start:o_end],
            aliases=[_one_line(a) for a in definition.aliases],
            licensee=definition.licensee, term_start=t_start, term_end=t_end,
            form=definition.form))
    return out


def _depth(blocks: list[_Block], block: _Block) -> int:
    depth = 0
    parent = block.parent
    while parent is not None:
        depth += 1
        parent = blocks[parent].parent
    return depth

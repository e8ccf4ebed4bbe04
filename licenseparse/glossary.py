"""Find the terms a licence text defines, with the offsets of each definition.

Licences define their vocabulary in a handful of recurring shapes: ``"X" means ...``,
``A "covered work" means ...``, ``To "propagate" a work means ...``, a definitions list
(``1.1. "Contributor" means ...`` or ``Model: the weights ...``), an unquoted
``Licensed Material means ...`` at the start of a list item, an ``As used herein,
"X" ...`` clause, the inline parenthetical ``the weights (the "Model")``, and the rarer
``is called "X"`` and ``is "X" if ...``. Less common shapes are recognised too: an
acronym spelled by the initials of the phrase before it (``monthly active users
(MAU)``), a sentence-case ``Political campaign material refers to ...``, an unquoted
``Representation is a ...`` inside a definitions list, a dash or colon entry whose
definition starts with a capital (``"Database" - A collection ...``), a parenthetical
or an "as used" phrase between the term and its verb (``"X" (if any) are ...``),
``The "X" is the ...``, and the Chinese definition verbs (``"X"是指``).

Older and looser drafting is read as well: terms quoted with two apostrophes
(``''X''``) or in the TeX manner (two backquotes, two apostrophes), two names in one
pair of quotes (``"Seat or Seats"``), several names side by side (``"Acme" "we" or
"us" means``) or as variants (``"Using" and its variants (such as "use") mean``), a
naming after a possessive, "so-called" or an adverb (``(your "Patches")``, ``defined
herein as "X"``), a plural subject named at the end of its sentence (``The files below
are "Shared Files."``), and "comprises" or "consists of" as definition verbs. Without
quote marks: a naming parenthesis (``(the Licence)``, ``to you (Licensee)``), an
explanation in one (``the Member Tool (meaning ...)``), an acronym before the words it
spells (``SLA (Service Level Agreement)``), ``defined herein as Partner Content``, ``A
Hosted Copy is one that ...``, ``For a binary, full source means ...``, a list entry
whose body is an infinitive (``ii. Evaluate: To run the tool ...``) and the Chinese
``此处的X是指``.

:func:`find_definitions` recognises those shapes and returns one :class:`Definition` per
term, with the offsets of the defining span and of the term itself, the other names it
is given, and whether it names the licensee.

A quoted phrase alone is not a definition: ``the "Software" is provided "AS IS"`` refers
to a term, and ``display "Built with Acme"`` quotes a title. Each shape therefore needs
its context: a definition verb right after the term, or after a few words when the term
heads its sentence; a parenthesis opened by "the", "hereinafter", "each a" ...; or a
naming verb ("is called") before it.

The scan works on quoted tokens (straight, curly, single, guillemet and corner-bracket
quotes, and Markdown bold), on parenthesised acronyms and on the starts of lines and
sentences; every pattern looks at a bounded window around such an anchor, so the cost
stays linear in the length of the text, adversarial input included. Nothing here depends
on spaCy or on the clause segmenter: the sentence rule is a simple one, and callers that
already have sentence or clause spans can pass them in.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import regex

__all__ = ["Definition", "find_definitions"]


# --- Scanning ------------------------------------------------------------------------
# The regex module finds a literal prefix quickly, but tests a character class or an
# alternation at every position of the text, which on a long licence costs more than all
# the rest of the work. The scans that run over a whole region therefore look first for
# the few characters a match can start with (str.find, or a pattern that opens with one
# literal), and try the full pattern only there.


def _marks(text: str, marks: str, lo: int, hi: int) -> list[int]:
    """The sorted positions of the characters ``marks`` in ``text[lo:hi]``. (str.find
    looks for one character with memchr; a mark the text cannot hold, such as a curly
    quote in a text of Latin-1 characters, costs nothing.)"""
    found: list[int] = []
    for mark in marks:
        at = text.find(mark, lo, hi)
        while at >= 0:
            found.append(at)
            at = text.find(mark, at + 1, hi)
    found.sort()
    return found


def _starts(patterns: Sequence[regex.Pattern[str]], text: str, lo: int, hi: int) -> list[int]:
    """The sorted start positions of the matches of ``patterns`` in ``text[lo:hi]``."""
    found = [m.start() for pattern in patterns for m in pattern.finditer(text, lo, hi)]
    found.sort()
    return found


def _finditer_at(
    pattern: regex.Pattern[str], text: str, starts: list[int], lo: int, hi: int
) -> Iterator[regex.Match[str]]:
    """The matches of ``pattern.finditer(text, lo, hi)``, for a pattern that never matches
    the empty string and can only start at one of the sorted positions ``starts``: the
    pattern is tried at each of them in turn, skipping those inside the previous match,
    which is what finditer does at every position."""
    end = lo
    for at in starts:
        if at < end:
            continue
        m = pattern.match(text, at, hi)
        if m is not None:
            yield m
            end = m.end()


@dataclass(frozen=True)
class Definition:
    """One defined term.

    ``start``/``end`` delimit the defining span (the sentence or list item that gives the
    definition, or for an inline definition the sentence holding the parenthetical);
    ``term_start``/``term_end`` delimit the term itself, quotes excluded, so
    ``text[term_start:term_end] == term``. ``aliases`` are the other names the same
    definition gives (``"You" (or "Your")``, ``"Licensee" or "you"``). ``licensee``
    tells whether the term names the person exercising the licence. ``form`` says which
    shape matched: ``means``, ``refers``, ``meaning`` (has the meaning), ``includes``
    (also "comprises", "consists of"), ``is``, ``to-verb``, ``as-used``, ``list``,
    ``unquoted``, ``called`` ('is called "X"', 'defined herein as X', 'are collectively
    "X".'), ``conditional`` ('is "X" if'), ``inline`` ('(the "X")', '(the X)', 'to you
    (Licensee)') or ``acronym`` ('monthly active users (MAU)', 'FAQ (Frequently Asked
    Questions)': the term is the acronym, the alias the phrase it abbreviates).

    Example:
        >>> d = Definition("Model", (), 0, 30, 1, 6, False, "means")
        >>> d.term, d.form
        ('Model', 'means')
    """

    term: str
    aliases: tuple[str, ...]
    start: int
    end: int
    term_start: int
    term_end: int
    licensee: bool
    form: str


# --- Quoted tokens -------------------------------------------------------------------
# Each branch pairs an opening mark with its own closing mark and never reads more than
# 80 characters, so a text full of unmatched quotes costs at most 80 steps per mark. A
# straight or single quote opens only after a non-word character and before a non-space,
# and closes only after a non-space and before a non-word character: an apostrophe
# ("Licensor's") or the closing quote of a pair never opens a new token, so one stray
# mark cannot flip the pairing of every later quote. An apostrophe inside a single-quoted
# term ('Adapter's License') is kept because it stands between two letters; any other
# inner mark ends the token, so a run of "'a 'a 'a" costs a few steps per mark. Bold
# never opens on a quote mark: in '**"Model"**' the quoted term is the token. Older texts
# quote with two apostrophes or in the TeX manner (''X'', ``X''), and some close a
# straight or curly double quote with two apostrophes ("X'', “X''); those branches
# come after the regular pairs, so a well-formed "X" is never read another way.
_QUOTED = regex.compile(
    r"""
      (?<![\w"])"(?=\S)(?P<t>(?:[^"\n]|\n(?![ \t]*\n)){0,79}[^"\s])"(?!\w)
    | (?<![\w"])"(?=[^\s"'])(?P<t>(?:[^"'\n]|\n(?![ \t]*\n)|(?<=\w)'(?=\w)){0,79}[^"'\s])''(?!\w)
    | (?:(?<![\w'])''|(?<!`)``)(?=[^\s'`])
      (?P<t>(?:[^"'`\n]|\n(?![ \t]*\n)|(?<=\w)'(?=\w)){0,79}[^"'`\s])''(?!\w)
    | \u201c(?P<t>[^\u201c\u201d]{1,80})\u201d
    | \u201c(?P<t>(?:[^\u201c\u201d'\n]|\n(?![ \t]*\n)|(?<=\w)'(?=\w)){1,80})''(?!\w)
    | \u201e(?P<t>[^\u201c\u201d\u201e]{1,80})[\u201c\u201d]
    | \u00ab(?P<t>[^\u00ab\u00bb]{1,80})\u00bb
    | \u300c(?P<t>[^\u300c\u300d]{1,80})\u300d
    | \u300e(?P<t>[^\u300e\u300f]{1,80})\u300f
    | \u2018(?P<t>(?:[^\u2018\u2019\n]|(?<=\w)\u2019(?=\w)){1,80})\u2019(?!\w)
    | (?<![\w'])'(?=\S)(?P<t>(?:[^'\n]|(?<=\w)'(?=\w)){0,79}[^'\s])'(?!\w)
    | (?P<bold>\*\*|__)(?=[^\s*_"'\u201c\u2018\u00ab\u300c\u300e])
      (?P<t>[^*_\n]{0,79}[^\s*_])(?P=bold)
    """,
    regex.VERBOSE,
)
# Every match of _QUOTED opens with one of these (see _finditer_at).
_QUOTED_OPEN = "\"'`\u201c\u201e\u00ab\u300c\u300e\u2018*_"
_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
# Trimmed from inside the marks: '« Logiciel »', '"Licensor."' and '“**Licensee**”' name
# "Logiciel", "Licensor" and "Licensee" (American punctuation puts the full stop inside
# the quotes; Markdown may put bold inside them).
_TRIM = " \t\r\n\u00a0\u202f.,;:*_"
_LETTER = regex.compile(r"\p{L}")
_STRAY_CLOSE = "'\u2019\u201d"
# Warranty boilerplate and similar quoted phrases that are never defined terms.
_NEVER_TERMS = frozenset({
    "as is", "as-is", "as available", "as-available", "with all faults", "where is",
    "as is, where is", "not a contribution",
})
_MAX_TERM_WORDS = 8


class _Token(NamedTuple):
    """A quoted (or bold) phrase: outer offsets with the marks, inner without. (A named
    tuple: a text may hold tens of thousands, and it is the cheapest record to build.)"""

    start: int
    end: int
    term_start: int
    term_end: int


def _quote_starts(text: str, lo: int, hi: int) -> list[int]:
    """Where a match of _QUOTED can start: its opening marks, less those it plainly
    rejects (a straight quote right after a letter or digit or its own kind, as in
    "Licensor's"; a single '*', '_' or '`', which open nothing)."""
    starts = []
    for at in _marks(text, _QUOTED_OPEN, lo, hi):
        mark = text[at]
        if mark in "\"'":
            if at > 0 and (text[at - 1] in _ASCII_WORD or text[at - 1] == mark):
                continue
        elif mark in "*_`" and text[at + 1:at + 2] != mark:
            continue
        starts.append(at)
    return starts


def _tokens(text: str, lo: int, hi: int) -> list[_Token]:
    tokens: list[_Token] = []
    # The group by number: the name is shared by every branch (one number), and a lookup
    # by number is several times cheaper on a text of tens of thousands of marks.
    term_group = _QUOTED.groupindex["t"]
    for m in _finditer_at(_QUOTED, text, _quote_starts(text, lo, hi), lo, hi):
        ts, te = m.span(term_group)
        raw = text[ts:te]
        stripped = raw.lstrip(_TRIM)
        ts += len(raw) - len(stripped)
        raw = stripped.rstrip(_TRIM)
        te = ts + len(raw)
        if not raw or "\n\n" in raw or "://" in raw:
            continue
        if not raw[0].isalpha() and not _LETTER.search(raw):
            continue
        if raw.count(" ") >= _MAX_TERM_WORDS and len(raw.split()) > _MAX_TERM_WORDS:
            continue
        if raw.casefold() in _NEVER_TERMS:
            continue
        end = m.end()
        # A stray closing mark after the pair ('“Offering Description”’ means') belongs
        # to the token, so the verb after it is still read as the term's.
        if end + 1 < hi and text[end] in _STRAY_CLOSE and text[end + 1] in " \t\r\n":
            end += 1
        tokens.append(_Token(m.start(), end, ts, te))
    return tokens


# --- Sentences -----------------------------------------------------------------------
# A full stop, question or exclamation mark (with any closing quotes or brackets) before
# whitespace and not before a lower-case word, unless it ends a common abbreviation (the
# test looks back from after the mark, so it runs only where a mark stands); the
# same at a line end before a lower-case list label ('... water.\n  c. Rain ...'); a
# CJK full stop; or a blank line. ';' and ':' are not boundaries: definitions hold
# enumerations ("(a) ...; or (b) ...") that belong to the same definition.
_BOUNDARY = regex.compile(
    r"""
      [.!?](?<!\b(?:Inc|Ltd|Co|Corp|e\.g|i\.e|E\.g|I\.e|U\.S|U\.K|Sec|Secs|No|Nos|Art|para|cf
                   |viz|vs|v|Jr|Sr|St|Mr|Ms|Mrs|Dr|approx|incl|al)[.!?])
      (?P<close>["'\u201d\u2019\u00bb)\]]{0,3})(?P<gap>[ \t\r\n\u00a0]{1,200})
      (?![ \t\r\n]{0,3}\p{Ll})
    | [.!?](?P<close>["'\u201d\u2019)\]]{0,3})(?P<gap>[ \t\r]{0,3}\n[ \t]{0,40})
      (?=\(?[a-z][.)][ \t])
    | \u3002(?P<gap>[ \t\r\n]{0,200})
    | (?P<blank>\n[ \t\r\u00a0]{0,200}\n[ \t\r\n\u00a0]{0,200})
    """,
    regex.VERBOSE,
)
# A blank line does not end a sentence that is plainly unfinished before it: the list of
# a definition follows ("means:", "means", "; or", "the following,"). Matched backwards
# (REVERSE) from the blank line, so a miss costs one attempt, not one per position.
_UNFINISHED = regex.compile(
    r"(?ir)(?:[,:;\u2013\u2014-]|\b(?:and|or|means|mean|include|includes|including|following"
    r"|to|of|the|a|an|as|that|which|either))[ \t\r\u00a0*]{0,5}\Z"
)


# The characters a match of _BOUNDARY can consume (its stop, closing marks and blanks).
# Right after any other character the scan can start afresh (see _Sentences).
_SAFE_CHAR = regex.compile(r"[^.!?\u3002\"'\u201d\u2019\u00bb)\] \t\r\n\u00a0]")


class _Sentences:
    """The sentence boundaries of one region, found a chunk at a time when first asked
    for, and then looked up by bisection.

    Most definitions cluster in a few parts of a long licence, so most chunks are never
    scanned. A chunk ends at a cut: a position right after a character no boundary can
    hold (a letter, say). No boundary spans a cut, so the scan from a cut finds exactly the
    boundaries that the scan from the region's start finds after it; and a scan ending a
    few characters after a cut sees all that the boundaries before it look at.
    """

    _CHUNK = 512

    def __init__(self, text: str, lo: int, hi: int) -> None:
        self.text, self.lo, self.hi = text, lo, hi
        count = (hi - lo) // self._CHUNK + 1
        self._cuts: list[int | None] = [lo, *[None] * (count - 1), hi]
        # Per chunk: where a sentence stops (after its punctuation), and where the next
        # one starts (after the whitespace).
        self._chunks: list[tuple[list[int], list[int]] | None] = [None] * count

    def _cut(self, k: int) -> int:
        cut = self._cuts[k]
        if cut is None:
            at = self.lo + k * self._CHUNK
            safe = _SAFE_CHAR.search(self.text, at - 1, self.hi) if at < self.hi else None
            cut = self._cuts[k] = safe.end() if safe is not None else self.hi
        return cut

    def _chunk(self, k: int) -> tuple[list[int], list[int]]:
        chunk = self._chunks[k]
        if chunk is None:
            text, lo = self.text, self.lo
            first, last = self._cut(k), self._cut(k + 1)
            ends: list[int] = []
            starts: list[int] = []
            # The gap group by number: a lookup by name costs more than the match. Only a
            # blank line has no gap.
            gap = _BOUNDARY.groupindex["gap"]
            # (A boundary looks at most five characters past its end.)
            for m in _BOUNDARY.finditer(text, first, min(self.hi, last + 16)):
                at = m.start()
                if at >= last:
                    break
                end = m.start(gap)
                if end < 0:
                    if _UNFINISHED.search(text, max(lo, at - 30), at):
                        continue
                    end = at
                ends.append(end)
                starts.append(m.end())
            chunk = self._chunks[k] = (ends, starts)
        return chunk

    def _index(self, pos: int) -> int:
        """The chunk holding ``pos``."""
        k = min(max(pos - self.lo, 0) // self._CHUNK, len(self._chunks) - 1)
        while k > 0 and self._cut(k) > pos:
            k -= 1
        return k

    def start_of(self, pos: int) -> int:
        """Start of the sentence holding ``pos``."""
        for k in range(self._index(pos), -1, -1):
            starts = self._chunk(k)[1]
            i = bisect.bisect_right(starts, pos) - 1
            if i >= 0:
                return starts[i]
        return self.lo

    def end_after(self, pos: int) -> int:
        """End of the sentence holding ``pos`` (the region's end when none follows)."""
        for k in range(self._index(pos), len(self._chunks)):
            ends = self._chunk(k)[0]
            i = bisect.bisect_left(ends, pos)
            if i < len(ends):
                return ends[i]
        return self.hi


# --- Heads: what may stand before a defined term in its sentence ----------------------
# A list label or bullet: "1.", "1.1.", "1.1", "(a)", "a.", "iv)", "-", "*", "#".
_LABEL = (
    r"(?:\(?(?:\d{1,3}(?:\.\d{1,3}){0,4}\.?|[A-Za-z]|[ivxlcdmIVXLCDM]{1,7})[.)]\)?"
    r"|\d{1,3}(?:\.\d{1,3}){1,4}|[-*+\u2022\u00b7\u25aa\u25e6\u2013\u2014>]|\#{1,6})"
)
_LEAD_LABELS = regex.compile(rf"(?:{_LABEL}[ \t]{{1,10}}){{0,3}}")
_LEAD_MARKUP = regex.compile(r"\A[*_ ]{0,6}|[*_ ]{0,6}\Z")
_WS = regex.compile(r"\s{1,200}")
_LEAD_KINDS = regex.compile(
    r"""(?ix)
      (?P<start>)\Z
    | (?P<article>an?)(?:\s[\w-]{1,30}['\u2019]s)?\Z
    | (?P<the>the)(?:\s[\w-]{1,30}['\u2019]s)?\Z
    | (?P<named>(?:the\ )?(?:term|terms|phrase|phrases|word|words|expression|expressions))\Z
    | (?P<to>to)\Z
    | (?P<asused>(?:as\ used|as\ defined|for\ (?:the\ )?purposes?\ of|for\ the\ purpose\ of)
        [^"\u201c\u201d\u00ab\u00bb,]{0,100},(?:\ (?:and|unless)\ [^,]{0,60},)?)
        (?:\ (?P<adet>an?|the|to|(?:the\ )?(?:term|terms|phrase|word|words)))?\Z
    | (?P<intro>(?:in|within|under|for|with\ respect\ to|throughout|unless|except|when|where)
        \ [^"\u201c\u201d\u00ab\u00bb,]{0,100},)
        (?:\ (?P<idet>an?|the|to|(?:the\ )?(?:term|terms|phrase|word|words)))?\Z
    """
)


@dataclass(frozen=True)
class _Lead:
    kind: str  # start, article, the, to, as-used, intro, where
    det: str  # the determiner after an introductory phrase ("", "a", "the", "to")
    start: int  # where the definition span starts


def _classify(text: str, begin: int, end: int) -> _Lead | None:
    lead = text[begin:end]
    if lead.isspace() or not lead:
        return _Lead("start", "", end)  # what the patterns below find, quickly
    label = _LEAD_LABELS.match(lead.lstrip())
    skipped = len(lead) - len(lead.lstrip()) + (label.end() if label else 0)
    body = _WS.sub(" ", _LEAD_MARKUP.sub("", lead[skipped:])).strip(" *_")
    m = _LEAD_KINDS.match(body)
    if m is None:
        return None
    start = begin + skipped
    while start < end and text[start] in " \t\r\n":
        start += 1
    if m.group("start") is not None or m.group("named"):
        # 'The term "X" means', 'The terms "X" and "Y" have the meaning': as at a start.
        return _Lead("start", "", start)
    if m.group("article"):
        return _Lead("article", "", start)
    if m.group("the"):
        return _Lead("the", "", start)
    if m.group("to"):
        return _Lead("to", "", start)
    det = (m.group("adet") or m.group("idet") or "").lower()
    if det not in ("", "a", "an", "the", "to"):
        det = ""  # 'As used herein, the term "X" ...': the term is named, not referred to
    return _Lead("as-used" if m.group("asused") else "intro", det, start)


def _lead(text: str, pos: int, lo: int, sentences: _Sentences) -> _Lead | None:
    """Classify what stands before ``pos`` in its sentence, else on its line.

    Only the last 200 characters are read, so a token deep in a long sentence costs the
    same as one at its start (it is simply not at a head position).
    """
    begin = sentences.start_of(pos)
    found = _classify(text, begin, pos) if pos - begin <= 200 else None
    if found is not None:
        return found
    # Hard-wrapped definitions lists start a definition at a line start even when the
    # line before ends without punctuation ("1. Definitions" above '"Model" means').
    newline = text.rfind("\n", max(lo, pos - 200), pos)
    if newline >= 0 and newline + 1 > begin:
        return _classify(text, newline + 1, pos)
    return None


# --- What follows a term ---------------------------------------------------------------
_OF_THIS = regex.compile(r"(?i)of\s{1,3}(?:this|these)\s{1,3}[\w-]{1,30}\s{1,20}")
# Separators inside a chain of names: '"X" or "Y"', '"X", "Y" and "Z"', '"X" (or "Y")'.
_ALIAS_GAP = regex.compile(
    r"(?i)[*_]{0,2}\s{0,4}(?:(?P<paren>\()\s{0,3}(?:(?:or|and|also)\s{1,3})?"
    r"|,\s{0,3}(?:(?:or|and|and/or)\s{1,3})?|(?:or|and|and/or)\s{1,3}"
    # '("Acme" sometimes "our" or "we")': other names it goes by.
    r"|,?\s{0,3}(?:sometimes|also)\s{1,3}(?:(?:called|as)\s{1,3})?)[*_]{0,2}\Z"
)
_CLOSE_PAREN = regex.compile(r"\s{0,3}\)")
# '"Including" and its derivatives (such as "include" ...': see _Region._variants.
_VARIANTS_GAP = regex.compile(
    r"(?i)[*_]{0,2}\s{1,3}(?:and|or)\s{1,3}(?:its|their)\s{1,3}(?:derivatives|variants|variations"
    r"|correlatives|cognates|other\s{1,3}forms|grammatical\s{1,3}variants)\s{0,3}\(\s{0,3}"
    r"(?:such\s{1,3}as|e\.\s{0,2}g\.,?|including|like)\s{1,3}[*_]{0,2}"
)
_SPACE_GAP = regex.compile(r"\s{1,3}")
_LINE_GAP = regex.compile(r"[ \t]{1,3}")
_MAX_ALIASES = 4

# Words between a term at a head position and its verb: '"Source" form shall mean',
# 'The "System Libraries" of an executable work include', '"Major Component", in this
# context, means'. They may not be verbs or relative pronouns, so '"X" is provided and
# this means' is not read as a definition of X.
_FILLER_STOP = (
    r"(?:is|are|was|were|be|been|being|shall|will|may|must|can|could|should|would|not|that"
    r"|which|who|whom|whose|means|mean|refers?|includes?|include|comprises?|consists?|has|have"
    r"|had|do|does|did"
    r"|and|or)"
)
_FILLER_WORD = rf"(?!{_FILLER_STOP}\b)[\w'\u2019()\-]{{1,30}},?\s{{1,20}}"
_FILLER = rf"(?:{_FILLER_WORD}){{1,8}}?"
# The verbs, in the order tried. "means" also holds the Japanese とは and the Chinese 指的是,
# 是指, 系指, 意指 and a bare 指 that does not start a longer word (指南 "guide", 指定
# "designate", 指出 "point out" ...).
_VERBS = r"""
      (?P<means>(?:(?:shall|will|also|shall\s{1,3}also)\s{1,3})?(?:means|mean)\b
        |(?:is|are|shall\s{1,3}be)\s{1,3}defined\s{1,3}as\b
        |,?\s{0,3}which\s{1,3}means\b
        |\u3068\u306f|d\u00e9signe\b|signifie\b|bezeichnet\b|bedeutet\b
        |\u6307\u7684\u662f|\u662f\u6307|\u7cfb\u6307|\u610f\u6307
        |\u6307(?!\u5357|\u51fa|\u5b9a|\u793a|\u4ee4|\u5bfc|\u5f15|\u6807|\u6570|\u9488
                 |\u79f0|\u660e|\u6325|\u8d23|\u63a7|\u5411|\u7eb9|\u7532))
    | (?P<refers>(?:(?:shall|will|also)\s{1,3})?refers?(?:\s{1,3}and\s{1,3}appl(?:y|ies))?
        \s{1,3}to\b
        |(?:is|are)\s{1,3}used\s{1,3}(?:herein\s{1,3})?to\s{1,3}(?:refer\s{1,3}to|mean)\b)
    | (?P<meaning>(?:shall\s{1,3})?(?:has|have)\s{1,3}the\s{1,3}(?:same\s{1,3})?meanings?\b)
    | (?P<includes>(?:(?:shall|also|shall\s{1,3}also)\s{1,3})?(?:includes|include|comprises
        |comprise|consists\s{1,3}of|consist\s{1,3}of)\b)
    | (?P<is>(?:is|are)\s{1,3}(?P<next>[\w'\u2019-]{1,30}))
    | (?P<aux>(?:shall|will|may|does|do|has|have)\b)
    | (?P<list>(?::|[-\u2013\u2014]{1,2}(?=\s))\s{0,10}[*_]{0,2})
"""
# A reference, not a definition: 'the "Software" (as defined in Section 1)'.
_AS_DEFINED = regex.compile(r"(?i)[*_]{0,2}\s{0,3}\(\s{0,3}(?:as\s{1,3})?defined\b")
_GAP = r"[*_]{0,2}\s{0,60}(?:,\s{0,20})?"
# The verb right after the term (or its aliases), tried first and at every position.
_ADJACENT = regex.compile(rf"(?ix){_GAP}(?:{_VERBS})")
# The verb after a few filler words, tried only where the lead allows it (see _Lead).
_WITH_FILLER = regex.compile(rf"(?ix){_GAP}(?P<filler>{_FILLER})(?:{_VERBS})")
_WITH_LONG_FILLER = regex.compile(
    rf"(?ix){_GAP}(?P<filler>(?:{_FILLER_WORD}){{1,12}}?)(?:{_VERBS})")
# What can follow a term at all when a definition verb comes next: a letter (the verb or
# a filler word), a colon or a dash. Checked first because it is cheap: most quoted
# phrases in a licence are followed by something else.
_NEXT_CHAR = regex.compile(r"[*_]{0,2}\s{0,60}(?:,\s{0,20})?[\w:\-\u2013\u2014(]")
# Words that make "means" a noun ("by any means", "other means"), not the verb.
_FILLER_END_STOP = frozenset({
    "any", "all", "other", "such", "some", "by", "the", "a", "an", "reasonable", "no",
    "technological", "technical", "electronic", "same", "similar", "various", "of",
})
# After '"X" is': participles, adverbs and adjectives show a statement about X ('"X" is
# provided', '"X" is not'), not a definition of it ('"X" is any work', '"X" are terms').
_NOT_DEFINING_NEXT = frozenset({
    "not", "provided", "made", "being", "also", "hereby", "subject", "available", "free",
    "responsible", "liable", "entitled", "intended", "located", "incorporated", "deemed",
    "governed", "bound", "given", "shown", "written", "taken", "known", "found", "held",
    "set", "put", "sold", "built", "sent", "meant", "kept", "paid", "done", "void",
    "valid", "effective", "applicable", "binding", "required", "to", "in", "on", "at",
    "by", "for", "from", "under", "with", "without", "as", "so", "still", "only", "now",
    "then", "here", "there", "no", "never", "always", "licensed", "distributed", "owned",
    "granted", "protected", "considered", "called", "referred", "used", "supplied",
})
# What may open the body of a 'Term: ...' or 'Term - ...' list entry: a definition verb,
# or a determiner in lower case followed by a word ('Ownership: The Software remains
# ours' and 'SEVERABILITY: The parties intend ...' are headings run into a sentence, and
# 'Program:' above 'a. ...' is a heading over a list).
_LIST_BODY = regex.compile(
    r"\s{0,10}[*_]{0,2}\s{0,3}(?:(?i:means|refers\s{1,3}to|shall\s{1,3}mean"
    r"|d\u00e9signe|signifie|bezeichnet|bedeutet)\b"
    r"|(?:the|a|an|any|all|each|every|one\s{1,3}or\s{1,3}more|collectively|those|such)"
    r"[ \t]{1,3}[\w\"\u201c'\u2018(])"
)
# Capitalised words that open a sentence, an instruction or a heading's body, never a
# name: after '"Original Code" - Please ...' or 'EXPORT: You must ...' comes no definition.
_PROPER_STOP = (
    r"(?:This|That|These|Those|It|Its|You|Your|We|Our|They|Their|He|She|His|Her|I|If|When"
    r"|Where|Whether|While|Please|See|Note|No|Not|Neither|Nor|Either|Both|There|Here|To|For"
    r"|In|On|At|By|As|And|Or|But|Do|Does|Is|Are|Was|Were|Read|Use|Click|Refer|Contact|Visit"
    r"|Include|Provide|Enter|Insert|Add|Replace|Specify|Describe|Select|Upon|Under|With"
    r"|Without|Except|Unless|Subject|Notwithstanding|Nothing|All|Any|Some|Such|Each|Every"
    r"|Copyright|Section|Article|Part|Version|Yes|Title|Disclaimer)"
)
# The body of a dash or colon entry may also open with a capital (form 4): a capital
# determiner and a word ('"Database" - A collection of ...'), a capitalised "Includes" or
# a part-of-speech note ('As a verb, means ...'), or a proper name: a capitalised word
# followed by another capitalised word or a number, a comma, or a possessive ('Acme
# GmbH, 1 Main Street', "Licensee's total storage"). Accepted only for a quoted term, or
# for an unquoted all-caps term inside a block of such entries (see _Region.unquoted).
_LIST_BODY_CAP = regex.compile(
    rf"""(?x)
    \s{{0,10}}[*_]{{0,2}}\s{{0,3}}
    (?:(?:The|A|An|Any|All|Each|Every|One[ \t]{{1,3}}or[ \t]{{1,3}}more|Those|Such|Collectively)
       [ \t]{{1,3}}[\w"\u201c'\u2018(]
     | (?i:includes?|as[ \t]{{1,3}}an?[ \t]{{1,3}}(?:verb|noun),[ \t]{{0,3}}means)\b
     | (?!{_PROPER_STOP}\b)\p{{Lu}}[\p{{L}}\p{{N}}&\-]{{0,30}}
       (?:['\u2019]s\b|,|[ \t]{{1,3}}[\p{{Lu}}\p{{N}}])
    )
    """
)
# A sentence, not a name: a finite verb among the first words of the body, before any
# relative clause or comma ('OWNERSHIP: The Materials are not designed ...',
# 'NON-DISCLOSURE: The following provisions will apply', '"Plot" - The club keeps the
# list'; but 'The book where loans are kept' is a name). Only 40 characters are read.
_BODY_VERB = regex.compile(
    r"(?i)\b(?:is|are|was|were|will|shall|may|must|can|cannot|should|would|could|does|do"
    r"|did|has|have|had|intends?|agrees?|acknowledges?|remains?|applies|apply|grants?"
    r"|becomes?|constitutes?|governs?)\b"
    r"|\A[*_ \t]{0,5}(?:The|A|An|Each|Every|Any|All)[ \t]{1,3}[\w'\u2019-]{1,30}[ \t]{1,3}"
    r"[a-z]{2,30}s[ \t]{1,3}(?:the|a|an|all|any|its|their|his|her|our|your|that|to|with|no)\b"
)
_BODY_CLAUSE_END = regex.compile(r"\b(?:which|that|who|whom|whose|where|when)\b|[,;(]")
# Section headings that a numbered clause runs into its first sentence ('5. OWNERSHIP:
# The ...', '7. LIMITATION OF LIABILITY: ...'); an all-caps entry holding one of these
# words is a heading, not a defined term.
_HEADING_WORDS = frozenset("""
    ownership termination warranty warranties liability liabilities disclaimer disclaimers
    severability notice notices export law laws agreement definitions definition support
    fees payment payments confidentiality assignment indemnification indemnity
    miscellaneous general restrictions restriction grant jurisdiction waiver amendment
    amendments feedback privacy audit taxes no submissions transfer government rights
    limitation limitations governing entire term purpose scope acceptance remedies
    """.split())

# --- Between a quoted term and its verb (form 5) -------------------------------------
# A parenthetical ('"Redistributables" (if any) are the files ...', '"Model" (as the term
# is used here) means ...') or an "as used" phrase ('"Derivative Works" as used in this
# License is defined under ...'). A parenthetical holding a quote mark names another
# term and one opening with "see" or "as defined" is a reference (see _AS_DEFINED). The
# verb is part of the pattern, so the "as used" phrase (at most 60 characters, no
# punctuation) ends where a verb starts. After "as used ..." a definition may also be
# one by reference ('is defined under the copyright law').
_ASIDE_BODY = r"""
    [*_]{0,2}[ \t]{0,3}
    (?:\((?![ \t]{0,3}(?:see|cf|as[ \t]{1,3}defined|defined)\b)[^()"\u201c\u201d\n]{1,60}\)
     | ,?[ \t]{1,3}(?P<asused>as[ \t]{1,3}used[ \t]{1,3}(?:in|herein|hereunder|within|throughout
         |under|for)\b[^,;.()\n"\u201c\u201d]{0,60}?,?)
    )
"""
_BY_REF = r"\s{1,3}(?:is|are|shall\s{1,3}be)\s{1,3}defined\s{1,3}(?:under|in|by)\b"
# A short gap before the verb: the phrase before it may hold spaces, and a long gap would
# let the two trade spaces (60 x 60 ways) on a run of blanks.
_ASIDE_GAP = r"[*_]{0,2}\s{0,5}(?:,\s{0,5})?"
_ASIDE_VERB = regex.compile(
    rf"(?ix){_ASIDE_BODY}(?:(?P<byref>{_BY_REF})|{_ASIDE_GAP}(?<!\w)(?:{_VERBS}))")
# After '"X" is' in the forms that read only a determiner there (form 6, 'The "X" is the
# person ...', and a parenthetical): the determiner, then a word that does not make the
# sentence a statement about X ('The "Software" is the property of Acme').
_DEFINING_DETS = frozenset({
    "a", "an", "the", "any", "each", "every", "all", "certain", "one", "those",
})
_NOT_DEFINING_AFTER_DET = frozenset({
    "property", "entire", "sole", "responsibility", "exclusive", "only", "same", "owner",
    "subject", "copyright", "complete", "whole", "final", "latest", "current", "first",
    "last", "licensor", "licensee", "author", "best", "most",
})
_WORD_AFTER = regex.compile(r"[ \t]{1,10}(?:\n[ \t]{0,40})?([\w'\u2019-]{1,30})")

# 'When we speak of "X," "Y" and "Z," we mean ...', 'When these terms say "you", they
# mean ...': names given first, their meaning after "we mean" (see _Region.spoken).
# Up to six quoted names in a row: '"Google," "we," "us," and "our,"'.
_NAME_CHAIN = (r"(?P<names>(?:[\"\u201c][^\"\u201d\n]{1,40}[\"\u201d][,;.]?\s{0,3}"
               r"(?:(?:and|or)\s{1,3})?){1,6})")
_SPOKEN = regex.compile(
    r"(?i:when|whenever)\s{1,3}(?:we|you|this\s{1,3}\w{1,20}|these\s{1,3}\w{1,20})\s{1,3}"
    r"(?:speak\s{1,3}of|say|refer\s{1,3}to|use(?:\s{1,3}the\s{1,3}(?:words?|terms?))?)\s{1,3}"
    + _NAME_CHAIN + r"\s{0,3},?\s{0,3}(?:we|they|it|this|that)\s{1,3}mean\b")
# 'Collectively, we refer to the terms below ... as the "Terms."', 'We may refer to
# "Google" as "we", "our", or "us"': the names come after "as". Read from the verb.
_REFER_AS = regex.compile(
    r"refer\s{1,3}to\s{1,3}[^.;]{1,250}?\s{1,3}as\s{1,3}(?:the\s{1,3})?" + _NAME_CHAIN)
_REFER_SUBJECT = regex.compile(
    r"(?i:\b(?:we|they|you|this\s{1,3}\w{1,20}|these\s{1,3}\w{1,20})\s{1,3}"
    r"(?:(?:may|will|shall|can|also|collectively)\s{1,3}){0,2})\Z")
# '(and all references to "you" in the Terms refer to that entity)': the names first.
_REFERENCES_TO = regex.compile(
    r"(?i:references?)\s{1,3}to\s{1,3}" + _NAME_CHAIN
    + r"(?:\s{0,3}in\s{1,3}[^.;\"\u201c\u201d]{1,60}?)?,?\s{1,3}"
    r"(?:(?:shall|will)\s{1,3})?\Z")
# One quoted name of a _NAME_CHAIN, without the comma American punctuation puts inside it.
_QUOTED_NAME = regex.compile(r"[\"\u201c]([^\"\u201d\n,]{1,40}),?[\"\u201d]")
# A Chinese definitions-list entry: a label, a term in Han characters (with its other
# form in brackets, '您(或您的)'), a colon, and the verb "是指" (or 系指, 指的是, 意指,
# 包括, 指): '1.2 模型:是指 ...'. Only at a line start.
_HAN_VERB = regex.compile(
    r"[:\uff1a][ \t]{0,2}(?:\u662f\u6307|\u7cfb\u6307|\u6307|\u610f\u6307|\u5305\u62ec)")
_HAN_ENTRY = regex.compile(
    rf"(?m)^[ \t]{{0,40}}(?:{_LABEL}[ \t]{{0,10}})?(?P<term>\p{{Han}}{{1,12}})"
    r"(?:[(\uff08]\u6216(?P<alias>\p{Han}{1,6})[)\uff09])?[ \t]{0,2}[:\uff1a][ \t]{0,2}"
    r"(?:\u662f\u6307|\u7cfb\u6307|\u6307\u7684\u662f|\u610f\u6307|\u5305\u62ec|\u6307)")

# 'Your has a corresponding meaning' / '"Licensed" has a correlative meaning': a term in
# another grammatical form of the term defined before it.
_CORRESPONDING = regex.compile(
    r"[\"'\u201c\u2018]?(?P<term>\p{Lu}[\w'\u2019\-]{0,30})[\"'\u201d\u2019]?\s{1,12}"
    r"(?P<verb>(?:has|have|shall\s{1,12}have)\s{1,12}(?:a|the)\s{1,12}"
    r"(?:corresponding|correlative|similar|like)\s{1,12}meaning)\b")
_SENTENCE_START_BEFORE = regex.compile(r"(?:[.;:][ \t\n]{1,4}|\n[ \t]{0,40})\Z")

# --- Inline and "called" forms -----------------------------------------------------
# What stands inside the parenthesis before the term: '(the "Model")', '(hereinafter
# referred to as "X")', '(each a "Contributor")', '(collectively, "Materials")', and the
# same words in the French, German, Spanish and Japanese texts that use guillemets or
# corner brackets ('(ci-après le «Logiciel»)', '（以下「X」という）').
# A possessive names the owner's thing ('(your "Modifications")'), "so-called" a usual
# name ('(so-called "cardinal obligations")'). Without a parenthesis, an appositive after
# "you" names the licensee ('between you, the "End User", and Acme').
_INLINE_LEFT = regex.compile(
    r"""(?irx)
    (?:(?P<paren>[(\uff08])|\b(?:hereinafter|hereafter)\b)\s{0,5}
    (?:(?:the|each|a|an|and|or|collectively|together|jointly|individually|severally
         |this|these|your|its|their|our|so-called
         |hereinafter|hereafter|herein|referred\s{1,3}to\s{1,3}(?:(?:here|herein|hereafter
         |hereinafter|below)\s{1,3})?as|also\s{1,3}(?:known|referred
         \s{1,3}to)\s{1,3}as|called|known\s{1,3}as|defined\s{1,3}(?:(?:here|herein|below)
         \s{1,3})?as|\u4ee5\u4e0b
         |as\s{1,3}(?:applicable|appropriate|the\s{1,3}case\s{1,3}may\s{1,3}be)|respectively
         |le|la|les|l['\u2019]|ci-apr\u00e8s|ci-apres|d\u00e9nomm\u00e9e?s?|nachfolgend
         |en\s{1,3}adelante|el|los|las)[\s,:]{0,5}){0,5}
    [*_]{0,2}\Z
    | \b(?P<you>you)\s{0,3},\s{1,3}(?:the|an?)\s{1,3}[*_]{0,2}\Z
    # '(all of the foregoing, the "Content")', '(Acme and its affiliates together, the
    # "Acme Parties")': a short phrase, a comma and an article before the name.
    | (?P<gathered>\()[^()\n,]{1,60},\s{1,3}(?:the|an?)\s{1,3}[*_]{0,2}\Z
    # '(such information, "Payment Information")', '(collectively with Acme Pass and
    # similar offers, "Free Services")'.
    | (?P<gathered>\()(?:such\s{1,3}[^()\n,]{1,40}|(?:collectively|together)\s{1,3}with
      \s{1,3}[^()\n,]{1,80}),\s{1,3}(?:the\s{1,3})?[*_]{0,2}\Z
    # '(the "Documentation" and, together with the Programs, the "Software")', '(each a
    # "Database" and collectively the "Databases")'.
    | (?P<gathered>[)"\u201d])[*_]{0,2}\s{0,3}and,?\s{1,3}(?:together|collectively)
      (?:\s{1,3}with\s{1,3}[^()\n"\u201c\u201d]{1,60},)?\s{1,3}(?:the\s{1,3})?[*_]{0,2}\Z
    """
)
_INLINE_RIGHT_PAREN = regex.compile(
    r"[*_]{0,2}\s{0,5}(?:\u3068\u3044\u3046|\u3068\u3044\u3044\u307e\u3059)?\u3002?\s{0,3}"
    # A scope may close the parenthesis: '(the "Support Period" for the purposes of this
    # paragraph)', '(the "Term", as used in this Section)'.
    r"(?:,?\s{1,3}(?i:for\s{1,3}(?:the\s{1,3})?purposes?\s{1,3}of|as\s{1,3}used\s{1,3}in"
    r"|in\s{1,3}this)\b(?:[^()\n]|\([^()\n]{0,8}\)){0,80})?"
    r"(?:[)\uff09]"
    # The first of two names in one parenthesis: '(the "Documentation" and, together with
    # the Programs, the "Software")'.
    r"|\s{1,3}and,?\s{1,3}(?i:together|collectively)\b)"
)
_INLINE_RIGHT_BARE = regex.compile(r"[*_]{0,2}\s{0,3}(?:[,;.)]|\s|\Z)")
# 'is called "X"', 'is referred to as "X"', 'are considered "X"' ('may not be called "X"'
# forbids a name, it gives none). Matched backwards (REVERSE) from the term, so a miss
# costs one attempt, not one per position of the window.
# Without a verb before it, the naming needs an adverb that makes it one ('providers,
# defined herein as "X"', 'the code, hereinafter referred to as "X"').
_CALLED_LEFT = regex.compile(
    r"""(?irx)
    (?:(?<!\bnot\s{1,3})\b(?:is|are|be|been|was|were)\s{1,5}
    (?:(?:hereinafter|hereafter|also|thus|collectively|together|jointly|individually)
      \s{1,5}){0,2}
    (?:called|addressed\s{1,3}as|referred\s{1,3}to\s{1,3}(?:herein\s{1,3})?as|known\s{1,3}as
      |identified\s{1,3}(?:(?:therein|herein)\s{1,3})?as
      |termed|designated(?:\s{1,3}as)?|considered|defined\s{1,3}as
      |referred\s{1,3}to\s{1,3}(?:in|by|under)\s{1,3}(?:this|these)\s{1,3}\w{1,20}\s{1,3}as)
    | \b(?:hereinafter|hereafter|herein)\s{1,5}(?:(?:collectively|together|jointly)\s{1,5})?
      (?:called|referred\s{1,3}to\s{1,3}as|known\s{1,3}as|defined\s{1,3}as|termed)
    | \b(?:referred\s{1,3}to|defined|identified)\s{1,3}(?:herein|hereinafter|hereafter|below
      |therein)\s{1,3}as
    )\s{1,5}
    (?:(?:an?|the)\s{1,5})?(?:[\w-]{1,30}['\u2019]s\s{1,5})?[*_]{0,2}\Z
    """
)
# 'A patent license is "discriminatory" if it ...': a quality defined by its condition.
_CONDITIONAL_LEFT = regex.compile(r"(?ir)(?<!\bnot\s{1,3})\b(?:is|are)\s{1,3}[*_]{0,2}\Z")
# The condition may follow a short place ('is "in use" on a computer when it is loaded').
_CONDITIONAL_RIGHT = regex.compile(
    r"[*_]{0,2}(?:\s{1,3}(?:on|in|at|for|within|with|under)(?:\s{1,3}[\w-]{1,20}){1,3}?)?"
    r"\s{1,3}(?:only\s{1,3})?(?:if|when|whenever)\b")
# A plural subject named at the end of its sentence: 'The files listed below are
# "Distributable Code."', 'Input and Output are collectively "Content".' ("is" needs the
# adverb: 'The Original Software is "Acme Tools".' fills in a name, it defines none).
# 'NVIDIA and Company are each a "party" and collectively the "parties."': each one is
# named, and so are they together.
_PREDICATE_LEFT = regex.compile(
    r"(?irx)(?:(?<!\bnot\s{1,3})\b(?:are|(?:is|are),?\s{1,3}(?:collectively|together|jointly"
    r"|hereinafter|hereafter),?)\s{1,3}(?:the\s{1,3})?"
    r"|(?<!\bnot\s{1,3})\bare\s{1,3}(?:each|individually|severally)\s{1,3}(?:an?|the)\s{1,3}"
    r"|[\"\u201d]\s{0,3}(?:,\s{0,3})?and\s{1,3}(?:collectively|together|jointly)"
    r"\s{1,3}(?:the\s{1,3})?)[*_]{0,2}\Z")
_PREDICATE_RIGHT = regex.compile(
    r"[*_]{0,2}(?:[.;](?=\s|\Z)|\s{0,3}\Z|\)[;,.]?(?=\s|\Z)|,\s{1,3}(?:and|or)\b"
    r"|,?\s{1,3}and\s{1,3}(?:collectively|together|jointly)\b)")
# American punctuation puts the stop inside the quotes; what follows must still end the
# sentence ('are "Commercial Items," as that term is defined ...' refers to a statute).
_PREDICATE_NOT_NEXT = regex.compile(
    r"[*_]{0,2}\s{0,3}(?:(?!(?:and|or)\b)\p{Ll}|\(|,\s{0,3}(?!(?:and|or)\b))")

# --- Unquoted terms at the start of a list item or sentence --------------------------
# (Possessive: what may follow a name, a blank, a parenthesis or a mark, never continues
# it, so the matcher need not give letters back.)
_CAP = r"\p{Lu}[\p{L}\p{N}'\u2019\-]{0,30}+"
_SMALL = r"(?:and/or|and|or|of|the|for|in|to|on|with|&)"
_UNQUOTED = regex.compile(
    rf"""(?x)
    [ \t]{{0,40}}(?P<label>{_LABEL}[ \t]{{1,10}})?
    (?P<open>\*\*|__)?(?P<term>{_CAP}(?:[ \t]{{1,3}}(?:{_CAP}|{_SMALL})){{0,6}}(?:\(s\))?)
    (?:\*\*|__)?
    (?:
      [ \t]{{1,10}}(?:\n[ \t]{{0,40}})?
      (?P<verb>(?:shall[ \t]{{1,3}})?(?:means|mean)\b|(?:shall[ \t]{{1,3}})?refers?[ \t]{{1,3}}to\b)
    | [ \t]{{0,4}}(?P<list>:|[ \t][-\u2013\u2014]{{1,2}}[ \t])(?:\*\*|__)?
    )
    """
)
# A definitions-list entry whose term keeps its article (see _Region._article_entry).
_ARTICLE_ENTRY = regex.compile(
    rf"""(?x)
    [ \t]{{0,40}}{_LABEL}[ \t]{{1,10}}(?P<article>(?i:the))[ \t]{{1,3}}
    (?P<names>{_CAP}(?:[ \t]{{1,3}}(?:{_CAP}|{_SMALL}|["\u201c]{_CAP}["\u201d])){{0,8}})
    [ \t]{{0,4}}:[ \t]{{1,10}}(?=(?:the|this|a|an|any|all|each|every)\b)
    """
)
# Words that open sentences but never name a defined term ("This means that ...").
_NOT_TERM_START = frozenset("""
    this that these those it its which what who whom whose he she they we i there here
    such each any all every no none nothing anything everything something some another
    other both either neither one the a an his her their our my for in if when where as
    but and or so thus therefore however also otherwise accordingly hence then nor yet
    because since unless until while although though whether whoever whatever whichever
    notwithstanding by with without under upon to from of on at after before note notes
    notice warning caution important example examples tip hint see please contact
    section article exhibit appendix schedule chapter part table figure step version
    """.split())
_MAX_UNQUOTED_CAPS = 5
# Candidate starts for unquoted terms: every line, and every sentence after '. ' or '; '.
_UNQUOTED_ANCHOR = regex.compile(r"\n|[.;][ \t]{1,4}(?=\p{Lu})")
_LINE_END_PUNCT = regex.compile(r"[.;:!?)\]\"\u201d\u2019*]\s{0,200}\Z")

# Sentence case (form 2): 'Political campaign material refers to ...', two to four words,
# the first capitalised, the others in any case, before "means", "shall mean" or "refers
# to". No word after the first may be a determiner, pronoun, auxiliary or preposition
# that makes the phrase a clause ('Use of the tool means', 'You must refer to', 'Code
# that refers to', 'Failure to comply means'); see also _sentence_case_ok.
_LOW = r"\p{Ll}[\p{L}\p{N}'\u2019\-]{0,30}"
_SENTENCE_STOP = (
    r"(?:the|a|an|this|that|these|those|it|its|you|your|yours|our|their|his|her|my|we|they"
    r"|he|she|any|all|each|every|some|such|no|not|also|which|who|whom|whose|what|is|are|was"
    r"|were|be|been|being|has|have|had|do|does|did|shall|will|may|must|can|could|should"
    r"|would|might|means|mean|refers?|includes?|by|to|as|at|from|with|without|into|than|if"
    r"|when|where|because|so|thus|then|here|there|herein|hereby|hereafter|hereinafter"
    r"|hereunder|only|just|very|always|never)"
)
_SENTENCE_TERM = regex.compile(
    rf"""(?x)
    [ \t]{{0,40}}(?P<label>{_LABEL}[ \t]{{1,10}})?
    (?P<term>{_CAP}(?:[ \t]{{1,3}}(?!{_SENTENCE_STOP}\b)(?:{_CAP}|{_LOW})){{1,3}})
    [ \t]{{1,10}}(?:\n[ \t]{{0,40}})?
    (?:shall[ \t]{{1,3}})?(?:means|mean|refers?[ \t]{{1,3}}to)\b
    [ \t]{{1,3}}(?P<next>[\w'\u2019-]{{1,30}})
    """
)
# Sentence-case terms end in a content word and hold no adverb or participle after the
# first word; the first word is no possessive; what follows the verb is no clause
# ('Continued use means you accept', 'Available for free means that ...').
_SENTENCE_SMALL = frozenset({"of", "and", "or", "for", "in", "on", "&"})
_SENTENCE_FIRST_STOP = frozenset({"you", "your", "our", "my", "their", "his", "her", "its"})
_SENTENCE_NEXT_STOP = frozenset({
    "that", "you", "your", "we", "our", "it", "they", "this", "nothing", "no", "not",
})

# Unquoted "X is a ..." in a definitions list (form 3): a list label at the start of a
# line, one to four capitalised words, "is" or "are", a determiner. Runs of spaces (from
# justified text) are allowed between the words. Accepted only next to another definition
# (see _Region.unquoted), so a numbered rule such as '2.1 Hugo is the ...' is not read
# as one.
_UNQUOTED_IS = regex.compile(
    rf"""(?x)
    [ \t]{{0,40}}(?P<label>{_LABEL})[ \t]{{1,10}}
    (?P<term>{_CAP}(?:[ \t]{{1,10}}{_CAP}){{0,3}})
    [ \t]{{1,10}}(?:is|are)[ \t]{{1,10}}(?P<det>an?|the|any)[ \t]{{1,10}}
    (?P<next>[\w'\u2019-]{{1,30}})
    """
)
# Cheap test before the two patterns above, run once over the region: their verb must
# follow a line or sentence start within the pattern's window.
# The verb cues ("means", "refers") and the "is a" cues are found by scans that each
# open with one literal word (see _starts); no two cues overlap, so together they find
# every cue of the combined pattern
# r"\b(?:means|mean|refers|refer|(?:is|are)[ \t]{1,10}(?:an?|the|any))\b".
_CUE_VERBS = (regex.compile(r"(?<!\w)means?\b"), regex.compile(r"(?<!\w)refers?\b"))
_CUE_IS = tuple(
    regex.compile(rf"(?<!\w){verb}[ \t]{{1,10}}(?:an?|the|any)\b") for verb in ("is", "are"))
# Between a line or sentence start and the verb of _UNQUOTED or _SENTENCE_TERM stand at
# most nine words (a list label, a term of up to seven words, "shall") and blanks; none of
# those words holds a blank. Matched backwards (REVERSE) from the verb.
_TERM_REACH = regex.compile(r"(?r)\s*(?:\S+\s+){1,9}\Z")
# The list mark of _UNQUOTED: a colon, or a dash after a blank.
_LIST_MARKS = ":-\u2013\u2014"
_UNQUOTED_IS_FIRST_STOP = frozenset({"you", "your", "if", "when", "where", "whether"})
# How far (in characters) another definition may stand from an unquoted "X is a" entry
# for the entry to count as part of a definitions list.
_LIST_NEIGHBOUR = 800
_NEIGHBOUR_FORMS = frozenset({
    "means", "refers", "meaning", "includes", "is", "list", "unquoted", "as-used",
})

# An unquoted all-caps term with a colon and a capitalised body (form 4) is a definition
# only inside a definitions list: it stands after a numbered or lettered label (not a
# bullet), and the labelled entry before or after it has the same shape, with at most a
# few lines (blank or wrapped) between them:
#     1.1) LICENSOR: Acme GmbH, 1 Main Street
#     1.2) LICENSEE: The person who installs the tool.
# A lone 'OWNERSHIP: The licensee acknowledges ...' is a heading run into a sentence,
# and so is an entry whose term holds a heading word (_HEADING_WORDS) or whose body has a
# verb among its first words (_BODY_VERB), even inside such a block.
_NUMBERED_LABEL = regex.compile(r"[ \t]{0,40}\(?[\w.]")
_LABEL_LINE = regex.compile(rf"(?m)^[ \t]{{0,40}}{_LABEL}[ \t]")
_BLOCK_GAP_LINES = 4

# --- Unquoted names given in passing ---------------------------------------------------
# Texts whose quote marks were lost, or never used, still name terms in the shapes of the
# quoted forms. A Title Case name: capitalised words, with small words between them.
_TITLE = (
    r"\p{Lu}[\p{L}\p{N}'\u2019\-]{0,30}"
    r"(?:(?:[ \t]{1,3}|[ \t]{0,3}\r?\n[ \t]{0,40})(?:\p{Lu}[\p{L}\p{N}'\u2019\-]{0,30}|of|and|for"
    r"|the|&)){0,5}"
)
# 'providers, defined herein as Third Party Content, or ...', '(hereafter referred to as
# OASIS)': the naming verb needs an adverb ("herein", "hereinafter", "collectively" ...)
# or must close a parenthesis; 'may only be referred to as the Asset Name listed above'
# names nothing.
_NAMED_AS = regex.compile(
    rf"""(?x)
    (?:defined|referred[ \t]{{1,3}}(?:\r?\n[ \t]{{0,40}})?to)[ \t]{{1,3}}(?:\r?\n[ \t]{{0,40}})?
    (?:(?P<adv2>herein|hereinafter|hereafter|here|below)[ \t]{{1,3}}(?:\r?\n[ \t]{{0,40}})?)?
    as[ \t]{{1,3}}(?:\r?\n[ \t]{{0,40}})?(?:the[ \t]{{1,3}}(?:\r?\n[ \t]{{0,40}})?)?
    (?P<term>{_TITLE})[ \t]{{0,3}}(?P<end>[,.;)]|\r?\n|\Z)
    """
)
# 'hereafter called the Distributor,': the same without "as" (the adverb before it is
# required; see _Region._named_as).
_CALLED_NAMED = regex.compile(
    rf"""(?x)
    (?:called|termed|known[ \t]{{1,3}}as)[ \t]{{1,3}}(?:\r?\n[ \t]{{0,40}})?
    (?:the[ \t]{{1,3}}(?:\r?\n[ \t]{{0,40}})?)?
    (?P<term>{_TITLE})[ \t]{{0,3}}(?P<end>[,.;)]|\r?\n|\Z)
    """
)
_NAMED_ADVERB = regex.compile(
    r"(?r)\b(?:hereinafter|hereafter|herein|collectively|also|thus)[ \t]{1,3}"
    r"(?:\r?\n[ \t]{0,40})?\Z")
# A parenthesis after a noun phrase that names it (form 7 without quote marks): '(the
# License)', '(this License)', '(collectively, Extensions)'; a bare '(Licensee)' (see
# _bare_name_ok); '(meaning the Contributor Version ...)' after the term it explains; and
# an acronym before the words it abbreviates, 'FAQ (Frequently Asked Questions)'.
_EXP_WORD = r"\p{L}[\p{L}\-]{0,30}"
_PAREN_NAME = regex.compile(
    rf"""(?x)
    \([ \t]{{0,3}}
    (?:
      (?P<det>the|this|(?:hereinafter|hereafter|collectively|together),?(?:[ \t]{{1,3}}the)?)
      [ \t]{{1,3}}(?:\r?\n[ \t]{{0,40}})?(?P<named>{_TITLE})[ \t]{{0,3}}\)
    | (?P<bare>{_CAP}(?:[ \t]{{1,3}}{_CAP}){{0,2}})\)(?=[ \t]{{0,3}}(?:[.,;:]|\s|\Z))
    | (?P<meaning>meaning|which(?:,[^()\n]{{1,80}},)?[ \t]{{1,3}}(?:(?:shall|will)[ \t]{{1,3}})?
        means?)[ \t]{{1,3}}(?:\r?\n[ \t]{{0,40}})?(?P<mnext>[\w'\u2019-]{{1,30}})
    | (?P<exp>{_EXP_WORD}(?:[ \t]{{1,3}}(?:\r?\n[ \t]{{0,40}})?{_EXP_WORD}){{1,7}})\)
    )
    """
)
# What may open the description after "(meaning": a determiner or a name, not a clause
# ('(meaning that such software ...)').
_MEANING_NEXT = frozenset({
    "the", "a", "an", "any", "all", "each", "every", "either", "one", "both",
})
# The words before a parenthesis (form N): a Title Case name, or after a determiner or
# possessive up to three lower-case words ('Your customer (which ... will mean ...)').
_WORDS_BEFORE = regex.compile(r"(?r)(?:[\w'\u2019&-]{1,30}[ \t]{1,3}(?:\r?\n[ \t]{0,40})?){1,7}\Z")
_PHRASE_DETS = frozenset({
    "the", "a", "an", "your", "its", "their", "our", "his", "her", "any", "each", "such",
})
_PHRASE_STOP = frozenset("""
    of and or for in on at to by with from as that which who whom whose this these those is
    are was were be been shall will may must can not no it he she they we between under
    into than if when where
    """.split())
# A bare parenthesis names a party ('to you (Licensee)', 'this License (Customer).') or
# shortens a name just before it ('this licence agreement (License)', 'The Genode OS
# Framework (Genode)', 'XMOS Limited, ... London (XMOS).'); a caption after a reference
# ('Section 9 (Deprecation Policy)', 'FAR 12.212 (Computer Software)') or a place
# ('Privacy Act (Ontario)') is none.
_PARTY_NAMES = frozenset({
    "licensee", "licensor", "licencee", "licencor", "customer", "user", "end user", "client",
    "company", "vendor", "supplier", "provider", "developer", "distributor", "reseller",
    "partner", "recipient", "contributor", "subscriber", "publisher", "author", "owner",
    "purchaser", "buyer", "seller", "member", "participant", "assignee",
})
_CAPTION_BEFORE = regex.compile(
    r"(?ir)(?:\b(?:section|sections|clause|clauses|article|articles|exhibit|schedule|appendix"
    r"|attachment|annex|part|chapter|paragraph|copyright|far|dfars|dfar|c\.f\.r|cfr|rfc|iso"
    r"|version|v)\b[\w.()\-]{0,12}|\b\d[\d.()\-]{0,12}|§[\w.()\-]{0,12}|[(\[])[ \t]{0,3}\Z"
)
# 'An Excluded License is one that ...', 'A Joint Hardware and Software Distribution
# shall be defined as ...', 'The Standard is defined as ...': a Title Case term after an
# article at the head of a sentence or list entry.
_ARTICLE_TERM = regex.compile(
    rf"""(?x)
    (?P<art>A|An|The)[ \t]{{1,3}}(?P<term>{_TITLE})[ \t]{{1,10}}(?:\r?\n[ \t]{{0,40}})?
    (?:(?:shall[ \t]{{1,3}})?(?:means|mean)\b
     | (?:is|are|shall[ \t]{{1,3}}be)[ \t]{{1,3}}defined[ \t]{{1,3}}as\b
     | (?P<isa>(?:is|are)[ \t]{{1,3}}(?:one[ \t]{{1,3}}|(?:an?|any)[ \t]{{1,3}}
         (?:[\w'\u2019-]{{1,30}}[ \t]{{1,3}}(?:\r?\n[ \t]{{0,40}})?){{1,3}}?)
         (?:that|which|who|whose|where|in[ \t]{{1,3}}which)\b)
    )
    """
)
# 'For an executable file, complete source code means ...', 'For the purposes of this
# definition, submitted means ...': a lower-case term after an introductory phrase at
# the head of a sentence; '..., where access means to view ...'.
_LOW_WORD = r"\p{Ll}[\p{L}\-]{1,30}"
_INTRO_WORDS = ("For ", "In ", "Under ", "Within ", "Throughout ")
_MEANS_NEXT = (
    r"[ \t]{1,3}(?:\r?\n[ \t]{0,40})?(?:shall[ \t]{1,3})?(?:means|mean)[ \t]{1,3}"
    r"(?:\r?\n[ \t]{0,40})?(?P<next>the|a|an|any|all|each|every"
)
# ('For example, use reasonable means to ...' gives an example, it defines nothing.)
_INTRO_TERM = regex.compile(
    rf"""(?x)
    (?:For|In|Under|Within|Throughout)\b
    (?![ \t]{{1,3}}(?:example|instance|other[ \t]{{1,3}}words|particular|addition|short|fact
       |general|practice|turn)\b)
    (?:[^,.;:\n"\u201c\u201d]|\n(?![ \t]*\n)){{1,80}},[ \t]{{1,3}}(?:\r?\n[ \t]{{0,40}})?
    (?P<term>{_LOW_WORD}(?:[ \t]{{1,3}}(?:\r?\n[ \t]{{0,40}})?{_LOW_WORD}){{0,3}})
    {_MEANS_NEXT})\b
    """
)
_WHERE_QUOTED = regex.compile(r"(?i),[ \t]{0,3}(?P<where>where)[ \t\n]{1,3}[*_]{0,2}\Z")
_WHERE_TERM = regex.compile(rf"where[ \t]{{1,3}}(?P<where>{_LOW_WORD}){_MEANS_NEXT}|to)\b")
# A definitions-list entry whose body is an infinitive ('i. Benchmark: To access the
# Data, ...'): the term names a right or an act. Only after a list label.
_TO_BODY = regex.compile(r"[ \t]{0,10}[*_]{0,2}[ \t]{0,3}To[ \t]{1,3}\p{Ll}{2,30}\b")
# Chinese: '此处的控制是指' ("here, control means"), '本协议所称X是指' ("X, as used in this
# agreement, means").
_CJK_VERBS = ("\u662f\u6307", "\u7cfb\u6307", "\u6307\u7684\u662f")
_CJK_HERE = regex.compile(
    r"(?:(?:\u6b64\u5904|\u672c\u6761|\u672c\u6b3e|\u672c\u534f\u8bae|\u672c\u8bb8\u53ef\u8bc1?"
    r"|\u672c\u5408\u540c)\u4e2d?(?:\u7684|\u6240\u79f0\u7684?|\u6240\u8ff0\u7684?)"
    r"|\u6240\u79f0\u7684?)"
    r"(?P<term>\p{Han}{1,8}?)[\uff0c,]?(?:\u662f\u6307|\u7cfb\u6307|\u6307\u7684\u662f)"
)

# --- Acronyms (form 1) -----------------------------------------------------------------
# '(MAU)' right after words whose initials spell it: 'monthly active users (MAU)',
# 'Department of Defense (DOD)', 'application-specific integrated circuits (ASICs)'. Two
# to six capitals, then at most a digit or a plural "s". Small words may give their
# initial or be skipped; a hyphenated word gives its first initial or one per part. The
# phrase starts and ends with a content word and has at least two of them, and it is the
# shortest phrase ending right before the parenthesis that spells the acronym.
_ACRONYM = regex.compile(r"\((?P<acr>\p{Lu}(?:&?\p{Lu}){1,5})(?:[0-9]|s)?\)")
_ACRONYM_WORD = regex.compile(
    r"[\p{L}\p{N}]{1,40}(?:[-\u2010\u2011][\p{L}\p{N}]{1,40}){0,3}(?:['\u2019]\p{L}{1,2})?")
# Between the phrase and its acronym: a few spaces, or a line break ('... Abuse
# Material\n(CSAM)').
_ACRONYM_LEAD = regex.compile(r"(?r)(?:[ \t\u00a0]{0,3}\r?\n[ \t]{0,40}|[ \t\u00a0]{1,3})\Z")
_HYPHEN = regex.compile(r"[-\u2010\u2011]")
_ACRONYM_SEP = regex.compile(r"[ \t\u00a0]{1,3}(?:&[ \t]{1,3})?|[ \t]{0,3}\r?\n[ \t]{0,40}")
_ACRONYM_SMALL = frozenset({"of", "and", "the", "for", "in", "on", "to", "a", "an", "at", "by"})
_ACRONYM_WINDOW = 200
# 'FAQ (Frequently Asked Questions)': the acronym right before the parenthesis.
_ACRONYM_BEFORE = regex.compile(r"(?r)(?<![\w-])(?P<acr>\p{Lu}{2,6})s?[ \t]{1,3}\Z")
_BLANK_LINE = regex.compile(r"(?r)\n[ \t]{0,40}\n[ \t]{0,40}")
_NUMBER_AFTER = regex.compile(r"[ \t]{0,3},?[ \t]{0,3}(?:\p{Lu}{0,3}\d)")
_NAME_WORD = regex.compile(r"[\w'\u2019&-]{1,30}")

# --- Licensee ----------------------------------------------------------------------
_LICENSEE_NAMES = frozenset({
    "you", "your", "yours", "yourself", "licensee", "licensees", "licencee", "licencees",
    "recipient", "recipients", "user", "users", "end user", "end users", "customer",
    "customers", "lessee", "lessees", "licenci\u00e9", "licenci\u00e9e", "lizenznehmer",
    # Chinese "you" (polite and plain), "licensee", "user"; Japanese "licensee".
    "\u60a8", "\u4f60", "\u88ab\u8bb8\u53ef\u4eba", "\u88ab\u8bb8\u53ef\u65b9",
    "\u7528\u6237", "\u30e9\u30a4\u30bb\u30f3\u30b7\u30fc",
})
# A person or entity described by what a licensee does: exercising the rights, accepting
# or agreeing to the terms, receiving or using the licensed thing ("the individual or
# entity exercising permissions", "any person who accepts these terms").
_PERSON_CUE = (
    r"\b(?:person|persons|individual|individuals|entity|entities|organi[sz]ations?"
    r"|company|companies)(?:\(s\)|\(ies\))?,?\s{1,3}(?:(?:that|who|which)\s{1,3})?"
    r"(?:exercis\w{0,4}|accept\w{0,4}|agree\w{0,4}|receiv\w{0,4}|obtain\w{0,4}"
    r"|download\w{0,4}|us(?:es|ing)|access\w{0,4})\b"
)
# In a definition the person must head the description: 'means an individual or entity
# exercising ...', not 'means use solely by the person downloading ...' (at most four
# words before the noun, none of them a preposition).
_PERSON_BODY = regex.compile(
    rf"(?i)[\s*_:,\-]{{0,8}}(?:(?!(?:by|for|to|of|from|with|in|on|at|through)\b)"
    rf"[\w'\u2019-]{{1,30}}[\s,]{{1,3}}){{0,4}}?{_PERSON_CUE}"
)
# In an inline definition the person must end the noun phrase right before the
# parenthesis: 'the entity receiving the tool ("Recipient")', not 'any person obtaining a
# copy of this software (the "Software")'. Matched backwards from the '('.
_PERSON_BEFORE = regex.compile(
    rf"(?ir){_PERSON_CUE}(?:\s{{1,3}}[\w'\u2019-]{{1,30}}){{0,3}}[\s,]{{0,3}}\Z"
)
# Cheap substring test before the searches above: most descriptions name no person.
_PERSON_WORDS = ("person", "individual", "entit", "organi", "compan")
# '"Licensee" means you, or your employer' names the licensee; '"Notice" means you have
# been told' does not: "you" must stand alone as the whole or the head of a list.
_YOU_BODY = regex.compile(
    r"(?i)[\s*_:,\-]{0,8}(?:(?:means|mean|shall\s{1,3}mean|refers\s{1,3}to)\s{1,3})?"
    r"(?:you|yourself)\s{0,3}(?:[,;.)]|or\b|and\b|\Z)"
)
# 'between Acme and you ("Licensee")' names "you"; 'made available to you ("Effective
# Date")' does not. Matched backwards from the '('.
_YOU_BEFORE = regex.compile(
    r"(?ir)(?<!\b(?:to|by|for|from|with|of|on|upon|at|about|through|via)\s{1,3})"
    r"\b(?P<conj>(?:and|or|&)\s{1,3})?(?:you|yourself)[\s,]{0,3}\Z"
)
_ARTICLE = regex.compile(r"(?i)(?:the|a|an)\s{1,3}")


def _is_licensee(names: Sequence[str], description: str, inline: bool) -> bool:
    for name in names:
        article = _ARTICLE.match(name)
        if name[article.end() if article else 0:].casefold() in _LICENSEE_NAMES:
            return True
    if inline:
        you = _YOU_BEFORE.search(description)
        # 'Acme and you (the "Parties")' names both sides, not the licensee.
        if you is not None and not (you.group("conj") and names[0].endswith("s")):
            return True
        person = _PERSON_BEFORE
    else:
        if _YOU_BODY.match(description) is not None:
            return True
        person = _PERSON_BODY
    low = description.casefold()
    if not any(word in low for word in _PERSON_WORDS):
        return False
    found = person.search(description) if inline else person.match(description)
    return found is not None


# --- The scanner ---------------------------------------------------------------------
@dataclass(frozen=True)
class _Found:
    """A definition before de-duplication; whether it names the licensee is decided only
    for the ones kept."""

    start: int
    end: int
    term_start: int
    term_end: int
    aliases: tuple[tuple[int, int], ...]
    form: str
    description: str
    inline: bool
    # Which recogniser found it (for audits; not part of the Definition).
    rule: str = ""

    def definition(self, text: str) -> Definition:
        term = text[self.term_start:self.term_end]
        aliases = tuple(text[a:b] for a, b in self.aliases)
        return Definition(
            term=term, aliases=aliases, start=self.start, end=self.end,
            term_start=self.term_start, term_end=self.term_end,
            licensee=_is_licensee((term, *aliases), self.description, self.inline),
            form=self.form,
        )


class _Region:
    """Finds the definitions of one region (the whole text, or one given span)."""

    def __init__(self, text: str, lo: int, hi: int, given_span: bool) -> None:
        self.text, self.lo, self.hi, self.given_span = text, lo, hi, given_span
        self.sentences = _Sentences(text, lo, hi)
        self.found: list[_Found] = []
        # Where "means"/"refers" and "is a/the" stand (see unquoted).
        self.verb_cues: list[int] = []
        self.is_cues: list[int] = []

    def _make(
        self, token_span: tuple[int, int], aliases: Sequence[tuple[int, int]], start: int,
        end: int, form: str, description: str, inline: bool = False, rule: str = "",
    ) -> None:
        ts, te = token_span
        start, end = min(start, ts), max(end, te)
        while end > te and self.text[end - 1].isspace():
            end -= 1
        te, names = _names_in_term(self.text, ts, te)
        self.found.append(_Found(start, end, ts, te, (*names, *aliases), form, description,
                                 inline, rule or form))

    def _links(self, tokens: list[_Token]) -> list[tuple[int, int] | None]:
        """For each token, ``(k, after)`` when the tokens after it up to ``tokens[k]`` are
        chained to it as other names ('"X" or "Y"', '"X" (or "Y")', '"X" and its variants
        (such as "Y" and "Z")') and the chain ends at ``after``, else None. Found once for
        all tokens, so a long run of quoted words costs one pass."""
        links: list[tuple[int, int] | None] = [None] * len(tokens)
        text = self.text
        for j in range(len(tokens) - 1):
            pos, nxt = tokens[j].end, tokens[j + 1]
            if nxt.start - pos > 16:
                if nxt.start - pos <= 60:
                    links[j] = self._variants(tokens, j)
                continue
            gap = _ALIAS_GAP.match(text, pos, nxt.start)
            after = nxt.end
            if gap is None:
                # '"We," "us," and "our"': the comma sits inside the quotes; '"Acme" "we"
                # "our" or "us"': names side by side on one line.
                inside = text[tokens[j].term_end:pos]
                if not (_LINE_GAP.fullmatch(text, pos, nxt.start) or (
                        "," in inside and _SPACE_GAP.fullmatch(text, pos, nxt.start))):
                    continue
            elif gap.group("paren"):
                close = _CLOSE_PAREN.match(text, after, self.hi)
                if close is None:
                    continue
                after = close.end()
            links[j] = (j + 1, after)
        return links

    def _variants(self, tokens: list[_Token], j: int) -> tuple[int, int] | None:
        """'"Including" and its variants (such as "include" and "includes")': the quoted
        forms in the parenthesis, up to its ')', are names of the first term."""
        text = self.text
        if _VARIANTS_GAP.fullmatch(text, tokens[j].end, tokens[j + 1].start) is None:
            return None
        k = j + 1
        while k - j < _MAX_ALIASES:
            close = _CLOSE_PAREN.match(text, tokens[k].end, self.hi)
            if close is not None:
                return k, close.end()
            if (k + 1 >= len(tokens) or tokens[k + 1].start - tokens[k].end > 16
                    or _ALIAS_GAP.match(text, tokens[k].end, tokens[k + 1].start) is None):
                return None
            k += 1
        return None

    @staticmethod
    def _alias_chain(tokens: list[_Token], links: list[tuple[int, int] | None],
                     i: int) -> tuple[int, int]:
        """Return the index of the last token chained to ``tokens[i]`` as an alias, and
        the position after the chain (after the ')' of '(or "Y")')."""
        j, pos = i, tokens[i].end
        while j - i < _MAX_ALIASES:
            link = links[j]
            if link is None:
                break
            j, pos = link
        return j, pos

    def _inline(self, tok: _Token, aliases: list[_Token], after: int) -> bool:
        text = self.text
        window = max(self.lo, tok.start - 80)
        # Cheap test first: with no '(' and no "here(in)after" ("ere") before the term, the
        # inline form cannot match, and the regex is not run at all.
        if (text.rfind("(", window, tok.start) < 0 and text.rfind("\uff08", window, tok.start) < 0
                and text.rfind("ere", window, tok.start) < 0
                and "you," not in text[max(window, tok.start - 16):tok.start].lower()):
            return False
        left = _INLINE_LEFT.search(text, window, tok.start)
        if left is None:
            return False
        right = _INLINE_RIGHT_PAREN if left.group("paren") or left.group("gathered") \
            else _INLINE_RIGHT_BARE
        close = right.match(text, after, self.hi)
        if close is None:
            return False
        if self.given_span:
            start, end = self.lo, self.hi
        else:
            start = self.sentences.start_of(left.start())
            # From the closing parenthesis: a full stop inside it ('という。）') ends nothing.
            end = self.sentences.end_after(close.end())
        # An appositive ('you, the "End User"') is described by the "you" it names.
        named_end = left.end("you") if left.group("you") else left.start()
        before = text[max(start, left.start() - 160):named_end]
        self._make((tok.term_start, tok.term_end),
                   [(a.term_start, a.term_end) for a in aliases], start, end, "inline",
                   before, inline=True)
        return True

    def _called(self, tok: _Token, aliases: list[_Token], after: int) -> bool:
        text = self.text
        window = max(self.lo, tok.start - 100)
        rule = ""
        if _CALLED_LEFT.search(text, window, tok.start) is not None:
            form = "called"
        elif (_CONDITIONAL_RIGHT.match(text, after, self.hi) is not None
              and _CONDITIONAL_LEFT.search(text, window, tok.start) is not None):
            form = "conditional"
        elif (_PREDICATE_LEFT.search(text, window, tok.start) is not None
              and (text[tok.term_end:tok.end].lstrip("*_ ")[:1] in (".", ",")
                   or _PREDICATE_RIGHT.match(text, after, self.hi) is not None)
              and _PREDICATE_NOT_NEXT.match(text, after, self.hi) is None):
            form, rule = "called", "predicate"
        else:
            return False
        start = self.sentences.start_of(tok.start)
        end = self.sentences.end_after(after)
        self._make((tok.term_start, tok.term_end),
                   [(a.term_start, a.term_end) for a in aliases], start, end, form, "",
                   rule=rule)
        return True

    def _headed(self, tok: _Token, aliases: list[_Token], after: int) -> bool:
        text = self.text
        limit = min(self.hi, after + 400)
        if _NEXT_CHAR.match(text, after, limit) is None:
            return False
        if _AS_DEFINED.match(text, after, limit) is not None:
            return False
        m = _ADJACENT.match(text, after, limit)
        aside_verb: regex.Match[str] | None = None
        if m is None:
            # Without a verb in any of the shapes below, the lead need not be read (it
            # costs the most: it needs the sentence boundaries around the term).
            # (_WITH_LONG_FILLER matches wherever _WITH_FILLER does.)
            aside_verb = _ASIDE_VERB.match(text, after, limit)
            if aside_verb is None and _WITH_LONG_FILLER.match(text, after, limit) is None:
                return False
        lead = _lead(text, tok.start, self.lo, self.sentences)
        if lead is None and m is not None:
            # '... with a party, where "control" is the power to ...': a term defined
            # inside the sentence that uses it.
            where = _WHERE_QUOTED.search(text, max(self.lo, tok.start - 24), tok.start)
            if where is not None and (m.group("means") is not None or (
                    m.group("is") is not None and _det_defines(text, m, limit))):
                lead = _Lead("where", "", where.start("where"))
        filler = ""
        aside: regex.Match[str] | None = None
        if m is None and lead is not None:
            # '"X" (if any) are ...', '"X" as used in this License means ...' (form 5).
            aside = aside_verb
            if aside is not None and aside.group("byref") is not None:
                if aside.group("asused") is None:
                    return False  # '"X" (in Part 2) is defined in ...' refers to it
                return self._defined(tok, aliases, lead, aside.end(), "as-used", "aside")
            m = aside
            if m is None:
                m = _WITH_FILLER.match(text, after, limit)
                if m is None and lead.kind == "to":
                    # 'To "Preserve the Title" of such a section when you modify the
                    # Document means ...': the infinitive may take a longer object.
                    m = _WITH_LONG_FILLER.match(text, after, limit)
                if m is not None:
                    filler = m.group("filler")
                    if filler.replace(",", " ").split()[-1].casefold() in _FILLER_END_STOP:
                        return False
        if m is None:
            return False
        kind = lead.kind if lead is not None else ""
        det = lead.det if lead is not None else ""
        rule = "aside" if aside is not None else ""
        if aside is not None and (m.group("list") is not None or m.group("aux") is not None):
            return False
        if kind == "to" or det == "to":
            # 'To "modify" a work means ...': the verb defined, then what it means.
            if m.group("means") is None and m.group("meaning") is None:
                return False
            form = "to-verb"
        elif m.group("list") is not None:
            line_start = text.rfind("\n", self.lo, tok.start) + 1
            at_line_start = _classify(text, max(line_start, self.lo), tok.start)
            if filler or at_line_start is None or at_line_start.kind != "start":
                return False
            if _LIST_BODY.match(text, m.end(), self.hi) is None:
                # '"Database" - A collection ...' (form 4): a capital opens the body only
                # after a term in quote marks; '**Ownership**: The ...' is a heading.
                if text[tok.start] in "*_" or not _capital_body(text, m.end(), self.hi):
                    return False
                rule = "list-cap"
            form = "list"
        elif m.group("is") is not None or m.group("aux") is not None:
            # 'The "Licensor" is the person ...' (form 6): a capital "The" heading the
            # sentence, then a determiner; 'the "Software" is provided' stays a statement.
            # ('THE "EFFECTIVE DATE" OF THIS AGREEMENT IS THE DATE ...': the term may be
            # tied to the document it belongs to.)
            the_is = (kind == "the" and lead is not None and aside is None
                      and (not filler or _OF_THIS.fullmatch(filler) is not None)
                      and m.group("is") is not None
                      and text[lead.start:tok.start].strip(" \t*_") in ("The", "THE")
                      and _det_defines(text, m, limit))
            if not the_is and (kind not in ("start", "article", "as-used", "intro", "where")
                               or det == "the"):
                return False
            if m.group("aux") is not None:
                # 'As used herein, "X" shall ...': the introduction makes it a definition.
                if kind != "as-used":
                    return False
            elif m.group("next").casefold() in _NOT_DEFINING_NEXT or _is_participle(
                    m.group("next")):
                return False
            elif aside is not None and not _det_defines(text, m, limit):
                return False  # '"Tool" (beta) is experimental' says something about it
            if the_is:
                rule = "the-is"
            form = "is"
        else:
            form = next(name for name in ("means", "refers", "meaning", "includes")
                        if m.group(name) is not None)
        if kind == "as-used":
            form = "as-used"
        if not rule and m.group("means") is not None and not m.group("means")[:1].isascii():
            rule = "cjk"
        # The description starts after the verb; after "is" the word read ahead is its own.
        body = m.start("next") if m.group("next") is not None else m.end()
        return self._defined(tok, aliases, lead, m.end(), form, rule, body)

    def _defined(
        self, tok: _Token, aliases: list[_Token], lead: _Lead | None, verb_end: int,
        form: str, rule: str, body: int = -1,
    ) -> bool:
        """Record a definition headed by ``tok``, spanning its sentence from the lead."""
        text = self.text
        start = lead.start if lead is not None else self.sentences.start_of(tok.start)
        end = self.sentences.end_after(verb_end)
        if body < 0:
            body = verb_end
        self._make((tok.term_start, tok.term_end),
                   [(a.term_start, a.term_end) for a in aliases], start, end, form,
                   text[body:min(end, body + 250)], rule=rule)
        return True

    def quoted(self) -> None:
        tokens = _tokens(self.text, self.lo, self.hi)
        links = self._links(tokens)
        i = 0
        while i < len(tokens):
            last, after = self._alias_chain(tokens, links, i)
            tok, aliases = tokens[i], tokens[i + 1:last + 1]
            # The inline form first: '(the "Model") means' is rare, '(the "Model")' common.
            if (self._inline(tok, aliases, after) or self._headed(tok, aliases, after)
                    or self._called(tok, aliases, after)):
                i = last + 1  # the aliases are names of this term, not terms of their own
            else:
                i += 1

    def unquoted(self) -> None:
        text = self.text
        # All-caps colon entries after a numbered label (form 4): (label start, match,
        # whether the body alone makes it a definition, as in 'TERM: the ...').
        caps: list[tuple[int, regex.Match[str], bool]] = []
        pending_is: list[regex.Match[str]] = []
        verbs = _starts(_CUE_VERBS, text, self.lo, self.hi)
        is_dets = _starts(_CUE_IS, text, self.lo, self.hi)
        self.verb_cues, self.is_cues = verbs, is_dets
        for pos in self._anchors(verbs, is_dets):
            at_line_start = pos == self.lo or text[pos - 1] == "\n"
            m = _UNQUOTED.match(text, pos, min(self.hi, pos + 400))
            if at_line_start and self._article_entry(pos):
                continue
            if m is not None and self._unquoted_ok(m, pos, at_line_start):
                if m.group("open") and m.group("list") is None:
                    continue  # '**Model** means': read with the quoted tokens
                if self._unquoted(m, at_line_start, caps):
                    continue
            elif _follows(verbs, pos, 300) and self._sentence_case(pos, at_line_start):
                continue
            if at_line_start and _follows(is_dets, pos, 300):
                is_m = _UNQUOTED_IS.match(text, pos, min(self.hi, pos + 300))
                if is_m is not None and self._unquoted_is_ok(is_m):
                    pending_is.append(is_m)
        self._caps_block(caps)
        self._unquoted_is(pending_is)

    def _line_floor(self, pos: int, floor: int) -> int:
        """The start of the line holding ``pos``, or ``floor`` if that is later."""
        return max(floor, self.text.rfind("\n", floor, pos) + 1)

    def _anchors(self, verbs: list[int], is_dets: list[int]) -> list[int]:
        """The anchors of unquoted() (the region start and the ends of _UNQUOTED_ANCHOR)
        where one of its patterns can match and be kept, in text order.

        Each pattern needs a cue after the anchor, and none reads more than 400
        characters: _UNQUOTED and _SENTENCE_TERM a verb (in ``verbs``) on the anchor's
        line or the next one (their only line break is the one before the verb), at most
        nine words after it (see _TERM_REACH); _UNQUOTED a list mark on the same line,
        and its list entries count only at a line start; _UNQUOTED_IS an "is a" (in
        ``is_dets``) on the same line, at most 300 characters after a line start. Most
        lines of a long licence hold no cue, and are not tried at all.
        """
        text, lo, hi = self.text, self.lo, self.hi
        windows: list[tuple[int, int]] = []  # (first, last) position of the anchors
        for cue in verbs:
            floor = max(lo, cue - 400)
            line = self._line_floor(cue, floor)
            floor = self._line_floor(line - 1, floor) if line > floor else floor
            reach = _TERM_REACH.search(text, floor, cue)
            windows.append((reach.start() if reach is not None else floor, cue))
        # Before a list mark, a label and a term of up to seven words; before "is a", a
        # label and up to four words. (str.split counts the words: none holds a blank.)
        for cues, back, words in ((self._list_marks(), 400, 8), (is_dets, 300, 5)):
            for cue in cues:
                line = self._line_floor(cue, max(lo, cue - back))
                if ((line == lo or text[line - 1] == "\n")
                        and len(text[line:cue].split(None, words)) <= words):
                    windows.append((line, line))
        windows.sort()
        anchors: list[int] = []
        first, last = lo, lo - 1
        for start, end in [*windows, (hi + 1, hi + 1)]:
            if start <= last + 1:
                last = max(last, end)
                continue
            if first == last and (first == lo or text[first - 1] == "\n"):
                anchors.append(first)  # a line start, and no other anchor
            elif first <= last:
                # The anchors from first to last. (A match of _UNQUOTED_ANCHOR is at most
                # five characters long, and none overlaps another.)
                if first == lo:
                    anchors.append(lo)
                for m in _UNQUOTED_ANCHOR.finditer(text, max(lo, first - 5), min(hi, last + 1)):
                    if first <= m.end() <= last:
                        anchors.append(m.end())
            first, last = start, end
        return anchors

    def _list_marks(self) -> list[int]:
        """Where the list mark of _UNQUOTED can start: a colon, or a blank before a dash."""
        text, lo = self.text, self.lo
        return [at if text[at] == ":" else at - 1 for at in _marks(text, _LIST_MARKS, lo, self.hi)
                if text[at] == ":" or (at > lo and text[at - 1] in " \t")]

    def _unquoted(self, m: regex.Match[str], at_line_start: bool,
                  caps: list[tuple[int, regex.Match[str], bool]]) -> bool:
        text = self.text
        ts, te = m.span("term")
        if m.group("list") is not None:
            if not at_line_start:
                return False
            body = _LIST_BODY.match(text, m.end(), self.hi) is not None or (
                m.group("label") is not None and m.group("list").strip() == ":"
                and _TO_BODY.match(text, m.end(), self.hi) is not None)
            if (m.group("label") and m.group("list").strip() == ":"
                    and _NUMBERED_LABEL.match(m.group("label")) is not None
                    and _caps_or_title(text[ts:te]) and not m.group("open")):
                caps.append((m.start("label"), m, body))
            if not body:
                return False
            form = "list"
        else:
            form = "unquoted"
        end = self.sentences.end_after(m.end())
        self._make((ts, te), [], ts, end, form, text[m.end():min(end, m.end() + 250)])
        return True

    def _article_entry(self, pos: int) -> bool:
        """'- The Original Work or the Software: the software ...' (the EUPL's list): an
        entry of a definitions list whose term is written with its article. The article
        is no part of the name, and "or (the)" adds a second name for the same thing
        ('- The Licensee or "You": any natural or legal person ...')."""
        text = self.text
        m = _ARTICLE_ENTRY.match(text, pos, min(self.hi, pos + 300))
        if m is None:
            return False
        spans: list[tuple[int, int]] = []
        begin, te = m.span("names")
        for joint in _NAME_JOINT.finditer(text, begin, te):
            spans.append((begin, joint.start()))
            begin = joint.end()
        spans.append((begin, te))
        spans = [(a + 1, b - 1) if text[a] in _OPEN_QUOTES else (a, b) for a, b in spans]
        if not all(text[a:a + 1].isupper() for a, _ in spans):
            return False
        end = self.sentences.end_after(m.end())
        self._make(spans[0], spans[1:], m.start("article"), end, "list",
                   text[m.end():min(end, m.end() + 250)], rule="article-list")
        return True

    def _caps_block(self, caps: list[tuple[int, regex.Match[str], bool]]) -> None:
        """Accept the all-caps (or Title Case) colon entries with a capitalised body that
        stand in a block of at least two such entries (form 4; see _NUMBERED_LABEL)."""
        text = self.text
        shaped = [
            body or (not (set(m.group("term").casefold().replace("-", " ").split())
                          & _HEADING_WORDS)
                     and _capital_body(text, m.end(), self.hi)
                     # A Title Case term needs a determiner to open its body: a name or
                     # a sentence after it ('Bundles: Acme Pro includes ...', 'Title:
                     # All rights in the Model ...') reads as a heading run in.
                     and (m.group("term").isupper()
                          or _TITLE_ENTRY_BODY.match(text, m.end(), self.hi) is not None))
            for _, m, body in caps
        ]

        def adjacent(i: int, j: int) -> bool:
            if not (0 <= j < len(caps) and shaped[j]):
                return False
            a, b = sorted((i, j))
            gap_start = text.find("\n", caps[a][1].end(), caps[b][0])
            if gap_start < 0 or caps[b][0] - gap_start > 600:
                return False
            gap = text[gap_start + 1:caps[b][0]]
            return (gap.count("\n") <= _BLOCK_GAP_LINES
                    and _LABEL_LINE.search(gap) is None)

        for i, (_, m, body) in enumerate(caps):
            if body or not shaped[i] or not (adjacent(i, i - 1) or adjacent(i, i + 1)):
                continue
            ts, te = m.span("term")
            end = self.sentences.end_after(m.end())
            self._make((ts, te), [], ts, end, "list", text[m.end():min(end, m.end() + 250)],
                       rule="list-caps")

    def _sentence_case(self, pos: int, at_line_start: bool) -> bool:
        """'Political campaign material refers to ...' (form 2)."""
        text = self.text
        m = _SENTENCE_TERM.match(text, pos, min(self.hi, pos + 300))
        if m is None:
            return False
        words = m.group("term").split()
        if all(w[:1].isupper() for w in words):
            return False  # Title Case: the rule of _UNQUOTED decides
        first = words[0].casefold().strip("'\u2019")
        if first in _NOT_TERM_START or first in _SENTENCE_FIRST_STOP:
            return False
        if words[-1].casefold() in _SENTENCE_SMALL:
            return False
        for w in words[1:]:
            low = w.casefold()
            if low.endswith("ly") or (low.endswith("ed") and len(low) > 4):
                return False
        if m.group("next").casefold() in _SENTENCE_NEXT_STOP:
            return False
        if not self._line_start_ok(m, pos, at_line_start):
            return False
        ts, te = m.span("term")
        end = self.sentences.end_after(m.end())
        body = m.start("next")
        self._make((ts, te), [], ts, end, "unquoted", text[body:min(end, body + 250)],
                   rule="sentence-case")
        return True

    def _unquoted_is_ok(self, m: regex.Match[str]) -> bool:
        words = m.group("term").split()
        first = words[0].casefold().strip("'\u2019")
        if first in _NOT_TERM_START or first in _UNQUOTED_IS_FIRST_STOP:
            return False
        nxt = m.group("next").casefold()
        return (nxt not in _NOT_DEFINING_AFTER_DET and nxt not in _NOT_DEFINING_NEXT
                and not _is_participle(nxt))

    def _unquoted_is(self, pending: list[regex.Match[str]]) -> None:
        """'d. Representation is a transformation ...' (form 3), kept only within
        _LIST_NEIGHBOUR characters of a definition of another shape."""
        if not pending:
            return
        starts = sorted(f.start for f in self.found if f.form in _NEIGHBOUR_FORMS)
        for m in pending:
            ts, te = m.span("term")
            i = bisect.bisect_left(starts, ts - _LIST_NEIGHBOUR)
            if i >= len(starts) or starts[i] > ts + _LIST_NEIGHBOUR:
                continue
            end = self.sentences.end_after(m.end())
            body = m.start("det")
            self._make((ts, te), [], ts, end, "unquoted", self.text[body:min(end, body + 250)],
                       rule="unquoted-is")

    def named(self) -> None:
        """Unquoted names given in passing: 'defined herein as X', '(the X)', a bare
        '(Licensee)', 'X (meaning ...)', 'ABC (Alpha Beta Cappa)', 'An X is one that',
        'For ..., x means', and the Chinese '此处的X是指'."""
        text, lo, hi = self.text, self.lo, self.hi
        # Each pattern is tried only where a cheap cue stands: str.find for the rare words,
        # the verb cues found by unquoted() for the patterns that end in a verb.
        cues = [*self.verb_cues, *self.is_cues]
        for word in ("defined", "referred", " one ", "called", "termed", "known as"):
            at = text.find(word, lo, hi)
            while at >= 0:
                if word == " one ":
                    cues.append(at)  # 'An X is one that'
                else:
                    self._named_as(at, called=word in ("called", "termed", "known as"))
                    if word == "defined":
                        cues.append(at)  # 'A X shall be defined as'
                at = text.find(word, at + len(word), hi)
        for m in _PAREN_NAME.finditer(text, lo, hi):
            if m.group("named") is not None:
                self._paren_named(m)
            elif m.group("meaning") is not None:
                self._paren_meaning(m)
            else:
                group = "bare" if m.group("bare") is not None else "exp"
                if not self._acronym_after(m, group) and group == "bare":
                    self._bare_name(m)
        heads: set[int] = set()
        for cue in sorted(cues):
            head = self.sentences.start_of(cue)
            if head in heads:
                continue
            heads.add(head)
            label = _LEAD_LABELS.match(text, head, cue)
            at = label.end() if label is not None else head
            found: regex.Match[str] | None = None
            if text.startswith(("A ", "An ", "The ", "A\t", "An\t", "The\t"), at):
                found = _ARTICLE_TERM.match(text, at, min(hi, cue + 120))
                if found is not None:
                    self._article_term(found)
            elif text.startswith(_INTRO_WORDS, at):
                found = _INTRO_TERM.match(text, at, min(hi, cue + 80))
                if found is not None:
                    self._intro_term(found)
        for cue in self.verb_cues:
            where = text.rfind("where", max(lo, cue - 40), cue)
            if where >= 0:
                found = _WHERE_TERM.match(text, where, min(hi, cue + 80))
                if found is not None:
                    self._intro_term(found)
        # (Every one of the verbs holds the character 指: one quick test on most texts.)
        if "\u6307" not in text or not any(verb in text for verb in _CJK_VERBS):
            return
        for m in _CJK_HERE.finditer(text, lo, hi):
            ts, te = m.span("term")
            start = self.sentences.start_of(m.start())
            end = self.sentences.end_after(m.end())
            self._make((ts, te), [], start, end, "means", text[m.end():min(end, m.end() + 250)],
                       rule="cjk-here")

    def _named_as(self, at: int, called: bool = False) -> None:
        """'providers, defined herein as Third Party Content, ...' at ``at``; with
        ``called``, 'the person who distributes it, hereafter called the Distributor,
        ...', which needs "herein", "hereinafter" or "hereafter" before the verb."""
        text = self.text
        if at > self.lo and (text[at - 1].isalnum() or text[at - 1] == "_"):
            return
        m = (_CALLED_NAMED if called else _NAMED_AS).match(text, at, min(self.hi, at + 300))
        if m is None:
            return
        adverb = _NAMED_ADVERB.search(text, max(self.lo, at - 30), at) is not None
        if adverb or (not called and (m.group("adv2") or m.group("end") == ")")):
            self._passing(m.span("term"), m.start(), m.end(), "called", "named-as",
                          description="")

    def _title(self, ts: int, te: int) -> int | None:
        """The end of a Title Case name once trailing small words are dropped, or None
        when it is no name (a sentence opener, too many capitals)."""
        words = list(_NAME_WORD.finditer(self.text, ts, te))
        while words and not words[-1].group()[:1].isupper():
            words.pop()
        if not words or words[0].group().casefold().strip("'\u2019") in _NOT_TERM_START:
            return None
        if sum(1 for w in words if w.group()[:1].isupper()) > _MAX_UNQUOTED_CAPS:
            return None
        return words[-1].end()

    def _passing(self, term: tuple[int, int], at: int, after: int, form: str, rule: str, *,
                 aliases: Sequence[tuple[int, int]] = (), inline: bool = False,
                 description: str | None = None, name_from: int = -1) -> bool:
        """Record a name given in passing (its Title Case checked from ``name_from`` when
        that is given, else from its start; no check when ``name_from`` is None), spanning
        the sentence from ``at`` to ``after``. An inline name is described by the words
        before ``at``."""
        ts, te = term
        if rule != "acronym-after":
            te_checked = self._title(max(ts, name_from), te)
            if te_checked is None:
                return False
            te = te_checked
        if self.given_span:
            start, end = self.lo, self.hi
        else:
            start = self.sentences.start_of(at)
            end = self.sentences.end_after(after)
        if description is None:
            description = self.text[max(start, at - 160):at]
        self._make((ts, te), aliases, start, end, form, description, inline=inline, rule=rule)
        return True

    def _paren_named(self, m: regex.Match[str]) -> None:
        """'(the License)', '(this License)', '(collectively, Extensions)'."""
        text = self.text
        ts, te = m.span("named")
        det = m.group("det")
        name_start = ts
        if det.casefold() == "this":
            ts = m.start("det")  # 'this License' is the name, as 'This License' in the GPL
        else:
            # 'SAX 2.0 (the Simple API for XML)' spells out a name, it gives none.
            initials = "".join(w[:1] for w in text[ts:te].split() if w[:1].isupper())
            before = text[max(self.lo, m.start() - 40):m.start()].split()[-3:]
            if any(w.strip(",.;:") == initials for w in before):
                return
        self._passing((ts, te), m.start(), m.end(), "inline", "paren-name", inline=True,
                      name_from=name_start)

    def _bare_name(self, m: regex.Match[str]) -> None:
        """'to you (Licensee)', 'this License (Customer).', 'this licence agreement
        (License)', 'XMOS Limited, ... (XMOS).' (see _PARTY_NAMES)."""
        text = self.text
        p = m.start()
        if p - 2 < self.lo or text[p - 1] not in " \t" or not (text[p - 2].isalnum()
                                                              or text[p - 2] in ",."):
            return
        if _CAPTION_BEFORE.search(text, max(self.lo, p - 40), p - 1) is not None:
            return
        if _NUMBER_AFTER.match(text, m.end(), self.hi) is not None:
            return  # an address or a citation: 'Ottawa (Canada) K1A 0R5', '(EU) 2021/914'
        name = m.group("bare")
        low = name.casefold()
        ok = low in _PARTY_NAMES or (low.endswith("s") and low[:-1] in _PARTY_NAMES)
        if not ok and " " not in name:
            # The name shortens the noun phrase right before it (back to the last
            # punctuation), or the one that opens the sentence or list entry.
            start = self.sentences.start_of(p)
            phrase = max(start, p - 80)
            for mark in "(),;:":
                phrase = max(phrase, text.rfind(mark, phrase, p) + 1)
            before = [w.group().casefold().removesuffix("'s").removesuffix("\u2019s")
                      for w in _NAME_WORD.finditer(text, phrase, p)]
            ok = low in before[-5:]
            # A party entry: '(1) XMOS Limited, ... London (XMOS).' after 'Parties:'.
            para = _BLANK_LINE.search(text, max(start, p - 400), p)
            for head_start in {start, para.end() if para else start}:
                head = _LEAD_LABELS.match(text, head_start, p)
                first = _NAME_WORD.match(text, head.end() if head else head_start, p)
                ok = ok or (first is not None and first.group() == name)
        if ok:
            self._passing(m.span("bare"), p, m.end(), "inline", "bare-paren", inline=True)

    def _paren_meaning(self, m: regex.Match[str]) -> None:
        """'the Participant Software (meaning the Contributor Version ...)', 'Your
        customer (which, ..., will mean ...)'."""
        nxt = m.group("mnext")
        if nxt.casefold() not in _MEANING_NEXT and not (
                nxt[:1].isupper() and nxt.casefold() not in _NOT_TERM_START):
            return
        text, p = self.text, m.start()
        end = p
        while end > self.lo and text[end - 1] in " \t":
            end -= 1
        run = _WORDS_BEFORE.search(text, max(self.lo, end - 160), end + 1)
        if run is None:
            return
        words = list(_NAME_WORD.finditer(text, run.start(), end))
        if not words:
            return
        last = words[-1].group()
        k = len(words) - 1
        if last.casefold() in ("you", "yourself"):
            pass
        elif any(c.isupper() for c in last):
            # A name: back over its capitalised words ('the Participant Software').
            while k > 0 and (words[k - 1].group()[:1].isupper()
                             or (words[k - 1].group() in ("of", "and", "for", "&") and k > 1
                                 and words[k - 2].group()[:1].isupper())):
                k -= 1
        else:
            # A common noun: up to three words after a determiner ('Your end user').
            while k > 0 and len(words) - k <= 3 and (
                    words[k - 1].group().casefold() not in _PHRASE_DETS):
                k -= 1
            if k == 0 or words[k - 1].group().casefold() not in _PHRASE_DETS:
                return
            if any(w.group().casefold() in _PHRASE_STOP for w in words[k:]):
                return
        body = m.start("meaning")
        self._make((words[k].start(), end), [], self.sentences.start_of(p),
                   self.sentences.end_after(m.end()), "means",
                   text[body:min(self.hi, body + 250)], rule="paren-meaning")

    def _acronym_after(self, m: regex.Match[str], group: str) -> bool:
        """'FAQ (Frequently Asked Questions)': the acronym before the words it spells."""
        text, p = self.text, m.start()
        acr = _ACRONYM_BEFORE.search(text, max(self.lo, p - 12), p)
        if acr is None:
            return False
        letters = acr.group("acr")
        words = [w.group() for w in _ACRONYM_WORD.finditer(text, m.start(group), m.end(group))]
        if len(words) > 2 * len(letters) + 2 or words[-1].casefold() in _ACRONYM_SMALL:
            return False
        if words[0][:1].upper() != letters[0] or not _spells(words, letters):
            return False
        if sum(1 for w in words if w.casefold() not in _ACRONYM_SMALL) < 2:
            return False
        ts, te = acr.span("acr")
        return self._passing((ts, te), ts, m.end(), "acronym", "acronym-after",
                             aliases=[m.span(group)], description="")

    def _head_ok(self, pos: int) -> bool:
        """Whether ``pos`` starts a sentence, or a line after a list label."""
        if pos == self.sentences.start_of(pos):
            return True
        line = self.text.rfind("\n", self.lo, pos) + 1
        return _LEAD_LABELS.fullmatch(self.text[max(line, self.lo):pos].lstrip()) is not None

    def _article_term(self, m: regex.Match[str]) -> None:
        """'An Excluded License is one that ...', 'The Standard is defined as ...'."""
        if m.group("art") == "The" and m.group("isa") is not None:
            return
        if not self._head_ok(m.start()):
            return
        word = _WORD_AFTER.match(self.text, m.end(), min(self.hi, m.end() + 60))
        if word is not None and word.group(1).casefold() in _SENTENCE_NEXT_STOP:
            return
        after = m.end()
        self._passing(m.span("term"), m.start(), after, "unquoted", "article-term",
                      description=self.text[after:min(self.hi, after + 250)])

    def _intro_term(self, m: regex.Match[str]) -> None:
        """'For an executable file, complete source code means ...', '..., where access
        means to view ...'."""
        group = "where" if "where" in m.re.groupindex else "term"
        words = m.group(group).split()
        if any(w.casefold() in _PHRASE_STOP or w.casefold() in _NOT_TERM_START for w in words):
            return
        if group == "term" and not self._head_ok(m.start()):
            return
        ts, te = m.span(group)
        start = self.sentences.start_of(m.start()) if group == "where" else m.start()
        end = self.sentences.end_after(m.end())
        self._make((ts, te), [], start, end, "unquoted",
                   self.text[m.start("next"):min(end, m.start("next") + 250)],
                   rule="intro-term" if group == "term" else "where-term")

    def spoken(self) -> None:
        """'When we speak of "Google," "we," "us," and "our," we mean Google Ireland
        Limited ...' (terms of service): the names first, the meaning after them."""
        text = self.text
        for cue in self.verb_cues:
            if not text.startswith("mean", cue):
                continue
            head = max(self.lo, self.sentences.start_of(cue))
            m = _SPOKEN.search(text, head, cue + 4)
            if m is not None:
                self._name_chain(m, "means", "spoken")

    def referred(self) -> None:
        """'we refer to X as the "Terms"', 'We may refer to "Google" as "we" or "us"' and
        'all references to "you" in the Terms refer to that entity': names given by
        saying how the text refers to something."""
        text = self.text
        for cue in self.verb_cues:
            if text.startswith("refer", cue):
                m = _REFER_AS.match(text, cue, min(self.hi, cue + 400))
                if m is not None and _REFER_SUBJECT.search(
                        text, max(self.lo, cue - 60), cue) is not None:
                    self._name_chain(m, "refers", "referred")
                    continue
            if not text.startswith(("refer", "mean"), cue):
                continue
            head = max(self.lo, self.sentences.start_of(cue), cue - 200)
            m = _REFERENCES_TO.search(text, head, cue)
            if m is not None:
                self._name_chain(m, "refers", "referred")

    def _name_chain(self, m: regex.Match[str], form: str, rule: str) -> None:
        """Define the quoted names of ``m``'s "names" group as one term and its other
        names, over the sentence from ``m``'s start. American punctuation puts the stop
        inside the quotes ('as the "Terms."'); it is no part of a name."""
        names = [(a, b - 1 if self.text[b - 1] == "." else b) for a, b in (
            q.span(1) for q in _QUOTED_NAME.finditer(self.text, *m.span("names")))]
        if not names or any(a >= b for a, b in names):
            return
        end = self.sentences.end_after(m.end())
        self._make(names[0], names[1:], m.start(), end, form,
                   self.text[m.end():min(end, m.end() + 250)], rule=rule)

    def han_list(self) -> None:
        """'1.2 模型:是指 ...' and '1.9 您(或您的):是指 ...': a Chinese definitions list,
        whose terms have no quotes and no capitals to tell them by."""
        text = self.text
        if not _HAN_VERB.search(text, self.lo, self.hi):
            return
        for m in _HAN_ENTRY.finditer(text, self.lo, self.hi):
            aliases = [m.span("alias")] if m.group("alias") else []
            end = self.sentences.end_after(m.end())
            self._make(m.span("term"), aliases, m.start("term"), end, "list",
                       text[m.end():min(end, m.end() + 250)], rule="han-list")

    def corresponding(self) -> None:
        """'Your has a corresponding meaning.' (Creative Commons 4.0): a word given the
        meaning of the term defined before it, in its own grammatical form."""
        text = self.text
        if text.find("meaning", self.lo, self.hi) < 0:
            return
        for m in _CORRESPONDING.finditer(text, self.lo, self.hi):
            ts, te = m.span("term")
            if ts > self.lo and not _SENTENCE_START_BEFORE.search(text, max(self.lo, ts - 6), ts):
                continue
            end = self.sentences.end_after(m.end())
            self._make((ts, te), [], ts, end, "meaning", text[m.start("verb"):end],
                       rule="corresponding-meaning")

    def acronyms(self) -> None:
        """'monthly active users (MAU)' (form 1): the acronym is the term, the phrase its
        alias; the span is the sentence."""
        text = self.text
        for m in _ACRONYM.finditer(text, self.lo, self.hi):
            gap = _ACRONYM_LEAD.search(text, max(self.lo, m.start() - 50), m.start())
            q = gap.start() if gap is not None else m.start()
            if q == self.lo or not text[q - 1].isalnum():
                continue
            window = max(self.lo, q - _ACRONYM_WINDOW)
            words = list(_ACRONYM_WORD.finditer(text, window, q))
            if not words or words[-1].end() != q:
                continue
            letters = m.group("acr").replace("&", "")  # 'research and development (R&D)'
            chain = [words[-1]]
            for k in range(len(words) - 2, -1, -1):
                if len(chain) >= 2 * len(letters) + 2:
                    break
                if words[k].start() == window and window > self.lo and text[window - 1].isalnum():
                    break  # cut by the window
                if _ACRONYM_SEP.fullmatch(text, words[k].end(), words[k + 1].start()) is None:
                    break
                chain.insert(0, words[k])
            first = _acronym_start([w.group() for w in chain], letters)
            if first is None:
                continue
            a, b = chain[first].start(), chain[-1].end()
            if text[b - 2:b] in ("'s", "\u2019s"):
                b -= 2  # "World Trade Organization's (WTO)"
            ts, te = m.start("acr"), m.start("acr") + len(m.group()) - 2
            start = self.sentences.start_of(a)
            end = self.sentences.end_after(m.end())
            self._make((ts, te), [(a, b)], start, end, "acronym", "", rule="acronym")

    def _unquoted_ok(self, m: regex.Match[str], pos: int, at_line_start: bool) -> bool:
        words = m.group("term").split()
        caps = [w for w in words if w[:1].isupper()]
        if not words[-1][:1].isupper() or len(caps) > _MAX_UNQUOTED_CAPS:
            return False
        if words[0].casefold().strip("'\u2019") in _NOT_TERM_START:
            return False
        return self._line_start_ok(m, pos, at_line_start)

    def _line_start_ok(self, m: regex.Match[str], pos: int, at_line_start: bool) -> bool:
        if m.group("label") or not at_line_start or pos == self.lo:
            return True
        # A line start without a label starts an entry only when the line before ended
        # one (punctuation), was blank, or was a short heading: in hard-wrapped prose a
        # line may begin in the middle of a sentence.
        prev_end = pos - 1
        prev_start = self.text.rfind("\n", max(self.lo, prev_end - 300), prev_end) + 1
        previous = self.text[prev_start:prev_end]
        return (not previous.strip() or len(previous.strip()) <= 60
                or _LINE_END_PUNCT.search(previous) is not None)


# Two names inside one pair of quotes: '"Party or Parties"', '"Licensor or Licensors"'.
# Split only when both are single words sharing their first three letters (a singular
# and its plural, a pronoun and its possessive): '"Hardware or Software"' names one thing.
_TERM_OR = regex.compile(
    r"(?P<a>[\w'\u2019-]{1,30})[ \t]{1,3}or[ \t]{1,3}(?P<b>[\w'\u2019-]{1,30})")
# A term quoted with its article ('"the Software"', '"The Program"') is also used without
# it; the name without the article becomes an alias.
_TERM_ARTICLE = regex.compile(r"(?i:the)[ \t\r\n]{1,3}(?=\p{L})")
# Two names of one thing in a list entry's term: 'The Original Work or the Software:'.
_NAME_JOINT = regex.compile(r"[ \t]{1,3}or[ \t]{1,3}(?:(?i:the)[ \t]{1,3})?")
_OPEN_QUOTES = "\"\u201c"


def _names_in_term(text: str, ts: int, te: int) -> tuple[int, list[tuple[int, int]]]:
    """Return the term's end and the other names its own text gives (see _TERM_OR and
    _TERM_ARTICLE)."""
    pair = _TERM_OR.fullmatch(text, ts, te)
    if pair is not None:
        a, b = pair.group("a"), pair.group("b")
        if len(a) >= 3 and a[:3].casefold() == b[:3].casefold():
            return pair.end("a"), [pair.span("b")]
    article = _TERM_ARTICLE.match(text, ts, te)
    if article is not None:
        return te, [(article.end(), te)]
    return te, []


_TITLE_ENTRY_BODY = regex.compile(
    r"[ \t]{0,10}(?:The|A|An|Any|Each|Every|All(?![ \t]{1,3}rights\b))[ \t]{1,3}\p{Ll}")


def _caps_or_title(term: str) -> bool:
    """An all-caps term, or one of at most four words each capitalised but the small
    ones ('Derivatives', 'Open Source Software'): the shapes of a definitions list's
    unquoted terms ('1.2 Derivatives: Any modifications ...')."""
    if term.isupper():
        return True
    words = term.split()
    return len(words) <= 4 and all(
        w[:1].isupper() or w in ("of", "and", "or", "for", "the", "in", "to") for w in words)


def _det_defines(text: str, m: regex.Match[str], limit: int) -> bool:
    """After '"X" is': a determiner, then a word that keeps it a definition ('is the
    person who ...', not 'is the property of ...')."""
    if m.group("next").casefold() not in _DEFINING_DETS:
        return False
    word = _WORD_AFTER.match(text, m.end("next"), limit)
    return word is not None and word.group(1).casefold() not in _NOT_DEFINING_AFTER_DET


def _capital_body(text: str, pos: int, hi: int) -> bool:
    """Whether a dash or colon entry's body opens with a capital determiner or a name
    (form 4) and is not a sentence (no finite verb in its first words)."""
    m = _LIST_BODY_CAP.match(text, pos, min(hi, pos + 200))
    if m is None:
        return False
    head = text[pos:min(hi, pos + 40)]
    clause = _BODY_CLAUSE_END.search(head)
    return _BODY_VERB.search(head[:clause.start()] if clause else head) is None


def _follows(positions: list[int], pos: int, window: int) -> bool:
    """Whether one of the sorted ``positions`` lies in ``[pos, pos + window]``."""
    i = bisect.bisect_left(positions, pos)
    return i < len(positions) and positions[i] <= pos + window


def _acronym_start(words: Sequence[str], letters: str) -> int | None:
    """Index of the first word of the shortest phrase ending ``words`` whose initials
    spell ``letters`` (form 1), or None."""
    if words[-1].casefold() in _ACRONYM_SMALL:
        return None
    for first in range(len(words) - 2, -1, -1):
        phrase = words[first:]
        if phrase[0].casefold() in _ACRONYM_SMALL or phrase[0][:1].upper() != letters[0]:
            continue
        content = sum(1 for w in phrase if w.casefold() not in _ACRONYM_SMALL)
        if content >= 2 and _spells(phrase, letters):
            return first
    return None


def _spells(words: Sequence[str], letters: str) -> bool:
    """Whether the initials of ``words`` spell ``letters`` (upper case): each content
    word gives its initial (a hyphenated one, its first initial or one per part), each
    small word its initial or nothing. A search over at most 14 words and 6 letters."""
    options: list[tuple[str, ...]] = []
    for w in words:
        parts = _HYPHEN.split(w)
        initials = "".join(p[:1] for p in parts).upper()
        if w.casefold() in _ACRONYM_SMALL:
            options.append(("", w[:1].upper()))
        elif len(parts) > 1:
            options.append((initials[0], initials))
        else:
            options.append((initials,))
    reachable = {0}  # letters spelled so far, after each word
    for choice in options:
        reachable = {j + len(c) for j in reachable for c in choice
                     if letters.startswith(c, j)}
        if not reachable:
            return False
    return len(letters) in reachable


def _is_participle(word: str) -> bool:
    low = word.casefold()
    return len(low) > 4 and (low.endswith("ed") or low.endswith("ly"))


def _clip_to_next_entry(text: str, found: list[_Found]) -> list[_Found]:
    """End each definition where the next list entry starts, for lists without
    punctuation ('"A" means x' then '"B" means y' on the next line)."""
    starts = sorted({f.start for f in found})
    out = []
    for f in found:
        i = bisect.bisect_right(starts, f.term_end)
        if i < len(starts) and starts[i] < f.end:
            nxt = starts[i]
            line_start = text.rfind("\n", f.start, nxt)
            if line_start >= 0 and _LEAD_LABELS.fullmatch(text[line_start + 1:nxt].lstrip()):
                end = line_start
                while end > f.term_end and text[end - 1].isspace():
                    end -= 1
                f = dataclasses.replace(f, end=end)
        out.append(f)
    return out


def find_definitions(
    text: str, spans: Sequence[tuple[int, int]] | None = None
) -> list[Definition]:
    """Return every definition in ``text`` (or only within the given sentence or clause
    ``spans``), in text order (by span start, then term), one per term: when a term is
    defined twice the first definition is kept, except that an acronym gloss
    ('monthly active users (MAU)') gives way to any other definition of the acronym.

    When ``spans`` are given, no definition reaches outside the span it was found in,
    and an inline definition ('the weights (the "Model")') spans the whole given span;
    otherwise spans are sentences found by a simple rule (full stops, blank lines).

    Example:
        >>> text = ('"Model" means the trained weights. The tool (the "Software") '
        ...         'runs it. "You" means the entity exercising these rights.')
        >>> [(d.term, d.form, d.licensee) for d in find_definitions(text)]
        [('Model', 'means', False), ('Software', 'inline', False), ('You', 'means', True)]
        >>> d = find_definitions(text)[1]
        >>> text[d.start:d.end]
        'The tool (the "Software") runs it.'
        >>> [d.term for d in find_definitions(text, spans=[(35, 69)])]
        ['Software']
    """
    if spans is None:
        regions = [(0, len(text))]
    else:
        regions = sorted({(max(0, s), min(len(text), e)) for s, e in spans if s < e})
    found: list[_Found] = []
    for lo, hi in regions:
        region = _Region(text, lo, hi, given_span=spans is not None)
        region.quoted()
        region.unquoted()
        region.named()
        region.acronyms()
        region.corresponding()
        region.han_list()
        region.spoken()
        region.referred()
        found.extend(region.found)
    # An acronym gloss ('application programming interface (API)') yields to any other
    # definition of the same term ('"API" means ...'), wherever that stands.
    defined = {text[f.term_start:f.term_end].casefold() for f in found if f.form != "acronym"}
    found = [f for f in found
             if f.form != "acronym" or text[f.term_start:f.term_end].casefold() not in defined]
    found = _clip_to_next_entry(text, found)
    found.sort(key=lambda f: (f.start, text[f.term_start:f.term_end], f.term_start, f.form))
    seen: set[str] = set()
    # Every name given so far, terms and aliases, and every term defined anywhere.
    named: set[str] = set()
    terms = {text[f.term_start:f.term_end].casefold() for f in found}
    result: list[Definition] = []
    for f in found:
        key = text[f.term_start:f.term_end].casefold()
        if key in seen and f.form == "acronym":
            continue  # the words an acronym abbreviates are no term of their own
        if key in seen:
            # A later definition of a term may give it new names ('Acme ("Acme") ...'
            # then '"Acme", "we" or "us" means ...'): it is kept as the definition of
            # those names, unless they are named already or are terms of their own.
            new = [(a, b) for a, b in f.aliases
                   if text[a:b].casefold() not in named and text[a:b].casefold() not in terms]
            if not new:
                continue
            (ts, te), *rest = new
            f = dataclasses.replace(f, term_start=ts, term_end=te, aliases=tuple(rest))
            key = text[ts:te].casefold()
        seen.add(key)
        named.add(key)
        named.update(text[a:b].casefold() for a, b in f.aliases)
        result.append(f.definition(text))
    result.sort(key=lambda d: (d.start, d.term, d.term_start))
    return result

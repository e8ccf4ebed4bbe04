"""Audit the clause tree over every ScanCode licence text with checks independent of it.

The hand-read structure set (``benchmarks/structure_eval.py``) is precise but small. This
audit is the opposite: rough, but over all of the ~2,600 installed ScanCode texts. Four
simple checks look at the raw text lines with their own small regexes (never at the
segmenter's internals), and compare what they see with the analysis's clause tree:

1. numbered lines that open a clause: a line after a blank line that starts with an
   enumerator (``1.``, ``1.2``, ``(a)``, ``iv.``, ``Section 3``, ``ARTICLE II``, ``§ 3``)
   and a word must be where a clause starts;
2. top-level sequences without gaps: a flush run ``1.``, ``2.``, ..., ``N.`` (N >= 3)
   must give the clause paths "1" .. "N" (and "0" when the run starts at 0);
3. same-line titles captured as headings: ``4. Termination of Rights.`` must give the
   clause starting on that line the heading "Termination of Rights";
4. definition sentences whose term reaches the glossary: ``"X" means``, ``"X" shall
   mean``, ``(the "X")`` ... must put X in ``result.glossary``.

For each check it prints the worst texts, then a Markdown table of the four rates, and
below it the share of numbered lines opened by any clause at all (check 1 itself counts
only a clause that read the number as its label: a plain paragraph starts after every
blank line).
A text that the analysis rejects (a ``LicenseparseError``) is counted as skipped, with
its error code. The checks are heuristics: a low rate points at texts to read, it is not
a verdict on its own.

Usage:
    python benchmarks/structure_audit.py                     # every ScanCode text
    python benchmarks/structure_audit.py --limit 200         # the first 200 keys
    python benchmarks/structure_audit.py apache-2.0 cc-by-4.0 --worst 5
    python benchmarks/structure_audit.py --json audit.json   # also write rates and counts
"""

from __future__ import annotations

import argparse
import html
import json
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import regex

from licenseparse import analyze
from licenseparse.errors import LicenseparseError
from licenseparse.known import scancode_licenses_dir, split_front_matter

CHECKS = ("open", "sequence", "title", "definition")
CHECK_TITLES = {
    "open": "numbered lines that open a clause",
    "sequence": "top-level sequences without gaps",
    "title": "same-line titles captured as headings",
    "definition": "definition sentences whose term reaches the glossary",
}
MIN_SEQUENCE = 3  # a run of two numbers is too often a pair of remarks, not a structure
MAX_EXAMPLES = 5  # misses kept per text and check, for the worst-texts listing and JSON

# ----------------------------------------------------------------------- check 1: lines

# Every regex below is linear: bounded repeats, and where a group repeats, its pieces are
# made of disjoint character classes, so a failed match cannot backtrack combinatorially.

# Markdown or plain-text emphasis that may come before an enumerator ("## 1.", "**1.**").
_LEAD_MARKUP = r"(?P<markup>[#>*_]{1,8}[ \t]{0,3})?"
_ENUMERATOR = (
    r"(?:"
    # "Section 3", "ARTICLE II", "§ 3", "Section 3.1." (the keyword in any case)
    r"(?P<section>(?i:section|article|§{1,2})[ \t\u00a0]{0,3}"
    r"(?P<secnum>\d{1,3}(?:\.\d{1,3}){0,3}|[IVXLCivxlc]{1,7}|[A-Za-z])\b[.:]?)"
    # "1.2", "1.2.", "1.0.1." (checked before the single number, which it extends)
    r"|(?P<multi>\d{1,3}(?:\.\d{1,3}){1,3}\.?)"
    # "1." or "1)": at most three digits, so "2007." (a year) never matches
    r"|(?P<num>\d{1,3})(?P<delim>[.)])"
    # "(a)", "(iv)", "(1)"
    r"|\((?P<paren>\d{1,3}|[ivxlcIVXLC]{2,7}|[A-Za-z])\)"
    # "iv." or "IV)"; validated as a Roman numeral afterwards
    r"|(?P<roman>[ivxlcIVXLC]{2,7})[.)]"
    # "a." or "B)"
    r"|(?P<letter>[A-Za-z])[.)]"
    r")"
)
# After the enumerator: optional closing emphasis, then white space or a dash/colon used
# as a separator ("Section 4 – Definitions"), then a word (maybe quoted or bracketed).
_AFTER = (
    r"(?P<close>[*_]{0,3})"
    r"(?P<sep>[ \t]{0,3}[-\u2013\u2014:][-\u2013\u2014]?[ \t\u00a0]{1,4}|[ \t\u00a0]{1,8})"
    r"(?P<word>[*_\"'\u201c\u2018(\[]{0,3}\p{L})"
)
_CANDIDATE = regex.compile(_LEAD_MARKUP + r"(?P<enum>" + _ENUMERATOR + r")" + _AFTER)

_ROMAN = regex.compile(
    r"(?i)(?=[ivxlc])(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})|c{1,3}(?:xc|xl|l?x{0,3})"
    r"(?:ix|iv|v?i{0,3})"
)
# Words that show the "enumerator" is really a copyright sign or prose.
_COPYRIGHT_WORD = regex.compile(r"(?i)[*_\"']{0,3}copyright\b")
_LOWER_WORD = regex.compile(r"[*_\"'\u201c\u2018(\[]{0,3}\p{Ll}")

# ----------------------------------------------------------------------- check 3: titles

_SMALL_WORDS = r"(?:of|and|the|to|for|in|on|an|a|by|with|or|&)"
_CAP_WORD = r"\p{Lu}[\p{L}\p{M}\d'\u2019\-]{0,30}"
_TITLE = regex.compile(
    rf"(?P<title>{_CAP_WORD}(?:[ \t]{{1,3}}(?:{_CAP_WORD}|{_SMALL_WORDS}\b)){{0,7}})"
    r"(?P<end>[.:](?=\s|$)|[ \t]*$)"
)
_SMALL_WORD_SET = frozenset(
    {"of", "and", "the", "to", "for", "in", "on", "an", "a", "by", "with", "or", "&"})
_EMPHASIS = regex.compile(r"[*_`]{1,6}")

# --------------------------------------------------------------------- folding (3 and 4)

_TAG = regex.compile(r"<[^<>\n]{0,500}>")
_SPACE = regex.compile(r"\s+")
_FOLD_CHARS = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2013": "-", "\u2014": "-", "\u00a0": " ", "*": " ", "_": " ", "`": " ", "#": " ",
})
# A label a heading may still carry ("1.", "Section 4 -", "(a)").
_LEADING_LABEL = regex.compile(
    r"^(?:(?:section|article|§{1,2})\s{0,3})?"
    r"(?:\(?[0-9ivxlc]{1,7}(?:\.[0-9]{1,3}){0,3}[.):]?|\(?[a-z][.)]|\([a-z]\))\s{1,8}"
    r"|^(?:section|article|§{1,2})\s{0,3}[0-9ivxlc]{1,7}(?:\.[0-9]{1,3}){0,3}[.:]?$",
    regex.IGNORECASE,
)
_TERM_STRIP = " \"'.,:;()[]\u00ab\u00bb\u2039\u203a\u300c\u300d\u300e\u300f-"
_HEADING_STRIP = " .:;,-"

# ------------------------------------------------------------------ check 4: definitions


def _quoted(name: str) -> str:
    """A quoted term, its text in group ``name``: one alternative per pair of quotes, so
    that an apostrophe inside a double-quoted term does not end it."""
    pairs = [
        ('"', '"', '"'),
        ("\u201c", "[\u201d\"]", "\u201c\u201d\""),
        ("\u201e", "[\u201c\u201d]", "\u201c\u201d\u201e"),
        ("\u2018", "\u2019", "\u2018\u2019"),
        ("'", "'", "'"),
        ("\u00ab", "\u00bb", "\u00ab\u00bb"),
        ("\u2039", "\u203a", "\u2039\u203a"),
        ("\u300c", "\u300d", "\u300c\u300d"),
        ("\u300e", "\u300f", "\u300e\u300f"),
    ]
    # The regex module accepts one group name in several alternatives.
    options = [rf"{open_}(?P<{name}>[^{stop}]{{1,80}}){close}" for open_, close, stop in pairs]
    return "(?:" + "|".join(options) + ")"


_WS = r"\s{1,20}"
_MEANS = rf"(?:shall{_WS})?(?:means?|refers?{_WS}to)\b"
_DEFINITION = regex.compile(
    # "X" means / shall mean / refers to / shall refer to; "X" or "Y" means;
    # "X" (or "Y") shall mean. "A "X" means" is the same form after an article.
    rf"(?P<means>{_quoted('term')}"
    rf"(?:\s{{0,20}}\((?:or{_WS})?{_quoted('alt1')}\))?"
    rf"(?:{_WS}(?:or|and){_WS}{_quoted('alt2')})?"
    rf",?{_WS}{_MEANS})"
    # To "X" a work means
    rf"|(?P<to>\b[Tt]o{_WS}{_quoted('toterm')}[^\"\u201c\u201d.;:]{{1,40}}?\bmeans?\b)"
    # (the "X"), (hereinafter "X"), (hereinafter referred to as the "X"), ("X"); also in
    # full-width brackets, as Japanese texts write them: （以下「X」という）
    rf"|(?P<paren>[(\uff08]\s{{0,5}}(?:(?P<lead>(?i:the|hereinafter(?:{_WS}(?:referred{_WS}"
    rf"to{_WS}as|called))?(?:{_WS}the)?|referred{_WS}to{_WS}as(?:{_WS}the)?){_WS})"
    rf"|(?P<lead>\u4ee5\u4e0b))?"
    rf"{_quoted('pterm')}(?:{_WS}or{_WS}{_quoted('palt')})?\s{{0,5}}(?:\u3068\u3044\u3046)?"
    rf"\s{{0,5}}[)\uff09])"
)
_NOUN_END = regex.compile(r"[\p{L}\p{N}][ \t]?\n?[ \t]{0,20}$")


# ------------------------------------------------------------------------- data classes


@dataclass(frozen=True)
class Candidate:
    """A line that looks like it opens a numbered clause."""

    line: int  # 1-based line number
    line_start: int  # offset of the line's first character
    first: int  # offset of the first non-space character (markup included)
    enum_start: int  # offset of the enumerator itself
    indent: int  # columns before the first non-space character
    kind: str  # section, multi, num, paren, roman or letter
    label: str  # the enumerator as written ("1.", "(a)", "Section 4")
    value: int | None  # the number of a "num" enumerator ("1." -> 1)
    delim: str | None  # "." or ")" for a "num" enumerator
    title: str | None  # a same-line title ("Termination of Rights"), if any
    snippet: str  # the line, shortened, for reports


@dataclass(frozen=True)
class Definition:
    """A sentence that defines a quoted term."""

    term: str  # as written, quotes removed
    folded: str  # casefolded, for the glossary comparison
    start: int
    form: str  # means, to or paren
    snippet: str


@dataclass
class TextAudit:
    """The four checks on one text: counts and a few misses of each."""

    key: str
    skipped: str | None = None  # error code when the analysis raised
    open_total: int = 0
    open_ok: int = 0
    open_any: int = 0  # opened by any clause, a bare paragraph included
    sequence: list[int] = field(default_factory=list)  # the numbers of the top-level run
    sequence_missing: list[str] = field(default_factory=list)  # clause paths not found
    title_total: int = 0
    title_ok: int = 0
    definition_total: int = 0
    definition_ok: int = 0
    misses: dict[str, list[str]] = field(default_factory=dict)

    def counts(self, check: str) -> tuple[int, int]:
        """(passed, total) of one check on this text; a sequence check counts 0 or 1."""
        if check == "open":
            return self.open_ok, self.open_total
        if check == "sequence":
            return (0 if self.sequence_missing else 1, 1) if self.sequence else (0, 0)
        if check == "title":
            return self.title_ok, self.title_total
        return self.definition_ok, self.definition_total

    def miss(self, check: str, example: str) -> None:
        kept = self.misses.setdefault(check, [])
        if len(kept) < MAX_EXAMPLES:
            kept.append(example)


# ---------------------------------------------------------------------- the four checks


def _lines(text: str) -> Iterable[tuple[int, str]]:
    """Yield (offset, line without its line break) for every line of ``text``."""
    offset = 0
    for raw in text.splitlines(keepends=True):
        yield offset, raw.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        offset += len(raw)


def _is_roman(token: str) -> bool:
    return bool(token) and _ROMAN.fullmatch(token) is not None


def _short(line: str, limit: int = 90) -> str:
    line = _SPACE.sub(" ", line).strip()
    return line if len(line) <= limit else line[: limit - 3] + "..."


def find_candidates(text: str) -> list[Candidate]:
    """Find the lines that open a numbered clause (check 1), with their titles (check 3).

    A candidate follows a blank line (or starts the text) and starts, after indentation
    and maybe some emphasis markup, with an enumerator, white space and a word.
    """
    candidates: list[Candidate] = []
    lines = list(_lines(text))
    previous_blank = True
    for index, (offset, line) in enumerate(lines):
        stripped = line.lstrip()
        blank = not stripped.strip()
        if previous_blank and not blank:
            indent = len(line) - len(stripped)
            match = _CANDIDATE.match(stripped)
            if match is not None and _plausible(match):
                next_line = lines[index + 1][1] if index + 1 < len(lines) else ""
                candidates.append(_candidate(match, index, offset, indent, line, next_line))
        previous_blank = blank
    return candidates


def _plausible(match: regex.Match[str]) -> bool:
    """Drop the enumerator-like starts that are not clauses."""
    word_at = match.start("word")
    rest = match.string[word_at:]
    if match.group("paren") in ("c", "C") and _COPYRIGHT_WORD.match(rest):
        return False  # "(c) Copyright 2007 ..." is a copyright sign
    if match.group("roman") is not None and not _is_roman(match.group("roman")):
        return False  # "cl." or "xx)" is not a Roman numeral
    paren = match.group("paren")
    if paren is not None and len(paren) > 1 and not paren.isdigit() and not _is_roman(paren):
        return False
    if match.group("section") is not None:
        # "Section 3 of the License applies ..." is prose; a separator or a capital is not.
        separated = match.group("sep").strip() != "" or match.group("enum").endswith((".", ":"))
        if not separated and _LOWER_WORD.match(rest):
            return False
    return True


def _kind(match: regex.Match[str]) -> str:
    for kind in ("section", "multi", "num", "paren", "roman", "letter"):
        if match.group(kind) is not None:
            return kind
    raise AssertionError("an enumerator always has a kind")


def _candidate(match: regex.Match[str], index: int, offset: int, indent: int, line: str,
               next_line: str) -> Candidate:
    kind = _kind(match)
    first = offset + indent
    value = int(match.group("num")) if kind == "num" else None
    return Candidate(
        line=index + 1,
        line_start=offset,
        first=first,
        enum_start=first + match.start("enum"),
        indent=indent,
        kind=kind,
        label=match.group("enum"),
        value=value,
        delim=match.group("delim") if kind == "num" else None,
        title=extract_title(match.string[match.end("sep"):], next_line),
        snippet=_short(line),
    )


def extract_title(rest: str, next_line: str = "") -> str | None:
    """Return the short title at the start of ``rest`` (the line after its enumerator).

    A title is 1-8 words, each capitalised or one of a few small words, ending with
    ``.`` or ``:`` or at the end of the line. A title that ends the line without a stop
    must not run on into a next line starting in lower case (a wrapped sentence).

    Example:
        >>> extract_title("Termination of Rights. You may not ...")
        'Termination of Rights'
    """
    rest = _EMPHASIS.sub("", rest).strip()
    match = _TITLE.match(rest)
    if match is None:
        return None
    title = match.group("title").strip()
    words = title.split()
    if words[-1].casefold() in _SMALL_WORD_SET:
        return None  # "Grant of" ends mid-phrase
    if not match.group("end").strip():
        following = _EMPHASIS.sub("", next_line).lstrip()
        if following[:1].islower():
            return None  # "Redistributions of Source Code\nmust retain ..." wraps
    return title


def top_level_sequence(candidates: Sequence[Candidate]) -> list[int]:
    """Return the numbers of the text's top-level run ``1.``, ``2.``, ... (check 2).

    The run is made of single-number candidates at the smallest indentation any of them
    has, with the same delimiter, starting at 0 or 1 and going up by one; it stops at the
    first break. It counts only when it has at least three numbers and no other
    enumerator sits to its left before it ends (then the numbers are nested, not top
    level), and no ``Section``/``Article``/``§`` enumerator comes before it ends (then
    those are the top level). Returns [] when there is no such run.
    """
    numbers = [c for c in candidates if c.kind == "num"]
    if not numbers:
        return []
    indent = min(c.indent for c in numbers)
    level = [c for c in numbers if c.indent == indent]
    start = next((i for i, c in enumerate(level) if c.value in (0, 1)), None)
    if start is None:
        return []
    run = [level[start]]
    for candidate in level[start + 1:]:
        if candidate.delim != run[0].delim or candidate.value != (run[-1].value or 0) + 1:
            break
        run.append(candidate)
    if sum(1 for c in run if c.value) < MIN_SEQUENCE:
        return []
    end = run[-1].first
    for other in candidates:
        if other.first > end:
            break
        if other.kind == "section" or (other.kind != "num" and other.indent < indent):
            return []
    return [c.value for c in run if c.value is not None]


def find_definitions(text: str) -> list[Definition]:
    """Find the sentences that define a quoted term (check 4), one per distinct term.

    Forms: ``"X" means``, ``"X" shall mean``, ``"X" refers to``, ``"X" shall refer to``,
    ``"X" or "Y" means``, ``"X" (or "Y") shall mean``, ``To "X" a work means``,
    ``(the "X")``, ``(hereinafter "X")``, and ``("X")`` right after a word; with
    straight or curly double or single quotes, ``«…»`` or ``「…」``.
    """
    found: dict[str, Definition] = {}
    for match in _DEFINITION.finditer(text):
        if match.group("means") is not None:
            form, term = "means", match.group("term")
        elif match.group("to") is not None:
            form, term = "to", match.group("toterm")
        else:
            form, term = "paren", match.group("pterm")
            if match.group("lead") is None and not _NOUN_END.search(
                    text, max(0, match.start() - 60), match.start()):
                continue  # a bare ("X") must follow a noun phrase, not a stop or a quote
        if not _plausible_term(term):
            continue
        folded = fold_term(term)
        if folded and folded not in found:
            found[folded] = Definition(term=_SPACE.sub(" ", term).strip(), folded=folded,
                                       start=match.start(), form=form,
                                       snippet=_short(match.group(0)))
    return sorted(found.values(), key=lambda d: d.start)


def _plausible_term(term: str) -> bool:
    # Spaces just inside straight quotes mean the match ran from a closing quote to the
    # next opening one ('"a" or "b"' read as ' or '), not a term.
    if term != term.strip() or "\n\n" in term or "\n \n" in term:
        return False
    words = term.split()
    return 0 < len(words) <= 8 and regex.search(r"\p{L}", term) is not None


def fold_text(text: str) -> str:
    """Fold markup, quotes, dashes, case and white space."""
    text = html.unescape(_TAG.sub(" ", text)).translate(_FOLD_CHARS)
    return _SPACE.sub(" ", text).strip().casefold()


def fold_heading(text: str | None) -> str:
    """Fold a heading or title, dropping any leading label and trailing punctuation."""
    if not text:
        return ""
    folded = fold_text(text)
    previous = None
    while previous != folded:
        previous = folded
        folded = _LEADING_LABEL.sub("", folded).strip(_HEADING_STRIP)
    return folded


def fold_term(term: str) -> str:
    """Fold a defined term: case, quotes, surrounding punctuation and white space."""
    return fold_text(term).strip(_TERM_STRIP)


# --------------------------------------------------------------------------- the audit


def _starts_on(candidate: Candidate, starts: dict[int, list[Any]]) -> list[Any]:
    """Clauses that start on the candidate's line: at its first non-space character, or
    at any markup between it and the enumerator."""
    return [c for pos in range(candidate.first, candidate.enum_start + 1)
            for c in starts.get(pos, [])]


def glossary_terms(glossary: Iterable[Any]) -> set[str]:
    """The folded terms and aliases of an analysis's glossary."""
    terms: set[str] = set()
    for entry in glossary:
        terms.add(fold_term(entry.term))
        terms.update(fold_term(alias) for alias in getattr(entry, "aliases", None) or [])
    return terms


def audit_text(key: str, text: str, clauses: Sequence[Any], glossary: Sequence[Any],
               ) -> TextAudit:
    """Run the four checks on one text against its analysis's clauses and glossary."""
    audit = TextAudit(key=key)
    starts: dict[int, list[Any]] = {}
    for clause in clauses:
        starts.setdefault(clause.start, []).append(clause)

    candidates = find_candidates(text)
    for candidate in candidates:
        opened = _starts_on(candidate, starts)
        audit.open_total += 1
        if opened:
            audit.open_any += 1
        # A plain paragraph starts after every blank line, so the line counts as opened
        # only by a clause that read its number as a label.
        if any(clause.label for clause in opened):
            audit.open_ok += 1
        else:
            audit.miss("open", f"line {candidate.line}: {candidate.snippet}")
        if candidate.title is not None:
            audit.title_total += 1
            wanted = fold_heading(candidate.title)
            got = [clause.heading for clause in opened]
            if any(fold_heading(heading) == wanted for heading in got):
                audit.title_ok += 1
            else:
                shown = "; ".join(repr(h) for h in got) if got else "no clause"
                audit.miss("title", f"line {candidate.line}: {candidate.title!r} got {shown}")

    audit.sequence = top_level_sequence(candidates)
    paths = {clause.path for clause in clauses}
    audit.sequence_missing = [str(n) for n in audit.sequence if str(n) not in paths]
    if audit.sequence_missing:
        audit.miss("sequence", f"1..{audit.sequence[-1]}: missing paths "
                               + ", ".join(audit.sequence_missing[:20]))

    terms = glossary_terms(glossary)
    for definition in find_definitions(text):
        audit.definition_total += 1
        if definition.folded in terms:
            audit.definition_ok += 1
        else:
            audit.miss("definition", f"{definition.term!r} ({definition.form}): "
                                     f"{definition.snippet}")
    return audit


def load_text(directory: Path, key: str) -> str:
    """Read one ScanCode licence text, without its front matter."""
    raw = (directory / f"{key}.LICENSE").read_text(encoding="utf-8")
    return split_front_matter(raw)[1]


def analyse_key(directory: Path, key: str) -> TextAudit:
    """Analyse one ScanCode text and audit it; a rejected text comes back skipped."""
    text = load_text(directory, key)
    # A str without white space is read as a licence name or a path; bytes are content.
    source: str | bytes = text if any(c.isspace() for c in text) else text.encode("utf-8")
    try:
        result = analyze(source)
    except LicenseparseError as exc:
        return TextAudit(key=key, skipped=exc.code)
    return audit_text(key, text, result.clauses, result.glossary)


def rates(audits: Sequence[TextAudit]) -> dict[str, dict[str, Any]]:
    """The corpus rate of each check: passed, total and share."""
    table: dict[str, dict[str, Any]] = {}
    for check in CHECKS:
        passed = sum(a.counts(check)[0] for a in audits if a.skipped is None)
        total = sum(a.counts(check)[1] for a in audits if a.skipped is None)
        table[check] = {"passed": passed, "total": total,
                        "rate": round(passed / total, 4) if total else None}
    # Check 1 counts a line opened by a labelled clause; any clause at all (a plain
    # paragraph starts after every blank line) is the weaker figure printed below it.
    opened = sum(a.open_any for a in audits if a.skipped is None)
    total = table["open"]["total"]
    table["open_any"] = {"passed": opened, "total": total,
                         "rate": round(opened / total, 4) if total else None}
    return table


def worst(audits: Sequence[TextAudit], check: str, count: int) -> list[TextAudit]:
    """The texts that fail ``check`` most: lowest share, then most misses, then key."""
    failing = [a for a in audits if a.skipped is None and a.counts(check)[0] < a.counts(check)[1]]

    def order(audit: TextAudit) -> tuple[float, int, str]:
        passed, total = audit.counts(check)
        if check == "sequence":  # every failing text is 0/1: most missing paths first
            return (0.0, -len(audit.sequence_missing), audit.key)
        return (passed / total, passed - total, audit.key)

    return sorted(failing, key=order)[:count]


def print_report(audits: Sequence[TextAudit], table: dict[str, dict[str, Any]],
                 worst_count: int, elapsed: float) -> None:
    skipped = [a for a in audits if a.skipped is not None]
    for check in CHECKS:
        print(f"\n## Worst {worst_count}: {CHECK_TITLES[check]}\n")
        listed = worst(audits, check, worst_count)
        if not listed:
            print("(none)")
        for audit in listed:
            passed, total = audit.counts(check)
            detail = (f"run 1..{audit.sequence[-1]}" if check == "sequence"
                      else f"{passed}/{total}")
            print(f"- {audit.key}: {detail}")
            for example in audit.misses.get(check, []):
                print(f"    {example}")
    codes: dict[str, int] = {}
    for audit in skipped:
        codes[str(audit.skipped)] = codes.get(str(audit.skipped), 0) + 1
    print(f"\ntexts: {len(audits)}; analysed: {len(audits) - len(skipped)}; skipped: "
          f"{len(skipped)}" + (f" ({', '.join(f'{c}: {n}' for c, n in sorted(codes.items()))})"
                               if codes else "") + f"; {elapsed:.1f} s\n")
    print("| check | passed | total | rate |")
    print("|---|---:|---:|---:|")
    for check in CHECKS:
        row = table[check]
        rate = f"{row['rate']:.1%}" if row["rate"] is not None else "n/a"
        print(f"| {CHECK_TITLES[check]} | {row['passed']} | {row['total']} | {rate} |")
    row = table["open_any"]
    if row["total"]:
        print(f"\n(of the numbered lines, opened by any clause, labelled or not: "
              f"{row['passed']}/{row['total']} = {row['rate']:.1%})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("keys", nargs="*", metavar="KEY", help="ScanCode keys (default: all)")
    parser.add_argument("--limit", type=int, help="audit only the first N keys (sorted)")
    parser.add_argument("--worst", type=int, default=20, help="texts listed per check")
    parser.add_argument("--json", type=Path, help="also write the rates and per-text counts")
    args = parser.parse_args(argv)

    directory = scancode_licenses_dir()
    if directory is None:
        print("ScanCode licence data not installed (pip install 'licenseparse[corpus]')",
              file=sys.stderr)
        return 2
    available = sorted(p.name[: -len(".LICENSE")] for p in directory.glob("*.LICENSE"))
    keys = sorted(set(args.keys)) if args.keys else available
    unknown = sorted(set(keys) - set(available))
    if unknown:
        print(f"unknown ScanCode keys: {', '.join(unknown)}", file=sys.stderr)
        return 2
    if args.limit is not None:
        keys = keys[: args.limit]

    began = time.perf_counter()
    audits = [analyse_key(directory, key) for key in keys]
    elapsed = time.perf_counter() - began
    table = rates(audits)
    print_report(audits, table, args.worst, elapsed)

    if args.json is not None:
        payload = {
            "texts": len(audits),
            "seconds": round(elapsed, 1),
            "rates": table,
            "per_text": {a.key: {k: v for k, v in asdict(a).items() if k != "key"}
                         for a in audits},
        }
        args.json.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

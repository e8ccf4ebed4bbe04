"""Parameter extractors: pull normalised values out of a matched clause.

Each extractor takes a sentence or clause and returns every value of its kind
with character offsets into that same string, so that the caller can map them
back to the original document. Extractors are pure, their patterns are
compiled once at import time, and every pattern is written to run in linear
time on adversarial input (bounded or possessive repetition, no nested
quantifiers over overlapping alternatives).
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

import regex
from pydantic import BaseModel, ConfigDict, model_validator

from licenseparse.errors import LicenseparseError

__all__ = [
    "EXTRACTORS",
    "Extracted",
    "UnknownExtractorError",
    "extract",
    "extract_dates",
    "extract_durations",
    "extract_jurisdictions",
    "extract_money",
    "extract_numbers",
    "extract_quoted",
    "extract_regions",
    "extract_urls",
    "parse_number",
]


class Extracted(BaseModel):
    """One value found by an extractor, with its offsets in the text searched."""

    model_config = ConfigDict(frozen=True)

    kind: str
    start: int
    end: int
    text: str
    value: int | float | str | dict[str, object] | None

    @model_validator(mode="after")
    def _check_span(self) -> Extracted:
        """Reject a span whose length differs from its text."""
        if not 0 <= self.start <= self.end or self.end - self.start != len(self.text):
            raise ValueError(f"span {self.start}:{self.end} does not fit text {self.text!r}")
        return self


class UnknownExtractorError(LicenseparseError, KeyError):
    """No parameter extractor with the requested name exists."""

    code = "LP310"

    def __init__(self, kind: str) -> None:
        self.kind = kind
        known = ", ".join(sorted(EXTRACTORS))
        super().__init__(f"unknown parameter extractor {kind!r}; known extractors: {known}")

    def __str__(self) -> str:
        # KeyError.__str__ would wrap the message in quotes.
        return f"[{self.code}] {self.message}"


# --------------------------------------------------------------------------- data tables

UNIT_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
TEEN_WORDS: dict[str, int] = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS_WORDS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALE_WORDS: dict[str, int] = {
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
}
HUNDRED_WORD = "hundred"

# Letters written straight after digits: "10k", "$1M", "1.5bn", "405B".
# Lower-case "b" is left out because "1b" is usually a clause reference.
NUMBER_SUFFIXES: dict[str, int] = {
    "k": 10**3, "K": 10**3,
    "m": 10**6, "M": 10**6, "MM": 10**6, "mn": 10**6, "MN": 10**6,
    "B": 10**9, "bn": 10**9, "BN": 10**9,
    "T": 10**12, "tn": 10**12,
}  # fmt: skip

# Words that make the number after them a reference or a name, not a quantity:
# "Section 2.1", "Llama 3.1", "version 2.0", "Apache License 2.0".
REFERENCE_WORDS: tuple[str, ...] = (
    "section", "sections", "subsection", "subsections", "article", "articles", "art",
    "clause", "clauses", "paragraph", "paragraphs", "para", "exhibit", "exhibits",
    "schedule", "schedules", "appendix", "annex", "attachment", "chapter", "part",
    "item", "no", "nos", "number", "version", "versions", "ver", "v", "rev",
    "revision", "release", "license", "licence",
    "llama", "gemma", "qwen", "mistral", "mixtral", "phi", "gpt", "claude", "falcon",
    "deepseek", "yi", "bloom", "olmo", "grok", "glm", "baichuan", "apache", "gpl",
    "lgpl", "agpl", "mpl", "epl", "bsd",
)  # fmt: skip

# Codes written just before a dollar or yen sign: "US$", "HK$", "CN¥". One-letter
# ones must touch the sign, or "A $5 fee" would be Australian.
SYMBOL_PREFIXES: dict[str, str] = {
    "U.S.": "USD", "US": "USD", "USD": "USD", "HK": "HKD", "C": "CAD", "CA": "CAD",
    "CAD": "CAD", "A": "AUD", "AU": "AUD", "AUD": "AUD", "NZ": "NZD", "S": "SGD",
    "SG": "SGD", "NT": "TWD", "R": "BRL", "MX": "MXN", "CN": "CNY", "RMB": "CNY",
    "JP": "JPY",
}  # fmt: skip

# A bare "$" is read as US dollars. The yen sign is read as Chinese yuan: in the
# licences of this corpus (Qwen, Yi, DeepSeek, GLM, ...) it means renminbi; write
# "JP¥" or "JPY" for yen.
CURRENCY_SYMBOLS: dict[str, str] = {
    "$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY", "￥": "CNY", "₹": "INR",
    "₩": "KRW", "₽": "RUB", "₺": "TRY", "₪": "ILS", "฿": "THB", "₫": "VND",
}  # fmt: skip

CURRENCY_CODES: dict[str, str] = {
    "USD": "USD", "EUR": "EUR", "GBP": "GBP", "CNY": "CNY", "RMB": "CNY",
    "JPY": "JPY", "CHF": "CHF", "CAD": "CAD", "AUD": "AUD", "HKD": "HKD",
    "SGD": "SGD", "INR": "INR", "KRW": "KRW", "BRL": "BRL", "MXN": "MXN",
    "NZD": "NZD", "SEK": "SEK", "NOK": "NOK", "DKK": "DKK", "RUB": "RUB",
    "TWD": "TWD", "ZAR": "ZAR", "AED": "AED", "SAR": "SAR", "ILS": "ILS",
    "TRY": "TRY", "PLN": "PLN", "CZK": "CZK", "HUF": "HUF", "THB": "THB",
}  # fmt: skip

# Currency names written after the amount, matched case-insensitively.
CURRENCY_WORDS: dict[str, str] = {
    "United States dollars": "USD", "United States dollar": "USD",
    "U.S. dollars": "USD", "U.S. dollar": "USD", "US dollars": "USD", "US dollar": "USD",
    "American dollars": "USD", "dollars": "USD", "dollar": "USD",
    "Canadian dollars": "CAD", "Canadian dollar": "CAD",
    "Australian dollars": "AUD", "Australian dollar": "AUD",
    "Hong Kong dollars": "HKD", "Hong Kong dollar": "HKD",
    "Singapore dollars": "SGD", "Singapore dollar": "SGD",
    "New Zealand dollars": "NZD", "New Zealand dollar": "NZD",
    "euros": "EUR", "euro": "EUR",
    "pounds sterling": "GBP", "pound sterling": "GBP", "British pounds": "GBP",
    "pounds": "GBP", "pound": "GBP", "sterling": "GBP",
    "Chinese yuan": "CNY", "yuan": "CNY", "renminbi": "CNY",
    "Japanese yen": "JPY", "yen": "JPY",
    "Swiss francs": "CHF", "Swiss franc": "CHF",
    "Indian rupees": "INR", "rupees": "INR", "Korean won": "KRW",
}  # fmt: skip

DURATION_UNITS: dict[str, tuple[str, ...]] = {
    "second": ("seconds", "second", "secs", "sec"),
    "minute": ("minutes", "minute", "mins", "min"),
    "hour": ("hours", "hour", "hrs", "hr"),
    "day": ("days", "day"),
    "week": ("weeks", "week"),
    "month": ("months", "month"),
    "year": ("years", "year", "yrs", "yr"),
}

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
    "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

# Canonical region name -> names written in full. Matching ignores case, but a
# word capitalised here must be capitalised in the text ("china" is porcelain,
# "turkey" a bird).
REGIONS: dict[str, tuple[str, ...]] = {
    "European Union": ("European Union",),
    "European Economic Area": ("European Economic Area",),
    "Europe": ("Europe",),
    "United States": ("United States", "United States of America"),
    "United Kingdom": (
        "United Kingdom",
        "United Kingdom of Great Britain and Northern Ireland",
        "Great Britain",
    ),
    "England": ("England",),
    "Scotland": ("Scotland",),
    "Wales": ("Wales",),
    "Northern Ireland": ("Northern Ireland",),
    "China": ("China", "People's Republic of China"),
    "Mainland China": ("mainland China", "mainland of China"),
    "Hong Kong": ("Hong Kong", "Hong Kong SAR", "Hong Kong Special Administrative Region"),
    "Macau": ("Macau", "Macao", "Macao SAR", "Macau SAR"),
    "Taiwan": ("Taiwan",),
    "Russia": ("Russia", "Russian Federation"),
    "Belarus": ("Belarus",),
    "Ukraine": ("Ukraine",),
    "Crimea": ("Crimea",),
    "Donetsk": ("Donetsk", "Donetsk People's Republic"),
    "Luhansk": ("Luhansk", "Luhansk People's Republic"),
    "Iran": ("Iran", "Islamic Republic of Iran"),
    "North Korea": ("North Korea", "Democratic People's Republic of Korea"),
    "South Korea": ("South Korea", "Republic of Korea"),
    "Cuba": ("Cuba",),
    "Syria": ("Syria", "Syrian Arab Republic"),
    "Venezuela": ("Venezuela",),
    "Myanmar": ("Myanmar", "Burma"),
    "Sudan": ("Sudan",),
    "South Sudan": ("South Sudan",),
    "Afghanistan": ("Afghanistan",),
    "Iraq": ("Iraq",),
    "Libya": ("Libya",),
    "Austria": ("Austria",),
    "Belgium": ("Belgium",),
    "Bulgaria": ("Bulgaria",),
    "Croatia": ("Croatia",),
    "Cyprus": ("Cyprus",),
    "Czechia": ("Czechia", "Czech Republic"),
    "Denmark": ("Denmark",),
    "Estonia": ("Estonia",),
    "Finland": ("Finland",),
    "France": ("France",),
    "Germany": ("Germany", "Federal Republic of Germany"),
    "Greece": ("Greece",),
    "Hungary": ("Hungary",),
    "Ireland": ("Ireland", "Republic of Ireland"),
    "Italy": ("Italy",),
    "Latvia": ("Latvia",),
    "Lithuania": ("Lithuania",),
    "Luxembourg": ("Luxembourg",),
    "Malta": ("Malta",),
    "Netherlands": ("Netherlands", "Holland"),
    "Poland": ("Poland",),
    "Portugal": ("Portugal",),
    "Romania": ("Romania",),
    "Slovakia": ("Slovakia", "Slovak Republic"),
    "Slovenia": ("Slovenia",),
    "Spain": ("Spain",),
    "Sweden": ("Sweden",),
    "Iceland": ("Iceland",),
    "Liechtenstein": ("Liechtenstein",),
    "Norway": ("Norway",),
    "Switzerland": ("Switzerland", "Swiss Confederation"),
    "Canada": ("Canada",),
    "Mexico": ("Mexico",),
    "Brazil": ("Brazil",),
    "Argentina": ("Argentina",),
    "Chile": ("Chile",),
    "Colombia": ("Colombia",),
    "Japan": ("Japan",),
    "India": ("India",),
    "Pakistan": ("Pakistan",),
    "Bangladesh": ("Bangladesh",),
    "Indonesia": ("Indonesia",),
    "Singapore": ("Singapore",),
    "Malaysia": ("Malaysia",),
    "Thailand": ("Thailand",),
    "Vietnam": ("Vietnam", "Viet Nam"),
    "Philippines": ("Philippines",),
    "Australia": ("Australia",),
    "New Zealand": ("New Zealand",),
    "Israel": ("Israel",),
    "Saudi Arabia": ("Saudi Arabia",),
    "United Arab Emirates": ("United Arab Emirates",),
    "Turkey": ("Turkey", "Türkiye"),
    "Egypt": ("Egypt",),
    "Nigeria": ("Nigeria",),
    "Kenya": ("Kenya",),
    "South Africa": ("South Africa",),
}

# Abbreviations, matched case-sensitively so that the pronoun "us" never counts.
REGION_ABBREVIATIONS: dict[str, str] = {
    "U.S.A.": "United States", "U.S.": "United States", "USA": "United States",
    "US": "United States", "U.K.": "United Kingdom", "UK": "United Kingdom",
    "E.U.": "European Union", "EU": "European Union", "EEA": "European Economic Area",
    "P.R.C.": "China", "PRC": "China", "DPRK": "North Korea", "ROK": "South Korea",
    "UAE": "United Arab Emirates", "HKSAR": "Hong Kong",
}  # fmt: skip

US_STATES: tuple[str, ...] = (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
    "Delaware", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa",
    "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan",
    "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada",
    "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina",
    "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island",
    "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia",
    "Washington", "West Virginia", "Wisconsin", "Wyoming", "District of Columbia",
)  # fmt: skip

# "governed by English law" names its jurisdiction by an adjective.
LAW_ADJECTIVES: dict[str, str] = {
    "English": "England", "Scottish": "Scotland", "British": "United Kingdom",
    "Irish": "Ireland", "German": "Germany", "French": "France", "Dutch": "Netherlands",
    "Swiss": "Switzerland", "Swedish": "Sweden", "Chinese": "People's Republic of China",
    "PRC": "People's Republic of China", "Japanese": "Japan", "Korean": "Republic of Korea",
    "Singaporean": "Singapore", "Singapore": "Singapore", "Hong Kong": "Hong Kong",
    "Indian": "India", "Israeli": "Israel", "Canadian": "Canada", "Australian": "Australia",
    "Californian": "California", "Delaware": "Delaware", "New York": "New York",
    "U.S.": "United States", "US": "United States",
}  # fmt: skip

# A jurisdiction name never starts with one of these ("laws of Your country").
_NOT_JURISDICTIONS: frozenset[str] = frozenset(
    {
        "licensee", "licensee's", "licensor", "licensor's", "you", "your", "such", "any",
        "each", "this", "that", "these", "those", "party", "parties", "applicable",
        "agreement", "section", "state", "states", "meta", "google", "company", "competent",
        "the", "all", "other", "its", "their", "relevant", "said", "a", "an",
    }
)  # fmt: skip
# Words that end a jurisdiction name written in capitals ("CALIFORNIA WITHOUT REGARD").
_NAME_STOP_WORDS: frozenset[str] = frozenset(
    {
        "the", "without", "excluding", "except", "regardless", "notwithstanding", "shall",
        "will", "may", "must", "to", "in", "for", "with", "as", "applicable", "including",
        "that", "which", "where", "or", "any", "its", "their", "governs", "governing",
        "exclusive", "jurisdiction", "courts", "court", "laws", "law",
    }
)  # fmt: skip
_NAME_TRAILING_CONNECTORS: frozenset[str] = frozenset(
    {"of", "and", "the", "upon", "de", "del", "du"}
)

URL_TLDS: tuple[str, ...] = (
    "com", "org", "net", "edu", "gov", "mil", "int", "io", "ai", "co", "dev", "app",
    "info", "biz", "tech", "cloud", "xyz", "site", "online", "page", "ac", "cn", "uk",
    "de", "fr", "eu", "jp", "kr", "ca", "au", "ch", "nl", "se", "es", "ru", "sg", "hk",
    "tw", "br", "ly", "gg",
)  # fmt: skip


# --------------------------------------------------------------------------- helpers


def _alternation(words: Iterable[str], *, spaced: bool = False) -> str:
    """Build a regex alternation, longest first so that a prefix never wins early.

    Args:
        words: The literal strings to match.
        spaced: Let any run of white space stand for each space, and either
            apostrophe for each apostrophe.
    """
    parts = []
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        escaped = regex.escape(word)
        if spaced:
            escaped = escaped.replace(r"\ ", r"\s++").replace("'", "['’]")
        parts.append(escaped)
    return "(?:" + "|".join(parts) + ")"


def _key(text: str) -> str:
    """Return the lookup key of a matched name: lower case, single spaces."""
    return " ".join(text.replace("’", "'").split()).lower()


def _to_number(value: Decimal) -> int | float:
    """Return an int for a whole value, else a float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _make(kind: str, text: str, start: int, end: int, value: object) -> Extracted:
    """Build an Extracted whose text is always the slice it claims."""
    return Extracted.model_validate(
        {"kind": kind, "start": start, "end": end, "text": text[start:end], "value": value}
    )


def _sorted(items: Iterable[Extracted]) -> list[Extracted]:
    """Sort by offsets and drop exact duplicates."""
    out: list[Extracted] = []
    seen: set[tuple[int, int]] = set()
    for item in sorted(items, key=lambda e: (e.start, e.end)):
        if (item.start, item.end) not in seen:
            seen.add((item.start, item.end))
            out.append(item)
    return out


class _Span(NamedTuple):
    """A found value before it becomes an Extracted."""

    start: int
    end: int
    value: object


def _without_overlaps(spans: Iterable[_Span], blocked: Iterable[_Span]) -> list[_Span]:
    """Keep the spans that overlap none of blocked, in O((n + m) log m)."""
    merged: list[list[int]] = []
    for b in sorted(blocked):
        if merged and b.start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b.end)
        else:
            merged.append([b.start, b.end])
    starts = [m[0] for m in merged]
    kept: list[_Span] = []
    for span in spans:
        # The last blocked interval that starts before span ends is the only
        # one that can reach into it, since the merged intervals are disjoint.
        i = bisect.bisect_left(starts, span.end) - 1
        if i < 0 or merged[i][1] <= span.start:
            kept.append(span)
    return kept


# The regex module may scan all of pos..endpos for a required character before it
# tries a match, so a look around one match must bound endpos: unbounded, each call
# costs O(len(text)) and a text with many matches costs O(n^2).
_AROUND = 64


def _match_after(pattern: Any, text: str, pos: int) -> Any:
    """Match pattern at pos, looking at most _AROUND characters ahead."""
    return pattern.match(text, pos, pos + _AROUND)


def _match_before(pattern: Any, text: str, pos: int, window: int = _AROUND) -> Any:
    """Match a REVERSE pattern so that it ends at pos, looking back at most window."""
    return pattern.match(text, max(0, pos - window), pos)


_PAREN_OPEN_RE = regex.compile(r"\s*+\(\s*+")
_PAREN_CLOSE_RE = regex.compile(r"\s*+\)")


def _merge_parentheticals(text: str, spans: list[_Span]) -> list[_Span]:
    """Merge "thirty (30)" into one span when the parenthesis repeats the value.

    Args:
        text: The text the spans point into.
        spans: Spans sorted by start, not overlapping.
    """
    merged: list[_Span] = []
    i = 0
    while i < len(spans):
        current = spans[i]
        if i + 1 < len(spans):
            nxt = spans[i + 1]
            opened = _match_after(_PAREN_OPEN_RE, text, current.end)
            if opened is not None and opened.end() == nxt.start and nxt.value == current.value:
                closed = _match_after(_PAREN_CLOSE_RE, text, nxt.end)
                if closed is not None:
                    merged.append(_Span(current.start, closed.end(), current.value))
                    i += 2
                    continue
        merged.append(current)
        i += 1
    return merged


# --------------------------------------------------------------------------- numbers

_SCALE_ALT = _alternation(SCALE_WORDS)
_HUNDRED_OR_SCALE_ALT = _alternation([HUNDRED_WORD, *SCALE_WORDS])
_NUMERAL_RE = regex.compile(
    rf"""
    (?<![\w.,#]|\w[-/]|\d:)
    (?P<int>\d{{1,3}}(?:,\d{{3}}){{1,6}}(?!\d)|\d{{1,18}}+)
    (?:\.(?P<frac>\d{{1,12}}+))?
    (?:
        (?P<suffix>{_alternation(NUMBER_SUFFIXES)})(?!\w)
      | \s++(?P<scale>(?i:{_HUNDRED_OR_SCALE_ALT}(?:\s++{_SCALE_ALT})?))\b
    )?
    """,
    regex.VERBOSE,
)
_NUMBER_WORD_ALT = _alternation([*UNIT_WORDS, *TEEN_WORDS, *TENS_WORDS, HUNDRED_WORD, *SCALE_WORDS])
# A run of number words; the grammar is checked in Python, the run only bounds it.
_WORD_RUN_RE = regex.compile(
    rf"""
    (?i)\b(?:a(?=\s++{_HUNDRED_OR_SCALE_ALT}\b)|{_NUMBER_WORD_ALT}\b)
    (?:(?:\s*+-\s*+|\s++(?:and\s++)?){_NUMBER_WORD_ALT}\b){{0,30}}
    """,
    regex.VERBOSE,
)
_WORD_RE = regex.compile(r"[A-Za-z]++")
_REFERENCE_BEFORE_RE = regex.compile(rf"(?ri)(?:\b{_alternation(REFERENCE_WORDS)}\.?|§{{1,2}})\s*+")
_REFERENCE_WINDOW = 24
_NUMBER_AFTER_REJECT_RE = regex.compile(r"[\w]|[.,/:][^\W_]|-\d")


class _Word(NamedTuple):
    """A lower-cased word and its offsets."""

    word: str
    start: int
    end: int


def _parse_words(words: Sequence[str], i: int) -> tuple[int, int] | None:
    """Parse the longest English number that starts at words[i].

    Args:
        words: Lower-case words.
        i: Index of the first word.

    Returns:
        The value and the index just after the last word used, or None.
    """
    n = len(words)
    if words[i] == "zero":
        return 0, i + 1
    total = 0
    hundreds = 0
    low = 0
    low_kind = ""  # what the 0..99 part of the current group holds so far
    has_hundred = False
    last_scale = 10**16
    best: tuple[int, int] | None = None
    j = i
    if words[i] == "a":
        if i + 1 < n and (words[i + 1] == HUNDRED_WORD or words[i + 1] in SCALE_WORDS):
            low, low_kind, j = 1, "unit", i + 1
        else:
            return None
    while j < n:
        word = words[j]
        if word == "and":
            follows = words[j + 1] if j + 1 < n else ""
            small = follows in TEEN_WORDS or follows in TENS_WORDS or follows in UNIT_WORDS
            if low_kind == "" and (has_hundred or total) and small and follows != "zero":
                j += 1
                continue
            break
        if word in UNIT_WORDS and word != "zero":
            if low_kind == "":
                low, low_kind = UNIT_WORDS[word], "unit"
            elif low_kind == "tens":
                low, low_kind = low + UNIT_WORDS[word], "tens_unit"
            else:
                break
        elif word in TEEN_WORDS or word in TENS_WORDS:
            if low_kind != "":
                break
            if word in TEEN_WORDS:
                low, low_kind = TEEN_WORDS[word], "teen"
            else:
                low, low_kind = TENS_WORDS[word], "tens"
        elif word == HUNDRED_WORD:
            if low_kind == "" or has_hundred:
                break
            hundreds, low, low_kind, has_hundred = low * 100, 0, "", True
        elif word in SCALE_WORDS:
            scale = SCALE_WORDS[word]
            group = hundreds + low
            if group == 0 or scale >= last_scale:
                break
            total += group * scale
            last_scale = scale
            hundreds, low, low_kind, has_hundred = 0, 0, "", False
        else:
            break
        j += 1
        best = (total + hundreds + low, j)
    return best


def _at_line_start(text: str, start: int) -> bool:
    """Tell whether only blanks or "(" stand between start and the line's start."""
    i = start - 1
    while i >= 0 and text[i] in " \t(":
        i -= 1
    return i < 0 or text[i] in "\r\n"


def _numeral_spans(text: str, *, references: bool) -> list[_Span]:
    """Find numbers written with digits ("700,000,000", "1.5 billion", "10M")."""
    spans: list[_Span] = []
    for m in _NUMERAL_RE.finditer(text):
        start, end = m.span()
        tail = _match_after(_NUMBER_AFTER_REJECT_RE, text, end)
        if tail is not None:
            continue
        if references:
            if _match_before(_REFERENCE_BEFORE_RE, text, start, _REFERENCE_WINDOW) is not None:
                continue
            plain = m["suffix"] is None and m["scale"] is None and "," not in m["int"]
            if plain and _at_line_start(text, start):
                # "1. Definitions", "(2) ...", "3.1 Grant of Rights" are headings.
                after = text[end : end + 2]  # "3.1 Grant" but not "2.5 hours"
                if after[:1] in (".", ")") or (
                    m["frac"] and after[:1] == " " and after[1:].isupper()
                ):
                    continue
        digits = m["int"].replace(",", "")
        value = Decimal(f"{digits}.{m['frac']}" if m["frac"] else digits)
        if m["suffix"] is not None:
            value *= NUMBER_SUFFIXES[m["suffix"]]
        elif m["scale"] is not None:
            for word in m["scale"].lower().split():
                value *= 100 if word == HUNDRED_WORD else SCALE_WORDS[word]
        spans.append(_Span(start, end, _to_number(value)))
    return spans


def _word_number_spans(text: str) -> list[_Span]:
    """Find numbers written in English words ("seven hundred million")."""
    spans: list[_Span] = []
    for run in _WORD_RUN_RE.finditer(text):
        tokens = [_Word(w.group().lower(), *w.span()) for w in _WORD_RE.finditer(text, *run.span())]
        words = [t.word for t in tokens]
        i = 0
        while i < len(tokens):
            parsed = _parse_words(words, i)
            if parsed is None:
                i += 1
                continue
            value, after = parsed
            spans.append(_Span(tokens[i].start, tokens[after - 1].end, value))
            i = after
    return spans


def _number_spans(text: str, *, references: bool = True) -> list[_Span]:
    """Find every number, merged with a parenthetical repeat of itself.

    Args:
        text: The text to search.
        references: Skip what reads as a reference, a name, a date or part of
            a URL rather than a quantity.
    """
    numerals = _numeral_spans(text, references=references)
    words = _without_overlaps(_word_number_spans(text), numerals)
    if references and words:
        window_ok: list[_Span] = []
        for s in words:
            if _match_before(_REFERENCE_BEFORE_RE, text, s.start, _REFERENCE_WINDOW) is None:
                window_ok.append(s)
        words = window_ok
    spans = sorted(numerals + words)
    if references and spans:
        spans = _without_overlaps(spans, _date_spans(text) + _url_spans(text))
    return _merge_parentheticals(text, spans)


def extract_numbers(text: str) -> list[Extracted]:
    """Extract quantities written in digits, in words, or both.

    "seven hundred million (700,000,000)" gives one value, 700000000. Section
    numbers, model versions, list headings, dates and URLs are skipped.

    Args:
        text: A sentence or clause.

    Returns:
        One Extracted per number, value an int (or a float when not whole).
    """
    return _sorted(_make("number", text, s.start, s.end, s.value) for s in _number_spans(text))


def parse_number(text: str) -> int | float | None:
    """Parse text that is exactly one number.

    Args:
        text: For example "700 million", "seven hundred million", "1,000,000",
            "1.5 billion", "10M", "100k", "twenty" or "one hundred (100)".

    Returns:
        The value, or None when text is not one number and nothing else.
    """
    stripped = text.strip()
    if not stripped:
        return None
    spans = _number_spans(stripped, references=False)
    if len(spans) == 1 and spans[0].start == 0 and spans[0].end == len(stripped):
        value = spans[0].value
        if isinstance(value, int | float):
            return value
    return None


# --------------------------------------------------------------------------- money

_SYMBOL_ALT = _alternation(CURRENCY_SYMBOLS)
_LONG_PREFIX_ALT = _alternation(p for p in SYMBOL_PREFIXES if len(p) > 1)
_LETTER_PREFIX_ALT = _alternation(p for p in SYMBOL_PREFIXES if len(p) == 1)
_MONEY_PREFIX_RE = regex.compile(
    rf"""
    (?:
        (?<![A-Za-z.])(?P<pfx>{_LONG_PREFIX_ALT})\s?(?P<psym>[$¥￥])
      | (?<![A-Za-z.])(?P<pfx1>{_LETTER_PREFIX_ALT})(?P<psym1>[$])
      | (?<![A-Za-z])(?P<code>{_alternation(CURRENCY_CODES)})(?:\s?(?P<csym>{_SYMBOL_ALT}))?
      | (?P<sym>{_SYMBOL_ALT})
    )\s?\Z
    """,
    regex.VERBOSE,
)
_MONEY_PREFIX_WINDOW = 12
_MONEY_SUFFIX_RE = regex.compile(
    rf"""
    \s*+(?:
        (?P<code>{_alternation(CURRENCY_CODES)})(?!\w)
      | (?i:(?P<words>{_alternation(CURRENCY_WORDS, spaced=True)}))\b
    )
    """,
    regex.VERBOSE,
)
_CURRENCY_WORD_KEYS: dict[str, str] = {_key(k): v for k, v in CURRENCY_WORDS.items()}


def _money_spans(text: str) -> list[_Span]:
    """Find amounts with a currency before or after them."""
    spans: list[_Span] = []
    for num in _number_spans(text):
        start, end = num.start, num.end
        currency: str | None = None
        bare_dollar = False
        window = max(0, start - _MONEY_PREFIX_WINDOW)
        before = _MONEY_PREFIX_RE.search(text, window, start)
        if before is not None:
            start = before.start()
            prefix = before["pfx"] or before["pfx1"]
            if prefix is not None:
                currency = SYMBOL_PREFIXES[prefix]
            elif before["code"] is not None:
                currency = CURRENCY_CODES[before["code"]]
            else:
                currency = CURRENCY_SYMBOLS[before["sym"]]
                bare_dollar = before["sym"] == "$"
        after = _match_after(_MONEY_SUFFIX_RE, text, end)
        if after is not None:
            if after["code"] is not None:
                suffix_currency = CURRENCY_CODES[after["code"]]
            else:
                suffix_currency = _CURRENCY_WORD_KEYS[_key(after["words"])]
            # "$100 CAD": the code is more specific than the sign.
            if currency is None or (bare_dollar and after["code"] is not None):
                currency = suffix_currency
            end = after.end()
        if currency is None or (spans and start < spans[-1].end):
            continue
        spans.append(_Span(start, end, {"amount": num.value, "currency": currency}))
    return _merge_parentheticals(text, spans)


def extract_money(text: str) -> list[Extracted]:
    """Extract amounts of money with their currency.

    "USD $1,000,000", "$1M", "€10 million", "1 million US dollars" and
    "one million dollars (USD $1,000,000)" each give one value. A bare "$" is
    US dollars.

    Args:
        text: A sentence or clause.

    Returns:
        One Extracted per amount, value {"amount": int | float, "currency": ISO code}.
    """
    return _sorted(_make("money", text, s.start, s.end, s.value) for s in _money_spans(text))


# --------------------------------------------------------------------------- durations

_UNIT_BY_WORD: dict[str, str] = {w: unit for unit, words in DURATION_UNITS.items() for w in words}
_DURATION_SUFFIX_RE = regex.compile(
    rf"""
    (?i:
        (?:\s*+-\s*+|\s++)
        (?:(?:business|calendar|working|consecutive)\s++)?
        (?P<unit>{_alternation(_UNIT_BY_WORD)})
    )\b
    """,
    regex.VERBOSE,
)


def extract_durations(text: str) -> list[Extracted]:
    """Extract periods of time such as "thirty (30) days" or "12 months".

    Args:
        text: A sentence or clause.

    Returns:
        One Extracted per period, value {"amount": number, "unit": singular unit}
        where unit is one of second, minute, hour, day, week, month, year.
    """
    found: list[Extracted] = []
    for num in _number_spans(text):
        unit = _match_after(_DURATION_SUFFIX_RE, text, num.end)
        if unit is None:
            continue
        value = {"amount": num.value, "unit": _UNIT_BY_WORD[unit["unit"].lower()]}
        found.append(_make("duration", text, num.start, unit.end(), value))
    return _sorted(found)


# --------------------------------------------------------------------------- regions

_REGION_KEYS: dict[str, tuple[str, str]] = {
    _key(alias): (alias, canonical) for canonical, aliases in REGIONS.items() for alias in aliases
}
_REGION_NAME_RE = regex.compile(
    rf"(?i)\b{_alternation((a for aliases in REGIONS.values() for a in aliases), spaced=True)}\b"
)
_REGION_ABBREVIATION_RE = regex.compile(
    rf"(?<![\w.]){_alternation(REGION_ABBREVIATIONS)}(?!\w)(?!\.\w)"
)
_CURRENCY_AFTER_US_RE = regex.compile(r"\s*+(?:\$|(?i:dollars?)\b)")
_UPPER_WORD_BEFORE_RE = regex.compile(r"(?r)\b(?P<word>[A-Z]{2,}+)[\s,]*+")
_UPPER_WORD_AFTER_RE = regex.compile(r"[\s,]*+(?P<word>[A-Z]{2,}+)\b")


def _capitals_agree(alias: str, found: str) -> bool:
    """Tell whether every word capitalised in alias is capitalised in found."""
    return all(
        not a[:1].isupper() or f[:1].isupper()
        for a, f in zip(alias.split(), found.split(), strict=False)
    )


def _reads_as_pronoun(text: str, start: int, end: int) -> bool:
    """Tell whether "US" at start..end stands in an all-capitals passage ("CONTACT US").

    "THE US" is still the country, and so is "US" next to another abbreviation
    ("EU, UK, US").
    """
    before = _match_before(_UPPER_WORD_BEFORE_RE, text, start)
    if before is not None and before["word"] == "THE":
        return False
    after = _match_after(_UPPER_WORD_AFTER_RE, text, end)
    return any(
        m is not None and m["word"] not in REGION_ABBREVIATIONS and m["word"] not in CURRENCY_CODES
        for m in (before, after)
    )


def extract_regions(text: str) -> list[Extracted]:
    """Extract countries and regions, normalised to a canonical name.

    "EU" gives "European Union", "U.S." gives "United States". The pronoun "us"
    is not a region; "US" written in an all-capitals passage is skipped too,
    since "CONTACT US" reads the same as the country.

    Args:
        text: A sentence or clause.

    Returns:
        One Extracted per mention, value the canonical name.
    """
    found: list[Extracted] = []
    for m in _REGION_NAME_RE.finditer(text):
        alias, canonical = _REGION_KEYS[_key(m.group())]
        if _capitals_agree(alias, m.group()):
            found.append(_make("region", text, m.start(), m.end(), canonical))
    for m in _REGION_ABBREVIATION_RE.finditer(text):
        start, end = m.span()
        if m.group() in ("US", "U.S.") and _match_after(_CURRENCY_AFTER_US_RE, text, end):
            continue  # "US$", "U.S. dollars" name a currency
        if m.group() == "US" and _reads_as_pronoun(text, start, end):
            continue
        found.append(_make("region", text, start, end, REGION_ABBREVIATIONS[m.group()]))
    return _sorted(found)


# --------------------------------------------------------------------------- quoted

_QUOTED_RE = regex.compile(
    r"""
    (?P<q1>"(?!\s)(?P<i1>(?:[^"\n]|\n(?![ \t\r]{0,20}\n)){1,200}+)(?<!\s)")
  | (?P<q2>“(?P<i2>(?:[^“”\n]|\n(?![ \t\r]{0,20}\n)){1,200}+)”)
  | (?P<q3>‘(?P<i3>(?:[^‘’\n]|’(?=\w)|\n(?![ \t\r]{0,20}\n)){1,200}+)’(?!\w))
  | (?P<q4>«\s?(?P<i4>(?:[^«»\n]|\n(?![ \t\r]{0,20}\n)){1,200}+)»)
    """,
    regex.VERBOSE,
)


def extract_quoted(text: str) -> list[Extracted]:
    """Extract phrases in quotation marks: "...", “...”, ‘...’ and «...».

    The inside holds 1 to 200 characters and no blank line. Straight quotes
    must hug the phrase ("like this"), which keeps inch marks and stray quotes
    from pairing up with the wrong partner.

    Args:
        text: A sentence or clause.

    Returns:
        One Extracted per phrase, span with the quotes, value the text inside.
    """
    found: list[Extracted] = []
    for m in _QUOTED_RE.finditer(text):
        inner = m["i1"] or m["i2"] or m["i3"] or m["i4"]
        found.append(_make("quoted", text, m.start(), m.end(), inner.strip()))
    return _sorted(found)


# --------------------------------------------------------------------------- jurisdictions

_NAME_WORD = r"(?:(?:[A-Z]\.){2,3}|[A-Z][\w'’-]*+)"
_NAME = rf"{_NAME_WORD}(?:\s++(?:(?i:of|and|the|upon|de|del|du)\s++)?{_NAME_WORD}){{0,5}}"
_STATE_ALT = _alternation(US_STATES, spaced=True)
_JURISDICTION_RE = regex.compile(
    rf"""
    (?i:\b(?:
        laws?\s++of
      | courts?(?:\s++(?:located|sitting|situated|based))?\s++(?:in|of|within|for)
      | (?:jurisdiction|venue|seated|arbitration)\s++(?:in|of)
    ))
    \s++(?:(?i:the)\s++)?
    (?:(?i:state|commonwealth|province|canton|territory)\s++(?i:of)\s++(?:(?i:the)\s++)?)?
    (?P<name>{_NAME})(?:,\s*+(?P<tail>{_STATE_ALT})\b)?
  | (?<!\b(?i:member)\s{{1,5}})\b(?:State|STATE|Commonwealth|COMMONWEALTH)\s++(?i:of)\s++
    (?:(?i:the)\s++)?(?P<name2>{_NAME})
  | \b(?P<adj>{_alternation([*LAW_ADJECTIVES, *US_STATES], spaced=True)})\s++(?i:laws?)\b
    """,
    regex.VERBOSE,
)
_NAME_PIECE_RE = regex.compile(r"\S++")
_LAW_ADJECTIVE_KEYS: dict[str, str] = {_key(k): v for k, v in LAW_ADJECTIVES.items()}


def _trim_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Cut a captured name before words that cannot belong to it.

    Returns:
        The kept span, or None when nothing sensible is left.
    """
    pieces = [(w.group(), w.start(), w.end()) for w in _NAME_PIECE_RE.finditer(text, start, end)]
    if not pieces or pieces[0][0].lower() in _NOT_JURISDICTIONS:
        return None
    kept = [pieces[0]]
    for piece in pieces[1:]:
        if piece[0].lower() in _NAME_STOP_WORDS:
            break
        kept.append(piece)
    while kept and kept[-1][0].lower() in _NAME_TRAILING_CONNECTORS:
        kept.pop()
    if not kept:
        return None
    return kept[0][1], kept[-1][2]


def extract_jurisdictions(text: str) -> list[Extracted]:
    """Extract governing-law and forum jurisdictions.

    "the laws of the State of California" gives "California", "laws of England
    and Wales" gives "England and Wales", "courts of Santa Clara County,
    California" gives "Santa Clara County, California" and "English law" gives
    "England".

    Args:
        text: A sentence or clause.

    Returns:
        One Extracted per jurisdiction, span on the name only, value the name
        as written (white space collapsed) or, for an adjective, the place.
    """
    found: list[Extracted] = []
    for m in _JURISDICTION_RE.finditer(text):
        if m["adj"] is not None:
            adjective = m["adj"]
            value = _LAW_ADJECTIVE_KEYS.get(_key(adjective), " ".join(adjective.split()))
            found.append(_make("jurisdiction", text, m.start("adj"), m.end("adj"), value))
            continue
        group = "name" if m["name"] is not None else "name2"
        kept = _trim_name(text, m.start(group), m.end(group))
        if kept is None:
            continue
        start, end = kept
        if m["tail"] is not None and end == m.end(group):
            end = m.end("tail")
        value = " ".join(text[start:end].split())
        found.append(_make("jurisdiction", text, start, end, value))
    return _sorted(found)


# --------------------------------------------------------------------------- URLs

_URL_CHARS = r"""[^\s<>"“”‘’'`{}|\\^]"""
_URL_RE = regex.compile(
    rf"""
    (?<![\w@.\-/])
    (?:
        (?i:https?|ftp)://{_URL_CHARS}++
      | (?i:www)\.{_URL_CHARS}++
      | (?:[A-Za-z0-9][A-Za-z0-9-]{{0,62}}+\.){{1,6}}(?i:{_alternation(URL_TLDS)})(?![\w-])
        (?:[/?#]{_URL_CHARS}*+)?
    )
    """,
    regex.VERBOSE,
)
_URL_TRAILING = ".,;:!?'\")]}>"
_URL_CLOSERS = {")": "(", "]": "[", "}": "{"}


def _url_spans(text: str) -> list[_Span]:
    """Find URLs with trailing punctuation cut off."""
    spans: list[_Span] = []
    for m in _URL_RE.finditer(text):
        start, end = m.span()
        url = m.group()
        # Counted once and updated as characters drop, to stay linear.
        counts = {c: url.count(c) for c in "()[]{}"}
        while end > start and text[end - 1] in _URL_TRAILING:
            last = text[end - 1]
            opener = _URL_CLOSERS.get(last)
            if opener is not None:
                if counts[opener] >= counts[last]:
                    break  # balanced, as in ".../Foo_(bar)"
                counts[last] -= 1
            end -= 1
        body = text[start:end]
        if body.lower().rstrip("/") in ("http:", "https:", "ftp:", "www"):
            continue
        if "://" in body and body.index("://") + 3 == len(body):
            continue
        spans.append(_Span(start, end, body))
    return spans


def extract_urls(text: str) -> list[Extracted]:
    """Extract URLs: http(s) ones, "www." ones and bare domains with a known TLD.

    Args:
        text: A sentence or clause.

    Returns:
        One Extracted per URL, span and value without trailing punctuation.
    """
    return _sorted(_make("url", text, s.start, s.end, s.value) for s in _url_spans(text))


# --------------------------------------------------------------------------- dates

_MONTH_ALT = _alternation(MONTHS)
_DATE_RE = regex.compile(
    rf"""
    (?i:\b(?P<m1>{_MONTH_ALT})\.?\s++(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,\s*+|\s++)(?P<y1>\d{{4}}))
    (?!\d)
  | (?<![\w.])(?P<d2>\d{{1,2}})(?i:st|nd|rd|th)?\s++(?i:of\s++)?
    (?i:(?P<m2>{_MONTH_ALT})\b)\.?,?\s++(?P<y2>\d{{4}})(?!\d)
  | (?<![\w.\-/])(?P<y3>\d{{4}})(?P<sep>[-/])(?P<m3>\d{{1,2}})(?P=sep)(?P<d3>\d{{1,2}})
    (?![\w]|[-/]\d)
    """,
    regex.VERBOSE,
)


def _date_spans(text: str) -> list[_Span]:
    """Find calendar dates, valued as ISO strings."""
    spans: list[_Span] = []
    for m in _DATE_RE.finditer(text):
        if m["y1"] is not None:
            year, month, day = int(m["y1"]), MONTHS[m["m1"].lower()], int(m["d1"])
        elif m["y2"] is not None:
            year, month, day = int(m["y2"]), MONTHS[m["m2"].lower()], int(m["d2"])
        else:
            year, month, day = int(m["y3"]), int(m["m3"]), int(m["d3"])
        try:
            iso = datetime.date(year, month, day).isoformat()
        except ValueError:
            continue
        spans.append(_Span(m.start(), m.end(), iso))
    return spans


def extract_dates(text: str) -> list[Extracted]:
    """Extract calendar dates: "July 23, 2024", "23 July 2024", "2024-07-23".

    Args:
        text: A sentence or clause.

    Returns:
        One Extracted per valid date, value the ISO date "YYYY-MM-DD".
    """
    return _sorted(_make("date", text, s.start, s.end, s.value) for s in _date_spans(text))


# --------------------------------------------------------------------------- registry

EXTRACTORS: dict[str, Callable[[str], list[Extracted]]] = {
    "number": extract_numbers,
    "money": extract_money,
    "region": extract_regions,
    "quoted": extract_quoted,
    "jurisdiction": extract_jurisdictions,
    "duration": extract_durations,
    "url": extract_urls,
    "date": extract_dates,
}


def extract(kind: str, text: str) -> list[Extracted]:
    """Run the extractor registered under kind on text.

    Args:
        kind: A key of EXTRACTORS, such as "number" or "money".
        text: A sentence or clause.

    Returns:
        The values found, sorted by start then end offset.

    Raises:
        UnknownExtractorError: No extractor is registered under kind.
    """
    try:
        extractor = EXTRACTORS[kind]
    except KeyError:
        raise UnknownExtractorError(kind) from None
    return extractor(text)

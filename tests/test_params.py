"""Tests of the parameter extractors in licenseparse.params."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from licenseparse.errors import LicenseparseError
from licenseparse.params import (
    EXTRACTORS,
    Extracted,
    UnknownExtractorError,
    extract,
    parse_number,
)

KINDS = sorted(EXTRACTORS)


def found(kind: str, text: str) -> list[tuple[str, object]]:
    """Return (span text, value) pairs, the shape most tables below compare against."""
    return [(e.text, e.value) for e in extract(kind, text)]


def check_invariants(kind: str, text: str, results: list[Extracted]) -> None:
    """Assert what every extractor promises about every result."""
    assert [(e.start, e.end) for e in results] == sorted((e.start, e.end) for e in results)
    for e in results:
        assert e.kind == kind
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start : e.end] == e.text
        json.dumps(e.value)
    for first, second in zip(results, results[1:], strict=False):
        assert first.end <= second.start, (first, second)


# --------------------------------------------------------------------------- model, registry


def test_extracted_is_frozen() -> None:
    item = Extracted(kind="number", start=0, end=2, text="30", value=30)
    with pytest.raises(ValidationError):
        item.start = 1  # type: ignore[misc]
    assert item.start == 0


def test_extracted_rejects_span_that_does_not_fit_text() -> None:
    with pytest.raises(ValidationError, match="does not fit"):
        Extracted(kind="number", start=0, end=5, text="30", value=30)


def test_extracted_dumps_to_json() -> None:
    item = extract("money", "pay $1M now")[0]
    assert json.loads(item.model_dump_json()) == {
        "kind": "money",
        "start": 4,
        "end": 7,
        "text": "$1M",
        "value": {"amount": 1000000, "currency": "USD"},
    }


def test_extractors_registry_has_every_kind() -> None:
    expected = {"number", "money", "region", "quoted", "jurisdiction", "duration", "url", "date"}
    assert set(EXTRACTORS) == expected


def test_extract_unknown_kind_raises_coded_key_error() -> None:
    with pytest.raises(UnknownExtractorError) as info:
        extract("colour", "red")
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, LicenseparseError)
    assert info.value.kind == "colour"
    assert str(info.value).startswith("[LP310] unknown parameter extractor 'colour'")
    assert "number" in str(info.value)


@pytest.mark.parametrize("kind", KINDS)
def test_extract_empty_text_finds_nothing(kind: str) -> None:
    assert extract(kind, "") == []


# --------------------------------------------------------------------------- number

NUMBER_CASES = [
    ("700 million", [("700 million", 700000000)]),
    ("700,000,000", [("700,000,000", 700000000)]),
    (
        "seven hundred million (700,000,000)",
        [("seven hundred million (700,000,000)", 700000000)],
    ),
    ("1.5 billion", [("1.5 billion", 1500000000)]),
    ("100 million monthly active users", [("100 million", 100000000)]),
    ("one million", [("one million", 1000000)]),
    ("thirty (30) days", [("thirty (30)", 30)]),
    ("1M and 10k", [("1M", 1000000), ("10k", 10000)]),
    ("a million users", [("a million", 1000000)]),
    ("one hundred and twenty-five thousand", [("one hundred and twenty-five thousand", 125000)]),
    ("Twenty Five", [("Twenty Five", 25)]),
    ("twelve hundred", [("twelve hundred", 1200)]),
    ("one million two hundred thousand", [("one million two hundred thousand", 1200000)]),
    ("twenty twenty", [("twenty", 20), ("twenty", 20)]),
    ("3.1", [("3.1", 3.1)]),
    ("0.5M tokens", [("0.5M", 500000)]),
    ("$10 million", [("10 million", 10000000)]),
    ("50%", [("50", 50)]),
    ("2.5 hours", [("2.5", 2.5)]),
    ("Llama 3.1 405B", [("405B", 405000000000)]),
    ("100 (one hundred)", [("100 (one hundred)", 100)]),
    ("30 (31) days", [("30", 30), ("31", 31)]),
    (
        "more than 700 million monthly active users in the preceding calendar month",
        [("700 million", 700000000)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), NUMBER_CASES)
def test_number_extracts_values(text: str, expected: list[tuple[str, object]]) -> None:
    assert found("number", text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Section 2.1",
        "Section 2",
        "sections 4",
        "§ 5",
        "Llama 3.1",
        "LLAMA 3",
        "Gemma 2",
        "version 2.0",
        "Version 1.0 of the model",
        "v2.0",
        "Apache License 2.0",
        "1.b.iv",
        "1.b",
        "3.1.2",
        "GPT-4",
        "Llama-3.1-8B",
        "1. Definitions",
        "(2) the Licensee",
        "3.1 Grant of Rights",
        "July 23, 2024",
        "2024-07-23",
        "see https://example.com/2024/05",
        "the 3rd party",
        "10x faster",
        "12:30",
        "1/2",
        "hundreds of millions",
        "million",
        "someone",
    ],
)
def test_number_skips_references_and_non_quantities(text: str) -> None:
    assert found("number", text) == []


def test_number_offsets_point_into_text() -> None:
    text = "Licensees with more than 700 million users"
    (item,) = extract("number", text)
    assert (item.start, item.end) == (25, 36)
    assert text[item.start : item.end] == "700 million"


def test_number_whole_decimal_is_int_and_fraction_is_float() -> None:
    values = [e.value for e in extract("number", "5.00 and 5.25")]
    assert values == [5, 5.25]
    assert isinstance(values[0], int)
    assert isinstance(values[1], float)


PARSE_NUMBER_CASES = [
    ("700 million", 700000000),
    ("seven hundred million", 700000000),
    ("1,000,000", 1000000),
    ("1.5 billion", 1500000000),
    ("10M", 10000000),
    ("100k", 100000),
    ("twenty", 20),
    ("forty-two", 42),
    ("one hundred (100)", 100),
    ("  42 ", 42),
    ("3.5", 3.5),
    ("zero", 0),
    ("1.25k", 1250),
    ("a hundred", 100),
    ("Section 2", None),
    ("abc", None),
    ("", None),
    ("hundred", None),
    ("one two", None),
    ("700 million users", None),
    ("$1M", None),
]


@pytest.mark.parametrize(("text", "expected"), PARSE_NUMBER_CASES)
def test_parse_number_parses_exactly_one_number(text: str, expected: int | float | None) -> None:
    assert parse_number(text) == expected


_SMALL = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _words(n: int) -> str:
    """Spell out n in English, the reference the parser is checked against."""
    if n < 20:
        return _SMALL[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else "-" + _SMALL[n % 10])
    if n < 1000:
        rest = "" if n % 100 == 0 else " and " + _words(n % 100)
        return _SMALL[n // 100] + " hundred" + rest
    for scale, name in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand")):
        if n >= scale:
            rest = "" if n % scale == 0 else " " + _words(n % scale)
            return _words(n // scale) + " " + name + rest
    raise AssertionError(n)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=999_999_999_999))
def test_parse_number_reads_spelled_out_numbers(n: int) -> None:
    assert parse_number(_words(n)) == n


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**15))
def test_parse_number_reads_digits_with_and_without_commas(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


# --------------------------------------------------------------------------- money

MONEY_CASES = [
    ("USD $1,000,000", [("USD $1,000,000", 1000000, "USD")]),
    ("$1M", [("$1M", 1000000, "USD")]),
    ("€10 million", [("€10 million", 10000000, "EUR")]),
    ("US$ 5 million", [("US$ 5 million", 5000000, "USD")]),
    ("U.S.$5", [("U.S.$5", 5, "USD")]),
    ("1 million US dollars", [("1 million US dollars", 1000000, "USD")]),
    (
        "one million dollars (USD $1,000,000)",
        [("one million dollars (USD $1,000,000)", 1000000, "USD")],
    ),
    ("£2,000,000", [("£2,000,000", 2000000, "GBP")]),
    ("RMB 100 million", [("RMB 100 million", 100000000, "CNY")]),
    ("¥500", [("¥500", 500, "CNY")]),
    ("JP¥500", [("JP¥500", 500, "JPY")]),
    ("CNY 1,000", [("CNY 1,000", 1000, "CNY")]),
    ("EUR 500,000", [("EUR 500,000", 500000, "EUR")]),
    ("1,000,000 euros", [("1,000,000 euros", 1000000, "EUR")]),
    ("100 million yuan", [("100 million yuan", 100000000, "CNY")]),
    ("$10 million in annual revenue", [("$10 million", 10000000, "USD")]),
    ("$100 CAD", [("$100 CAD", 100, "CAD")]),
    ("HK$ 20", [("HK$ 20", 20, "HKD")]),
    ("greater than US $1 billion", [("US $1 billion", 1000000000, "USD")]),
    ("A $5 fee", [("$5", 5, "USD")]),
    ("A$5 fee", [("A$5", 5, "AUD")]),
    ("$5.50", [("$5.50", 5.5, "USD")]),
    ("5 U.S. dollars", [("5 U.S. dollars", 5, "USD")]),
    ("$1.5bn", [("$1.5bn", 1500000000, "USD")]),
    ("fees of $10 and €20", [("$10", 10, "USD"), ("€20", 20, "EUR")]),
]


@pytest.mark.parametrize(("text", "expected"), MONEY_CASES)
def test_money_extracts_amount_and_currency(
    text: str, expected: list[tuple[str, object, str]]
) -> None:
    wanted = [(span, {"amount": amount, "currency": cur}) for span, amount, cur in expected]
    assert found("money", text) == wanted


@pytest.mark.parametrize(
    "text", ["700 million users", "$", "USD", "the US 5 times", "Section $", "ABC$5x"]
)
def test_money_needs_a_number_and_a_currency(text: str) -> None:
    assert found("money", text) == []


def test_money_whole_amount_is_int() -> None:
    (item,) = extract("money", "$2.00")
    assert item.value == {"amount": 2, "currency": "USD"}
    assert isinstance(item.value, dict)
    assert isinstance(item.value["amount"], int)


# --------------------------------------------------------------------------- region

REGION_CASES = [
    ("European Union", ["European Union"]),
    ("the EU and the EEA", ["European Union", "European Economic Area"]),
    ("Switzerland", ["Switzerland"]),
    ("United States, U.S., US, USA", ["United States"] * 4),
    ("United Kingdom/UK", ["United Kingdom", "United Kingdom"]),
    ("China, the PRC", ["China", "China"]),
    ("People's Republic of China", ["China"]),
    ("People’s Republic of China", ["China"]),
    ("mainland China", ["Mainland China"]),
    ("Hong Kong, Russia, Iran", ["Hong Kong", "Russia", "Iran"]),
    ("North Korea, Cuba, Syria and the Crimea region", ["North Korea", "Cuba", "Syria", "Crimea"]),
    ("the Republic of Korea", ["South Korea"]),
    ("Democratic People's Republic of Korea", ["North Korea"]),
    ("Germany, France and the Netherlands", ["Germany", "France", "Netherlands"]),
    ("THE UNITED STATES", ["United States"]),
    ("EU, UK, US", ["European Union", "United Kingdom", "United States"]),
    ("THE LAWS OF THE US", ["United States"]),
    ("the U.S. and the EU.", ["United States", "European Union"]),
    ("a US-based company", ["United States"]),
    ("Türkiye", ["Turkey"]),
]


@pytest.mark.parametrize(("text", "expected"), REGION_CASES)
def test_region_normalises_to_canonical_name(text: str, expected: list[str]) -> None:
    assert [value for _, value in found("region", text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "send it to us",
        "let us know",
        "Us",
        "CONTACT US AT ONCE",
        "TO US.",
        "US$ 5",
        "fine china",
        "roast turkey",
        "EURO",
        "USD",
        "status",
    ],
)
def test_region_skips_pronouns_and_lookalikes(text: str) -> None:
    assert found("region", text) == []


def test_region_span_covers_mention() -> None:
    text = "users in the European Union may not"
    (item,) = extract("region", text)
    assert (item.start, item.end, item.text) == (13, 27, "European Union")


# --------------------------------------------------------------------------- quoted

QUOTED_CASES = [
    (
        "prominently display “Built with Llama” on a related website",
        [("“Built with Llama”", "Built with Llama")],
    ),
    ('the "Agreement" means', [('"Agreement"', "Agreement")]),
    ("‘Licensee’s Products’ means", [("‘Licensee’s Products’", "Licensee’s Products")]),
    ('"a" and "b"', [('"a"', "a"), ('"b"', "b")]),
    ('5" and 6" screens, the "Foo"', [('"Foo"', "Foo")]),
    ("«Gemma»", [("«Gemma»", "Gemma")]),
    ('"line one\nline two"', [('"line one\nline two"', "line one\nline two")]),
]


@pytest.mark.parametrize(("text", "expected"), QUOTED_CASES)
def test_quoted_extracts_inner_text(text: str, expected: list[tuple[str, str]]) -> None:
    assert found("quoted", text) == expected


@pytest.mark.parametrize(
    "text",
    [
        'a "b\n\nc" d',
        "“a\n  \nb”",
        '""',
        "“”",
        '"' + "x" * 201 + '"',
        "it’s Meta’s model",
        '" spaced "',
    ],
)
def test_quoted_rejects_blank_lines_empty_and_overlong(text: str) -> None:
    assert found("quoted", text) == []


def test_quoted_accepts_exactly_200_characters() -> None:
    inner = "x" * 200
    assert found("quoted", f"“{inner}”") == [(f"“{inner}”", inner)]


# --------------------------------------------------------------------------- jurisdiction

JURISDICTION_CASES = [
    ("governed by the laws of the State of California", [("California", "California")]),
    ("laws of the State of New York, without regard", [("New York", "New York")]),
    ("laws of England and Wales", [("England and Wales", "England and Wales")]),
    (
        "the laws of the People's Republic of China",
        [("People's Republic of China", "People's Republic of China")],
    ),
    ("laws of Germany.", [("Germany", "Germany")]),
    ("the Commonwealth of Massachusetts", [("Massachusetts", "Massachusetts")]),
    ("laws of the Republic of Korea", [("Republic of Korea", "Republic of Korea")]),
    (
        "courts of Santa Clara County, California shall have",
        [("Santa Clara County, California", "Santa Clara County, California")],
    ),
    (
        "state and federal courts located in San Francisco, California",
        [("San Francisco, California", "San Francisco, California")],
    ),
    ("THE LAWS OF THE STATE OF CALIFORNIA WITHOUT REGARD", [("CALIFORNIA", "CALIFORNIA")]),
    ("governed by English law", [("English", "England")]),
    ("governed by Delaware law", [("Delaware", "Delaware")]),
    (
        "laws of the United States of America",
        [("United States of America", "United States of America")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), JURISDICTION_CASES)
def test_jurisdiction_extracts_name(text: str, expected: list[tuple[str, str]]) -> None:
    assert found("jurisdiction", text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "laws of Your country",
        "the laws of the jurisdiction",
        "conflict of laws principles",
        "each Member State of the European Union",
        "the state of the art",
        "courts of competent jurisdiction",
        "laws of the Licensee's country",
        "applicable law",
    ],
)
def test_jurisdiction_skips_non_names(text: str) -> None:
    assert found("jurisdiction", text) == []


def test_jurisdiction_span_covers_only_the_name() -> None:
    text = "the laws of the State of California apply"
    (item,) = extract("jurisdiction", text)
    assert (item.start, item.end) == (25, 35)


# --------------------------------------------------------------------------- duration

DURATION_CASES = [
    ("thirty (30) days", [("thirty (30) days", 30, "day")]),
    ("90 days", [("90 days", 90, "day")]),
    ("one year", [("one year", 1, "year")]),
    ("12 months", [("12 months", 12, "month")]),
    ("24 hours", [("24 hours", 24, "hour")]),
    ("two weeks", [("two weeks", 2, "week")]),
    ("a 30-day notice", [("30-day", 30, "day")]),
    ("30 business days", [("30 business days", 30, "day")]),
    ("1 month or 2 years", [("1 month", 1, "month"), ("2 years", 2, "year")]),
    ("sixty (60) seconds", [("sixty (60) seconds", 60, "second")]),
    ("5 mins", [("5 mins", 5, "minute")]),
]


@pytest.mark.parametrize(("text", "expected"), DURATION_CASES)
def test_duration_extracts_amount_and_singular_unit(
    text: str, expected: list[tuple[str, int, str]]
) -> None:
    wanted = [(span, {"amount": amount, "unit": unit}) for span, amount, unit in expected]
    assert found("duration", text) == wanted


@pytest.mark.parametrize("text", ["30 users", "days", "Section 2 days", "the 30th day"])
def test_duration_needs_number_and_unit(text: str) -> None:
    assert found("duration", text) == []


# --------------------------------------------------------------------------- url

URL_CASES = [
    (
        "see https://llama.meta.com/llama3_1/use-policy.",
        ["https://llama.meta.com/llama3_1/use-policy"],
    ),
    ("(https://en.wikipedia.org/wiki/Foo_(bar))", ["https://en.wikipedia.org/wiki/Foo_(bar)"]),
    ("at www.example.com, or", ["www.example.com"]),
    ("llama.meta.com/llama3_1/use-policy;", ["llama.meta.com/llama3_1/use-policy"]),
    ("[http://a.io/x]", ["http://a.io/x"]),
    ("ai.google.dev/gemma/terms:", ["ai.google.dev/gemma/terms"]),
    ("https://huggingface.co/Qwen", ["https://huggingface.co/Qwen"]),
]


@pytest.mark.parametrize(("text", "expected"), URL_CASES)
def test_url_strips_trailing_punctuation(text: str, expected: list[str]) -> None:
    result = found("url", text)
    assert result == [(u, u) for u in expected]


@pytest.mark.parametrize(
    "text",
    [
        "email license@meta.com",
        "e.g. this",
        "i.e.",
        "in the EU.It is",
        "http://",
        "www.",
        "config.json",
    ],
)
def test_url_skips_non_urls(text: str) -> None:
    assert found("url", text) == []


# --------------------------------------------------------------------------- date

DATE_CASES = [
    ("July 23, 2024", [("July 23, 2024", "2024-07-23")]),
    ("23 July 2024", [("23 July 2024", "2024-07-23")]),
    ("2024-07-23", [("2024-07-23", "2024-07-23")]),
    ("April 1, 2024", [("April 1, 2024", "2024-04-01")]),
    ("23rd of July, 2024", [("23rd of July, 2024", "2024-07-23")]),
    ("Sept. 5, 2023", [("Sept. 5, 2023", "2023-09-05")]),
    ("RELEASED JULY 23, 2024", [("JULY 23, 2024", "2024-07-23")]),
    ("2024/7/3", [("2024/7/3", "2024-07-03")]),
]


@pytest.mark.parametrize(("text", "expected"), DATE_CASES)
def test_date_normalises_to_iso(text: str, expected: list[tuple[str, str]]) -> None:
    assert found("date", text) == expected


@pytest.mark.parametrize(
    "text", ["February 30, 2024", "2024-13-01", "July 2024", "3.1.2024", "2024-07-23-1"]
)
def test_date_skips_invalid_and_partial_dates(text: str) -> None:
    assert found("date", text) == []


# --------------------------------------------------------------------------- adversarial input

# Each entry: input, and how many results each extractor must return (0 when not listed).
# A pattern that backtracks on these would hang the run instead of failing it.
ADVERSARIAL = [
    ("commas", "1," * 200_000, {}),
    ("dollars", "$" * 500_000, {}),
    ("straight-quotes", '"' * 500_000, {}),
    ("curly-opens", "“a" * 300_000, {}),
    ("apostrophes", "‘a’b" * 200_000, {}),
    ("one-words", "one " * 100_000, {"number": 100_000}),
    ("hyphen-words", "one-" * 200_000, {"number": 200_000}),
    ("letters", "a" * 1_000_000, {}),
    ("digits", "1" * 1_000_000, {}),
    ("dotted-digits", "1." * 500_000, {}),
    ("dotted-letters", "a." * 500_000, {}),
    ("long-url", "http://" + "a" * 1_000_000, {"url": 1}),
    ("www", "www." * 250_000, {"url": 1}),
    ("laws-of", "laws of " * 120_000, {}),
    ("state-of", "State of " * 120_000, {}),
    ("spaces", "one" + " " * 1_000_000 + "x", {"number": 1}),
    ("long-quotes", ('"' + "a" * 199) * 5_000, {"quoted": 2_500}),
    ("half-dates", "July 1, " * 120_000, {"number": 120_000}),
    ("parens", "(" * 500_000 + "1" + ")" * 500_000, {}),
    ("blank-lines", " \n" * 500_000, {}),
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("text", "counts"), [(t, c) for _, t, c in ADVERSARIAL], ids=[n for n, _, _ in ADVERSARIAL]
)
def test_adversarial_input_gives_expected_results(
    kind: str, text: str, counts: dict[str, int]
) -> None:
    results = extract(kind, text)
    assert len(results) == counts.get(kind, 0)
    check_invariants(kind, text, results[:1000])


def test_adversarial_one_words_are_each_one() -> None:
    results = extract("number", "one " * 100_000)
    assert {e.value for e in results} == {1}
    assert results[-1].start == 4 * 99_999


# --------------------------------------------------------------------------- properties

TOKENS = [
    " ", " ", "\n", "\n\n", ",", ".", "(", ")", "-", "/", ":", ";",
    '"', "“", "”", "‘", "’", "«", "»", "$", "€", "£", "¥", "US$", "USD", "EUR", "RMB",
    "0", "1", "30", "1,000", "1,000,000", "3.1", "1.5", "2024", "07", "23", "10M", "100k",
    "one", "thirty", "hundred", "million", "and", "a", "twenty-five",
    "days", "year", "months", "dollars", "euros",
    "Section", "Llama", "version", "v", "1.b.iv",
    "July", "23,", "2024-07-23",
    "http://", "https://", "www.", "example", ".com", "llama.meta.com/x",
    "laws of", "the", "State of", "California", "England and Wales", "courts of", "County",
    "US", "us", "U.S.", "EU", "China", "mainland", "People's Republic of", "Korea",
    "Built with Llama", "é", "中", "\u00a0",
]  # fmt: skip

token_texts = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)
spaced_token_texts = st.lists(st.sampled_from(TOKENS), max_size=40).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(token_texts, spaced_token_texts))
def test_property_spans_match_text_for_token_soup(text: str) -> None:
    for kind in KINDS:
        check_invariants(kind, text, extract(kind, text))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_property_spans_match_text_for_any_string(text: str) -> None:
    for kind in KINDS:
        check_invariants(kind, text, extract(kind, text))


@settings(max_examples=200, deadline=None)
@given(token_texts)
def test_property_extraction_is_deterministic(text: str) -> None:
    for kind in KINDS:
        assert extract(kind, text) == extract(kind, text)


@settings(max_examples=200, deadline=None)
@given(token_texts, st.integers(min_value=1, max_value=5))
def test_property_offsets_shift_with_leading_spaces(text: str, shift: int) -> None:
    for kind in KINDS:
        plain = extract(kind, " " + text)
        shifted = extract(kind, " " * (1 + shift) + text)
        assert [(e.start + shift, e.end + shift, e.value) for e in plain] == [
            (e.start, e.end, e.value) for e in shifted
        ]

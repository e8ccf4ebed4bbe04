"""Metamorphic tests: layout and spelling changes must not change what is found."""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from licenseparse import Analysis, analyze
from licenseparse.testing import verdict_statuses

from .conftest import scancode_or_skip

KEYS = ["llama-3.1-license-2024", "llama-2-license-2023", "gemma-tou-2024-04-01",
        "bigscience-open-rail-m", "apache-2.0", "gpl-3.0", "mit", "mpl-2.0", "cc-by-4.0",
        "qwen-2024", "deepseek-la-1.0", "stability-ai-community-2024"]


def _rewrap(text: str) -> str:
    # Re-fill every line at 60 columns, keeping its indentation (and so its label).
    return "\n".join(
        textwrap.fill(line, 60, subsequent_indent=" " * (len(line) - len(line.lstrip())))
        if line.strip() else line
        for line in text.split("\n")
    )


def _crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def _straight_quotes(text: str) -> str:
    return (text.replace("\u201c", '"').replace("\u201d", '"')
            .replace("\u2018", "'").replace("\u2019", "'"))


def _british(text: str) -> str:
    for american, british in (("license", "licence"), ("License", "Licence"),
                              ("LICENSE", "LICENCE"), ("authorize", "authorise"),
                              ("organization", "organisation"), ("behavior", "behaviour")):
        text = text.replace(american, british)
    return text


# --------------------------------------------------------------- markup renderings
#
# The Markdown and HTML variants are built from one reading of the plain text's layout:
# blank-line separated blocks, a title, headings ("Section 2:", ALL-CAPS lines, setext
# underlines, short numbered headings), enumerated clauses ("1.", "(a)", "ii.", "a)") and
# bullets, nested by their indentation the way a reader sees them. Each rendering then
# writes what a person publishing the licence in that format would write.

_ENUM = re.compile(
    r"(?:\((?P<paren>\d{1,3}|[a-z]{1,2}|[A-Z]|[ivx]{1,6}|[IVX]{1,6})\)"
    r"|(?P<dot>\d{1,3}|[a-z]|[A-Z]|[ivx]{1,6}|[IVX]{1,6})(?P<punct>[.)]))(?:[ \t]+|$)"
)
_DOTTED = re.compile(r"\d{1,3}(?:\.\d{1,3})+\.?(?:[ \t]+|$)")
_SECTION_HEADING = re.compile(
    r"(?i:section|article|attachment|exhibit|appendix|schedule)[ \t]+(?:\d{1,3}|[IVX]{1,6}|[A-Z])\b"
)
_BULLET_MARK = re.compile(r"[-*\u2022\u25cf\u25aa][ \t]+")
_UNDERLINE = re.compile(r"(?:={3,}|-{3,})")
_URL = re.compile(r"https?://[^\s<>\"\u201c\u201d]+")
_DEFINED = re.compile(
    r"([\"\u201c][^\"\u201c\u201d\n]{1,80}[\"\u201d])"
    r"(?=[^\n]{0,80}?\b(?:means|shall mean|refers? to)\b)"
)
_SENTENCE_END = (".", ":", ";", "!", "?", ")", '"', "\u201d", " and", " or")


@dataclass
class _Part:
    """One block of the plain text as a reader sees it."""

    kind: str  # "title", "heading", "rule", "para", "item"
    lines: list[str]  # stripped; an item's first line without its label
    indent: int = 0
    label: str = ""  # an item's enumerator as written, "" for a bullet
    style: str = ""  # "decimal", "paren-lalpha", "dot-lroman", "bullet", ...
    value: int = 0  # an enumerator's ordinal (a = 1, iv = 4)
    level: int = 0  # a heading's level; an item's or paragraph's list depth
    in_item: bool = False  # a paragraph that continues the list item around it


def _roman_value(numeral: str) -> int:
    values = {"i": 1, "v": 5, "x": 10}
    total = 0
    for char, following in zip(numeral.lower(), numeral.lower()[1:] + " ", strict=True):
        value = values[char]
        total += -value if values.get(following, 0) > value else value
    return total


def _to_roman(number: int) -> str:
    out = ""
    for amount, numeral in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while number >= amount:
            out += numeral
            number -= amount
    return out


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return (upper >= 4 and upper >= 0.85 * len(letters) and len(line.split()) <= 12
            and not line.endswith((",", ";")))


def _enumerator(line: str, before: list[_Part]) -> tuple[str, str, int, int] | None:
    """Return (label, style, value, end) for an enumerated line, with i/v/x resolved."""
    m = _ENUM.match(line)
    if m is None:
        return None
    value = m.group("paren") or m.group("dot")
    family = "paren" if m.group("paren") else "dot" if m.group("punct") == "." else "close"
    if value.isdigit():
        return m.group().strip(), f"{family}-decimal", int(value), m.end()
    case = "l" if value.islower() else "u"
    roman = all(c in "ivxIVX" for c in value)
    if roman and len(value) == 1:
        # "i." right after "h." is a letter; otherwise a lone i, v or x starts a roman list.
        alpha = f"{family}-{case}alpha"
        last = next((p for p in reversed(before) if p.style == alpha or p.kind == "heading"),
                    None)
        roman = last is None or last.kind == "heading" or last.value != ord(value.lower()) - 97
    if roman:
        return m.group().strip(), f"{family}-{case}roman", _roman_value(value), m.end()
    if len(value) > 1:
        return None
    return m.group().strip(), f"{family}-{case}alpha", ord(value.lower()) - 96, m.end()


def _paragraphs(text: str) -> list[tuple[int, list[str]]]:
    """Split the text into blocks of raw lines; unwrapped texts start one per line."""
    lines = text.split("\n")
    unwrapped = max(map(len, lines)) > 200
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for line in lines:
        stripped = line.strip()
        previous = current[-1].strip() if current else ""
        starts = bool(current) and (
            # One paragraph per line; a short line without a full stop is a heading.
            (unwrapped and (previous.endswith(_SENTENCE_END) or len(previous) < 60))
            or ((len(previous) < 40 or previous.endswith(_SENTENCE_END))
                and (_ENUM.match(stripped) or _BULLET_MARK.match(stripped)
                     or _DOTTED.match(stripped)))
        )
        if not stripped or starts:
            if current:
                blocks.append((len(current[0]) - len(current[0].lstrip()), current))
            current = []
        if stripped:
            current.append(line)
    if current:
        blocks.append((len(current[0]) - len(current[0].lstrip()), current))
    return blocks


def _read_layout(text: str) -> list[_Part]:
    parts: list[_Part] = []
    blocks = _paragraphs(text.expandtabs(8))
    for number, (indent, raw) in enumerate(blocks):
        lines = [line.strip() for line in raw]
        first = lines[0]
        if len(lines) == 2 and _UNDERLINE.fullmatch(lines[1]):
            kind = "title" if number == 0 else "heading"
            parts.append(_Part(kind, [first], level=2 if lines[1][0] == "-" else 1))
            continue
        if number == 0 and (len(first) <= 60 or _is_caps(first)) \
                and not first.endswith((".", ",", ":")):
            parts.append(_Part("title", [first]))
            if lines[1:]:
                parts.append(_Part("para", lines[1:]))
            continue
        if len(lines) == 1 and _UNDERLINE.fullmatch(first):
            parts.append(_Part("rule", []))
            continue
        if len(lines) == 1 and len(first) <= 80 and (
                _SECTION_HEADING.match(first) or _is_caps(first)):
            parts.append(_Part("heading", [first], level=2))
            continue
        if _DOTTED.match(first):
            if len(lines) == 1 and len(first) <= 60:
                parts.append(_Part("heading", [first], level=3))
            else:
                parts.append(_Part("para", lines, indent, style="dotted"))
            continue
        bullet = _BULLET_MARK.match(first)
        if bullet:
            parts.append(_Part("item", [first[bullet.end():], *lines[1:]], indent,
                               style="bullet"))
            continue
        enumerated = _enumerator(first, parts)
        if enumerated:
            label, style, value, end = enumerated
            parts.append(_Part("item", [first[end:], *lines[1:]], indent, label, style, value))
            continue
        parts.append(_Part("para", lines, indent))
    _nest(parts)
    return parts


def _nest(parts: list[_Part]) -> None:
    """Give items their list depth; mark paragraphs that continue an open item."""
    decimals = [p for p in parts if p.kind == "item" and p.style == "dot-decimal"]
    top = min((p.indent for p in decimals), default=0)
    # Numbered clauses that are all one short line are the document's section headings.
    if decimals and all(len(p.lines) == 1 and len(p.lines[0]) <= 50 for p in decimals
                        if p.indent == top):
        for p in decimals:
            if p.indent == top:
                p.kind, p.level, p.lines = "heading", 2, [f"{p.label} {p.lines[0]}".strip()]
    stack: list[_Part] = []
    for part in parts:
        if part.kind in ("title", "heading", "rule"):
            stack = []
        elif part.kind == "item":
            same = next((i for i in range(len(stack) - 1, -1, -1)
                         if stack[i].style == part.style
                         and abs(stack[i].indent - part.indent) <= 1), None)
            if same is not None:
                del stack[same:]
            else:
                # A new kind of enumerator opens a sub-list unless it is outdented.
                while stack and stack[-1].indent > part.indent:
                    stack.pop()
            part.level = len(stack)
            stack.append(part)
        else:
            while stack and stack[-1].indent >= part.indent:
                stack.pop()
            part.level = len(stack)
            part.in_item = bool(stack)


# -- Markdown


def _md_escape(text: str) -> str:
    out: list[str] = []
    pos = 0
    for m in _URL.finditer(text):
        url = m.group().rstrip(".,;:)'\u2019")
        out.append(_md_escape_words(text[pos:m.start()]))
        before, after = text[m.start() - 1:m.start()], text[m.start() + len(url):][:1]
        out.append(url if (before, after) == ("<", ">") else f"<{url}>")
        pos = m.start() + len(url)
    out.append(_md_escape_words(text[pos:]))
    return "".join(out)


def _md_escape_words(text: str) -> str:
    text = re.sub(r"([\\`*\[\]])", r"\\\1", text)
    text = re.sub(r"(?<!\w)_|_(?!\w)", r"\\_", text)
    return re.sub(r"<(?=[A-Za-z/!?])(?!https?://)", r"\\<", text)


def _md_line_start(line: str) -> str:
    # A wrapped line must not read as a heading, a list item or a quote.
    line = re.sub(r"^(\d{1,3})([.)])(?=\s|$)", r"\1\\\2", line)
    return re.sub(r"^([#>+\-=])", r"\\\1", line)


def _md_definition(text: str) -> str:
    return _DEFINED.sub(r"**\1**", text, count=1) if _DEFINED.match(text) else text


def to_markdown(text: str) -> str:
    """Render a plain licence as a Markdown document."""
    out: list[str] = []
    columns: list[int] = []  # content column of each open list level
    for part in _read_layout(text):
        lines = [_md_escape(line) for line in part.lines]
        if part.kind == "title":
            out += [f"# {lines[0]}", ""]
        elif part.kind == "heading":
            out += ["#" * part.level + " " + " ".join(lines), ""]
        elif part.kind == "rule":
            out += ["---", ""]
        elif part.kind == "item":
            del columns[part.level:]
            indent = columns[-1] if columns else 0
            if part.style == "dot-decimal":
                marker = f"{part.value}. "
            elif part.style == "bullet":
                marker = "- "
            else:
                marker = f"- {_md_escape_words(part.label)} "
            first = _md_definition(lines[0])
            out.append(" " * indent + marker + first)
            content = indent + (len(marker) if part.style in ("dot-decimal", "bullet") else 2)
            out += [" " * content + _md_line_start(line) for line in lines[1:]]
            out.append("")
            columns.append(content)
        else:
            del columns[part.level:]
            indent = columns[-1] if part.in_item and columns else 0
            if not part.in_item:
                columns.clear()
            first = _md_definition(lines[0])
            if part.style == "dotted":
                label = _DOTTED.match(first)
                assert label is not None
                first = f"**{label.group().strip()}** {first[label.end():]}"
            body = [_md_line_start(first), *(_md_line_start(line) for line in lines[1:])]
            out += [" " * indent + line for line in body]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# -- HTML

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\u201c": "&#8220;",
             "\u201d": "&#8221;", "\u2018": "&lsquo;", "\u2019": "&rsquo;", "\u00a9": "&copy;",
             "\u2014": "&mdash;", "\u2013": "&ndash;", "\u00a0": "&nbsp;"}
_OL_TYPES = {"decimal": "1", "lalpha": "a", "ualpha": "A", "lroman": "i", "uroman": "I"}


def _html_escape(text: str) -> str:
    return "".join(_ENTITIES.get(c, c if ord(c) < 128 else f"&#{ord(c)};") for c in text)


def _html_inline(text: str) -> str:
    out: list[str] = []
    pos = 0
    for m in _URL.finditer(text):
        url = m.group().rstrip(".,;:)'\u2019>")
        out.append(_html_escape(text[pos:m.start()]))
        out.append(f'<a href="{_html_escape(url)}">{_html_escape(url)}</a>')
        pos = m.start() + len(url)
    out.append(_html_escape(text[pos:]))
    html_text = "".join(out)
    m = _DEFINED.match(text)
    if m:
        term = _html_escape(m.group(1))
        html_text = html_text.replace(term, f"<strong>{term}</strong>", 1)
    return html_text


def to_html(text: str) -> str:
    """Render a plain licence as an HTML page."""
    parts = _read_layout(text)
    title = next((p.lines[0] for p in parts if p.kind == "title"), "Licence")
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           f"<title>{_html_escape(title)}</title>",
           "<style>body { max-width: 48em; margin: auto; }</style>", "</head>", "<body>"]
    # Open lists: (closing tag, part of the open <li>, its next expected value).
    lists: list[tuple[str, _Part, int]] = []

    def close_to(depth: int) -> None:
        while len(lists) > depth:
            tag, _, _ = lists.pop()
            out.append("  " * len(lists) + f"</li></{tag}>")

    for part in parts:
        body = "\n".join(_html_inline(line) for line in part.lines)
        if part.kind in ("title", "heading", "rule"):
            close_to(0)
            if part.kind == "rule":
                out.append("<hr>")
            else:
                level = 1 if part.kind == "title" else part.level
                out.append(f"<h{level}>{body}</h{level}>")
        elif part.kind == "item":
            close_to(part.level + 1)
            kind = part.style.split("-")[-1]
            tag = "ul" if part.style == "bullet" else "ol"
            if len(lists) == part.level + 1 and lists[-1][1].style == part.style:
                _, _, expected = lists[-1]
                value = "" if part.value == expected else f' value="{part.value}"'
                out.append("  " * part.level + f"</li><li{value}>{body}")
                lists[-1] = (tag, part, part.value + 1)
            else:
                close_to(part.level)
                attrs = ""
                if tag == "ol":
                    attrs = f' type="{_OL_TYPES[kind]}"' if kind != "decimal" else ""
                    attrs += f' start="{part.value}"' if part.value != 1 else ""
                out.append("  " * part.level + f"<{tag}{attrs}><li>{body}")
                lists.append((tag, part, part.value + 1))
        else:
            close_to(part.level)
            if part.style == "dotted":
                label = _DOTTED.match(part.lines[0])
                assert label is not None
                body = f"<b>{label.group().strip()}</b> " + body[label.end():]
            out.append("  " * part.level + f"<p>{body}</p>")
    close_to(0)
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


VARIANTS: dict[str, Callable[[str], str]] = {
    "rewrap-60": _rewrap, "crlf": _crlf, "straight-quotes": _straight_quotes,
    "british": _british, "markdown": to_markdown, "html": to_html,
}


def _numeric_params(a: Analysis) -> set[tuple[str, str]]:
    # Values that spelling cannot touch: numbers, money, regions, jurisdictions.
    keep = ("users", "amount", "limit", "regions", "jurisdiction", "category")
    return {(f.rule_id, repr(f.params.get(k))) for f in a.findings for k in keep
            if k in f.params}


def _terms(a: Analysis) -> set[str]:
    # Defined terms up to spelling.
    return {_british(term.term) for term in a.glossary}


_FOLD = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def _plain_words(text: str) -> str:
    text = re.sub(r"<(https?://[^\s<>]+)>", r"\1", text.translate(_FOLD))
    return " ".join(text.split())


def _rendered(quote: str, media_type: str) -> str:
    """Return what a reader sees of a quote from a Markdown or HTML original."""
    if media_type == "html":
        quote = re.sub(r"</?(?:a|b|strong|em)\b[^<>]*>", "", quote)  # inline markup
        quote = html.unescape(re.sub(r"<[^<>]*>", " ", quote))
    elif media_type == "markdown":
        quote = re.sub(r"^[ \t]*(?:#{1,6}|[-*+])[ \t]+", "", quote, flags=re.MULTILINE)
        quote = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", quote.replace("**", ""))
    return _plain_words(quote)


_BASE: dict[str, Analysis] = {}


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("key", KEYS)
def test_metamorphic_same_rules_params_and_verdicts(key: str, variant: str) -> None:
    text = scancode_or_skip(key)
    if key not in _BASE:
        _BASE[key] = analyze(text)
    base = _BASE[key]
    changed = analyze(VARIANTS[variant](text))
    assert {f.rule_id for f in changed.findings} == {f.rule_id for f in base.findings}
    assert verdict_statuses(changed) == verdict_statuses(base)
    assert _numeric_params(changed) == _numeric_params(base)
    assert changed.profile.model_dump(exclude={"attribution_display", "derivative_naming"}) \
        == base.profile.model_dump(exclude={"attribution_display", "derivative_naming"})
    # Markup must not hide a definition (it may reveal one a plain layout hides).
    assert _terms(base) <= _terms(changed)
    media_type = changed.provenance.input.media_type
    plain = _plain_words(VARIANTS[variant](text) if media_type == "text" else text)
    for finding in changed.findings:
        # A quote is the original at the finding's offsets: raw markup for Markdown and
        # HTML input, and once rendered it is a passage of the licence text.
        assert changed.original[finding.start:finding.end] == finding.quote
        assert _rendered(finding.quote, media_type) in plain, finding.id


def _tree_of(a: Analysis) -> list[tuple[str, str]]:
    # Numbered clauses with their titles, up to spelling and a title's closing stop.
    return [(c.path, _british(c.heading or "").rstrip(".").lower())
            for c in a.clauses if c.label]


# Where a variant's layout reads differently, kept as strict known gaps so a fix shows:
# the HTML variant puts MPL's disclaimers boxed in "*" inside a <p>, which a browser
# runs into one line, and the Markdown variant writes CC's wrapped citation "Section
# 2(a)\n(4)" as a bullet "- (4)".
_TREE_GAPS = {("mpl-2.0", "html"), ("cc-by-4.0", "markdown")}


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("key", KEYS)
def test_metamorphic_same_clause_tree(key: str, variant: str, request: pytest.FixtureRequest
                                      ) -> None:
    if (key, variant) in _TREE_GAPS:
        request.applymarker(pytest.mark.xfail(strict=True, reason="variant reads differently"))
    text = scancode_or_skip(key)
    if key not in _BASE:
        _BASE[key] = analyze(text)
    assert _tree_of(analyze(VARIANTS[variant](text))) == _tree_of(_BASE[key])

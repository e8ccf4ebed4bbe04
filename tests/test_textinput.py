"""Tests for licenseparse.textinput: decoding, media types, views and offset maps."""

from __future__ import annotations

import codecs
import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from licenseparse import textinput
from licenseparse.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputIsDirectoryError,
    InputNotFoundError,
    InputReadError,
    InputTooLargeError,
)
from licenseparse.textinput import (
    OffsetMap,
    SourceText,
    decode_bytes,
    load_input,
    normalize_for_matching,
)

# Folds that normalize_for_matching documents, written out independently of the module.
SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2035`\u00b4\u2039\u203a"
DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb"
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f"
SPACES += "\u205f\u3000"
LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
REMOVED = "\u00ad\u200b\u2060\ufeff"


def documented_fold(original_char: str) -> set[str]:
    """Return every view character that original_char may legitimately become."""
    if original_char in SINGLE_QUOTES:
        return {"'"}
    if original_char in DOUBLE_QUOTES:
        return {'"'}
    if original_char in DASHES:
        return {"-"}
    if original_char in SPACES:
        return {" "}
    if original_char in "\r\u2028\u2029":
        return {"\n"}
    if original_char in LIGATURES:
        return set(LIGATURES[original_char])
    return {original_char}


def assert_offsets_consistent(source: SourceText) -> None:
    """Check the structural promises every view makes about its map."""
    offsets = source.offsets
    assert offsets.view_length == len(source.view)
    assert offsets.original_length == len(source.original)
    assert offsets.to_original(len(source.view)) == len(source.original)
    previous = 0
    for i in range(len(source.view)):
        start, end = source.to_original(i, i + 1)
        assert previous <= start <= end <= len(source.original)
        assert start == offsets.to_original(i)
        previous = start


# ------------------------------------------------------------------------- errors


def test_load_input_empty_str_raises_lp101() -> None:
    with pytest.raises(EmptyInputError, match=r"\[LP101\] input is empty"):
        load_input("")


def test_load_input_whitespace_only_raises_lp101() -> None:
    with pytest.raises(EmptyInputError, match=r"\[LP101\].*only white space"):
        load_input("  \n\t \r\n ")


def test_load_input_whitespace_only_bytes_raises_lp101() -> None:
    with pytest.raises(EmptyInputError, match=r"\[LP101\]"):
        load_input(b"\n\n   \n")


def test_load_input_empty_file_raises_lp101_naming_file(tmp_path: Path) -> None:
    path = tmp_path / "LICENSE"
    path.write_bytes(b"")
    with pytest.raises(EmptyInputError, match=r"\[LP101\] file '.*LICENSE' is empty"):
        load_input(path)


def test_load_input_nul_bytes_raise_lp102() -> None:
    with pytest.raises(BinaryInputError, match=r"\[LP102\].*NUL byte at offset 3"):
        load_input(b"abc\x00def ghi")


def test_load_input_nul_in_str_raises_lp102() -> None:
    with pytest.raises(BinaryInputError, match=r"\[LP102\].*NUL"):
        load_input("Licence\x00text")


def test_load_input_many_control_characters_raise_lp102() -> None:
    data = b"MZ\x01\x02\x03\x04 some text \x05\x06\x07\x08 \x1b\x1c"
    with pytest.raises(BinaryInputError, match=r"\[LP102\].*control characters"):
        load_input(data)


def test_load_input_single_stray_control_character_is_text() -> None:
    text = "Permission is hereby granted. " * 20 + "\x1a"
    source = load_input(text)
    assert source.original == text


def test_load_input_huge_file_raises_lp103_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("a too large file must be rejected before it is opened")

    monkeypatch.setattr(textinput, "open", no_open, raising=False)
    with pytest.raises(InputTooLargeError) as caught:
        load_input(path)
    message = str(caught.value)
    assert message.startswith("[LP103]")
    assert "huge.txt" in message
    assert "52,428,800 bytes" in message
    assert "5,000,000 bytes" in message


def test_load_input_large_bytes_raise_lp103() -> None:
    with pytest.raises(InputTooLargeError, match=r"\[LP103\] input is 11 bytes.*limit of 10"):
        load_input(b"hello world", max_bytes=10)


def test_load_input_large_str_counts_utf8_bytes_lp103() -> None:
    # Nine characters, but seventeen bytes in UTF-8.
    with pytest.raises(InputTooLargeError, match=r"\[LP103\] input is 17 bytes"):
        load_input("\u00e9\u00e9\u00e9 \u00e9\u00e9\u00e9\u00e9\u00e9", max_bytes=10)


def test_decode_bytes_invalid_utf8_raises_lp104_with_offset() -> None:
    with pytest.raises(EncodingError) as caught:
        decode_bytes(b"abc \x80\x81\x82 def \xc3\x28")
    message = str(caught.value)
    assert message.startswith("[LP104]")
    assert "offset 4" in message
    assert "0x80" in message


def test_load_input_invalid_utf8_file_names_file_lp104(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"abc \x80\x81\x82 def \xc3\x28")
    with pytest.raises(EncodingError, match=r"\[LP104\] file '.*bad.txt' is not valid UTF-8"):
        load_input(path)


def test_decode_bytes_too_many_latin1_bytes_raises_lp104() -> None:
    with pytest.raises(EncodingError, match=r"\[LP104\]"):
        decode_bytes(b"a\xe9\xe9\xe9\xe9 b")


def test_load_input_directory_raises_lp105(tmp_path: Path) -> None:
    with pytest.raises(InputIsDirectoryError, match=r"\[LP105\].*is a directory"):
        load_input(str(tmp_path))
    with pytest.raises(InputIsDirectoryError, match=r"\[LP105\]"):
        load_input(tmp_path)


def test_load_input_tmp_dir_string_raises_lp105() -> None:
    with pytest.raises(InputIsDirectoryError, match=r"\[LP105\] '/tmp' is a directory"):
        load_input("/tmp")


def test_load_input_missing_path_raises_lp106(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputNotFoundError) as caught:
        load_input("missing.txt")
    assert str(caught.value) == "[LP106] file 'missing.txt' does not exist"
    assert isinstance(caught.value, FileNotFoundError)


def test_load_input_missing_pathlike_raises_lp106(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError, match=r"\[LP106\].*nope"):
        load_input(tmp_path / "nope")


def test_load_input_unreadable_file_raises_lp107(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("MIT License\n", encoding="utf-8")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # Root can read a chmod 000 file, so the refusal is simulated at open().
    monkeypatch.setattr(textinput, "open", denied, raising=False)
    with pytest.raises(InputReadError, match=r"\[LP107\] file '.*locked.txt'.*Permission denied"):
        load_input(path)


def test_load_input_unstatable_path_raises_lp107(tmp_path: Path) -> None:
    with pytest.raises(InputReadError, match=r"\[LP107\]"):
        load_input(tmp_path / ("x" * 5000))


def test_load_input_invalid_media_type_raises_value_error() -> None:
    with pytest.raises(ValueError, match="unknown media_type 'pdf'"):
        load_input("some text here", media_type="pdf")


# ----------------------------------------------------------------------- decoding


def test_decode_bytes_utf8_bom_is_utf8_sig() -> None:
    assert decode_bytes(codecs.BOM_UTF8 + "Lizenz \u00a9".encode()) == (
        "Lizenz \u00a9",
        "utf-8-sig",
    )


def test_decode_bytes_utf16_le_and_be_with_bom() -> None:
    text = "Licence \u00a9 2024 \u201cM\u00fcller\u201d\n"
    assert decode_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le")) == (text, "utf-16")
    assert decode_bytes(codecs.BOM_UTF16_BE + text.encode("utf-16-be")) == (text, "utf-16")


def test_decode_bytes_utf32_with_bom() -> None:
    text = "Licence \u00a9\n"
    assert decode_bytes(codecs.BOM_UTF32_LE + text.encode("utf-32-le")) == (text, "utf-32")
    assert decode_bytes(codecs.BOM_UTF32_BE + text.encode("utf-32-be")) == (text, "utf-32")


def test_decode_bytes_plausible_latin1_is_accepted() -> None:
    assert decode_bytes(b"Licence \xa9 2024 M\xfcller") == (
        "Licence \u00a9 2024 M\u00fcller",
        "latin-1",
    )


def test_decode_bytes_c1_bytes_are_not_latin1() -> None:
    with pytest.raises(EncodingError, match=r"byte 0x93 at offset 4"):
        decode_bytes(b"See \x93quoted\x94 text that is long enough to be plausible otherwise")


def test_load_input_utf16_file_reports_encoding(tmp_path: Path) -> None:
    path = tmp_path / "LICENSE.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "Apache License\r\nVersion 2.0\r\n".encode("utf-16-le"))
    source = load_input(path)
    assert source.encoding == "utf-16"
    assert source.original == "Apache License\r\nVersion 2.0\r\n"
    assert source.view == "Apache License\nVersion 2.0\n"
    assert source.name == str(path)


def test_load_input_str_reports_str_encoding_and_digest() -> None:
    text = "MIT License\n\nCopyright (c) 2024 M\u00fcller\n"
    source = load_input(text)
    assert source.encoding == "str"
    assert source.name is None
    assert source.digest == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_load_input_bytes_digest_ignores_bom() -> None:
    source = load_input(codecs.BOM_UTF8 + b"MIT License\n")
    assert source.original == "MIT License\n"
    assert source.digest == hashlib.sha256(b"MIT License\n").hexdigest()


# ------------------------------------------------------------- str: text or path


def test_load_input_short_str_without_whitespace_is_path(tmp_path: Path) -> None:
    path = tmp_path / "COPYING"
    path.write_text("GNU GENERAL PUBLIC LICENSE\n", encoding="utf-8")
    source = load_input(str(path))
    assert source.original == "GNU GENERAL PUBLIC LICENSE\n"
    assert source.name == str(path)


def test_load_input_str_with_whitespace_is_text() -> None:
    assert load_input("MIT License").original == "MIT License"


def test_load_input_long_str_without_whitespace_is_text() -> None:
    text = "x" * 1025
    assert load_input(text).view == text


def test_load_input_name_overrides_path_for_messages_and_suffix(tmp_path: Path) -> None:
    path = tmp_path / "download"
    path.write_text("<p>Hello &amp; welcome</p>", encoding="utf-8")
    source = load_input(path, name="licence.html")
    assert source.name == "licence.html"
    assert source.media_type == "html"
    assert source.view == "Hello & welcome"


# --------------------------------------------------------------------- media type


def test_load_input_media_type_from_suffix(tmp_path: Path) -> None:
    html_path = tmp_path / "l.htm"
    html_path.write_text("Just words, no tags.", encoding="utf-8")
    md_path = tmp_path / "l.md"
    md_path.write_text("Just words, no markup.", encoding="utf-8")
    assert load_input(html_path).media_type == "html"
    assert load_input(md_path).media_type == "markdown"


def test_load_input_explicit_media_type_wins_over_suffix() -> None:
    source = load_input("# Title\n\n**bold** text", name="x.html", media_type="text")
    assert source.media_type == "text"
    assert source.view == "# Title\n\n**bold** text"


def test_load_input_sniffs_html_doctype() -> None:
    source = load_input("\ufeff  <!DOCTYPE html><title>x</title><p>Licence text</p>")
    assert source.media_type == "html"
    assert source.view == "Licence text"


def test_load_input_sniffs_html_block_tags() -> None:
    source = load_input("<h1>MIT</h1>\n<p>Permission is granted.</p>\n<p>No warranty.</p>")
    assert source.media_type == "html"
    assert source.view == "# MIT\n\nPermission is granted.\n\nNo warranty."


def test_load_input_sniffs_markdown_with_two_signals() -> None:
    source = load_input("# MIT License\n\nSee **the terms** below.\n")
    assert source.media_type == "markdown"
    assert source.view == "# MIT License\n\nSee the terms below.\n"


def test_load_input_plain_bullets_stay_text() -> None:
    text = "Conditions:\n\n* keep the notice\n* do not sue\n- and so on\n"
    source = load_input(text)
    assert source.media_type == "text"
    assert source.view == text


def test_load_input_single_heading_stays_text() -> None:
    assert load_input("# MIT License\n\nPermission is granted.\n").media_type == "text"


# ---------------------------------------------------------------------- text view


def test_load_input_plain_lf_text_has_identity_map() -> None:
    text = "MIT License\n\nPermission is hereby granted.\n"
    source = load_input(text)
    assert source.view == text
    assert source.offsets.is_identity
    assert source.offsets == OffsetMap.identity(len(text))


def test_load_input_crlf_map_points_at_lf() -> None:
    original = "ab\r\ncd\r\n\r\nef\rg\fh"
    source = load_input(original)
    assert source.view == "ab\ncd\n\nef\ng\nh"
    assert [source.offsets.to_original(i) for i in range(len(source.view) + 1)] == [
        0, 1, 3, 4, 5, 7, 9, 10, 11, 12, 13, 14, 15, 16,
    ]  # fmt: skip
    assert source.to_original(0, 3) == (0, 4)
    assert source.to_original(3, 5) == (4, 6)
    assert source.to_original(2, 2) == (3, 3)
    assert source.offsets.segment_count == 4


def test_load_input_str_leading_bom_is_dropped_from_view() -> None:
    source = load_input("\ufeffMIT License\r\nText")
    assert source.original == "\ufeffMIT License\r\nText"
    assert source.view == "MIT License\nText"
    assert source.to_original(0, 3) == (1, 4)
    assert source.to_original(11, 12) == (13, 14)


def test_load_input_crlf_map_is_compact() -> None:
    line = "Permission is hereby granted, free of charge.\r\n"
    source = load_input(line * 20_000)
    # One segment before the first CRLF, then one per CRLF: never one per character.
    assert source.offsets.segment_count == 20_001
    assert source.view == line.replace("\r\n", "\n") * 20_000
    second_line = source.to_original(len(line) - 1, 2 * (len(line) - 1))
    assert second_line == (len(line), 2 * len(line))


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from("\r\n\f\t "),
            st.characters(blacklist_categories=("Cs", "Cc")),
        ),
        max_size=200,
    )
)
def test_load_input_text_view_offsets_point_at_same_char(body: str) -> None:
    original = "L\n" + body
    source = load_input(original, media_type="text")
    assert_offsets_consistent(source)
    for i, char in enumerate(source.view):
        source_char = source.original[source.offsets.to_original(i)]
        assert source_char == char or (char == "\n" and source_char in "\r\f")
    # A view span maps to an original span holding the same text once line ends unify.
    start, end = source.to_original(0, len(source.view))
    unified = source.original[start:end].replace("\r\n", "\n").replace("\r", "\n")
    assert unified.replace("\f", "\n") == source.view


def test_load_input_one_megabyte_plain_text_keeps_identity_map() -> None:
    # Speed is measured by benchmarks/bench.py; here the cheap path must stay cheap in
    # structure: a plain LF text needs no offset breakpoints at all.
    text = ("Permission is hereby granted, free of charge, to any person. " * 16 + "\n") * 1000
    source = load_input(text)
    assert source.view == text
    assert source.offsets.is_identity


# ---------------------------------------------------------------------- html view

HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Licence page</title>
<style>p { color: red; }</style></head>
<body>
<script>document.write("<p>injected</p>");</script>
<!-- navigation -->
<h1>Tom &amp; Jerry&rsquo;s   Licence</h1>
<p>Permission is
   hereby granted, &#8220;AS IS&#8221;.</p>
<ul>
  <li>Keep the notice;</li>
  <li><p>do not sue.</p></li>
</ul>
<h3>Notes</h3>
<pre>
  keep   this
    layout
</pre>
<p>Line one<br>line two</p>
</body></html>
"""


def test_load_input_html_renders_structure_and_drops_script() -> None:
    source = load_input(HTML_PAGE)
    assert source.media_type == "html"
    assert source.view == (
        "# Tom & Jerry\u2019s Licence\n"
        "\n"
        "Permission is hereby granted, \u201cAS IS\u201d.\n"
        "\n"
        "- Keep the notice;\n"
        "- do not sue.\n"
        "\n"
        "### Notes\n"
        "\n"
        "  keep   this\n"
        "    layout\n"
        "\n"
        "Line one\n"
        "line two"
    )
    assert "injected" not in source.view
    assert "color" not in source.view
    assert "navigation" not in source.view
    assert_offsets_consistent(source)


def test_load_input_html_entity_span_covers_whole_entity() -> None:
    source = load_input(HTML_PAGE)
    amp = source.view.index("&")
    assert source.to_original(amp, amp + 1) == (
        HTML_PAGE.index("&amp;"),
        HTML_PAGE.index("&amp;") + len("&amp;"),
    )
    quote_start = source.view.index("\u201c")
    quote_end = source.view.index("\u201d") + 1
    start, end = source.to_original(quote_start, quote_end)
    assert source.original[start:end] == "&#8220;AS IS&#8221;"


def test_load_input_html_text_spans_map_to_original_text() -> None:
    source = load_input(HTML_PAGE)
    word = source.view.index("hereby granted")
    start, end = source.to_original(word, word + len("hereby granted"))
    assert source.original[start:end] == "hereby granted"
    collapsed = source.view.index("Permission is hereby")
    start, end = source.to_original(collapsed, collapsed + len("Permission is hereby"))
    assert source.original[start:end] == "Permission is\n   hereby"


def test_load_input_html_inserted_markers_map_to_their_tags() -> None:
    source = load_input(HTML_PAGE)
    heading = source.to_original(0, 2)
    assert source.original[heading[0] : heading[1]] == "<h1>"
    item = source.view.index("- Keep")
    start, end = source.to_original(item, item + 2)
    assert source.original[start:end] == "<li>"


def test_load_input_html_nested_lists_and_cells() -> None:
    source = load_input(
        "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>\n<ol><li>d</li></ol>"
        "<table><tr><td>x</td><td>y</td></tr><tr><th>z</th></tr></table>",
        media_type="html",
    )
    assert source.view == "- a\n  - b\n- c\n\n1. d\n\nx y\nz"


def test_load_input_html_ordered_lists_are_numbered_as_a_browser_shows_them() -> None:
    source = load_input(
        '<ol type="a" start="3"><li>x<ol type="i"><li>y<li value="9">z</ol></li><li>w</ol>'
        '<ol style="list-style-type: upper-roman"><li>q</ol>'
        '<ol style="list-style: none"><li>(a) r</ol><ol start="0"><li>s</ol>',
        media_type="html",
    )
    assert source.view == (
        "c. x\n   i. y\n   ix. z\nd. w\n\nI. q\n\n- (a) r\n\n0. s"
    )
    start, end = source.to_original(0, 3)
    assert source.original[start:end] == "<li>"
    assert_offsets_consistent(source)


def test_load_input_html_blocks_inside_list_items_are_indented() -> None:
    source = load_input(
        "<ol><li><p>Definitions.</p><p>&quot;Work&quot; means it.</p></li>"
        '<li>Conditions:<ol type="a"><li>keep notices</li></ol>You may add terms.</li></ol>'
        "<p>Outside.</p>",
        media_type="html",
    )
    assert source.view == (
        '1. Definitions.\n\n   "Work" means it.\n\n2. Conditions:\n   a. keep notices\n'
        "   You may add terms.\n\nOutside."
    )
    assert_offsets_consistent(source)


def test_load_input_html_unusual_markup_is_tolerated() -> None:
    source = load_input(
        "<p>A &bogus; &# 5 &#xZZ; <![if !supportLists]>x<![endif]> tail</p><p>end <!-- open",
        media_type="html",
    )
    assert source.view == "A &bogus; &# 5 &#xZZ; x tail\n\nend"
    assert_offsets_consistent(source)


def test_load_input_html_reference_cut_off_at_end_stays_text() -> None:
    source = load_input("<p>Tom</p>\n&a", media_type="html")
    assert source.view == "Tom\n\n&a"
    assert source.to_original(5, 7) == (11, 13)


def test_load_input_html_entity_whitespace_collapses() -> None:
    source = load_input("<p>a&#10;&#32;b&nbsp;c</p>\n", media_type="html")
    assert source.view == "a b\u00a0c"


@pytest.mark.parametrize(
    "chunk",
    ["<!--", "&#", "<a ", "</", "<a b='", "<!doctype ", "<![", "<?", "&a", "&#1", "<p>",
     "<ol><li>x", "<ul><li><p>x</p>y"],
)
def test_load_input_html_adversarial_input_is_linear(chunk: str) -> None:
    # Quadratic behaviour would hang here; the assertions check the output is sane.
    text = "x " + chunk * 50_000
    source = load_input(text, media_type="html")
    assert source.view.startswith("x")
    assert source.to_original(0, len(source.view))[1] <= len(text)


HTML_TOKENS = [
    "<p>", "</p>", "<li>", "<ul>", "</ul>", "<h2>", "</h2>", "<br>", "<br/>", "&amp;",
    "&#8220;", "&bogus;", "&#", "&", "<!--", "-->", "<script>", "</script>", "<pre>",
    "</pre>", "<td>", "text", "words", " ", "  ", "\n", "\t", "<", ">", "<b>", "</b>",
    "<![if x]>", "<![CDATA[", "]]>", "&copy", "&a", "&#x", "<!x", "<style>", "</style>",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(HTML_TOKENS), max_size=40))
def test_load_input_html_view_chars_come_from_text_tags_or_entities(tokens: list[str]) -> None:
    original = "<p>start</p>\n" + "".join(tokens)
    source = load_input(original, media_type="html")
    assert_offsets_consistent(source)
    for i, char in enumerate(source.view):
        source_char = source.original[source.offsets.to_original(i)]
        if source_char != char:
            collapsed_space = char == " " and source_char in " \t\n"
            assert collapsed_space or source_char in "<&", (i, char, source_char)


# ------------------------------------------------------------------ markdown view

MARKDOWN = """---
title: MIT
spdx: MIT
---
# MIT License

Copyright **(c) 2024** *Jane* _Doe_ and snake_case_name.
See [the terms](https://example.org/a_b_c "Terms") and `LICENSE` \\*verbatim\\*.
<!-- a hidden
comment -->
- keep the notice
* do not sue
1. numbered

```
**raw** _code_
```
![logo](logo.png) <https://example.org>
"""


def test_load_input_markdown_strips_inline_markup() -> None:
    source = load_input(MARKDOWN, name="LICENSE.md")
    assert source.media_type == "markdown"
    assert source.view == (
        "# MIT License\n"
        "\n"
        "Copyright (c) 2024 Jane Doe and snake_case_name.\n"
        "See the terms (https://example.org/a_b_c) and LICENSE *verbatim*.\n"
        "\n"
        "- keep the notice\n"
        "* do not sue\n"
        "1. numbered\n"
        "\n"
        "\n"
        "**raw** _code_\n"
        "\n"
        "logo (logo.png) https://example.org\n"
    )
    assert_offsets_consistent(source)


def test_load_input_markdown_offsets_point_at_same_char() -> None:
    source = load_input(MARKDOWN, media_type="markdown")
    for i, char in enumerate(source.view):
        source_char = source.original[source.offsets.to_original(i)]
        # The only replacement is the "]" that closes a link text.
        assert source_char == char or (char == " " and source_char == "]")


def test_load_input_markdown_link_url_maps_to_original_url() -> None:
    source = load_input(MARKDOWN, media_type="markdown")
    url = "https://example.org/a_b_c"
    start, end = source.to_original(source.view.index(url), source.view.index(url) + len(url))
    assert (start, end) == (MARKDOWN.index(url), MARKDOWN.index(url) + len(url))
    bold = source.view.index("(c) 2024")
    start, end = source.to_original(bold, bold + len("(c) 2024"))
    assert source.original[start:end] == "(c) 2024"


def test_load_input_markdown_crlf_and_markup_compose() -> None:
    original = "# Title\r\n\r\nSome **bold** and [link](u).\r\n"
    source = load_input(original, media_type="markdown")
    assert source.view == "# Title\n\nSome bold and link (u).\n"
    bold = source.view.index("bold")
    original_bold = original.index("bold")
    assert source.to_original(bold, bold + 4) == (original_bold, original_bold + 4)
    assert source.to_original(len(source.view) - 1, len(source.view)) == (
        len(original) - 1,
        len(original),
    )


def test_load_input_markdown_unclosed_markup_is_kept() -> None:
    text = "A ** lone star, 2 * 3 = 6, a*b*c, `tick and [open bracket\n"
    source = load_input(text, media_type="markdown")
    assert source.view == text


@pytest.mark.parametrize(
    "chunk",
    ["**a ", "*a", "[", "[a](", "`a", " _a", "<!--", "```\n", "\\", "<http://", "**", "__a"],
)
def test_load_input_markdown_adversarial_input_is_linear(chunk: str) -> None:
    text = "x " + chunk * 50_000
    source = load_input(text, media_type="markdown")
    assert source.view.startswith("x")
    assert source.to_original(0, len(source.view))[1] <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab *_`[]()!#\\<>-~:\n\r", max_size=80))
def test_load_input_markdown_view_chars_come_from_same_chars(body: str) -> None:
    source = load_input("x\n" + body, media_type="markdown")
    assert_offsets_consistent(source)
    for i, char in enumerate(source.view):
        source_char = source.original[source.offsets.to_original(i)]
        assert (
            source_char == char
            or (char == " " and source_char == "]")
            or (char == "\n" and source_char == "\r")
        )


# ------------------------------------------------------------ matching normaliser


def test_normalize_for_matching_folds_quotes_and_keeps_offsets() -> None:
    text = "the \u201cSoftware\u201d \u2014 it\u2019s \u00abfree\u00bb\u00a0now"
    view, offsets = normalize_for_matching(text)
    assert view == 'the "Software" - it\'s "free" now'
    assert offsets.is_identity
    start = view.index('"Software"')
    assert offsets.span_to_original(start, start + 10) == (4, 14)
    assert text[4:14] == "\u201cSoftware\u201d"


def test_normalize_for_matching_expands_ligatures_and_drops_soft_hyphens() -> None:
    text = "de\ufb01ned soft\u00adware\r\nnext\u200bline"
    view, offsets = normalize_for_matching(text)
    assert view == "defined software\nnextline"
    fi = view.index("fi")
    assert offsets.span_to_original(fi, fi + 2) == (2, 3)
    assert offsets.span_to_original(fi + 1, fi + 2) == (2, 3)
    software = view.index("software")
    start, end = offsets.span_to_original(software, software + len("software"))
    assert text[start:end] == "soft\u00adware"
    newline = view.index("\n")
    assert text[offsets.to_original(newline)] == "\n"
    assert offsets.to_original(len(view)) == len(text)


def test_normalize_for_matching_ascii_fast_path() -> None:
    view, offsets = normalize_for_matching("``quoted'' text\r\nmore\rend")
    assert view == "''quoted'' text\nmore\nend"
    assert offsets.segment_count == 2
    assert offsets.to_original(len("''quoted'' text\n")) == len("``quoted'' text\r\n")


def test_normalize_for_matching_two_megabytes_folds_everything() -> None:
    text = "Licensor\u2019s \u201cWork\u201d \u2014 soft\u00adware, de\ufb01ned here. " * 40_000
    view, offsets = normalize_for_matching(text)
    assert view == "Licensor's \"Work\" - software, defined here. " * 40_000
    assert offsets.to_original(len(view)) == len(text)


FOLDING_ALPHABET = (
    SINGLE_QUOTES + DOUBLE_QUOTES + DASHES + SPACES + "".join(LIGATURES) + REMOVED
    + "\r\n\u2028\u2029abc \u00e9\u4e2d"
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=FOLDING_ALPHABET, max_size=120))
def test_normalize_for_matching_view_chars_are_documented_folds(text: str) -> None:
    view, offsets = normalize_for_matching(text)
    assert offsets.view_length == len(view)
    assert offsets.original_length == len(text)
    previous = 0
    for i, char in enumerate(view):
        mapped = offsets.to_original(i)
        assert mapped >= previous
        previous = mapped
        assert char in documented_fold(text[mapped]), (i, char, text[mapped])
    # Nothing but removed characters and the CR of CRLF disappears.
    kept = text.replace("\r\n", "\n")
    for removed in REMOVED:
        kept = kept.replace(removed, "")
    expansion = sum(kept.count(lig) * (len(letters) - 1) for lig, letters in LIGATURES.items())
    assert len(view) == len(kept) + expansion


# -------------------------------------------------------------------- offset maps


def test_offset_map_identity_maps_every_offset_to_itself() -> None:
    identity = OffsetMap.identity(5)
    assert [identity.to_original(i) for i in range(6)] == [0, 1, 2, 3, 4, 5]
    assert identity.span_to_original(1, 4) == (1, 4)
    assert identity.is_identity
    assert OffsetMap.identity(0).to_original(0) == 0


def test_offset_map_rejects_offsets_outside_view() -> None:
    identity = OffsetMap.identity(3)
    with pytest.raises(IndexError):
        identity.to_original(4)
    with pytest.raises(IndexError):
        identity.span_to_original(2, 1)


def test_offset_map_constructor_validates_segments() -> None:
    with pytest.raises(ValueError, match="strictly"):
        OffsetMap([0, 0], [0, 1], [-1, -1], view_length=3, original_length=3)
    with pytest.raises(ValueError, match="start at view offset 0"):
        OffsetMap([1], [0], [-1], view_length=3, original_length=3)
    built = OffsetMap([0, 2], [0, 5], [-1, 8], view_length=4, original_length=8)
    assert built.span_to_original(2, 4) == (5, 8)
    assert built.to_original(3) == 5


def test_offset_map_compose_chains_two_maps() -> None:
    # A = "x\r\n\ufb01y", B = normalize(A) = "x\nfiy".
    outer_text = "x\r\n\ufb01y"
    middle, outer = normalize_for_matching(outer_text)
    assert middle == "x\nfiy"
    # C drops B's "x" and inserts "[" standing for B's "fi".
    inner = OffsetMap([0, 1, 2], [1, 2, 2], [-1, 4, -1], view_length=5, original_length=5)
    composed = outer.compose(inner)
    assert [composed.to_original(i) for i in range(6)] == [2, 3, 3, 3, 4, 5]
    assert composed.span_to_original(1, 2) == (3, 4)
    assert composed.span_to_original(0, 5) == (2, 5)
    with pytest.raises(ValueError, match="cannot compose"):
        outer.compose(OffsetMap.identity(3))


@st.composite
def edited_text(draw: st.DrawFn, text: str) -> tuple[str, OffsetMap]:
    """Apply random deletions, replacements and insertions to text."""
    edits: list[tuple[int, int, str]] = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 3)))
        edits.append((start, end, draw(st.text(alphabet="XYZ", max_size=3))))
    return textinput._apply_edits(text, edits)


@settings(max_examples=300, deadline=None)
@given(st.data(), st.text(alphabet="abcdef", min_size=0, max_size=20))
def test_offset_map_compose_matches_sequential_mapping(data: st.DataObject, text: str) -> None:
    middle, outer = data.draw(edited_text(text))
    inner_view, inner = data.draw(edited_text(middle))
    composed = outer.compose(inner)
    assert composed.view_length == len(inner_view)
    assert composed.original_length == len(text)
    for i in range(len(inner_view) + 1):
        assert composed.to_original(i) == outer.to_original(inner.to_original(i))
    for i in range(len(inner_view)):
        middle_span = inner.span_to_original(i, i + 1)
        assert composed.span_to_original(i, i + 1) == outer.span_to_original(*middle_span)


# -------------------------------------------------------------------- source text


def test_source_text_is_frozen_and_serialises_without_offsets() -> None:
    source = load_input("MIT License\r\n")
    with pytest.raises(ValidationError):
        source.view = "changed"  # type: ignore[misc]
    dumped = source.model_dump()
    assert "offsets" not in dumped
    assert dumped["view"] == "MIT License\n"
    assert dumped["encoding"] == "str"
    assert dumped["media_type"] == "text"


def test_source_text_json_schema_leaves_out_offsets() -> None:
    schema = SourceText.model_json_schema()
    assert "offsets" not in schema["properties"]
    assert {"original", "view", "media_type", "digest"} <= set(schema["properties"])


def test_source_text_rejects_offsets_of_wrong_length() -> None:
    with pytest.raises(ValidationError, match="offsets do not fit"):
        SourceText(
            original="abc",
            view="abc",
            offsets=OffsetMap.identity(2),
            media_type="text",
            encoding="str",
            name=None,
            digest="0" * 64,
        )


def test_load_input_reads_pathlike(tmp_path: Path) -> None:
    path = tmp_path / "LICENSE"
    path.write_bytes(b"Licence \xa9 2024 M\xfcller\n")
    source = load_input(os.fspath(path))
    assert source.encoding == "latin-1"
    assert source.original == "Licence \u00a9 2024 M\u00fcller\n"


def test_load_input_markdown_inline_html_and_bold_that_wraps() -> None:
    text = ('1.  **<span class="smallcaps">Definitions</span>.** In this text<br>a rule.\n\n'
            "2.  ***Grant:*** You may copy **the whole\n    work.** Copyright <year> <name>\n\n"
            "**not\n\nbold**\n")
    source = load_input(text, media_type="markdown")
    assert source.view == ("1.  Definitions. In this text a rule.\n\n"
                           "2.  Grant: You may copy the whole\n"
                           "    work. Copyright <year> <name>\n\n**not\n\nbold**\n")
    assert_offsets_consistent(source)
    word = source.view.index("Definitions")
    start, end = source.to_original(word, word + len("Definitions"))
    assert text[start:end] == "Definitions"

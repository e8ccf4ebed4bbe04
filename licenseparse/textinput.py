"""Turn raw input (str, bytes or a path) into a decoded original and a plain-text view.

Every finding the library reports carries offsets into the *original* text, while the
segmenter and the matchers work on a simplified *view* of it (markup removed, line ends
unified, typography folded). :class:`OffsetMap` is the bridge: it maps view offsets back to
original offsets so that ``original[start:end]`` is always the text a finding quotes.

An :class:`OffsetMap` is a sorted list of segments. In a *copy* segment view character
``i`` comes from original character ``o + (i - v)`` (possibly replaced one for one, such as
a CR turned into a LF); in a *const* segment every view character was inserted or decoded
and stands for one whole original span (an HTML entity, the tag that caused a line break).
Lookups are a bisect over the segment starts, so a map costs memory per edit, not per
character.
"""

from __future__ import annotations

import codecs
import hashlib
import heapq
import html
import os
import re
import stat
from bisect import bisect_right
from collections.abc import Sequence
from html.parser import HTMLParser
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from licenseparse.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputIsDirectoryError,
    InputNotFoundError,
    InputReadError,
    InputTooLargeError,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MediaType",
    "OffsetMap",
    "SourceText",
    "decode_bytes",
    "load_input",
    "normalize_for_matching",
]

MediaType = Literal["text", "markdown", "html"]

DEFAULT_MAX_BYTES = 5_000_000

# A str longer than any sensible path is content, whatever it looks like.
_MAX_PATH_CHARS = 1024

# Sniffing only needs the head of a document; scanning a whole 5 MB file would be waste.
_SNIFF_CHARS = 65_536

_COPY = -1  # marks a copy segment in OffsetMap._orig_ends


# --------------------------------------------------------------------------- offset maps


class OffsetMap:
    """Map offsets in a derived view back to offsets in the text it was derived from.

    Build one with :meth:`identity`, :meth:`compose` or the functions of this module; the
    constructor is public for tests and for code that derives views of its own.

    Args:
        view_starts: Start of each segment in the view; strictly increasing, first is 0.
        orig_starts: Original offset of each segment's first character.
        orig_ends: ``-1`` for a copy segment (character ``k`` of the segment comes from
            ``orig_start + k``); otherwise the end of the original span that every
            character of this const segment stands for.
        view_length: Length of the view.
        original_length: Length of the original.

    Raises:
        ValueError: If the segments are inconsistent.
    """

    __slots__ = ("_view_starts", "_orig_starts", "_orig_ends", "_view_length", "_orig_length")

    def __init__(
        self,
        view_starts: Sequence[int],
        orig_starts: Sequence[int],
        orig_ends: Sequence[int],
        *,
        view_length: int,
        original_length: int,
    ) -> None:
        if not len(view_starts) == len(orig_starts) == len(orig_ends):
            raise ValueError("view_starts, orig_starts and orig_ends must have equal lengths")
        if view_length < 0 or original_length < 0:
            raise ValueError("lengths must not be negative")
        if view_length == 0 and view_starts:
            raise ValueError("an empty view has no segments")
        if view_length > 0 and (not view_starts or view_starts[0] != 0):
            raise ValueError("the first segment must start at view offset 0")
        previous = -1
        for start, ostart, oend in zip(view_starts, orig_starts, orig_ends, strict=True):
            if start <= previous or start >= view_length:
                raise ValueError("segment starts must increase strictly and lie inside the view")
            if not 0 <= ostart <= original_length or oend > original_length:
                raise ValueError("segment targets must lie inside the original")
            if oend != _COPY and oend < ostart:
                raise ValueError("a const segment must not end before it starts")
            previous = start
        self._view_starts = tuple(view_starts)
        self._orig_starts = tuple(orig_starts)
        self._orig_ends = tuple(orig_ends)
        self._view_length = view_length
        self._orig_length = original_length

    @classmethod
    def _unchecked(
        cls,
        view_starts: list[int],
        orig_starts: list[int],
        orig_ends: list[int],
        view_length: int,
        original_length: int,
    ) -> OffsetMap:
        # Builders in this module produce valid segments by construction; re-validating
        # them would double the cost of every view.
        self = cls.__new__(cls)
        self._view_starts = tuple(view_starts)
        self._orig_starts = tuple(orig_starts)
        self._orig_ends = tuple(orig_ends)
        self._view_length = view_length
        self._orig_length = original_length
        return self

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """Return the map of a view that is the original, unchanged.

        Args:
            length: Length of both texts.

        Returns:
            A map with a single copy segment (none for an empty text).
        """
        if length < 0:
            raise ValueError("length must not be negative")
        if length == 0:
            return cls._unchecked([], [], [], 0, 0)
        return cls._unchecked([0], [0], [_COPY], length, length)

    @property
    def view_length(self) -> int:
        """Length of the view this map starts from."""
        return self._view_length

    @property
    def original_length(self) -> int:
        """Length of the original this map leads to."""
        return self._orig_length

    @property
    def segment_count(self) -> int:
        """Number of segments (the map's size in memory, not the text's)."""
        return len(self._view_starts)

    @property
    def is_identity(self) -> bool:
        """Whether every view offset maps to the same original offset."""
        if self._view_length != self._orig_length:
            return False
        if self._view_length == 0:
            return True
        single = len(self._view_starts) == 1
        return single and self._orig_starts[0] == 0 and self._orig_ends[0] == _COPY

    def to_original(self, view_offset: int) -> int:
        """Map a start offset in the view to the original.

        Args:
            view_offset: Offset in ``0..view_length``; ``view_length`` maps to
                ``original_length``.

        Returns:
            The original offset of the character at ``view_offset`` (for an inserted or
            decoded character, the start of the original span it stands for).

        Raises:
            IndexError: If the offset lies outside the view.
        """
        if not 0 <= view_offset <= self._view_length:
            raise IndexError(f"view offset {view_offset} outside 0..{self._view_length}")
        if view_offset == self._view_length:
            return self._orig_length
        k = bisect_right(self._view_starts, view_offset) - 1
        if self._orig_ends[k] != _COPY:
            return self._orig_starts[k]
        return self._orig_starts[k] + view_offset - self._view_starts[k]

    def _char_end(self, view_index: int) -> int:
        """Return the original offset just after the source of view character ``view_index``."""
        k = bisect_right(self._view_starts, view_index) - 1
        end = self._orig_ends[k]
        if end != _COPY:
            return end
        return self._orig_starts[k] + view_index - self._view_starts[k] + 1

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a view span to the original span that covers the same characters.

        Args:
            start: Start of the span in the view.
            end: End of the span in the view (exclusive).

        Returns:
            ``(original_start, original_end)``. The end lies just after the original source
            of ``view[end - 1]``, so a span that ends in a decoded entity covers the whole
            entity. An empty span maps to an empty span.

        Raises:
            IndexError: If the span lies outside the view or ends before it starts.
        """
        if not 0 <= start <= end <= self._view_length:
            raise IndexError(f"view span {start}..{end} outside 0..{self._view_length}")
        ostart = self.to_original(start)
        if start == end:
            return ostart, ostart
        return ostart, max(ostart, self._char_end(end - 1))

    def compose(self, inner: OffsetMap) -> OffsetMap:
        """Chain two maps: ``self`` maps B to A and ``inner`` maps C to B.

        Args:
            inner: A map from a view C of B back to B.

        Returns:
            The map from C straight back to A.

        Raises:
            ValueError: If ``inner`` does not lead to a text of this map's view length.
        """
        if inner.original_length != self._view_length:
            raise ValueError(
                f"cannot compose: inner map leads to {inner.original_length} characters, "
                f"this map starts from {self._view_length}"
            )
        if self.is_identity:
            return inner
        if inner.is_identity:
            return self
        sink = _SegmentSink()
        svs, sos, soe = self._view_starts, self._orig_starts, self._orig_ends
        nself = len(svs)
        ivs, ios, ioe = inner._view_starts, inner._orig_starts, inner._orig_ends
        ninner = len(ivs)
        for k in range(ninner):
            c_end = ivs[k + 1] if k + 1 < ninner else inner.view_length
            length = c_end - ivs[k]
            b0 = ios[k]
            if ioe[k] != _COPY:
                ostart = self.to_original(b0)
                oend = self._char_end(ioe[k] - 1) if ioe[k] > b0 else ostart
                sink.add(length, ostart, max(ostart, oend))
                continue
            b1 = b0 + length
            j = bisect_right(svs, b0) - 1
            b = b0
            while b < b1:
                seg_end = svs[j + 1] if j + 1 < nself else self._view_length
                piece_end = min(b1, seg_end)
                if soe[j] != _COPY:
                    sink.add(piece_end - b, sos[j], soe[j])
                else:
                    sink.add(piece_end - b, sos[j] + b - svs[j])
                b = piece_end
                j += 1
        return sink.build(self._orig_length)

    def _key(self) -> tuple[object, ...]:
        return (
            self._view_length,
            self._orig_length,
            self._view_starts,
            self._orig_starts,
            self._orig_ends,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OffsetMap):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"OffsetMap(view_length={self._view_length}, original_length={self._orig_length}, "
            f"segments={len(self._view_starts)})"
        )


class _SegmentSink:
    """Collect segments in view order, merging ones that continue each other."""

    def __init__(self) -> None:
        self.view_starts: list[int] = []
        self.orig_starts: list[int] = []
        self.orig_ends: list[int] = []
        self.length = 0

    def add(self, length: int, orig_start: int, orig_end: int = _COPY) -> None:
        """Append ``length`` view characters that map to ``orig_start`` (see OffsetMap)."""
        if length <= 0:
            return
        if self.view_starts:
            last_end = self.orig_ends[-1]
            if orig_end == _COPY and last_end == _COPY:
                if self.orig_starts[-1] + self.length - self.view_starts[-1] == orig_start:
                    self.length += length
                    return
            elif orig_end == last_end and orig_start == self.orig_starts[-1]:
                self.length += length
                return
        self.view_starts.append(self.length)
        self.orig_starts.append(orig_start)
        self.orig_ends.append(orig_end)
        self.length += length

    def build(self, original_length: int) -> OffsetMap:
        """Return the map of everything added so far."""
        return OffsetMap._unchecked(
            self.view_starts, self.orig_starts, self.orig_ends, self.length, original_length
        )


class _TextBuilder(_SegmentSink):
    """Build a view from pieces, recording where each piece came from."""

    def __init__(self) -> None:
        super().__init__()
        self._parts: list[str] = []

    def copy(self, text: str, orig_start: int) -> None:
        """Append ``text`` whose characters stand one for one for ``orig_start``, ``+1``, ..."""
        if text:
            self._parts.append(text)
            self.add(len(text), orig_start)

    def insert(self, text: str, orig_start: int, orig_end: int) -> None:
        """Append ``text`` that stands as a whole for ``original[orig_start:orig_end]``."""
        if text:
            self._parts.append(text)
            self.add(len(text), orig_start, orig_end)

    def result(self, original_length: int) -> tuple[str, OffsetMap]:
        """Return the view and its map."""
        return "".join(self._parts), self.build(original_length)


def _apply_edits(text: str, edits: list[tuple[int, int, str]]) -> tuple[str, OffsetMap]:
    """Replace ``text[start:end]`` by ``replacement`` for every edit and map the result.

    Same-length replacements stay copy segments (each character keeps its own source);
    other replacements become const segments covering the replaced span. An edit that
    overlaps an earlier one is dropped, so callers need not prove their edits disjoint.
    """
    if not edits:
        return text, OffsetMap.identity(len(text))
    edits.sort()
    builder = _TextBuilder()
    pos = 0
    for start, end, replacement in edits:
        if start < pos:
            continue
        if start > pos:
            builder.copy(text[pos:start], pos)
        if len(replacement) == end - start:
            builder.copy(replacement, start)
        else:
            builder.insert(replacement, start, end)
        pos = end
    builder.copy(text[pos:], pos)
    return builder.result(len(text))


_CRLF = re.compile("\r\n")


def _collapse_crlf(text: str) -> tuple[str, OffsetMap]:
    """Turn CRLF and lone CR into LF; the LF of a CRLF keeps its own offset."""
    view = text.replace("\r\n", "\n").replace("\r", "\n")
    positions = [m.start() for m in _CRLF.finditer(text)]
    if not positions:
        return view, OffsetMap.identity(len(text))
    # The k-th CRLF (0-based) starts at original p and its LF lands at view p - k.
    view_starts = [0]
    view_starts.extend(p - k for k, p in enumerate(positions))
    orig_starts = [0]
    orig_starts.extend(p + 1 for p in positions)
    if view_starts[1] == 0:
        del view_starts[0], orig_starts[0]
    return view, OffsetMap._unchecked(
        view_starts, orig_starts, [_COPY] * len(view_starts), len(view), len(text)
    )


# ------------------------------------------------------------------------------ decoding

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 LE's BOM starts with UTF-16 LE's, so it must be tried first.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_ASCII_BYTES = bytes(range(0x80))
_LATIN1_LETTER_BYTES = bytes(range(0xA0, 0x100))
# Latin-1 is a guess; too many accented bytes means it is more likely another encoding.
_LATIN1_MAX_SHARE = 0.10
# C0 controls other than \t \n \v \f \r (and NUL, which is checked on its own).
_BINARY_CONTROL_BYTES = bytes([*range(0x01, 0x09), *range(0x0E, 0x20)])
# One stray control (a DOS EOF mark, an escape) is not binary; one in a hundred is.
_BINARY_CONTROL_SHARE = 0.01


def _describe(name: str | None) -> str:
    return f"file {name!r}" if name else "input"


def decode_bytes(data: bytes, *, name: str | None = None) -> tuple[str, str]:
    """Decode input bytes as UTF-8/16/32 (by BOM), UTF-8, or plausible Latin-1.

    Args:
        data: The raw bytes.
        name: File name used in error messages.

    Returns:
        ``(text, encoding)`` where encoding is ``"utf-8-sig"``, ``"utf-16"``, ``"utf-32"``,
        ``"utf-8"`` or ``"latin-1"``. A BOM is not part of the text.

    Raises:
        BinaryInputError: If the bytes contain NUL and carry no UTF-16/32 BOM.
        EncodingError: If the bytes are neither valid in the encoding their BOM names, nor
            UTF-8, nor plausible Latin-1 text.
    """
    what = _describe(name)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise EncodingError(
                    f"{what} starts with a {encoding.upper()} byte order mark but is not valid "
                    f"{encoding.upper()} (bad bytes at offset {exc.start})"
                ) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        raise BinaryInputError(f"{what} looks binary: it contains a NUL byte at offset {nul}")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        non_ascii = data.translate(None, _ASCII_BYTES)
        c1_free = not non_ascii.translate(None, _LATIN1_LETTER_BYTES)
        if c1_free and len(non_ascii) <= _LATIN1_MAX_SHARE * len(data):
            return data.decode("latin-1"), "latin-1"
        raise EncodingError(
            f"{what} is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}) "
            "and does not look like Latin-1 text"
        ) from None


def _check_content(text: str, utf8: bytes, name: str | None) -> None:
    """Reject binary-looking and empty content."""
    what = _describe(name)
    if "\x00" in text:
        raise BinaryInputError(
            f"{what} looks binary: it contains a NUL character at index {text.index(chr(0))}"
        )
    controls = len(utf8) - len(utf8.translate(None, _BINARY_CONTROL_BYTES))
    if controls and controls > _BINARY_CONTROL_SHARE * len(utf8):
        raise BinaryInputError(
            f"{what} looks binary: {controls} of its {len(utf8)} bytes are control characters"
        )
    if not text:
        raise EmptyInputError(f"{what} is empty")
    if text.isspace():
        raise EmptyInputError(f"{what} holds only white space")


def _too_large(
    what: str, size: int, max_bytes: int, *, at_least: bool = False
) -> InputTooLargeError:
    qualifier = "at least " if at_least else ""
    return InputTooLargeError(
        f"{what} is {qualifier}{size:,} bytes, larger than the limit of {max_bytes:,} bytes"
    )


def _read_path(path: str, max_bytes: int) -> bytes:
    """Read a file, refusing directories and oversized files before reading them."""
    what = f"file {path!r}"
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise InputNotFoundError(f"{what} does not exist") from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise InputReadError(f"{what} could not be read: {reason}") from exc
    if stat.S_ISDIR(info.st_mode):
        raise InputIsDirectoryError(f"{path!r} is a directory, not a file")
    if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
        raise _too_large(what, info.st_size, max_bytes)
    try:
        with open(path, "rb") as handle:
            # One byte more than allowed tells a file that grew (or a device) from one that fits.
            data = handle.read(max_bytes + 1)
    except IsADirectoryError:
        raise InputIsDirectoryError(f"{path!r} is a directory, not a file") from None
    except FileNotFoundError:
        raise InputNotFoundError(f"{what} does not exist") from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputReadError(f"{what} could not be read: {reason}") from exc
    if len(data) > max_bytes:
        raise _too_large(what, len(data), max_bytes, at_least=True)
    return data


# ---------------------------------------------------------------------------- media type

_WHITESPACE = re.compile(r"\s")
_HTML_START = re.compile(r"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
_HTML_BLOCK_TAG = re.compile(
    r"<(?:p|li|h[1-6]|br|div|ul|ol|table|tr)(?:\s[^<>]{0,500})?/?>", re.IGNORECASE
)
_HTML_MIN_BLOCK_TAGS = 3
_MD_SIGNALS = (
    re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE),  # ATX heading
    # The lookbehinds come after the literal so that re can skip ahead to a "**" or "__".
    re.compile(r"\*\*(?<![\w*]\*\*)[^\s*][^*\n]{0,200}\*\*|__(?<![\w_]__)[^\s_][^_\n]{0,200}__"),
    re.compile(r"\[[^\[\]\n]{1,500}\]\([^()\s]{1,2000}\)"),  # inline link
    re.compile(r"^[ \t]{0,3}[-*+][ \t]+\S", re.MULTILINE),  # bullet list
    re.compile(r"^[ \t]{0,3}(?:```|~~~)", re.MULTILINE),  # fenced code
)
_MD_NEEDLES = (("#",), ("**", "__"), ("](",), ("- ", "* ", "+ ", "-\t", "*\t", "+\t"),
               ("```", "~~~"))
# Plain licences use bullets and the odd "#"; two different kinds of markup are needed.
_MD_MIN_SIGNALS = 2

_MEDIA_ALIASES: dict[str, MediaType] = {
    "text": "text",
    "txt": "text",
    "plain": "text",
    "text/plain": "text",
    "markdown": "markdown",
    "md": "markdown",
    "text/markdown": "markdown",
    "html": "html",
    "htm": "html",
    "text/html": "html",
}
_SUFFIX_MEDIA: dict[str, MediaType] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
}


def _sniff_media_type(text: str) -> MediaType:
    head = text[:_SNIFF_CHARS]
    if _HTML_START.match(head.lstrip().lstrip("\ufeff").lstrip()):
        return "html"
    # A literal each signal needs is looked for first (C speed); the patterns run only
    # when enough signals are possible at all, which plain licences rarely allow.
    possible = [pattern for needle, pattern in zip(_MD_NEEDLES, _MD_SIGNALS, strict=True)
                if any(n in head for n in needle)]
    if len(possible) >= _MD_MIN_SIGNALS:
        signals = sum(1 for pattern in possible if pattern.search(head))
        if signals >= _MD_MIN_SIGNALS:
            return "markdown"
    if "<" not in head:
        return "text"
    tags = 0
    for _ in _HTML_BLOCK_TAG.finditer(head):
        tags += 1
        if tags >= _HTML_MIN_BLOCK_TAGS:
            return "html"
    return "text"


def _resolve_media_type(explicit: str | None, name: str | None, text: str) -> MediaType:
    if explicit is not None:
        media = _MEDIA_ALIASES.get(explicit.strip().lower())
        if media is None:
            raise ValueError(
                f"unknown media_type {explicit!r}; expected 'text', 'markdown' or 'html'"
            )
        return media
    if name:
        suffix = os.path.splitext(name)[1].lower()
        if suffix in _SUFFIX_MEDIA:
            return _SUFFIX_MEDIA[suffix]
    return _sniff_media_type(text)


# ----------------------------------------------------------------------------- text view


def _text_view(text: str) -> tuple[str, OffsetMap]:
    """Unify line ends and drop a leading BOM; other texts keep the identity map."""
    if "\r" in text:
        view, offsets = _collapse_crlf(text)
    else:
        view, offsets = text, OffsetMap.identity(len(text))
    if "\f" in view:
        view = view.replace("\f", "\n")
    if view.startswith("\ufeff"):
        # A str read by other means may still carry the byte order mark; it is no content.
        view, without_bom = _apply_edits(view, [(0, 1, "")])
        offsets = offsets.compose(without_bom)
    return view, offsets


# ------------------------------------------------------------------------- markdown view

_MD_FRONT_MATTER_OPEN = re.compile(r"---[ \t]*\n(?=[A-Za-z_][\w.-]*[ \t]*:)")
_MD_FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_MD_BLOCK = re.compile(
    r"(?P<fence>^[ \t]{0,3}(?P<fchar>`{3,}|~{3,})[^\n]*)|(?P<comment><!--)", re.MULTILINE
)
_MD_FENCE = re.compile(r"^[ \t]{0,3}(?P<fchar>`{3,}|~{3,})[ \t]*$", re.MULTILINE)

# Every alternative starts with its own character and its repetitions stop at the next
# delimiter or line end (bold, as CommonMark has it, may wrap within its paragraph), so
# each attempt is bounded by the distance to that character (or 1,000 characters):
# linear overall, whatever the input. Attempts are made only where _MD_INLINE_START finds
# a candidate, because a pattern starting with lookbehinds defeats re's fast prefix scan.
_MD_INLINE_START = re.compile(r"[\\`!\[<*_]")
_MD_INLINE = re.compile(
    r"(?P<esc>\\[!-/:-@\[-`{-~])"
    r"|(?<!`)(?P<ticks>`{1,3})(?=[^`\n])(?P<code>[^`\n]{1,1000}?)(?P=ticks)(?!`)"
    r"|(?P<link>!?\[)(?P<ltext>[^\[\]\n]{0,1000})\]"
    r"\((?P<url>[^()\s]{1,2000})(?P<title>[ \t]+\"[^\"\n]{0,500}\")?\)"
    # Inline HTML a browser shows as its content ('**<span class="smallcaps">Definitions
    # </span>.**'); only the phrasing elements, so "<year>" in a template stays text.
    r"|(?P<tag></?(?i:span|b|i|u|em|strong|small|big|sup|sub|a|br|font|mark|abbr|s|strike"
    r"|del|ins|tt|cite|q|kbd|var|code|wbr)(?:[ \t][^<>\n]{0,300})?/?>)"
    r"|(?P<auto><)(?:(?:https?|ftp)://[^\s<>]{1,2000}|[^\s<>@]{1,200}@[^\s<>@]{1,200})>"
    r"|(?<![\w*\\])\*\*\*(?=(?P<b3>[^\s*](?:[^*\n]|\n(?![ \t]*\n)){0,1000}?)"
    r"(?<=[^\s*\\])\*\*\*(?![\w*]))"
    r"|(?<![\w*\\])\*\*(?=(?P<b1>[^\s*](?:[^*\n]|\n(?![ \t]*\n)){0,1000}?)"
    r"(?<=[^\s*\\])\*\*(?![\w*]))"
    r"|(?<![\w*\\])\*(?=(?P<e1>[^\s*][^*\n]{0,1000}?)(?<=[^\s*\\])\*(?![\w*]))"
    r"|(?<![\w\\])__(?=(?P<b2>[^\s_](?:[^_\n]|\n(?![ \t]*\n)){0,1000}?)"
    r"(?<=[^\s_\\])__(?!\w))"
    r"|(?<![\w\\])_(?=(?P<e2>[^\s_][^_\n]{0,1000}?)(?<=[^\s_\\])_(?!\w))"
)
_MD_EMPHASIS = (("b3", 3), ("b1", 2), ("e1", 1), ("b2", 2), ("e2", 1))


def _next_markdown_construct(text: str, pos: int, limit: int, end: int) -> re.Match[str] | None:
    """Find the first inline construct that starts in ``text[pos:limit]``."""
    candidate = _MD_INLINE_START.search(text, pos, limit)
    while candidate is not None:
        m = _MD_INLINE.match(text, candidate.start(), end)
        if m is not None:
            return m
        candidate = _MD_INLINE_START.search(text, candidate.start() + 1, limit)
    return None


def _scan_markdown_inline(
    text: str, start: int, end: int, edits: list[tuple[int, int, str]]
) -> None:
    """Record the edits that strip inline Markdown from ``text[start:end]``."""
    # Emphasis openers are consumed when found; their closers wait here so that the scan
    # still looks inside the emphasis and does not mistake a closer for a new opener.
    closers: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        while closers and closers[0][0] < pos:
            heapq.heappop(closers)
        limit = closers[0][0] if closers else end
        m = _next_markdown_construct(text, pos, limit, end)
        if m is None:
            if not closers:
                return
            at, width = heapq.heappop(closers)
            pos = at + width
            continue
        if m.group("esc") is not None:
            edits.append((m.start(), m.start() + 1, ""))
            pos = m.end()
        elif m.group("ticks") is not None:
            edits.append((m.start("ticks"), m.end("ticks"), ""))
            edits.append((m.end("code"), m.end(), ""))
            pos = m.end()
        elif m.group("link") is not None:
            edits.append((m.start("link"), m.end("link"), ""))
            # "text (url)" keeps text and URL apart with a one-for-one swap of the "]".
            edits.append((m.end("ltext"), m.end("ltext") + 1, " "))
            if m.group("title") is not None:
                edits.append((m.start("title"), m.end("title"), ""))
            _scan_markdown_inline(text, m.start("ltext"), m.end("ltext"), edits)
            pos = m.end()
        elif m.group("tag") is not None:
            # A line break reads as a space (a one-for-one swap of its "<"); any other
            # tag as nothing.
            if m.group("tag")[1:3].lower() == "br":
                edits.append((m.start(), m.start() + 1, " "))
                edits.append((m.start() + 1, m.end(), ""))
            else:
                edits.append((m.start(), m.end(), ""))
            pos = m.end()
        elif m.group("auto") is not None:
            edits.append((m.start(), m.start() + 1, ""))
            edits.append((m.end() - 1, m.end(), ""))
            pos = m.end()
        else:
            for group, width in _MD_EMPHASIS:
                body_end = m.end(group)
                if body_end >= 0:
                    edits.append((m.start(), m.end(), ""))
                    edits.append((body_end, body_end + width, ""))
                    heapq.heappush(closers, (body_end, width))
                    break
            else:  # pragma: no cover - the alternatives of _MD_INLINE are all handled
                raise AssertionError(f"unhandled markdown construct at {m.start()}")
            pos = m.end()


def _markdown_view(text: str) -> tuple[str, OffsetMap]:
    """Strip inline Markdown while keeping headings, list markers and line structure.

    ``text`` must already have LF line ends.
    """
    edits: list[tuple[int, int, str]] = []
    pos = 0
    opened = _MD_FRONT_MATTER_OPEN.match(text)
    if opened:
        closed = _MD_FRONT_MATTER_CLOSE.search(text, opened.end())
        if closed:
            pos = min(len(text), closed.end() + 1)
            edits.append((0, pos, ""))
    while pos < len(text):
        block = _MD_BLOCK.search(text, pos)
        if block is None:
            break
        _scan_markdown_inline(text, pos, block.start(), edits)
        if block.group("comment") is not None:
            close = text.find("-->", block.end())
            # An unclosed comment runs to the end of the document, as in CommonMark.
            pos = len(text) if close < 0 else close + 3
            edits.append((block.start(), pos, ""))
            continue
        # A fenced code block: drop the fence lines, keep the code verbatim.
        edits.append((block.start(), block.end(), ""))
        fence = block.group("fchar")
        pos = len(text)
        for closing in _MD_FENCE.finditer(text, block.end()):
            found = closing.group("fchar")
            if found[0] == fence[0] and len(found) >= len(fence):
                edits.append((closing.start(), closing.end(), ""))
                pos = closing.end()
                break
    _scan_markdown_inline(text, pos, len(text), edits)
    return _apply_edits(text, edits)


# ----------------------------------------------------------------------------- html view

# Content a browser does not show as part of the page body.
_HTML_SKIP = frozenset({"script", "style", "head", "title", "template", "noscript"})
_HTML_PARAGRAPH = frozenset(
    "p div section article blockquote table dl header footer main nav aside figure"
    " figcaption address form fieldset details summary center hr body html caption".split()
)
_HTML_LINE = frozenset({"tr", "dt", "dd", "li"})
_HTML_LISTS = frozenset({"ul", "ol", "menu"})
_HTML_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_HTML_CELLS = frozenset({"td", "th"})
_HTML_COLLAPSIBLE = re.compile(r"[\t\n\r\f][ \t\n\r\f]*| [ \t\n\r\f]+")
_HTML_WS = " \t\n\r\f"
# html.parser gives up on "&#" that starts no valid character reference with a rescan of
# the rest of the document (quadratic) and may then stop parsing; such an "&" is plain
# text anyway, so it is fed as NUL (which load_input guarantees is absent) and the data
# handler reads the real characters back from the unaltered text.
_HTML_BAD_CHARREF = re.compile(r"&#(?!(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F])")
# html.parser raises AssertionError on a "<![" that opens no marked section it knows. A
# browser reads any "<![...>" in HTML content as a bogus comment, which is what html.parser
# does with "<!x...>", a same-length swap that keeps every offset.
_HTML_MARKED_SECTION = "<!["
_NEWLINE = re.compile("\n")
# How an <ol> numbers its items: the type attribute, or the CSS list-style-type.
_HTML_OL_TYPES = frozenset("1aAiI")
_HTML_OL_STYLES = {
    "decimal": "1", "lower-alpha": "a", "lower-latin": "a", "upper-alpha": "A",
    "upper-latin": "A", "lower-roman": "i", "upper-roman": "I",
}
# Nested lists indent their items; past this column they stop, or thousands of nested
# lists would make the view (and the time to build it) quadratic in the input.
_HTML_MAX_INDENT = 48
_HTML_LIST_STYLE = re.compile(r"list-style(?:-type)?\s*:\s*([a-z-]+)", re.IGNORECASE)
_ROMAN_NUMERALS = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)


def _html_int(value: str | None) -> int | None:
    """Parse an integer attribute the way browsers do (leading integer, else None)."""
    m = re.match(r"\s*([+-]?\d{1,9})", value or "")
    return int(m.group(1)) if m else None


def _list_number(value: int, kind: str) -> str:
    """Write an ordered-list item number as a browser shows it ("c", "iv", "IV", "3")."""
    if kind in "aA" and value > 0:
        letters = ""
        while value > 0:
            value, rest = divmod(value - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters if kind == "a" else letters.upper()
    if kind in "iI" and 0 < value < 4000:
        numeral = ""
        for amount, symbol in _ROMAN_NUMERALS:
            while value >= amount:
                numeral += symbol
                value -= amount
        return numeral if kind == "i" else numeral.upper()
    return str(value)


class _OpenList:
    """State of one open list: how it numbers its items and where their text starts."""

    __slots__ = ("kind", "next", "column", "outer")

    def __init__(self, kind: str | None = None, start: int = 1) -> None:
        self.kind = kind  # "1", "a", "A", "i" or "I" for a numbered list, else None
        self.next = start
        self.column: int | None = None  # text column of the open item, if one is open
        self.outer: int | None = None  # text column of the item the list is nested in


def _open_list(tag: str, attrs: list[tuple[str, str | None]]) -> _OpenList:
    """Return the state of a list that starts with ``<tag attrs>``."""
    if tag != "ol":
        return _OpenList()
    values = dict(attrs)
    kind = values.get("type") or "1"
    style = _HTML_LIST_STYLE.search(values.get("style") or "")
    if style:
        name = style.group(1).lower()
        if name == "none":
            return _OpenList()  # shown as a bullet list: the numbers are hidden
        kind = _HTML_OL_STYLES.get(name, kind)
    start = _html_int(values.get("start"))
    return _OpenList(kind if kind in _HTML_OL_TYPES else "1", 1 if start is None else start)


class _HtmlToText(HTMLParser):
    """Render HTML body text the way a browser lays it out, as plain text with a map."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self._text = text
        self._line_starts = [0]
        self._line_starts.extend(m.end() for m in _NEWLINE.finditer(text))
        self._out = _TextBuilder()
        self._skip: list[str] = []
        self._pre = 0
        self._pre_fresh = False
        self._lists: list[_OpenList] = []  # innermost last
        self._trailing_newlines = 0
        self._break_need = 0
        self._break_src = (0, 0)
        self._space_src: tuple[int, int] | None = None
        self._marker: tuple[str, int, int] | None = None

    # -- positions

    def _pos(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _end_tag_end(self, start: int, tag: str) -> int:
        close = self._text.find(">", start)
        return close + 1 if close >= 0 else start + 2 + len(tag)

    # -- layout state

    def _at_line_start(self) -> bool:
        return self._out.length == 0 or self._trailing_newlines > 0 or self._break_need > 0

    def _request_break(self, count: int, start: int, end: int) -> None:
        if count > self._break_need:
            if self._break_need == 0:
                self._break_src = (start, end)
            self._break_need = count

    def _space(self, start: int, end: int) -> None:
        if self._at_line_start() or self._space_src is not None:
            return
        self._space_src = (start, end)

    def _item_column(self) -> int | None:
        """Return the column where text inside the innermost open list item starts."""
        if not self._lists:
            return None
        innermost = self._lists[-1]
        return innermost.outer if innermost.column is None else innermost.column

    def _flush(self) -> None:
        """Emit pending line breaks or space, then a pending list or heading marker."""
        out = self._out
        indent = 0
        if self._break_need and out.length:
            missing = self._break_need - self._trailing_newlines
            if missing > 0:
                out.insert("\n" * missing, *self._break_src)
                self._trailing_newlines += missing
            # A block inside a list item (a second paragraph, text after a nested list)
            # is indented to the item's text, as a browser shows it.
            indent = 0 if self._marker is not None or self._pre else self._item_column() or 0
            if indent:
                out.insert(" " * indent, *self._break_src)
        elif self._space_src is not None and not self._at_line_start():
            start, end = self._space_src
            if end - start == 1:
                out.copy(" ", start)
            else:
                out.insert(" ", start, end)
            self._trailing_newlines = 0
        self._break_need = 0
        self._space_src = None
        if indent:
            self._trailing_newlines = 0
        if self._marker is not None:
            marker, start, end = self._marker
            out.insert(marker, start, end)
            self._marker = None
            self._trailing_newlines = 0

    def _emit(self, text: str, start: int, end: int | None = None) -> None:
        """Append text (copied, or standing for ``start..end`` when ``end`` is given)."""
        if not text:
            return
        self._flush()
        if end is None:
            self._out.copy(text, start)
        else:
            self._out.insert(text, start, end)
        stripped = len(text.rstrip("\n"))
        if stripped:
            self._trailing_newlines = len(text) - stripped
        else:
            self._trailing_newlines += len(text)

    def _words(self, text: str, start: int) -> None:
        """Emit text holding no whitespace but single spaces."""
        if text == " ":
            self._space(start, start + 1)
            return
        if text.startswith(" "):
            self._space(start, start + 1)
            text = text[1:]
            start += 1
        trailing = text.endswith(" ")
        if trailing:
            text = text[:-1]
        self._emit(text, start)
        if trailing:
            self._space(start + len(text), start + len(text) + 1)

    # -- parser callbacks

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._pos()
        end = start + len(self.get_starttag_text() or "<>")
        if tag in _HTML_SKIP:
            self._skip.append(tag)
            return
        if tag == "body":
            self._skip.clear()  # a missing </head> ends here
        if self._skip:
            return
        if tag == "br":
            self._request_break(
                min(2, max(self._break_need, self._trailing_newlines) + 1), start, end
            )
        elif tag in _HTML_HEADINGS:
            self._request_break(2, start, end)
            self._marker = ("#" * _HTML_HEADINGS[tag] + " ", start, end)
        elif tag == "li":
            self._request_break(1, start, end)
            # A nested list starts where the text of the item around it starts.
            outer = self._lists[-1].outer if self._lists else None
            indent = 2 * max(0, len(self._lists) - 1) if outer is None else outer
            marker = " " * min(indent, _HTML_MAX_INDENT) + "- "
            if self._lists:
                current = self._lists[-1]
                if current.kind is not None:
                    # A browser numbers the items of an <ol>; the number is part of the text.
                    value = _html_int(dict(attrs).get("value"))
                    if value is not None:
                        current.next = value
                    number = _list_number(current.next, current.kind)
                    current.next += 1
                    marker = marker[:-2] + f"{number}. "
                current.column = len(marker)
            self._marker = (marker, start, end)
        elif tag in _HTML_LISTS:
            self._request_break(1 if self._lists else 2, start, end)
            outer = self._item_column()
            self._lists.append(_open_list(tag, attrs))
            self._lists[-1].outer = outer
        elif tag == "pre":
            self._request_break(2, start, end)
            self._pre += 1
            self._pre_fresh = True
        elif tag in _HTML_PARAGRAPH:
            # "<li><p>item</p>" is one list item, not an empty item and a paragraph.
            if self._marker is None:
                self._request_break(2, start, end)
        elif tag in _HTML_LINE:
            self._request_break(1, start, end)
        elif tag in _HTML_CELLS:
            self._space(start, end)

    def handle_endtag(self, tag: str) -> None:
        start = self._pos()
        end = self._end_tag_end(start, tag)
        if tag in _HTML_SKIP:
            if tag in self._skip:
                while self._skip.pop() != tag:
                    pass
            return
        if self._skip:
            return
        if tag in _HTML_HEADINGS:
            self._marker = None
            self._request_break(2, start, end)
        elif tag == "li":
            self._marker = None
            if self._lists:
                self._lists[-1].column = None
            self._request_break(1, start, end)
        elif tag in _HTML_LISTS:
            if self._lists:
                self._lists.pop()
            self._request_break(1 if self._lists else 2, start, end)
        elif tag == "pre":
            self._pre = max(0, self._pre - 1)
            self._request_break(2, start, end)
        elif tag in _HTML_PARAGRAPH:
            self._request_break(2, start, end)
        elif tag in _HTML_LINE:
            self._request_break(1, start, end)

    def handle_data(self, data: str) -> None:
        if self._skip or not data:
            return
        start = self._pos()
        if "\x00" in data:
            data = self._text[start : start + len(data)]
        if self._pre:
            if self._pre_fresh and data.startswith("\n"):
                data = data[1:]
                start += 1
            self._pre_fresh = False
            self._emit(data, start)
            return
        pos = 0
        for run in _HTML_COLLAPSIBLE.finditer(data):
            if run.start() > pos:
                self._words(data[pos : run.start()], start + pos)
            self._space(start + run.start(), start + run.start() + 1)
            pos = run.end()
        if pos < len(data):
            self._words(data[pos:], start + pos)

    def _reference(self, start: int, end: int) -> None:
        if self._skip:
            return
        raw = self._text[start:end]
        decoded = html.unescape(raw)
        if decoded == raw:
            self.handle_data(raw)
        elif not self._pre and not decoded.strip(_HTML_WS):
            self._space(start, end)
        else:
            self._pre_fresh = False
            self._emit(decoded, start, end)

    def handle_entityref(self, name: str) -> None:
        start = self._pos()
        end = start + 1 + len(name)
        self._reference(start, end + 1 if self._text.startswith(";", end) else end)

    def handle_charref(self, name: str) -> None:
        start = self._pos()
        end = start + 2 + len(name)
        self._reference(start, end + 1 if self._text.startswith(";", end) else end)

    def render(self) -> tuple[str, OffsetMap]:
        """Parse the whole text and return the view and its map."""
        text = self._text
        if "&#" in text:
            text = _HTML_BAD_CHARREF.sub("\x00#", text)
        if _HTML_MARKED_SECTION in text:
            text = text.replace(_HTML_MARKED_SECTION, "<!x")
        self.feed(text)
        rest = self.rawdata
        # feed() stops only at a construct that runs to the end of the input (an unclosed
        # comment, tag or script) or at an "&name" cut off by the end. A browser drops the
        # former and shows the latter as text. close() is never called: it would rescan to
        # the end from every later "<" (quadratic) and drops the "&" of a two-character rest.
        if rest and "<" not in rest:
            self.handle_data(rest)
        return self._out.result(len(self._text))


def _html_view(text: str) -> tuple[str, OffsetMap]:
    """Render HTML as plain text; ``text`` must already have LF line ends."""
    return _HtmlToText(text).render()


# ------------------------------------------------------------------- matching normaliser

_FOLDS: dict[str, str] = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u2035\u0060\u00b4\u2039\u203a", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    **dict.fromkeys(
        "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
        "\u202f\u205f\u3000",
        " ",
    ),
    **dict.fromkeys("\r\u2028\u2029", "\n"),
}
_FOLD_RE = re.compile("[" + re.escape("".join(_FOLDS)) + "]")
_ASCII_FOLDS = str.maketrans({"`": "'", "\r": "\n"})
_EXPANSIONS: dict[str, str] = {
    "\r": "",  # only ever matched as the CR of a CRLF
    "\u00ad": "",  # soft hyphen
    "\u200b": "",  # zero width space
    "\u2060": "",  # word joiner
    "\ufeff": "",  # zero width no-break space (a BOM inside the text)
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_LENGTH_CHANGING = re.compile("\r(?=\n)|[\u00ad\u200b\u2060\ufeff\ufb00-\ufb06]")
_LENGTH_CHANGING_NON_CR = re.compile("[\u00ad\u200b\u2060\ufeff\ufb00-\ufb06]")


def _fold(match: re.Match[str]) -> str:
    return _FOLDS[match.group()]


def normalize_for_matching(text: str) -> tuple[str, OffsetMap]:
    """Fold typographic variants so that rules match regardless of typesetting.

    Folds curly and angled single quotes, primes, backticks and acute accents to ``'``;
    curly and angled double quotes and double primes to ``"``; hyphens, non-breaking
    hyphens, en and em dashes and the minus sign to ``-``; no-break and other Unicode
    spaces to `` ``; CRLF, CR and the Unicode line and paragraph separators to LF. Removes
    soft hyphens, zero-width spaces, word joiners and inner BOMs, and expands the Latin
    ligatures U+FB00..U+FB06 (``ﬁ`` to ``fi``; both letters map to the ligature).

    Args:
        text: Any text, typically a :class:`SourceText` view.

    Returns:
        ``(normalized, offsets)`` where ``offsets`` maps offsets in ``normalized`` back to
        ``text``. One-for-one folds need no breakpoints, so the map stays the identity
        unless characters were removed or expanded.
    """
    if text.isascii():
        # No Unicode folds can apply; only CRLF changes length.
        if "\r" in text:
            view, offsets = _collapse_crlf(text)
        else:
            view, offsets = text, OffsetMap.identity(len(text))
        if "`" in view:
            view = view.translate(_ASCII_FOLDS)
        return view, offsets
    if _LENGTH_CHANGING_NON_CR.search(text):
        edits = [
            (m.start(), m.end(), _EXPANSIONS[m.group()]) for m in _LENGTH_CHANGING.finditer(text)
        ]
        view, offsets = _apply_edits(text, edits)
    elif "\r" in text:
        view, offsets = _collapse_crlf(text)
    else:
        view, offsets = text, OffsetMap.identity(len(text))
    # A substitution per match beats str.translate here: translate looks every character
    # of a non-ASCII text up in a dict, which is several times slower when folds are rare.
    return _FOLD_RE.sub(_fold, view), offsets


# --------------------------------------------------------------------------- source text


class SourceText(BaseModel):
    """A decoded input text together with the plain-text view the analysis runs on.

    Attributes:
        original: The decoded text; every offset the library reports refers to it.
        view: Plain text for segmentation and matching (markup removed, LF line ends).
        offsets: Maps offsets in ``view`` to offsets in ``original``.
        media_type: How ``original`` was interpreted.
        encoding: The encoding the bytes were decoded with, or ``"str"``.
        name: The file name (as given), or None.
        digest: SHA-256 hex digest of ``original`` encoded as UTF-8.
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    original: str
    view: str
    # Offsets are a runtime aid, not data: they stay out of dumps and JSON schemas.
    offsets: SkipJsonSchema[OffsetMap] = Field(exclude=True, repr=False)
    media_type: MediaType
    encoding: str
    name: str | None
    digest: str

    @model_validator(mode="after")
    def _offsets_fit(self) -> SourceText:
        lengths = (self.offsets.view_length, self.offsets.original_length)
        if lengths != (len(self.view), len(self.original)):
            raise ValueError("offsets do not fit the lengths of view and original")
        return self

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of ``view`` to the span of ``original`` it was derived from.

        Args:
            start: Start of the span in the view.
            end: End of the span in the view (exclusive).

        Returns:
            ``(start, end)`` in ``original``.
        """
        return self.offsets.span_to_original(start, end)


def _is_path_like_str(source: str) -> bool:
    return (
        len(source) <= _MAX_PATH_CHARS
        and "\x00" not in source
        and _WHITESPACE.search(source) is None
    )


def _build_view(text: str, media_type: MediaType) -> tuple[str, OffsetMap]:
    view, offsets = _text_view(text)
    if media_type == "markdown":
        marked_view, marked_offsets = _markdown_view(view)
    elif media_type == "html":
        marked_view, marked_offsets = _html_view(view)
    else:
        return view, offsets
    return marked_view, offsets.compose(marked_offsets)


def load_input(
    source: str | bytes | os.PathLike[str],
    *,
    name: str | None = None,
    media_type: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> SourceText:
    """Load a licence text from a string, bytes or a file and build its view.

    A str is taken as content when it holds white space or is longer than 1024
    characters, and as a path otherwise; an ``os.PathLike`` is always a path and bytes are
    always content.

    Args:
        source: The content, or the path of a file holding it.
        name: File name for messages and media-type detection; defaults to the path.
        media_type: ``"text"``, ``"markdown"`` or ``"html"``; detected when None.
        max_bytes: Largest accepted input, in bytes (UTF-8 bytes for a str).

    Returns:
        The decoded text and its view.

    Raises:
        EmptyInputError: If the content is empty or only white space (LP101).
        BinaryInputError: If the content holds NUL or many control characters (LP102).
        InputTooLargeError: If the content is larger than ``max_bytes`` (LP103).
        EncodingError: If bytes cannot be decoded (LP104).
        InputIsDirectoryError: If the path is a directory (LP105).
        InputNotFoundError: If the path does not exist (LP106).
        InputReadError: If the file cannot be read (LP107).
        ValueError: If ``media_type`` or ``max_bytes`` is invalid.
    """
    if max_bytes < 0:
        raise ValueError(f"max_bytes must not be negative, got {max_bytes}")
    utf8: bytes | None = None
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
        if len(data) > max_bytes:
            raise _too_large(_describe(name), len(data), max_bytes)
        text, encoding = decode_bytes(data, name=name)
        if encoding == "utf-8":
            utf8 = data
    elif isinstance(source, str) and (not source or not _is_path_like_str(source)):
        text, encoding = source, "str"
        if len(text) > max_bytes:
            raise _too_large(_describe(name), len(text), max_bytes, at_least=True)
    elif isinstance(source, str | os.PathLike):
        path = os.fsdecode(os.fspath(source))
        name = name if name is not None else path
        data = _read_path(path, max_bytes)
        text, encoding = decode_bytes(data, name=name)
        if encoding == "utf-8":
            utf8 = data
    else:
        raise TypeError(f"source must be str, bytes or a path, not {type(source).__name__}")
    if utf8 is None:
        try:
            utf8 = text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise EncodingError(
                f"{_describe(name)} holds an unpaired surrogate at index {exc.start}"
            ) from None
    if len(utf8) > max_bytes:
        raise _too_large(_describe(name), len(utf8), max_bytes)
    _check_content(text, utf8, name)
    media = _resolve_media_type(media_type, name, text)
    view, offsets = _build_view(text, media)
    return SourceText(
        original=text,
        view=view,
        offsets=offsets,
        media_type=media,
        encoding=encoding,
        name=name,
        digest=hashlib.sha256(utf8).hexdigest(),
    )

"""Read sentences and list items as deontic frames: who may, must or must not do what.

A frame is what the matcher reads a unit (a sentence or a list item) as, beside its
words: its modality (permission, obligation, prohibition or a plain statement), its
actor (the licensee, anyone, nobody, the licensor) and the marks of the vocabulary
classes it holds (``act.*`` actions, ``obj.*`` objects, ``qual.*`` qualifiers such as a
purpose or a field, ``lim.*`` limits such as "only", ``cond.*`` conditions), each with
its offsets. Classes are lemma phrases kept as data in ``clause_library/_vocab.yaml``
(``frames:``); words are lemmatised with spaCy's English lookup table from the
``spacy-lookups-data`` package, so "sold", "sells" and "selling" all read as "sell"
without a list of inflections. The modal cues ("may not", "is forbidden", "is free
to"...) are data in the same file (``cues:``) and exist nowhere else.

Rules name frames with a ``frame:`` pattern (see :class:`FrameSpec` in
:mod:`licenseparse.library`); ``licenseparse.read_frames`` gives the frames of a whole
text for a reader or a notebook.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import regex
from spacy.util import load_language_data, registry

from licenseparse.errors import Problem

# The force of a sentence. Defined here, with the reader that decides it, and re-exported
# by licenseparse.models for the result models.
Modality = Literal["permission", "obligation", "prohibition", "statement"]

# Words as the lexicon sees them: letters and digits, joined by an apostrophe or a hyphen
# ("fine-tune", "can't"). Possessive-free and linear: one pass, no backtracking.
_WORD = regex.compile(r"[\p{L}\p{N}]+(?:['\u2019\-][\p{L}\p{N}]+)*")
# The same words for the scan, with the standard library's engine, which is faster on
# this simple pattern (a third of the scan's cost); [^\W_] is a letter or a digit.
_WORD_FAST = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")
# A phrase element: a word (matched by lemma; "=word" by its exact form, where the lemma
# would lose the meaning: "newest" and "new" share one), "*" (exactly one word) or "..."
# (up to _GAP words).
_ELEMENT = regex.compile(r"=?[a-z0-9][a-z0-9'\-]*|\*|\.\.\.")
_GAP = 3
_NOT_BEFORE = regex.compile(r"\bnot\s+\Z")
_CLASS = regex.compile(r"(?:actor|act|obj|qual|lim|cond)\.[a-z][a-z0-9_-]{0,40}")
FRAME_PREFIXES = ("actor", "act", "obj", "qual", "lim", "cond")
MODALITIES: tuple[Modality, ...] = ("prohibition", "obligation", "permission", "statement")


# ------------------------------------------------------------------------- lemmas
@functools.cache
def lemma_table() -> dict[str, str]:
    """Return spaCy's English lemma lookup table (from ``spacy-lookups-data``).

    Read through spaCy's registry of lookup tables, as spaCy's own lookup lemmatizer
    does; no trained pipeline is needed.
    """
    tables = registry.lookups.get("en")
    table = load_language_data(tables["lemma_lookup"])
    return dict(table) if isinstance(table, dict) else {}


_LEMMAS: dict[str, str] = {}


def lemma(word: str) -> str:
    """Return the lemma of a lower-case word; a hyphenated word's last part is the head.

    Example:
        >>> lemma("sold"), lemma("fine-tuned"), lemma("outputs")
        ('sell', 'fine-tune', 'output')
    """
    cached = _LEMMAS.get(word)
    if cached is not None:
        return cached
    table = lemma_table()
    found = table.get(word)
    if found is None:
        head, dash, last = word.rpartition("-")
        found = f"{head}-{table.get(last, last)}" if dash and last else word
    # Bounded: a hostile text of endless distinct words must not grow memory for ever.
    if len(_LEMMAS) < 200_000:
        _LEMMAS[word] = found
    return found


@functools.cache
def _surfaces() -> dict[str, frozenset[str]]:
    """Each lemma with the word forms the lookup table maps to it."""
    inverse: dict[str, set[str]] = {}
    for form, base in lemma_table().items():
        inverse.setdefault(base, set()).add(form)
    return {base: frozenset(forms) for base, forms in inverse.items()}


def surface_forms(word: str) -> set[str]:
    """Every form of a word that :func:`lemma` reads as that word's lemma, and the word.

    Example:
        >>> sorted(surface_forms("sell"))
        ['sell', 'selling', 'sells', 'sold']
    """
    if word.startswith("="):
        return {word[1:]}
    base = lemma(word)
    head, dash, last = base.rpartition("-")
    if dash and last and base not in _surfaces():
        return {word, base, *(f"{head}-{form}" for form in surface_forms(last))}
    return {word, base, *_surfaces().get(base, ())}


def class_triggers(phrases: Iterable[str]) -> frozenset[str]:
    """Strings one of which every match of these phrases contains: the forms of one word
    of each phrase, without those that contain a shorter one ("use" covers "used"), so
    the matcher's trigger scan can gate a frame rule like any other."""
    forms: set[str] = set()
    for phrase in phrases:
        # Every word of a phrase is in each of its matches; the longest, rarest one gates
        # best ("commercial" rather than the "no" of "no commercial").
        words = [e for e in phrase_elements(phrase) if e not in ("*", "...")]
        options = [{f for f in surface_forms(w) if f and not any(c.isspace() for c in f)}
                   for w in words]
        forms |= min(options, key=lambda o: (min(map(len, o), default=0) <= 3, len(o),
                                             -min(map(len, o), default=0)))
    return frozenset(f for f in forms if not any(o != f and o in f for o in forms))


# ------------------------------------------------------------------------- lexicon
@dataclass(frozen=True, slots=True)
class Mark:
    """One occurrence of a vocabulary class in the working text."""

    cls: str
    start: int
    end: int


# A compiled phrase: its class, its elements (a lemma, an exact "=" form, "*" or "...")
# and the index of its anchor word.
_Anchored = tuple[str, tuple[str, ...], int]

# Words too common to anchor a phrase: looking a phrase up at each of them would walk
# most of the text.
_FUNCTION_WORDS = frozenset(
    "a an the any no not none for to and or nor in on of by be this that these those "
    "every each all other another our your its their his her as at from with under it "
    "you we us they them he she i me my so if do have".split())


def _anchor(elements: tuple[str, ...]) -> int:
    """The index of the word a phrase is looked up by: the first literal word that is
    not a function word, provided only words and "*" stand before it (a gap before the
    anchor could not be checked backwards); else the first word."""
    for k, element in enumerate(elements):
        if element == "...":
            return 0
        if element != "*" and not element.startswith("=") and element not in _FUNCTION_WORDS:
            return k
    return 0


def _prefix_matches(elements: tuple[str, ...], k: int, words: list[tuple[int, int, str]],
                    first: int) -> bool:
    for j in range(k):
        element = elements[j]
        word = words[first + j][2]
        # Most prefix words are function words, equal as written.
        if word != element and not _element_matches(element, word):
            return False
    return True


def _element_matches(element: str, word: str) -> bool:
    if element == "*":
        return True
    if element.startswith("="):
        return word == element[1:]
    return word == element or lemma(word) == element


class Lexicon:
    """Frame vocabulary classes compiled for matching on lemmas.

    A phrase is looked for at its anchor: its first word that is not a function word
    ("company" in "the company", "nothing" in "and for nothing else"), with the words
    before the anchor checked backwards. Function words are most of a text; a phrase
    found at "the" or "and" would make the scan walk half the words.
    """

    def __init__(self, classes: dict[str, list[str]]) -> None:
        self.classes = dict(classes)
        anchored: dict[str, list[_Anchored]] = {}
        single: dict[str, list[str]] = {}
        openers: set[str] = set()
        for cls, phrases in sorted(self.classes.items()):
            for phrase in phrases:
                elements = tuple(e if e in ("*", "...") or e.startswith("=") else lemma(e)
                                 for e in phrase_elements(phrase))
                k = 0 if len(elements) == 1 else _anchor(elements)
                key = elements[k].removeprefix("=")
                openers.update(surface_forms(elements[k]))
                if len(elements) == 1 and not elements[0].startswith("="):
                    if cls not in single.setdefault(key, []):
                        single[key].append(cls)
                else:
                    anchored.setdefault(key, []).append((cls, elements, k))
        self._anchored = anchored
        self._single = single
        # Every word form that can anchor a phrase, so that a word is looked at only if
        # it can ("=" forms as written, the others in every form of their lemma).
        self._openers = frozenset(openers)

    def marks(self, lowered: str, start: int, end: int) -> list[Mark]:
        """Return every class occurrence inside ``lowered[start:end]``, in text order."""
        return self.refine(lowered, start, self.scan(lowered, start, end))

    def scan(self, lowered: str, start: int = 0, end: int | None = None) -> list[Mark]:
        """Find the raw class occurrences of ``lowered[start:end]`` in one pass (the
        matcher scans a text once and takes each unit's share with :meth:`refine`)."""
        end = len(lowered) if end is None else end
        words = [(m.start(), m.end(), m.group())
                 for m in _WORD_FAST.finditer(lowered, start, end)]
        found: list[Mark] = []
        single = self._single
        anchored = self._anchored
        openers = self._openers
        for i, (w_start, w_end, surface) in enumerate(words):
            # Most words of a text anchor nothing: one set look-up each, before any lemma.
            if surface not in openers:
                continue
            base = lemma(surface)
            for key in (base, surface) if surface != base else (base,):
                hits = single.get(key)
                if hits:
                    found.extend(Mark(cls, w_start, w_end) for cls in hits)
                for cls, elements, k in anchored.get(key, ()):
                    first = i - k
                    if first < 0 or (key != surface and not _element_matches(
                            elements[k], surface)):
                        continue
                    if k and not _prefix_matches(elements, k, words, first):
                        continue
                    last = _match(elements, k + 1, i + 1, words)
                    if last is not None:
                        found.append(Mark(cls, words[first][0], words[last][1]))
        return found

    @staticmethod
    def refine(lowered: str, start: int, found: list[Mark]) -> list[Mark]:
        """Order a unit's raw marks and drop those that do not mean what they say."""
        # One mark per class and start word (a lemma and its surface form may both hit).
        unique: dict[tuple[str, int], Mark] = {}
        for m in found:
            unique.setdefault((m.cls, m.start), m)
        marks = list(unique.values())
        # A limit that is negated widens instead: "not limited to", "not only".
        marks = [m for m in marks if not (m.cls.startswith("lim.") and _NOT_BEFORE.search(
            lowered, max(start, m.start - 8), m.start))]
        # A word inside an object's phrase is not an act: "modified" in "a Modified
        # Version" names the version, it does not modify anything.
        objects = [m for m in marks if m.cls.startswith("obj.") and m.end - m.start > 0]
        if objects:
            marks = [m for m in marks if not (m.cls.startswith("act.") and any(
                o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start)
                for o in objects))]
        marks.sort(key=lambda m: (m.start, m.end, m.cls))
        return marks


def _match(elements: tuple[str, ...], k: int, j: int,
           words: list[tuple[int, int, str]]) -> int | None:
    """Index of the last word matched by ``elements[k:]`` from word ``j`` (the previous
    word matched ``elements[k - 1]``), or None. A gap tries at most _GAP + 1 lengths and a
    phrase has a few elements, so the cost per start word is bounded."""
    if k == len(elements):
        return j - 1
    element = elements[k]
    if element == "...":
        for skip in range(_GAP + 1):
            if j + skip > len(words):
                break
            found = _match(elements, k + 1, j + skip, words)
            if found is not None:
                return found
        return None
    if j >= len(words):
        return None
    if _element_matches(element, words[j][2]):
        return _match(elements, k + 1, j + 1, words)
    return None


def phrase_elements(phrase: str) -> list[str]:
    """Split a vocabulary phrase into its elements ("make ... available")."""
    return _ELEMENT.findall(phrase)


def check_frame_classes(classes: dict[str, list[str]], where: str) -> list[Problem]:
    """Return every problem of a ``frames:`` section: names, phrase syntax."""
    problems = []
    for name, phrases in classes.items():
        if not _CLASS.fullmatch(name):
            problems.append(Problem(path=where, loc=f"frames.{name}", message=(
                "a frame class is named prefix.name with a prefix of "
                f"{', '.join(FRAME_PREFIXES)} (e.g. act.use)")))
        if not phrases:
            problems.append(Problem(path=where, loc=f"frames.{name}",
                                    message="a class needs at least one phrase"))
        for phrase in phrases or []:
            elements = phrase_elements(phrase)
            if (not elements or "".join(elements) != "".join(phrase.split())
                    or elements[0] in ("*", "...") or elements[-1] in ("*", "...")):
                problems.append(Problem(path=where, loc=f"frames.{name}", message=(
                    f"{phrase!r}: a phrase is lower-case words ('=word' for the exact form), "
                    "with '*' (one word) or '...' (up to three words) between them, never "
                    "first or last")))
    return problems


# ------------------------------------------------------------------------- modality
def modality_of(cues: list[tuple[int, Modality]], at: int) -> Modality:
    """The last cue at or before ``at`` decides; failing that, the first one after it."""
    before: Modality | None = None
    for position, kind in cues:
        if position > at:
            return before or kind
        before = kind
    return before or "statement"


# ------------------------------------------------------------------------- frames
@functools.lru_cache(maxsize=4096)
def _alternatives(entry: str) -> tuple[str, ...]:
    return tuple(entry.split("|"))


@dataclass(frozen=True)
class Frame:
    """One sentence or list item read as who may, must or must not do what.

    Offsets are working-text offsets (the matcher maps them to the original).
    """

    start: int
    end: int
    modality: Modality
    actor: str | None
    marks: tuple[Mark, ...]
    # The acts the modal words govern: the first act after the cue and the acts joined
    # to it by "and", "or" or commas ("may not give, lend or send"); with no act after
    # the cue, the first act of the unit ("Sharing it is forbidden").
    main: tuple[Mark, ...] = ()

    @functools.cached_property
    def classes(self) -> frozenset[str]:
        """The classes the frame holds."""
        return frozenset(m.cls for m in self.marks)

    @functools.cached_property
    def main_classes(self) -> frozenset[str]:
        """The classes of the frame's main acts."""
        return frozenset(m.cls for m in self.main)

    def has(self, cls: str) -> bool:
        """Whether the frame holds class ``cls`` (``a|b``: either)."""
        held = self.classes
        return any(c in held for c in _alternatives(cls))

    def does(self, cls: str) -> bool:
        """Whether one of the frame's main acts is of class ``cls`` (``a|b``: either)."""
        held = self.main_classes
        return any(c in held for c in _alternatives(cls))

    def spans(self, cls: str) -> list[tuple[int, int]]:
        """The spans of class ``cls`` (``a|b``: either)."""
        wanted = cls.split("|")
        return [(m.start, m.end) for m in self.marks if m.cls in wanted]

    def moved(self, to_original: Any) -> Frame:
        """The same frame with every offset mapped by ``to_original``."""
        start, end = to_original(self.start, self.end)
        def move(marks: tuple[Mark, ...]) -> tuple[Mark, ...]:
            return tuple(Mark(m.cls, *to_original(m.start, m.end)) for m in marks)
        return Frame(start, end, self.modality, self.actor, move(self.marks), move(self.main))


# An actor that names nobody turns a permission into a prohibition: "nobody may sell
# it", "no one is allowed to", "none of it may be shared".
NOBODY = "actor.nobody"
# A subject that opens with "no" or "neither" negates the modal after it.
_NO_SUBJECT = regex.compile(r"[\s(\[]*(?:[a-z0-9]{1,4}[.)\]]\s+)?(?:no|neither)\s+[\w-]+")


def frame_of(lowered: str, start: int, end: int, marks: list[Mark],
             cues: list[tuple[int, Modality]],
             inherited: tuple[Modality, str | None] | None = None,
             own_cue: bool = False) -> Frame:
    """Build the frame of ``lowered[start:end]`` from its marks and cues.

    The modality is the cue's nearest the first action (before it, else after it); a
    unit without a cue of its own (``own_cue`` tells whether it has a weak one, which
    states a fact) takes its lead-in's modality and actor (``inherited``), as a list item
    says what its "You may not:" forbids. The actor is the last actor mark before
    the first action (the subject, in the usual order), or the lead-in's.
    """
    actions = [m for m in marks if m.cls.startswith("act.")]
    anchor = actions[0].start if actions else start
    modality = modality_of(cues, anchor)
    actors = [m for m in marks if m.cls.startswith("actor.") and m.start <= anchor]
    actor = actors[-1].cls if actors else None
    if modality == "statement" and inherited is not None and not own_cue:
        modality, lead_actor = inherited
        actor = actor or lead_actor
    if modality in ("permission", "obligation") and (actor == NOBODY or (
            cues and _NO_SUBJECT.match(lowered, start, cues[0][0]))):
        # "Nobody may sell it", "No contributor can revoke it", "Neither party shall".
        modality = "prohibition"
    return Frame(start=start, end=end, modality=modality, actor=actor, marks=tuple(marks),
                 main=_main_acts(lowered, actions, cues, start))


# What may stand between two coordinated acts: "give, lend or send", "use and/or copy",
# and the object of the first act before the joining word ("create derivative works of,
# display", "use the software and distribute"): up to three words, then a comma or
# "and"/"or", at most three times ("copy, create derivative works of, display, perform,
# and distribute"). Bounded, on a gap of a few dozen characters.
_JOIN = regex.compile(
    r"(?:[ \t\n]*(?:[\w'\u2019-]+[ \t\n]+){0,3}?(?:[\w'\u2019-]+[ \t\n]*)?"
    r"(?:[,;/]|and/or\b|and\b|or\b|nor\b)[ \t\n]*){1,3}(?:otherwise\b[ \t\n]*)?")


def _main_acts(lowered: str, actions: list[Mark], cues: list[tuple[int, Modality]],
               start: int) -> tuple[Mark, ...]:
    if not actions:
        return ()
    cue_at = cues[0][0] if cues else start
    after = [m for m in actions if m.start >= cue_at]
    first = after[0] if after else actions[0]
    out = [first]
    for m in actions[actions.index(first) + 1:]:
        if m.start < out[-1].end:
            # Overlapping classes of the same words ("fine-tune": modify and train).
            out.append(m)
            continue
        # Joining words are short; a longer gap is another part of the sentence (and
        # keeps the match on short strings).
        # A bare space joins nothing: "send copies" is an act and its object.
        if m.start - out[-1].end > 48 or not lowered[out[-1].end:m.start].strip() or \
                _JOIN.fullmatch(lowered, out[-1].end, m.start) is None:
            break
        out.append(m)
    return tuple(out)

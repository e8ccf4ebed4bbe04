"""Match clauses against the rule library and produce findings.

Every leaf pattern (regex, phrase list, spaCy token pattern) is run once over the
whole lower-cased working text, and only when one of the rule's ``triggers`` occurs in
it; its hits are then bucketed into units (sentences, clauses or list items) with a
binary search. This keeps the cost near one pass per leaf instead of one call per
sentence and rule.

De-duplication policy ``keep_all``: every rule that matches a unit yields a finding,
overlaps included; the same rule yields at most one finding per unit. A rule that reads
frames backs the phrase rules up: its finding is dropped where a phrase rule of the same
kind found the same unit.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy
import regex
from spacy.matcher import Matcher

from licenseparse.frames import Frame, Lexicon, Mark, frame_of, modality_of
from licenseparse.library import (
    FrameSpec,
    Pattern,
    Rule,
    RuleLibrary,
    UseCategory,
    cue_kind,
    cue_regex,
    cues_in,
    phrase_regex,
    strong_cues,
    uses_frames,
)
from licenseparse.models import Effects, Finding, Modality, Unclassified
from licenseparse.params import extract
from licenseparse.segment import Segmentation, build_pipeline, lower_view

ToOriginal = Callable[[int, int], tuple[int, int]]

_EXCEPTION = regex.compile(
    r"\b(?:except|unless|without|other\s+than|provided\s+(?:that|however)|subject\s+to|"
    r"excluding|save\s+as)\b[^.;:]{0,160}"
)
@dataclass
class _Context:
    seg: Segmentation
    lowered: str
    library: RuleLibrary
    to_original: ToOriginal
    original: str
    categories: list[UseCategory]
    lead_in_cache: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    index_of: dict[str, int] = field(default_factory=dict)
    unit_hits: dict[tuple[int, int, int], list[tuple[int, int]]] = field(default_factory=dict)
    # Keyed by id() of a unit list that the context keeps alive, so ids stay unique.
    trigger_units: dict[int, dict[int, list[int]]] = field(default_factory=dict)
    occurrences: list[tuple[int, int]] = field(default_factory=list)
    clause_units: list[tuple[int, int, int]] | None = None
    cue_cache: dict[tuple[int, int], list[tuple[int, Modality]]] = field(default_factory=dict)
    titles: frozenset[int] = frozenset()
    # Each clause's siblings (its parent's children, or the top level) and its place
    # among them; worked out once per text, when a list item first asks.
    siblings: dict[str, tuple[list[str], int]] = field(default_factory=dict)
    frames: dict[tuple[int, int], Frame] = field(default_factory=dict)
    strong_cache: dict[tuple[int, int], list[tuple[int, Modality]]] = field(
        default_factory=dict)
    entry_positions: dict[str, list[int]] = field(default_factory=dict)
    may_cache: dict[tuple[int, int, tuple[Modality, ...]], bool] = field(default_factory=dict)
    # Keyed by id() of a unit list that the context keeps alive, so ids stay unique.
    entry_units: dict[tuple[str, int], frozenset[int]] = field(default_factory=dict)
    unit_arrays: dict[int, Any] = field(default_factory=dict)
    all_marks: list[Mark] | None = None
    mark_starts: list[int] = field(default_factory=list)
    occurrence_array: Any = None
    # The clause of each unit and clause span, for a frame to find its lead-in.
    clause_at: dict[tuple[int, int], int] = field(default_factory=dict)


# A heading this short, without a closing full stop, names a part of the licence
# ("RESEARCH & NON-COMMERCIAL USE LICENSE", "INDEMNIFICATION") and binds nobody; longer
# upper-case lines the segmenter also calls headings are often real sentences.
_TITLE_MAX_WORDS = 10


def _context(seg: Segmentation, library: RuleLibrary | None, to_original: ToOriginal,
             original: str) -> _Context:
    """The per-text state of a match, or of the scan for unclassified sentences (which
    needs no library)."""
    return _Context(seg=seg, lowered=seg.lowered, to_original=to_original,
                    original=original,
                    categories=library.categories if library is not None else [],
                    library=library,  # type: ignore[arg-type]
                    index_of={c.id: i for i, c in enumerate(seg.clauses)},
                    titles=_title_clauses(seg))


def _title_clauses(seg: Segmentation) -> frozenset[int]:
    out = set()
    for index, clause in enumerate(seg.clauses):
        if clause.kind != "heading":
            continue
        words = clause.text.split()
        if len(words) <= _TITLE_MAX_WORDS and not clause.text.rstrip().endswith("."):
            out.add(index)
    return frozenset(out)


def _compiled(expression: str) -> Any:
    return _COMPILED.get(expression) or _COMPILED.setdefault(
        expression, regex.compile(expression, regex.V0)
    )


_COMPILED: dict[str, Any] = {}
_MATCHERS: dict[int, Matcher] = {}
_KEEP_ALIVE: list[Pattern] = []


def _token_hits(ctx: _Context, node: Pattern, start: int, end: int) -> list[tuple[int, int]]:
    """Run a spaCy token pattern over the tokens of one unit.

    Matching only the candidate units the triggers selected keeps the cost off the
    many sentences a rule cannot match; running the Matcher over the whole Doc would
    create a Python object per token of the text.
    """
    key = (id(node), start, end)
    cached = ctx.unit_hits.get(key)
    if cached is not None:
        return cached
    matcher = _MATCHERS.get(id(node))
    if matcher is None:
        matcher = Matcher(build_pipeline().vocab)
        matcher.add("leaf", node.tokens or [])
        _MATCHERS[id(node)] = matcher
        _KEEP_ALIVE.append(node)  # its id() is a cache key, so it must not be reused
    # The unit is tokenized on its own: spaCy tokenizes each whitespace-separated chunk
    # independently, and the whole text is never tokenized for matching.
    doc = build_pipeline().make_doc(ctx.seg.text[start:end])
    hits = sorted((start + m.start_char, start + m.end_char)
                  for m in matcher(doc, as_spans=True))
    ctx.unit_hits[key] = hits
    return hits


def _leaf_regex(node: Pattern) -> Any:
    if node.regex is not None:
        return _compiled(node.regex)
    assert node.phrases is not None
    return _compiled("|".join(phrase_regex(p) for p in node.phrases))


Tester = Callable[["_Context", int, int], bool]
_TESTERS: dict[int, Tester] = {}


def _test(ctx: _Context, node: Pattern, start: int, end: int) -> bool:
    """Tell whether a pattern matches inside [start, end), as cheaply as possible.

    Most candidate units fail; an existence search costs a fraction of collecting
    every span, so spans are only collected (by :func:`_evaluate`) for units that pass.
    """
    return _tester_of(node)(ctx, start, end)


def _tester_of(node: Pattern) -> Tester:
    tester = _TESTERS.get(id(node))
    if tester is None:
        tester = _TESTERS[id(node)] = _tester(node)
        _KEEP_ALIVE.append(node)  # its id() is a cache key, so it must not be reused
    return tester


def _tester(node: Pattern) -> Tester:
    """Compile a pattern tree into nested closures, once: the matcher calls them for
    every candidate unit, and walking the tree's optional fields each time cost more
    than most of the regex searches."""
    if node.all is not None:
        parts = [_tester(child) for child in _cheap_first(node.all)]

        def all_of(ctx: _Context, start: int, end: int) -> bool:
            # A plain loop: a generator per call costs more than most searches here.
            for part in parts:
                if not part(ctx, start, end):
                    return False
            return True
        return all_of
    if node.any is not None:
        parts = [_tester(child) for child in _cheap_first(node.any)]

        def any_of(ctx: _Context, start: int, end: int) -> bool:
            for part in parts:
                if part(ctx, start, end):
                    return True
            return False
        return any_of
    if node.not_ is not None:
        inner = _tester(node.not_)

        def none_of(ctx: _Context, start: int, end: int) -> bool:
            return not inner(ctx, start, end)
        return none_of
    if node.frame is not None:
        spec = node.frame

        wanted = tuple(spec.modality) if spec.modality is not None else None
        bisect_left = bisect.bisect_left

        def frame(ctx: _Context, start: int, end: int) -> bool:
            # Cheap tests first: each class the frame needs must have one of its word
            # forms in the unit (found by the text's one trigger scan), and the unit's
            # cues must allow the modality.
            known = ctx.entry_positions
            for entry in ctx.library.spec_gates[id(spec)]:
                positions = known.get(entry)
                if positions is None:
                    positions = _entry_positions(ctx, entry)
                k = bisect_left(positions, start)
                if k == len(positions) or positions[k] >= end:
                    return False
            if wanted is not None:
                key = (start, end, wanted)
                allowed = ctx.may_cache.get(key)
                if allowed is None:
                    allowed = ctx.may_cache[key] = _may_read_as(ctx, wanted, start, end)
                if not allowed:
                    return False
            return _frame_holds(spec, _frame(ctx, start, end))
        return frame
    if node.tokens is not None:
        def tokens(ctx: _Context, start: int, end: int) -> bool:
            return bool(_token_hits(ctx, node, start, end))
        return tokens
    compiled = _leaf_regex(node)
    plan = _literal_plan(compiled.pattern)
    if plan is None:
        search = compiled.search

        def leaf(ctx: _Context, start: int, end: int) -> bool:
            return search(ctx.lowered, start, end) is not None
        return leaf
    gated, rest = plan

    def literal_led(ctx: _Context, start: int, end: int) -> bool:
        lowered = ctx.lowered
        find = lowered.find
        for literal, searches in gated:
            if find(literal, start, end) >= 0:
                for branch_search in searches:
                    if branch_search(lowered, start, end) is not None:
                        return True
        return rest is not None and rest(lowered, start, end) is not None
    return literal_led


# Splitting a leaf into literal-led branches. The regex engine finds a pattern that
# starts with a literal word by a fast string search (under 1 ns a character), but
# tries an alternation such as "\b(?:may|shall|must)\s+not" at every position (10-40 ns
# a character). So for the yes/no tests (spans still come from the whole pattern),
# leading alternations and optional groups are multiplied out into branches that each
# start with a literal, "\bmay\s+not|\bshall\s+not|...", and a branch is only searched
# when str.find sees its first word in the unit. A match of the pattern is a match of
# one branch and the reverse, since only non-capturing groups are multiplied out and no
# pattern with back-references is touched.
_MAX_BRANCHES = 40
_LEADING_LITERAL = regex.compile(r"(?:\\b)?([a-z0-9]+)([?*{]?)")
# Back-references and global inline flags ("(?i)" anywhere applies to the whole pattern).
_UNSPLITTABLE = regex.compile(r"\\[1-9]|\(\?P=|\\g<|\(\?[a-zA-Z]+\)")

Search = Callable[[str, int, int], Any]
_PLANS: dict[str, tuple[list[tuple[str, list[Search]]], Search | None] | None] = {}


def _literal_plan(
    pattern: str,
) -> tuple[list[tuple[str, list[Search]]], Search | None] | None:
    """Return (first word, branch searches) pairs and a search for the other branches."""
    if pattern in _PLANS:
        return _PLANS[pattern]
    plan = None
    branches = split_literal_branches(pattern)
    if branches is not None:
        led, other = branches
        if led:
            by_literal: dict[str, list[Search]] = {}
            for literal, branch in led:
                by_literal.setdefault(literal, []).append(
                    regex.compile(branch, regex.V0).search)
            rest = regex.compile("|".join(other), regex.V0).search if other else None
            plan = (list(by_literal.items()), rest)
    _PLANS[pattern] = plan
    return plan


def split_literal_branches(pattern: str) -> tuple[list[tuple[str, str]], list[str]] | None:
    """Split a pattern into literal-led branches and the branches left as they are.

    Returns ``([(first word, branch), ...], [other branch, ...])`` whose alternation
    matches exactly what ``pattern`` matches, or None when the pattern is not split
    (inline flags, back-references, or too many branches).

    Example:
        >>> split_literal_branches(r"\\b(?:may|shall)\\s+not|[:]x")
        ([('may', '\\\\bmay\\\\s+not'), ('shall', '\\\\bshall\\\\s+not')], ['[:]x'])
    """
    if (pattern.startswith("(?") and not pattern.startswith("(?:")) or \
            _UNSPLITTABLE.search(pattern):
        return None
    led: list[tuple[str, str]] = []
    other: list[str] = []
    for branch in _split_top(pattern):
        expanded = _expand_branch(branch, _MAX_BRANCHES - len(led))
        if expanded is None:
            other.append(branch)
        else:
            led.extend(expanded)
        if len(led) > _MAX_BRANCHES:
            return None
    return led, other


def _leading_literal(branch: str) -> str | None:
    m = _LEADING_LITERAL.match(branch)
    if m is None:
        return None
    # "grants?" starts with "grant": a quantified last letter is optional.
    literal = m.group(1)[:-1] if m.group(2) else m.group(1)
    return literal if len(literal) >= 2 else None


def _expand_branch(branch: str, budget: int) -> list[tuple[str, str]] | None:
    literal = _leading_literal(branch)
    if literal is not None:
        return [(literal, branch)]
    lead = "\\b" if branch.startswith("\\b") else ""
    body = branch[len(lead):]
    if not body.startswith("(?:"):
        return None
    close = _group_end(body)
    if close is None:
        return None
    inner, rest = body[3:close], body[close + 1:]
    if rest[:1] in ("*", "+", "{"):
        return None
    alternatives = _split_top(inner)
    if rest[:1] == "?":
        # An optional group is one branch with it and one without; a lazy or
        # possessive mark changes which match is found, not whether one is.
        rest = rest[2:] if rest[1:2] in ("?", "+") else rest[1:]
        alternatives.append("")
    out: list[tuple[str, str]] = []
    for alternative in alternatives:
        expanded = _expand_branch(lead + alternative + rest, budget - len(out))
        if expanded is None:
            return None
        out.extend(expanded)
        if len(out) > budget:
            return None
    return out


def _scan(pattern: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """Yield (position, character, group depth) outside escapes and classes."""
    depth = 0
    i = start
    in_class = False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            # "[^]..." and "[]...": a first "]" is a member, not the end.
            if pattern[i + 1:i + 2] == "^":
                i += 1
            if pattern[i + 1:i + 2] == "]":
                i += 1
        else:
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            yield i, c, depth
        i += 1


def _split_top(pattern: str) -> list[str]:
    parts = []
    start = 0
    for i, c, depth in _scan(pattern):
        if c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    return parts


def _group_end(pattern: str) -> int | None:
    """Index of the parenthesis closing the group that opens ``pattern``."""
    for i, c, depth in _scan(pattern):
        if c == ")" and depth == 0:
            return i
    return None


def _uses_tokens(node: Pattern) -> bool:
    children = [*(node.all or []), *(node.any or []), *([node.not_] if node.not_ else [])]
    return node.tokens is not None or node.frame is not None or any(
        _uses_tokens(child) for child in children)


def _marks(ctx: _Context, start: int, end: int) -> list[Mark]:
    """The frame-class marks inside [start, end). The text is scanned once, when a frame
    is first read (clauses, sentences and lead-ins overlap, so scanning each unit would
    read much of the text several times), and each unit takes its marks by bisection."""
    if ctx.all_marks is None:
        ctx.all_marks = ctx.library.lexicon().scan(ctx.lowered)
        ctx.mark_starts = [m.start for m in ctx.all_marks]
    lo = bisect.bisect_left(ctx.mark_starts, start)
    hi = bisect.bisect_left(ctx.mark_starts, end, lo)
    return Lexicon.refine(ctx.lowered, start,
                          [m for m in ctx.all_marks[lo:hi] if m.end <= end])


def _frame(ctx: _Context, start: int, end: int) -> Frame:
    """The frame of the unit [start, end), read once per text."""
    key = (start, end)
    frame = ctx.frames.get(key)
    if frame is not None:
        return frame
    cues = _strong(ctx, start, end)
    own_cue = bool(cues) or cue_regex().search(ctx.lowered, start, end) is not None
    lead = None if own_cue else _inherited(ctx, start, end)
    inherited: tuple[Modality, str | None] | None = None
    if lead is not None:
        actors = [m for m in _marks(ctx, *lead[1]) if m.cls.startswith("actor.")]
        inherited = (lead[0], actors[-1].cls if actors else None)
    frame = ctx.frames[key] = frame_of(ctx.lowered, start, end, _marks(ctx, start, end),
                                       cues, inherited, own_cue)
    return frame


def frames(seg: Segmentation, library: RuleLibrary) -> list[Frame]:
    """Read every sentence and list item of a segmented text as a frame, in text order
    (working-text offsets), with the library's frame classes."""
    ctx = _context(seg, library, lambda s, e: (s, e), seg.text)
    return [_frame(ctx, start, end) for _, start, end in seg.units]


def _frame_units(ctx: _Context, node: Pattern, units: list[tuple[int, int, int]]
                 ) -> set[int] | None:
    """The indices of the units that can match a pattern's frames (each holds a word of
    every gate class of some frame pattern it needs); None when the pattern does not
    restrict the units this way (a regex branch, a negation)."""
    if node.frame is not None:
        allowed: set[int] | None = None
        for entry in ctx.library.spec_gates[id(node.frame)]:
            found = _entry_units(ctx, entry, units)
            allowed = set(found) if allowed is None else allowed & found
        return allowed
    if node.any is not None:
        union: set[int] = set()
        for child in node.any:
            part = _frame_units(ctx, child, units)
            if part is None:
                return None
            union |= part
        return union
    if node.all is not None:
        parts = [p for p in (_frame_units(ctx, c, units) for c in node.all) if p is not None]
        return set.intersection(*parts) if parts else None
    return None


def _entry_units(ctx: _Context, entry: str, units: list[tuple[int, int, int]]
                 ) -> frozenset[int]:
    """The indices of the units (of this unit list) that hold a form of an entry."""
    key = (entry, id(units))
    found = ctx.entry_units.get(key)
    if found is None:
        positions = numpy.array(_entry_positions(ctx, entry), dtype=numpy.int64)
        if not len(positions) or not units:
            found = frozenset()
        else:
            array = ctx.unit_arrays.get(id(units))
            if array is None:
                array = ctx.unit_arrays[id(units)] = numpy.array(units, dtype=numpy.int64)
            k = numpy.searchsorted(array[:, 1], positions, side="right") - 1
            ok = k >= 0
            ok[ok] &= positions[ok] < array[k[ok], 2]
            found = frozenset(k[ok].tolist())
        ctx.entry_units[key] = found
    return found


def _entry_positions(ctx: _Context, entry: str) -> list[int]:
    """Sorted start offsets of the word forms of a frame class entry in the text (every
    entry a rule of the library names is indexed when the library is built)."""
    found = ctx.entry_positions.get(entry)
    if found is None:
        library = ctx.library
        forms = library.gate_forms[entry]
        found = []
        if ctx.occurrences and forms:
            if ctx.occurrence_array is None:
                ctx.occurrence_array = numpy.array(ctx.occurrences, dtype=numpy.int64)
            array = ctx.occurrence_array
            hits = array[library.gate_masks[entry][array[:, 1]]]
            found = numpy.sort(hits[:, 0] + 1 - library.trigger_lengths[hits[:, 1]]).tolist()
        ctx.entry_positions[entry] = found
    return found


# Words that can make a sentence a prohibition without a cue of that kind ("nobody may").
_NOBODY_WORD = regex.compile(r"\b(?:no|nobody|none|neither)\b")


def _may_read_as(ctx: _Context, wanted: tuple[Modality, ...], start: int, end: int) -> bool:
    """Whether the unit's frame can have one of these modalities, told from its cues
    alone (the frame's own rule: its strong cues, "nobody" turning a permission or duty
    into a prohibition, and a lead-in's force for a unit with no cue of its own). Most
    units fail here, and reading a frame's words costs far more."""
    if "statement" in wanted:
        return True
    strong = _strong(ctx, start, end)
    if any(kind in wanted for _, kind in strong):
        return True
    if strong and "prohibition" in wanted and _NOBODY_WORD.search(ctx.lowered, start, end):
        return True
    if strong or cue_regex().search(ctx.lowered, start, end) is not None:
        return False
    inherited = _inherited(ctx, start, end)
    return inherited is not None and inherited[0] in wanted


def _strong(ctx: _Context, start: int, end: int) -> list[tuple[int, Modality]]:
    key = (start, end)
    found = ctx.strong_cache.get(key)
    if found is None:
        found = ctx.strong_cache[key] = strong_cues(ctx.lowered, start, end)
    return found


def _inherited(ctx: _Context, start: int, end: int
               ) -> tuple[Modality, tuple[int, int]] | None:
    """The force a unit takes from its lead-in ("You may not:" over items), and the
    lead-in's span (where its actor is read, only when the frame itself is)."""
    if not ctx.clause_at:
        ctx.clause_at = {(s, e): i for i, (s, e) in enumerate(ctx.seg.clause_spans)}
        ctx.clause_at.update(((s, e), i) for i, s, e in ctx.seg.units)
    clause_index = ctx.clause_at.get((start, end))
    if clause_index is None:
        return None
    lead_ins = _lead_ins(ctx, clause_index)
    for k, (s, e) in enumerate(lead_ins):
        # As in match(): the lead-in's last (strong) cue is its force; an inner lead-in
        # that only permits names a category inside an outer list.
        lead_cues = _strong(ctx, s, e)
        modality = lead_cues[-1][1] if lead_cues else "statement"
        if modality == "permission" and k < len(lead_ins) - 1:
            continue
        if modality != "statement":
            return modality, (s, e)
    return None


def _frame_holds(spec: FrameSpec, frame: Frame) -> bool:
    if spec.modality is not None and frame.modality not in spec.modality:
        return False
    if spec.actor is not None and not any(
            (frame.actor or "none") in entry.split("|") for entry in spec.actor):
        return False
    for entry in spec.has:
        if not frame.has(entry):
            return False
    for entry in spec.lacks:
        if frame.has(entry):
            return False
    for entry in spec.does:
        if not frame.does(entry):
            return False
    return True


def _cheap_first(children: list[Pattern]) -> list[Pattern]:
    """Order a yes/no test's parts so token patterns come last: they tokenize the unit,
    which costs far more than a regex search, and "and"/"or" do not depend on order."""
    return sorted(children, key=_uses_tokens)


def _any_lead_in(ctx: _Context, test: Tester, lead_ins: list[tuple[int, int]]) -> bool:
    for s, e in lead_ins:
        if test(ctx, s, e):
            return True
    return False


def _evaluate(ctx: _Context, node: Pattern, start: int, end: int) -> list[tuple[int, int]] | None:
    """Return the spans a pattern matches inside [start, end), or None when it fails."""
    if node.any is not None:
        spans: list[tuple[int, int]] = []
        for child in node.any:
            found = _evaluate(ctx, child, start, end)
            if found:
                spans.extend(found)
        return spans or None
    if node.all is not None:
        spans = []
        for child in node.all:
            found = _evaluate(ctx, child, start, end)
            if found is None:
                return None
            spans.extend(found)
        return spans
    if node.not_ is not None:
        return None if _evaluate(ctx, node.not_, start, end) else []
    if node.tokens is not None:
        return _token_hits(ctx, node, start, end) or None
    if node.frame is not None:
        unit_frame = _frame(ctx, start, end)
        if not _frame_holds(node.frame, unit_frame):
            return None
        return sorted({span for entry in (*node.frame.has, *node.frame.does)
                       for span in unit_frame.spans(entry)})
    # Units are short; a regex confined to one unit costs microseconds, while a scan
    # of the whole text per pattern would dominate the pipeline.
    key = (id(node), start, end)
    cached = ctx.unit_hits.get(key)
    if cached is None:
        cached = [m.span() for m in _leaf_regex(node).finditer(ctx.lowered, start, end)]
        ctx.unit_hits[key] = cached
    return cached or None


def _trigger_units(ctx: _Context, position: int, units: list[tuple[int, int, int]]) -> list[int]:
    """Return the indices of units holding one of the triggers of rule ``position``.

    Every unit a rule can match contains one of its trigger strings. All triggers of the
    library are found in one Aho-Corasick pass over the text (C speed, overlaps
    included); each occurrence is placed in its unit by a vectorised binary search, and
    the units of every rule are collected in the same array pass.
    """
    by_rule = ctx.trigger_units.get(id(units))
    if by_rule is None:
        by_rule = _units_by_rule(ctx, units)
        ctx.trigger_units[id(units)] = by_rule
    return by_rule.get(position, [])


def _units_by_rule(ctx: _Context, units: list[tuple[int, int, int]]) -> dict[int, list[int]]:
    """Map each rule (by position in the library) to the sorted units holding a trigger."""
    occurrences = ctx.occurrences
    if not occurrences or not units:
        return {}
    library = ctx.library
    pairs_array = numpy.array(occurrences, dtype=numpy.int64)  # C-speed conversion
    ends = pairs_array[:, 0] + 1
    trigger_ids = pairs_array[:, 1]
    starts = ends - library.trigger_lengths[trigger_ids]
    unit_array = numpy.array(units, dtype=numpy.int64)
    unit_starts = unit_array[:, 1]
    unit_ends = unit_array[:, 2]
    k = numpy.searchsorted(unit_starts, starts, side="right") - 1
    inside = k >= 0
    inside[inside] &= ends[inside] <= unit_ends[k[inside]]
    n_units = len(units)
    pairs = numpy.unique(trigger_ids[inside] * n_units + k[inside])
    if not len(pairs):
        return {}
    pair_triggers = pairs // n_units
    pair_units = pairs % n_units
    # Expand each (trigger, unit) pair to one (rule, unit) pair per rule the trigger
    # gates: repeat the unit, and walk each trigger's row of rules with a running index.
    row_starts = library.rules_of_trigger_starts[pair_triggers]
    counts = library.rules_of_trigger_starts[pair_triggers + 1] - row_starts
    total = int(counts.sum())
    if not total:
        return {}
    offsets = numpy.arange(total) - numpy.repeat(numpy.cumsum(counts) - counts, counts)
    rule_ids = library.rules_of_trigger[numpy.repeat(row_starts, counts) + offsets]
    keys = numpy.unique(rule_ids * n_units + numpy.repeat(pair_units, counts))
    key_rules = keys // n_units
    # Runs of one rule: slicing plain lists by run bounds is several times cheaper than
    # numpy.split, which builds a view object per run.
    bounds = [0, *(numpy.flatnonzero(numpy.diff(key_rules)) + 1).tolist(), len(keys)]
    rule_list = key_rules.tolist()
    unit_list = (keys % n_units).tolist()
    return {rule_list[a]: unit_list[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=False)}


def _modality_at(ctx: _Context, start: int, end: int, at: int) -> Modality:
    """Modality of the unit [start, end) at offset ``at``; cues are found once per unit."""
    cues = ctx.cue_cache.get((start, end))
    if cues is None:
        cues = cues_in(ctx.lowered, start, end)
        ctx.cue_cache[(start, end)] = cues
    return modality_of(cues, at)


def detect_modality(text: str, match_start: int) -> Modality:
    """Classify a unit's deontic modality from the cue nearest before the match.

    ``text`` is the lower-cased unit and ``match_start`` the match offset inside it.
    With no cue before the match, the first cue after it decides.

    Example:
        >>> detect_modality("you will not use the outputs to improve other models", 16)
        'prohibition'
    """
    return modality_of(cues_in(text, 0, len(text)), match_start)


def _exception(ctx: _Context, start: int, end: int) -> str | None:
    """Return an exception ("except as...", "unless...", "without...") after the match."""
    m = _EXCEPTION.search(ctx.lowered, start, end)
    return ctx.seg.text[m.start():m.end()].strip() if m else None


def _units(ctx: _Context, rule: Rule) -> list[tuple[int, int, int]]:
    seg = ctx.seg
    if rule.scope == "sentence":
        return seg.units
    if rule.scope == "clause":
        if ctx.clause_units is None:
            ctx.clause_units = [(i, s, e) for i, (s, e) in enumerate(seg.clause_spans) if e > s]
        return ctx.clause_units
    # list-item: items below a lead-in (a clause ending with ":") whose closing words
    # the rule recognises, e.g. "You agree not to use the Model:".
    assert rule.lead_in is not None
    lead_ok: dict[tuple[int, int], bool] = {}
    out = []
    for i, clause in enumerate(seg.clauses):
        if clause.kind not in ("item", "section") or clause.label is None:
            continue
        for s, e in _lead_ins(ctx, i):
            tail = (max(s, e - _LEAD_IN_TAIL), e)
            if tail not in lead_ok:
                lead_ok[tail] = _test(ctx, rule.lead_in, *tail)
            if lead_ok[tail]:
                s, e = seg.clause_spans[i]
                out.append((i, s, e))
                break
    return out


# How far back from its colon a lead-in's wording is read.
_LEAD_IN_TAIL = 300


# A lead-in may end on its modal words without a colon ("You may not" over bulleted
# items, as EULAs exported from word processors write it).
_MODAL_TAIL = regex.compile(
    r"\b(?:(?:may|shall|must|will|can|should)\s+not|cannot|agrees?\s+not\s+to|must|shall|"
    r"may|(?:is|are)\s+(?:not\s+)?(?:permitted|allowed)\s+to)[ \t]*\Z")


def _ends_modal(ctx: _Context, start: int, end: int) -> bool:
    return end > start and _MODAL_TAIL.search(ctx.lowered[max(start, end - 24):end].rstrip()) \
        is not None


def _siblings(ctx: _Context, clause_id: str) -> tuple[list[str], int]:
    """A clause's siblings and its place among them (found for all clauses at once:
    an ``index()`` per clause would cost the square of a long list)."""
    if not ctx.siblings:
        groups = [[c.id for c in ctx.seg.clauses if c.parent is None]]
        groups += [c.children for c in ctx.seg.clauses]
        for group in groups:
            ctx.siblings.update((cid, (group, k)) for k, cid in enumerate(group))
    return ctx.siblings[clause_id]


def _lead_ins(ctx: _Context, clause_index: int) -> list[tuple[int, int]]:
    """Return the spans of the lead-in clauses ("...as follows:") above a clause."""
    cached = ctx.lead_in_cache.get(clause_index)
    if cached is not None:
        return cached
    out: list[tuple[int, int]] = []
    clause = ctx.seg.clauses[clause_index]
    if clause.label is not None:
        # Items a paragraph introduces without owning them ("You may not" over bulleted
        # lines, all of them under the section): the unlabelled paragraph before the
        # run of items leads them in when it ends on its modal words.
        siblings, k = _siblings(ctx, clause.id)
        k -= 1
        while k >= 0 and ctx.seg.clauses[ctx.index_of[siblings[k]]].label is not None:
            k -= 1
        if k >= 0:
            s, e = ctx.seg.clause_spans[ctx.index_of[siblings[k]]]
            if _ends_modal(ctx, s, e):
                out.append((s, e))
    hops = 0
    while clause.parent is not None and hops < 3:
        parent_index = ctx.index_of[clause.parent]
        s, e = ctx.seg.clause_spans[parent_index]
        if e > s and (ctx.seg.text[e - 1] == ":" or _ends_modal(ctx, s, e)):
            out.append((s, e))
        clause = ctx.seg.clauses[parent_index]
        hops += 1
    ctx.lead_in_cache[clause_index] = out
    return out


def _classify(ctx: _Context, start: int, end: int) -> list[str]:
    found: list[tuple[int, str]] = []
    for category in ctx.categories:
        for expression in category.patterns:
            m = _compiled(expression).search(ctx.lowered, start, end)
            if m:
                found.append((m.start(), category.id))
                break
    found.sort()
    return [c for _, c in found] or ["other"]


def _params(
    ctx: _Context, rule: Rule, unit: tuple[int, int, int], hull: tuple[int, int],
    first: tuple[int, int], spans: list[tuple[int, int]],
) -> dict[str, Any] | None:
    _, u_start, u_end = unit
    out: dict[str, Any] = {}
    for name, spec in rule.params.items():
        if spec.source == "match":
            lo, hi = hull
        elif spec.source == "after-match":
            lo, hi = hull[0], u_end
        elif spec.source == "clause":
            lo, hi = ctx.seg.clause_spans[unit[0]]
        else:
            lo, hi = u_start, u_end
        if spec.extract == "use-category":
            values: list[Any] = _classify(ctx, lo, hi)
        elif spec.extract == "match-text":
            values = [ctx.seg.text[first[0]:first[1]]]
        elif spec.extract == "match-all":
            values = [" ".join(ctx.lowered[a:b].split()) for a, b in sorted(spans)]
        elif spec.extract == "unit-text":
            values = [" ".join(ctx.seg.text[lo:hi].split())]
        else:
            text = ctx.seg.text[lo:hi]
            extracted = extract(spec.extract, text)
            if spec.contains:
                needle = spec.contains
                extracted = [e for e in extracted if needle in lower_view(str(e.value))]
            if spec.pick == "nearest":
                anchor = hull[0] - lo
                extracted.sort(key=lambda e: abs(e.start - anchor))
            values = [e.value for e in extracted]
            if spec.min_value is not None:
                values = [v for v in values if _amount(v) is not None
                          and _amount(v) >= spec.min_value]  # type: ignore[operator]
        if not values:
            if spec.required:
                return None
            continue
        # A parameter is a value, not a layout: line breaks from hard wrapping go.
        values = [" ".join(v.split()) if isinstance(v, str) else v for v in values]
        out[name] = _pick(values, spec.pick)
    return out


def _amount(value: Any) -> float | None:
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dict) and isinstance(value.get("amount"), (int, float)):
        return float(value["amount"])
    return None


def _pick(values: list[Any], how: str) -> Any:
    if how == "all":
        unique: list[Any] = []
        for v in values:
            if v not in unique:
                unique.append(v)
        return unique
    if how == "last":
        return values[-1]
    if how in ("max", "min"):
        numeric = [v for v in values if _amount(v) is not None]
        if numeric:
            chooser = max if how == "max" else min
            return chooser(numeric, key=lambda v: _amount(v) or 0.0)
    return values[0]


def _format(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, dict) and "amount" in value:
        return f"{value.get('currency', '')} {_format(value['amount'])}".strip()
    if isinstance(value, list):
        return ", ".join(_format(v) for v in value)
    return str(value)


class _Fmt(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


@dataclass(frozen=True)
class _Plan:
    """What the matcher needs of one rule, prepared once per library."""

    position: int
    rule: Rule
    effects: Effects
    trigger_ids: frozenset[int]
    # A list item's trigger words sit in its lead-in, so they only gate the text.
    by_trigger: bool
    test_match: Tester
    test_context: Tester | None
    test_unless: Tester | None
    # A rule that reads frames takes its modality from the frame (which knows "nobody
    # may" and the lead-in's actor) rather than from the nearest cue.
    reads_frames: bool


def _plans(library: RuleLibrary) -> list[_Plan]:
    plans: list[_Plan] | None = library.matcher_cache.get("plans")
    if plans is None:
        index_of = {trigger: i for i, trigger in enumerate(library.triggers)}
        plans = [
            _Plan(
                position=position, rule=rule, effects=library.effects[rule.id],
                trigger_ids=frozenset(index_of[t] for t in rule.triggers),
                by_trigger=bool(rule.triggers) and rule.scope != "list-item",
                test_match=_tester_of(rule.match),
                test_context=_tester_of(rule.context) if rule.context is not None else None,
                test_unless=_tester_of(rule.unless) if rule.unless is not None else None,
                reads_frames=uses_frames(rule.match),
            )
            for position, rule in enumerate(library.rules)
        ]
        library.matcher_cache["plans"] = plans
    return plans


def match(
    seg: Segmentation,
    library: RuleLibrary,
    to_original: ToOriginal,
    original: str,
    document: str | None = None,
) -> list[Finding]:
    """Run every rule of ``library`` over a segmented text.

    Args:
        seg: the segmentation of the working text.
        library: the validated rules.
        to_original: maps working-text spans to original spans.
        original: the original text (quotes are sliced from it).
        document: a name for the document, recorded on each finding.

    Returns:
        Findings in text order, then rule id.
    """
    ctx = _context(seg, library, to_original, original)
    if library.triggers:
        ctx.occurrences = list(library.trigger_automaton().iter(ctx.lowered))
    present = {t for _, t in ctx.occurrences}
    findings: list[Finding] = []
    for plan in _plans(library):
        rule = plan.rule
        if plan.trigger_ids and present.isdisjoint(plan.trigger_ids):
            continue
        per_clause: dict[str, int] = {}
        effects = plan.effects
        test_match = plan.test_match
        test_context = plan.test_context
        test_unless = plan.test_unless
        units = _units(ctx, rule)
        candidates = (_trigger_units(ctx, plan.position, units) if plan.by_trigger
                      else range(len(units)))
        if plan.reads_frames:
            # A frame rule's units must hold a word of each class its patterns gate on;
            # the units that do are found for all of them at once (array operations),
            # so most units are never looked at one by one.
            allowed = _frame_units(ctx, rule.match, units)
            if allowed is not None:
                candidates = [c for c in candidates if c in allowed]
        for position in candidates:
            unit = units[position]
            clause_index, u_start, u_end = unit
            if clause_index in ctx.titles:
                continue
            # Every check below is a conjunction; the context is tested first because it
            # is usually short and selective, so the long match pattern runs less often.
            context_in_lead_in = False
            if test_context is not None and not test_context(ctx, u_start, u_end):
                # A list item inherits the context of its lead-in ("... grants You a
                # licence:" followed by "(a) to use, reproduce ...").
                if not _any_lead_in(ctx, test_context, _lead_ins(ctx, clause_index)):
                    continue
                context_in_lead_in = True
            if not test_match(ctx, u_start, u_end):
                continue
            if test_unless is not None and test_unless(ctx, u_start, u_end):
                continue
            lead_ins = _lead_ins(ctx, clause_index)
            # A list item is read with the lead-in that governs it ("If you redistribute
            # the original, these conditions apply:"), so unless_clause looks there too.
            if rule.unless_clause is not None and any(
                _test(ctx, rule.unless_clause, s, e)
                for s, e in (seg.clause_spans[clause_index], *lead_ins)
            ):
                continue
            spans = _evaluate(ctx, rule.match, u_start, u_end) or []
            hull = (min(s for s, _ in spans), max(e for _, e in spans)) if spans else (
                u_start, u_end)
            modality = _modality_at(ctx, u_start, u_end, hull[0])
            if plan.reads_frames:
                modality = _frame(ctx, u_start, u_end).modality
            elif (modality == "statement" or context_in_lead_in or rule.scope == "list-item") \
                    and lead_ins:
                # A list item's force comes from its lead-in ("You agree not to use it:").
                # An inner lead-in that only says "may" names a category ("content that
                # may harm a group:") inside an outer list; the outer lead-in decides.
                for k, (s, e) in enumerate(lead_ins):
                    modality = _modality_at(ctx, s, e, e)
                    if modality == "permission" and k < len(lead_ins) - 1:
                        continue
                    if modality != "statement":
                        break
            if rule.require_modality is not None and modality not in rule.require_modality:
                continue
            if modality == "statement":
                modality = rule.modality
            params = _params(ctx, rule, unit, hull, spans[0] if spans else hull, spans)
            if params is None:
                continue
            clause = seg.clauses[clause_index]
            n = per_clause.get(clause.id, 0) + 1
            per_clause[clause.id] = n
            o_start, o_end = to_original(u_start, u_end)
            m_start, m_end = to_original(*hull)
            findings.append(
                Finding(
                    id=f"{rule.id}@{clause.path}" + (f"#{n}" if n > 1 else ""),
                    rule_id=rule.id,
                    rule_title=rule.title,
                    kind=rule.kind,
                    clause_id=clause.id,
                    clause_path=clause.path,
                    heading=clause.heading,
                    start=o_start,
                    end=o_end,
                    quote=original[o_start:o_end],
                    match_start=m_start,
                    match_end=m_end,
                    modality=modality,
                    exception=_exception(ctx, hull[0], u_end),
                    params=params,
                    effects=effects,
                    score=rule.score,
                    explanation=rule.explanation.format_map(
                        _Fmt({k: _format(v) for k, v in params.items()})
                    ),
                    document=document,
                )
            )
    findings.sort(key=lambda f: (f.start, f.end, f.rule_id))
    return _apply_supersession(_frames_back_up(findings, library), library)


def _frames_back_up(findings: list[Finding], library: RuleLibrary) -> list[Finding]:
    """Drop a frame rule's finding where a phrase rule of the same kind found the same
    sentence: the frame reading backs the phrase rules up on wordings they miss, and the
    same clause quoted twice for one kind tells a reviewer nothing more."""
    by_frames = {p.rule.id for p in _plans(library) if p.reads_frames}
    if not by_frames:
        return findings
    phrase_spans = {(f.kind, f.start, f.end) for f in findings if f.rule_id not in by_frames}
    return [f for f in findings
            if f.rule_id not in by_frames or (f.kind, f.start, f.end) not in phrase_spans]


def _apply_supersession(findings: list[Finding], library: RuleLibrary) -> list[Finding]:
    """Mark findings that another clause of the text lifts (``Rule.superseded_by``)."""
    ids_by_rule: dict[str, list[str]] = {}
    for finding in findings:
        ids_by_rule.setdefault(finding.rule_id, []).append(finding.id)
    out = []
    for finding in findings:
        supersession = library.get(finding.rule_id).superseded_by
        lifting = [] if supersession is None or (
            supersession.modality is not None and finding.modality not in supersession.modality
        ) else [i for r in supersession.rules for i in ids_by_rule.get(r, [])]
        if lifting:
            finding = finding.model_copy(update={
                "effects": Effects(), "superseded_by": lifting,
                "explanation": f"{finding.explanation} Lifted elsewhere in the text "
                               f"({', '.join(lifting)}), so it has no effect.",
            })
        out.append(finding)
    return out


# ------------------------------------------------------------ nothing silently dropped
# A unit this short ("No." "See above.") carries no term worth a reviewer's time.
_UNCLASSIFIED_MIN_WORDS = 4


def unclassified(
    seg: Segmentation,
    findings: list[Finding],
    to_original: ToOriginal,
    original: str,
    document: str | None = None,
) -> tuple[list[Unclassified], int]:
    """Return the sentences and list items that carry a modal cue (who may, must or
    must not) but that no finding covers, in text order, and how many sentences and
    items carry such a cue in all (the rate of the first to the second is measured).

    A list item without a cue of its own takes its lead-in's ("You may not:" over
    "(a) resell it"): it says what the lead-in allows or forbids. The lead-in itself is
    not reported when it ends in a colon, as its items are. Titles, and statements
    ("shall mean"), are not terms to review.

    Args:
        seg: the segmentation of the working text.
        findings: the findings kept for the text (their offsets are original ones).
        to_original: maps working-text spans to original spans.
        original: the original text.
        document: a name for the document, recorded on each entry.
    """
    ctx = _context(seg, None, to_original, original)
    covered = sorted((f.start, f.end) for f in findings)
    starts = [s for s, _ in covered]
    reach: list[int] = []  # the furthest end among the first i findings
    for _, e in covered:
        reach.append(max(e, reach[-1]) if reach else e)
    # One scan of the text for cues; each unit then looks its cues up by position.
    cue_marks = [(m.start(), m.end(), cue_kind(m.group()))
                 for m in cue_regex().finditer(ctx.lowered)]
    cue_starts = [c[0] for c in cue_marks]
    out: list[Unclassified] = []
    modal = 0
    ordinal: dict[int, int] = {}
    for clause_index, u_start, u_end in seg.units:
        ordinal[clause_index] = ordinal.get(clause_index, 0) + 1
        clause = seg.clauses[clause_index]
        if clause_index in ctx.titles or clause.kind == "heading":
            continue
        text = seg.text[u_start:u_end]
        if len(text.split()) < _UNCLASSIFIED_MIN_WORDS or text.rstrip().endswith(":"):
            continue
        cue = _first_cue(cue_marks, cue_starts, u_start, u_end)
        if cue is None:
            for s, e in _lead_ins(ctx, clause_index):
                # The lead-in's force is its last cue ("You agree that you may not:").
                cue = _first_cue(cue_marks, cue_starts, s, e, last=True)
                if cue is not None:
                    break
        if cue is None:
            continue
        modal += 1
        o_start, o_end = to_original(u_start, u_end)
        # Any finding whose quote overlaps the unit explains it.
        k = bisect.bisect_left(starts, o_end)
        if k and reach[k - 1] > o_start:
            continue
        # Built from checked values; model_construct spares a validation per entry.
        out.append(Unclassified.model_construct(
            id=f"unclassified@{clause.id}#{ordinal[clause_index]}",
            clause_id=clause.id, clause_path=clause.path, heading=clause.heading,
            modality=cue[2], cue=" ".join(ctx.lowered[cue[0]:cue[1]].split()),
            start=o_start, end=o_end, quote=original[o_start:o_end], document=document))
    return out, modal


def _first_cue(marks: list[tuple[int, int, Modality]], starts: list[int], start: int,
               end: int, last: bool = False) -> tuple[int, int, Modality] | None:
    """The first (or last) cue inside [start, end) that is not a statement's."""
    lo = bisect.bisect_left(starts, start)
    hi = bisect.bisect_left(starts, end, lo)
    span = range(hi - 1, lo - 1, -1) if last else range(lo, hi)
    for k in span:
        if marks[k][2] != "statement" and marks[k][1] <= end:
            return marks[k]
    return None


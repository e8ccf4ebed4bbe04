"""Load, validate and index the clause library (rules as YAML data).

One YAML file per rule; the rule id is its path below the library root with ``/``
turned into ``.`` and without the suffix (``use/aup-incorporated.yaml`` ->
``use.aup-incorporated``). The schema is closed: unknown keys, wrong types, bad
regular expressions and examples that do not parse are all reported together in one
:class:`~licenseparse.errors.RuleLibraryError`.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import ahocorasick
import numpy
import regex
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from licenseparse.errors import Problem, RuleLibraryError, RuleNotFoundError
from licenseparse.frames import MODALITIES, Lexicon, check_frame_classes, class_triggers
from licenseparse.models import (
    FREEDOM_IDS,
    OSAID_IDS,
    OSD_IDS,
    Effect,
    Effects,
    Modality,
    Profile,
)
from licenseparse.params import EXTRACTORS

RULES_ENV = "LICENSEPARSE_RULES"
_LOWER_ONLY = regex.compile(r"(?<!\\)(?<!\\[pPN]\{[^}]{0,20})[A-Z]")
_SPACE = regex.compile(r"\s+")


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FrameSpec(_Closed):
    """What a unit's frame must hold (see :mod:`licenseparse.frames`).

    ``has`` lists classes that must all be present (an entry ``a|b`` takes either),
    ``lacks`` classes none of which may be, ``does`` act classes that must each be among
    the acts the modal words govern ("may not *give, lend or send* copies", not the
    "distribute" of "copies you distribute"); ``modality`` and ``actor`` restrict the
    frame's force and its actor (the licensee, nobody, the licensor...; ``none`` for a
    sentence that names no actor, as a passive one).
    """

    modality: list[Modality] | None = None
    actor: list[str] | None = None
    has: list[str] = Field(default_factory=list)
    lacks: list[str] = Field(default_factory=list)
    does: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _says_something(self) -> FrameSpec:
        if not self.has and not self.does:
            raise ValueError("a frame pattern names at least one class it `has` or `does`")
        return self

    def classes(self) -> list[str]:
        """Every class the pattern names."""
        return [c for entry in (*self.has, *self.lacks, *self.does, *(self.actor or []))
                for c in entry.split("|") if c != "none"]


class Pattern(_Closed):
    """A match node: exactly one of regex / phrases / tokens / frame / any / all / not."""

    regex: str | None = None
    phrases: list[str] | None = None
    tokens: list[list[dict[str, Any]]] | None = None
    frame: FrameSpec | None = None
    any: list[Pattern] | None = None
    all: list[Pattern] | None = None
    not_: Pattern | None = Field(default=None, alias="not")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _exactly_one(self) -> Pattern:
        given = [
            name
            for name in ("regex", "phrases", "tokens", "frame", "any", "all", "not_")
            if getattr(self, name) is not None
        ]
        if len(given) != 1:
            names = ", ".join(g.rstrip("_") for g in given) or "nothing"
            raise ValueError(
                f"a pattern needs exactly one of regex, phrases, tokens, frame, any, all, "
                f"not "
                f"(got {names}); e.g. `regex: '\\\\bmonthly active users\\\\b'`"
            )
        return self

    @field_validator("regex")
    @classmethod
    def _regex_compiles(cls, value: str | None) -> str | None:
        if value is None:
            return value
        if _LOWER_ONLY.search(value):
            raise ValueError(
                "patterns are matched against lower-cased text; write literals in lower case"
            )
        try:
            regex.compile(value, regex.V0)
        except regex.error as exc:
            raise ValueError(f"regular expression does not compile: {exc}") from exc
        return value

    @field_validator("phrases")
    @classmethod
    def _phrases_not_empty(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and (not value or any(not p.strip() for p in value)):
            raise ValueError("phrases must be a non-empty list of non-empty strings")
        return value


class ParamSpec(_Closed):
    """How to pull one parameter out of a matched unit."""

    extract: str
    source: Literal["unit", "match", "after-match", "clause"] = "unit"
    pick: Literal["first", "last", "max", "min", "all", "nearest"] = "first"
    required: bool = False
    min_value: float | None = None
    contains: str | None = None

    @field_validator("extract")
    @classmethod
    def _known_extractor(cls, value: str) -> str:
        known = set(EXTRACTORS) | {"use-category", "match-text", "match-all", "unit-text"}
        if value not in known:
            raise ValueError(f"unknown extractor {value!r}; known: {', '.join(sorted(known))}")
        return value


class EffectsSpec(_Closed):
    """Effects a rule's findings have on the four freedoms, the OSD and the OSAID."""

    freedoms: dict[str, Effect] = Field(default_factory=dict)
    osd: dict[str, Effect] = Field(default_factory=dict)
    osaid: dict[str, Effect] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known_ids(self) -> EffectsSpec:
        for name, allowed in (("freedoms", FREEDOM_IDS), ("osd", OSD_IDS), ("osaid", OSAID_IDS)):
            unknown = sorted(set(getattr(self, name)) - set(allowed))
            if unknown:
                raise ValueError(f"{name}: unknown ids {unknown}; allowed {list(allowed)}")
        return self


class Example(_Closed):
    """A worked example: a text, and optionally the parameters it must yield."""

    text: str
    params: dict[str, Any] | None = None
    modality: Modality | None = None


class Examples(_Closed):
    """Positive and negative examples; ``todo_*`` are known gaps (strict xfail)."""

    positive: list[Example | str] = Field(min_length=1)
    negative: list[Example | str] = Field(min_length=1)
    todo_positive: list[Example | str] = Field(default_factory=list)
    todo_negative: list[Example | str] = Field(default_factory=list)


PROFILE_FIELDS = frozenset(Profile.model_fields)


class Supersession(_Closed):
    """Other rules whose findings, anywhere in the same text, lift this rule's findings.

    For a limit that another clause of the licence takes back: a grant "for
    non-commercial purposes" in a licence whose next section grants commercial use
    below a revenue cap. The lifted finding stays in the result, marked, with no effect.
    """

    rules: list[str] = Field(min_length=1)
    modality: list[Modality] | None = None


class Rule(_Closed):
    """One clause rule, as written in its YAML file.

    ``triggers`` are lower-case literals; a unit (sentence or clause) that holds none of
    them is never matched, and a text that holds none skips the rule. So every string
    the ``match`` pattern can match must contain a trigger (for ``list-item`` rules the
    triggers gate the whole text only, as they usually sit in the lead-in). ``context``
    must also match, in the unit or in the lead-in of a list ("... grants You:").
    ``unless`` suppresses the finding when it matches in the unit, ``unless_clause``
    when it matches anywhere in the unit's clause or in the lead-in of its list.
    """

    id: str
    title: str
    kind: str
    description: str
    scope: Literal["sentence", "clause", "list-item"] = "sentence"
    triggers: tuple[str, ...] = ()
    match: Pattern
    context: Pattern | None = None
    unless: Pattern | None = None
    unless_clause: Pattern | None = None
    lead_in: Pattern | None = None
    require_modality: list[Modality] | None = None
    modality: Modality = "statement"
    superseded_by: Supersession | None = None
    params: dict[str, ParamSpec] = Field(default_factory=dict)
    effects: EffectsSpec = Field(default_factory=EffectsSpec)
    profile: dict[str, Any] = Field(default_factory=dict)
    score: float = Field(default=0.8, ge=0.0, le=1.0)
    explanation: str
    examples: Examples

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not regex.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+", value):
            raise ValueError("ids look like 'family.kebab-name' (lower case, dots, hyphens)")
        return value

    @field_validator("triggers")
    @classmethod
    def _triggers_lower(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if any(t != t.lower() or not t or any(c.isspace() for c in t) for t in value):
            # A line break may stand between two words of the text, so a trigger with a
            # space could miss a real match.
            raise ValueError("triggers are single lower-case words or word stems, no spaces")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Rule:
        unknown = sorted(set(self.profile) - PROFILE_FIELDS)
        if unknown:
            raise ValueError(f"profile: unknown fields {unknown}")
        for field_name, value in self.profile.items():
            if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
                if value[1:-1] not in self.params:
                    raise ValueError(f"profile.{field_name} refers to unknown param {value}")
        if self.scope == "list-item" and self.lead_in is None:
            raise ValueError("scope 'list-item' needs a lead_in pattern")
        try:
            self.explanation.format_map(_Blank())
        except (ValueError, IndexError) as exc:
            raise ValueError(f"explanation is not a valid template: {exc}") from exc
        return self


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


class Kind(_Closed):
    """One kind of clause (TAXONOMY "Kinds"); rules name their kind by its id."""

    id: str
    family: str
    title: str
    taxonomy: str


class Kinds(_Closed):
    """The kind vocabulary of a rule pack (its ``_kinds.yaml``)."""

    kinds: list[Kind]


FAMILY_TITLES = {
    "grant": "Grants",
    "scope": "Scope of the licensed materials",
    "use": "Use restrictions",
    "scale": "Scale and persons",
    "redistribution": "Conditions on redistribution and derivatives",
    "outputs": "Outputs",
    "licensor": "Licensor powers and stability",
    "form": "Form",
}


class UseCategory(_Closed):
    """One class of prohibited use and the words that signal it."""

    id: str
    title: str
    patterns: list[str]


class UseCategories(_Closed):
    """The TAXONOMY classes of enumerated prohibited uses."""

    categories: list[UseCategory]


class Vocabulary(_Closed):
    """Vocabulary (``_vocab.yaml``): regex fragments a rule names as ``{{class}}`` in
    its patterns, so that one meaning is listed once; the frame classes, lemma phrases
    a ``frame:`` pattern names (:mod:`licenseparse.frames`); and, in the bundled file
    only, the modal cues."""

    classes: dict[str, list[str]] = Field(default_factory=dict)
    frames: dict[str, list[str]] = Field(default_factory=dict)
    cues: dict[Modality, list[str]] = Field(default_factory=dict)
    weak_cues: list[str] = Field(default_factory=list)

    @field_validator("classes")
    @classmethod
    def _fragments_compile(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, fragments in value.items():
            if not _CLASS_NAME.fullmatch(name) or not fragments:
                raise ValueError(f"class {name!r}: a lower-case name and at least one entry")
            for fragment in fragments:
                if _LOWER_ONLY.search(fragment):
                    raise ValueError(f"class {name!r}: write {fragment!r} in lower case")
                try:
                    regex.compile(fragment, regex.V0)
                except regex.error as exc:
                    raise ValueError(f"class {name!r}: {fragment!r} does not compile: "
                                     f"{exc}") from exc
        return value


_CLASS_NAME = regex.compile(r"[a-z][a-z0-9_]{0,40}")
_CLASS_REF = regex.compile(r"\{\{([a-z][a-z0-9_]{0,40})\}\}")


def _expand_vocabulary(data: Any, classes: dict[str, list[str]], missing: set[str]) -> Any:
    """Put each ``{{class}}`` of a rule's regexes in its place; names not found are
    collected in ``missing``."""
    if isinstance(data, dict):
        return {k: (_CLASS_REF.sub(lambda m: _class_alternation(m, classes, missing), v)
                    if k == "regex" and isinstance(v, str)
                    else _expand_vocabulary(v, classes, missing))
                for k, v in data.items()}
    if isinstance(data, list):
        return [_expand_vocabulary(v, classes, missing) for v in data]
    return data


def _class_alternation(m: regex.Match[str], classes: dict[str, list[str]],
                       missing: set[str]) -> str:
    fragments = classes.get(m.group(1))
    if fragments is None:
        missing.add(m.group(1))
        return "(?!)"
    return "(?:" + "|".join(fragments) + ")"


@functools.cache
def bundled_vocab() -> Vocabulary:
    """Return the bundled ``_vocab.yaml`` (empty when it does not load: its problems are
    reported with file and field when the bundled library itself is loaded)."""
    path = bundled_library_path() / "_vocab.yaml"
    if not path.is_file():
        return Vocabulary()
    try:
        return Vocabulary.model_validate(yaml.safe_load(path.read_bytes()))
    except (yaml.YAMLError, ValidationError):
        return Vocabulary()


def bundled_vocabulary() -> dict[str, list[str]]:
    """Return the bundled vocabulary classes (every pack may name them)."""
    return bundled_vocab().classes


def bundled_frame_classes() -> dict[str, list[str]]:
    """Return the bundled frame classes (every pack may name them)."""
    return bundled_vocab().frames


# ------------------------------------------------------------------------- modal cues
# The cues of the bundled _vocab.yaml (``cues:``, ``weak_cues:``), compiled once: the
# matcher reads a unit's modality from them and a frame is built from them.
@functools.cache
def bundled_cues() -> dict[Modality, tuple[str, ...]]:
    """Return the modal cues of the bundled ``_vocab.yaml`` by modality.

    Raises:
        RuleLibraryError: the cues are missing (the file's own problems are reported
            with file and field when the bundled library is loaded).
    """
    cues = bundled_vocab().cues
    if not cues:
        raise RuleLibraryError([Problem(path="_vocab.yaml", loc="cues",
                                        message="the modal cues are missing")])
    return {k: tuple(" ".join(p.split()) for p in v) for k, v in cues.items()}


@functools.cache
def cue_kinds() -> dict[str, Modality]:
    """Each cue phrase (words joined by one space) with its modality; a phrase listed
    under two modalities keeps the first in MODALITIES order."""
    out: dict[str, Modality] = {}
    cues = bundled_cues()
    for kind in MODALITIES:
        for phrase in cues.get(kind, ()):
            out.setdefault(" ".join(phrase.split()), kind)
    return out


@functools.cache
def cue_regex() -> Any:
    """Compile the cues grouped by first letter: the engine then dispatches on one
    character instead of trying every alternative at every position (twice as fast).
    At one position the longest cue wins, so "may not" beats "may"."""
    groups: dict[str, list[str]] = {}
    for phrase in sorted(cue_kinds(), key=len, reverse=True):
        groups.setdefault(phrase[0], []).append(phrase)
    branches = []
    for first, phrases in sorted(groups.items()):
        rests = [r"\s+".join(regex.escape(w) for w in p.split())[len(regex.escape(first)):]
                 for p in phrases]
        branches.append(f"{regex.escape(first)}(?:{'|'.join(rests)})")
    return regex.compile(r"\b(?:" + "|".join(branches) + r")\b")


@functools.cache
def _weak_cues() -> frozenset[str]:
    return frozenset(" ".join(c.split()) for c in bundled_vocab().weak_cues)


# What turns a weak cue into a prohibition: a word of permission within three words.
_PERMISSION_AFTER = regex.compile(
    r"[ \t\n]+(?:[\w-]+[ \t\n]+){0,2}?(?:permitted|allowed|authori[sz]ed|entitled|licensed|"
    r"granted|free[ \t\n]+to|"
    r"have[ \t\n]+(?:the[ \t\n]+|any[ \t\n]+)?(?:right|permission|licen[cs]e))\b")


def strong_cues(lowered: str, start: int, end: int) -> list[tuple[int, Modality]]:
    """The cues of ``lowered[start:end]`` a frame reads: weak cues (``weak_cues``) only
    when a word of permission follows or when they open the unit as an order."""
    weak = _weak_cues()
    kinds = cue_kinds()
    out: list[tuple[int, Modality]] = []
    # The permission word after a negation belongs to it: "are not permitted to" is one
    # prohibition, not a prohibition and then a permission.
    negated_until = -1
    for m in cue_regex().finditer(lowered, start, end):
        if m.start() < negated_until:
            continue
        matched = m.group()
        phrase = matched if matched in kinds else " ".join(matched.split())
        if phrase in weak:
            after = _PERMISSION_AFTER.match(lowered, m.end(), end)
            if after is not None:
                negated_until = after.end()
            elif lowered[start:m.start()].strip(" \t\n([{-*\u2022.0123456789"):
                continue
        out.append((m.start(), kinds[phrase]))
    return out


def cue_kind(matched: str) -> Modality:
    """The modality of a cue as the cue regex matched it."""
    kinds = cue_kinds()
    # Most cues are written with single spaces; only a line break between the words
    # needs the phrase rebuilt.
    return kinds.get(matched) or kinds[" ".join(matched.split())]


def cues_in(lowered: str, start: int, end: int) -> list[tuple[int, Modality]]:
    """Every cue inside ``lowered[start:end]`` with its offset."""
    kinds = cue_kinds()
    out = []
    for m in cue_regex().finditer(lowered, start, end):
        matched = m.group()
        out.append((m.start(), kinds.get(matched) or kinds[" ".join(matched.split())]))
    return out



@functools.cache
def bundled_kinds() -> dict[str, Kind]:
    """Return the bundled kind vocabulary, by id (every pack may use these kinds)."""
    path = bundled_library_path() / "_kinds.yaml"
    if not path.is_file():
        return {}
    try:
        kinds = Kinds.model_validate(yaml.safe_load(path.read_bytes())).kinds
    except (yaml.YAMLError, ValidationError):
        # Reported with file and field when the bundled library itself is loaded.
        return {}
    return {k.id: k for k in kinds}


def bundled_library_path() -> Path:
    """Return the bundled ``clause_library`` folder (wheel first, then a checkout)."""
    return _bundled("clause_library")


def bundled_corpora_path() -> Path:
    """Return the bundled ``corpora`` folder (wheel first, then a checkout)."""
    return _bundled("corpora")


def _bundled(name: str) -> Path:
    packaged = resources.files("licenseparse") / "_data" / name
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / name


class RuleLibrary:
    """The validated rules, in id order, with the digest of their files."""

    def __init__(
        self,
        rules: Iterable[Rule],
        categories: list[UseCategory],
        digest: str,
        sources: dict[str, str] | None = None,
        kinds: dict[str, Kind] | None = None,
        frame_classes: dict[str, list[str]] | None = None,
    ) -> None:
        self.rules: list[Rule] = sorted(rules, key=lambda r: r.id)
        self.frame_classes = {**bundled_frame_classes(), **(frame_classes or {})}
        self._lexicon: Any = None
        self.categories = categories
        self.digest = digest
        self.sources = sources or {}
        self.kinds: dict[str, Kind] = {**bundled_kinds(), **(kinds or {})}
        self._by_id = {rule.id: rule for rule in self.rules}
        # The word forms of each frame class entry a rule needs ("act.distribute",
        # "qual.commercial|act.sell") are found by the same trigger scan, so that a
        # unit lacking one is passed over before its frame is read.
        # Each frame pattern is gated by its two most selective entries (fewest and
        # longest forms): every further common word in the scan costs more than it saves.
        self.gate_forms: dict[str, frozenset[str]] = {}
        self.spec_gates: dict[int, tuple[str, ...]] = {}
        for rule in self.rules:
            for spec in _frame_specs(rule.match):
                options = {entry: frozenset().union(*(
                    class_triggers(self.frame_classes.get(n, [])) for n in entry.split("|")))
                    for entry in (*spec.has, *spec.does)}
                chosen = sorted(options, key=lambda e: (_trigger_cost(options[e]), e))[:2]
                self.spec_gates[id(spec)] = tuple(chosen)
                self.gate_forms.update((e, options[e]) for e in chosen)
        self.triggers = tuple(sorted({t for rule in self.rules for t in rule.triggers}
                                     | {f for forms in self.gate_forms.values() for f in forms}))
        self.trigger_index = {t: i for i, t in enumerate(self.triggers)}
        # For each entry, which triggers are its forms (indexed by trigger id).
        self.gate_masks: dict[str, Any] = {}
        for entry, forms in self.gate_forms.items():
            mask = numpy.zeros(len(self.triggers), dtype=bool)
            mask[[self.trigger_index[f] for f in forms]] = True
            self.gate_masks[entry] = mask
        self.trigger_lengths = numpy.array([len(t) for t in self.triggers], dtype=numpy.int64)
        self._automaton: Any = None
        # Whatever the matcher prepares once per library (compiled tests, rule plans).
        self.matcher_cache: dict[str, Any] = {}
        # For each trigger, the positions (in self.rules) of the rules it gates, as
        # compressed rows: rules_of_trigger[starts[t]:starts[t + 1]]. The matcher maps
        # trigger occurrences to candidate units of every rule in one array pass.
        index_of = {trigger: i for i, trigger in enumerate(self.triggers)}
        gated: list[list[int]] = [[] for _ in self.triggers]
        for position, rule in enumerate(self.rules):
            for trigger in set(rule.triggers):
                gated[index_of[trigger]].append(position)
        self.rules_of_trigger = numpy.array([r for rows in gated for r in rows],
                                            dtype=numpy.int64)
        self.rules_of_trigger_starts = numpy.cumsum(
            [0, *(len(rows) for rows in gated)], dtype=numpy.int64)
        # Every finding of a rule shares one immutable Effects object.
        self.effects = {
            rule.id: Effects(freedoms=dict(rule.effects.freedoms), osd=dict(rule.effects.osd),
                             osaid=dict(rule.effects.osaid))
            for rule in self.rules
        }

    def trigger_automaton(self) -> Any:
        """Return an Aho-Corasick automaton over every trigger (built once, on demand).

        Its ``iter(text)`` yields ``(end index, trigger index)`` for every occurrence,
        overlapping ones included, in a single pass.
        """
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            for index, trigger in enumerate(self.triggers):
                automaton.add_word(trigger, index)
            if self.triggers:
                automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def lexicon(self) -> Any:
        """Return the frame classes compiled for matching (built once, on demand)."""
        if self._lexicon is None:
            self._lexicon = Lexicon(self.frame_classes)
        return self._lexicon

    def __len__(self) -> int:
        return len(self.rules)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._by_id

    def get(self, rule_id: str) -> Rule:
        """Return the rule with this id.

        Raises:
            RuleNotFoundError: no such rule.
        """
        try:
            return self._by_id[rule_id]
        except KeyError:
            raise RuleNotFoundError(f"no rule with id {rule_id!r}") from None

    def only(self, rule_id: str) -> RuleLibrary:
        """Return a library holding just one rule (for running its examples)."""
        return RuleLibrary([self.get(rule_id)], self.categories, self.digest, self.sources,
                           self.kinds, self.frame_classes)

    def by_kind(self) -> list[tuple[Kind, list[Rule]]]:
        """Return the kinds that have rules, in vocabulary order, each with its rules."""
        order = {kind_id: index for index, kind_id in enumerate(self.kinds)}
        groups: dict[str, list[Rule]] = {}
        for rule in self.rules:
            groups.setdefault(rule.kind, []).append(rule)
        return [(self.kinds[k], groups[k]) for k in sorted(groups, key=order.__getitem__)]

    def merged(self, other: RuleLibrary) -> RuleLibrary:
        """Return the union of two libraries; a duplicate id is an error, never an override.

        Raises:
            RuleLibraryError: both libraries define the same id.
        """
        clashes = sorted(set(self._by_id) & set(other._by_id))
        if clashes:
            raise RuleLibraryError(
                [
                    Problem(path=other.sources.get(c, "?"), loc="id",
                            message=f"duplicate rule id {c!r} (already in {self.sources.get(c)})")
                    for c in clashes
                ]
            )
        digest = hashlib.sha256((self.digest + other.digest).encode()).hexdigest()
        return RuleLibrary(
            [*self.rules, *other.rules],
            self.categories or other.categories,
            digest,
            {**self.sources, **other.sources},
            {**self.kinds, **other.kinds},
            {**self.frame_classes, **other.frame_classes},
        )

    @classmethod
    def from_path(cls, root: str | os.PathLike[str]) -> RuleLibrary:
        """Load and validate every rule file below ``root``.

        Raises:
            RuleLibraryError: with every problem found, each naming file and field.
        """
        root_path = Path(root)
        problems: list[Problem] = []
        if not root_path.is_dir():
            raise RuleLibraryError(
                [Problem(path=str(root_path), loc="", message="not a directory of rules")]
            )
        rules: list[Rule] = []
        sources: dict[str, str] = {}
        hasher = hashlib.sha256()
        categories: list[UseCategory] = []
        kinds = dict(bundled_kinds())
        vocabulary = dict(bundled_vocabulary())
        frame_classes = dict(bundled_frame_classes())
        # A pack's own classes are read before its rules, wherever the file sorts.
        pack_vocab = root_path / "_vocab.yaml"
        if pack_vocab.is_file():
            try:
                pack = Vocabulary.model_validate(yaml.safe_load(pack_vocab.read_bytes()))
                vocabulary.update(pack.classes)
                frame_classes.update(pack.frames)
                problems.extend(check_frame_classes(pack.frames, "_vocab.yaml"))
            except yaml.YAMLError as exc:
                problems.append(Problem(path="_vocab.yaml", loc="",
                                        message=f"YAML does not parse: {exc}"))
            except ValidationError as exc:
                problems.extend(_problems("_vocab.yaml", exc))
        for path in sorted(root_path.rglob("*.yaml")):
            rel = path.relative_to(root_path).as_posix()
            raw = path.read_bytes()
            hasher.update(rel.encode() + b"\0" + raw + b"\0")
            try:
                data = yaml.safe_load(raw)
            except yaml.YAMLError as exc:
                problems.append(Problem(path=rel, loc="", message=f"YAML does not parse: {exc}"))
                continue
            if path.name.startswith("_"):
                if path.name == "_use_categories.yaml":
                    try:
                        categories = UseCategories.model_validate(data).categories
                    except ValidationError as exc:
                        problems.extend(_problems(rel, exc))
                elif path.name == "_kinds.yaml":
                    try:
                        kinds.update((k.id, k) for k in Kinds.model_validate(data).kinds)
                    except ValidationError as exc:
                        problems.extend(_problems(rel, exc))
                continue
            expected_id = rel[: -len(".yaml")].replace("/", ".")
            if not isinstance(data, dict):
                problems.append(Problem(path=rel, loc="", message="a rule file holds a mapping"))
                continue
            missing: set[str] = set()
            data = _expand_vocabulary(data, vocabulary, missing)
            if missing:
                problems.append(Problem(
                    path=rel, loc="regex",
                    message=f"unknown vocabulary class {', '.join(sorted(missing))}: "
                            "use a class of the bundled _vocab.yaml or declare it in the "
                            "pack's own _vocab.yaml"))
                continue
            try:
                rule = Rule.model_validate(data)
            except ValidationError as exc:
                problems.extend(_problems(rel, exc))
                continue
            if rule.id != expected_id:
                problems.append(
                    Problem(path=rel, loc="id",
                            message=f"id {rule.id!r} must match the file path: {expected_id!r}")
                )
                continue
            problems.extend(_check_tokens(rel, rule))
            if not rule.triggers and uses_frames(rule.match):
                derived = _frame_triggers(rule.match, frame_classes)
                if derived:
                    rule = rule.model_copy(update={"triggers": tuple(sorted(derived))})
            rules.append(rule)
            sources[rule.id] = str(path)
        # Kinds are checked after the whole folder is read: _kinds.yaml may sort last.
        for rule in rules:
            unknown = sorted({
                c for node in (rule.match, rule.context, rule.unless, rule.unless_clause,
                               rule.lead_in)
                for spec in _frame_specs(node) for c in spec.classes()
                if c not in frame_classes})
            if unknown:
                problems.append(Problem(
                    path=Path(sources[rule.id]).relative_to(root_path).as_posix(),
                    loc="match.frame",
                    message=f"unknown frame class {', '.join(unknown)}: use a class of the "
                            "bundled _vocab.yaml (frames:) or declare it in the pack's own"))
            if rule.kind not in kinds:
                problems.append(Problem(
                    path=Path(sources[rule.id]).relative_to(root_path).as_posix(), loc="kind",
                    message=f"unknown kind {rule.kind!r}: use a kind of the bundled "
                            "_kinds.yaml or declare it in the pack's own _kinds.yaml"))
        if problems:
            raise RuleLibraryError(sorted(problems, key=lambda p: (p.path, p.loc)))
        return cls(rules, categories, hasher.hexdigest(), sources, kinds, frame_classes)


def _frame_specs(node: Pattern | None) -> Iterator[FrameSpec]:
    """Every frame pattern inside a pattern tree."""
    if node is None:
        return
    if node.frame is not None:
        yield node.frame
    for child in (*(node.any or []), *(node.all or []), *([node.not_] if node.not_ else [])):
        yield from _frame_specs(child)


def _frame_triggers(node: Pattern, classes: dict[str, list[str]]) -> frozenset[str] | None:
    """Triggers for a rule that reads frames and names none: the forms of the words that
    open a class every match needs (the class with fewest and longest forms), so its units are
    found by the one trigger scan of the text. None when no such set exists (a regex
    branch with no triggers, a negation)."""
    if node.frame is not None:
        options = []
        for entry in (*node.frame.has, *node.frame.does):
            names = entry.split("|")
            if all(n in classes for n in names):
                options.append(frozenset().union(*(class_triggers(classes[n]) for n in names)))
        return min(options, key=_trigger_cost, default=None)
    if node.any is not None:
        parts = [_frame_triggers(child, classes) for child in node.any]
        return None if any(p is None for p in parts) else frozenset().union(*parts)  # type: ignore[arg-type]
    if node.all is not None:
        found = [p for p in (_frame_triggers(c, classes) for c in node.all) if p is not None]
        return min(found, key=_trigger_cost, default=None)
    return None


def _trigger_cost(triggers: frozenset[str]) -> int:
    # A short trigger ("for", "in", "to") is inside most sentences and gates nothing.
    return sum(100 if len(t) <= 3 else 1 for t in triggers)


def uses_frames(node: Pattern | None) -> bool:
    """Whether a pattern tree holds a frame pattern."""
    return next(_frame_specs(node), None) is not None


def _problems(rel: str, exc: ValidationError) -> list[Problem]:
    out = []
    for error in exc.errors():
        loc = ".".join(str(part) for part in error["loc"])
        out.append(Problem(path=rel, loc=loc, message=error["msg"]))
    return out


def _check_tokens(rel: str, rule: Rule) -> list[Problem]:
    """Validate spaCy token patterns with spaCy's own schema."""
    from spacy.matcher import Matcher

    from licenseparse.segment import build_pipeline

    problems: list[Problem] = []
    for index, pattern in enumerate(_token_patterns(rule.match)):
        matcher = Matcher(build_pipeline().vocab, validate=True)
        try:
            matcher.add(f"p{index}", [pattern])
        except Exception as exc:  # spaCy raises MatchPatternError / ValueError variants
            problems.append(Problem(path=rel, loc=f"match.tokens[{index}]", message=str(exc)))
    return problems


def _token_patterns(pattern: Pattern) -> Iterator[list[dict[str, Any]]]:
    if pattern.tokens is not None:
        yield from pattern.tokens
    for child in [*(pattern.any or []), *(pattern.all or [])]:
        yield from _token_patterns(child)
    if pattern.not_ is not None:
        yield from _token_patterns(pattern.not_)


@functools.lru_cache(maxsize=8)
def load_library(*roots: str) -> RuleLibrary:
    """Return the bundled library, merged with user packs under ``roots``.

    The result is cached per set of roots: rule files are read once per process.

    Raises:
        RuleLibraryError: a pack is invalid or repeats an id.
    """
    library = RuleLibrary.from_path(bundled_library_path())
    for root in roots:
        library = library.merged(RuleLibrary.from_path(root))
    unknown = [
        Problem(path=library.sources.get(rule.id, "?"), loc="superseded_by.rules",
                message=f"unknown rule id {other!r}")
        for rule in library if rule.superseded_by
        for other in rule.superseded_by.rules if other not in library
    ]
    if unknown:
        raise RuleLibraryError(unknown)
    return library


def phrase_regex(phrase: str) -> str:
    """Turn a phrase into a lower-case regex with flexible white space and word edges.

    Example:
        >>> phrase_regex("Built with")
        '\\\\bbuilt\\\\s+with\\\\b'
    """
    words = [regex.escape(w) for w in _SPACE.split(phrase.strip().lower())]
    body = r"\s+".join(words)
    left = r"\b" if regex.match(r"\w", phrase.strip()) else ""
    right = r"\b" if regex.search(r"\w$", phrase.strip()) else ""
    return f"{left}{body}{right}"

"""Compare licences: what one allows or forbids that another does not, with quotes.

The question this answers: "what changed from Llama 2 to Llama 3.1?" or "how do the
Llama and Gemma terms differ?". Both texts are analysed and compared on four levels:

1. **Profile**: every field of :class:`~licenseparse.models.Profile` whose value
   differs, quoted from the findings each side's value rests on.
2. **Verdicts**: every FSF freedom, OSD criterion and OSAID freedom whose status
   differs.
3. **Findings**: rules found on one side only, or found on both with a different rule
   of the same kind, modality or parameters (``param_changes``). Findings with the same
   rule, modality and parameters are the same finding, wherever and however often they
   occur: rewording is reported by the clause alignment, not here.
4. **Clauses**: the two clause lists aligned by text (the alignment of
   :mod:`licenseparse.identify`, numbering aside) and then by rule kinds, so a clause
   that moved and was reworded but still produces the same kinds of findings pairs
   with its counterpart; changed pairs carry a word diff.

Every difference also becomes one plain sentence (``Comparison.sentences``) a reviewer
can paste into a memo. Like everything else, a comparison decides nothing by licence
name: only texts and findings count.

Example:
    >>> from licenseparse.compare import compare
    >>> c = compare("You may not use the Software for commercial purposes.",
    ...             "You may use the Software for any purpose.")
    >>> c.identical
    False
    >>> [p.field for p in c.profile_changes]
    ['grant_use', 'patent_grant', 'commercial_use', 'noncommercial_or_research_only']
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from licenseparse.assess import FREEDOM_TITLES, OSAID_TITLES, OSD_TITLES
from licenseparse.identify import (
    WordOp,
    _align_clauses,
    _classify,
    _diff,
    _Doc,
    _match_findings,
    _merge_shifted,
    _Unit,
    _word_diff,
)
from licenseparse.library import RuleLibrary, load_library
from licenseparse.models import Analysis, Finding, Profile
from licenseparse.pipeline import Source, analyze
from licenseparse.report import _ENV, _value_text

__all__ = [
    "ClausePair",
    "CommonGround",
    "Comparison",
    "FindingChange",
    "FindingRef",
    "Matrix",
    "MatrixRow",
    "ProfileChange",
    "QuoteRef",
    "VerdictChange",
    "chain",
    "compare",
    "matrix",
    "render_chain_md",
    "render_comparison_md",
    "render_matrix_md",
]

# Quotes in sentences are cut to about this many characters: a memo line, not a clause.
QUOTE_CHARS = 200
# Quotes per side in a profile sentence; the change object keeps them all.
SENTENCE_QUOTES = 2
# Leftover clauses (no counterpart after the text alignment) pair up when their word
# similarity reaches PAIR_TEXT, or PAIR_KINDS when they also produce the same rule kinds.
PAIR_TEXT = 0.6
PAIR_KINDS = 0.3

# Display titles of the profile fields, in the Profile's field order (a test checks that
# every field has one).
PROFILE_TITLES: dict[str, str] = {
    "grant_use": "Grant of use",
    "grant_redistribute": "Grant of redistribution",
    "grant_modify": "Grant of modification",
    "patent_grant": "Explicit patent grant",
    "commercial_use": "Commercial use",
    "noncommercial_or_research_only": "Non-commercial or research use only",
    "mau_threshold": "Monthly active user cap",
    "revenue_threshold": "Revenue cap",
    "other_scale_threshold": "Other scale threshold",
    "use_policy_incorporated": "Use policy incorporated by reference",
    "terms_unilaterally_updatable": "Licensor may change the terms",
    "enumerated_use_restrictions": "Listed prohibited uses",
    "use_restriction_flowdown": "Use restrictions must flow down to recipients",
    "remote_restriction": "Licensor may restrict use remotely",
    "derivative_naming": "Naming rule for derivatives",
    "attribution_display": "Attribution display",
    "notice_or_license_copy_required": "Notice or licence copy required",
    "output_model_training": "Training other models on outputs",
    "competing_use_restriction": "Competing use banned",
    "geographic_exclusion": "Geographic exclusion",
    "military_use_prohibited": "Military use prohibited",
    "licensor_claims_outputs": "Licensor claims rights in outputs",
    "ip_litigation_termination": "Termination on IP litigation",
    "clickwrap_or_use_acceptance": "Acceptance by click or by use",
    "governing_law": "Governing law",
    "must_update_to_latest": "Must update to the latest version",
    "share_alike": "Share-alike",
    "source_disclosure": "Source disclosure",
    "no_derivatives": "No derivatives",
}

_FRAMEWORKS: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("freedoms", "FSF", FREEDOM_TITLES),
    ("osd", "OSD", {k: f"{k}. {v}" for k, v in OSD_TITLES.items()}),
    ("osaid", "OSAID", {k: f"{k}: {v}" for k, v in OSAID_TITLES.items()}),
)

# Profile values that say "nothing found": not common ground worth a sentence.
_EMPTY_VALUES: tuple[Any, ...] = (None, False, "unclear", "silent", [], "")

Framework = Literal["freedoms", "osd", "osaid"]
ClauseStatus = Literal["unchanged", "changed", "only_a", "only_b"]
FindingStatus = Literal["only_a", "only_b", "changed"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class QuoteRef(_Model):
    """A finding's evidence, short: where it is and what it says."""

    finding: str
    clause_path: str
    quote: str
    document: str | None = None


class FindingRef(_Model):
    """One side of a finding change."""

    id: str
    rule_id: str
    rule_title: str
    kind: str
    modality: str
    clause_path: str
    quote: str
    params: dict[str, Any] = Field(default_factory=dict)
    document: str | None = None


class ProfileChange(_Model):
    """A profile field whose value differs, with the evidence of each side."""

    field: str
    title: str
    a_value: Any
    b_value: Any
    a_display: str
    b_display: str
    a_quotes: list[QuoteRef] = Field(default_factory=list)
    b_quotes: list[QuoteRef] = Field(default_factory=list)
    sentence: str


class VerdictChange(_Model):
    """A freedom or criterion whose status differs."""

    framework: Framework
    item: str
    title: str
    a_status: str
    b_status: str
    a_reason: str
    b_reason: str
    sentence: str


class FindingChange(_Model):
    """A finding on one side only, or the same kind of finding changed."""

    status: FindingStatus
    kind: str
    kind_title: str
    rule_id: str
    a: FindingRef | None = None
    b: FindingRef | None = None
    # Parameter name -> [value in A, value in B]; None where a side lacks it.
    param_changes: dict[str, list[Any]] = Field(default_factory=dict)
    sentence: str


class ClausePair(_Model):
    """Two aligned clause groups (either side may be empty)."""

    status: ClauseStatus
    a_path: str | None = None
    b_path: str | None = None
    a_text: str | None = None
    b_text: str | None = None
    similarity: float = Field(ge=0.0, le=1.0)
    # ``reference`` is A's text, ``query`` B's; only for changed pairs.
    word_diff: list[WordOp] = Field(default_factory=list)
    # Differences that change no word (quotes, case, white space, markup), if any.
    cosmetic: list[str] = Field(default_factory=list)
    a_kinds: list[str] = Field(default_factory=list)
    b_kinds: list[str] = Field(default_factory=list)
    sentence: str | None = None


class CommonGround(_Model):
    """A profile fact both licences share."""

    field: str
    title: str
    value: str
    a_quotes: list[QuoteRef] = Field(default_factory=list)
    b_quotes: list[QuoteRef] = Field(default_factory=list)
    sentence: str


class Comparison(_Model):
    """What differs between licence A and licence B, and what they share."""

    a_label: str
    b_label: str
    a: Analysis = Field(exclude=True, repr=False)
    b: Analysis = Field(exclude=True, repr=False)
    profile_changes: list[ProfileChange] = Field(default_factory=list)
    verdict_changes: list[VerdictChange] = Field(default_factory=list)
    finding_changes: list[FindingChange] = Field(default_factory=list)
    clauses: list[ClausePair] = Field(default_factory=list)
    common_ground: list[CommonGround] = Field(default_factory=list)
    sentences: list[str] = Field(default_factory=list)
    # No profile, verdict, finding or clause difference.
    identical: bool


class MatrixRow(_Model):
    """One profile field or verdict across every licence of a matrix."""

    group: Literal["profile", "freedoms", "osd", "osaid"]
    key: str
    title: str
    values: list[str]
    differs: bool


class Matrix(_Model):
    """Profile fields and verdicts side by side, one column per licence."""

    columns: list[str]
    rows: list[MatrixRow]


# ------------------------------------------------------------------------ helpers


def _short(text: str, limit: int = QUOTE_CHARS) -> str:
    """Collapse white space and cut at a word boundary near ``limit``."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut + "…"


def _labels(items: Sequence[Analysis]) -> list[str]:
    """Name each analysis by its known licence id or source, unique within the list."""
    base = [a.known_licence or a.source or "input text" for a in items]
    counts: dict[str, int] = {}
    for label in base:
        counts[label] = counts.get(label, 0) + 1
    if len(items) == 2 and base[0] == base[1]:
        return [f"{base[0]} (A)", f"{base[1]} (B)"]
    seen: dict[str, int] = {}
    out = []
    for label in base:
        if counts[label] > 1:
            seen[label] = seen.get(label, 0) + 1
            label = f"{label} (#{seen[label]})"
        out.append(label)
    return out


def _where(f: Finding) -> str:
    return f"{f.document}: {f.clause_path}" if f.document else f.clause_path


def _quote_ref(f: Finding) -> QuoteRef:
    return QuoteRef(finding=f.id, clause_path=f.clause_path, quote=_short(f.quote),
                    document=f.document)


def _finding_ref(f: Finding) -> FindingRef:
    return FindingRef(id=f.id, rule_id=f.rule_id, rule_title=f.rule_title, kind=f.kind,
                      modality=f.modality, clause_path=f.clause_path,
                      quote=_short(f.quote), params=f.params, document=f.document)


def _cited(quotes: Sequence[QuoteRef]) -> str:
    """`` (1.b.v: "...")`` for the first quotes, or nothing."""
    if not quotes:
        return ""
    shown = "; ".join(
        f'{q.document + ": " if q.document else ""}{q.clause_path}: "{q.quote}"'
        for q in quotes[:SENTENCE_QUOTES])
    more = len(quotes) - SENTENCE_QUOTES
    return f" ({shown}{f'; and {more} more' if more > 0 else ''})"


def _param_phrase(name: str, value: Any) -> str:
    # The parameters reviewers ask about get words; the rest are named as they are.
    if name == "naming":
        return f'the naming rule "{value}" prefix'
    if name == "name":
        return f'the name "{value}"'
    if name == "phrase":
        return f'the display "{value}"'
    if name == "users" and isinstance(value, int):
        return f"{value:,} users"
    return f"{name.replace('_', ' ')} {_value_text(value)}"


def _evidence(a: Analysis, field: str) -> list[Finding]:
    by_id = {f.id: f for f in a.findings}
    return [by_id[i] for i in a.profile_evidence.get(field, []) if i in by_id]


# ----------------------------------------------------------------------- profile


def _profile_changes(a: Analysis, b: Analysis, a_label: str, b_label: str,
                     ) -> tuple[list[ProfileChange], list[CommonGround]]:
    changes: list[ProfileChange] = []
    common: list[CommonGround] = []
    a_dump = a.profile.model_dump(mode="json")
    b_dump = b.profile.model_dump(mode="json")
    for field in Profile.model_fields:
        title = PROFILE_TITLES.get(field, field.replace("_", " "))
        a_value, b_value = a_dump[field], b_dump[field]
        a_ev, b_ev = _evidence(a, field), _evidence(b, field)
        a_quotes = [_quote_ref(f) for f in a_ev]
        b_quotes = [_quote_ref(f) for f in b_ev]
        a_display, b_display = _value_text(a_value), _value_text(b_value)
        if a_value == b_value:
            if a_value not in _EMPTY_VALUES and (a_quotes or b_quotes):
                common.append(CommonGround(
                    field=field, title=title, value=a_display, a_quotes=a_quotes,
                    b_quotes=b_quotes,
                    sentence=(f"{title}: {a_display} in both, {a_label}{_cited(a_quotes)} "
                              f"and {b_label}{_cited(b_quotes)}.")))
            continue
        a_part = f"{a_display} in {a_label}{_cited(a_quotes)}"
        b_part = f"{b_display} in {b_label}{_cited(b_quotes)}"
        joint = " → " if a_quotes and b_quotes else "; "
        extra = _extra_params(a_ev, b_ev)
        changes.append(ProfileChange(
            field=field, title=title, a_value=a_value, b_value=b_value,
            a_display=a_display, b_display=b_display, a_quotes=a_quotes,
            b_quotes=b_quotes,
            sentence=f"{title}: {a_part}{joint}{b_part}{extra}."))
    return changes, common


def _extra_params(a_ev: Sequence[Finding], b_ev: Sequence[Finding]) -> str:
    """``, with ...`` for parameters of B's evidence that A's lacks (or the reverse)."""
    def params(findings: Sequence[Finding]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in findings:
            for k, v in f.params.items():
                out.setdefault(k, v)
        return out

    a_params, b_params = params(a_ev), params(b_ev)
    # Only parameters that qualify a rule (a naming condition on training, say), not the
    # value already shown as the field's value.
    qualifying = ("naming", "name", "phrase")
    added = [_param_phrase(k, v) for k, v in b_params.items()
             if k in qualifying and a_params.get(k) != v]
    dropped = [_param_phrase(k, v) for k, v in a_params.items()
               if k in qualifying and b_params.get(k) != v]
    text = ""
    if added:
        text += ", with " + " and ".join(added)
    if dropped:
        text += ", no longer with " + " and ".join(dropped)
    return text


# ---------------------------------------------------------------------- verdicts


def _verdict_changes(a: Analysis, b: Analysis, a_label: str, b_label: str,
                     ) -> list[VerdictChange]:
    changes = []
    for framework, name, titles in _FRAMEWORKS:
        a_items = getattr(a.verdicts, framework)
        b_items = getattr(b.verdicts, framework)
        for item in titles:
            va, vb = a_items.get(item), b_items.get(item)
            if va is None or vb is None or va.status == vb.status:
                continue
            title = f"{name} {titles[item]}" if framework != "freedoms" else titles[item]
            changes.append(VerdictChange(
                framework=framework, item=item, title=title, a_status=va.status,
                b_status=vb.status, a_reason=va.reason, b_reason=vb.reason,
                sentence=(f"{title}: {va.status} in {a_label} ({_short(va.reason)}) → "
                          f"{vb.status} in {b_label} ({_short(vb.reason)}).")))
    return changes


# ---------------------------------------------------------------------- findings


def _signature(f: Finding) -> tuple[str, str, str]:
    return f.rule_id, f.modality, repr(sorted(f.params.items()))


def _finding_changes(a: Analysis, b: Analysis, a_label: str, b_label: str,
                     kind_titles: dict[str, str]) -> list[FindingChange]:
    # Same rule and same normalised quote: the same finding (identify's policy).
    b_only, a_only = _match_findings(b.findings, {c.id: c for c in b.clauses},
                                     a.findings, {c.id: c for c in a.clauses}, ())
    # Same rule, modality and parameters elsewhere on the other side: nothing changed
    # that a finding can show; the clause alignment reports the rewording.
    a_sigs = {_signature(f) for f in a.findings}
    b_sigs = {_signature(f) for f in b.findings}
    left = _first_per_signature(f for f in a_only if _signature(f) not in b_sigs)
    right = _first_per_signature(f for f in b_only if _signature(f) not in a_sigs)

    changes: list[FindingChange] = []
    used: set[int] = set()
    for fa in left:
        match = _counterpart(fa, right, used)
        if match is None:
            changes.append(_one_sided("only_a", fa, a_label, b_label, kind_titles))
            continue
        used.add(match)
        changes.append(_changed(fa, right[match], a_label, b_label, kind_titles))
    for n, fb in enumerate(right):
        if n not in used:
            changes.append(_one_sided("only_b", fb, a_label, b_label, kind_titles))
    order = {"changed": 0, "only_a": 1, "only_b": 2}
    return sorted(changes, key=lambda c: (c.kind, order[c.status], c.rule_id,
                                          c.a.id if c.a else "", c.b.id if c.b else ""))


def _first_per_signature(findings: Iterable[Finding]) -> list[Finding]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for f in findings:
        if _signature(f) not in seen:
            seen.add(_signature(f))
            out.append(f)
    return out


def _counterpart(fa: Finding, right: Sequence[Finding], used: set[int]) -> int | None:
    """The other side's finding of the same rule, else of the same kind."""
    for attribute in ("rule_id", "kind"):
        for n, fb in enumerate(right):
            if n not in used and getattr(fb, attribute) == getattr(fa, attribute):
                return n
    return None


def _one_sided(status: FindingStatus, f: Finding, a_label: str, b_label: str,
               kind_titles: dict[str, str]) -> FindingChange:
    here, there = (a_label, b_label) if status == "only_a" else (b_label, a_label)
    title = kind_titles.get(f.kind, f.rule_title)
    params = ""
    if f.params:
        params = ", " + ", ".join(_param_phrase(k, v) for k, v in sorted(f.params.items()))
    sentence = (f"{title} ({f.rule_title}, {f.modality}{params}): in {here} "
                f'({_where(f)}: "{_short(f.quote)}"); not in {there}.')
    ref = _finding_ref(f)
    return FindingChange(status=status, kind=f.kind, kind_title=title, rule_id=f.rule_id,
                         a=ref if status == "only_a" else None,
                         b=ref if status == "only_b" else None, sentence=sentence)


def _changed(fa: Finding, fb: Finding, a_label: str, b_label: str,
             kind_titles: dict[str, str]) -> FindingChange:
    title = kind_titles.get(fa.kind, fa.rule_title)
    params = {k: [fa.params.get(k), fb.params.get(k)]
              for k in sorted(set(fa.params) | set(fb.params))
              if fa.params.get(k) != fb.params.get(k)}
    what = []
    if fa.rule_id != fb.rule_id:
        what.append(f'rule "{fa.rule_title}" → "{fb.rule_title}"')
    if fa.modality != fb.modality:
        what.append(f"{fa.modality} → {fb.modality}")
    for k, (va, vb) in params.items():
        what.append(f"{k.replace('_', ' ')} {_value_text(va)} → {_value_text(vb)}")
    sentence = (f"{title}: {'; '.join(what)}. {a_label} ({_where(fa)}: "
                f'"{_short(fa.quote)}"); {b_label} ({_where(fb)}: "{_short(fb.quote)}").')
    rule = fa.rule_id if fa.rule_id == fb.rule_id else f"{fa.rule_id} → {fb.rule_id}"
    return FindingChange(status="changed", kind=fa.kind, kind_title=title, rule_id=rule,
                         a=_finding_ref(fa), b=_finding_ref(fb), param_changes=params,
                         sentence=sentence)


# ----------------------------------------------------------------------- clauses


def _documents(a: Analysis) -> list[tuple[str, str | None, Analysis]]:
    """(role, document name, analysis) per document; one for a plain text."""
    if a.bundle is None:
        return [("licence", None, a)]
    return [(d.role, d.name, d.analysis) for d in a.bundle.documents]


def _kinds_of(analysis: Analysis, doc: _Doc, numbers: Sequence[int]) -> list[str]:
    ids = {doc.clauses[n].id for n in numbers}
    return sorted({f.kind for f in analysis.findings if f.clause_id in ids})


def _similarity(unit: _Unit) -> float:
    total = len(unit.ref_idx) + len(unit.query_idx)
    if not unit.paired or not total:
        return 0.0
    same = sum(i2 - i1 for tag, i1, i2, _, _ in unit.ops if tag == "equal")
    return round(2 * same / total, 3)


def _pair_leftovers(ref: _Doc, query: _Doc, units: list[_Unit], a: Analysis, b: Analysis,
                    ) -> list[_Unit]:
    """Pair clauses the text alignment left alone by similarity and rule kinds.

    The text alignment pairs clauses in order; a clause moved elsewhere (Llama 2's
    1.b.v folded into Llama 3.1's 1.b.i) is left on its own on both sides. Such
    leftovers pair up when their words are alike, or somewhat alike and they produce
    the same kinds of findings.
    """
    lone_a = [n for n, u in enumerate(units) if u.ref_clauses and not u.query_clauses]
    lone_b = [n for n, u in enumerate(units) if u.query_clauses and not u.ref_clauses]
    scored = []
    for i in lone_a:
        ka = set(_kinds_of(a, ref, units[i].ref_clauses))
        ra = [ref.norms[k] for k in units[i].ref_idx]
        for j in lone_b:
            kb = set(_kinds_of(b, query, units[j].query_clauses))
            rb = [query.norms[k] for k in units[j].query_idx]
            if not ra or not rb:
                continue
            ratio = difflib.SequenceMatcher(None, ra, rb, autojunk=False).ratio()
            kinds_alike = bool(ka) and len(ka & kb) / len(ka | kb) >= 0.5
            if ratio >= PAIR_TEXT or (kinds_alike and ratio >= PAIR_KINDS):
                scored.append((-ratio - (1.0 if kinds_alike else 0.0), i, j))
    taken_a: set[int] = set()
    taken_b: set[int] = set()
    merged: dict[int, _Unit] = {}
    for _, i, j in sorted(scored):
        if i in taken_a or j in taken_b:
            continue
        taken_a.add(i)
        taken_b.add(j)
        unit = _Unit(units[i].ref_clauses, units[j].query_clauses, units[i].ref_idx,
                     units[j].query_idx)
        unit.ops = _diff([ref.norms[k] for k in unit.ref_idx],
                         [query.norms[k] for k in unit.query_idx])
        merged[j] = unit
    # The pair takes B's place in the order; A's lone unit goes.
    return [merged.get(n, u) for n, u in enumerate(units) if n not in taken_a]


def _split_unlike(ref: _Doc, query: _Doc, units: list[_Unit], a: Analysis, b: Analysis,
                  ) -> list[_Unit]:
    """Undo pairs that share few words and no rule kind.

    The text alignment was built for two versions of one licence, where any clause
    left in place pairs with what replaced it. Between different licences that pairs
    unrelated clauses ("Meta" defined with the Gemma title); such pairs go back to
    being clauses on one side only, for :func:`_pair_leftovers` to try again.
    """
    out: list[_Unit] = []
    for unit in units:
        alike = set(_kinds_of(a, ref, unit.ref_clauses)) & set(
            _kinds_of(b, query, unit.query_clauses))
        if not unit.paired or alike or _similarity(unit) >= PAIR_KINDS:
            out.append(unit)
            continue
        out.extend(_Unit([i], [], ref.tokens_of([i]), []) for i in unit.ref_clauses)
        out.extend(_Unit([], [j], [], query.tokens_of([j])) for j in unit.query_clauses)
    return out


def _text_of(doc: _Doc, numbers: Sequence[int]) -> str | None:
    if not numbers:
        return None
    return doc.text[doc.clauses[numbers[0]].start:doc.clauses[numbers[-1]].end]


def _path_of(doc: _Doc, numbers: Sequence[int], document: str | None) -> str | None:
    if not numbers:
        return None
    path = "+".join(doc.clauses[n].path for n in numbers)
    return f"{document}: {path}" if document else path


def _diff_summary(ops: Sequence[WordOp], limit: int = 3) -> str:
    parts = []
    for op in ops:
        if op.op == "delete":
            parts.append(f'removed "{_short(op.reference, 80)}"')
        elif op.op == "insert":
            parts.append(f'added "{_short(op.query, 80)}"')
        elif op.op == "replace":
            parts.append(f'"{_short(op.reference, 60)}" → "{_short(op.query, 60)}"')
    more = len(parts) - limit
    return "; ".join(parts[:limit]) + (f"; and {more} more" if more > 0 else "")


def _clause_pairs(a: Analysis, b: Analysis, a_label: str, b_label: str) -> list[ClausePair]:
    pairs: list[ClausePair] = []
    a_docs, b_docs = _documents(a), _documents(b)
    used_b: set[int] = set()
    matched: list[tuple[tuple[str, str | None, Analysis] | None,
                        tuple[str, str | None, Analysis] | None]] = []
    for doc_a in a_docs:
        # Same document name first (a bundle's LICENSE with the other's LICENSE), then
        # the first unused document of the same role.
        candidates = [n for n, d in enumerate(b_docs) if n not in used_b and d[1] == doc_a[1]]
        candidates += [n for n, d in enumerate(b_docs) if n not in used_b and d[0] == doc_a[0]]
        if candidates:
            used_b.add(candidates[0])
            matched.append((doc_a, b_docs[candidates[0]]))
        else:
            matched.append((doc_a, None))
    matched += [(None, d) for n, d in enumerate(b_docs) if n not in used_b]
    for side_a, side_b in matched:
        pairs.extend(_align_documents(side_a, side_b, a_label, b_label))
    return pairs


def _align_documents(doc_a: tuple[str, str | None, Analysis] | None,
                     doc_b: tuple[str, str | None, Analysis] | None,
                     a_label: str, b_label: str) -> list[ClausePair]:
    an = doc_a[2] if doc_a else None
    bn = doc_b[2] if doc_b else None
    ref = _Doc.of(an.original, an.clauses) if an else _Doc("")
    query = _Doc.of(bn.original, bn.clauses) if bn else _Doc("")
    units = _align_clauses(ref, query)
    for unit in units:
        if unit.paired:
            unit.ops = _diff([ref.norms[k] for k in unit.ref_idx],
                             [query.norms[k] for k in unit.query_idx])
    units = _merge_shifted(ref, query, units)
    if an is not None and bn is not None:
        units = _split_unlike(ref, query, units, an, bn)
        units = _pair_leftovers(ref, query, units, an, bn)
    out = []
    for unit in units:
        _classify(ref, query, unit, {})
        a_kinds = _kinds_of(an, ref, unit.ref_clauses) if an else []
        b_kinds = _kinds_of(bn, query, unit.query_clauses) if bn else []
        a_path = _path_of(ref, unit.ref_clauses, doc_a[1] if doc_a else None)
        b_path = _path_of(query, unit.query_clauses, doc_b[1] if doc_b else None)
        a_text = _text_of(ref, unit.ref_clauses)
        b_text = _text_of(query, unit.query_clauses)
        status: ClauseStatus
        sentence: str | None = None
        word_diff: list[WordOp] = []
        if not unit.query_clauses:
            status = "only_a"
            sentence = (f'Clause {a_path} of {a_label} has no counterpart in {b_label}: '
                        f'"{_short(a_text or "")}".')
        elif not unit.ref_clauses:
            status = "only_b"
            sentence = (f'Clause {b_path} of {b_label} has no counterpart in {a_label}: '
                        f'"{_short(b_text or "")}".')
        elif unit.status == "changed":
            status = "changed"
            word_diff = _word_diff(ref, query, unit)
            sentence = (f"Clause {a_path} of {a_label} → {b_path} of {b_label} changed "
                        f"(similarity {_similarity(unit):.2f}): {_diff_summary(word_diff)}.")
        else:
            status = "unchanged"
        out.append(ClausePair(
            status=status, a_path=a_path, b_path=b_path, a_text=a_text, b_text=b_text,
            similarity=_similarity(unit) if unit.paired else 0.0,
            word_diff=word_diff,
            cosmetic=sorted(unit.reasons) if status == "unchanged" else [],
            a_kinds=a_kinds, b_kinds=b_kinds, sentence=sentence))
    return out


# ------------------------------------------------------------------------ public


def _compare_analyses(a: Analysis, b: Analysis, a_label: str, b_label: str,
                      library: RuleLibrary) -> Comparison:
    kind_titles = {k: v.title for k, v in library.kinds.items()}
    profile, common = _profile_changes(a, b, a_label, b_label)
    verdicts = _verdict_changes(a, b, a_label, b_label)
    findings = _finding_changes(a, b, a_label, b_label, kind_titles)
    clauses = _clause_pairs(a, b, a_label, b_label)
    sentences = ([p.sentence for p in profile] + [v.sentence for v in verdicts]
                 + [f.sentence for f in findings]
                 + [c.sentence for c in clauses if c.sentence is not None])
    identical = not (profile or verdicts or findings
                     or any(c.status != "unchanged" for c in clauses))
    return Comparison(a_label=a_label, b_label=b_label, a=a, b=b, profile_changes=profile,
                      verdict_changes=verdicts, finding_changes=findings, clauses=clauses,
                      common_ground=common, sentences=sentences, identical=identical)


def compare(a: Source | Analysis, b: Source | Analysis, *,
            rules: RuleLibrary | None = None) -> Comparison:
    """Compare two licences: profile, verdicts, findings and clauses, with quotes.

    Args:
        a: the first licence: anything :func:`licenseparse.analyze` accepts (text, a
            path, a known licence name, a model folder, an analysis).
        b: the second licence, likewise.
        rules: the rule library; the bundled one by default.

    Returns:
        The comparison; ``sentences`` lists every difference in plain words.

    Raises:
        InputError: an input cannot be analysed.
        RuleLibraryError: the rule library is invalid.

    Example:
        >>> c = compare("You must not use the Model for military purposes.",
        ...             "You must not use the Model for military purposes.")
        >>> c.identical, c.sentences
        (True, [])
    """
    library = rules if rules is not None else load_library()
    first = analyze(a, rules=library)
    second = analyze(b, rules=library)
    a_label, b_label = _labels([first, second])
    return _compare_analyses(first, second, a_label, b_label, library)


def chain(items: Sequence[Source | Analysis], *,
          rules: RuleLibrary | None = None) -> list[Comparison]:
    """Compare consecutive licences: the first with the second, the second with the
    third, and so on (each text is analysed once).

    Example:
        >>> steps = chain(["You may use the Model.", "You may use the Model for research.",
        ...                "You may use the Model for research only."])
        >>> len(steps)
        2
    """
    library = rules if rules is not None else load_library()
    analyses = [analyze(item, rules=library) for item in items]
    labels = _labels(analyses)
    return [_compare_analyses(analyses[n], analyses[n + 1], labels[n], labels[n + 1],
                              library)
            for n in range(len(analyses) - 1)]


def matrix(items: Sequence[Source | Analysis], *,
           rules: RuleLibrary | None = None) -> Matrix:
    """Tabulate every profile field and verdict of several licences side by side.

    Example:
        >>> m = matrix(["You may use the Model.", "You may not sell the Model."])
        >>> len(m.columns), any(row.differs for row in m.rows)
        (2, True)
    """
    library = rules if rules is not None else load_library()
    analyses = [analyze(item, rules=library) for item in items]
    rows: list[MatrixRow] = []
    dumps = [a.profile.model_dump(mode="json") for a in analyses]
    for field in Profile.model_fields:
        values = [_value_text(d[field]) for d in dumps]
        rows.append(MatrixRow(group="profile", key=field,
                              title=PROFILE_TITLES.get(field, field), values=values,
                              differs=len(set(values)) > 1))
    for framework, name, titles in _FRAMEWORKS:
        for item, title in titles.items():
            values = []
            for a in analyses:
                verdict = getattr(a.verdicts, framework).get(item)
                values.append(verdict.status if verdict is not None else "n/a")
            rows.append(MatrixRow(
                group=framework, key=item,
                title=title if framework == "freedoms" else f"{name} {title}",
                values=values, differs=len(set(values)) > 1))
    return Matrix(columns=_labels(analyses), rows=rows)


# --------------------------------------------------------------------- rendering


def _word_diff_md(ops: Sequence[WordOp], context: int = 12) -> str:
    """A word diff as Markdown: ~~deleted~~ and **inserted**, long equal runs elided."""
    def clean(text: str) -> str:
        # Emphasis markers inside the text would close ours early.
        flat = " ".join(text.split())
        for char in ("\\", "*", "~", "_", "`", "|", "<", "[", "]"):
            flat = flat.replace(char, "\\" + char)
        return flat

    parts = []
    for n, op in enumerate(ops):
        if op.op == "equal":
            words = op.reference.split()
            if len(words) > 2 * context:
                head = " ".join(words[:context]) if n else ""
                tail = " ".join(words[-context:]) if n < len(ops) - 1 else ""
                parts.append(" ".join(p for p in (clean(head), "…", clean(tail)) if p))
            else:
                parts.append(clean(op.reference))
        if op.op in ("delete", "replace") and op.reference.strip():
            parts.append(f"~~{clean(op.reference)}~~")
        if op.op in ("insert", "replace") and op.query.strip():
            parts.append(f"**{clean(op.query)}**")
    return " ".join(p for p in parts if p)


_ENV.filters.setdefault("word_diff_md", _word_diff_md)
_ENV.filters.setdefault("short", _short)
_ENV.filters.setdefault("json", lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))


def render_comparison_md(c: Comparison) -> str:
    """Render a comparison as Markdown (summary, tables, quotes, clause diffs).

    Example:
        >>> c = compare("You may use the Model.", "You may not sell the Model.")
        >>> render_comparison_md(c).startswith("# Comparison")
        True
    """
    return _ENV.get_template("compare.md.j2").render(kind="comparison", c=c, heading="#")


def render_chain_md(cs: Sequence[Comparison]) -> str:
    """Render consecutive comparisons (from :func:`chain`) as one Markdown document."""
    template = _ENV.get_template("compare.md.j2")
    labels = [cs[0].a_label] + [c.b_label for c in cs] if cs else []
    parts = [f"# Licence chain: {' → '.join(labels)}\n"]
    for n, c in enumerate(cs, 1):
        parts.append(template.render(kind="comparison", c=c, heading="##", step=n))
    return "\n".join(parts)


def render_matrix_md(m: Matrix) -> str:
    """Render a matrix as a Markdown table (rows that differ marked in bold)."""
    return _ENV.get_template("compare.md.j2").render(kind="matrix", m=m)

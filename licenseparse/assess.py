"""Assess findings into verdicts and the licence profile.

The verdict rulebook, in our words:

* Each rule states, per framework item (FSF freedoms 0-3, OSD criteria 1-10, OSAID
  freedoms use/study/modify/share), whether its findings ``grant`` the freedom,
  attach an acceptable ``condition`` to it, or ``restrict`` it. The TAXONOMY decides
  which: any limit on purpose, users, revenue, territory, persons, competitors or
  training other models restricts freedom 0 (and OSD 5/6/9 as applicable); the
  licensor's power to restrict remotely, revoke at will, change the terms or force
  updates restricts freedom 0 too; a licence copy, notices, attribution displays,
  naming rules, stated changes, share-alike, source disclosure and flow-down of the
  licence's own terms only condition freedoms 2 and 3; a naming rule never violates
  OSD 4; acceptance that requires a click restricts OSD 10; a click offered next to
  acceptance by use or copying only conditions it (no interface is required, which is
  what OSD 10 guards), and acceptance by use alone is reported without effect.
* A verdict is ``restricted`` when any finding restricts the item; else
  ``conditioned`` when any finding conditions it; else ``respected`` when some finding
  grants it; else ``undetermined``, because the text does not say (a use policy grants
  nothing; source availability cannot be seen in a licence text).
* Every verdict lists the findings it rests on: the restricting ones when restricted,
  the conditioning and granting ones when conditioned, the granting ones when respected.

Nothing here looks at a licence's name or identifier: only findings count.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, get_args

import regex

from licenseparse.library import RuleLibrary
from licenseparse.models import (
    FREEDOM_IDS,
    OSAID_IDS,
    OSD_IDS,
    Effects,
    Finding,
    Money,
    Profile,
    Verdict,
    Verdicts,
)

FREEDOM_TITLES = {
    "0": "Freedom 0: run the work for any purpose",
    "1": "Freedom 1: study and change the work",
    "2": "Freedom 2: redistribute copies",
    "3": "Freedom 3: distribute modified versions",
}
OSD_TITLES = {
    "1": "Free redistribution",
    "2": "Source code",
    "3": "Derived works",
    "4": "Integrity of the author's source code",
    "5": "No discrimination against persons or groups",
    "6": "No discrimination against fields of endeavor",
    "7": "Distribution of license",
    "8": "License must not be specific to a product",
    "9": "License must not restrict other software",
    "10": "License must be technology-neutral",
}
OSAID_TITLES = {
    "use": "Use the system for any purpose without asking permission",
    "study": "Study how the system works and inspect its components",
    "modify": "Modify the system for any purpose",
    "share": "Share the system, with or without modifications, for any purpose",
}

_ORDER = {"prohibited": 3, "conditional": 2, "allowed": 1, "permitted": 1, "unclear": 0,
          "silent": 0}


def _verdict(item: str, findings: list[Finding], framework: str) -> Verdict:
    by_effect: dict[str, list[Finding]] = {"restricts": [], "conditions": [], "grants": []}
    for finding in findings:
        effect = getattr(finding.effects, framework).get(item)
        if effect is not None:
            by_effect[effect].append(finding)
    if by_effect["restricts"]:
        basis = by_effect["restricts"]
        return Verdict(status="restricted", findings=[f.id for f in basis],
                       reason=_reason("restricted by", basis))
    if by_effect["conditions"]:
        basis = by_effect["conditions"] + by_effect["grants"]
        return Verdict(status="conditioned", findings=[f.id for f in basis],
                       reason=_reason("granted subject to conditions in", by_effect["conditions"]))
    if by_effect["grants"]:
        basis = by_effect["grants"]
        return Verdict(status="respected", findings=[f.id for f in basis],
                       reason=_reason("granted by", basis))
    return Verdict(status="undetermined", findings=[],
                   reason="the text neither grants nor restricts this")


def _reason(lead: str, findings: list[Finding]) -> str:
    shown = ", ".join(f"{f.rule_title.lower()} ({f.clause_path})" for f in findings[:4])
    more = f" and {len(findings) - 4} more" if len(findings) > 4 else ""
    return f"{lead} {shown}{more}"


def assess(findings: list[Finding]) -> Verdicts:
    """Derive verdicts per freedom, OSD criterion and OSAID freedom from findings.

    Example:
        >>> assess([]).freedoms["0"].status
        'undetermined'
    """
    return Verdicts(
        freedoms={i: _verdict(i, findings, "freedoms") for i in FREEDOM_IDS},
        osd={i: _verdict(i, findings, "osd") for i in OSD_IDS},
        osaid={i: _verdict(i, findings, "osaid") for i in OSAID_IDS},
    )


# What a licence does not give counts (the rulebook's absence rule). When a licence
# grants something and keeps every other right (``grant.rights-reserved``), a right it
# does not grant is withheld: the profile says "no" and the freedoms it carries are
# restricted, quoting the reservation. Each right: its profile field, the grant kind that
# gives it, and the effects of its absence (those of the rules for no derivatives and no
# redistribution).
# The reservation, found by its phrase rule or read from a sentence's frame.
_RESERVATION_RULES = frozenset({"grant.rights-reserved", "grant.rights-reserved-frame"})
_GRANT_KINDS = frozenset({"grant.use", "grant.reproduce", "grant.redistribute",
                          "grant.modify", "grant.commercial", "grant.sublicense"})
# A right is only withheld when the text never speaks of it as allowed: a sentence that
# names the act with a word of permission and no negation ("b. Create Derivative
# Databases" under a grant) may be a grant the rules did not read, and reading silence
# into it would turn a missed grant into a false restriction.
_RIGHT_WORDS = {
    "modify": regex.compile(
        r"(?i)\b(?:modif\w*|adapt\w*|derivative\w*|translat\w*|alter\w*|chang\w*|"
        r"improv\w*|remix\w*|transform\w*|enhanc\w*|build\w*\s+(?:on|upon)|fine-?tun\w*)"),
    "redistribute": regex.compile(
        r"(?i)\b(?:distribut\w*|redistribut\w*|shar(?:e|es|ing)\b|sublicens\w*|"
        r"publish\w*|convey\w*|make\s+(?:\w+\s+)?available|pass\w*\s+(?:\w+\s+)?on|"
        r"hand\w*\s+(?:\w+\s+)?(?:out|over|on)|transfer\w*|lend\w*|sell\w*|"
        r"give\s+(?:\w+\s+)?cop)"),
}
_PERMISSION_WORDS = regex.compile(
    r"(?i)\b(?:may|can|grants?|granted|permit\w*|permission|right\s+to|free\s+to|"
    r"licen[cs]es?\s+to|allow\w*|authori[sz]\w*|entitled)\b")
_NEGATION = regex.compile(r"(?i)\b(?:not|no|never|nor|neither|without|cannot|except|only|"
                          r"solely|reserved?|prohibit\w*|forbid\w*)\b|n't\b")
_SENTENCE_BREAK = regex.compile(r"[.;:\n]\s")
_WITHHELD: dict[str, tuple[str, str, Effects]] = {
    "modify": ("grant_modify", "grant.modify", Effects(
        freedoms={"1": "restricts", "3": "restricts"}, osd={"3": "restricts"},
        osaid={"modify": "restricts"})),
    "redistribute": ("grant_redistribute", "grant.redistribute", Effects(
        freedoms={"2": "restricts", "3": "restricts"}, osd={"1": "restricts"},
        osaid={"share": "restricts"})),
}


def withheld_grants(findings: list[Finding], text: str = "") -> list[Finding]:
    """Return the findings as they stand, with one more after a reservation of rights
    for each right the licence withholds by granting others and not it.

    A document that grants nothing (a use policy) withholds nothing: its freedoms stay
    undetermined. Nor does a text that speaks of the right as allowed anywhere (``text``
    is searched sentence by sentence). The added finding quotes the reservation, names
    the withheld right in ``params["withheld"]`` and restricts the freedoms that right
    carries.

    Example:
        >>> withheld_grants([])
        []
    """
    live = [f for f in findings if not f.superseded_by]
    granted = {f.kind for f in live if f.kind in _GRANT_KINDS and f.modality == "permission"}
    reservation = next((f for f in live if f.rule_id in _RESERVATION_RULES), None)
    if reservation is None or not granted:
        return findings
    added = []
    sentences = _SENTENCE_BREAK.split(text)
    for right, (_, kind, effects) in _WITHHELD.items():
        if kind in granted or any(
                _RIGHT_WORDS[right].search(sentence) and _PERMISSION_WORDS.search(sentence)
                and not _NEGATION.search(sentence) for sentence in sentences):
            continue
        added.append(reservation.model_copy(update={
            "id": f"{reservation.id}~withheld-{right}",
            "kind": kind,
            "rule_title": f"Right to {right} withheld",
            "modality": "prohibition",
            "params": {"withheld": right},
            "effects": effects,
            "explanation": (f"The licence grants rights but not the right to {right}, and "
                            "it keeps every right it does not grant."),
        }))
    if not added:
        return findings
    at = findings.index(reservation) + 1
    return [*findings[:at], *added, *findings[at:]]


def _value(template: Any, params: dict[str, Any]) -> Any:
    if isinstance(template, str) and template.startswith("{") and template.endswith("}"):
        return params.get(template[1:-1])
    return template


def build_profile(
    findings: Iterable[Finding], library: RuleLibrary
) -> tuple[Profile, dict[str, list[str]]]:
    """Build the licence profile and, per field, the ids of the findings behind it.

    Merging policy when several findings set one field: booleans are true when any
    finding says so; ranked choices take the most restrictive value (prohibited >
    conditional > allowed); a threshold takes the lowest number; texts take the first
    in reading order; lists are unions in reading order.
    """
    values: dict[str, Any] = {}
    evidence: dict[str, list[str]] = {}
    fields = Profile.model_fields
    for finding in findings:
        if finding.rule_id not in library or finding.superseded_by:
            continue
        withheld = finding.params.get("withheld") if finding.rule_id in _RESERVATION_RULES \
            else None
        if withheld in _WITHHELD:
            name = _WITHHELD[withheld][0]
            if values.get(name) != "yes":
                values[name] = "no"
                evidence.setdefault(name, []).append(finding.id)
            continue
        rule = library.get(finding.rule_id)
        for name, template in rule.profile.items():
            value = _value(template, finding.params)
            if value is None:
                continue
            if isinstance(value, list) and _is_text_field(fields[name].annotation):
                # "the laws of the United States and the State of Delaware"
                value = ", ".join(str(v) for v in value)
            merged = _merge(name, values.get(name), value, fields[name].annotation)
            if merged is not None:
                values[name] = merged
                evidence.setdefault(name, []).append(finding.id)
    _derive_commercial(values, evidence)
    if "patent_grant" not in values and any(
            values.get(g) == "yes" for g in ("grant_use", "grant_redistribute", "grant_modify")):
        # The field asks about an explicit patent grant: a licence that grants rights
        # and says nothing of patents gives none ("no"); a document that grants
        # nothing (a use policy) stays "unclear".
        values["patent_grant"] = "no"
    if "revenue_threshold" in values and isinstance(values["revenue_threshold"], dict):
        values["revenue_threshold"] = Money(**values["revenue_threshold"])
    return Profile(**values), evidence


def _is_text_field(annotation: Any) -> bool:
    return str in get_args(annotation) or annotation is str


def _merge(name: str, old: Any, new: Any, annotation: Any) -> Any:
    if isinstance(new, list) or name == "geographic_exclusion":
        items = list(old or [])
        for value in new if isinstance(new, list) else [new]:
            if value not in items:
                items.append(value)
        return items
    if old is None:
        return new
    if isinstance(new, bool):
        return old or new
    choices = get_args(annotation)
    if name in ("grant_use", "grant_redistribute", "grant_modify", "patent_grant"):
        return "yes" if "yes" in (old, new) else new
    if choices and all(isinstance(c, str) for c in choices):
        return new if _ORDER.get(new, 0) > _ORDER.get(old, 0) else old
    if name == "mau_threshold" and isinstance(new, int) and isinstance(old, int):
        return min(old, new)
    return old


def _derive_commercial(values: dict[str, Any], evidence: dict[str, list[str]]) -> None:
    """Fill ``commercial_use`` from grants and caps when no rule set it explicitly."""
    if values.get("noncommercial_or_research_only"):
        values["commercial_use"] = "prohibited"
        evidence["commercial_use"] = list(evidence.get("noncommercial_or_research_only", []))
        return
    capped = [k for k in ("mau_threshold", "revenue_threshold", "other_scale_threshold")
              if values.get(k) is not None]
    current = values.get("commercial_use", "unclear")
    if current in ("unclear", "allowed") and capped:
        values["commercial_use"] = "conditional"
        evidence["commercial_use"] = [i for k in capped for i in evidence.get(k, [])]
    elif current == "unclear" and values.get("grant_use") == "yes":
        values["commercial_use"] = "allowed"
        evidence["commercial_use"] = list(evidence.get("grant_use", []))

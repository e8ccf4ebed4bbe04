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

from licenseparse.library import RuleLibrary
from licenseparse.models import (
    FREEDOM_IDS,
    OSAID_IDS,
    OSD_IDS,
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

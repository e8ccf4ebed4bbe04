"""Model folders as bundles: a licence, its use policy and notices, and the licence the
model card declares, analysed as one.

A downloaded model folder rarely holds one text: Meta ships ``LICENSE`` next to
``USE_POLICY.md``, and the ``README.md`` front matter declares ``license: llama3.2``.
The licence alone says "comply with the Acceptable Use Policy"; the restrictions are in
the policy. So every document is analysed on its own, and the bundle's profile and
verdicts come from all their findings together. Each finding keeps the name of the
document it came from, and the licence clause that incorporates a policy is linked to
that policy's findings. What a reviewer must check by hand is raised as an issue: no
licence at all, a policy the licence incorporates but the folder lacks, a README that
declares another licence than the LICENSE file holds.

Identification (which known licence the LICENSE file is) is reported beside the
analysis; it never decides a verdict.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import regex
import yaml

from licenseparse.assess import assess, build_profile
from licenseparse.errors import InputIsDirectoryError
from licenseparse.library import RuleLibrary
from licenseparse.models import (
    Analysis,
    Bundle,
    BundleDocument,
    BundleIssue,
    Clause,
    DeclaredLicence,
    DefinedTerm,
    DocumentRole,
    Finding,
    InputInfo,
    PolicyLink,
    Provenance,
)

# File names by role, matched case-insensitively against the folder's top level:
# "LICENSE", "LICENSE.txt", "LICENCE.md", "COPYING"; "USE_POLICY.md",
# "ACCEPTABLE_USE_POLICY.md", "AUP.md", "PROHIBITED_USE_POLICY.md"; "NOTICE", "NOTICE.txt".
_ROLES: tuple[tuple[DocumentRole, regex.Pattern[str]], ...] = (
    ("licence", regex.compile(r"(?i)(?:licen[cs]e|copying)(?:[.\-_ ][\w.\-]*)?")),
    ("policy", regex.compile(
        r"(?i)(?:use[_\- ]?policy|acceptable[_\- ]?use(?:[_\- ]?policy)?|aup|"
        r"(?:prohibited|responsible)[_\- ]?use(?:[_\- ]?policy)?)(?:[.\-_ ][\w.\-]*)?")),
    ("notice", regex.compile(r"(?i)notice(?:[.\-_ ][\w.\-]*)?")),
)
_README = regex.compile(r"(?i)readme\.md")
_FRONT_MATTER = regex.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", regex.S)
_POLICY_RULE = "use.policy-incorporated"

Analyse = Callable[[Path, str], Analysis]
Identify = Callable[[str], "tuple[str, str] | None"]


def model_documents(folder: Path) -> tuple[list[tuple[Path, DocumentRole]], Path | None]:
    """Return the folder's licence documents with their roles (sorted by name) and its
    README.md, if any. Only the top level is read: that is where model hubs put them."""
    documents: list[tuple[Path, DocumentRole]] = []
    readme = None
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not path.is_file():
            continue
        if _README.fullmatch(path.name):
            readme = path
            continue
        for role, pattern in _ROLES:
            if pattern.fullmatch(path.name):
                documents.append((path, role))
                break
    return documents, readme


def is_model_folder(folder: Path) -> bool:
    """Tell whether a folder holds a licence document or a README.md to read."""
    documents, readme = model_documents(folder)
    return bool(documents) or readme is not None


def declared_licence(readme_text: str) -> DeclaredLicence | None:
    """Read ``license``, ``license_name`` and ``license_link`` from a model card's YAML
    front matter; None when it declares none.

    Example:
        >>> declared_licence("---\\nlicense: llama3.2\\n---\\n# Model\\n").license
        'llama3.2'
    """
    m = _FRONT_MATTER.match(readme_text)
    if m is None:
        return None
    try:
        meta = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return None
    if not isinstance(meta, dict):
        return None
    values = {}
    for field in ("license", "license_name", "license_link"):
        value = meta.get(field)
        if isinstance(value, list):  # Hugging Face allows a list; the first one leads
            value = value[0] if value else None
        values[field] = str(value) if value is not None else None
    if not any(values.values()):
        return None
    return DeclaredLicence(**values, known_ids=_known_ids(values))


def _known_ids(values: dict[str, str | None]) -> list[str]:
    from licenseparse import manifest

    name = _card_name(values.get("license"), values.get("license_name"))
    ids: list[str] = []
    if name:
        ids.extend(e.id for e in manifest.candidates(name) if e.id not in ids)
    return ids


def _card_name(license_tag: str | None, license_name: str | None) -> str | None:
    """The licence a card names: its ``license``, or its ``license_name`` when the tag
    is ``other`` (Hugging Face's way of naming a licence it has no tag for)."""
    if (license_tag or "").lower() not in ("", "other"):
        return license_tag
    return license_name


def analyze_folder(
    folder: Path,
    *,
    analyse: Analyse,
    library: RuleLibrary,
    identify: Identify | None,
    provenance: Callable[[InputInfo], Provenance],
) -> Analysis:
    """Analyse a model folder as one bundle.

    Args:
        folder: the model folder.
        analyse: analyses one document (path, document name).
        library: the rules (for the combined profile).
        identify: names the known licence a text is, as ``(key, verdict)``, or None
            when no known texts are installed.
        provenance: builds the result's provenance for an input description.

    Raises:
        InputIsDirectoryError: the folder holds neither a licence document nor a README.
    """
    documents, readme = model_documents(folder)
    if not documents and readme is None:
        raise InputIsDirectoryError(
            f"{str(folder)!r} is a folder without LICENSE, USE_POLICY, NOTICE or README.md")
    declared = None
    if readme is not None:
        declared = declared_licence(readme.read_text(encoding="utf-8", errors="replace"))
    analysed = [BundleDocument(name=path.name, role=role, analysis=analyse(path, path.name))
                for path, role in documents]
    findings = [_prefixed_finding(f, d.name) for d in analysed for f in d.analysis.findings]
    clauses = [_prefixed_clause(c, d.name) for d in analysed for c in d.analysis.clauses]
    glossary = [_prefixed_term(t, d.name) for d in analysed for t in d.analysis.glossary]
    links, issues = _links_and_issues(analysed, findings, declared)
    issues.extend(_declaration_issues(analysed, declared, readme, identify))
    profile, evidence = build_profile(findings, library)
    licence = next((d for d in analysed if d.role == "licence"), None)
    digest = hashlib.sha256("\n".join(
        f"{d.name} {d.analysis.provenance.input.digest}" for d in analysed).encode()).hexdigest()
    info = InputInfo(name=folder.name or str(folder), media_type="folder", encoding="",
                     digest=digest, chars=sum(len(d.analysis.original) for d in analysed))
    return Analysis(
        source=str(folder),
        known_licence=licence.analysis.known_licence if licence else None,
        profile=profile,
        profile_evidence=evidence,
        verdicts=assess(findings),
        findings=findings,
        clauses=clauses,
        glossary=glossary,
        unclassified=[u.model_copy(update={"id": _prefixed(u.id, d.name),
                                           "clause_id": _prefixed(u.clause_id, d.name)})
                      for d in analysed for u in d.analysis.unclassified],
        modal_sentences=sum(d.analysis.modal_sentences for d in analysed),
        provenance=provenance(info),
        bundle=Bundle(folder=str(folder), documents=analysed, declared=declared, links=links,
                      issues=issues),
        original=licence.analysis.original if licence else "",
    )


def _prefixed(value: str, document: str) -> str:
    return f"{document}:{value}"


def _prefixed_finding(finding: Finding, document: str) -> Finding:
    return finding.model_copy(update={
        "id": _prefixed(finding.id, document),
        "clause_id": _prefixed(finding.clause_id, document),
        "superseded_by": [_prefixed(i, document) for i in finding.superseded_by],
        "document": document,
    })


def _prefixed_clause(clause: Clause, document: str) -> Clause:
    return clause.model_copy(update={
        "id": _prefixed(clause.id, document),
        "parent": _prefixed(clause.parent, document) if clause.parent is not None else None,
        "children": [_prefixed(c, document) for c in clause.children],
    })


def _prefixed_term(term: DefinedTerm, document: str) -> DefinedTerm:
    return term.model_copy(update={"clause_id": _prefixed(term.clause_id, document)})


def _links_and_issues(
    analysed: list[BundleDocument], findings: list[Finding], declared: DeclaredLicence | None,
) -> tuple[list[PolicyLink], list[BundleIssue]]:
    policies = [d.name for d in analysed if d.role == "policy"]
    policy_findings = [f.id for f in findings if f.document in policies]
    licences = [d.name for d in analysed if d.role == "licence"]
    links: list[PolicyLink] = []
    issues: list[BundleIssue] = []
    if not licences:
        said = _declared_name(declared)
        issues.append(BundleIssue(
            code="no-licence",
            message="the folder holds no licence file (LICENSE, LICENCE or COPYING)"
                    + (f"; README.md declares license {said!r} without its text" if said
                       else ""),
            documents=[d.name for d in analysed]))
    for finding in findings:
        if finding.rule_id != _POLICY_RULE or finding.document not in licences:
            continue
        if policies:
            links.append(PolicyLink(finding=finding.id, policy_documents=policies,
                                    policy_findings=policy_findings))
            continue
        named = finding.params.get("policy") or "a use policy"
        url = finding.params.get("url")
        issues.append(BundleIssue(
            code="policy-missing",
            message=f"{finding.document} incorporates {named}"
                    + (f" ({url})" if url else "")
                    + ", but the folder holds no USE_POLICY or ACCEPTABLE_USE file; its "
                      "restrictions are not in this analysis",
            documents=[finding.document or ""], findings=[finding.id]))
    return links, issues


def _declared_name(declared: DeclaredLicence | None) -> str | None:
    """The licence a card declares, for messages (``other`` when it names none)."""
    if declared is None:
        return None
    return _card_name(declared.license, declared.license_name) or declared.license


def _declaration_issues(
    analysed: list[BundleDocument], declared: DeclaredLicence | None, readme: Path | None,
    identify: Identify | None,
) -> list[BundleIssue]:
    licences = [d for d in analysed if d.role == "licence"]
    if declared is None or readme is None or not licences:
        return []  # a folder without a licence is flagged once, as no-licence
    name = _declared_name(declared)
    issues: list[BundleIssue] = []
    if not declared.known_ids:
        issues.append(BundleIssue(
            code="declared-licence-unknown",
            message=f"{readme.name} declares license {name!r}, which is not a known licence; "
                    "it cannot be checked against the licence file",
            documents=[readme.name]))
        return issues
    if identify is None:
        issues.append(BundleIssue(
            code="identification-unavailable",
            message=f"{readme.name} declares license {name!r}; checking the licence file "
                    "against it needs the known licence texts: "
                    'pip install "licenseparse[corpus]"',
            documents=[readme.name]))
        return issues
    for document in licences:
        found = identify(document.analysis.original)
        if found is None:
            issues.append(BundleIssue(
                code="declared-licence-mismatch",
                message=f"{readme.name} declares license {name!r}, but {document.name} is "
                        "not a known licence text",
                documents=[readme.name, document.name]))
        elif found[0] not in declared.known_ids:
            key, verdict = found
            issues.append(BundleIssue(
                code="declared-licence-mismatch",
                message=f"{readme.name} declares license {name!r} "
                        f"({', '.join(declared.known_ids)}), but {document.name} is "
                        f"{key} ({verdict})",
                documents=[readme.name, document.name]))
    return issues

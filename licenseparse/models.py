"""The pydantic models every stage reads and writes.

JSON output, reports and spreadsheets all render these objects, so they cannot drift
apart. Offsets (``start``/``end``) always index the ORIGINAL input text.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# The modality vocabulary belongs to the reader (frames), which imports no other stage.
from licenseparse.frames import Modality as Modality

# identify.py imports this module only lazily, so importing its models here is no cycle.
from licenseparse.identify import Identification

Effect = Literal["restricts", "conditions", "grants"]
Status = Literal["respected", "conditioned", "restricted", "undetermined"]
ClauseKind = Literal[
    "preamble", "heading", "section", "item", "definition", "paragraph", "acceptance"
]

FREEDOM_IDS: tuple[str, ...] = ("0", "1", "2", "3")
OSD_IDS: tuple[str, ...] = tuple(str(n) for n in range(1, 11))
OSAID_IDS: tuple[str, ...] = ("use", "study", "modify", "share")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CrossReference(_Frozen):
    """A reference from a clause to another part of the text or to a URL."""

    kind: Literal["section", "attachment", "url"]
    text: str
    target: str
    start: int
    end: int


class Clause(_Frozen):
    """One node of the clause tree.

    ``start``/``end`` cover the clause's own block (its label, heading and body);
    ``subtree_end`` also covers its children.
    """

    id: str
    path: str
    label: str | None = None
    heading: str | None = None
    kind: ClauseKind
    parent: str | None = None
    children: list[str] = Field(default_factory=list)
    depth: int = 0
    start: int
    end: int
    subtree_end: int
    text: str
    # (start, end) pairs in original offsets; tuples, as a text holds thousands.
    sentences: list[tuple[int, int]] = Field(default_factory=list)
    references: list[CrossReference] = Field(default_factory=list)
    defines: str | None = None


class DefinedTerm(_Frozen):
    """An entry of the glossary: a term the text defines and where.

    ``start``/``end`` cover the definition (its sentence or list item) and
    ``term_start``/``term_end`` the term itself, both in original offsets. ``aliases``
    are the other names the same definition gives ('"You" (or "Your")'); ``licensee``
    marks a term that names the licensee ("You", "Licensee", "Recipient"), so that a
    reader of obligations knows who "must"; ``form`` says how it was defined (``means``,
    ``inline``, ``list``, ...).
    """

    term: str
    clause_id: str
    start: int
    end: int
    definition: str
    aliases: list[str] = Field(default_factory=list)
    licensee: bool = False
    term_start: int | None = None
    term_end: int | None = None
    form: str | None = None


class Effects(_Frozen):
    """What a finding means for each framework item."""

    freedoms: dict[str, Effect] = Field(default_factory=dict)
    osd: dict[str, Effect] = Field(default_factory=dict)
    osaid: dict[str, Effect] = Field(default_factory=dict)


class Finding(_Frozen):
    """One rule matched in one clause, with its quoted evidence."""

    id: str
    rule_id: str
    rule_title: str
    kind: str
    clause_id: str
    clause_path: str
    heading: str | None = None
    start: int
    end: int
    quote: str
    match_start: int
    match_end: int
    modality: Modality
    exception: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    effects: Effects = Field(default_factory=Effects)
    score: float = Field(ge=0.0, le=1.0)
    explanation: str
    document: str | None = None
    # Ids of findings elsewhere in the text that lift this one (``Rule.superseded_by``):
    # kept for the reviewer, with no effect on verdicts or the profile.
    superseded_by: list[str] = Field(default_factory=list)


class Unclassified(_Frozen):
    """A sentence or list item that says who may, must or must not do something, and
    that no rule explains: nothing is dropped silently, a reviewer reads it by hand.

    ``start``/``end`` index the original text (its document's, in a bundle), so
    ``original[start:end] == quote``; ``cue`` is the wording that carries the modality
    ("must not", "may"); ``id`` is stable for the same text and rule library.
    """

    id: str
    clause_id: str
    clause_path: str
    heading: str | None = None
    modality: Modality
    cue: str
    start: int
    end: int
    quote: str
    document: str | None = None


class Verdict(_Frozen):
    """The status of one freedom or criterion, with the findings it rests on."""

    status: Status
    findings: list[str] = Field(default_factory=list)
    reason: str


class Verdicts(_Frozen):
    """Verdicts per FSF freedom, OSD criterion and OSAID freedom."""

    freedoms: dict[str, Verdict]
    osd: dict[str, Verdict]
    osaid: dict[str, Verdict]


YesNo = Literal["yes", "no", "unclear"]


class Money(_Frozen):
    """An amount of money in a currency."""

    amount: int | float
    currency: str


class Profile(_Frozen):
    """The flat summary a reviewer reads first; every value comes from findings."""

    grant_use: YesNo = "unclear"
    grant_redistribute: YesNo = "unclear"
    grant_modify: YesNo = "unclear"
    patent_grant: YesNo = "unclear"
    commercial_use: Literal["allowed", "conditional", "prohibited", "unclear"] = "unclear"
    noncommercial_or_research_only: bool = False
    mau_threshold: int | None = None
    revenue_threshold: Money | None = None
    other_scale_threshold: str | None = None
    use_policy_incorporated: bool = False
    terms_unilaterally_updatable: bool = False
    enumerated_use_restrictions: bool = False
    use_restriction_flowdown: bool = False
    remote_restriction: bool = False
    derivative_naming: str | None = None
    attribution_display: str | None = None
    notice_or_license_copy_required: bool = False
    output_model_training: Literal["prohibited", "conditional", "permitted", "silent"] = "silent"
    competing_use_restriction: bool = False
    geographic_exclusion: list[str] = Field(default_factory=list)
    military_use_prohibited: bool = False
    licensor_claims_outputs: bool = False
    ip_litigation_termination: bool = False
    clickwrap_or_use_acceptance: bool = False
    governing_law: str | None = None
    must_update_to_latest: bool = False
    share_alike: bool = False
    source_disclosure: bool = False
    no_derivatives: bool = False


class Settings(_Frozen):
    """Knobs that change results; recorded in every result's provenance."""

    max_bytes: int = 5_000_000
    min_score: float = Field(default=0.3, ge=0.0, le=1.0)
    dedupe: Literal["keep_all"] = "keep_all"
    # Name the closest known licence texts and what differs (reported, never judged).
    identify: bool = False


class InputInfo(_Frozen):
    """What was analysed."""

    name: str | None
    media_type: str
    encoding: str
    digest: str
    chars: int


class Provenance(_Frozen):
    """How a result was produced, so that it can be reproduced."""

    licenseparse_version: str
    library_digest: str
    rule_count: int
    spacy_version: str
    settings: Settings
    input: InputInfo


DocumentRole = Literal["licence", "policy", "notice"]
BundleIssueCode = Literal[
    "no-licence", "policy-missing", "declared-licence-mismatch", "declared-licence-unknown",
    "identification-unavailable",
]


class DeclaredLicence(_Frozen):
    """What a model card's front matter (README.md) says the licence is."""

    license: str | None = None
    license_name: str | None = None
    license_link: str | None = None
    # Known licence ids the declaration denotes (from the manifest of known licences).
    known_ids: list[str] = Field(default_factory=list)


class BundleIssue(_Frozen):
    """Something a reviewer must look at in a model folder."""

    code: BundleIssueCode
    message: str
    documents: list[str] = Field(default_factory=list)
    findings: list[str] = Field(default_factory=list)


class PolicyLink(_Frozen):
    """A licence clause that incorporates a use policy, and that policy's findings."""

    finding: str
    policy_documents: list[str]
    policy_findings: list[str] = Field(default_factory=list)


class BundleDocument(BaseModel):
    """One document of a model folder and its own analysis (unprefixed ids, its own
    offsets: ``analysis.original[f.start:f.end] == f.quote``)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    role: DocumentRole
    analysis: Analysis


class Bundle(BaseModel):
    """A model folder analysed as one: its documents, links and issues."""

    model_config = ConfigDict(extra="forbid")

    folder: str
    documents: list[BundleDocument]
    declared: DeclaredLicence | None = None
    links: list[PolicyLink] = Field(default_factory=list)
    issues: list[BundleIssue] = Field(default_factory=list)

    def document(self, name: str) -> BundleDocument:
        """Return the document with this name (e.g. ``"USE_POLICY.md"``).

        Raises:
            KeyError: no such document.
        """
        for item in self.documents:
            if item.name == name:
                return item
        raise KeyError(name)


class Analysis(BaseModel):
    """The result of :func:`licenseparse.analyze`.

    For a model folder, ``findings`` and ``clauses`` gather every document's, with ids
    prefixed by the document name (``"USE_POLICY.md:scale.geographic-exclusion@p5"``);
    their offsets index that document's text (:meth:`text_of`), and ``bundle`` holds
    each document's own analysis.
    """

    model_config = ConfigDict(extra="forbid")

    source: str | None
    known_licence: str | None = None
    profile: Profile
    profile_evidence: dict[str, list[str]] = Field(default_factory=dict)
    verdicts: Verdicts
    findings: list[Finding]
    clauses: list[Clause]
    glossary: list[DefinedTerm]
    provenance: Provenance
    # Sentences and list items with a modal cue that no rule explains (to review), and
    # how many carry such a cue in all.
    unclassified: list[Unclassified] = Field(default_factory=list)
    modal_sentences: int = 0
    bundle: Bundle | None = None
    # Which known licence this text is and what differs (reported; it decides nothing).
    identification: Identification | None = None
    original: str = Field(exclude=True, repr=False)

    def text_of(self, finding: Finding) -> str:
        """Return the original text a finding's offsets index (its document's, in a
        bundle): ``result.text_of(f)[f.start:f.end] == f.quote``."""
        if self.bundle is not None and finding.document is not None:
            return self.bundle.document(finding.document).analysis.original
        return self.original

    def finding(self, finding_id: str) -> Finding:
        """Return the finding with this id.

        Raises:
            KeyError: no such finding.
        """
        for item in self.findings:
            if item.id == finding_id:
                return item
        raise KeyError(finding_id)

    def by_rule(self, rule_id: str) -> list[Finding]:
        """Return the findings a rule produced, in text order."""
        return [f for f in self.findings if f.rule_id == rule_id]

    def by_kind(self, prefix: str) -> list[Finding]:
        """Return the findings whose kind starts with ``prefix`` (e.g. ``"scale."``)."""
        return [f for f in self.findings if f.kind == prefix or f.kind.startswith(prefix + ".")]

    def to_frame(self) -> Any:
        """Return the findings as a pandas DataFrame, one row per finding, with the
        columns of the review workbook's Findings sheet (``licenseparse.export``).

        Raises:
            MissingDependencyError: pandas is not installed (``licenseparse[pandas]``).
        """
        # Imported here: export needs openpyxl, and pandas is optional.
        from licenseparse.export import findings_frame

        return findings_frame(self)


Bundle.model_rebuild()
BundleDocument.model_rebuild()

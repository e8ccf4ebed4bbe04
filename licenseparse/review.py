"""Reviewer decisions on findings: read them back from a workbook, keep them in a
review file, and carry them forward to the next export.

A decision is keyed by the licence label and the stable finding id
(``scale.user-cap@2``), and remembers the *fingerprint* of what was decided on: a hash
of the rule id, the quote (white space collapsed) and the parameters. When a later
analysis gives the same key a different fingerprint, the decision is not silently kept:
the finding is marked for re-review. A decision whose finding has gone is *stale*: it is
listed, never dropped.

Example:
    >>> entry = ReviewEntry(licence="L", finding_id="use.military@3", rule_id="use.military",
    ...                     quote="not for military use", decision="Approved",
    ...                     fingerprint=fingerprint("use.military", "not for military use", {}))
    >>> review = ReviewFile(entries=[entry])
    >>> same = fingerprint("use.military", "not  for military\\nuse", {})
    >>> outcome = reconcile(review, [("L", "use.military@3", same, "use.military",
    ...                               "not for military use")])
    >>> outcome.outcomes[("L", "use.military@3")].state
    'carried'
    >>> reconcile(review, []).stale[0].finding_id
    'use.military@3'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from licenseparse.errors import LicenseparseError

Decision = Literal["Approved", "Denied", "To verify", "Not applicable"]
DECISIONS: tuple[Decision, ...] = ("Approved", "Denied", "To verify", "Not applicable")

# The column titles are the contract between an exported workbook and its re-import;
# the importer finds columns by these titles, never by position, so a reviewer may
# reorder or add columns.
COL_LICENCE = "Licence"
COL_FINDING_ID = "Finding id"
COL_FINGERPRINT = "Fingerprint"
COL_RULE_ID = "Rule id"
COL_QUOTE = "Quote"
COL_STATUS = "Status"
COL_DECISION = "Decision"
COL_REVIEWER = "Reviewer"
COL_COMMENT = "Comment"
COL_REVIEWED = "Reviewed"
FINDINGS_SHEET = "Findings"
STALE_SHEET = "Stale decisions"

# Characters a spreadsheet reads as the start of a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class ReviewFileError(LicenseparseError, ValueError):
    """A review file cannot be read or written, or does not match the schema."""

    code = "LP142"


class ReviewWorkbookError(LicenseparseError, ValueError):
    """A reviewed workbook cannot be read: missing sheet or column, or a bad value."""

    code = "LP143"


class ReviewEntry(BaseModel):
    """One reviewer decision on one finding of one licence."""

    model_config = ConfigDict(extra="forbid")

    licence: str
    finding_id: str
    fingerprint: str
    rule_id: str
    quote: str
    decision: Decision | None = None
    reviewer: str | None = None
    comment: str | None = None
    reviewed: dt.date | None = None


class ReviewFile(BaseModel):
    """Every decision of a review, as saved between exports (YAML or JSON)."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["licenseparse-review/1"] = "licenseparse-review/1"
    workbook: str | None = None
    entries: list[ReviewEntry] = Field(default_factory=list)

    def get(self, licence: str, finding_id: str) -> ReviewEntry | None:
        """Return the decision on this finding of this licence, if any."""
        for entry in self.entries:
            if entry.licence == licence and entry.finding_id == finding_id:
                return entry
        return None


ReviewState = Literal["carried", "needs-review", "new"]


class ReviewOutcome(BaseModel):
    """What happened to one current finding when a review was applied."""

    model_config = ConfigDict(extra="forbid")

    licence: str
    finding_id: str
    state: ReviewState
    # Shown in the workbook's Status column: "decided", "needs re-review: quote changed".
    status: str
    decision: Decision | None = None
    reviewer: str | None = None
    comment: str | None = None
    reviewed: dt.date | None = None
    previous: ReviewEntry | None = None


class ReviewResult(BaseModel):
    """Every current finding's outcome, and the decisions whose finding has gone."""

    model_config = ConfigDict(extra="forbid")

    outcomes: dict[tuple[str, str], ReviewOutcome] = Field(default_factory=dict)
    stale: list[ReviewEntry] = Field(default_factory=list)

    @property
    def needs_review(self) -> list[ReviewOutcome]:
        """The findings whose decision no longer fits (quote, rule or parameters changed)."""
        return [o for o in self.outcomes.values() if o.state == "needs-review"]

    @property
    def carried(self) -> list[ReviewOutcome]:
        """The findings whose decision was carried forward unchanged."""
        return [o for o in self.outcomes.values() if o.state == "carried"]


def normalise_quote(quote: str) -> str:
    """Collapse white space, so that re-wrapping a licence does not void a decision.

    Example:
        >>> normalise_quote("  a\\n  b\\tc ")
        'a b c'
    """
    return " ".join(quote.split())


def fingerprint(rule_id: str, quote: str, params: Mapping[str, Any]) -> str:
    """Hash what a decision was taken on: rule id, normalised quote and parameters.

    Example:
        >>> fingerprint("scale.user-cap", "700 million", {"users": 700000000})
        'c69be7ff243bf256'
    """
    payload = json.dumps([rule_id, normalise_quote(quote), params], sort_keys=True,
                         ensure_ascii=False, default=str, separators=(",", ":"))
    # 64 bits are plenty to tell one finding's versions apart and keep the column narrow.
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def _what_changed(entry: ReviewEntry, rule_id: str, quote: str) -> str:
    if entry.rule_id != rule_id:
        return "rule changed"
    if normalise_quote(entry.quote) != normalise_quote(quote):
        return "quote changed"
    return "parameters changed"


CurrentFinding = tuple[str, str, str, str, str]
"""(licence label, finding id, fingerprint, rule id, quote) of a finding being exported."""


def reconcile(review: ReviewFile | None, current: Iterable[CurrentFinding]) -> ReviewResult:
    """Match a review's decisions to the current findings.

    A decision whose fingerprint still matches is carried forward; one whose finding
    changed becomes "To verify" with a status naming what changed (the old decision
    stays in ``previous``); one whose finding has gone is listed in ``stale``.
    """
    result = ReviewResult()
    seen: set[tuple[str, str]] = set()
    for licence, finding_id, print_, rule_id, quote in current:
        key = (licence, finding_id)
        seen.add(key)
        entry = review.get(licence, finding_id) if review is not None else None
        if entry is None:
            result.outcomes[key] = ReviewOutcome(
                licence=licence, finding_id=finding_id, state="new",
                status="new since review" if review is not None else "")
        elif entry.fingerprint == print_:
            result.outcomes[key] = ReviewOutcome(
                licence=licence, finding_id=finding_id, state="carried",
                status="decided" if entry.decision else "", decision=entry.decision,
                reviewer=entry.reviewer, comment=entry.comment, reviewed=entry.reviewed,
                previous=entry)
        else:
            was = f" (was {entry.decision})" if entry.decision else ""
            result.outcomes[key] = ReviewOutcome(
                licence=licence, finding_id=finding_id, state="needs-review",
                status=f"needs re-review: {_what_changed(entry, rule_id, quote)}{was}",
                decision="To verify", reviewer=entry.reviewer, comment=entry.comment,
                reviewed=None, previous=entry)
    if review is not None:
        result.stale = [e for e in review.entries if (e.licence, e.finding_id) not in seen]
    return result


# ------------------------------------------------------------------ review files


def load_review(path: str | Path) -> ReviewFile:
    """Read a review file (JSON when it ends in ``.json``, YAML otherwise).

    Raises:
        ReviewFileError: the file is missing, unreadable or does not match the schema
            (the message names the file and the field).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReviewFileError(f"{path}: cannot read review file: {exc.strerror or exc}") from None
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ReviewFileError(f"{path}: not valid {path.suffix.lstrip('.') or 'YAML'}: "
                              f"{' '.join(str(exc).split())}") from None
    try:
        return ReviewFile.model_validate(data if data is not None else {})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ReviewFileError(f"{path}: {where}: {first['msg']}") from None


def dumps_review(review: ReviewFile, fmt: Literal["yaml", "json"] = "yaml") -> str:
    """Render a review file as YAML or JSON text (entries in workbook order).

    Example:
        >>> print(dumps_review(ReviewFile(), "json"))
        {
          "format": "licenseparse-review/1",
          "workbook": null,
          "entries": []
        }
    """
    data = review.model_dump(mode="json")
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def save_review(review: ReviewFile, path: str | Path) -> None:
    """Write a review file: JSON when ``path`` ends in ``.json``, YAML otherwise.

    Raises:
        ReviewFileError: the file cannot be written.
    """
    path = Path(path)
    text = dumps_review(review, "json" if path.suffix.lower() == ".json" else "yaml")
    try:
        path.write_text(text + ("\n" if not text.endswith("\n") else ""), encoding="utf-8")
    except OSError as exc:
        raise ReviewFileError(f"{path}: cannot write review file: {exc.strerror or exc}") from None


# ------------------------------------------------------------- workbook import


def unescape_cell(value: str) -> str:
    """Undo the export's formula neutralisation (a ``'`` before a trigger character).

    Example:
        >>> unescape_cell("'=HYPERLINK(1)"), unescape_cell("'plain")
        ('=HYPERLINK(1)', "'plain")
    """
    if value.startswith("'") and value[1:2] and value[1] in FORMULA_TRIGGERS:
        return value[1:]
    return value


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = unescape_cell(str(value)).strip() if isinstance(value, str) else str(value)
    return text or None


def _decision(value: Any, where: str) -> Decision | None:
    text = _text(value)
    if text is None:
        return None
    for decision in DECISIONS:
        # Typed by hand rather than picked from the drop-down: accept any case.
        if text.casefold() == decision.casefold():
            return decision
    raise ReviewWorkbookError(f"{where}: decision {text!r} is not one of "
                              f"{', '.join(DECISIONS)}")


def _date(value: Any, default: dt.date | None, where: str) -> dt.date | None:
    if value is None or value == "":
        return default
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ReviewWorkbookError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def _read_sheet(ws: Any, path: Path, required: Sequence[str], today: dt.date | None,
                decided_only: bool) -> list[ReviewEntry]:
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None) or ()
    index = {str(title).strip(): i for i, title in enumerate(header) if title is not None}
    missing = [c for c in required if c not in index]
    if missing:
        raise ReviewWorkbookError(f"{path}: sheet {ws.title!r} has no column "
                                  f"{', '.join(repr(m) for m in missing)}")

    def get(row: tuple[Any, ...], column: str) -> Any:
        i = index.get(column)
        return row[i] if i is not None and i < len(row) else None

    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    entries = []
    for number, row in enumerate(rows, start=2):
        where = f"{path}: {ws.title}!{get_column_letter(index[COL_DECISION] + 1)}{number}"
        decision = _decision(get(row, COL_DECISION), where)
        reviewer, comment = _text(get(row, COL_REVIEWER)), _text(get(row, COL_COMMENT))
        if decided_only and decision is None and reviewer is None and comment is None:
            continue
        licence, finding_id = _text(get(row, COL_LICENCE)), _text(get(row, COL_FINDING_ID))
        print_ = _text(get(row, COL_FINGERPRINT))
        if licence is None or finding_id is None or print_ is None:
            raise ReviewWorkbookError(f"{path}: {ws.title} row {number}: a decision without "
                                      "its licence, finding id or fingerprint")
        entries.append(ReviewEntry(
            licence=licence, finding_id=finding_id, fingerprint=print_,
            rule_id=_text(get(row, COL_RULE_ID)) or "",
            quote=unescape_cell(str(get(row, COL_QUOTE) or "")),
            decision=decision, reviewer=reviewer, comment=comment,
            reviewed=_date(get(row, COL_REVIEWED), today if decision else None,
                           f"{path}: {ws.title} row {number}")))
    return entries


def import_workbook(path: str | Path, *, today: dt.date | None = None) -> ReviewFile:
    """Read the reviewers' Decision, Reviewer and Comment columns back from a workbook.

    Rows of the Findings sheet with a decision, reviewer or comment become entries; the
    Stale decisions sheet's rows are kept too, so a decision is never lost by a
    round trip. A decision without a Reviewed date is dated ``today`` (the import date).

    Raises:
        ReviewWorkbookError: not a readable workbook, no Findings sheet, a missing
            column, or a decision that is not one of :data:`DECISIONS` (named by cell).
    """
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    path = Path(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise ReviewWorkbookError(f"{path}: no such file") from None
    except Exception as exc:  # openpyxl raises zip, XML and key errors alike
        raise ReviewWorkbookError(f"{path}: not a readable .xlsx workbook "
                                  f"({type(exc).__name__})") from None
    try:
        if FINDINGS_SHEET not in wb.sheetnames:
            raise ReviewWorkbookError(f"{path}: no {FINDINGS_SHEET!r} sheet")
        today = today or dt.date.today()
        required = (COL_LICENCE, COL_FINDING_ID, COL_FINGERPRINT, COL_DECISION)
        entries = _read_sheet(wb[FINDINGS_SHEET], path, required, today, decided_only=True)
        if STALE_SHEET in wb.sheetnames:
            known = {(e.licence, e.finding_id) for e in entries}
            stale = _read_sheet(wb[STALE_SHEET], path, required, today, decided_only=False)
            entries += [e for e in stale if (e.licence, e.finding_id) not in known]
    finally:
        wb.close()
    return ReviewFile(workbook=path.name, entries=entries)

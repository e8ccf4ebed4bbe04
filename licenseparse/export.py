"""Legal-review spreadsheets: findings, terms to review, clauses and verdicts as XLSX, CSV
and JSON Lines.

:func:`rows` builds every table once, from the models; :func:`export_xlsx`,
:func:`export_csv` and :func:`export_jsonl` only write those same rows, so the formats
cannot disagree. Values stay typed (the MAU threshold is an ``int``, the export date a
``date``, flags are booleans) and are only turned into text by the CSV writer.

Spreadsheet safety: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return would be read as a formula by Excel or LibreOffice (a licence line such
as ``=HYPERLINK(...)`` could then run). Both XLSX and CSV writers therefore put a ``'``
before such text and, in XLSX, store it as an explicit string cell (never a formula);
numbers are not touched. The re-import (:func:`licenseparse.review.import_workbook`)
removes that ``'`` again. Control characters that XLSX cannot hold are replaced by a
space, never an error. JSON Lines is not read by spreadsheets and keeps the text as it is.

Example:
    >>> tables = rows(["You may not use the Model for military purposes."],
    ...               exported=dt.date(2024, 1, 2))
    >>> [t.name for t in tables.tables]
    ['Summary', 'Findings', 'To review', 'Clauses', 'About']
    >>> tables.table("Findings").records()[0]["severity"]
    'restricts'
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]
from pydantic import BaseModel, ConfigDict, Field

from licenseparse import review as rv
from licenseparse.errors import LicenseparseError
from licenseparse.library import RuleLibrary, load_library
from licenseparse.models import Analysis, Finding, Money
from licenseparse.pipeline import Source

CellValue = str | int | float | bool | dt.date | None

# Excel refuses longer cells; a clause is far shorter, but a pasted file need not be.
MAX_CELL_CHARS = 32_767
_TRUNCATED = " … [truncated]"
_SEVERITY_ORDER = ("restricts", "conditions", "grants")

_RESTRICTED_FILL = PatternFill(fill_type="solid", fgColor="FFFFC7CE")
_CONDITIONED_FILL = PatternFill(fill_type="solid", fgColor="FFFFEB9C")
_RESPECTED_FILL = PatternFill(fill_type="solid", fgColor="FFC6EFCE")
_REREVIEW_FILL = PatternFill(fill_type="solid", fgColor="FFF4B084")
_HEADER_FILL = PatternFill(fill_type="solid", fgColor="FFD9E1F2")
_STATUS_FILLS = {"restricted": _RESTRICTED_FILL, "conditioned": _CONDITIONED_FILL,
                 "respected": _RESPECTED_FILL}


class ExportError(LicenseparseError, ValueError):
    """An export cannot be made: nothing to export, or a file cannot be written."""

    code = "LP140"


class MissingDependencyError(LicenseparseError, ImportError):
    """An optional library (pandas) is needed for this call but not installed."""

    code = "LP141"


class Column(BaseModel):
    """One column of a table: a stable key (JSON Lines, DataFrames) and its title."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    title: str
    # Spreadsheet width in characters; long texts wrap instead of widening the column.
    width: int = 14
    wrap: bool = False


class Table(BaseModel):
    """One sheet: columns and typed rows, identical in every output format."""

    model_config = ConfigDict(extra="forbid")

    name: str
    columns: list[Column]
    rows: list[list[CellValue]] = Field(default_factory=list)

    def records(self) -> list[dict[str, CellValue]]:
        """Return the rows as dicts keyed by column key."""
        keys = [c.key for c in self.columns]
        return [dict(zip(keys, row, strict=True)) for row in self.rows]


class Tables(BaseModel):
    """Every table of an export, in sheet order, and how a review was applied."""

    model_config = ConfigDict(extra="forbid")

    tables: list[Table]
    labels: list[str]
    exported: dt.date
    review: rv.ReviewResult | None = None

    def table(self, name: str) -> Table:
        """Return the table with this name (``"Findings"``).

        Raises:
            KeyError: no such table in this export.
        """
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)


# ------------------------------------------------------------------- the tables


def _col(key: str, title: str, width: int = 14, wrap: bool = False) -> Column:
    return Column(key=key, title=title, width=width, wrap=wrap)


FINDING_COLUMNS: list[Column] = [
    _col("licence", rv.COL_LICENCE, 24),
    _col("document", "Document", 14),
    _col("clause_path", "Clause path", 12),
    _col("heading", "Heading", 24, wrap=True),
    _col("quote", rv.COL_QUOTE, 70, wrap=True),
    _col("rule_id", rv.COL_RULE_ID, 28),
    _col("rule_title", "Rule title", 30, wrap=True),
    _col("kind", "Kind", 20),
    _col("modality", "Modality", 12),
    _col("parameters", "Parameters", 30, wrap=True),
    _col("freedoms", "Freedoms", 18, wrap=True),
    _col("osd", "OSD", 18, wrap=True),
    _col("osaid", "OSAID", 18, wrap=True),
    _col("severity", "Severity", 11),
    _col("score", "Score", 8),
    _col("explanation", "Explanation", 40, wrap=True),
    _col("finding_id", rv.COL_FINDING_ID, 30),
    _col("status", rv.COL_STATUS, 24, wrap=True),
    _col("decision", rv.COL_DECISION, 15),
    _col("reviewer", rv.COL_REVIEWER, 16),
    _col("comment", rv.COL_COMMENT, 40, wrap=True),
    _col("reviewed", rv.COL_REVIEWED, 12),
    _col("fingerprint", rv.COL_FINGERPRINT, 18),
]

CLAUSE_COLUMNS: list[Column] = [
    _col("licence", rv.COL_LICENCE, 24),
    _col("document", "Document", 14),
    _col("clause_id", "Clause id", 16),
    _col("path", "Clause path", 12),
    _col("heading", "Heading", 24, wrap=True),
    _col("kind", "Kind", 12),
    _col("depth", "Depth", 7),
    _col("start", "Start", 8),
    _col("end", "End", 8),
    _col("text", "Text", 100, wrap=True),
]

# Sentences no rule explains: rows a reviewer reads by hand (``Analysis.unclassified``).
TO_REVIEW_SHEET = "To review"
TO_REVIEW_COLUMNS: list[Column] = [
    _col("licence", rv.COL_LICENCE, 24),
    _col("document", "Document", 14),
    _col("clause_path", "Clause path", 12),
    _col("heading", "Heading", 24, wrap=True),
    _col("modality", "Modality", 12),
    _col("cue", "Cue", 14),
    _col("quote", rv.COL_QUOTE, 70, wrap=True),
    _col("start", "Start", 8),
    _col("end", "End", 8),
    _col("unclassified_id", "Id", 30),
    _col("comment", rv.COL_COMMENT, 40, wrap=True),
]

STALE_COLUMNS: list[Column] = [
    _col("licence", rv.COL_LICENCE, 24),
    _col("finding_id", rv.COL_FINDING_ID, 30),
    _col("rule_id", rv.COL_RULE_ID, 28),
    _col("quote", rv.COL_QUOTE, 70, wrap=True),
    _col("decision", rv.COL_DECISION, 15),
    _col("reviewer", rv.COL_REVIEWER, 16),
    _col("comment", rv.COL_COMMENT, 40, wrap=True),
    _col("reviewed", rv.COL_REVIEWED, 12),
    _col("fingerprint", rv.COL_FINGERPRINT, 18),
]


def severity(finding: Finding) -> str:
    """Return the strongest effect of a finding: restricts > conditions > grants > none.

    Example:
        >>> from licenseparse import analyze
        >>> severity(analyze("You may not use the Model for military purposes.").findings[0])
        'restricts'
    """
    effects = {*finding.effects.freedoms.values(), *finding.effects.osd.values(),
               *finding.effects.osaid.values()}
    return next((s for s in _SEVERITY_ORDER if s in effects), "none")


def _param_text(value: Any) -> str:
    if isinstance(value, dict):
        if set(value) == {"amount", "currency"}:
            return f"{value['currency']} {value['amount']}"
        return ", ".join(f"{k}={_param_text(v)}" for k, v in sorted(value.items()))
    if isinstance(value, list | tuple):
        return ", ".join(_param_text(v) for v in value)
    return str(value)


def params_text(params: dict[str, Any]) -> str:
    """Render a finding's parameters as one readable line.

    Example:
        >>> params_text({"users": 700000000, "period": "monthly active users"})
        'period: monthly active users; users: 700000000'
    """
    return "; ".join(f"{k}: {_param_text(v)}" for k, v in sorted(params.items()))


def _effects_text(effects: Mapping[str, str]) -> str:
    return "; ".join(f"{item} {effect}" for item, effect in effects.items())


def _labels(analyses: Sequence[Analysis], labels: Sequence[str] | None) -> list[str]:
    if labels is None:
        # The comparison matrix names its columns the same way, so the sheets agree.
        from licenseparse.compare import _labels as compare_labels

        return compare_labels(analyses)
    if len(labels) != len(analyses) or len(set(labels)) != len(labels):
        raise ExportError(f"need {len(analyses)} distinct labels, got {list(labels)!r}")
    return list(labels)


def _profile_cells(a: Analysis) -> list[tuple[str, CellValue]]:
    cells: list[tuple[str, CellValue]] = []
    for name in type(a.profile).model_fields:
        value = getattr(a.profile, name)
        if isinstance(value, Money):
            # Split so that the amount stays a number a spreadsheet can compare.
            cells += [(name, value.amount), (f"{name}_currency", value.currency)]
        elif name == "revenue_threshold":
            cells += [(name, None), (f"{name}_currency", None)]
        elif isinstance(value, list):
            cells.append((name, ", ".join(str(v) for v in value)))
        else:
            cells.append((name, value))
    return cells


def _summary(analyses: Sequence[Analysis], labels: Sequence[str]) -> Table:
    from licenseparse.report import verdict_rows

    columns = [_col("licence", rv.COL_LICENCE, 24), _col("known_licence", "Known licence", 24),
               _col("source", "Source", 24, wrap=True), _col("input_digest", "Input digest", 20),
               _col("documents", "Documents", 18, wrap=True), _col("findings", "Findings", 9),
               _col("restricting_findings", "Restricting findings", 11)]
    columns += [_col(name, name, 16) for name, _ in _profile_cells(analyses[0])]
    for framework, prefix, items in verdict_rows(analyses[0]):
        # "Freedom 0: ..." names itself; OSD and OSAID items need their framework.
        columns += [_col(f"{framework}_{key}",
                         title if framework == "freedoms" else f"{prefix} {title}", 14,
                         wrap=True) for key, title, _ in items]
    table = Table(name="Summary", columns=columns)
    for a, label in zip(analyses, labels, strict=True):
        documents = ", ".join(d.name for d in a.bundle.documents) if a.bundle else ""
        row: list[CellValue] = [
            label, a.known_licence, a.source, a.provenance.input.digest, documents,
            len(a.findings), sum(1 for f in a.findings if severity(f) == "restricts")]
        row += [value for _, value in _profile_cells(a)]
        row += [verdict.status for _, _, items in verdict_rows(a) for _, _, verdict in items]
        table.rows.append(row)
    return table


def _document_of(a: Analysis, clause_id: str) -> str | None:
    if a.bundle is None:
        return None
    # Bundle clause ids carry their document's name as a prefix ("USE_POLICY.md:3.a").
    for doc in a.bundle.documents:
        if clause_id.startswith(doc.name + ":"):
            return doc.name
    return None


def _findings(analyses: Sequence[Analysis], labels: Sequence[str],
              review: rv.ReviewFile | None) -> tuple[Table, rv.ReviewResult]:
    current = []
    for a, label in zip(analyses, labels, strict=True):
        for f in a.findings:
            current.append((label, f, rv.fingerprint(f.rule_id, f.quote, f.params)))
    result = rv.reconcile(review, [(label, f.id, fp, f.rule_id, f.quote)
                                   for label, f, fp in current])
    table = Table(name=rv.FINDINGS_SHEET, columns=FINDING_COLUMNS)
    for label, f, fp in current:
        outcome = result.outcomes[(label, f.id)]
        table.rows.append([
            label, f.document, f.clause_path, f.heading, f.quote, f.rule_id, f.rule_title,
            f.kind, f.modality, params_text(f.params), _effects_text(f.effects.freedoms),
            _effects_text(f.effects.osd), _effects_text(f.effects.osaid), severity(f),
            f.score, f.explanation, f.id, outcome.status, outcome.decision,
            outcome.reviewer, outcome.comment, outcome.reviewed, fp])
    return table, result


def _to_review(analyses: Sequence[Analysis], labels: Sequence[str]) -> Table:
    table = Table(name=TO_REVIEW_SHEET, columns=TO_REVIEW_COLUMNS)
    for a, label in zip(analyses, labels, strict=True):
        for u in a.unclassified:
            table.rows.append([label, u.document, u.clause_path, u.heading, u.modality,
                               u.cue, u.quote, u.start, u.end, u.id, None])
    return table


def _clauses(analyses: Sequence[Analysis], labels: Sequence[str]) -> Table:
    table = Table(name="Clauses", columns=CLAUSE_COLUMNS)
    for a, label in zip(analyses, labels, strict=True):
        for c in a.clauses:
            table.rows.append([label, _document_of(a, c.id), c.id, c.path, c.heading, c.kind,
                               c.depth, c.start, c.end, c.text])
    return table


def _comparison(analyses: Sequence[Analysis], library: RuleLibrary,
                labels: Sequence[str]) -> Table:
    from licenseparse.compare import matrix

    grid = matrix(analyses, rules=library)
    columns = [_col("group", "Group", 10), _col("key", "Key", 28),
               _col("title", "Title", 36, wrap=True)]
    columns += [_col(f"value_{i}", label, 22, wrap=True) for i, label in enumerate(labels)]
    columns.append(_col("differs", "Differs", 9))
    table = Table(name="Comparison", columns=columns)
    for row in grid.rows:
        table.rows.append([row.group, row.key, row.title, *row.values, row.differs])
    return table


def _about(analyses: Sequence[Analysis], labels: Sequence[str], library: RuleLibrary,
           exported: dt.date, review: rv.ReviewFile | None) -> Table:
    from licenseparse.pipeline import version

    columns = [_col("item", "Item", 24), _col("value", "Value", 40, wrap=True),
               _col("source", "Source", 30, wrap=True), _col("digest", "Input digest", 66)]
    table = Table(name="About", columns=columns)
    table.rows += [
        ["licenseparse version", version(), None, None],
        ["Rule library digest", library.digest, None, None],
        ["Rules", len(library), None, None],
        ["Exported", exported, None, None],
    ]
    if review is not None:
        table.rows.append(["Review file", review.workbook or "", None, None])
    for a, label in zip(analyses, labels, strict=True):
        table.rows.append(["Input", label, a.source, a.provenance.input.digest])
    return table


def _stale(result: rv.ReviewResult) -> Table:
    table = Table(name=rv.STALE_SHEET, columns=STALE_COLUMNS)
    for e in result.stale:
        table.rows.append([e.licence, e.finding_id, e.rule_id, e.quote, e.decision,
                           e.reviewer, e.comment, e.reviewed, e.fingerprint])
    return table


def rows(items: Sequence[Source], *, review: rv.ReviewFile | None = None,
         rules: RuleLibrary | None = None, labels: Sequence[str] | None = None,
         exported: dt.date | None = None) -> Tables:
    """Build every table of an export: the rows all formats write.

    Args:
        items: anything :func:`licenseparse.analyze` accepts, one per licence or bundle.
        review: earlier decisions to carry forward (:func:`licenseparse.review.load_review`).
        rules: the rule library; the bundled one by default.
        labels: names for the licences (default: known licence id or source).
        exported: the export date shown in About (default: today).

    Returns:
        Summary, Findings, To review (sentences no rule explains), Clauses, Comparison
        (two or more inputs), About, and Stale decisions (with a review) tables.

    Raises:
        ExportError: no inputs, or bad labels.
        InputError: an input cannot be analysed.
    """
    from licenseparse.pipeline import analyze

    if not items:
        raise ExportError("nothing to export: give at least one licence")
    library = rules if rules is not None else load_library()
    analyses = [analyze(item, rules=library) for item in items]
    names = _labels(analyses, labels)
    exported = exported or dt.date.today()
    findings, result = _findings(analyses, names, review)
    tables = [_summary(analyses, names), findings, _to_review(analyses, names),
              _clauses(analyses, names)]
    if len(analyses) > 1:
        tables.append(_comparison(analyses, library, names))
    tables.append(_about(analyses, names, library, exported, review))
    if review is not None:
        tables.append(_stale(result))
    return Tables(tables=tables, labels=names, exported=exported,
                  review=result if review is not None else None)


# ------------------------------------------------------------ spreadsheet safety


def clean_text(text: str) -> str:
    """Make text safe for a spreadsheet cell: no formula trigger first, no illegal
    control characters, no more than Excel's cell limit.

    Example:
        >>> clean_text('=HYPERLINK("http://x","y")')
        '\\'=HYPERLINK("http://x","y")'
        >>> clean_text("a\\x07b"), clean_text("-1"), clean_text("plain")
        ('a b', "'-1", 'plain')
    """
    if text.startswith(rv.FORMULA_TRIGGERS):
        text = "'" + text
    text = ILLEGAL_CHARACTERS_RE.sub(" ", text)
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - len(_TRUNCATED)] + _TRUNCATED
    return text


# ------------------------------------------------------------------------- XLSX


def _write_sheet(wb: Any, table: Table, restricted_rows: set[int] | None = None) -> Any:
    ws = wb.create_sheet(table.name)
    ws.append([c.title for c in table.columns])
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for row in table.rows:
        # Cleaned before openpyxl sees it: it raises on control characters.
        ws.append([None if v is None or v == "" else clean_text(v) if isinstance(v, str)
                   else v for v in row])
    top = Alignment(vertical="top")
    wrapped = Alignment(vertical="top", wrap_text=True)
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = column.width
        for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
            if isinstance(cell.value, str):
                # Explicitly a string, never a formula, whatever openpyxl guessed.
                cell.data_type = "s"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            cell.alignment = wrapped if column.wrap else top
    for number in sorted(restricted_rows or ()):
        for cell in ws[number]:
            cell.fill = _RESTRICTED_FILL
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{max(ws.max_row, 1)}"
    return ws


def _style_findings(ws: Any, table: Table) -> None:
    keys = [c.key for c in table.columns]
    decision = get_column_letter(keys.index("decision") + 1)
    last = max(ws.max_row, 2)
    options = ",".join(rv.DECISIONS)
    dv = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True,
                        showErrorMessage=True, errorTitle="Decision",
                        error=f"Choose one of: {', '.join(rv.DECISIONS)}",
                        promptTitle="Decision", prompt=", ".join(rv.DECISIONS))
    ws.add_data_validation(dv)
    dv.add(f"{decision}2:{decision}{last}")
    status = keys.index("status")
    for number, row in enumerate(table.rows, start=2):
        if str(row[status]).startswith("needs re-review"):
            ws.cell(row=number, column=status + 1).fill = _REREVIEW_FILL
            ws.cell(row=number, column=keys.index("decision") + 1).fill = _REREVIEW_FILL


def _style_summary(ws: Any, table: Table) -> None:
    for number, row in enumerate(table.rows, start=2):
        for index, value in enumerate(row, start=1):
            fill = _STATUS_FILLS.get(value) if isinstance(value, str) else None
            key = table.columns[index - 1].key
            if fill is not None and key.startswith(("freedoms_", "osd_", "osaid_")):
                ws.cell(row=number, column=index).fill = fill


def export_xlsx(items: Sequence[Source] | Tables, path: str | os.PathLike[str],
                review: rv.ReviewFile | None = None, **options: Any) -> Tables:
    """Write a review workbook: Summary, Findings, Clauses, Comparison, About.

    Args:
        items: licences (anything ``analyze`` accepts) or tables from :func:`rows`.
        path: the ``.xlsx`` file to write.
        review: earlier decisions to carry forward.
        options: ``rules``, ``labels``, ``exported`` as for :func:`rows`.

    Returns:
        The tables written.

    Raises:
        ExportError: the file cannot be written.
    """
    tables = items if isinstance(items, Tables) else rows(items, review=review, **options)
    wb = Workbook()
    wb.remove(wb.active)
    moment = dt.datetime.combine(tables.exported, dt.time())
    # Fixed document dates: exporting the same inputs on the same day gives the same book.
    wb.properties.created = wb.properties.modified = moment
    wb.properties.creator = "licenseparse"
    for table in tables.tables:
        restricted = None
        if table.name == rv.FINDINGS_SHEET:
            at = [c.key for c in table.columns].index("severity")
            restricted = {n for n, r in enumerate(table.rows, start=2) if r[at] == "restricts"}
        ws = _write_sheet(wb, table, restricted)
        if table.name == rv.FINDINGS_SHEET:
            _style_findings(ws, table)
        elif table.name == "Summary":
            _style_summary(ws, table)
    try:
        wb.save(os.fspath(path))
    except OSError as exc:
        raise ExportError(f"{path}: cannot write workbook: {exc.strerror or exc}") from None
    return tables


# -------------------------------------------------------------------- CSV, JSONL


def _csv_text(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return repr(value)
    return clean_text(value)


def csv_name(table: Table) -> str:
    """Return the file name of a table's CSV file (``"stale-decisions.csv"``)."""
    return re.sub(r"[^a-z0-9]+", "-", table.name.lower()).strip("-") + ".csv"


def export_csv(items: Sequence[Source] | Tables, folder: str | os.PathLike[str],
               bom: bool = False, review: rv.ReviewFile | None = None,
               **options: Any) -> Tables:
    """Write one RFC 4180 CSV file per sheet into ``folder`` (created if needed).

    Args:
        items: licences or tables from :func:`rows`.
        folder: where ``summary.csv``, ``findings.csv``, ... go.
        bom: start each file with a UTF-8 byte order mark, so Excel reads UTF-8.
        review: earlier decisions to carry forward.

    Raises:
        ExportError: the folder or a file cannot be written.
    """
    tables = items if isinstance(items, Tables) else rows(items, review=review, **options)
    target = Path(folder)
    try:
        target.mkdir(parents=True, exist_ok=True)
        for table in tables.tables:
            with (target / csv_name(table)).open(
                    "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
                writer.writerow([c.title for c in table.columns])
                writer.writerows([_csv_text(v) for v in row] for row in table.rows)
    except OSError as exc:
        raise ExportError(f"{target}: cannot write CSV: {exc.strerror or exc}") from None
    return tables


def _json_value(value: CellValue) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def export_jsonl(items: Sequence[Source] | Tables, path: str | os.PathLike[str],
                 review: rv.ReviewFile | None = None, **options: Any) -> Tables:
    """Write the finding rows as JSON Lines: one object per finding, keyed by column key.

    Raises:
        ExportError: the file cannot be written.
    """
    tables = items if isinstance(items, Tables) else rows(items, review=review, **options)
    lines = [json.dumps({k: _json_value(v) for k, v in record.items()}, ensure_ascii=False)
             for record in tables.table(rv.FINDINGS_SHEET).records()]
    try:
        Path(path).write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    except OSError as exc:
        raise ExportError(f"{path}: cannot write JSON Lines: {exc.strerror or exc}") from None
    return tables


def findings_frame(analysis: Analysis) -> Any:
    """Return an analysis's findings as a pandas DataFrame (the Findings sheet's columns).

    Raises:
        MissingDependencyError: pandas is not installed.
    """
    try:
        import pandas as pd  # type: ignore[import-untyped]
    except ImportError:
        raise MissingDependencyError(
            "to_frame() needs pandas: pip install 'licenseparse[pandas]'") from None
    label = analysis.known_licence or analysis.source or "input text"
    table, _ = _findings([analysis], [label], None)
    return pd.DataFrame(table.rows, columns=[c.key for c in table.columns])

"""Render results for people: Markdown through jinja2, terminal tables through rich.

Every renderer reads the same pydantic result object, so the formats cannot disagree.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Literal

import jinja2
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from licenseparse.assess import FREEDOM_TITLES, OSAID_TITLES, OSD_TITLES
from licenseparse.models import Analysis, Verdict

if TYPE_CHECKING:
    from licenseparse.compare import Comparison, Matrix

Format = Literal["json", "md", "table"]

STATUS_STYLE = {
    "restricted": "bold red",
    "conditioned": "yellow",
    "respected": "green",
    "undetermined": "dim",
}


def _md(value: object) -> str:
    """Escape text for a Markdown table cell or list item."""
    text = str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _oneline(value: object) -> str:
    return " ".join(str(value).split())


_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("licenseparse", "templates"),
    autoescape=False,  # Markdown output; HTML reports turn autoescape on.
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=False,
)
_ENV.filters["md"] = _md
_ENV.filters["oneline"] = _oneline


def verdict_rows(a: Analysis) -> list[tuple[str, str, list[tuple[str, str, Verdict]]]]:
    """Return verdicts grouped by framework with readable labels."""
    return [
        ("freedoms", "FSF freedom",
         [(k, FREEDOM_TITLES[k], v) for k, v in a.verdicts.freedoms.items()]),
        ("osd", "OSD", [(k, f"{k}. {OSD_TITLES[k]}", v) for k, v in a.verdicts.osd.items()]),
        ("osaid", "OSAID",
         [(k, f"{k}: {OSAID_TITLES[k]}", v) for k, v in a.verdicts.osaid.items()]),
    ]


def _value_text(value: Any) -> str:
    if isinstance(value, dict):
        return f"{value.get('currency', '')} {value.get('amount', '')}".strip()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def profile_rows(a: Analysis) -> list[tuple[str, str, str]]:
    """Return (field, value, evidence clause paths) for every profile field."""
    by_id = {f.id: f for f in a.findings}
    rows = []
    for name, value in a.profile.model_dump(mode="json").items():
        paths = sorted({by_id[i].clause_path for i in a.profile_evidence.get(name, [])
                        if i in by_id})
        rows.append((name, _value_text(value), ", ".join(paths)))
    return rows


def render(a: Analysis, fmt: Format) -> str:
    """Render an analysis as JSON or Markdown text.

    Example:
        >>> from licenseparse import analyze
        >>> render(analyze("You may not sell the Software."), "md").startswith("# Licence")
        True
    """
    if fmt == "json":
        return json.dumps(a.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    if fmt == "md":
        return _ENV.get_template("analysis.md.j2").render(
            a=a, verdict_rows=verdict_rows(a), profile_rows=profile_rows(a)
        )
    raise ValueError(f"unknown format {fmt!r}; use json, md or table")


def render_tree(a: Analysis, *, words: int = 8) -> str:
    """Render the clause tree and the glossary as indented plain text.

    Each clause shows its path, its heading, or else its first words; each glossary
    entry its aliases, whether it names the licensee, and the clause defining it.

    Example:
        >>> from licenseparse import analyze
        >>> print(render_tree(analyze("1. Grant.\\n\\na. You may use it.\\n")))
        1  Grant
          1.a  a. You may use it.
        <BLANKLINE>
        Glossary: none
    """
    lines = []
    for clause in a.clauses:
        shown = clause.heading or " ".join(clause.text.split()[:words])
        if clause.heading is None and len(clause.text.split()) > words:
            shown += " ..."
        lines.append(f"{'  ' * clause.depth}{clause.path}  {shown}")
    lines.append("")
    if not a.glossary:
        lines.append("Glossary: none")
    else:
        lines.append("Glossary:")
        for term in a.glossary:
            aliases = f" (also {', '.join(term.aliases)})" if term.aliases else ""
            licensee = " [licensee]" if term.licensee else ""
            lines.append(f"  {term.term}{aliases}{licensee}  in {term.clause_id}")
    return "\n".join(lines)


def render_table(a: Analysis, *, max_quote: int = 160) -> RenderableType:
    """Build rich tables (verdicts, profile, findings, terms to review) for a terminal."""
    title = a.source or "input text"
    verdicts = Table(title=f"Verdicts: {title}", expand=False, show_lines=False)
    verdicts.add_column("Framework")
    verdicts.add_column("Item")
    verdicts.add_column("Status")
    verdicts.add_column("Reason", overflow="fold")
    for _, fw_title, items in verdict_rows(a):
        for _, label, v in items:
            verdicts.add_row(fw_title, label, Text(v.status, style=STATUS_STYLE[v.status]),
                             v.reason)
    profile = Table(title="Profile")
    profile.add_column("Field")
    profile.add_column("Value", overflow="fold")
    profile.add_column("Clauses")
    for name, value, paths in profile_rows(a):
        profile.add_row(name, value, paths)
    findings = Table(title=f"Findings ({len(a.findings)})", show_lines=True)
    findings.add_column("Clause")
    findings.add_column("Rule")
    findings.add_column("Modality")
    findings.add_column("Params", overflow="fold")
    findings.add_column("Quote", overflow="fold")
    for f in a.findings:
        quote = _oneline(f.quote)
        if len(quote) > max_quote:
            quote = quote[: max_quote - 1] + "…"
        params = ", ".join(f"{k}={_value_text(v)}" for k, v in f.params.items())
        where = f"{f.document}: {f.clause_path}" if a.bundle is not None else f.clause_path
        findings.add_row(where, f.rule_id, f.modality, params, quote)
    review = Table(title=f"To review: terms no rule explains ({len(a.unclassified)})",
                   show_lines=True)
    review.add_column("Clause")
    review.add_column("Modality")
    review.add_column("Quote", overflow="fold")
    for u in a.unclassified:
        quote = _oneline(u.quote)
        if len(quote) > max_quote:
            quote = quote[: max_quote - 1] + "…"
        where = f"{u.document}: {u.clause_path}" if a.bundle is not None else u.clause_path
        review.add_row(where, f"{u.modality} ({u.cue})", quote)
    parts: list[RenderableType] = []
    if a.identification is not None:
        parts.append(Text(f"Identification: {a.identification.summary} "
                          "(beside the analysis; it decides nothing)", style="bold"))
    if a.bundle is not None:
        documents = Table(title=f"Model folder: {a.bundle.folder}")
        documents.add_column("Document")
        documents.add_column("Role")
        documents.add_column("Findings")
        for d in a.bundle.documents:
            documents.add_row(d.name, d.role, str(len(d.analysis.findings)))
        parts.append(documents)
        if a.bundle.declared is not None:
            declared = a.bundle.declared
            parts.append(Text(
                f"README.md declares: {declared.license or ''}"
                + (f" ({declared.license_name})" if declared.license_name else "")
                + (f" = {', '.join(declared.known_ids)}" if declared.known_ids else "")))
        issues = Table(title=f"Issues ({len(a.bundle.issues)})")
        issues.add_column("Issue", style="bold red")
        issues.add_column("What to check", overflow="fold")
        for issue in a.bundle.issues:
            issues.add_row(issue.code, issue.message)
        parts.append(issues)
    return Group(*parts, verdicts, profile, findings, review)


def _status_text(status: str) -> Text:
    return Text(status, style=STATUS_STYLE.get(status, ""))


def render_comparison_table(c: Comparison, *, max_quote: int = 120) -> RenderableType:
    """Side-by-side terminal tables of a comparison: profile, verdicts, findings, and
    what both licences share."""
    a, b = c.a_label, c.b_label
    parts: list[RenderableType] = [Text(f"{a}  vs  {b}", style="bold")]
    if c.identical:
        parts.append(Text("No differences: same profile, verdicts, findings and clauses."))
        return Group(*parts)

    def short(value: str) -> str:
        value = _oneline(value)
        return value if len(value) <= max_quote else value[: max_quote - 1] + "…"

    if c.profile_changes:
        profile = Table(title="Profile differences", show_lines=True)
        profile.add_column("Field")
        profile.add_column(a, overflow="fold")
        profile.add_column(b, overflow="fold")
        for change in c.profile_changes:
            left = change.a_display + "".join(
                f"\n{q.clause_path}: \u201c{short(q.quote)}\u201d" for q in change.a_quotes[:1])
            right = change.b_display + "".join(
                f"\n{q.clause_path}: \u201c{short(q.quote)}\u201d" for q in change.b_quotes[:1])
            profile.add_row(change.title, left, right)
        parts.append(profile)
    if c.verdict_changes:
        verdicts = Table(title="Verdict differences")
        verdicts.add_column("Item")
        verdicts.add_column(a)
        verdicts.add_column(b)
        for v in c.verdict_changes:
            verdicts.add_row(v.title, _status_text(v.a_status), _status_text(v.b_status))
        parts.append(verdicts)
    if c.finding_changes:
        findings = Table(title=f"Finding differences ({len(c.finding_changes)})",
                         show_lines=True)
        findings.add_column("Kind")
        findings.add_column(a, overflow="fold")
        findings.add_column(b, overflow="fold")
        for f in c.finding_changes:
            findings.add_row(
                f.kind_title,
                f"{f.a.clause_path}: \u201c{short(f.a.quote)}\u201d" if f.a else "-",
                f"{f.b.clause_path}: \u201c{short(f.b.quote)}\u201d" if f.b else "-")
        parts.append(findings)
    changed = [p for p in c.clauses if p.status != "unchanged"]
    parts.append(Text(f"Clauses: {len(c.clauses) - len(changed)} unchanged, "
                      f"{len(changed)} changed, added or removed (see --format md or html "
                      "for the word-level diff)."))
    if c.common_ground:
        common = Table(title="Common ground")
        common.add_column("Field")
        common.add_column("Both", overflow="fold")
        for g in c.common_ground:
            common.add_row(g.title, g.value)
        parts.append(common)
    return Group(*parts)


def render_matrix_table(m: Matrix) -> RenderableType:
    """The N-way matrix as a terminal table: licences as columns, rows that differ bold."""
    table = Table(title="Matrix (rows that differ in bold)")
    table.add_column("Row")
    for column in m.columns:
        table.add_column(column, overflow="fold")
    group = None
    for row in m.rows:
        if row.group != group:
            group = row.group
            table.add_section()
        style = "bold" if row.differs else "dim"
        table.add_row(Text(row.title, style=style), *row.values)
    return table

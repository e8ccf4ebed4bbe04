"""Command line: parse arguments, call the library, print, and set the exit code.

Exit codes: 0 ok; 1 a requested check failed (``rules test``, ``--fail-on``);
2 usage, input or configuration error (one clear line on stderr, never a traceback).
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from licenseparse.errors import LicenseparseError
from licenseparse.library import FAMILY_TITLES, RuleLibrary, load_library

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Read licence texts (above all AI model licences) and report what they allow "
    "and forbid, clause by clause, with quoted evidence.",
    pretty_exceptions_enable=False,
)
rules_app = typer.Typer(no_args_is_help=True, help="List, show, validate and test clause rules.")
app.add_typer(rules_app, name="rules")
review_app = typer.Typer(no_args_is_help=True,
                         help="Carry reviewers' decisions from a workbook to the next export.")
app.add_typer(review_app, name="review")

_out = Console(soft_wrap=False)
_err = Console(stderr=True, soft_wrap=True)

EXIT_OK, EXIT_CHECK_FAILED, EXIT_USAGE = 0, 1, 2


class OutputFormat(str, Enum):
    """Output formats of ``analyze`` and ``compare``."""

    table = "table"
    json = "json"
    md = "md"
    html = "html"


_OutputOption = Annotated[Path | None, typer.Option(
    "--output", "-o", help="Write the report to this file instead of standard output.")]


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise _fail(exc) from None
    _err.print(f"wrote {output}", highlight=False, markup=False)


def _fail(exc: BaseException) -> typer.Exit:
    # Escaped: messages hold brackets ("[LP110]", 'licenseparse[corpus]') that rich would
    # otherwise read as markup and drop.
    _err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, markup=True)
    return typer.Exit(EXIT_USAGE)


def _library(rules: list[Path] | None) -> RuleLibrary:
    return load_library(*(str(p) for p in rules or []))


_CorpusOption = Annotated[Path | None, typer.Option(
    "--corpus", help="A folder of your own licence texts (<key>.txt), searched before the "
    "ScanCode data; default $LICENSEPARSE_CORPUS.")]


@app.command()
def analyze(
    source: Annotated[str, typer.Argument(
        help="A licence file (text, Markdown or HTML), a model folder (LICENSE, "
        "USE_POLICY, NOTICE, README.md), or a known licence: llama3.1, gemma, a ScanCode "
        "key such as llama-3.1-license-2024, a Hugging Face licence tag.")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = (
        OutputFormat.table),
    rules: Annotated[list[Path] | None, typer.Option(
        "--rules", help="A folder of extra rules, added to the bundled library "
        "(repeatable; duplicate ids are an error).")] = None,
    corpus: _CorpusOption = None,
    identify: Annotated[bool, typer.Option(
        "--identify/--no-identify", help="Also name the closest known licence and what "
        "differs from it (needs the known texts; the first run builds an index).")] = False,
    fail_on_restricted: Annotated[bool, typer.Option(
        "--fail-on-restricted", help="Exit 1 when any verdict is 'restricted'.")] = False,
    tree: Annotated[bool, typer.Option(
        "--tree", help="Print the clause tree (paths, headings) and the glossary "
        "instead of the report.")] = False,
    output: _OutputOption = None,
) -> None:
    """Analyse one licence or model folder and print its verdicts, profile and findings."""
    from licenseparse.pipeline import analyze as run
    from licenseparse.report import render, render_table, render_tree

    try:
        result = run(source, rules=_library(rules), corpus=corpus, identify=identify)
    except LicenseparseError as exc:
        raise _fail(exc) from None
    if tree:
        _emit(render_tree(result) + "\n", output)
    elif fmt is OutputFormat.table and output is None:
        _out.print(render_table(result))
    elif fmt is OutputFormat.html:
        from licenseparse.html import render_analysis_html

        _emit(render_analysis_html(result), output)
    else:
        _emit(render(result, "md" if fmt is OutputFormat.table else fmt.value), output)
    if fail_on_restricted:
        statuses = [v.status for group in (result.verdicts.freedoms, result.verdicts.osd,
                                           result.verdicts.osaid) for v in group.values()]
        if "restricted" in statuses:
            raise typer.Exit(EXIT_CHECK_FAILED)


@app.command("compare")
def compare_command(
    sources: Annotated[list[str], typer.Argument(
        help="Two or more licences: files, model folders or known names (llama2, "
        "llama3.1, gemma-tou-2024-04-01, ...). Three or more are read as a version "
        "chain: each step is compared, and a matrix shows them all.")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = (
        OutputFormat.table),
    output: _OutputOption = None,
    rules: Annotated[list[Path] | None, typer.Option(
        "--rules", help="A folder of extra rules (repeatable).")] = None,
    corpus: _CorpusOption = None,
) -> None:
    """Compare licences side by side: what differs, with quotes from both, and what they
    share."""
    from licenseparse import compare as cmp
    from licenseparse.pipeline import analyze as run

    if len(sources) < 2:
        raise _fail(ValueError("compare needs at least two licences"))
    try:
        library = _library(rules)
        analyses = [run(source, rules=library, corpus=corpus) for source in sources]
        steps = cmp.chain(analyses, rules=library)
        grid = cmp.matrix(analyses, rules=library) if len(analyses) > 2 else None
    except LicenseparseError as exc:
        raise _fail(exc) from None
    if fmt is OutputFormat.json:
        payload: dict[str, Any] = {"comparisons": [c.model_dump(mode="json") for c in steps]}
        if grid is not None:
            payload["matrix"] = grid.model_dump(mode="json")
        _emit(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", output)
    elif fmt is OutputFormat.md or (fmt is OutputFormat.table and output is not None):
        text = cmp.render_comparison_md(steps[0]) if grid is None else (
            cmp.render_chain_md(steps) + "\n" + cmp.render_matrix_md(grid))
        _emit(text, output)
    elif fmt is OutputFormat.html:
        from licenseparse.html import render_chain_html, render_comparison_html

        _emit(render_comparison_html(steps[0]) if grid is None
              else render_chain_html(steps, grid), output)
    else:
        from licenseparse.report import render_comparison_table, render_matrix_table

        for step in steps:
            _out.print(render_comparison_table(step))
        if grid is not None:
            _out.print(render_matrix_table(grid))


@app.command("list")
def list_known(
    family: Annotated[str | None, typer.Option(
        "--family", help="Only this family, e.g. llama, gemma, rail.")] = None,
    corpus: _CorpusOption = None,
) -> None:
    """List the known AI model licences and policies, and which texts are available."""
    from licenseparse import manifest
    from licenseparse.known import text_source

    try:
        entries = manifest.by_family(family.lower() if family else None)
        if family and not entries:
            raise manifest.ManifestError(
                f"no family {family!r}; known families: {', '.join(manifest.families())}")
        sources = {e.id: text_source(e.id, corpus) for e in entries}
    except LicenseparseError as exc:
        raise _fail(exc) from None
    available = sum(1 for v in sources.values() if v)
    table = Table(title=f"{len(entries)} known licences and policies "
                        f"({available} texts available)")
    # Ids are what users copy into the next command: they get the room, the Hugging Face
    # tags go under them, and families head sections, so 80 columns are enough.
    table.add_column("Id (Hugging Face tags)", min_width=40, overflow="fold")
    table.add_column("Kind", no_wrap=True)
    table.add_column("Released", no_wrap=True)
    table.add_column("Text", no_wrap=True)
    current = None
    for entry in entries:
        if entry.family != current:
            current = entry.family
            table.add_section()
            table.add_row(f"[bold]{entry.family}[/bold]", "", "", "")
        tags = ", ".join([*entry.hf_tags, *(f"other: {n}" for n in entry.hf_license_names)])
        source = sources[entry.id]
        table.add_row(f"  {entry.id}" + (f"\n    [dim]{escape(tags)}[/dim]" if tags else ""),
                      entry.kind, str(entry.released or ""),
                      source if source else "[dim]missing[/dim]")
    _out.print(table)
    if available < len(entries):
        _out.print('Texts marked "missing": pip install "licenseparse[corpus]" (ScanCode '
                   "texts), or --corpus DIR with <id>.txt files.", highlight=False, markup=False)


@rules_app.command("list")
def rules_list(
    rules: Annotated[list[Path] | None, typer.Option("--rules", help="Extra rule folders.")] = None,
) -> None:
    """List the rules, grouped by kind."""
    try:
        library = _library(rules)
    except LicenseparseError as exc:
        raise _fail(exc) from None
    table = Table(title=f"{len(library)} rules in {len(library.by_kind())} kinds "
                        f"(library {library.digest[:12]})")
    table.add_column("Kind")
    table.add_column("Rule id")
    table.add_column("Title")
    table.add_column("Effects")
    family = None
    for kind, kind_rules in library.by_kind():
        if kind.family != family:
            family = kind.family
            table.add_section()
            table.add_row(f"[bold]{FAMILY_TITLES.get(family, family)}[/bold]", "", "", "")
        for index, rule in enumerate(kind_rules):
            effects = ", ".join(
                f"{fw}{k}:{v[:5]}" for fw, items in (("F", rule.effects.freedoms),
                                                     ("OSD", rule.effects.osd),
                                                     ("AI-", rule.effects.osaid))
                for k, v in items.items()
            )
            table.add_row(f"  {kind.title}" if index == 0 else "", rule.id, rule.title,
                          effects)
    _out.print(table)


@rules_app.command("show")
def rules_show(
    rule_id: Annotated[str, typer.Argument(help="The rule id, e.g. scale.user-cap.")],
    rules: Annotated[list[Path] | None, typer.Option("--rules", help="Extra rule folders.")] = None,
) -> None:
    """Show one rule as YAML, with the file it comes from."""
    import yaml

    try:
        library = _library(rules)
        rule = library.get(rule_id)
    except LicenseparseError as exc:
        raise _fail(exc) from None
    _out.print(f"# {library.sources.get(rule.id, '')}", highlight=False, markup=False)
    sys.stdout.write(yaml.safe_dump(rule.model_dump(mode="json", by_alias=True,
                                                    exclude_none=True),
                                    sort_keys=False, allow_unicode=True))


@rules_app.command("validate")
def rules_validate(
    folder: Annotated[Path | None, typer.Argument(
        help="A rule folder; the bundled library when omitted.")] = None,
) -> None:
    """Validate a rule folder against the closed schema; list every problem."""
    try:
        library = RuleLibrary.from_path(folder) if folder else load_library()
    except LicenseparseError as exc:
        raise _fail(exc) from None
    _out.print(f"ok: {len(library)} rules valid (digest {library.digest[:12]})")


@rules_app.command("test")
def rules_test(
    folder: Annotated[Path | None, typer.Argument(
        help="A rule folder; the bundled library when omitted.")] = None,
) -> None:
    """Run every rule's positive and negative examples; exit 1 if any fails."""
    from licenseparse.testing import run_examples

    try:
        library = RuleLibrary.from_path(folder) if folder else load_library()
    except LicenseparseError as exc:
        raise _fail(exc) from None
    results = run_examples(library)
    failed = [r for r in results if not r.ok]
    for result in failed:
        _err.print(f"FAIL {result.message}", highlight=False, markup=False)
    passed = len(results) - len(failed)
    _out.print(f"{passed} passed, {len(failed)} failed", highlight=False)
    if failed:
        raise typer.Exit(EXIT_CHECK_FAILED)


@app.command("export")
def export_command(
    sources: Annotated[list[str], typer.Argument(
        help="One or more licences: files, model folders or known names (llama3.1, "
        "gemma-tou-2024-04-01, apache-2.0, ...).")],
    xlsx: Annotated[Path | None, typer.Option(
        "--xlsx", help="Write a review workbook (Summary, Findings, Clauses, Comparison, "
        "About).")] = None,
    csv_dir: Annotated[Path | None, typer.Option(
        "--csv", help="Write one CSV file per sheet into this folder.")] = None,
    jsonl: Annotated[Path | None, typer.Option(
        "--jsonl", help="Write the finding rows as JSON Lines.")] = None,
    review: Annotated[Path | None, typer.Option(
        "--review", help="A review file (from 'review import') whose decisions are "
        "carried forward.")] = None,
    bom: Annotated[bool, typer.Option(
        "--bom", help="Start CSV files with a UTF-8 byte order mark (for Excel).")] = False,
    rules: Annotated[list[Path] | None, typer.Option(
        "--rules", help="A folder of extra rules (repeatable).")] = None,
    corpus: _CorpusOption = None,
) -> None:
    """Export findings, clauses and verdicts as legal-review spreadsheets."""
    from licenseparse import export as ex
    from licenseparse.pipeline import analyze as run
    from licenseparse.review import load_review

    if xlsx is None and csv_dir is None and jsonl is None:
        raise _fail(ValueError("export needs at least one of --xlsx FILE, --csv DIR, "
                               "--jsonl FILE"))
    try:
        library = _library(rules)
        previous = load_review(review) if review is not None else None
        analyses = [run(source, rules=library, corpus=corpus) for source in sources]
        tables = ex.rows(analyses, review=previous, rules=library)
        for target, write in ((xlsx, ex.export_xlsx), (jsonl, ex.export_jsonl)):
            if target is not None:
                write(tables, target)
                _err.print(f"wrote {target}", highlight=False, markup=False)
        if csv_dir is not None:
            ex.export_csv(tables, csv_dir, bom=bom)
            _err.print(f"wrote {csv_dir}", highlight=False, markup=False)
    except LicenseparseError as exc:
        raise _fail(exc) from None
    if tables.review is not None:
        _err.print(f"review: {len(tables.review.carried)} decisions carried forward, "
                   f"{len(tables.review.needs_review)} need re-review, "
                   f"{len(tables.review.stale)} stale", highlight=False, markup=False)


@review_app.command("import")
def review_import(
    workbook: Annotated[Path, typer.Argument(help="A reviewed workbook from 'export --xlsx'.")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the review file here (.json for JSON, YAML "
        "otherwise) instead of printing YAML.")] = None,
) -> None:
    """Read the Decision, Reviewer and Comment columns back into a review file."""
    from licenseparse.review import dumps_review, import_workbook, save_review

    try:
        result = import_workbook(workbook)
        if output is None:
            sys.stdout.write(dumps_review(result))
        else:
            save_review(result, output)
    except LicenseparseError as exc:
        raise _fail(exc) from None
    decided = sum(1 for e in result.entries if e.decision)
    _err.print(f"{len(result.entries)} entries ({decided} decisions)"
               + (f", wrote {output}" if output else ""), highlight=False, markup=False)


def main() -> None:
    """Entry point of the ``licenseparse`` command."""
    try:
        app()
    except LicenseparseError as exc:  # anything a command did not catch itself
        _err.print(f"error: {exc}", highlight=False, markup=False)
        sys.exit(EXIT_USAGE)


if __name__ == "__main__":
    main()

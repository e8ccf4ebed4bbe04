"""Nothing silently dropped: sentences with a modal cue that no rule explains are listed
for review, in the analysis, every report and the spreadsheet."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook
from rich.console import Console
from typer.testing import CliRunner

from licenseparse import analyze
from licenseparse.cli import app
from licenseparse.export import TO_REVIEW_SHEET, export_xlsx
from licenseparse.html import render_analysis_html
from licenseparse.report import render, render_table

# Made-up terms: one grant a rule explains, an odd duty and a lead-in over items that no
# rule knows, and a definition, a title and a short line that are nothing to review.
TEXT = (
    "Garden Tool Licence\n\n"
    "You may use and copy this software for any purpose.\n\n"
    "You must water the office plants every Tuesday morning.\n\n"
    "You may not:\n"
    "(a) juggle with the installation media;\n"
    "(b) paint the server room green.\n\n"
    '"Plants" shall mean the ferns in the lobby.\n\n'
    "See above.\n"
)

runner = CliRunner()


def test_unexplained_duties_and_list_items_are_listed_with_offsets() -> None:
    a = analyze(TEXT)
    quotes = [u.quote for u in a.unclassified]
    assert quotes == [
        "You must water the office plants every Tuesday morning.",
        "(a) juggle with the installation media;",
        "(b) paint the server room green.",
    ]
    must, first, second = a.unclassified
    assert (must.modality, must.cue) == ("obligation", "must")
    # A list item without a cue of its own says what its lead-in forbids.
    assert (first.modality, first.cue) == ("prohibition", "may not")
    assert second.clause_path == "b"
    for u in a.unclassified:
        assert TEXT[u.start:u.end] == u.quote
    # The grant is explained by findings, so it is not listed.
    assert any(f.kind == "grant.use" for f in a.findings)
    assert len({u.id for u in a.unclassified}) == 3
    # The grant, the duty and the two items carry a modal cue; the definition does not.
    assert a.modal_sentences == 4
    # Same input, same ids.
    assert [u.id for u in analyze(TEXT).unclassified] == [u.id for u in a.unclassified]


def test_a_text_whose_terms_are_all_explained_lists_nothing() -> None:
    a = analyze("Permission is hereby granted to use, copy and modify this software.")
    assert a.unclassified == []
    assert "is explained by a finding" in render(a, "md")


def test_reports_and_spreadsheet_show_the_terms_to_review(tmp_path: Path) -> None:
    a = analyze(TEXT)
    md = render(a, "md")
    assert "## To review: terms no rule explains" in md
    assert "> (b) paint the server room green." in md
    assert "3 of the 4 sentences or list items" in md
    page = render_analysis_html(a)
    assert 'id="unclassified"' in page and "paint the server room green." in page
    console = Console(file=io.StringIO(), width=200)
    console.print(render_table(a))
    terminal = console.file.getvalue()  # type: ignore[attr-defined]
    assert "To review: terms no rule explains (3)" in terminal
    assert "water the office plants" in terminal
    path = tmp_path / "LICENSE"
    path.write_text(TEXT, encoding="utf-8")
    export_xlsx([path], tmp_path / "review.xlsx")
    sheet = load_workbook(tmp_path / "review.xlsx")[TO_REVIEW_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 4 and rows[3][6] == "(b) paint the server room green."
    # JSON output carries them too.
    result = runner.invoke(app, ["analyze", str(path), "-f", "json"])
    assert result.exit_code == 0 and '"unclassified"' in result.output


def test_a_model_folder_prefixes_the_document(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "LICENSE").write_text(TEXT, encoding="utf-8")
    a = analyze(folder)
    assert [u.document for u in a.unclassified] == ["LICENSE"] * 3
    assert all(u.id.startswith("LICENSE:unclassified@") for u in a.unclassified)

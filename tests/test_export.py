"""Legal-review spreadsheets: the workbook, CSV, JSON Lines and DataFrame exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from licenseparse import Analysis, analyze
from licenseparse.cli import app
from licenseparse.export import (
    CLAUSE_COLUMNS,
    FINDING_COLUMNS,
    TO_REVIEW_COLUMNS,
    Tables,
    clean_text,
    export_csv,
    export_jsonl,
    export_xlsx,
    rows,
)
from licenseparse.review import DECISIONS

from .conftest import analysed

KEYS = ("llama-3.1-license-2024", "gemma-tou-2024-04-01", "apache-2.0")
EXPORTED = dt.date(2024, 5, 1)
SHEETS = ["Summary", "Findings", "To review", "Clauses", "Comparison", "About"]
FORMULA = '=HYPERLINK("http://x","y")'
# A made-up licence: a clause whose line starts with a formula, a comma, a quote, a
# newline inside a clause, and a control character openpyxl cannot write.
TRICKY = (
    "Model Licence\n\n"
    f'{FORMULA} You may use, copy and "share" the Model,\nand modify it.\n\n'
    "1. Restrictions.\n"
    "You may not use the Model for military purposes.\x07\n\n"
    "2. Other.\n"
    "@SUM(A1) +1 -2 You must keep this notice.\n"
)

runner = CliRunner()


@pytest.fixture(scope="module")
def three() -> list[Analysis]:
    return [analysed(key) for key in KEYS]


@pytest.fixture(scope="module")
def book(three: list[Analysis], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Tables]:
    path = tmp_path_factory.mktemp("xlsx") / "review.xlsx"
    tables = export_xlsx(three, path, exported=EXPORTED)
    return path, tables


def _header(ws: object) -> list[str]:
    return [c.value for c in ws[1]]  # type: ignore[index]


def test_export_xlsx_sheets_headers_panes_filters(book: tuple[Path, Tables]) -> None:
    path, _ = book
    wb = load_workbook(path)
    assert wb.sheetnames == SHEETS
    assert _header(wb["Findings"]) == [c.title for c in FINDING_COLUMNS]
    assert _header(wb["Clauses"]) == [c.title for c in CLAUSE_COLUMNS]
    assert _header(wb["To review"]) == [c.title for c in TO_REVIEW_COLUMNS]
    assert _header(wb["Comparison"])[:3] == ["Group", "Key", "Title"]
    assert _header(wb["Comparison"])[3:6] == list(KEYS)
    summary = _header(wb["Summary"])
    assert summary[:4] == ["Licence", "Known licence", "Source", "Input digest"]
    assert "mau_threshold" in summary and "commercial_use" in summary
    verdicts = [h for h in summary if h.startswith(("Freedom ", "OSD ", "OSAID "))]
    assert [h.split(":")[0].split(".")[0] for h in verdicts] == [
        *(f"Freedom {n}" for n in range(4)), *(f"OSD {n}" for n in range(1, 11)),
        *(f"OSAID {k}" for k in ("use", "study", "modify", "share"))]
    llama = [c.value for c in wb["Summary"][2]]
    assert llama[summary.index(verdicts[0])] in {"respected", "conditioned", "restricted"}
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        last = ws.cell(row=1, column=ws.max_column).column_letter
        assert ws.auto_filter.ref == f"A1:{last}{ws.max_row}", ws.title
        assert ws.column_dimensions["A"].width > 8


def test_export_xlsx_decision_drop_down_covers_column(book: tuple[Path, Tables]) -> None:
    path, tables = book
    ws = load_workbook(path)["Findings"]
    column = _header(ws).index("Decision") + 1
    letter = ws.cell(row=1, column=column).column_letter
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list"
    assert dv.formula1.strip('"').split(",") == list(DECISIONS)
    assert str(dv.sqref) == f"{letter}2:{letter}{len(tables.table('Findings').rows) + 1}"


def test_export_xlsx_typed_cells(book: tuple[Path, Tables]) -> None:
    path, _ = book
    wb = load_workbook(path)
    summary = wb["Summary"]
    header = _header(summary)
    llama = [c.value for c in summary[2]]
    mau = llama[header.index("mau_threshold")]
    assert type(mau) is int and mau == 700_000_000
    assert llama[header.index("Findings")] == len(analysed(KEYS[0]).findings)
    assert type(llama[header.index("share_alike")]) is bool
    about = {row[0].value: row[1].value for row in wb["About"].iter_rows(min_row=2)}
    assert isinstance(about["Exported"], dt.datetime)
    assert about["Exported"].date() == EXPORTED
    assert about["Rule library digest"] == analysed(KEYS[0]).provenance.library_digest
    findings = wb["Findings"]
    score = _header(findings).index("Score")
    assert all(isinstance(r[score].value, float) for r in findings.iter_rows(min_row=2))
    comparison = wb["Comparison"]
    differs = _header(comparison).index("Differs")
    assert {type(r[differs].value) for r in comparison.iter_rows(min_row=2)} == {bool}


def test_export_xlsx_restricted_rows_filled(book: tuple[Path, Tables]) -> None:
    path, _ = book
    ws = load_workbook(path)["Findings"]
    severity = _header(ws).index("Severity")
    seen = set()
    for row in ws.iter_rows(min_row=2):
        color = row[0].fill.fgColor.rgb if row[0].fill.fill_type == "solid" else None
        seen.add(row[severity].value)
        if row[severity].value == "restricts":
            assert color == "FFFFC7CE"
            assert all(cell.fill.fgColor.rgb == "FFFFC7CE" for cell in row)
        else:
            assert color is None
    assert {"restricts", "grants"} <= seen


def test_export_xlsx_every_finding_exactly_once(book: tuple[Path, Tables],
                                                three: list[Analysis]) -> None:
    path, _ = book
    frame = pd.read_excel(path, sheet_name="Findings")
    assert len(frame) == sum(len(a.findings) for a in three)
    keys = list(zip(frame["Licence"], frame["Finding id"], strict=True))
    assert len(set(keys)) == len(keys)
    by_key = {k: q for k, q in zip(keys, frame["Quote"], strict=True)}
    for key, a in zip(KEYS, three, strict=True):
        for finding in a.findings:
            quote = by_key[(key, finding.id)]
            assert quote == clean_text(finding.quote)
    clauses = pd.read_excel(path, sheet_name="Clauses")
    assert len(clauses) == sum(len(a.clauses) for a in three)
    summary = pd.read_excel(path, sheet_name="Summary")
    assert list(summary["Licence"]) == list(KEYS)
    assert summary.loc[0, "mau_threshold"] == 700_000_000


def test_export_rows_same_for_all_formats(three: list[Analysis], tmp_path: Path) -> None:
    tables = rows(three, exported=EXPORTED)
    export_csv(tables, tmp_path / "csv")
    export_jsonl(tables, tmp_path / "f.jsonl")
    lines = (tmp_path / "f.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    expected = tables.table("Findings").records()
    assert len(records) == len(expected) == sum(len(a.findings) for a in three)
    assert [r["finding_id"] for r in records] == [r["finding_id"] for r in expected]
    # JSON Lines is no spreadsheet: the quote is kept exactly.
    quotes = {(a_key, f.id): f.quote for a_key, a in zip(KEYS, three, strict=True)
              for f in a.findings}
    assert all(r["quote"] == quotes[(r["licence"], r["finding_id"])] for r in records)
    assert list(records[0]) == [c.key for c in FINDING_COLUMNS]
    with (tmp_path / "csv" / "findings.csv").open(encoding="utf-8", newline="") as handle:
        read = list(csv.reader(handle))
    assert read[0] == [c.title for c in FINDING_COLUMNS]
    assert [r[read[0].index("Finding id")] for r in read[1:]] == [
        r["finding_id"] for r in expected]


def test_export_csv_rfc4180_round_trip_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "LICENSE"
    path.write_text(TRICKY, encoding="utf-8")
    tables = rows([path], exported=EXPORTED)
    export_csv(tables, tmp_path / "plain")
    export_csv(tables, tmp_path / "bom", bom=True)
    names = {"summary.csv", "findings.csv", "to-review.csv", "clauses.csv", "about.csv"}
    assert {p.name for p in (tmp_path / "plain").iterdir()} == names
    raw = (tmp_path / "plain" / "clauses.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert (tmp_path / "bom" / "clauses.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert raw.endswith(b"\r\n") and b'""share""' in raw  # doubled quotes inside quotes
    text = raw.decode("utf-8")
    records = list(csv.DictReader(io.StringIO(text, newline="")))
    table = tables.table("Clauses")
    assert len(records) == len(table.rows)
    for record, row in zip(records, table.records(), strict=True):
        assert record["Text"] == clean_text(str(row["text"]))
        assert record["Start"] == str(row["start"])
    multiline = [r["Text"] for r in records if "\n" in r["Text"] and "," in r["Text"]]
    assert multiline, "a clause with a comma and a newline survives the round trip"
    bom_text = (tmp_path / "bom" / "clauses.csv").read_text(encoding="utf-8-sig")
    assert list(csv.DictReader(io.StringIO(bom_text, newline=""))) == records


def test_export_formula_text_is_inert(tmp_path: Path) -> None:
    path = tmp_path / "LICENSE"
    path.write_text(TRICKY, encoding="utf-8")
    export_xlsx([path], tmp_path / "t.xlsx", exported=EXPORTED)
    export_csv([path], tmp_path / "csv", exported=EXPORTED)
    wb = load_workbook(tmp_path / "t.xlsx")
    texts = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert texts, "the formula-like line is exported"
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))
                    assert "\x07" not in cell.value
    quotes = [c.value for c in texts if c.column_letter == "E"]
    assert quotes and all(q.startswith("'=HYPERLINK") for q in quotes)
    fields = []
    for name in ("clauses.csv", "findings.csv"):
        with (tmp_path / "csv" / name).open(encoding="utf-8", newline="") as handle:
            fields += [f for row in csv.reader(handle) for f in row]
    starts = [f for f in fields if "HYPERLINK" in f and f.lstrip("'").startswith("=")]
    assert starts and all(f.startswith("'=") for f in starts)
    assert not any(f.startswith(("=", "+", "-", "@")) for f in fields)
    # Numbers are not neutralised: offsets stay plain digits.
    assert "0" in fields


def test_export_clean_text_never_fails() -> None:
    assert clean_text("a\x00b\x1fc") == "a b c"
    assert clean_text("-") == "'-"
    assert len(clean_text("x" * 40_000)) == 32_767


def test_export_to_frame_columns(three: list[Analysis]) -> None:
    frame = three[0].to_frame()
    assert list(frame.columns) == [c.key for c in FINDING_COLUMNS]
    assert len(frame) == len(three[0].findings)
    assert list(frame["finding_id"]) == [f.id for f in three[0].findings]
    assert set(frame["severity"]) <= {"restricts", "conditions", "grants", "none"}


def test_export_to_frame_without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"\[LP141\].*pandas"):
        analyze("You may use the Model.").to_frame()


def test_cli_export_writes_all_formats(tmp_path: Path) -> None:
    analysed(KEYS[0])
    result = runner.invoke(app, ["export", "llama3.1", "apache-2.0", "--xlsx",
                                 str(tmp_path / "a.xlsx"), "--csv", str(tmp_path / "csv"),
                                 "--jsonl", str(tmp_path / "f.jsonl"), "--bom"])
    assert result.exit_code == 0, result.output
    assert load_workbook(tmp_path / "a.xlsx").sheetnames == SHEETS
    assert (tmp_path / "csv" / "comparison.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (tmp_path / "f.jsonl").read_text(encoding="utf-8").count("\n") > 10


@pytest.mark.parametrize("args", [
    ["export", "{tmp}/missing.txt", "--xlsx", "{tmp}/a.xlsx"],
    ["export", "{tmp}/LICENSE"],
    ["export", "{tmp}/LICENSE", "--xlsx", "{tmp}/a.xlsx", "--review", "{tmp}/none.yaml"],
    ["export", "{tmp}/LICENSE", "--xlsx", "{tmp}/no/such/dir/a.xlsx"],
])
def test_cli_export_errors_one_line_exit_2(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "LICENSE").write_text("You may use the Model.\n")
    result = subprocess.run(
        ["licenseparse", *(a.format(tmp=tmp_path) for a in args)],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error:") and "Traceback" not in result.stderr


@pytest.mark.skipif(not (shutil.which("libreoffice") or shutil.which("soffice")),
                    reason="LibreOffice not installed")
def test_export_xlsx_converts_with_libreoffice(book: tuple[Path, Tables],
                                               tmp_path: Path) -> None:
    path, _ = book
    office = shutil.which("libreoffice") or shutil.which("soffice")
    assert office is not None
    # A private profile: a user's running LibreOffice would otherwise take the job.
    env = {**os.environ, "HOME": str(tmp_path / "home")}
    result = subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "out"),
         str(path)], capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "out" / "review.pdf"
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")

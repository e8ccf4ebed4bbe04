"""Reviewer decisions: re-import from a workbook, carry forward, re-review, stale."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from licenseparse.cli import app
from licenseparse.export import export_xlsx, rows
from licenseparse.review import (
    ReviewEntry,
    ReviewFile,
    ReviewFileError,
    ReviewWorkbookError,
    fingerprint,
    import_workbook,
    load_review,
    reconcile,
    save_review,
)

from .conftest import scancode_or_skip

runner = CliRunner()
DAY = dt.date(2024, 5, 1)
CAP = "scale.user-cap@2"
LAW = "form.governing-law@7"
GEMMA = "gemma-tou-2024-04-01"


def _decide(path: Path, decisions: dict[tuple[str, str], tuple[str, str, str]]) -> None:
    """Fill Decision, Reviewer and Comment as a reviewer would, with openpyxl."""
    wb = load_workbook(path)
    ws = wb["Findings"]
    header = [c.value for c in ws[1]]
    at = {name: header.index(name) for name in
          ("Licence", "Finding id", "Decision", "Reviewer", "Comment")}
    done = set()
    for row in ws.iter_rows(min_row=2):
        key = (row[at["Licence"]].value, row[at["Finding id"]].value)
        if key in decisions:
            decision, reviewer, comment = decisions[key]
            row[at["Decision"]].value = decision
            row[at["Reviewer"]].value = reviewer
            row[at["Comment"]].value = comment
            done.add(key)
    assert done == set(decisions)
    wb.save(path)


def _findings(path: Path) -> dict[tuple[str, str], dict[str, object]]:
    ws = load_workbook(path)["Findings"]
    header = [c.value for c in ws[1]]
    out = {}
    for row in ws.iter_rows(min_row=2, values_only=True):
        record = dict(zip(header, row, strict=True))
        out[(str(record["Licence"]), str(record["Finding id"]))] = record
    return out


@pytest.fixture()
def llama_file(tmp_path: Path) -> Path:
    path = tmp_path / "LICENSE-llama.txt"
    path.write_text(scancode_or_skip("llama-3.1-license-2024"), encoding="utf-8")
    scancode_or_skip("gemma-tou-2024-04-01")
    return path


def test_review_round_trip_carry_forward_rereview_and_stale(llama_file: Path,
                                                            tmp_path: Path) -> None:
    llama = str(llama_file)
    first = tmp_path / "v1.xlsx"
    result = runner.invoke(app, ["export", llama, GEMMA, "--xlsx", str(first)])
    assert result.exit_code == 0, result.output
    decisions = {
        (llama, CAP): ("Denied", "A. Lawyer", "700M MAU cap, needs a licence from Meta"),
        (llama, LAW): ("Approved", "A. Lawyer", "California, fine"),
        (llama, "grant.modify@1.a"): ("Not applicable", "B. Counsel", None),
        min(k for k in _findings(first) if k[0] == GEMMA): ("To verify", "B. Counsel",
                                                           "check, again"),
    }
    decisions = {k: (d, r, c or "") for k, (d, r, c) in decisions.items()}
    _decide(first, decisions)

    review_path = tmp_path / "review.yaml"
    result = runner.invoke(app, ["review", "import", str(first), "-o", str(review_path)])
    assert result.exit_code == 0, result.output
    review = load_review(review_path)
    assert {(e.licence, e.finding_id): (e.decision, e.reviewer, e.comment or "")
            for e in review.entries} == decisions
    assert all(e.reviewed is not None and len(e.fingerprint) == 16 for e in review.entries)

    # Same texts: every decision comes back, unchanged.
    second = tmp_path / "v2.xlsx"
    result = runner.invoke(app, ["export", llama, GEMMA, "--xlsx", str(second),
                                 "--review", str(review_path)])
    assert result.exit_code == 0, result.output
    assert "4 decisions carried forward, 0 need re-review, 0 stale" in result.output
    records = _findings(second)
    for key, (decision, reviewer, comment) in decisions.items():
        assert records[key]["Decision"] == decision
        assert records[key]["Reviewer"] == reviewer
        assert (records[key]["Comment"] or "") == comment
        assert records[key]["Status"] == "decided"
    assert all(r["Status"] == "new since review" for k, r in records.items()
               if k not in decisions)
    assert "Stale decisions" in load_workbook(second).sheetnames

    # The licence changes: the cap's quote (and threshold) move, the governing-law
    # clause goes. The first is marked for re-review, the second listed as stale.
    text = llama_file.read_text(encoding="utf-8")
    law_quote = next(e.quote for e in review.entries if e.finding_id == LAW)
    assert "700 million" in text and law_quote in text
    llama_file.write_text(text.replace("700 million", "800 million").replace(law_quote, ""),
                          encoding="utf-8")
    third = tmp_path / "v3.xlsx"
    tables = export_xlsx([llama_file, GEMMA], third, review=review, exported=DAY)
    assert tables.review is not None
    assert [(o.licence, o.finding_id) for o in tables.review.needs_review] == [(llama, CAP)]
    assert [(e.licence, e.finding_id) for e in tables.review.stale] == [(llama, LAW)]
    records = _findings(third)
    cap = records[(llama, CAP)]
    assert cap["Decision"] == "To verify"
    assert cap["Status"] == "needs re-review: quote changed (was Denied)"
    assert "800 million" in str(cap["Quote"])
    assert (llama, LAW) not in records
    assert records[(llama, "grant.modify@1.a")]["Decision"] == "Not applicable"
    wb = load_workbook(third)
    stale = list(wb["Stale decisions"].iter_rows(values_only=True))
    header = list(stale[0])
    assert len(stale) == 2
    assert stale[1][header.index("Finding id")] == LAW
    assert stale[1][header.index("Decision")] == "Approved"
    assert stale[1][header.index("Comment")] == "California, fine"

    # Re-importing the new workbook keeps the stale decision and records the new state.
    again = import_workbook(third, today=DAY)
    law = again.get(llama, LAW)
    assert law is not None and law.decision == "Approved"
    cap_entry = again.get(llama, CAP)
    assert cap_entry is not None and cap_entry.decision == "To verify"
    assert "800 million" in cap_entry.quote


def test_review_edited_fingerprint_marks_rereview() -> None:
    quote = "You may not use the Model for military purposes."
    rule = "use.military"
    entry = ReviewEntry(licence="L", finding_id="use.military@1", rule_id=rule,
                        quote=quote, fingerprint="0" * 16, decision="Approved")
    result = reconcile(ReviewFile(entries=[entry]),
                       [("L", "use.military@1", fingerprint(rule, quote, {}), rule, quote)])
    (outcome,) = result.needs_review
    assert outcome.decision == "To verify"
    assert outcome.status == "needs re-review: parameters changed (was Approved)"
    assert outcome.previous == entry
    other = reconcile(ReviewFile(entries=[entry.model_copy(update={"rule_id": "use.x"})]),
                      [("L", "use.military@1", "f" * 16, rule, quote)])
    assert other.needs_review[0].status.startswith("needs re-review: rule changed")


def test_review_fingerprint_ignores_white_space_only() -> None:
    base = fingerprint("r", "a b  c", {"n": 1})
    assert fingerprint("r", " a\nb c ", {"n": 1}) == base
    assert fingerprint("r", "a b c.", {"n": 1}) != base
    assert fingerprint("r", "a b c", {"n": 2}) != base
    assert fingerprint("s", "a b c", {"n": 1}) != base


def test_review_file_json_and_yaml_round_trip(tmp_path: Path) -> None:
    entry = ReviewEntry(licence="L", finding_id="x@1", fingerprint="ab", rule_id="x",
                        quote='=HYPERLINK("http://x","y")', decision="Denied",
                        reviewer="R", comment="multi\nline", reviewed=DAY)
    review = ReviewFile(workbook="w.xlsx", entries=[entry])
    for name in ("r.yaml", "r.json"):
        save_review(review, tmp_path / name)
        assert load_review(tmp_path / name) == review


def test_review_file_errors_name_file_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("entries:\n- licence: L\n  finding_id: x\n  fingerprint: f\n"
                   "  rule_id: r\n  quote: q\n  decision: Maybe\n")
    with pytest.raises(ReviewFileError, match=r"\[LP142\].*bad.yaml: entries.0.decision"):
        load_review(bad)
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    with pytest.raises(ReviewFileError, match=r"\[LP142\].*broken.json"):
        load_review(broken)


def test_review_import_rejects_unknown_decision_by_cell(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    export_xlsx(["You may not use the Model for military purposes."], path, exported=DAY)
    wb = load_workbook(path)
    ws = wb["Findings"]
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=header.index("Decision") + 1).value = "Maybe"
    wb.save(path)
    with pytest.raises(ReviewWorkbookError, match=r"\[LP143\].*Findings!S2.*'Maybe'"):
        import_workbook(path)
    wb = load_workbook(path)
    wb["Findings"].cell(row=2, column=header.index("Decision") + 1).value = "approved"
    wb.save(path)
    (entry,) = import_workbook(path, today=DAY).entries
    assert entry.decision == "Approved" and entry.reviewed == DAY


def test_review_import_errors_one_line_exit_2(tmp_path: Path) -> None:
    not_xlsx = tmp_path / "x.xlsx"
    not_xlsx.write_text("hello")
    for target in (not_xlsx, tmp_path / "missing.xlsx"):
        result = runner.invoke(app, ["review", "import", str(target)])
        assert result.exit_code == 2
        assert "[LP143]" in result.output


def test_review_rows_without_review_have_no_status() -> None:
    tables = rows(["You may not use the Model for military purposes."], exported=DAY)
    assert tables.review is None
    assert {r["status"] for r in tables.table("Findings").records()} == {""}
    assert "Stale decisions" not in [t.name for t in tables.tables]

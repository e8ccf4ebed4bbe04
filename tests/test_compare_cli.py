"""The compare command and report output options of the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import markdown_it
from typer.testing import CliRunner

from licenseparse.cli import app

from .conftest import scancode_or_skip

runner = CliRunner()


def test_compare_two_licences_in_every_format(tmp_path: Path) -> None:
    scancode_or_skip("llama-2-license-2023")
    table = runner.invoke(app, ["compare", "llama2", "llama3.1"])
    assert table.exit_code == 0, table.output
    assert "Profile differences" in table.output
    assert "prohibited" in table.output and "conditional" in table.output
    data = runner.invoke(app, ["compare", "llama2", "llama3.1", "--format", "json"])
    assert data.exit_code == 0
    payload = json.loads(data.output)
    step = payload["comparisons"][0]
    assert (step["a_label"], step["b_label"]) == ("llama-2-license-2023",
                                                  "llama-3.1-license-2024")
    assert any(c["field"] == "output_model_training" for c in step["profile_changes"])
    out = tmp_path / "diff.md"
    written = runner.invoke(app, ["compare", "llama2", "llama3.1", "-f", "md", "-o", str(out)])
    assert written.exit_code == 0
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(
        out.read_text(encoding="utf-8"))
    assert "<table>" in html


def test_compare_a_version_chain_shows_each_step_and_a_matrix() -> None:
    scancode_or_skip("llama-3.2-license-2024")
    result = runner.invoke(app, ["compare", "llama2", "llama3.1", "llama3.2", "-f", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert [(c["a_label"], c["b_label"]) for c in payload["comparisons"]] == [
        ("llama-2-license-2023", "llama-3.1-license-2024"),
        ("llama-3.1-license-2024", "llama-3.2-license-2024")]
    assert payload["matrix"]["columns"] == [
        "llama-2-license-2023", "llama-3.1-license-2024", "llama-3.2-license-2024"]
    table = runner.invoke(app, ["compare", "llama2", "llama3.1", "llama3.2"])
    assert table.exit_code == 0
    assert "Matrix" in table.output


def test_compare_with_itself_and_bad_usage() -> None:
    scancode_or_skip("mit")
    same = runner.invoke(app, ["compare", "mit", "mit"])
    assert same.exit_code == 0
    assert "No differences" in same.output
    alone = runner.invoke(app, ["compare", "mit"])
    assert alone.exit_code == 2
    missing = runner.invoke(app, ["compare", "mit", "/no/such/licence.txt"])
    assert missing.exit_code == 2
    assert "LP106" in missing.output


def test_analyze_writes_html_and_markdown_reports(tmp_path: Path) -> None:
    scancode_or_skip("apache-2.0")
    out = tmp_path / "apache.html"
    result = runner.invoke(app, ["analyze", "apache-2.0", "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert 'class="clause"' in page
    md = tmp_path / "apache.md"
    result = runner.invoke(app, ["analyze", "apache-2.0", "-f", "md", "-o", str(md)])
    assert result.exit_code == 0
    assert md.read_text(encoding="utf-8").startswith("# Licence analysis")

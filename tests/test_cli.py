"""The command line: output formats, exit codes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from licenseparse.cli import app

from .conftest import scancode_or_skip, write_tanks_rule

runner = CliRunner()


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "licenseparse.cli", *args],
                          capture_output=True, text=True, timeout=120)


def test_cli_analyze_json(tmp_path: Path) -> None:
    path = tmp_path / "LICENSE"
    path.write_text("You may not use the Model for military purposes.\n")
    result = runner.invoke(app, ["analyze", str(path), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["profile"]["military_use_prohibited"] is True


def test_cli_analyze_markdown_and_table() -> None:
    scancode_or_skip("llama-3.1-license-2024")
    md = runner.invoke(app, ["analyze", "llama-3.1-license-2024", "--format", "md"])
    assert md.exit_code == 0
    assert "| `mau_threshold` | 700,000,000 | 2 |" in md.stdout
    table = runner.invoke(app, ["analyze", "llama-3.1-license-2024"], env={"COLUMNS": "200"})
    assert table.exit_code == 0
    assert "restricted" in table.stdout and "scale.user-cap" in table.stdout


def test_cli_fail_on_restricted_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "LICENSE"
    path.write_text("You may not use the Model for military purposes.\n")
    result = runner.invoke(app, ["analyze", str(path), "-f", "json", "--fail-on-restricted"])
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"", "LP101"), (b"\x00\x01\x02binary", "LP102"), (b"abc \x80\x81 \xc3\x28", "LP104")],
)
def test_cli_bad_input_one_line_exit_2(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = _run("analyze", str(path))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"[{code}]" in lines[0]
    assert "Traceback" not in result.stderr


def test_cli_missing_path_and_directory_exit_2(tmp_path: Path) -> None:
    for target in (str(tmp_path / "nope.txt"), str(tmp_path)):
        result = _run("analyze", target)
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr


def test_cli_usage_error_exit_2() -> None:
    result = runner.invoke(app, ["analyze", "x", "--format", "pdf"])
    assert result.exit_code == 2


def test_cli_rules_list_groups_by_kind() -> None:
    result = runner.invoke(app, ["rules", "list"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "scale.user-cap" in result.stdout and "use.policy-incorporated" in result.stdout


def test_cli_rules_show_and_unknown(tmp_path: Path) -> None:
    shown = runner.invoke(app, ["rules", "show", "scale.user-cap"])
    assert shown.exit_code == 0 and "monthly" in shown.stdout
    missing = _run("rules", "show", "no.such-rule")
    assert missing.returncode == 2 and "[LP301]" in missing.stderr


def test_cli_rules_test_and_validate_on_user_pack(tmp_path: Path) -> None:
    rule = write_tanks_rule(tmp_path, negative="You may use tanks.")
    assert runner.invoke(app, ["rules", "validate", str(tmp_path)]).exit_code == 0
    ok = runner.invoke(app, ["rules", "test", str(tmp_path)])
    assert ok.exit_code == 0 and "2 passed, 0 failed" in ok.stdout
    write_tanks_rule(tmp_path, negative="You must not drive tanks.")
    assert "must not drive" in rule.read_text()
    failed = runner.invoke(app, ["rules", "test", str(tmp_path)])
    assert failed.exit_code == 1
    assert "custom.tanks:negative[0]" in failed.stderr + failed.stdout


def test_cli_rules_validate_broken_pack_exit_2(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "bad.yaml").write_text("id: x.bad\n")
    result = _run("rules", "validate", str(tmp_path))
    assert result.returncode == 2
    assert "[LP300]" in result.stderr and "x/bad.yaml" in result.stderr


def test_cli_extra_rules_folder_used_by_analyze(tmp_path: Path) -> None:
    write_tanks_rule(tmp_path / "rules")
    licence = tmp_path / "LICENSE"
    licence.write_text("You may not use the Model in tanks.\n")
    result = runner.invoke(app, ["analyze", str(licence), "-f", "json",
                                 "--rules", str(tmp_path / "rules")])
    assert result.exit_code == 0
    assert "custom.tanks" in {f["rule_id"] for f in json.loads(result.stdout)["findings"]}


def test_cli_huge_file_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    result = _run("analyze", str(path))
    assert result.returncode == 2
    assert "[LP103]" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_cli_error_message_keeps_brackets(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Without the ScanCode data a key cannot be looked up; the message must say exactly
    # what to install, brackets included.
    monkeypatch.setenv("LICENSEPARSE_SCANCODE_LICENSES", "/nonexistent-folder")
    monkeypatch.setenv("LICENSEPARSE_CACHE", str(tmp_path))  # an empty cache
    from licenseparse.known import scancode_licenses_dir

    scancode_licenses_dir.cache_clear()
    try:
        result = runner.invoke(app, ["analyze", "llama-3.1-license-2024"])
    finally:
        scancode_licenses_dir.cache_clear()
    assert result.exit_code == 2
    assert 'pip install "licenseparse[corpus]"' in result.output
    assert "[LP110]" in result.output


def test_cli_analyze_tree_shows_clause_paths_headings_and_glossary() -> None:
    scancode_or_skip("agpl-3.0")
    result = runner.invoke(app, ["analyze", "agpl-3.0", "--tree"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "  0  Definitions" in lines and "  17  Interpretation of Sections 15 and 16" in lines
    assert any(line.startswith("    0.p1  To \"modify\" a work means") for line in lines)
    assert "Glossary:" in lines
    assert any(line.startswith("  covered work  in 0.") for line in lines)

"""Known licence texts: providers (own folder, ScanCode data, cache), names, listing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from licenseparse import analyze
from licenseparse.cli import app
from licenseparse.errors import InputError
from licenseparse.known import (
    KnownLicenceError,
    known_keys,
    known_text,
    scancode_licenses_dir,
    text_source,
)

from .conftest import scancode_or_skip

runner = CliRunner()

_OWN = "1. Grant. You may use the Model.\n2. Limits. You may not use the Model for weapons.\n"


@pytest.fixture
def no_scancode(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Hide the ScanCode data and start from an empty cache."""
    monkeypatch.setenv("LICENSEPARSE_SCANCODE_LICENSES", str(tmp_path / "absent"))
    monkeypatch.setenv("LICENSEPARSE_CACHE", str(tmp_path / "cache"))
    scancode_licenses_dir.cache_clear()
    yield
    scancode_licenses_dir.cache_clear()


def test_own_corpus_folder_by_option_and_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_scancode: None
) -> None:
    corpus = tmp_path / "texts"
    corpus.mkdir()
    (corpus / "acme-model-1.0.txt").write_text(_OWN, encoding="utf-8")
    result = analyze("acme-model-1.0", corpus=corpus)
    assert result.known_licence == "acme-model-1.0"
    assert result.profile.military_use_prohibited is True
    assert text_source("acme-model-1.0", corpus) == "corpus"
    assert "acme-model-1.0" in known_keys(corpus)
    monkeypatch.setenv("LICENSEPARSE_CORPUS", str(corpus))
    assert analyze("acme-model-1.0").profile.military_use_prohibited is True


def test_a_text_once_read_stays_in_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_scancode: None
) -> None:
    corpus = tmp_path / "texts"
    corpus.mkdir()
    (corpus / "acme-model-1.0.txt").write_text(_OWN, encoding="utf-8")
    text, _ = known_text("acme-model-1.0", corpus)
    assert text == _OWN
    # The folder is gone; the cached copy still answers.
    (corpus / "acme-model-1.0.txt").unlink()
    assert text_source("acme-model-1.0", corpus) == "cache"
    assert known_text("acme-model-1.0", corpus)[0] == _OWN


def test_missing_text_says_what_to_install(no_scancode: None) -> None:
    with pytest.raises(KnownLicenceError) as caught:
        analyze("llama3.1")
    message = str(caught.value)
    assert message.startswith("[LP110]")
    assert 'pip install "licenseparse[corpus]"' in message
    assert "llama-3.1-license-2024" in message  # the name was resolved first
    assert "\n" not in message
    with pytest.raises(KnownLicenceError):
        analyze("x", corpus="/no/such/folder")


def test_missing_corpus_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        known_text("mit", tmp_path / "absent")


@pytest.mark.parametrize(("name", "key"), [
    ("llama3.1", "llama-3.1-license-2024"),
    ("llama-3.1-license-2024", "llama-3.1-license-2024"),
    ("Llama3.2", "llama-3.2-license-2024"),
    ("apache-2.0", "apache-2.0"),
])
def test_known_names_resolve_to_their_text(name: str, key: str) -> None:
    scancode_or_skip(key)
    result = analyze(name)
    assert result.known_licence == key
    assert result.provenance.input.name == key


def test_gemma_resolves_to_the_newest_gemma_terms() -> None:
    from licenseparse import manifest

    newest = manifest.resolve("gemma")
    assert newest is not None and newest.family == "gemma" and newest.kind == "licence"
    dated = [e for e in manifest.by_family("gemma") if e.kind == "licence" and e.released]
    assert newest.released == max(e.released for e in dated if e.released)
    scancode_or_skip(newest.id)
    result = analyze("gemma")
    assert result.known_licence == newest.id
    assert result.findings


def test_cli_list_shows_families_and_availability() -> None:
    scancode_or_skip("mit")
    result = runner.invoke(app, ["list", "--family", "llama"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "llama-3.1-license-2024" in result.output
    assert "gemma" not in result.output.lower().replace("family", "")
    everything = runner.invoke(app, ["list"], terminal_width=200)
    assert everything.exit_code == 0
    for family in ("llama", "gemma", "qwen", "deepseek", "falcon", "stability", "nvidia",
                   "flux", "exaone", "tencent", "rail"):
        assert family in everything.output
    unknown = runner.invoke(app, ["list", "--family", "nope"])
    assert unknown.exit_code == 2
    assert "known families" in unknown.output


def test_cli_without_corpus_fails_with_one_line(tmp_path: Path) -> None:
    # A fresh process without the ScanCode data: one clear line, exit 2.
    env = {"LICENSEPARSE_SCANCODE_LICENSES": str(tmp_path / "absent"),
           "LICENSEPARSE_CACHE": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    for args in (["analyze", "llama3.1"], ["analyze", "gemma"]):
        run = subprocess.run([sys.executable, "-m", "licenseparse.cli", *args],
                             capture_output=True, text=True, env=env, timeout=120)
        assert run.returncode == 2
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 1, run.stderr
        assert 'pip install "licenseparse[corpus]"' in lines[0]
    listing = subprocess.run([sys.executable, "-m", "licenseparse.cli", "list"],
                             capture_output=True, text=True, env=env, timeout=120)
    assert listing.returncode == 0
    assert "missing" in listing.stdout and "licenseparse[corpus]" in listing.stdout

"""Shared fixtures: real licence texts from ScanCode data and ../shared/corpora."""

from __future__ import annotations

import functools
import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from licenseparse import Analysis, analyze
from licenseparse.known import known_text, scancode_licenses_dir

SHARED_CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep the tests' cache (texts, identification index) out of the user's cache, and
    start every session from an empty one, so "text not installed" stays testable."""
    folder = tmp_path_factory.mktemp("cache")
    old = os.environ.get("LICENSEPARSE_CACHE")
    os.environ["LICENSEPARSE_CACHE"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("LICENSEPARSE_CACHE", None)
    else:
        os.environ["LICENSEPARSE_CACHE"] = old


def scancode_or_skip(key: str) -> str:
    """Return a ScanCode licence text, or skip when the data is not installed."""
    if scancode_licenses_dir() is None:
        pytest.skip("ScanCode licence data not installed (pip install -e '.[test]')")
    text, _ = known_text(key)
    return text


def shared_or_skip(relative: str) -> Path:
    """Return a path under ../shared/corpora, or skip in a clone without it."""
    path = SHARED_CORPORA / relative
    if not path.is_file():
        pytest.skip(f"{path} not available (only CI and developers have ../shared)")
    return path


def write_tanks_rule(folder: Path, negative: str = "Tanks are big.") -> Path:
    """Write a small user rule pack (one rule, ``custom.tanks``) under ``folder``."""
    path = folder / "custom" / "tanks.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    # A pack may declare kinds of its own next to the bundled ones.
    (folder / "_kinds.yaml").write_text(
        "kinds: [{id: use.custom, family: use, title: Custom ban, taxonomy: other}]\n")
    path.write_text(
        "id: custom.tanks\ntitle: No tanks\nkind: use.custom\ndescription: d\n"
        "explanation: No tanks.\nmatch: {regex: '\\btanks?\\b'}\n"
        "require_modality: [prohibition]\n"
        f"examples: {{positive: ['You may not use it in tanks.'], negative: ['{negative}']}}\n")
    return path


_CACHE: dict[str, Analysis] = {}


def analysed(key: str) -> Analysis:
    """Analyse a ScanCode licence once per test session."""
    if key not in _CACHE:
        scancode_or_skip(key)
        _CACHE[key] = analyze(key)
    return _CACHE[key]


@functools.cache
def benchmark_module(name: str) -> ModuleType:
    """Import a script of ``benchmarks/`` (not a package) once per test session."""
    path = Path(__file__).resolve().parents[1] / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the class is built.
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module

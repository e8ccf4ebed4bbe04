"""Metamorphic tests: layout and spelling changes must not change what is found."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import pytest

from licenseparse import Analysis, analyze

from .conftest import scancode_or_skip

KEYS = ["llama-3.1-license-2024", "llama-2-license-2023", "gemma-tou-2024-04-01",
        "bigscience-open-rail-m", "apache-2.0", "gpl-3.0", "mit", "mpl-2.0"]


def _rewrap(text: str) -> str:
    # Re-fill every line at 60 columns, keeping its indentation (and so its label).
    return "\n".join(
        textwrap.fill(line, 60, subsequent_indent=" " * (len(line) - len(line.lstrip())))
        if line.strip() else line
        for line in text.split("\n")
    )


def _crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def _straight_quotes(text: str) -> str:
    return (text.replace("\u201c", '"').replace("\u201d", '"')
            .replace("\u2018", "'").replace("\u2019", "'"))


def _british(text: str) -> str:
    for american, british in (("license", "licence"), ("License", "Licence"),
                              ("LICENSE", "LICENCE"), ("authorize", "authorise"),
                              ("organization", "organisation"), ("behavior", "behaviour")):
        text = text.replace(american, british)
    return text


VARIANTS: dict[str, Callable[[str], str]] = {
    "rewrap-60": _rewrap, "crlf": _crlf, "straight-quotes": _straight_quotes,
    "british": _british,
}


def _statuses(a: Analysis) -> dict[str, dict[str, str]]:
    return {fw: {k: v.status for k, v in getattr(a.verdicts, fw).items()}
            for fw in ("freedoms", "osd", "osaid")}


def _numeric_params(a: Analysis) -> set[tuple[str, str]]:
    # Values that spelling cannot touch: numbers, money, regions, jurisdictions.
    keep = ("users", "amount", "limit", "regions", "jurisdiction", "category")
    return {(f.rule_id, repr(f.params.get(k))) for f in a.findings for k in keep
            if k in f.params}


_BASE: dict[str, Analysis] = {}


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("key", KEYS)
def test_metamorphic_same_rules_params_and_verdicts(key: str, variant: str) -> None:
    text = scancode_or_skip(key)
    if key not in _BASE:
        _BASE[key] = analyze(text)
    base = _BASE[key]
    changed = analyze(VARIANTS[variant](text))
    assert {f.rule_id for f in changed.findings} == {f.rule_id for f in base.findings}
    assert _statuses(changed) == _statuses(base)
    assert _numeric_params(changed) == _numeric_params(base)
    assert changed.profile.model_dump(exclude={"attribution_display", "derivative_naming"}) \
        == base.profile.model_dump(exclude={"attribution_display", "derivative_naming"})
    for finding in changed.findings:
        assert changed.original[finding.start:finding.end] == finding.quote

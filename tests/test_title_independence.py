"""No verdict comes from a licence's name: removing the title changes no verdict.

benchmarks/title_independence.py runs the same check on every ScanCode text; this test
pins a sample of model licences and of licences whose names carry a restriction word
("NonCommercial", "NoDerivatives", "Research"), where a name-based rule would show.
"""

from __future__ import annotations

import pytest

from licenseparse import analyze
from licenseparse.known import known_text
from licenseparse.testing import verdict_statuses, without_title

from .conftest import scancode_or_skip

KEYS = [
    "llama-2-license-2023", "llama-3.1-license-2024", "llama-3.2-license-2024",
    "gemma-tou-2024-04-01", "bigscience-open-rail-m", "bigscience-rail-1.0",
    "qwen-2024", "deepseek-la-1.0", "stability-ai-community-2024", "flux-1-nc",
    "exaone-ai-model-1.1-nc", "nvidia-open-model-2025-04-28", "cc-by-nc-2.0",
    "cc-by-nc-4.0", "cc-by-nd-4.0", "cc-by-nc-nd-2.5", "cc-by-sa-4.0",
    "polyform-noncommercial-1.0.0", "elastic-license-v2", "apache-2.0",
    "gpl-3.0", "sencha-commercial-3.9", "vcvrack-exception-to-gpl-3.0",
]


def test_without_title_drops_only_title_lines() -> None:
    text = "EXAMPLE LICENSE\n\nPermission is granted to use it\nfor any purpose.\nExample License\n"
    assert without_title(text, "Example License") == (
        "\nPermission is granted to use it\nfor any purpose.\n")
    # A first line that is a sentence is kept.
    assert without_title("Permission is granted to use it.\nMore.", "X") == (
        "Permission is granted to use it.\nMore.")


@pytest.mark.parametrize("key", KEYS)
def test_removing_the_title_changes_no_verdict(key: str) -> None:
    scancode_or_skip(key)
    text, meta = known_text(key)
    stripped = without_title(text, str(meta.get("name") or ""))
    assert stripped != text, "the sample should have a title to remove"
    assert verdict_statuses(analyze(stripped)) == verdict_statuses(analyze(text))

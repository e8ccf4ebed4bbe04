"""Shared by the benchmark scripts: percentiles and the figures-and-targets report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def percentile(values: list[float], q: float) -> float:
    """The q-quantile of ``values`` by nearest rank (no interpolation)."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def report(figures: dict[str, Any], checks: dict[str, bool], json_path: Path | None,
           check: bool) -> int:
    """Print the figures and each target's PASS/FAIL; write JSON when asked.

    Returns the exit status: 1 when ``check`` is set and a target is missed.
    """
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")
    for name, ok in checks.items():
        print(f"target {name:<24} {'PASS' if ok else 'FAIL'}")
    if json_path is not None:
        json_path.write_text(json.dumps({"figures": figures, "checks": checks}, indent=2))
    return 1 if check and not all(checks.values()) else 0

"""Measure how much of what licences say no rule explains: the unclassified-sentence rate.

A sentence or list item that carries a modal cue (who may, must or must not do
something) and that no finding covers is listed by licenseparse as a term to review
(``Analysis.unclassified``). This script reports the share of such sentences among all
sentences with a modal cue, over two sets:

- the AI model licences and use policies of the known-licence manifest whose text is
  installed (ScanCode data or ``../shared/corpora``);
- every installed ScanCode licence text.

It prints the rate of each set, and the texts with the most unexplained sentences.

Usage:
    python benchmarks/unclassified_audit.py [--worst N] [--json FILE] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from licenseparse import analyze
from licenseparse.errors import LicenseparseError
from licenseparse.known import known_text, scancode_licenses_dir, split_front_matter
from licenseparse.manifest import load_manifest


def _rate(results: list[tuple[str, int, int]]) -> tuple[int, int, float]:
    unexplained = sum(u for _, u, _ in results)
    modal = sum(m for _, _, m in results)
    return unexplained, modal, unexplained / modal if modal else 0.0


def _audit(texts: list[tuple[str, str]]) -> list[tuple[str, int, int]]:
    out = []
    for name, text in texts:
        try:
            a = analyze(text)
        except LicenseparseError:
            continue  # empty texts: ScanCode keeps some keys without one
        out.append((name, len(a.unclassified), a.modal_sentences))
    return out


def _manifest_texts() -> list[tuple[str, str]]:
    texts = []
    for entry in load_manifest():
        try:
            text, _ = known_text(entry.id)
        except LicenseparseError:
            continue  # not installed here
        texts.append((entry.id, text))
    return texts


def _scancode_texts(limit: int | None) -> list[tuple[str, str]]:
    directory = scancode_licenses_dir()
    if directory is None:
        return []
    paths = sorted(Path(directory).glob("*.LICENSE"))[:limit]
    return [(p.stem, split_front_matter(p.read_text(encoding="utf-8", errors="replace"))[1])
            for p in paths]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worst", type=int, default=10, help="list the N worst texts")
    parser.add_argument("--limit", type=int, default=None, help="only the first N texts")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    figures: dict[str, dict[str, float | int]] = {}
    print("| set | texts | unexplained | sentences with a modal cue | rate |")
    print("| --- | --- | --- | --- | --- |")
    worst: dict[str, list[tuple[str, int, int]]] = {}
    for name, texts in (("AI licences and policies (manifest)", _manifest_texts()),
                        ("all ScanCode texts", _scancode_texts(args.limit))):
        results = _audit(texts)
        unexplained, modal, rate = _rate(results)
        print(f"| {name} | {len(results)} | {unexplained} | {modal} | {rate:.1%} |")
        figures[name] = {"texts": len(results), "unexplained": unexplained,
                         "modal": modal, "rate": round(rate, 4)}
        worst[name] = sorted(results, key=lambda r: (-r[1], r[0]))[:args.worst]
    for name, rows in worst.items():
        print(f"\nMost unexplained, {name}:")
        for key, unexplained, modal in rows:
            print(f"  {key}: {unexplained} of {modal}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Check that no verdict depends on a licence's title line.

For every installed ScanCode licence text (or the keys given), analyses the text as it
is and again without its title: the first non-empty line, and every line that is just
the licence's name from the ScanCode front matter. Prints each text whose verdicts
differ, with the verdicts that moved and the findings that appeared or disappeared.
Exit status 1 when any text differs.

Usage:
    python benchmarks/title_independence.py [KEY ...] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from licenseparse import analyze
from licenseparse.errors import InputError
from licenseparse.known import known_keys, known_text
from licenseparse.testing import verdict_statuses, without_title


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("keys", nargs="*", help="ScanCode keys (default: all)")
    parser.add_argument("--json", type=Path, help="also write the differences as JSON")
    args = parser.parse_args()

    keys = args.keys or known_keys()
    differing = []
    for key in keys:
        text, meta = known_text(key)
        stripped = without_title(text, str(meta.get("name") or ""))
        try:
            before, after = analyze(text), analyze(stripped)
        except InputError:
            continue  # empty or unusable once the title is gone: nothing to compare
        old, new = verdict_statuses(before), verdict_statuses(after)
        if old != new:
            moved = {item: (old[item], new[item]) for item in old if old[item] != new[item]}
            rules_before = {f.rule_id for f in before.findings}
            rules_after = {f.rule_id for f in after.findings}
            differing.append({"key": key, "moved": moved,
                              "lost": sorted(rules_before - rules_after),
                              "gained": sorted(rules_after - rules_before)})
    print(f"texts: {len(keys)}; verdicts changed by removing the title: {len(differing)}")
    for entry in differing:
        print(f"  {entry['key']}: {entry['moved']} lost={entry['lost']} gained={entry['gained']}")
    if args.json:
        args.json.write_text(json.dumps(differing, indent=2))
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())

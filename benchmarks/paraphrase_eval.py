"""Score licenseparse on the paraphrase probes: short licences in wording no licence uses.

The probes live in ``corpora/paraphrase/`` (format in its README): each is a few
sentences written for this set, with the clause kinds, profile values and verdicts a
reader expects from it, or marked ``negative`` (ordinary terms that must not restrict).
The set is split by file into a tuning half and a held-out half; the two are scored and
printed separately, because rules are adjusted while looking at the tuning half only.

Every expected value counts once: a clause kind that must be found, a profile field, a
verdict. A negative is clean when nothing in its analysis restricts: no ``restricted``
verdict and no restriction in the profile.

Usage:
    python benchmarks/paraphrase_eval.py                  # both halves, totals
    python benchmarks/paraphrase_eval.py --details        # every miss, tuning half only
    python benchmarks/paraphrase_eval.py --kinds          # per-kind rates, tuning only
    python benchmarks/paraphrase_eval.py --check-overlap  # no 8-word run of a probe in
                                                          # any installed ScanCode text
    python benchmarks/paraphrase_eval.py --json FILE
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
import yaml

ROOT = Path(__file__).resolve().parents[1]
SET_DIR = ROOT / "corpora" / "paraphrase"
SPLITS = ("tuning", "held-out")
OVERLAP_WORDS = 8

# Profile fields whose non-default value is a restriction: a negative probe must leave
# each at its default (output training "permitted" is no restriction).
RESTRICTING_FIELDS: dict[str, Any] = {
    "noncommercial_or_research_only": False,
    "mau_threshold": None,
    "revenue_threshold": None,
    "other_scale_threshold": None,
    "use_policy_incorporated": False,
    "terms_unilaterally_updatable": False,
    "enumerated_use_restrictions": False,
    "remote_restriction": False,
    "competing_use_restriction": False,
    "geographic_exclusion": [],
    "military_use_prohibited": False,
    "must_update_to_latest": False,
    "no_derivatives": False,
}
RESTRICTING_CHOICES = {"commercial_use": {"prohibited"},
                       "output_model_training": {"prohibited", "conditional"}}

_WORD = regex.compile(r"[\p{L}\p{N}]+")
_PROBE_KEYS = {"id", "kind", "text", "expect", "negative", "notes"}
_EXPECT_KEYS = {"kinds", "profile", "verdicts"}


@dataclass
class Probe:
    id: str
    split: str
    kind: str
    text: str
    negative: bool
    kinds: list[str] = field(default_factory=list)
    profile: dict[str, Any] = field(default_factory=dict)
    verdicts: dict[str, dict[str, str]] = field(default_factory=dict)


def load_set(directory: Path = SET_DIR) -> list[Probe]:
    """Read every probe file, checking the format; every problem is reported at once."""
    problems: list[str] = []
    probes: list[Probe] = []
    seen: set[str] = set()
    for split in SPLITS:
        for path in sorted((directory / split).glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for index, raw in enumerate(data.get("probes") or []):
                where = f"{path.relative_to(directory)}[{index}]"
                if not isinstance(raw, dict):
                    problems.append(f"{where}: not a mapping")
                    continue
                unknown = set(raw) - _PROBE_KEYS
                if unknown:
                    problems.append(f"{where}: unknown keys {sorted(unknown)}")
                pid = str(raw.get("id", ""))
                if not pid or pid in seen:
                    problems.append(f"{where}: missing or repeated id {pid!r}")
                seen.add(pid)
                expect = raw.get("expect") or {}
                extra = sorted(set(expect) - _EXPECT_KEYS)
                if extra:
                    problems.append(f"{where}: unknown expect keys {extra}")
                negative = bool(raw.get("negative", False))
                if not negative and not expect:
                    problems.append(f"{where}: a positive probe needs expected values")
                if not str(raw.get("text", "")).strip():
                    problems.append(f"{where}: no text")
                probes.append(Probe(
                    id=pid, split=split, kind=str(raw.get("kind", "")),
                    text=str(raw.get("text", "")), negative=negative,
                    kinds=list(expect.get("kinds") or []),
                    profile=dict(expect.get("profile") or {}),
                    verdicts={k: {str(i): str(s) for i, s in v.items()}
                              for k, v in (expect.get("verdicts") or {}).items()}))
    if problems:
        raise SystemExit("paraphrase set is malformed:\n  " + "\n  ".join(problems))
    return probes


def _profile_value_matches(name: str, expected: Any, actual: Any) -> bool:
    if isinstance(expected, str) and isinstance(actual, str) and name in (
            "governing_law", "derivative_naming", "attribution_display",
            "other_scale_threshold"):
        return any(alt.strip().lower() in actual.lower() for alt in expected.split("|"))
    if name == "geographic_exclusion":
        wanted = [str(e).lower() for e in expected]
        got = [str(a).lower() for a in actual]
        return all(any(any(alt.strip() in g for alt in w.split("|")) for g in got)
                   for w in wanted) and len(got) >= len(wanted)
    if name == "revenue_threshold" and isinstance(expected, dict):
        return actual is not None and float(actual.amount) == float(expected["amount"]) \
            and str(actual.currency).upper() == str(expected["currency"]).upper()
    return bool(expected == actual)


@dataclass
class Outcome:
    right: int = 0
    total: int = 0
    negatives: int = 0
    clean: int = 0
    misses: list[str] = field(default_factory=list)


def score_probe(probe: Probe) -> tuple[list[tuple[str, bool, str]], bool | None]:
    """Each expected value with whether it came out right, and for a negative whether
    it is clean."""
    from licenseparse import analyze

    analysis = analyze(probe.text)
    checks: list[tuple[str, bool, str]] = []
    found = {f.kind for f in analysis.findings}
    for kind in probe.kinds:
        checks.append((f"kind {kind}", kind in found, f"found {sorted(found)}"))
    for name, expected in probe.profile.items():
        actual = getattr(analysis.profile, name)
        checks.append((f"profile.{name}", _profile_value_matches(name, expected, actual),
                       f"expected {expected!r}, got {actual!r}"))
    for framework, expected_map in probe.verdicts.items():
        actual_map = getattr(analysis.verdicts, framework)
        for key, status in expected_map.items():
            actual = actual_map[key].status if key in actual_map else None
            checks.append((f"verdicts.{framework}.{key}", actual == status,
                           f"expected {status}, got {actual}"))
    clean: bool | None = None
    if probe.negative:
        restricted = [f"{fw}.{k}" for fw in ("freedoms", "osd", "osaid")
                      for k, v in getattr(analysis.verdicts, fw).items()
                      if v.status == "restricted"]
        fields = [n for n, default in RESTRICTING_FIELDS.items()
                  if getattr(analysis.profile, n) != default]
        fields += [n for n, bad in RESTRICTING_CHOICES.items()
                   if getattr(analysis.profile, n) in bad]
        clean = not restricted and not fields
        if not clean:
            checks.append(("negative clean", False, f"restricts {restricted + fields}"))
    return checks, clean


def score_set(probes: list[Probe]) -> tuple[dict[str, Outcome], dict[str, Outcome]]:
    """Score every probe: the outcome of each half, and of each kind of the tuning half
    (only the tuning half's misses are kept, so that none of the held-out half's is
    looked at while rules are tuned)."""
    outcomes = {split: Outcome() for split in SPLITS}
    by_kind: dict[str, Outcome] = defaultdict(Outcome)
    for probe in probes:
        checks, clean = score_probe(probe)
        outcome = outcomes[probe.split]
        values = [c for c in checks if c[0] != "negative clean"]
        outcome.total += len(values)
        outcome.right += sum(1 for c in values if c[1])
        if clean is not None:
            outcome.negatives += 1
            outcome.clean += int(clean)
        if probe.split == "tuning":
            kind = by_kind["negative" if probe.negative else probe.kind]
            kind.total += len(values) + (clean is not None)
            kind.right += sum(1 for c in values if c[1]) + bool(clean)
            outcome.misses += [f"{probe.id} ({probe.kind}): {name}: {why}"
                               for name, ok, why in checks if not ok]
    return outcomes, by_kind


def _ngrams(words: list[str], n: int) -> set[int]:
    return {hash(tuple(words[i:i + n])) for i in range(len(words) - n + 1)}


def check_overlap(probes: list[Probe]) -> list[str]:
    """Every probe that shares a run of eight words with an installed ScanCode text."""
    from licenseparse.known import scancode_licenses_dir, split_front_matter

    directory = scancode_licenses_dir()
    if directory is None:
        raise SystemExit("ScanCode licence data not installed (pip install -e '.[test]')")
    wanted: dict[int, list[str]] = defaultdict(list)
    for probe in probes:
        words = [w.lower() for w in _WORD.findall(probe.text)]
        for gram in _ngrams(words, OVERLAP_WORDS):
            wanted[gram].append(probe.id)
    hits: dict[str, str] = {}
    for path in sorted(Path(directory).glob("*.LICENSE")):
        text = split_front_matter(path.read_text(encoding="utf-8", errors="replace"))[1]
        words = [w.lower() for w in _WORD.findall(text)]
        for i in range(len(words) - OVERLAP_WORDS + 1):
            gram = hash(tuple(words[i:i + OVERLAP_WORDS]))
            if gram in wanted:
                for pid in wanted[gram]:
                    hits.setdefault(pid, f"{path.stem}: {' '.join(words[i:i + 8])!r}")
    return [f"{pid}: shares {hit}" for pid, hit in sorted(hits.items())]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true",
                        help="list every miss of the tuning half")
    parser.add_argument("--kinds", action="store_true", help="per-kind rates, tuning half")
    parser.add_argument("--check-overlap", action="store_true",
                        help="fail when a probe shares 8 words in a row with a ScanCode text")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("ids", nargs="*", help="only these probes (tuning half)")
    args = parser.parse_args(argv)

    probes = load_set()
    if args.check_overlap:
        shared = check_overlap(probes)
        print(f"{len(probes)} probes; {len(shared)} share a run of {OVERLAP_WORDS} words "
              "with a ScanCode text")
        for line in shared:
            print("  " + line)
        return 1 if shared else 0
    if args.ids:
        probes = [p for p in probes if p.id in set(args.ids) and p.split == "tuning"]

    outcomes, by_kind = score_set(probes)

    print("| half | probes | expected values right | negatives clean |")
    print("| --- | --- | --- | --- |")
    figures: dict[str, dict[str, float | int]] = {}
    for split in SPLITS:
        o = outcomes[split]
        count = sum(1 for p in probes if p.split == split)
        rate = o.right / o.total if o.total else 1.0
        print(f"| {split} | {count} | {rate:.1%} ({o.right}/{o.total}) | "
              f"{o.clean}/{o.negatives} |")
        figures[split] = {"probes": count, "right": o.right, "total": o.total,
                          "rate": round(rate, 4), "negatives": o.negatives,
                          "clean": o.clean}
    if args.kinds:
        print("\n| kind (tuning) | right |\n| --- | --- |")
        for kind_id, kind_outcome in sorted(by_kind.items()):
            print(f"| {kind_id} | {kind_outcome.right}/{kind_outcome.total} |")
    if args.details:
        print()
        for line in outcomes["tuning"].misses:
            print(line)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

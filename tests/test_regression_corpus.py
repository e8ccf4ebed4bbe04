"""Regression corpus: what a person found by reading real licence texts, checked field by field.

Each file ``corpora/regression/<scancode-key>.yaml`` records, for one licence of the
installed ScanCode data, the profile values and verdicts its reader expects (facts only,
never licence text). The test analyses the licence and compares every profile field and
every verdict with the expectation; a failure prints one table of all differing fields
with the rule ids (and clause paths) of the findings behind the actual value.

Comparison rules (also in ``corpora/regression/README.md``):

* A profile field missing from ``profile:`` is expected to hold the model default, so the
  whole profile is checked, not just the fields a file names.
* Choices and booleans (``grant_use``, ``commercial_use``, ``share_alike``...) and every
  verdict status are compared for equality; ``mau_threshold`` as an integer;
  ``revenue_threshold`` by amount and (case-insensitive) currency.
* Text fields (``governing_law``, ``derivative_naming``, ``attribution_display``,
  ``other_scale_threshold``): an expected ``null`` needs an actual ``None``; otherwise the
  expected value is a key phrase, with alternatives separated by ``|``, and matches when
  one alternative occurs in the actual text, case-insensitively ("California" matches
  "the State of California"; "PRC|China" matches either spelling). Extraction wording
  may vary; the jurisdiction or phrase may not.
* ``geographic_exclusion`` is compared as a set of region names: every expected entry
  (again with ``|`` alternatives) must occur in some actual entry, and every actual entry
  must match some expected entry. Order, case and surrounding words do not matter.

``held_out: true`` marks a licence read for the held-out set: a text the rules were not tuned
on, kept to measure how the library generalises (the agreement report gives its figures
apart from the tuned licences'). Default ``false``.

``known_gaps:`` maps a path (a profile field name, or ``verdicts.osd.5`` style) to
``{actual: ..., why: ...}``: a disagreement that is a recorded tool gap, not fixed yet. A
known gap is a strict expected failure: when the tool starts agreeing with the
expectation the test fails ("known gap fixed, remove it"), and when the tool's value
moves to something other than the recorded ``actual`` the test fails too, so that the
entry is looked at again.

Per-field agreement over the whole corpus (before the known-gap allowance)::

    python -m tests.test_regression_corpus
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import pytest
import yaml

from licenseparse import Analysis
from licenseparse.models import FREEDOM_IDS, OSAID_IDS, OSD_IDS, Money, Profile, Status

from .conftest import analysed

CORPUS_DIR = Path(__file__).resolve().parents[1] / "corpora" / "regression"
FILES = sorted(CORPUS_DIR.glob("*.yaml"))
MIN_LICENCES = 25

TEXT_FIELDS = ("governing_law", "derivative_naming", "attribution_display",
               "other_scale_threshold")
FRAMEWORKS: dict[str, tuple[str, ...]] = {
    "freedoms": FREEDOM_IDS, "osd": OSD_IDS, "osaid": OSAID_IDS,
}
STATUSES = frozenset(get_args(Status))
TOP_KEYS = {"key", "read_on", "notes", "profile", "verdicts", "known_gaps", "held_out"}
VERDICT_PATHS = tuple(f"verdicts.{fw}.{i}" for fw, ids in FRAMEWORKS.items() for i in ids)
ALL_PATHS = tuple(Profile.model_fields) + VERDICT_PATHS


@dataclass(frozen=True)
class Expectation:
    """One corpus file: the expected value of every path, and the recorded gaps."""

    key: str
    path: Path
    notes: str
    expected: dict[str, Any]
    known_gaps: dict[str, dict[str, Any]] = field(default_factory=dict)
    held_out: bool = False


@dataclass(frozen=True)
class Row:
    """The comparison of one path for one licence."""

    path: str
    expected: Any
    actual: Any
    agree: bool
    rules: list[str]


class CorpusError(ValueError):
    """A corpus file is malformed."""


def _canonical_path(path: str) -> str:
    bare = path.removeprefix("profile.")
    if bare in Profile.model_fields or bare in VERDICT_PATHS:
        return bare
    raise CorpusError(f"unknown path {path!r} (a profile field or verdicts.<framework>.<id>)")


def _check_profile_value(name: str, value: Any) -> None:
    default = Profile.model_fields[name].default
    annotation = Profile.model_fields[name].annotation
    literal = get_args(annotation) if get_origin(annotation) is Literal else ()
    if value is None:
        return
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif name == "mau_threshold":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif name == "revenue_threshold":
        ok = isinstance(value, dict) and set(value) == {"amount", "currency"}
    elif name == "geographic_exclusion":
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    elif name in TEXT_FIELDS:
        ok = isinstance(value, str) and value.strip() != ""
    else:
        ok = isinstance(value, str) and (not literal or value in literal)
        if isinstance(value, bool):  # YAML turned an unquoted yes/no into a boolean
            raise CorpusError(f"profile.{name}: quote the value ('yes'/'no'), got {value!r}")
    if not ok:
        raise CorpusError(f"profile.{name}: invalid expected value {value!r}")


def load_expectation(path: Path) -> Expectation:
    """Read and validate one corpus file.

    Raises:
        CorpusError: the file is malformed (every check names the file and field).
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise CorpusError("not a mapping")
        extra = set(data) - TOP_KEYS
        if extra:
            raise CorpusError(f"unknown top-level keys {sorted(extra)}")
        if data.get("key") != path.stem:
            raise CorpusError(f"key {data.get('key')!r} does not match the file name")
        for needed in ("read_on", "notes", "verdicts"):
            if not data.get(needed):
                raise CorpusError(f"missing {needed}")
        held_out = data.get("held_out", False)
        if not isinstance(held_out, bool):
            raise CorpusError(f"held_out must be true or false, got {held_out!r}")
        expected: dict[str, Any] = Profile().model_dump()
        for name, value in (data.get("profile") or {}).items():
            if name not in Profile.model_fields:
                raise CorpusError(f"profile.{name}: not a profile field")
            _check_profile_value(name, value)
            expected[name] = value
        verdicts = data["verdicts"]
        if set(verdicts) != set(FRAMEWORKS):
            raise CorpusError(f"verdicts needs exactly {sorted(FRAMEWORKS)}")
        for framework, ids in FRAMEWORKS.items():
            given = {str(k): v for k, v in (verdicts[framework] or {}).items()}
            if set(given) != set(ids):
                raise CorpusError(f"verdicts.{framework} needs exactly the ids {list(ids)}")
            for item, status in given.items():
                if status not in STATUSES:
                    raise CorpusError(f"verdicts.{framework}.{item}: bad status {status!r}")
                expected[f"verdicts.{framework}.{item}"] = status
        gaps: dict[str, dict[str, Any]] = {}
        for raw, entry in (data.get("known_gaps") or {}).items():
            if not isinstance(entry, dict) or set(entry) != {"actual", "why"} or not entry["why"]:
                raise CorpusError(f"known_gaps.{raw}: needs exactly 'actual' and a 'why'")
            gaps[_canonical_path(str(raw))] = entry
    except (CorpusError, KeyError, TypeError, AttributeError, yaml.YAMLError) as exc:
        raise CorpusError(f"{path.name}: {exc}") from exc
    return Expectation(key=path.stem, path=path, notes=str(data["notes"]), expected=expected,
                       known_gaps=gaps, held_out=held_out)


def _alternatives(expected: str) -> list[str]:
    return [a.strip().lower() for a in expected.split("|") if a.strip()]


def _text_matches(expected: str | None, actual: str | None) -> bool:
    if expected is None or actual is None:
        return expected is None and actual is None
    return any(alt in actual.lower() for alt in _alternatives(expected))


def _regions_match(expected: list[str], actual: list[str]) -> bool:
    want = [_alternatives(e) for e in expected]
    have = [a.lower() for a in actual]
    every_expected_found = all(any(alt in a for a in have for alt in alts) for alts in want)
    every_actual_expected = all(any(alt in a for alts in want for alt in alts) for a in have)
    return every_expected_found and every_actual_expected


def _money_matches(expected: dict[str, Any] | None, actual: dict[str, Any] | None) -> bool:
    if expected is None or actual is None:
        return expected is None and actual is None
    return (float(expected["amount"]) == float(actual["amount"])
            and str(expected["currency"]).upper() == str(actual["currency"]).upper())


def matches(path: str, expected: Any, actual: Any) -> bool:
    """Compare one path's expected value with an actual one, by the corpus rules."""
    if path in TEXT_FIELDS:
        return _text_matches(expected, actual)
    if path == "geographic_exclusion":
        return _regions_match(list(expected or []), list(actual or []))
    if path == "revenue_threshold":
        return _money_matches(expected, actual)
    return bool(expected == actual)


def actual_value(analysis: Analysis, path: str) -> Any:
    """The analysis's value at a path, as plain data (Money as a mapping)."""
    if path.startswith("verdicts."):
        _, framework, item = path.split(".")
        return getattr(analysis.verdicts, framework)[item].status
    value = getattr(analysis.profile, path)
    if isinstance(value, Money):
        return value.model_dump()
    return value


def evidence(analysis: Analysis, path: str) -> list[str]:
    """Rule ids (with clause paths) of the findings behind the actual value at a path."""
    if path.startswith("verdicts."):
        _, framework, item = path.split(".")
        ids = getattr(analysis.verdicts, framework)[item].findings
    else:
        ids = analysis.profile_evidence.get(path, [])
    out: list[str] = []
    for finding_id in ids:
        try:
            finding = analysis.finding(finding_id)
        except KeyError:
            out.append(finding_id)
            continue
        label = f"{finding.rule_id}@{finding.clause_path}"
        if label not in out:
            out.append(label)
    return out


def compare(analysis: Analysis, expectation: Expectation) -> list[Row]:
    """One row per path (every profile field, every verdict), in a stable order."""
    rows = []
    for path in ALL_PATHS:
        expected = expectation.expected[path]
        actual = actual_value(analysis, path)
        rows.append(Row(path=path, expected=expected, actual=actual,
                        agree=matches(path, expected, actual), rules=evidence(analysis, path)))
    return rows


def _same_recorded(path: str, recorded: Any, actual: Any) -> bool:
    if path == "geographic_exclusion":
        return sorted(str(r).lower() for r in recorded or []) == sorted(
            str(a).lower() for a in actual or [])
    if path == "revenue_threshold":
        return _money_matches(recorded, actual)
    return bool(recorded == actual)


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def format_table(key: str, problems: list[tuple[Row, str]]) -> str:
    """A readable table of differing paths: path, expected, actual, note, rules."""
    head = ("path", "expected", "actual", "note", "rules behind actual")
    body = [(row.path, _show(row.expected), _show(row.actual), note,
             ", ".join(row.rules) or "-") for row, note in problems]
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(4)]
    lines = [f"{key}: {len(problems)} field(s) differ from corpora/regression/{key}.yaml"]
    for cells in [head, *body]:
        lines.append("  " + "  ".join(c.ljust(w) for c, w in zip(cells[:4], widths, strict=True))
                     + "  " + cells[4])
    return "\n".join(lines)


def problems_of(expectation: Expectation, rows: list[Row]) -> list[tuple[Row, str]]:
    """The rows that fail the test, each with a note (known gaps are strict xfails)."""
    out = []
    for row in rows:
        gap = expectation.known_gaps.get(row.path)
        if gap is None:
            if not row.agree:
                out.append((row, "disagrees"))
        elif row.agree:
            out.append((row, "known gap fixed, remove it"))
        elif not _same_recorded(row.path, gap["actual"], row.actual):
            out.append((row, f"known gap changed (recorded actual {_show(gap['actual'])})"))
    return out


def test_corpus_is_large_enough_and_well_formed() -> None:
    assert len(FILES) >= MIN_LICENCES, f"only {len(FILES)} licences in {CORPUS_DIR}"
    for path in FILES:
        load_expectation(path)


@pytest.mark.issue(3)
@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_regression_corpus(path: Path) -> None:
    expectation = load_expectation(path)
    analysis = analysed(expectation.key)
    problems = problems_of(expectation, compare(analysis, expectation))
    if problems:
        pytest.fail(format_table(expectation.key, problems), pytrace=False)


def test_comparison_rules() -> None:
    assert matches("governing_law", "California", "the State of California")
    assert matches("governing_law", "PRC|China", "the laws of China")
    assert not matches("governing_law", "California", None)
    assert not matches("governing_law", None, "Delaware")
    assert matches("geographic_exclusion", ["European Union", "South Korea|Korea"],
                   ["the European Union", "Korea"])
    assert not matches("geographic_exclusion", ["European Union"], ["European Union", "Iran"])
    assert not matches("geographic_exclusion", [], ["sanctioned or embargoed jurisdictions"])
    assert matches("revenue_threshold", {"amount": 1000000, "currency": "usd"},
                   {"amount": 1_000_000.0, "currency": "USD"})
    assert matches("mau_threshold", 700000000, 700_000_000)
    assert not matches("grant_use", "yes", "unclear")


def test_held_out_flag(tmp_path: Path) -> None:
    source = (CORPUS_DIR / "mit.yaml").read_text(encoding="utf-8")
    assert load_expectation(CORPUS_DIR / "mit.yaml").held_out is False
    flagged = tmp_path / "mit.yaml"
    flagged.write_text(source + "held_out: true\n", encoding="utf-8")
    assert load_expectation(flagged).held_out is True
    flagged.write_text(source + "held_out: maybe\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="held_out"):
        load_expectation(flagged)


def test_known_gap_is_strict() -> None:
    exp = Expectation(key="k", path=Path("k.yaml"), notes="", expected={},
                      known_gaps={"verdicts.osd.5": {"actual": "respected", "why": "w"}})
    fixed = Row("verdicts.osd.5", "restricted", "restricted", True, [])
    still = Row("verdicts.osd.5", "restricted", "respected", False, [])
    moved = Row("verdicts.osd.5", "restricted", "conditioned", False, [])
    assert [n for _, n in problems_of(exp, [fixed])] == ["known gap fixed, remove it"]
    assert problems_of(exp, [still]) == []
    assert "known gap changed" in problems_of(exp, [moved])[0][1]


def _group_of(path: str) -> str:
    return "profile" if not path.startswith("verdicts.") else path.split(".")[1]


def _figure(label: str, ok: int, total: int, width: int) -> str:
    share = 100 * ok / total if total else 0.0
    return f"  {label.ljust(width)}  {ok:4d}/{total:<4d} {share:6.1f}%"


def agreement_report(expectations: list[Expectation], analyses: dict[str, Analysis]) -> str:
    """Per-field and overall agreement, counted before the known-gap allowance.

    The whole-corpus figures come first; then the tuned and the held-out licences (files
    with ``held_out: true``, texts the rules were not tuned on) each get their own
    per-group and overall figures and their own per-licence list.
    """
    per_path = {p: [0, 0] for p in ALL_PATHS}
    # per set ("tuned" / "held out"): per group [agree, total], and per licence rows
    per_set: dict[str, dict[str, list[int]]] = {}
    per_key: dict[str, list[tuple[str, int, int, int]]] = {}
    gaps = 0
    for exp in expectations:
        rows = compare(analyses[exp.key], exp)
        name = "held out" if exp.held_out else "tuned"
        groups_of_set = per_set.setdefault(name, {})
        for row in rows:
            per_path[row.path][1] += 1
            per_path[row.path][0] += row.agree
            counts = groups_of_set.setdefault(_group_of(row.path), [0, 0])
            counts[0] += row.agree
            counts[1] += 1
        per_key.setdefault(name, []).append(
            (exp.key, sum(r.agree for r in rows), len(rows), len(exp.known_gaps)))
        gaps += len(exp.known_gaps)
    lines = [f"Regression corpus agreement: {len(expectations)} licences, "
             f"{len(ALL_PATHS)} paths each, {gaps} known gaps (not excused below)", ""]
    width = max(len(p) for p in ALL_PATHS)
    groups: dict[str, list[int]] = {}
    for path, (ok, total) in per_path.items():
        group = _group_of(path)
        groups.setdefault(group, [0, 0])
        groups[group][0] += ok
        groups[group][1] += total
        lines.append(f"  {path.ljust(width)}  {ok:3d}/{total:<3d} {100 * ok / total:6.1f}%")
    lines.append("")
    for group, (ok, total) in groups.items():
        lines.append(_figure(group, ok, total, width))
    ok_all = sum(ok for ok, _ in per_path.values())
    total_all = sum(total for _, total in per_path.values())
    lines.append(_figure("overall", ok_all, total_all, width))
    for name in ("tuned", "held out"):
        if name not in per_set:
            continue
        rows_of_set = per_key[name]
        lines.append("")
        lines.append(f"  {name} ({len(rows_of_set)} licences):")
        for group, (ok, total) in per_set[name].items():
            lines.append(_figure(group, ok, total, width))
        lines.append(_figure("overall", sum(ok for ok, _ in per_set[name].values()),
                             sum(total for _, total in per_set[name].values()), width))
        lines.append("")
        lines.append(f"  per licence, {name} (agreeing paths, known gaps):")
        for key, ok, total, n_gaps in rows_of_set:
            lines.append(f"    {key.ljust(34)} {ok:2d}/{total}  gaps {n_gaps}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print per-field agreement of the analysis with the corpus."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("keys", nargs="*", help="only these ScanCode keys")
    args = parser.parse_args(argv)
    from licenseparse import analyze
    from licenseparse.known import scancode_licenses_dir

    if scancode_licenses_dir() is None:
        print('ScanCode data not installed: pip install "licenseparse[corpus]"', file=sys.stderr)
        return 2
    expectations = [load_expectation(p) for p in FILES if not args.keys or p.stem in args.keys]
    analyses = {e.key: analyze(e.key) for e in expectations}
    print(agreement_report(expectations, analyses))
    return 0


if __name__ == "__main__":
    sys.exit(main())

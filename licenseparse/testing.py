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

from licenseparse.library import Example, RuleLibrary

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

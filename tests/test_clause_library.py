"""The bundled rule library: schema, examples, and problem reporting."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from licenseparse.errors import RuleLibraryError
from licenseparse.library import RuleLibrary, bundled_library_path, load_library
from licenseparse.testing import ExampleCase, check_case, iter_example_cases, run_examples

from .conftest import write_tanks_rule

LIBRARY = load_library()


def _param(case: ExampleCase) -> object:
    # A known gap is a strict expected failure: fixing it without moving the example
    # into positive/negative fails the suite, so the fix is noticed.
    marks = [pytest.mark.xfail(strict=True, reason="known gap")] if case.kind.startswith(
        "todo_") else []
    return pytest.param(case, marks=marks, id=case.name)


@pytest.mark.parametrize("case", [_param(c) for c in iter_example_cases(LIBRARY)])
def test_rule_example(case: ExampleCase) -> None:
    result = check_case(case, LIBRARY)
    assert result.ok, result.message


def test_library_every_rule_has_both_polarities() -> None:
    for rule in LIBRARY:
        assert rule.examples.positive and rule.examples.negative, rule.id


def test_library_ids_match_paths_and_are_sorted() -> None:
    ids = [rule.id for rule in LIBRARY]
    assert ids == sorted(ids)
    for rule in LIBRARY:
        path = Path(LIBRARY.sources[rule.id])
        assert path.relative_to(bundled_library_path()).with_suffix("").as_posix().replace(
            "/", ".") == rule.id


def test_library_every_taxonomy_kind_has_a_rule_with_both_polarities() -> None:
    # _kinds.yaml is TAXONOMY's list of kinds; each needs a rule that shows, with its
    # own examples, what it finds and what it must not find.
    covered = {kind.id for kind, rules in LIBRARY.by_kind()
               if any(r.examples.positive and r.examples.negative for r in rules)}
    missing = [k for k in LIBRARY.kinds if k not in covered]
    assert not missing, f"kinds without a rule: {missing}"


def test_library_rule_kinds_come_from_the_vocabulary() -> None:
    assert {rule.kind for rule in LIBRARY} <= set(LIBRARY.kinds)
    families = [kind.family for kind, _ in LIBRARY.by_kind()]
    # Grouped output: each family appears as one run.
    assert len(set(families)) == len(
        [f for i, f in enumerate(families) if i == 0 or families[i - 1] != f])


def test_library_covers_taxonomy_families() -> None:
    families = {rule.kind.split(".")[0] for rule in LIBRARY}
    assert {"grant", "scope", "use", "scale", "redistribution", "outputs", "licensor",
            "form"} <= families


def test_library_use_categories_cover_taxonomy() -> None:
    ids = {c.id for c in LIBRARY.categories}
    assert {"weapons-military", "surveillance", "law-enforcement", "discrimination",
            "medical-advice", "legal-financial-advice", "automated-decisions",
            "misinformation-impersonation", "minors", "harassment-violence", "privacy",
            "critical-infrastructure", "malware-cyberattacks", "illegal-activity",
            "sexual-content", "political-campaigning"} <= ids


def test_library_reports_every_problem_at_once(tmp_path: Path) -> None:
    (tmp_path / "use").mkdir()
    (tmp_path / "use" / "bad-regex.yaml").write_text(
        "id: use.bad-regex\ntitle: t\nkind: use.x\ndescription: d\nexplanation: e\n"
        "match: {regex: '(unclosed'}\nexamples: {positive: [a], negative: [b]}\n")
    (tmp_path / "use" / "unknown-key.yaml").write_text(
        "id: use.unknown-key\ntitle: t\nkind: use.x\ndescription: d\nexplanation: e\n"
        "match: {regex: 'x'}\nsurprise: 1\nexamples: {positive: [a], negative: [b]}\n")
    (tmp_path / "use" / "wrong-id.yaml").write_text(
        "id: use.other\ntitle: t\nkind: use.x\ndescription: d\nexplanation: e\n"
        "match: {regex: 'x'}\nexamples: {positive: [a], negative: [b]}\n")
    (tmp_path / "use" / "no-examples.yaml").write_text(
        "id: use.no-examples\ntitle: t\nkind: use.x\ndescription: d\nexplanation: e\n"
        "match: {regex: 'x'}\neffects: {freedoms: {'7': restricts}}\n")
    (tmp_path / "use" / "odd-kind.yaml").write_text(
        "id: use.odd-kind\ntitle: t\nkind: use.nonsense\ndescription: d\nexplanation: e\n"
        "match: {regex: 'x'}\nexamples: {positive: [x], negative: [y]}\n")
    with pytest.raises(RuleLibraryError) as info:
        RuleLibrary.from_path(tmp_path)
    message = str(info.value)
    assert message.startswith("[LP300]")
    assert "use/odd-kind.yaml: kind: unknown kind 'use.nonsense'" in message
    assert "use/bad-regex.yaml: match.regex" in message
    assert "use/unknown-key.yaml: surprise" in message
    assert "use/wrong-id.yaml: id" in message
    assert "use/no-examples.yaml: examples" in message
    assert "use/no-examples.yaml: effects: Value error, freedoms: unknown ids" in message
    assert len(info.value.problems) >= 5


def test_library_rejects_upper_case_regex_literals(tmp_path: Path) -> None:
    (tmp_path / "form").mkdir()
    (tmp_path / "form" / "caps.yaml").write_text(
        "id: form.caps\ntitle: t\nkind: form.trademark\ndescription: d\nexplanation: e\n"
        "match: {regex: 'Licence'}\nexamples: {positive: [a], negative: [b]}\n")
    with pytest.raises(RuleLibraryError, match="lower case"):
        RuleLibrary.from_path(tmp_path)


def test_library_merge_rejects_duplicate_ids(tmp_path: Path) -> None:
    (tmp_path / "use").mkdir()
    (tmp_path / "use" / "military.yaml").write_text(
        "id: use.military\ntitle: t\nkind: use.military\ndescription: d\nexplanation: e\n"
        "match: {regex: 'tanks'}\nexamples: {positive: [tanks], negative: [cars]}\n")
    with pytest.raises(RuleLibraryError, match="duplicate rule id 'use.military'"):
        LIBRARY.merged(RuleLibrary.from_path(tmp_path))


def test_library_user_pack_adds_rules(tmp_path: Path) -> None:
    write_tanks_rule(tmp_path)
    merged = LIBRARY.merged(RuleLibrary.from_path(tmp_path))
    assert "custom.tanks" in merged and len(merged) == len(LIBRARY) + 1
    results = run_examples(RuleLibrary.from_path(tmp_path))
    assert [r.ok for r in results] == [True, True]


def test_library_regexes_have_no_nested_unbounded_quantifiers() -> None:
    # Catastrophic backtracking needs a quantified group that itself ends in an
    # unbounded quantifier, e.g. (a+)+ or (\w+\s*)*; bounded {0,n} outer loops are fine.
    nested = regex.compile(r"\((?:[^()\\]|\\.)*[+*]\)[+*]")
    for rule in LIBRARY:
        for expression in _regexes(rule.model_dump(by_alias=True)):
            assert not nested.search(expression), (rule.id, expression)


def test_library_regexes_stay_fast_on_adversarial_text() -> None:
    # A hang guard, not a speed target: the regex module raises TimeoutError instead of
    # hanging if a pattern backtracks catastrophically.
    adversarial = ["a " * 50_000, "(" * 100_000, "\"" * 100_000, "1," * 50_000,
                   "you may not " * 10_000 + "x", "license " * 20_000]
    for rule in LIBRARY:
        for expression in _regexes(rule.model_dump(by_alias=True)):
            compiled = regex.compile(expression)
            for text in adversarial:
                list(compiled.finditer(text, timeout=5))


def _regexes(node: object) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "regex" and isinstance(value, str):
                found.append(value)
            else:
                found.extend(_regexes(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_regexes(item))
    return found


def test_vocabulary_classes_expand_and_unknown_ones_are_reported(tmp_path: Path) -> None:
    (tmp_path / "_vocab.yaml").write_text(
        "classes:\n  garden_tool: ['rakes?', 'spades?']\n", encoding="utf-8")
    (tmp_path / "use").mkdir()
    (tmp_path / "use" / "tools.yaml").write_text(
        "id: use.tools\ntitle: t\nkind: use.enumerated\ndescription: d\nexplanation: e\n"
        "match: {regex: '\\b{{garden_tool}}\\b'}\n"
        "context: {regex: '\\b{{permission_lead}}'}\n"
        "examples: {positive: [You may not use rakes.], negative: [b]}\n", encoding="utf-8")
    library = RuleLibrary.from_path(tmp_path)
    rule = library.get("use.tools")
    # The pack's class and the bundled one are both put in place.
    assert rule.match.regex == r"\b(?:rakes?|spades?)\b"
    assert rule.context is not None and "hereby\\s+grants?" in str(rule.context.regex)
    (tmp_path / "use" / "odd.yaml").write_text(
        "id: use.odd\ntitle: t\nkind: use.enumerated\ndescription: d\nexplanation: e\n"
        "match: {regex: '{{no_such_class}}'}\n"
        "examples: {positive: [a], negative: [b]}\n", encoding="utf-8")
    with pytest.raises(RuleLibraryError, match="unknown vocabulary class no_such_class"):
        RuleLibrary.from_path(tmp_path)

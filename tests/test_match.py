"""Matching: modality, negation, exceptions, parameters, triggers and overlaps."""

from __future__ import annotations

import pytest

from licenseparse import analyze, load_library
from licenseparse.library import RuleLibrary
from licenseparse.match import detect_modality, lower_view

from .conftest import scancode_or_skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("you may not use the model for weapons", "prohibition"),
        ("you will not use outputs to improve other models", "prohibition"),
        ("you agree not to use the model", "prohibition"),
        ("you must include the notice", "obligation"),
        ("licensee shall display the phrase", "obligation"),
        ("you may use the model", "permission"),
        ("permission is hereby granted to use the software", "permission"),
        ("the model is provided as is", "statement"),
    ],
)
def test_detect_modality(text: str, expected: str) -> None:
    assert detect_modality(text, len(text) // 2) == expected


def test_detect_modality_uses_nearest_cue_before_match() -> None:
    text = "you may use it, but you shall not sell it"
    assert detect_modality(text, text.index("sell")) == "prohibition"
    assert detect_modality(text, text.index("use")) == "permission"


def test_match_negated_grant_is_not_a_grant() -> None:
    result = analyze("You may not use, copy or modify the Software.")
    assert not result.by_rule("grant.use")
    assert result.profile.grant_use == "unclear"


def test_match_exception_recorded() -> None:
    result = analyze("You may not modify the Model without the prior written consent of Acme.")
    finding = result.by_rule("redistribution.no-derivatives")[0]
    assert finding.exception is not None
    assert finding.exception.startswith("without the prior written consent")


def test_match_parameters_normalised() -> None:
    result = analyze(
        "If your annual revenue exceeds USD $1,000,000, you must obtain a licence. "
        "Licensees with more than seven hundred million monthly active users must ask us.")
    assert result.profile.mau_threshold == 700_000_000
    assert result.profile.revenue_threshold is not None
    assert result.profile.revenue_threshold.amount == 1_000_000
    assert result.profile.revenue_threshold.currency == "USD"


def test_match_keeps_overlapping_findings_of_different_rules() -> None:
    result = analyze('By clicking "I Accept" or by using the Model you agree to these terms.')
    rules = {f.rule_id for f in result.findings}
    assert {"form.clickwrap-optional", "form.use-acceptance"} <= rules
    assert len({(f.start, f.end) for f in result.findings}) == 1


def test_match_finding_ids_stable_and_unique() -> None:
    text = scancode_or_skip("llama-3.1-license-2024")
    first = [f.id for f in analyze(text).findings]
    assert first == [f.id for f in analyze(text).findings]
    assert len(first) == len(set(first))
    assert "scale.user-cap@2" in first


def test_match_list_item_inherits_lead_in_modality() -> None:
    text = "You agree not to use the Model:\n(a) To give medical advice;\n(b) For spam.\n"
    items = analyze(text).by_rule("use.enumerated-prohibited")
    assert [(f.clause_path, f.modality, f.params["category"]) for f in items] == [
        ("a", "prohibition", "medical-advice"),
        ("b", "prohibition", "misinformation-impersonation")]


def _without_triggers(library: RuleLibrary) -> RuleLibrary:
    rules = [r.model_copy(update={"triggers": []}) for r in library]
    return RuleLibrary(rules, library.categories, library.digest, library.sources)


@pytest.mark.parametrize("key", ["llama-3.1-license-2024", "llama-2-license-2023",
                                 "bigscience-open-rail-m", "apache-2.0", "gpl-3.0",
                                 "gemma-tou-2024-04-01", "mpl-2.0"])
def test_match_triggers_never_hide_a_finding(key: str) -> None:
    # Triggers are a pre-filter for speed; with them removed, every rule runs on every
    # unit, and the findings must be exactly the same.
    text = scancode_or_skip(key)
    library = load_library()
    fast = [(f.id, f.start, f.end, f.params) for f in analyze(text, rules=library).findings]
    slow = [(f.id, f.start, f.end, f.params)
            for f in analyze(text, rules=_without_triggers(library)).findings]
    assert fast == slow


def test_lower_view_keeps_length_for_non_ascii() -> None:
    text = "İSTANBUL Straße ÆON"
    assert len(lower_view(text)) == len(text)


def _leaf_patterns(library: RuleLibrary) -> list[str]:
    from licenseparse.match import _leaf_regex

    found: dict[str, None] = {}

    def walk(node) -> None:  # type: ignore[no-untyped-def]
        if node is None:
            return
        for child in (node.all or []) + (node.any or []):
            walk(child)
        walk(node.not_)
        if node.regex is not None or node.phrases is not None:
            found[_leaf_regex(node).pattern] = None

    for rule in library:
        for node in (rule.match, rule.context, rule.unless, rule.unless_clause, rule.lead_in):
            walk(node)
    return list(found)


def test_split_literal_branches_match_exactly_what_the_pattern_matches() -> None:
    # The yes/no tests search literal-led branches instead of the whole pattern; on
    # every sentence of real licences and every rule example both must agree.
    import regex

    from licenseparse.match import _literal_plan
    from licenseparse.segment import lower_view
    from licenseparse.testing import iter_example_cases

    library = load_library()
    texts = [case.text for case in iter_example_cases(library)]
    for key in ("llama-3.1-license-2024", "apache-2.0", "gpl-3.0", "bigscience-open-rail-m",
                "gemma-tou-2024-04-01", "cc-by-nc-sa-4.0"):
        texts.append(scancode_or_skip(key))
    lowered = [lower_view(t) for t in texts]
    split = 0
    for pattern in _leaf_patterns(library):
        plan = _literal_plan(pattern)
        if plan is None:
            continue
        split += 1
        gated, rest = plan
        whole = regex.compile(pattern, regex.V0)
        for text in lowered:
            for start in range(0, len(text), 97):
                end = min(len(text), start + 240)
                expected = whole.search(text, start, end) is not None
                got = any(
                    text.find(literal, start, end) >= 0
                    and any(s(text, start, end) is not None for s in searches)
                    for literal, searches in gated
                ) or (rest is not None and rest(text, start, end) is not None)
                assert got == expected, (pattern, text[start:end])
    assert split > 100  # most leaves are split; a regression in the splitter shows here


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\b(?:may|shall)\s+not\b",
         ([("may", r"\bmay\s+not\b"), ("shall", r"\bshall\s+not\b")], [])),
        # "a" is too short to lead a branch, so the whole branch stays as it is.
        (r"\b(?:a\s+)?copy|\bno\b", ([("no", r"\bno\b")], [r"\b(?:a\s+)?copy"])),
        # An optional group is one branch with it and one without.
        (r"\b(?:hereby\s+)?grants?\s+you",
         ([("hereby", r"\bhereby\s+grants?\s+you"), ("grant", r"\bgrants?\s+you")], [])),
        (r"(\w+)\s+\1", None),  # back-references are never split
        (r"(?i)\bfoo|bar", None),  # nor are patterns with global flags
    ],
)
def test_split_literal_branches_cases(pattern: str, expected: object) -> None:
    from licenseparse.match import split_literal_branches

    result = split_literal_branches(pattern)
    if expected is None:
        assert result is None
    else:
        assert result == expected

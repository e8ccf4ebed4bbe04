"""The verdict rulebook and the profile merge policy, on hand-made findings."""

from __future__ import annotations

from licenseparse import analyze, load_library
from licenseparse.assess import assess, build_profile
from licenseparse.models import Effects, Finding


def _finding(fid: str, rule_id: str = "use.military", **effects: dict[str, str]) -> Finding:
    return Finding(id=fid, rule_id=rule_id, rule_title=rule_id, kind="x", clause_id="1",
                   clause_path="1", start=0, end=1, quote="x", match_start=0, match_end=1,
                   modality="statement", score=0.9, explanation="x",
                   effects=Effects(**effects))  # type: ignore[arg-type]


def test_assess_restriction_wins_and_lists_only_restricting_findings() -> None:
    findings = [_finding("g", freedoms={"0": "grants"}),
                _finding("c", freedoms={"0": "conditions"}),
                _finding("r", freedoms={"0": "restricts"})]
    verdict = assess(findings).freedoms["0"]
    assert verdict.status == "restricted"
    assert verdict.findings == ["r"]


def test_assess_conditions_without_restriction_is_conditioned() -> None:
    findings = [_finding("g", freedoms={"2": "grants"}),
                _finding("c", freedoms={"2": "conditions"})]
    verdict = assess(findings).freedoms["2"]
    assert verdict.status == "conditioned"
    assert verdict.findings == ["c", "g"]


def test_assess_grant_alone_is_respected() -> None:
    assert assess([_finding("g", osd={"1": "grants"})]).osd["1"].status == "respected"


def test_assess_nothing_is_undetermined() -> None:
    verdicts = assess([])
    assert {v.status for v in verdicts.osaid.values()} == {"undetermined"}
    assert all(not v.findings for v in verdicts.osd.values())


def test_assess_use_policy_alone_is_undetermined_for_grants() -> None:
    # A use policy grants nothing: freedoms it does not restrict stay undetermined.
    result = analyze("You agree you will not use the Model to:\n1. Harass people.\n")
    assert result.verdicts.freedoms["0"].status == "restricted"
    assert result.verdicts.freedoms["2"].status == "undetermined"


def test_profile_merges_most_restrictive_and_lowest_threshold() -> None:
    library = load_library()
    result = analyze(
        "You will not use any output of the Model to improve any other large language model. "
        "Licensees with more than 100 million monthly active users must ask us. "
        "Licensees with more than 50 million monthly active users must tell us.")
    profile, evidence = build_profile(result.findings, library)
    assert profile.output_model_training == "prohibited"
    assert profile.mau_threshold == 50_000_000
    assert len(evidence["mau_threshold"]) == 2
    assert profile.commercial_use == "conditional"


def test_profile_commercial_use_derived_from_grant_and_cap() -> None:
    granted = analyze("You are granted a licence to use and distribute the Model.")
    assert granted.profile.commercial_use == "allowed"
    capped = analyze("You are granted a licence to use the Model. Licensees with more than "
                     "700 million monthly active users must request a licence from us.")
    assert capped.profile.commercial_use == "conditional"
    assert capped.profile_evidence["commercial_use"] == capped.profile_evidence["mau_threshold"]

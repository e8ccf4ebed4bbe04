"""What a licence does not give counts: withheld grants and silent patent terms."""

from __future__ import annotations

from licenseparse import analyze

# Made-up terms in the shapes the rulebook names.
USE_ONLY = ("Tool Licence\n\nYou may use this software on any number of computers.\n\n"
            "All rights not expressly granted in this licence are reserved by the author.\n")
USE_AND_SHARE_OF_CHANGES = (
    "Tool Licence\n\nYou may use this software on any number of computers.\n\n"
    "Permission to alter it is given as well.\n\n"
    "All rights not expressly granted in this licence are reserved by the author.\n")


def test_a_use_only_licence_withholds_modify_and_redistribute() -> None:
    a = analyze(USE_ONLY)
    assert (a.profile.grant_use, a.profile.grant_modify, a.profile.grant_redistribute) == (
        "yes", "no", "no")
    for freedom in ("1", "2", "3"):
        verdict = a.verdicts.freedoms[freedom]
        assert verdict.status == "restricted"
        quotes = {a.finding(fid).quote for fid in verdict.findings}
        assert quotes == {"All rights not expressly granted in this licence are reserved "
                          "by the author."}
    assert a.verdicts.freedoms["0"].status == "respected"
    withheld = [f for f in a.findings if f.params.get("withheld")]
    assert sorted(f.params["withheld"] for f in withheld) == ["modify", "redistribute"]
    assert all(a.original[f.start:f.end] == f.quote for f in withheld)
    # A licence that grants and is silent on patents gives no explicit patent grant.
    assert a.profile.patent_grant == "no"


def test_a_right_spoken_of_as_allowed_is_not_withheld() -> None:
    a = analyze(USE_AND_SHARE_OF_CHANGES)
    assert a.profile.grant_modify != "no"
    assert a.verdicts.freedoms["1"].status != "restricted"


def test_a_document_that_grants_nothing_withholds_nothing() -> None:
    a = analyze("Use Policy\n\nAll rights not expressly granted are reserved.\n\n"
                "You must not use the model to harm people.\n")
    assert a.profile.grant_modify == "unclear" and a.profile.patent_grant == "unclear"
    assert not [f for f in a.findings if f.params.get("withheld")]

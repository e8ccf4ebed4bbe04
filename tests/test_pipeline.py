"""The analyze() facade: inputs of every kind, bad inputs, determinism, provenance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from licenseparse import analyze
from licenseparse.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    InputIsDirectoryError,
    InputNotFoundError,
    InputTooLargeError,
    LicenseparseError,
)
from licenseparse.known import KnownLicenceError

from .conftest import scancode_or_skip, shared_or_skip

CLAUSE = ("You may not use the Model for military purposes. You must prominently display "
          "\u201cBuilt with Acme\u201d on your website.")


def test_analyze_result_has_documented_shape() -> None:
    data = analyze(CLAUSE).model_dump(mode="json")
    assert {"profile", "verdicts", "findings", "clauses", "glossary", "provenance"} <= set(data)
    assert set(data["verdicts"]) == {"freedoms", "osd", "osaid"}
    assert set(data["verdicts"]["freedoms"]) == {"0", "1", "2", "3"}
    assert set(data["verdicts"]["osd"]) == {str(n) for n in range(1, 11)}
    assert set(data["verdicts"]["osaid"]) == {"use", "study", "modify", "share"}
    finding = data["findings"][0]
    assert {"id", "rule_id", "clause_id", "clause_path", "start", "end", "quote", "modality",
            "params", "effects", "score", "explanation"} <= set(finding)
    assert len(data["profile"]) == 29
    provenance = data["provenance"]
    assert len(provenance["library_digest"]) == 64
    assert provenance["settings"]["min_score"] == 0.3
    json.dumps(data)


def test_analyze_is_deterministic() -> None:
    text = scancode_or_skip("llama-3.1-license-2024")
    first = analyze(text).model_dump_json()
    assert first == analyze(text).model_dump_json()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "latin-1"])
def test_analyze_bytes_in_several_encodings(encoding: str) -> None:
    text = "Licence \u00a9 Acme. You may not use the Model for military purposes."
    result = analyze(text.encode(encoding))
    military = result.by_rule("use.military")[0]
    assert result.original[military.start:military.end] == military.quote
    assert military.quote == "You may not use the Model for military purposes."


def test_analyze_path_markdown_and_html(tmp_path: Path) -> None:
    md = tmp_path / "LICENSE.md"
    md.write_text("# Acme Licence\n\n1. **You may not** use the Model for *military* purposes.\n")
    html = tmp_path / "license.html"
    html.write_text("<html><body><h1>Acme</h1><ol><li>You may not use the Model for "
                    "<b>military</b> purposes &amp; weapons.</li></ol></body></html>")
    for path in (md, html):
        result = analyze(path)
        original = path.read_text()
        finding = result.by_rule("use.military")[0]
        assert original[finding.start:finding.end] == finding.quote
        assert "military" in finding.quote
        assert result.provenance.input.media_type in ("markdown", "html")


def test_analyze_curly_quotes_quoted_from_original() -> None:
    result = analyze(CLAUSE)
    display = result.by_rule("redistribution.attribution-display")
    assert display and "\u201cBuilt with Acme\u201d" in display[0].quote
    assert result.profile.attribution_display == "Built with Acme"


@pytest.mark.parametrize(
    ("make", "error", "code"),
    [
        (lambda p: "", EmptyInputError, "LP101"),
        (lambda p: "   \n\t  ", EmptyInputError, "LP101"),
        (lambda p: b"MZ\x00\x00\x90binary", BinaryInputError, "LP102"),
        (lambda p: b"abc \x80\x81\x82 def \xc3\x28", EncodingError, "LP104"),
        (lambda p: p, InputIsDirectoryError, "LP105"),
        (lambda p: p / "missing.txt", InputNotFoundError, "LP106"),
        (lambda p: str(p / "missing.txt"), InputNotFoundError, "LP106"),
    ],
)
def test_analyze_bad_input_raises_typed_coded_error(
    tmp_path: Path, make: object, error: type[Exception], code: str
) -> None:
    assert callable(make)
    with pytest.raises(error) as info:
        analyze(make(tmp_path))
    assert str(info.value).startswith(f"[{code}]")
    assert isinstance(info.value, LicenseparseError)


def test_analyze_huge_file_rejected(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(InputTooLargeError, match=r"^\[LP103\]"):
        analyze(path)


def test_analyze_unknown_key_explains_itself() -> None:
    with pytest.raises(KnownLicenceError, match="neither a file nor a known"):
        analyze("no-such-licence-key-anywhere")


def test_analyze_known_key_reports_identifier_beside_analysis() -> None:
    scancode_or_skip("mit")
    result = analyze("mit")
    assert result.known_licence == "mit"
    assert result.profile.grant_use == "yes"


def test_analyze_removing_title_line_changes_no_verdict() -> None:
    text = scancode_or_skip("llama-3.1-license-2024")
    without_title = text.split("\n", 1)[1]
    assert analyze(text).verdicts == analyze(without_title).verdicts


def test_analyze_llama32_use_policy_excludes_eu() -> None:
    path = shared_or_skip("llama-models/llama3_2-USE_POLICY.md")
    result = analyze(path)
    assert result.profile.geographic_exclusion == ["European Union"]
    finding = result.by_rule("scale.geographic-exclusion")[0]
    assert "European Union" in finding.quote
    assert path.read_text()[finding.start:finding.end] == finding.quote
    items = result.by_rule("use.enumerated-prohibited")
    categories = {f.params["category"] for f in items}
    assert {"weapons-military", "minors", "malware-cyberattacks"} <= categories
    assert result.verdicts.freedoms["0"].status == "restricted"
    # The exclusion withholds every right of Section 1(a), distribution included.
    assert result.verdicts.freedoms["2"].status == "restricted"
    assert result.verdicts.freedoms["2"].findings == [finding.id]


def test_analyze_llama_licences_from_shared_corpus() -> None:
    path = shared_or_skip("llama-models/llama3_1-LICENSE")
    result = analyze(path)
    assert result.profile.mau_threshold == 700_000_000
    assert result.profile.governing_law == "California"


_PIECES = ["1.", "(a)", "Section 2", "#", "- ", "**", "<p>", "&amp;", "\u201c", "\u201d", "\n",
           "\n\n", "  ", "You may not", "use", "700 million", "monthly active users", "$1M",
           "European Union", "Built with", "\"", "Inc.", "e.g.", ":", ";", "\r\n", "\u00ad",
           "grant", "licence", "model", "outputs", "train", "\t", "\u2028", "\x0c"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=12), max_size=60),
       st.sampled_from(["text", "markdown", "html"]))
def test_analyze_never_crashes_and_quotes_hold(pieces: list[str], media_type: str) -> None:
    text = " ".join(pieces)
    try:
        result = analyze(text, media_type=media_type)
    except InputError as exc:
        assert str(exc).startswith("[LP1")
        return
    for finding in result.findings:
        assert result.original[finding.start:finding.end] == finding.quote
    for clause in result.clauses:
        assert result.original[clause.start:clause.end] == clause.text


def test_analyze_degenerate_inputs_complete() -> None:
    # Each of these once took quadratic time (spaCy peeling a huge punctuation token;
    # one label repeated thousands of times); the outputs show they now run through.
    parens = analyze("(" * 200_000 + " x")
    assert len(parens.clauses) == 1 and parens.clauses[0].end == 200_002
    repeated = analyze("a.\n" * 20_000)
    ids = [c.id for c in repeated.clauses]
    assert len(ids) == 20_000 == len(set(ids))
    assert ids[:3] == ["a", "a~2", "a~3"]
    long_text = "You may use the Software. " * 60_000  # 1.5 MB, above spaCy's default cap
    assert len(analyze(long_text).findings) == 60_000

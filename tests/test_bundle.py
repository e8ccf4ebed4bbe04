"""Model folders analysed as bundles: documents, policy links, combined verdicts, issues."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from licenseparse import analyze
from licenseparse.bundle import declared_licence, model_documents
from licenseparse.cli import app
from licenseparse.errors import InputIsDirectoryError

from .conftest import scancode_or_skip, shared_or_skip

runner = CliRunner()


def _folder(tmp_path: Path, name: str, files: dict[str, str | Path]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for file_name, content in files.items():
        if isinstance(content, Path):
            shutil.copyfile(content, folder / file_name)
        else:
            (folder / file_name).write_text(content, encoding="utf-8")
    return folder


def _readme(licence: str, **extra: str) -> str:
    lines = [f"license: {licence}", *(f"{k}: {v}" for k, v in extra.items())]
    return "---\n" + "\n".join(lines) + "\n---\n\n# A model\n\nIt writes poems.\n"


def test_llama32_licence_and_policy_form_one_bundle(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "Llama-3.2-1B", {
        "LICENSE": shared_or_skip("llama-models/llama3_2-LICENSE"),
        "USE_POLICY.md": shared_or_skip("llama-models/llama3_2-USE_POLICY.md"),
        "README.md": _readme("llama3.2"),
        "config.json": "{}",
    })
    result = analyze(folder)
    assert result.bundle is not None
    assert [(d.name, d.role) for d in result.bundle.documents] == [
        ("LICENSE", "licence"), ("USE_POLICY.md", "policy")]
    # Every finding names its document, and its quote is that document's text.
    assert {f.document for f in result.findings} == {"LICENSE", "USE_POLICY.md"}
    for finding in result.findings:
        assert result.text_of(finding)[finding.start:finding.end] == finding.quote
        assert finding.id.startswith(f"{finding.document}:")
    # The EU exclusion lives in the policy, and the bundle's profile carries it.
    assert "European Union" in result.profile.geographic_exclusion
    evidence = [result.finding(i) for i in result.profile_evidence["geographic_exclusion"]]
    assert evidence and all(f.document == "USE_POLICY.md" for f in evidence)
    assert any("European Union" in f.quote for f in evidence)
    # The licence's reference to the policy is linked to the policy's findings.
    assert len(result.bundle.links) == 1
    link = result.bundle.links[0]
    assert result.finding(link.finding).rule_id == "use.policy-incorporated"
    assert result.finding(link.finding).document == "LICENSE"
    assert link.policy_documents == ["USE_POLICY.md"]
    assert set(link.policy_findings) == {f.id for f in result.findings
                                         if f.document == "USE_POLICY.md"}
    # The policy's restrictions reach the verdicts: the use freedom is restricted by them.
    freedom0 = result.verdicts.freedoms["0"]
    assert freedom0.status == "restricted"
    assert any(i.startswith("USE_POLICY.md:") for i in freedom0.findings)
    # Each document keeps its own analysis; the licence alone lacks the EU exclusion.
    licence = result.bundle.document("LICENSE").analysis
    assert "European Union" not in licence.profile.geographic_exclusion
    assert result.bundle.declared is not None
    assert "llama-3.2-license-2024" in result.bundle.declared.known_ids
    if result.bundle.issues:  # without known texts the declaration cannot be checked
        assert [i.code for i in result.bundle.issues] == ["identification-unavailable"]


def test_readme_declaring_apache_over_a_llama_licence_is_flagged(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "not-apache", {
        "LICENSE": scancode_or_skip("llama-3.1-license-2024"),
        "README.md": _readme("apache-2.0"),
    })
    result = analyze(folder)
    assert result.bundle is not None
    mismatches = [i for i in result.bundle.issues if i.code == "declared-licence-mismatch"]
    assert len(mismatches) == 1
    assert "apache-2.0" in mismatches[0].message
    assert "llama-3.1-license-2024" in mismatches[0].message
    assert mismatches[0].documents == ["README.md", "LICENSE"]
    # The verdicts still come from the clauses of the LICENSE file, not the declaration.
    assert result.profile.mau_threshold == 700_000_000


def test_licence_without_its_policy_is_flagged(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "no-policy", {
        "LICENSE": shared_or_skip("llama-models/llama3_2-LICENSE"),
    })
    result = analyze(folder)
    assert result.bundle is not None
    missing = [i for i in result.bundle.issues if i.code == "policy-missing"]
    assert len(missing) == 1
    assert "https://www.llama.com/llama3_2/use-policy" in missing[0].message
    assert result.finding(missing[0].findings[0]).rule_id == "use.policy-incorporated"
    assert result.bundle.links == []
    assert "European Union" not in result.profile.geographic_exclusion


def test_folder_without_a_licence_is_flagged(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "card-only", {"README.md": _readme("llama3.1")})
    result = analyze(folder)
    assert result.bundle is not None
    assert [i.code for i in result.bundle.issues] == ["no-licence"]
    assert "'llama3.1'" in result.bundle.issues[0].message
    assert result.findings == []
    assert result.verdicts.freedoms["0"].status == "undetermined"


def test_folder_with_nothing_to_read_is_a_typed_error(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "weights-only", {"model.safetensors": "not really"})
    with pytest.raises(InputIsDirectoryError) as caught:
        analyze(folder)
    assert "LP105" in str(caught.value)


def test_document_roles_and_front_matter(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "names", {
        "LICENSE.txt": "x", "licence.md": "x", "COPYING": "x", "USE_POLICY.md": "x",
        "ACCEPTABLE_USE_POLICY.txt": "x", "NOTICE": "x", "README.md": "x",
        "notes.txt": "x", "policy.json": "x", "LICENSES": "x",
    })
    documents, readme = model_documents(folder)
    assert [(p.name, role) for p, role in documents] == [
        ("ACCEPTABLE_USE_POLICY.txt", "policy"), ("COPYING", "licence"),
        ("LICENSE.txt", "licence"), ("NOTICE", "notice"), ("USE_POLICY.md", "policy"),
        ("licence.md", "licence")]
    assert readme is not None and readme.name == "README.md"
    declared = declared_licence(_readme("other", license_name="tongyi-qianwen",
                                        license_link="LICENSE"))
    assert declared is not None
    assert (declared.license, declared.license_name, declared.license_link) == (
        "other", "tongyi-qianwen", "LICENSE")
    assert declared_licence("# No front matter\n") is None
    assert declared_licence("---\n: not yaml [\n---\n") is None


def test_cli_analyses_a_model_folder(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "cli-folder", {
        "LICENSE": shared_or_skip("llama-models/llama3_2-LICENSE"),
    })
    result = runner.invoke(app, ["analyze", str(folder), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert "## Model folder" in result.output
    assert "**policy-missing**" in result.output
    assert "`LICENSE` clause" in result.output


def test_two_model_folders_compare_document_by_document(tmp_path: Path) -> None:
    from licenseparse.compare import compare

    old = _folder(tmp_path, "Llama-3.1", {
        "LICENSE": shared_or_skip("llama-models/llama3_1-LICENSE"),
        "USE_POLICY.md": shared_or_skip("llama-models/llama3_1-USE_POLICY.md"),
    })
    new = _folder(tmp_path, "Llama-3.2", {
        "LICENSE": shared_or_skip("llama-models/llama3_2-LICENSE"),
        "USE_POLICY.md": shared_or_skip("llama-models/llama3_2-USE_POLICY.md"),
    })
    diff = compare(old, new)
    changes = {c.field: c for c in diff.profile_changes}
    # The EU exclusion arrives with the 3.2 policy, and is quoted from it.
    assert changes["geographic_exclusion"].b_display == "European Union"
    assert [q.document for q in changes["geographic_exclusion"].b_quotes] == ["USE_POLICY.md"]
    assert any(p.status == "unchanged" for p in diff.clauses)
    assert not compare(old, old).profile_changes

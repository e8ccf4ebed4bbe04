"""The self-contained HTML report: structure, anchors, evidence marks, no external requests."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from licenseparse import Analysis, analyze
from licenseparse.html import Span, _Anchors, highlight, render_analysis_html, slug
from licenseparse.models import FREEDOM_IDS, OSAID_IDS, OSD_IDS

from .conftest import analysed, shared_or_skip

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


@dataclass
class Node:
    """An element of the parsed page."""

    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self) -> list[Node]:
        found: list[Node] = []
        for child in self.children:
            if isinstance(child, Node):
                found.append(child)
                found.extend(child.iter())
        return found

    def find_all(self, tag: str, cls: str | None = None) -> list[Node]:
        return [n for n in self.iter() if n.tag == tag and (cls is None or cls in n.classes)]

    def ancestors(self) -> list[Node]:
        out, node = [], self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out


class TreeBuilder(HTMLParser):
    """Build a tree with the stdlib parser, and record every tag that does not balance."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]
        self.errors: list[str] = []
        self.doctype: str | None = None

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.errors.append(f"self-closing <{tag}/>")
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs},
                                            parent=self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        if len(self.stack) == 1 or self.stack[-1].tag != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1].tag}> at {self.getpos()}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(page: str) -> TreeBuilder:
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    return builder


def check_page(a: Analysis, page: str) -> Node:
    """Check what every report must satisfy, and return the parsed page."""
    tree = parse(page)
    assert tree.doctype is not None and tree.doctype.lower() == "doctype html"
    assert tree.errors == []
    assert [n.tag for n in tree.stack] == ["#root"], "unclosed elements"
    root = tree.root
    check_self_contained(page, root)

    ids = [n.attrs["id"] for n in root.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids)), "duplicate element ids"
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", i) for i in ids), ids
    for link in root.find_all("a"):
        href = link.attrs.get("href", "")
        assert href.startswith("#") and href[1:] in ids, f"dangling link {href!r}"

    # One clause section per clause, in order.
    sections = root.find_all("section", "clause")
    assert [s.attrs["data-clause"] for s in sections] == [c.id for c in a.clauses]
    anchor_of = {s.attrs["data-clause"]: s.attrs["id"] for s in sections}

    # Every finding is marked inside its own clause, and the marks spell its key phrase.
    by_finding: dict[str, list[Node]] = {}
    for mark in root.find_all("mark", "evidence"):
        by_finding.setdefault(mark.attrs["data-finding"], []).append(mark)
    assert set(by_finding) == {f.id for f in a.findings}
    for f in a.findings:
        marks = by_finding[f.id]
        for mark in marks:
            section = next(n for n in mark.ancestors() if "clause" in n.classes)
            assert section.attrs["data-clause"] == f.clause_id
            assert mark.attrs["title"] == f.rule_title
        text = a.text_of(f)
        key = (text[f.match_start:f.match_end] if f.start <= f.match_start < f.match_end
               <= f.end else f.quote)
        assert "".join(m.text() for m in marks) == key
        assert key in f.quote
        # The finding is listed under its clause.
        item = next(n for n in root.find_all("li", "finding")
                    if n.attrs["data-finding"] == f.id)
        assert anchor_of[f.clause_id] in [n.attrs.get("id") for n in item.ancestors()]
        assert f.rule_title in item.text() and f.modality in item.text()

    # A badge per verdict, and links to exactly the clauses its findings sit in.
    rows = root.find_all("tr", "verdict")
    expected = ([("freedoms", k) for k in FREEDOM_IDS] + [("osd", k) for k in OSD_IDS]
                + [("osaid", k) for k in OSAID_IDS])
    assert [(r.attrs["data-framework"], r.attrs["data-item"]) for r in rows] == expected
    for row in rows:
        verdict = getattr(a.verdicts, row.attrs["data-framework"])[row.attrs["data-item"]]
        badges = row.find_all("span", "badge")
        assert len(badges) == 1 and badges[0].classes == {"badge", f"badge-{verdict.status}"}
        assert badges[0].text() == verdict.status
        assert verdict.reason in row.text()
        targets = [n.attrs["href"][1:] for n in row.find_all("a")]
        assert targets == list(dict.fromkeys(
            anchor_of[a.finding(i).clause_id] for i in verdict.findings))

    # The profile links to the clauses of its evidence.
    for name, finding_ids in a.profile_evidence.items():
        row = next(n for n in root.find_all("tr") if n.attrs.get("id") == f"profile-{name}")
        linked = {n.attrs["href"][1:] for n in row.find_all("a")}
        assert linked == {anchor_of[a.finding(i).clause_id] for i in finding_ids}
    return root


def check_self_contained(page: str, root: Node) -> None:
    """Nothing in the page may make the browser fetch anything."""
    assert not root.find_all("script")
    assert not root.find_all("link")
    assert not root.find_all("img") and not root.find_all("iframe")
    for node in root.iter():
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            value = node.attrs.get(name)
            if value is not None:
                assert value.startswith("#"), f"<{node.tag} {name}={value!r}>"
    css = "".join(n.text() for n in root.find_all("style"))
    assert css.strip()
    assert "@import" not in css and "url(" not in css and "@font-face" not in css
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:|//|data:)""", page, re.I)


# ---------------------------------------------------------------------- real texts


def test_render_analysis_html_llama31_is_complete_and_linked() -> None:
    a = analysed("llama-3.1-license-2024")
    root = check_page(a, render_analysis_html(a))
    assert len(root.find_all("section", "clause")) == len(a.clauses) > 10
    assert len(root.find_all("tr", "verdict")) == 18
    # The licence's own URLs stay text: no anchor leaves the page.
    assert "https://llama.meta.com" in root.text()
    title = root.find_all("title")[0].text()
    assert "llama-3.1-license-2024" in title


def test_render_analysis_html_apache20_is_complete_and_linked() -> None:
    a = analysed("apache-2.0")
    check_page(a, render_analysis_html(a))


def test_render_analysis_html_is_deterministic() -> None:
    a = analysed("apache-2.0")
    assert render_analysis_html(a) == render_analysis_html(a)


def test_render_analysis_html_model_folder_ids_with_colons(tmp_path: Path) -> None:
    folder = tmp_path / "Llama-3.2-1B"
    folder.mkdir()
    shutil.copyfile(shared_or_skip("llama-models/llama3_2-LICENSE"), folder / "LICENSE")
    shutil.copyfile(shared_or_skip("llama-models/llama3_2-USE_POLICY.md"),
                    folder / "USE_POLICY.md")
    a = analyze(folder)
    assert any(":" in c.id for c in a.clauses)
    root = check_page(a, render_analysis_html(a))
    assert root.find_all("section") and "USE_POLICY.md" in root.text()


# ------------------------------------------------------------------ made-up texts


def _overlapping() -> Analysis:
    """A made-up text, with findings forced to cross, nest and coincide."""
    a = analyze("You may not use the Model for military purposes. You may not sell it.")
    assert a.findings, "the text should produce findings"
    f = a.findings[0]
    lo, hi = f.start, f.end
    mid = (lo + hi) // 2
    extra = [
        f.model_copy(update={"id": "x.cross@a", "match_start": lo, "match_end": mid + 3}),
        f.model_copy(update={"id": "x.cross@b", "match_start": mid - 3, "match_end": hi}),
        f.model_copy(update={"id": "x.inner", "match_start": mid - 1, "match_end": mid + 1}),
        f.model_copy(update={"id": "x.same", "match_start": f.match_start,
                             "match_end": f.match_end, "rule_title": 'Quote " & <b>'}),
    ]
    return a.model_copy(update={"findings": [*a.findings, *extra]})


def test_render_analysis_html_overlapping_findings_stay_well_formed() -> None:
    a = _overlapping()
    page = render_analysis_html(a)
    root = check_page(a, page)
    crossing = [m for m in root.find_all("mark", "evidence")
                if m.attrs["data-finding"].startswith("x.cross")]
    assert len(crossing) >= 3  # one of the two crossing spans had to be split
    assert 'title="Quote &#34; &amp; &lt;b&gt;"' in page
    mark = next(m for m in root.find_all("mark") if m.attrs["data-finding"] == "x.same")
    assert mark.attrs["title"] == 'Quote " & <b>'  # the parser decodes what was escaped


def test_render_analysis_html_escapes_the_text() -> None:
    a = analyze("You may not use the Software <script>alert(1)</script> for military "
                "purposes; see https://example.com/terms and <a href=\"http://x\">x</a>.")
    page = render_analysis_html(a)
    root = check_page(a, page)
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "https://example.com/terms" in root.text()


def test_highlight_nests_crossing_and_equal_spans() -> None:
    spans = [Span(0, 6, "a", "A"), Span(3, 9, "b", "B"), Span(3, 9, "c", "C"),
             Span(4, 5, "d", "D"), Span(20, 30, "out", "O")]
    out = str(highlight("012345678<9>", 0, spans))
    tree = parse(out)
    assert tree.errors == [] and [n.tag for n in tree.stack] == ["#root"]
    assert tree.root.text() == "012345678<9>"
    text: dict[str, str] = {}
    for mark in tree.root.find_all("mark"):
        text[mark.attrs["data-finding"]] = text.get(mark.attrs["data-finding"], "") + mark.text()
    assert text == {"a": "012345", "b": "345678", "c": "345678", "d": "4"}
    assert "&lt;9&gt;" in out


def test_highlight_offsets_are_relative_to_base() -> None:
    assert str(highlight("abc", 100, [Span(101, 102, "f", "t", "ev-f")])) == (
        'a<mark class="evidence" id="ev-f" data-finding="f" title="t">b</mark>c')


def test_slug_anchors_are_unique_even_when_slugs_collide() -> None:
    anchors = _Anchors()
    assert slug("LICENSE:1.b.iv") == "LICENSE-1-b-iv"
    first, second = anchors("clause", "1.a"), anchors("clause", "1-a")
    assert first == "clause-1-a" and second == "clause-1-a-2"
    assert anchors("clause", "1.a") == first


@pytest.mark.parametrize("value", ["", ":::", "é"])
def test_slug_never_returns_an_empty_id(value: str) -> None:
    assert slug(value)


# --------------------------------------------------------------------- comparison


def test_render_comparison_html_llama2_to_llama31() -> None:
    from licenseparse.compare import compare
    from licenseparse.html import render_comparison_html

    c = compare(analysed("llama-2-license-2023"), analysed("llama-3.1-license-2024"))
    page = render_comparison_html(c)
    tree = parse(page)
    assert tree.errors == [] and [n.tag for n in tree.stack] == ["#root"]
    root = tree.root
    check_self_contained(page, root)
    ids = [n.attrs["id"] for n in root.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids))
    for link in root.find_all("a"):
        assert link.attrs["href"].startswith("#") and link.attrs["href"][1:] in ids

    # Every summary sentence, in order.
    items = root.find_all("ol", "sentences")[0].find_all("li")
    assert [" ".join(li.text().split()).removesuffix(" ↓") for li in items] == [
        " ".join(s.split()) for s in c.sentences]
    # Verdict changes side by side, a badge per side with its status.
    rows = root.find_all("tr", "verdict-change")
    assert len(rows) == len(c.verdict_changes) > 0
    for row, v in zip(rows, c.verdict_changes, strict=True):
        badges = [b.text() for b in row.find_all("span", "badge")]
        assert badges == [v.a_status, v.b_status]
    assert len(root.find_all("tr", "profile-change")) == len(c.profile_changes) > 0
    # One anchored section per aligned pair; changed pairs carry <del>/<ins> words.
    pairs = root.find_all("section", "pair")
    assert [p.attrs["data-status"] for p in pairs] == [p.status for p in c.clauses]
    for node, pair in zip(pairs, c.clauses, strict=True):
        if pair.status == "changed":
            deleted = " ".join(d.text() for d in node.find_all("del"))
            inserted = " ".join(i.text() for i in node.find_all("ins"))
            assert deleted or inserted
            assert all(d.ancestors()[0].classes >= {"side-a"} for d in node.find_all("del"))
            assert all(i.ancestors()[0].classes >= {"side-b"} for i in node.find_all("ins"))
            words = [o.query for o in pair.word_diff if o.op in ("insert", "replace")
                     and o.query]
            assert [i.text() for i in node.find_all("ins")] == words

"""Render results as one self-contained HTML file: inline CSS, no scripts, no requests.

The report must open from a file, an e-mail attachment or an air-gapped archive exactly as
it was written, so nothing in it points outside the file: URLs quoted in a licence stay
text, and every link is a ``#fragment`` to an element of the same page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import jinja2
import markdown_it
from markupsafe import Markup, escape

from licenseparse.models import Analysis, Clause, Finding, Verdict
from licenseparse.report import profile_rows, verdict_rows

if TYPE_CHECKING:  # compare.py imports report.py too; only its models are read here.
    from licenseparse.compare import ClausePair, Comparison, FindingRef, Matrix, QuoteRef
    from licenseparse.identify import WordOp

__all__ = ["Span", "highlight", "render_analysis_html", "render_chain_html",
           "render_comparison_html", "slug"]

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("licenseparse", "templates"),
    # Licence texts, headings and rule data are untrusted input to a browser.
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def slug(value: str) -> str:
    """Turn any id into the characters that are safe in an HTML id and a CSS selector.

    Example:
        >>> slug("USE_POLICY.md:1.b.iv")
        'USE_POLICY-md-1-b-iv'
    """
    return _UNSAFE.sub("-", value).strip("-") or "x"


class _Anchors:
    """Hand out unique element ids, so that two raw ids that slug alike stay apart."""

    def __init__(self) -> None:
        self._given: dict[tuple[str, str], str] = {}
        self._taken: set[str] = set()

    def __call__(self, prefix: str, raw: str) -> str:
        key = (prefix, raw)
        if key not in self._given:
            base = f"{prefix}-{slug(raw)}"
            anchor, n = base, 1
            while anchor in self._taken:
                n += 1
                anchor = f"{base}-{n}"
            self._taken.add(anchor)
            self._given[key] = anchor
        return self._given[key]


@dataclass(frozen=True)
class Span:
    """A stretch of a text to mark: ``start``/``end`` in the same offsets as ``base``."""

    start: int
    end: int
    finding: str
    title: str
    anchor: str | None = None


def highlight(text: str, base: int, spans: Sequence[Span]) -> Markup:
    """Escape ``text`` and wrap each span in ``<mark class="evidence">``, nesting properly.

    Spans may overlap in any way. Where one crosses another's end, the inner mark is
    closed and reopened after it (``evidence-cont``), so the tags always balance and every
    character of a span stays inside a mark that names its finding.

    Args:
        text: the text to show.
        base: the offset of ``text[0]`` in the offsets the spans use.
        spans: what to mark; parts outside the text are dropped.

    Example:
        >>> str(highlight("a<b", 10, [Span(11, 12, "f1", "rule")]))
        'a<mark class="evidence" data-finding="f1" title="rule">&lt;</mark>b'
    """
    limit = base + len(text)
    # Input order breaks ties, so equal spans come out in the order the findings do.
    spans = [Span(max(s.start, base), min(s.end, limit), s.finding, s.title, s.anchor)
             for s in spans if max(s.start, base) < min(s.end, limit)]
    order = {id(s): i for i, s in enumerate(spans)}
    points = sorted({p for s in spans for p in (s.start, s.end)} | {base, limit})
    out: list[str] = []
    stack: list[Span] = []
    opened: set[int] = set()

    def open_tag(s: Span) -> str:
        attrs = ""
        if id(s) in opened:
            cls = "evidence evidence-cont"
        else:
            cls = "evidence"
            opened.add(id(s))
            if s.anchor is not None:
                attrs = f' id="{escape(s.anchor)}"'
        return (f'<mark class="{cls}"{attrs} data-finding="{escape(s.finding)}"'
                f' title="{escape(s.title)}">')

    pos = base
    for point in points:
        out.append(str(escape(text[pos - base:point - base])))
        pos = point
        # The span that ends last must be outermost; order by that, and by start for
        # ties, so a span containing another never has to be split.
        wanted = sorted((s for s in spans if s.start <= point < s.end),
                        key=lambda s: (-s.end, s.start, order[id(s)]))
        keep = 0
        while keep < min(len(stack), len(wanted)) and stack[keep] is wanted[keep]:
            keep += 1
        out.extend("</mark>" for _ in stack[keep:])
        out.extend(open_tag(s) for s in wanted[keep:])
        stack = wanted
    return Markup("".join(out))


# ------------------------------------------------------------------------ views


@dataclass(frozen=True)
class _Link:
    href: str
    text: str
    title: str


@dataclass(frozen=True)
class _FindingView:
    anchor: str
    mark_anchor: str
    finding: Finding
    params: list[tuple[str, str]]
    key_phrase: str


@dataclass(frozen=True)
class _ClauseView:
    anchor: str
    clause: Clause
    document: str | None
    body: Markup
    findings: list[_FindingView] = field(default_factory=list)


@dataclass(frozen=True)
class _VerdictView:
    key: str
    label: str
    verdict: Verdict
    links: list[_Link]


@dataclass(frozen=True)
class _FrameworkView:
    name: str
    title: str
    items: list[_VerdictView]


@dataclass(frozen=True)
class _ProfileView:
    name: str
    value: str
    links: list[_Link]


def _value_text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_value_text(v) for v in value) or "none"
    if isinstance(value, dict):
        return ", ".join(f"{k}={_value_text(v)}" for k, v in value.items())
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


_ENV.filters["value"] = _value_text


def _key_span(f: Finding) -> tuple[int, int]:
    """Return the key phrase's offsets, or the quote's when the rule marked no phrase."""
    if f.start <= f.match_start < f.match_end <= f.end:
        return f.match_start, f.match_end
    return f.start, f.end


def _clause_documents(a: Analysis) -> dict[str, str]:
    if a.bundle is None:
        return {}
    return {f"{d.name}:{c.id}": d.name for d in a.bundle.documents for c in d.analysis.clauses}


class _Page:
    """Element ids for one analysis, shared by every section that links to them."""

    def __init__(self, a: Analysis, anchors: _Anchors, prefix: str = "") -> None:
        self.a = a
        self.anchors = anchors
        self.prefix = prefix
        self.by_id = {f.id: f for f in a.findings}
        self.clause_ids = {c.id for c in a.clauses}
        self.documents = _clause_documents(a)
        by_path = {c.id: c.path for c in a.clauses}
        self.clause_label = {
            c.id: (f"{self.documents[c.id]}: {by_path[c.id]}" if c.id in self.documents
                   else by_path[c.id])
            for c in a.clauses
        }
        # Reserve clause and finding ids first, in text order, so they stay stable when
        # other sections change.
        for c in a.clauses:
            self.clause_anchor(c.id)
        for f in a.findings:
            self.finding_anchor(f.id)

    def clause_anchor(self, clause_id: str) -> str:
        return self.anchors(f"{self.prefix}clause", clause_id)

    def finding_anchor(self, finding_id: str) -> str:
        return self.anchors(f"{self.prefix}finding", finding_id)

    def mark_anchor(self, finding_id: str) -> str:
        return self.anchors(f"{self.prefix}evidence", finding_id)

    def evidence_links(self, finding_ids: Iterable[str]) -> list[_Link]:
        """Link to each clause the findings sit in, once, in the order first cited."""
        titles: dict[str, list[str]] = {}
        for fid in finding_ids:
            f = self.by_id.get(fid)
            # A finding whose clause is not on the page cannot be linked to.
            if f is None or f.clause_id not in self.clause_ids:
                continue
            titles.setdefault(f.clause_id, [])
            if f.rule_title not in titles[f.clause_id]:
                titles[f.clause_id].append(f.rule_title)
        return [_Link(f"#{self.clause_anchor(cid)}", self.clause_label[cid], "; ".join(t))
                for cid, t in titles.items()]

    def verdicts(self) -> list[_FrameworkView]:
        return [
            _FrameworkView(name, title, [
                _VerdictView(key, label, v, self.evidence_links(v.findings))
                for key, label, v in items
            ])
            for name, title, items in verdict_rows(self.a)
        ]

    def profile(self) -> list[_ProfileView]:
        evidence = self.a.profile_evidence
        return [_ProfileView(name, value, self.evidence_links(evidence.get(name, [])))
                for name, value, _ in profile_rows(self.a)]

    def clauses(self) -> list[_ClauseView]:
        per_clause: dict[str, list[Finding]] = {}
        for f in self.a.findings:
            per_clause.setdefault(f.clause_id, []).append(f)
        views = []
        for c in self.a.clauses:
            findings = per_clause.get(c.id, [])
            spans = [Span(*_key_span(f), f.id, f.rule_title, self.mark_anchor(f.id))
                     for f in findings]
            views.append(_ClauseView(
                anchor=self.clause_anchor(c.id),
                clause=c,
                document=self.documents.get(c.id),
                body=highlight(c.text, c.start, spans),
                findings=[_FindingView(
                    anchor=self.finding_anchor(f.id),
                    mark_anchor=self.mark_anchor(f.id),
                    finding=f,
                    params=[(k, _value_text(v)) for k, v in f.params.items()],
                    key_phrase=c.text[_key_span(f)[0] - c.start:_key_span(f)[1] - c.start],
                ) for f in findings],
            ))
        return views


def _status_counts(a: Analysis) -> list[tuple[str, int]]:
    statuses = [v.status for _, _, items in verdict_rows(a) for _, _, v in items]
    return [(s, statuses.count(s))
            for s in ("restricted", "conditioned", "respected", "undetermined")]


def render_analysis_html(a: Analysis) -> str:
    """Render an analysis as one self-contained, printable HTML5 page.

    Args:
        a: the result of :func:`licenseparse.analyze` (a text or a model folder).

    Returns:
        The page: verdict badges, the profile, then every clause with its evidence
        marked and its findings listed; every link is an anchor within the page.

    Example:
        >>> from licenseparse import analyze
        >>> page = render_analysis_html(analyze("You may not sell the Software."))
        >>> page.startswith("<!DOCTYPE html>") and 'class="clause"' in page
        True
    """
    page = _Page(a, _Anchors())
    return _ENV.get_template("analysis.html.j2").render(
        a=a,
        title=a.source or "input text",
        counts=_status_counts(a),
        frameworks=page.verdicts(),
        profile=page.profile(),
        clauses=page.clauses(),
        finding_count=len(a.findings),
        clause_anchor=page.clause_anchor,
    )


def _diff_side(ops: Sequence[WordOp], side: str) -> Markup:
    """Show one side of a word diff: A's words with ``<del>``, or B's with ``<ins>``."""
    tag = "del" if side == "a" else "ins"
    out: list[str] = []
    previous = ""
    for op in ops:
        words = op.reference if side == "a" else op.query
        if not words or op.op == ("insert" if side == "a" else "delete"):
            continue
        # The diff is word by word and drops the spaces between its steps: put one back,
        # except where punctuation hugs its neighbour.
        if out and not (words[0] in _NO_SPACE_BEFORE or previous[-1] in _NO_SPACE_AFTER):
            out.append(" ")
        piece = str(escape(words))
        out.append(piece if op.op == "equal" else f"<{tag}>{piece}</{tag}>")
        previous = words
    return Markup("".join(out))


_NO_SPACE_BEFORE = frozenset(".,;:!?)]}”’")
_NO_SPACE_AFTER = frozenset("([{“‘")


@dataclass(frozen=True)
class _PairView:
    anchor: str
    pair: ClausePair
    a_body: Markup | None
    b_body: Markup | None


@dataclass(frozen=True)
class _QuoteView:
    quote: QuoteRef
    href: str | None


def _pair_anchors(pairs: Sequence[ClausePair], anchors: _Anchors) -> tuple[
        list[str], dict[str, str], dict[str, str]]:
    """Name each clause pair and index it by every clause path of either side."""
    names = [anchors("pair", str(n)) for n in range(1, len(pairs) + 1)]
    a_paths: dict[str, str] = {}
    b_paths: dict[str, str] = {}
    for name, pair in zip(names, pairs, strict=True):
        for path, index in ((pair.a_path, a_paths), (pair.b_path, b_paths)):
            if path is None:
                continue
            document, _, paths = path.rpartition(": ")
            for one in paths.split("+"):
                index.setdefault(f"{document}: {one}" if document else one, name)
    return names, a_paths, b_paths


def _quotes(quotes: Sequence[QuoteRef], index: dict[str, str]) -> list[_QuoteView]:
    views = []
    for q in quotes:
        key = f"{q.document}: {q.clause_path}" if q.document else q.clause_path
        views.append(_QuoteView(q, f"#{index[key]}" if key in index else None))
    return views


def render_comparison_html(c: Comparison) -> str:
    """Render a comparison of two licences as one self-contained HTML5 page.

    Summary sentences first (each linked to its row), then side-by-side tables of the
    verdict, profile and finding changes, then the aligned clauses with a word diff.

    Example:
        >>> from licenseparse.compare import compare
        >>> page = render_comparison_html(compare("You may use the Model.",
        ...                                       "You may not sell the Model."))
        >>> page.startswith("<!DOCTYPE html>") and 'class="pair' in page
        True
    """
    anchors = _Anchors()
    pair_names, a_paths, b_paths = _pair_anchors(c.clauses, anchors)
    verdicts = [(anchors("verdict", f"{v.framework}-{v.item}"), v) for v in c.verdict_changes]
    profile = [(anchors("profile", p.field), p, _quotes(p.a_quotes, a_paths),
                _quotes(p.b_quotes, b_paths)) for p in c.profile_changes]
    findings = [(anchors("finding-change", str(n)), f,
                 a_paths.get(_ref_key(f.a)) if f.a else None,
                 b_paths.get(_ref_key(f.b)) if f.b else None)
                for n, f in enumerate(c.finding_changes, 1)]
    common = [(g, _quotes(g.a_quotes, a_paths), _quotes(g.b_quotes, b_paths))
              for g in c.common_ground]
    pairs = []
    for name, pair in zip(pair_names, c.clauses, strict=True):
        a_body = b_body = None
        if pair.word_diff:
            a_body, b_body = _diff_side(pair.word_diff, "a"), _diff_side(pair.word_diff, "b")
        pairs.append(_PairView(name, pair, a_body, b_body))
    # The summary is built from the parts, in Comparison.sentences' order, so that each
    # sentence can link to its row.
    summary: list[tuple[str, str]] = (
        [(p.sentence, f"#{n}") for n, p, _, _ in profile]
        + [(v.sentence, f"#{n}") for n, v in verdicts]
        + [(f.sentence, f"#{n}") for n, f, _, _ in findings]
        + [(p.pair.sentence, f"#{p.anchor}") for p in pairs if p.pair.sentence is not None])
    if [s for s, _ in summary] != c.sentences:  # a newer compare.py: show its own list
        summary = [(s, "") for s in c.sentences]
    counts = {s: sum(p.status == s for p in c.clauses)
              for s in ("changed", "only_a", "only_b", "unchanged")}
    return _ENV.get_template("compare.html.j2").render(
        c=c, summary=summary, verdicts=verdicts, profile=profile, findings=findings,
        common=common, pairs=pairs, counts=counts,
    )


def render_chain_html(steps: Sequence[Comparison], grid: Matrix) -> str:
    """A version chain as one self-contained HTML page: each step's comparison report,
    then the matrix (from its Markdown, so every format shows the same facts)."""
    from licenseparse.compare import render_matrix_md

    parts = [render_comparison_html(step) for step in steps]
    matrix: str = markdown_it.MarkdownIt("commonmark").enable("table").render(
        render_matrix_md(grid))
    # Each step is a whole document; the chain keeps the first one's head and style and
    # the bodies of all.
    head, _, _ = parts[0].partition("<body")
    bodies = [p.partition("<body")[2].partition(">")[2].rpartition("</body>")[0]
              for p in parts]
    return (head + "<body>" + "<hr>".join(bodies) + "<section id=\"matrix\">" + matrix
            + "</section></body></html>\n")


def _ref_key(ref: FindingRef) -> str:
    return f"{ref.document}: {ref.clause_path}" if ref.document else ref.clause_path

"""Score the clause tree against the hand-read structure set (``corpora/structure/``).

Prints, for the tuning and the held-out halves separately, the share of clause paths,
headings and glossary terms the segmenter gets as the reader recorded them, and the
share of labelled clauses without a title that it leaves without a heading. Details of
each miss are printed for the tuning half only: rules are adjusted while looking at the
tuning half, never at the held-out one (``--held-out-details`` exists for the day the
split is retired, and says so).

Usage:
    python benchmarks/structure_eval.py                 # both halves, figures only
    python benchmarks/structure_eval.py --details       # plus every tuning-half miss
    python benchmarks/structure_eval.py --check-anchors # every anchor found in order
    python benchmarks/structure_eval.py cddl-1.1 ...    # some documents (tuning only)
"""

from __future__ import annotations

import argparse
import html
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
import yaml

ROOT = Path(__file__).resolve().parents[1]
SET_DIR = ROOT / "corpora" / "structure"
SHARED = ROOT.parent / "shared" / "corpora"
SPLITS = ("tuning", "held-out")

_TAG = regex.compile(r"<[^<>]{0,2000}>")
_MARKUP = regex.compile(r"[*_`#>|]+")
_SPACE = regex.compile(r"\s+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_LEADING_LABEL = regex.compile(
    r"^(?:(?:section|sec\.|article|art\.|clause|part|chapter|§)\s*)?"
    r"(?:\(?[0-9ivxlcdm]{1,7}(?:\.[0-9a-z]{1,3}){0,3}"
    r"[.):]?|\(?[a-z][.)]|\([a-z]\))\s+|^[-\u2022o]\s+", regex.IGNORECASE)


def fold(text: str) -> str:
    """Fold markup, quotes, case and whitespace, so anchors compare as a reader sees them."""
    text = html.unescape(_TAG.sub(" ", text)).translate(_QUOTES)
    text = _MARKUP.sub(" ", text)
    return _SPACE.sub(" ", text).strip().casefold()


def fold_heading(text: str | None) -> str:
    """Fold a heading and drop its label and trailing punctuation."""
    if not text:
        return ""
    folded = fold(text)
    previous = None
    while previous != folded:
        previous = folded
        folded = _LEADING_LABEL.sub("", folded).strip(" .:-\u2013")
    return folded


def fold_term(term: str) -> str:
    return fold(term).strip(" \"'.,:;()[]\u00ab\u00bb\u300c\u300d")


@dataclass
class Document:
    id: str
    source: str
    render: str
    split: str
    entries: list[dict[str, Any]]
    terms: list[str]
    path: Path

    def text(self) -> str | None:
        """Return the text to analyse, or None when its source is not installed here."""
        kind, _, name = self.source.partition(":")
        raw: str | None
        if kind == "scancode":
            from licenseparse.known import scancode_licenses_dir, split_front_matter

            folder = scancode_licenses_dir()
            file = folder / f"{name}.LICENSE" if folder else None
            if file is None or not file.is_file():
                return None
            raw = split_front_matter(file.read_text(encoding="utf-8"))[1]
        elif kind == "shared":
            file = SHARED / name
            if not file.is_file():
                return None
            raw = file.read_text(encoding="utf-8")
        else:
            raise ValueError(f"{self.path}: unknown source kind {kind!r}")
        if self.render == "html":
            from markdown_it import MarkdownIt

            body = MarkdownIt("commonmark").render(raw)
            raw = f"<!DOCTYPE html>\n<html><head><title>{self.id}</title></head>\n" \
                  f"<body>\n{body}</body></html>\n"
        return raw


def load_set(directory: Path = SET_DIR) -> list[Document]:
    """Load every document of the structure set, checking its closed format."""
    documents = []
    problems = []
    allowed = {"id", "source", "render", "split", "read_on", "notes", "clauses", "terms"}
    entry_keys = {"path", "within", "anchor", "heading"}
    for file in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        extra = set(data) - allowed
        if extra:
            problems.append(f"{file.name}: unknown keys {sorted(extra)}")
        if data.get("id") != file.stem:
            problems.append(f"{file.name}: id {data.get('id')!r} is not the file name")
        if data.get("split") not in SPLITS:
            problems.append(f"{file.name}: split must be one of {SPLITS}")
        for n, entry in enumerate(data.get("clauses") or []):
            if set(entry) - entry_keys or "anchor" not in entry:
                problems.append(f"{file.name}: clauses[{n}] has keys {sorted(entry)}")
            if "path" in entry and "within" in entry:
                problems.append(f"{file.name}: clauses[{n}] has both path and within")
            if len(str(entry.get("anchor", "")).split()) > 8:
                problems.append(f"{file.name}: clauses[{n}] anchor is over eight words")
        documents.append(Document(
            id=data.get("id", file.stem), source=data.get("source", ""),
            render=data.get("render", "text"), split=data.get("split", ""),
            entries=list(data.get("clauses") or []),
            terms=[str(t) for t in data.get("terms") or []], path=file))
    if problems:
        raise SystemExit("structure set is malformed:\n" + "\n".join(problems))
    return documents


@dataclass
class Score:
    # "untitled": labelled clauses the reader gave no title, left without a heading (a
    # heading where the reader saw none is a wrong heading; reported, not a target).
    right: dict[str, int] = field(default_factory=lambda: {"paths": 0, "headings": 0,
                                                           "terms": 0, "untitled": 0})
    total: dict[str, int] = field(default_factory=lambda: {"paths": 0, "headings": 0,
                                                           "terms": 0, "untitled": 0})
    misses: list[str] = field(default_factory=list)

    def add(self, measure: str, ok: bool, miss: str) -> None:
        self.total[measure] += 1
        self.right[measure] += int(ok)
        if not ok:
            self.misses.append(f"  [{measure}] {miss}")

    def merge(self, other: Score) -> None:
        for key in self.total:
            self.total[key] += other.total[key]
            self.right[key] += other.right[key]

    def rate(self, measure: str) -> float:
        return self.right[measure] / self.total[measure] if self.total[measure] else 1.0


def _labelled_ancestor(clauses: dict[str, Any], clause: Any) -> str:
    parent = clause.parent
    while parent is not None:
        node = clauses[parent]
        if node.label and node.kind != "definition":
            return str(node.path)
        parent = node.parent
    return ""


def score_document(document: Document, text: str) -> Score:
    """Score one document's clause tree and glossary against its reading."""
    from licenseparse import analyze

    result = analyze(text)
    by_path = {c.path: c for c in result.clauses}
    folded = [fold(c.text) for c in result.clauses]
    score = Score()
    cursor = 0
    for entry in document.entries:
        anchor = fold(str(entry["anchor"]))
        found = next((i for i in range(cursor, len(folded)) if folded[i].startswith(anchor)),
                     None)
        if found is None:
            # Look from the start too: an earlier miss must not hide later clauses.
            found = next((i for i, t in enumerate(folded) if t.startswith(anchor)), None)
        clause = result.clauses[found] if found is not None else None
        if found is not None:
            cursor = found + 1
        where = f"{entry['anchor']!r}"
        if "path" in entry:
            got = clause.path if clause else None
            score.add("paths", got == str(entry["path"]),
                      f"{where}: path {entry['path']!r}, got {got!r}")
        elif "within" in entry:
            got = _labelled_ancestor(by_path, clause) if clause else None
            score.add("paths", got == str(entry["within"]),
                      f"{where}: within {entry['within']!r}, got "
                      f"{'no clause starts here' if clause is None else repr(got)}")
        if "path" in entry and not entry.get("heading") and clause is not None:
            score.add("untitled", clause.heading is None,
                      f"{where}: no heading, got {clause.heading!r}")
        if entry.get("heading"):
            got_heading = clause.heading if clause else None
            score.add("headings", fold_heading(got_heading) == fold_heading(entry["heading"]),
                      f"{where}: heading {entry['heading']!r}, got {got_heading!r}")
    glossary = {fold_term(t.term) for t in result.glossary}
    for t in result.glossary:
        glossary.update(fold_term(a) for a in getattr(t, "aliases", []) or [])
    for term in document.terms:
        score.add("terms", fold_term(term) in glossary, f"term {term!r} not in glossary")
    return score


def check_anchors(documents: list[Document]) -> int:
    """Check that every anchor occurs, in order, in the folded text."""
    bad = 0
    for document in documents:
        text = document.text()
        if text is None:
            print(f"{document.id}: source not installed, skipped")
            continue
        folded = fold(text)
        position = 0
        for entry in document.entries:
            anchor = fold(str(entry["anchor"]))
            found = folded.find(anchor, position)
            if found < 0:
                bad += 1
                where = "out of order" if anchor in folded else "not found"
                print(f"{document.id}: anchor {entry['anchor']!r} {where}")
            else:
                position = found + len(anchor)
        for term in document.terms:
            if fold_term(term) not in folded:
                bad += 1
                print(f"{document.id}: term {term!r} not found in the text")
    print(f"{bad} anchor problems in {len(documents)} documents")
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="*")
    parser.add_argument("--details", action="store_true")
    parser.add_argument("--check-anchors", action="store_true")
    parser.add_argument("--held-out-details", action="store_true")
    args = parser.parse_args(argv)
    documents = load_set()
    if args.ids:
        documents = [d for d in documents if d.id in args.ids]
    if args.check_anchors:
        return check_anchors(documents)
    totals = {split: Score() for split in SPLITS}
    counted = {split: 0 for split in SPLITS}
    for document in documents:
        text = document.text()
        if text is None:
            print(f"{document.id}: source not installed, skipped")
            continue
        score = score_document(document, text)
        totals[document.split].merge(score)
        counted[document.split] += 1
        show = document.split == "tuning" or args.held_out_details
        if show and (args.details or args.ids):
            rates = ", ".join(f"{m} {score.right[m]}/{score.total[m]}" for m in score.total)
            print(f"{document.id} ({document.split}): {rates}")
            print("\n".join(score.misses))
    print("| half | documents | clause paths | headings | glossary terms "
          "| untitled clauses left untitled |")
    print("| --- | --- | --- | --- | --- | --- |")
    for split in SPLITS:
        t = totals[split]
        cells = " | ".join(f"{t.rate(m):.1%} ({t.right[m]}/{t.total[m]})"
                           for m in ("paths", "headings", "terms", "untitled"))
        print(f"| {split} | {counted[split]} | {cells} |")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())

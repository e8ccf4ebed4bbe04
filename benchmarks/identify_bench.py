"""Benchmark identification against every licence text of the installed ScanCode data.

Prints the index build time (cold: from scratch into a temporary cache, files written),
the load time from disk (signature check and read, as a new process pays it), the
index size on disk, the latency (p50/p95) of the candidate search over N real texts
perturbed the way copies are (re-wrapped at 60 columns, one sentence removed), how
often the search ranks the source text first, the latency of the full identification
of the same queries (search, both analyses, clause alignment and word diffs; the
reference analysis is cached per process, as in use), and peak RSS. Exit status 1 when
a target is missed (with ``--check``): search p50 <= 20 ms.

Usage:
    python benchmarks/identify_bench.py [--queries N] [--check] [--json FILE]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import percentile, report  # noqa: E402  (a sibling script module)

from licenseparse.identify import forget_index, identify, load_index, search
from licenseparse.known import CACHE_ENV, scancode_licenses_dir, split_front_matter

TARGETS = {
    "search_p50_ms_max": 20.0,
}

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"\u201c])")


def _rewrap(text: str) -> str:
    # Re-fill every line at 60 columns, keeping its indentation (as the metamorphic tests).
    return "\n".join(
        textwrap.fill(line, 60, subsequent_indent=" " * (len(line) - len(line.lstrip())))
        if line.strip() else line
        for line in text.split("\n")
    )


def _perturb(text: str) -> str:
    """Remove the middle sentence of at least five words, then re-wrap."""
    bounds = [0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]
    spans = [(a, b) for a, b in zip(bounds, bounds[1:], strict=False)
             if len(text[a:b].split()) >= 5]
    if len(bounds) > 3 and spans:
        start, end = spans[len(spans) // 2]
        text = text[:start] + text[end:]
    return _rewrap(text)


def _queries(count: int) -> list[tuple[str, str]]:
    folder = scancode_licenses_dir()
    if folder is None:
        sys.exit('ScanCode data not installed: pip install "licenseparse[corpus]"')
    texts = []
    for path in sorted(folder.glob("*.LICENSE")):
        _, text = split_front_matter(path.read_text(encoding="utf-8", errors="replace"))
        if len(text.split()) >= 50:  # shorter texts are notices, not licences to copy
            texts.append((path.stem, text))
    # A fixed sample, so that runs compare.
    sample = random.Random(0).sample(texts, min(count, len(texts)))
    return [(key, _perturb(text)) for key, text in sample]




def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=200, help="number of queries (200)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    queries = _queries(args.queries)
    saved = os.environ.get(CACHE_ENV)
    with tempfile.TemporaryDirectory(prefix="licenseparse-identify-bench-") as cache:
        os.environ[CACHE_ENV] = cache
        try:
            forget_index()
            start = time.perf_counter()
            index = load_index(rebuild=True)
            build_s = time.perf_counter() - start
            if index.path is None:
                sys.exit(f"the index could not be written to {cache}")
            size_mb = index.path.stat().st_size / 1e6

            forget_index()
            start = time.perf_counter()
            index = load_index()
            load_s = time.perf_counter() - start

            search(queries[0][1], index=index)  # first-call costs (numpy, regex caches)
            search_runs: list[float] = []
            top1 = 0
            for key, text in queries:
                t0 = time.perf_counter()
                found = search(text, index=index)
                search_runs.append(time.perf_counter() - t0)
                digest = index.digests[index.position[key]]
                top1 += bool(found) and (found[0].key == key or index.digests[
                    index.position[found[0].key]] == digest)

            identify(queries[0][1], index=index)  # load spaCy and the rule library
            identify_runs: list[float] = []
            verdicts: dict[str, int] = {}
            for _, text in queries:
                t0 = time.perf_counter()
                result = identify(text, index=index)
                identify_runs.append(time.perf_counter() - t0)
                verdicts[result.verdict] = verdicts.get(result.verdict, 0) + 1
        finally:
            forget_index()
            if saved is None:
                os.environ.pop(CACHE_ENV, None)
            else:
                os.environ[CACHE_ENV] = saved

    search_p50_ms = round(statistics.median(search_runs) * 1000, 2)
    figures: dict[str, object] = {
        "known_texts": len(index),
        "queries": len(queries),
        "index_build_s": round(build_s, 3),
        "index_load_ms": round(load_s * 1000, 1),
        "index_size_mb": round(size_mb, 2),
        "search_p50_ms": search_p50_ms,
        "search_p95_ms": round(percentile(search_runs, 0.95) * 1000, 2),
        "search_max_ms": round(max(search_runs) * 1000, 2),
        "search_top1": round(top1 / len(queries), 3),
        "identify_p50_ms": round(statistics.median(identify_runs) * 1000, 2),
        "identify_p95_ms": round(percentile(identify_runs, 0.95) * 1000, 2),
        "identify_verdicts": verdicts,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    checks = {
        "search_p50_ms <= 20": search_p50_ms <= TARGETS["search_p50_ms_max"],
    }
    return report(figures, checks, args.json, args.check)


if __name__ == "__main__":
    sys.exit(main())

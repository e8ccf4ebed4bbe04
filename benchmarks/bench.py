"""Benchmark the pipeline on every licence text of the installed ScanCode data.

Prints throughput (MB/s, licences/s), per-licence latency (p50/p95), peak RSS, the
time of a bare spaCy tokenizer pass over the same texts (the floor), and the warm
latency of analysing the Llama 3.1 licence; then checks the targets of the core
pipeline issue. Exit status 1 when a target is missed (with ``--check``).

Fairness of the floor comparison: spaCy's vocabulary grows as it meets new words, so a
first pass over a corpus is slower than a second. The target compares like with like:
the analysis pass runs first in this process (cold vocabulary) and the floor pass runs
in a fresh interpreter (cold vocabulary), both on one core. A second, warm pass of
each is reported too (``warm_floor_ratio``), for information.

Usage:
    python benchmarks/bench.py [--limit N] [--check] [--json FILE]
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import percentile, report  # noqa: E402  (a sibling script module)

from licenseparse import analyze, load_library
from licenseparse.errors import InputError
from licenseparse.known import known_text, scancode_licenses_dir, split_front_matter
from licenseparse.segment import build_pipeline

TARGETS = {
    "mb_per_s_min": 1.0,
    "floor_ratio_max": 3.0,
    "llama31_p50_ms_max": 20.0,
    "peak_rss_mb_max": 300.0,
}


def _texts(limit: int | None) -> list[tuple[str, str]]:
    folder = scancode_licenses_dir()
    if folder is None:
        sys.exit('ScanCode data not installed: pip install "licenseparse[corpus]"')
    out = []
    for path in sorted(folder.glob("*.LICENSE"))[:limit]:
        _, text = split_front_matter(path.read_text(encoding="utf-8", errors="replace"))
        out.append((path.stem, text))
    return out


def _cold_floor(limit: int | None) -> float:
    """Time a bare tokenizer pass over the texts in a fresh interpreter."""
    code = (
        "import sys, time\n"
        f"sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})\n"
        "import bench\n"
        "from licenseparse.segment import build_pipeline\n"
        f"texts = bench._texts({limit!r})\n"
        "nlp = build_pipeline()\n"
        "nlp.make_doc('warm up the tokenizer itself')\n"
        "start = time.perf_counter()\n"
        "for _, text in texts:\n"
        "    nlp.make_doc(text)\n"
        "print(time.perf_counter() - start)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return float(out.stdout.strip().splitlines()[-1])




def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N licences")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    texts = _texts(args.limit)
    total_mb = sum(len(t.encode("utf-8")) for _, t in texts) / 1e6
    nlp = build_pipeline()
    load_library()
    analyze("You may use the Software for any purpose.")  # load rules, compile patterns
    floor_s = _cold_floor(args.limit)

    gc.collect()
    latencies: list[float] = []
    rejected = 0
    start = time.perf_counter()
    for _, text in texts:
        t0 = time.perf_counter()
        try:
            analyze(text)
        except InputError:
            rejected += 1  # empty texts (ScanCode keeps some keys without text)
        latencies.append(time.perf_counter() - t0)
    full_s = time.perf_counter() - start

    start = time.perf_counter()
    for _, text in texts:
        nlp.make_doc(text)
    warm_floor_s = time.perf_counter() - start
    start = time.perf_counter()
    for _, text in texts:
        try:
            analyze(text)
        except InputError:
            pass
    warm_full_s = time.perf_counter() - start

    llama_text, _ = known_text("llama-3.1-license-2024")
    llama_runs = []
    for _ in range(60):
        t0 = time.perf_counter()
        analyze(llama_text)
        llama_runs.append(time.perf_counter() - t0)
    llama_runs = llama_runs[10:]

    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {
        "licences": len(texts),
        "rejected_inputs": rejected,
        "megabytes": round(total_mb, 3),
        "seconds": round(full_s, 3),
        "mb_per_s": round(total_mb / full_s, 3),
        "licences_per_s": round(len(texts) / full_s, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 2),
        "tokenizer_floor_s": round(floor_s, 3),
        "floor_ratio": round(full_s / floor_s, 2),
        "warm_seconds": round(warm_full_s, 3),
        "warm_tokenizer_floor_s": round(warm_floor_s, 3),
        "warm_floor_ratio": round(warm_full_s / warm_floor_s, 2),
        "llama31_p50_ms": round(statistics.median(llama_runs) * 1000, 2),
        "peak_rss_mb": round(peak_rss_mb, 1),
    }
    checks = {
        "mb_per_s >= 1.0": figures["mb_per_s"] >= TARGETS["mb_per_s_min"],
        "floor_ratio <= 3.0": figures["floor_ratio"] <= TARGETS["floor_ratio_max"],
        "llama31_p50_ms <= 20": figures["llama31_p50_ms"] <= TARGETS["llama31_p50_ms_max"],
        "peak_rss_mb <= 300": figures["peak_rss_mb"] <= TARGETS["peak_rss_mb_max"],
    }
    return report(figures, checks, args.json, args.check)


if __name__ == "__main__":
    sys.exit(main())

"""Render a licence report to HTML and photograph it with headless Chromium.

Usage: python scripts/screenshot.py [SOURCE] [--out FILE.png] [--html FILE.html]

SOURCE is anything :func:`licenseparse.analyze` reads (a known licence key, a file, a
model folder); the default is ``llama-3.1-license-2024``. Exit codes: 0 ok, 1 Chromium
failed, 2 usage error or Chromium missing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from licenseparse import LicenseparseError, analyze
from licenseparse.html import render_analysis_html

CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")


def find_chromium() -> str | None:
    """Return the path of a Chromium binary, preferring Debian's."""
    env = os.environ.get("CHROMIUM")
    for name in ((env,) if env else ()) + CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default="llama-3.1-license-2024")
    parser.add_argument("--out", type=Path, default=Path("/tmp/llama31-report.png"))
    parser.add_argument("--html", type=Path, help="also keep the HTML here")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=2400)
    args = parser.parse_args(argv)

    chromium = find_chromium()
    if chromium is None:
        print("error: Chromium not found (looked for /usr/bin/chromium, chromium, "
              "chromium-browser, google-chrome; set CHROMIUM=/path/to/binary); "
              "on Debian: apt-get install chromium", file=sys.stderr)
        return 2
    try:
        page = render_analysis_html(analyze(args.source))
    except LicenseparseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="licenseparse-shot-") as tmp:
        html = Path(tmp) / "report.html"
        html.write_text(page, encoding="utf-8")
        if args.html is not None:
            args.html.write_text(page, encoding="utf-8")
        out = args.out.resolve()
        out.parent.mkdir(parents=True, exist_ok=True)
        out.unlink(missing_ok=True)  # so a stale picture never passes for a new one
        # A private profile keeps the run from touching, or waiting on, a user's browser.
        command = [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--no-first-run", "--disable-extensions", f"--user-data-dir={tmp}/profile",
            f"--window-size={args.width},{args.height}", f"--screenshot={out}",
            html.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=120,
                                  check=False)
        except subprocess.TimeoutExpired:
            print("error: Chromium did not finish within 120 s", file=sys.stderr)
            return 1
        if done.returncode != 0 or not out.is_file():
            print(f"error: Chromium failed ({done.returncode}):\n{done.stderr.strip()}",
                  file=sys.stderr)
            return 1
    print(f"wrote {out}" + (f" and {args.html}" if args.html else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())

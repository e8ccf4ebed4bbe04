"""Per-field agreement of the analysis with the hand-read regression corpus.

Counts, over every licence in ``corpora/regression/``, how many profile fields and
verdicts the analysis gets as its reader expected, before known gaps are excused. The
comparison rules live with the test (``tests/test_regression_corpus.py``); this script
only runs its report from a checkout.

Usage:
    python benchmarks/regression_agreement.py [KEY ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.test_regression_corpus import main  # noqa: E402  (needs the checkout on the path)

if __name__ == "__main__":
    sys.exit(main())

"""licenseparse: read licence texts and report what they allow and forbid.

Example:
    >>> from licenseparse import analyze
    >>> result = analyze("You may not use the Model for military purposes.")
    >>> result.profile.military_use_prohibited
    True
"""

from __future__ import annotations

import logging

from licenseparse.errors import (
    InputError,
    LicenseparseError,
    LicenseparseWarning,
    RuleLibraryError,
)
from licenseparse.frames import Frame
from licenseparse.library import RuleLibrary, load_library
from licenseparse.models import Analysis, Clause, Finding, Profile, Settings, Verdict, Verdicts
from licenseparse.pipeline import analyze, read_frames, version

logging.getLogger("licenseparse").addHandler(logging.NullHandler())

__version__ = version()

__all__ = [
    "Analysis",
    "Clause",
    "Finding",
    "Frame",
    "InputError",
    "LicenseparseError",
    "LicenseparseWarning",
    "Profile",
    "RuleLibrary",
    "RuleLibraryError",
    "Settings",
    "Verdict",
    "Verdicts",
    "__version__",
    "analyze",
    "load_library",
    "read_frames",
]

"""Typed, coded errors and warnings.

Every message starts with its code (``[LP102] ...``) so that a user can search for
it, and the CLI can turn any of them into one clear line and exit code 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from pydantic import BaseModel


class LicenseparseError(Exception):
    """Base class of every error the library raises on purpose."""

    code: ClassVar[str] = "LP000"

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(f"[{self.code}] {message}")


class InputError(LicenseparseError, ValueError):
    """The input cannot be analysed (base class of all input problems)."""

    code = "LP100"


class EmptyInputError(InputError):
    """The input is empty or holds only white space."""

    code = "LP101"


class BinaryInputError(InputError):
    """The input looks binary (NUL bytes or control characters), not a text."""

    code = "LP102"


class InputTooLargeError(InputError):
    """The input is larger than the configured limit."""

    code = "LP103"


class EncodingError(InputError):
    """The input bytes are not UTF-8, UTF-16 with a BOM, or plausible Latin-1."""

    code = "LP104"


class InputIsDirectoryError(InputError):
    """A directory was given where a file was expected."""

    code = "LP105"


class InputNotFoundError(InputError, FileNotFoundError):
    """The path does not exist."""

    code = "LP106"


class InputReadError(InputError):
    """The path exists but could not be read (permissions, I/O error)."""

    code = "LP107"


class Problem(BaseModel):
    """One problem found while validating a rule library."""

    path: str
    loc: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: {self.loc}" if self.loc else self.path
        return f"{where}: {self.message}"


class RuleLibraryError(LicenseparseError, ValueError):
    """The rule library is invalid; every problem is listed at once."""

    code = "LP300"

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        count = len(self.problems)
        super().__init__(f"rule library has {count} problem{'s' if count != 1 else ''}:\n{lines}")


class RuleNotFoundError(LicenseparseError, KeyError):
    """No rule with the requested id exists in the library."""

    code = "LP301"


class LicenseparseWarning(UserWarning):
    """Warnings the library emits (never prints)."""

"""Reading passphrases: a terminal prompt, or lines on standard input; never argv."""

from __future__ import annotations

import getpass
import sys

from automation_admin.models.store.errors import UsageError

NOT_UTF8 = "The passphrase is not UTF-8 text; nothing was changed."


def _strip_newline(line: str) -> str:
    return line[:-1] if line.endswith("\n") else line


def _utf8(text: str) -> str:
    """Refuse bytes that are not UTF-8: a strict stream raises, a C-locale stream smuggles
    them in as surrogates that no key derivation can encode."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(NOT_UTF8) from None
    return text


def read_stdin_lines(count: int) -> list[str]:
    lines = []
    for _ in range(count):
        try:
            line = _utf8(sys.stdin.readline())
        except UnicodeDecodeError:
            raise UsageError(NOT_UTF8) from None
        if not line:
            raise UsageError(
                f"Expected {count} passphrase line{'s' if count > 1 else ''} on standard input."
            )
        lines.append(_strip_newline(line).rstrip("\r"))
    return lines


def prompt(label: str) -> str:
    if not sys.stdin.isatty():
        raise UsageError("No terminal to ask for the passphrase on; use --passphrase-stdin.")
    try:
        return _utf8(getpass.getpass(f"{label}: "))
    except UnicodeDecodeError:
        raise UsageError(NOT_UTF8) from None


def prompt_new(label: str = "New passphrase") -> str:
    first = prompt(label)
    if prompt(f"{label} (again)") != first:
        raise UsageError("The two passphrases differ; nothing was changed.")
    return first


def read_one(from_stdin: bool, label: str = "Passphrase") -> str:
    return read_stdin_lines(1)[0] if from_stdin else prompt(label)

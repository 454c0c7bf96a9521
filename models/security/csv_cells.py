"""CSV cells that a spreadsheet would run as a formula get a leading apostrophe.

A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula
by Excel, LibreOffice and Google Sheets (OWASP "CSV injection"); the vault holds text from
web pages and from other programs, so every exported text cell is checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = frozenset("=+-@\t\r")


def neutralised(rows: Iterable[Sequence[Any]]) -> Iterable[Sequence[Any]]:
    """The rows, with every text cell that starts like a formula prefixed with `'`."""
    starts = FORMULA_STARTS
    for row in rows:
        for value in row:
            if value.__class__ is str and value[:1] in starts:
                yield ["'" + v if v.__class__ is str and v[:1] in starts else v for v in row]
                break
        else:
            yield row

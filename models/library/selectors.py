"""Provider selectors: every version per provider and data type, broken ones first, the
newest version marked current, and an offline check of each selector's syntax."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from automation_admin.models.schema.enums import VERIFICATION_STATUSES
from automation_admin.models.store.paging import split_page
from automation_admin.models.store.sql import execute
from automation_admin.models.store.vault import Vault
from automation_admin.models.store.where import one_of

# Broken first, then by provider and data type, newest version first; the keyset is the
# whole order, so paging never repeats or skips a row.
LIST_SQL = """
SELECT s.id, s.provider_id, s.data_type, s.selector_type, s.selector_value, s.verified_at,
       s.verification_status, s.version,
       s.version = (SELECT max(o.version) FROM provider_selectors o
                    WHERE o.provider_id = s.provider_id AND o.data_type = s.data_type) AS current,
       s.verification_status = 'broken' AS broken
FROM provider_selectors s
"""


@dataclass(frozen=True)
class SyntaxCheck:
    ok: bool | None  # None: no offline check exists for this selector type
    message: str


@dataclass(frozen=True)
class SelectorRow:
    id: str
    provider_id: str
    data_type: str
    kind: str
    value: str
    verified_at: str | None
    status: str
    version: int
    current: bool
    syntax: SyntaxCheck


@dataclass(frozen=True)
class SelectorQuery:
    provider: str | None = None
    statuses: tuple[str, ...] = ()
    data_type: str = ""  # words in the data type
    current_only: bool = False


@lru_cache(maxsize=4096)
def check_syntax(kind: str, value: str) -> SyntaxCheck:
    """Parse the selector the way a scraper would, offline: cssselect for CSS, lxml for
    XPath, jsonpath-ng for JSON path."""
    if not value.strip():
        return SyntaxCheck(False, "empty selector")
    try:
        if kind == "css":
            from cssselect import GenericTranslator, SelectorError

            try:
                GenericTranslator().css_to_xpath(value)
            except SelectorError as exc:
                return SyntaxCheck(False, f"CSS: {exc}")
        elif kind == "xpath":
            from lxml import etree

            try:
                etree.XPath(value)
            except etree.XPathSyntaxError as exc:
                return SyntaxCheck(False, f"XPath: {exc}")
        elif kind == "json_path":
            from jsonpath_ng.exceptions import JsonPathLexerError, JsonPathParserError
            from jsonpath_ng.ext.parser import parse

            try:
                parse(value)
            except (JsonPathParserError, JsonPathLexerError) as exc:
                return SyntaxCheck(False, f"JSON path: {exc}")
        else:
            return SyntaxCheck(None, f"no offline check for {kind!r} selectors")
    except ImportError as exc:  # a trimmed installation: say so rather than guess
        return SyntaxCheck(None, f"checker not installed ({exc.name})")
    except Exception as exc:  # a parser bug must not take the list down
        return SyntaxCheck(False, f"{type(exc).__name__}: {exc}")
    return SyntaxCheck(True, "valid syntax")


def _row(values: tuple[Any, ...]) -> SelectorRow:
    kind, value = values[3], values[4]
    version = values[7] if isinstance(values[7], int) else 0  # another program's text
    return SelectorRow(*[*values[:7], version, bool(values[8]), check_syntax(kind, value)])


def page(
    vault: Vault, query: SelectorQuery, cursor: tuple[Any, ...] | None = None, limit: int = 200
) -> tuple[list[SelectorRow], tuple[Any, ...] | None]:
    where: list[str] = ["1 = 1"]
    params: list[Any] = []
    one_of(where, params, "s.verification_status", query.statuses, VERIFICATION_STATUSES)
    if query.provider:
        where.append("s.provider_id = ?")
        params.append(query.provider)
    for word in query.data_type.lower().split()[:6]:
        where.append("instr(lower(s.data_type), ?) > 0")
        params.append(word)
    sql = f"SELECT * FROM ({LIST_SQL} WHERE {' AND '.join(where)})"
    outer: list[str] = []
    if query.current_only:
        outer.append("current = 1")
    if cursor is not None:
        # broken DESC, provider ASC, data type ASC, version DESC, spelled out for the keyset.
        broken, provider, data_type, version = cursor
        outer.append(
            "(broken < ? OR (broken = ? AND (provider_id > ? OR (provider_id = ? AND "
            "(data_type > ? OR (data_type = ? AND version < ?))))))"
        )
        params += [broken, broken, provider, provider, data_type, data_type, version]
    if outer:
        sql += f" WHERE {' AND '.join(outer)}"
    rows = [
        _row(tuple(r))
        for r in execute(
            vault.database(),
            f"{sql} ORDER BY broken DESC, provider_id, data_type, version DESC "
            f"LIMIT {int(limit) + 1}",
            params,
        )
    ]
    rows, last = split_page(rows, limit)
    if last is None:
        return rows, None
    return rows, (int(last.status == "broken"), last.provider_id, last.data_type, last.version)

"""`ingest`: JSON Lines into one table through the data layer, all or nothing per file.

Rows are validated in batches and inserted with executemany inside one IMMEDIATE
transaction; a refused row is named by the line it came from.
(A reader thread was tried: SQLCipher's per-row GIL hand-off left it no faster.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import peewee

from automation_admin.models.schema import model_for_table
from automation_admin.models.security import redaction, rescrub
from automation_admin.models.store.db import INTEGRITY_ERRORS, OPERATIONAL_ERRORS
from automation_admin.models.store.errors import (
    AdminError,
    UsageError,
    ValidationError,
    storage_error,
)
from automation_admin.models.store.sql import execute, new_cursor
from automation_admin.models.store.validation import RowValidator
from automation_admin.models.store.vault import Vault

BATCH_ROWS = 2000


@dataclass(frozen=True)
class IngestReport:
    table: str
    rows: int


def make_validator(vault: Vault, table: str) -> RowValidator:
    vault.require_table(table)
    model = model_for_table(table)
    if table == "secrets":
        return RowValidator(
            model,
            vault.profile_id,
            vault.columns_of(table),
            transform=_secret_transform(vault),
            extra_inputs=frozenset({"secret_value"}),
            trusted_text=True,
        )
    return RowValidator(model, vault.profile_id, vault.columns_of(table), trusted_text=True)


def _secret_transform(vault: Vault) -> Callable[[dict[str, Any]], None]:
    """`secrets` rows carry the plain `secret_value`; it is encrypted with the row id as AAD."""
    from automation_admin.models.store.ids import uuid7

    key = vault.require_key()

    def transform(row: dict[str, Any]) -> None:
        value = row.pop("secret_value", None)
        if not isinstance(value, str) or not value:
            raise ValidationError("secret_value", "missing required column")
        row.setdefault("id", uuid7())
        row["secret_value_enc"] = key.encrypt_secret(value, str(row["id"]))

    return transform


def read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object); blank lines are skipped, anything else must be an object."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise UsageError(f"Cannot read {path}: {exc.strerror}.") from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            if b"\\u0000" in raw:
                # JSON can only carry NUL escaped; refusing it here spares a check per column.
                raise AdminError(f"line {number}: text cannot hold NUL characters")
            try:
                obj = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                reason = "not UTF-8 text" if "utf-8" in str(exc).lower() else "invalid JSON"
                raise AdminError(f"line {number}: {reason}") from None
            if not isinstance(obj, dict):
                raise AdminError(f"line {number}: expected a JSON object, one row per line")
            yield number, obj


Batch = tuple[list[tuple[Any, ...]], list[int]]


def _validated_batches(validator: RowValidator, path: Path) -> Iterator[Batch]:
    rows: list[tuple[Any, ...]] = []
    lines: list[int] = []
    for number, obj in read_jsonl(path):
        try:
            rows.append(validator.values(obj))
        except ValidationError as exc:
            raise exc.at_line(number) from None
        lines.append(number)
        if len(rows) >= BATCH_ROWS:
            yield rows, lines
            rows, lines = [], []
    if rows:
        yield rows, lines


def ingest_file(vault: Vault, table: str, path: Path) -> IngestReport:
    """Validate and insert every line, or nothing at all."""
    vault.require_writable()
    validator = make_validator(vault, table)
    db = vault.database()
    sql = _insert_sql(table, validator.columns)
    count = 0
    try:
        with db.atomic("IMMEDIATE"):
            for rows, lines in _validated_batches(validator, path):
                _insert_batch(db, sql, table, validator.columns, rows, lines)
                count += len(rows)
            if table == "secrets":
                # The file brought new values: learn them, then check its rows again (a
                # note holding its own key, or the key of the line before).
                redaction.invalidate()
                rescrub.rewrite_table(vault, table)
    except OPERATIONAL_ERRORS as exc:
        raise storage_error(exc) from None
    if table == "secrets":
        redaction.invalidate()
    return IngestReport(table, count)


def _insert_sql(table: str, columns: list[str]) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    return f'INSERT INTO "{table}" ({names}) VALUES ({marks})'


def _insert_batch(
    db: peewee.Database,
    sql: str,
    table: str,
    columns: list[str],
    batch: list[tuple[Any, ...]],
    lines: list[int],
) -> None:
    """executemany, naming the line of a refused row.

    No savepoint per batch: the file is all or nothing, so the outer transaction undoes a
    failed batch too (and a savepoint would make SQLite's full-text index flush each batch).
    The failing row is the last one executemany took from the generator.
    """
    taken = [-1]

    def rows() -> Any:
        for index, values in enumerate(batch):
            taken[0] = index
            yield values

    try:
        new_cursor(db).executemany(sql, rows())
    except INTEGRITY_ERRORS as exc:
        index = max(taken[0], 0)
        raise _explain(db, table, columns, batch[index], str(exc)).at_line(lines[index]) from None


_CONSTRAINT_COLUMNS = re.compile(r"constraint failed: (.*)$")


def _explain(
    db: peewee.Database, table: str, columns: list[str], values: tuple[Any, ...], message: str
) -> ValidationError:
    """Name the column behind an integrity error, without echoing the row."""
    if "FOREIGN KEY" in message:
        row = dict(zip(columns, values, strict=False))
        for fk in execute(db, f'PRAGMA foreign_key_list("{table}")').fetchall():
            parent, column, target = fk[2], fk[3], fk[4] or "rowid"
            value = row.get(column)
            if value is None:
                continue
            found = execute(
                db, f'SELECT 1 FROM "{parent}" WHERE "{target}" = ? LIMIT 1', (value,)
            ).fetchone()
            if found is None:
                return ValidationError(column, f"no row in {parent} has this {target}")
        return ValidationError("?", "refers to a row that does not exist")
    detail = _CONSTRAINT_COLUMNS.search(message)
    named = detail.group(1) if detail else ""
    named_columns = [c.split(".")[-1] for c in named.split(", ") if c]
    if "UNIQUE" in message:
        return ValidationError(", ".join(named_columns) or "id", "a row with this value exists")
    if "NOT NULL" in message:
        return ValidationError(named_columns[0] if named_columns else "?", "cannot be null")
    return ValidationError(named_columns[0] if named_columns else "?", "refused by the schema")

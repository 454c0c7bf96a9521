"""`export`: one table as CSV, a JSON array or JSON Lines, streamed in constant memory.

Ciphertext columns (`*_enc`) are never written. Files are written under a temporary name and
renamed when whole, so an interrupted export leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from automation_admin.models.security.csv_cells import neutralised
from automation_admin.models.store.errors import AdminError, UsageError, storage_error
from automation_admin.models.store.partial import claim, remove_stale
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.sql import execute, new_cursor
from automation_admin.models.store.vault import Vault

FORMATS = ("csv", "json", "jsonl")
FETCH_ROWS = 5000
SCAN_CACHE_KIB = 8192


def exported_columns(vault: Vault, table: str) -> list[str]:
    return [c for c in vault.column_names(table) if not c.endswith("_enc")]


def _rows(vault: Vault, table: str, columns: list[str]) -> Iterator[list[tuple[Any, ...]]]:
    names = ", ".join(f'"{c}"' for c in columns)
    db = vault.database()
    # A single pass reads each page once: a large page cache would only grow memory here.
    saved = int(execute(db, "PRAGMA cache_size").fetchone()[0])
    execute(db, f"PRAGMA cache_size = -{SCAN_CACHE_KIB}")
    try:
        cursor = new_cursor(db)
        cursor.execute(f'SELECT {names} FROM "{table}" ORDER BY rowid')
        while True:
            chunk = cursor.fetchmany(FETCH_ROWS)
            if not chunk:
                return
            yield chunk
    finally:
        execute(db, f"PRAGMA cache_size = {saved}")


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise UsageError(f"Unknown format; use one of {', '.join(FORMATS)}.")


def write_rows(
    out: TextIO, fmt: str, columns: Sequence[str], chunks: Iterable[Sequence[Sequence[Any]]]
) -> int:
    """Write chunks of rows (values in `columns` order) as CSV, a JSON array or JSON Lines;
    returns the number of rows. One chunk in memory at a time."""
    check_format(fmt)
    count = 0
    if fmt == "csv":
        # CRLF (RFC 4180): the writer quotes any field holding a character of the line
        # terminator, so a bare CR inside a value can no longer start a new row.
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns)
        for chunk in chunks:
            writer.writerows(neutralised(chunk))
            count += len(chunk)
        return count
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_blob).encode
    if fmt == "jsonl":
        for chunk in chunks:
            out.write("".join(dumps(dict(zip(columns, r, strict=True))) + "\n" for r in chunk))
            count += len(chunk)
        return count
    out.write("[")
    for chunk in chunks:
        if not chunk:
            continue
        lead = "\n" if count == 0 else ",\n"
        out.write(lead + ",\n".join(dumps(dict(zip(columns, r, strict=True))) for r in chunk))
        count += len(chunk)
    out.write("\n]\n" if count else "]\n")
    return count


def _blob(value: Any) -> str:
    """A blob another program stored where text belongs: JSON has no bytes, so its text."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    raise TypeError(f"cannot export a {type(value).__name__}")


def write_export(vault: Vault, table: str, fmt: str, out: TextIO) -> int:
    """Write the table to `out`; returns the number of rows."""
    check_format(fmt)
    vault.require_table(table)
    columns = exported_columns(vault, table)
    return write_rows(out, fmt, columns, _rows(vault, table, columns))


def export_to_file(vault: Vault, table: str, fmt: str, target: Path) -> int:
    target = refuse_own_files(vault.layout, target)
    return write_atomically(target, lambda out: write_export(vault, table, fmt, out))


def refuse_own_files(layout: DataLayout, target: Path) -> Path:
    """An export never lands in the data folder: the vault, index.db, backups and the
    files SQLite keeps beside them are the program's, whatever link leads there."""
    if layout.holds(target):
        raise UsageError(
            f"{target} is inside the data folder ({layout.root}); export somewhere else, "
            "the program's own files are never overwritten."
        )
    return target


def write_atomically(target: Path, write: Callable[[TextIO], int]) -> int:
    """Run `write` into a private file beside `target` and rename it over `target` only when
    whole; on any failure the partial file is removed and the target left as it was."""
    partial = target.with_name(target.name + ".partial")
    # A run killed while claiming leaves its claim file; nobody holds it, so it goes.
    remove_stale(target.parent, [partial.name], ".partial")
    try:
        lock = claim(partial)
    except FileExistsError:
        raise AdminError(
            f"{partial} is in the way (another export is writing it, or it is a link or a "
            "folder); nothing was written."
        ) from None
    except OSError as exc:
        # Name the file asked for, not the claim's temporary name.
        raise storage_error(OSError(exc.errno, exc.strerror, str(partial))) from None
    try:
        # Written through the claimed descriptor itself: the name is never opened again.
        with os.fdopen(os.dup(lock), "w", encoding="utf-8", newline="") as out:
            count = write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise storage_error(exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    finally:
        os.close(lock)
    return count

"""The one boundary where any exception becomes an `AdminError` of one kind (see errors.py).

Database errors are told apart by SQLite's result code, as qutebrowser's misc/sql.py does:
the environment (busy, read-only, full, failing, cannot open) and damage (corrupt, not a
database) are the user's to fix and get a clear sentence; any other code is a fault of this
program. File-system errors are told apart by errno.
"""

from __future__ import annotations

import errno
import sqlite3

import peewee
import sqlcipher3.dbapi2 as sqlcipher

from automation_admin.models.store.errors import (
    AdminError,
    InternalError,
    StorageError,
    VaultDamaged,
)

# Primary SQLite result codes (https://sqlite.org/rescode.html).
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_NOMEM = 7
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_TOOBIG = 18
SQLITE_CONSTRAINT = 19
SQLITE_AUTH = 23
SQLITE_FORMAT = 24
SQLITE_NOTADB = 26
SQLITE_IOERR_SHORT_READ = SQLITE_IOERR | (2 << 8)

DRIVER_ERRORS = (peewee.DatabaseError, sqlcipher.DatabaseError, sqlite3.DatabaseError)
NOTHING_WRITTEN = "nothing was written"
RESTORE = "Nothing was changed; restore a copy from the backups folder if there is one."


def _driver_error(exc: BaseException) -> BaseException:
    """The driver's own exception: Peewee keeps it as `orig` when it wraps one."""
    orig = getattr(exc, "orig", None)
    return orig if isinstance(orig, BaseException) else exc


def sqlite_code(exc: BaseException) -> int | None:
    """The extended result code of a driver error, when the driver gave one."""
    code = getattr(_driver_error(exc), "sqlite_errorcode", None)
    return code if isinstance(code, int) else None


def driver_text(exc: BaseException) -> str:
    return str(_driver_error(exc)) or str(exc)


def explain(exc: BaseException) -> AdminError:
    """The user's words for `exc`, as an AdminError whose kind and exit status are right."""
    if isinstance(exc, AdminError):
        return exc
    if isinstance(exc, DRIVER_ERRORS):
        return _database(exc)
    if isinstance(exc, OSError):
        return _os(exc)
    if isinstance(exc, MemoryError):
        return StorageError("The computer ran out of memory; nothing was written.")
    if isinstance(exc, RecursionError):
        return AdminError("The data is nested too deeply to read; nothing was written.")
    return InternalError(type(exc).__name__)


# What SQLite answers to a rollback after it already rolled back by itself (full disk, I/O
# error): the error that made it do so is the one to tell.
_SECOND_ROLLBACK = ("no transaction is active", "no such savepoint")


def _database(exc: BaseException) -> AdminError:
    text = driver_text(exc)
    cause = exc.__context__
    if cause is not None and cause is not exc and any(w in text for w in _SECOND_ROLLBACK):
        return explain(cause)
    code = sqlite_code(exc)
    if code is None:
        code = _code_from_text(text)
    primary = code & 0xFF if code is not None else None
    if code == SQLITE_IOERR_SHORT_READ or primary in (SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_FORMAT):
        return VaultDamaged(f"The vault file is damaged ({text}). {RESTORE}")
    if primary == SQLITE_FULL:
        return StorageError(f"The disk is full; {NOTHING_WRITTEN}.")
    if primary == SQLITE_IOERR:
        return StorageError(
            f"The disk failed to read or write ({text}): it may be full or failing; "
            f"{NOTHING_WRITTEN}."
        )
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return StorageError(f"The vault is busy in another program; {NOTHING_WRITTEN}. Try again.")
    if primary == SQLITE_READONLY:
        return StorageError(
            f"The vault is read-only here (a read-only folder or file); {NOTHING_WRITTEN}."
        )
    if primary in (SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_AUTH):
        return StorageError(
            "The vault file cannot be opened: its folder may be read-only, missing or not "
            f"yours; {NOTHING_WRITTEN}."
        )
    if primary == SQLITE_NOMEM:
        return StorageError(f"The computer ran out of memory; {NOTHING_WRITTEN}.")
    if primary == SQLITE_TOOBIG:
        return AdminError(f"A value is too large for the vault; {NOTHING_WRITTEN}.")
    if primary == SQLITE_CONSTRAINT:
        return AdminError(f"The vault's schema refused the change ({text}); {NOTHING_WRITTEN}.")
    return InternalError(f"{type(exc).__name__}: {text}")


def _code_from_text(text: str) -> int | None:
    """For errors raised without a result code (Peewee's own, older drivers)."""
    for words, code in (
        ("malformed", SQLITE_CORRUPT),
        ("not a database", SQLITE_NOTADB),
        ("disk is full", SQLITE_FULL),
        ("disk I/O", SQLITE_IOERR),
        ("locked", SQLITE_BUSY),
        ("busy", SQLITE_BUSY),
        ("readonly", SQLITE_READONLY),
        ("unable to open", SQLITE_CANTOPEN),
    ):
        if words in text:
            return code
    return None


def _os(exc: OSError) -> AdminError:
    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return StorageError(f"The disk is full{where}; {NOTHING_WRITTEN}.")
    if exc.errno == errno.EROFS:
        return StorageError(f"The file system is read-only{where}; {NOTHING_WRITTEN}.")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return StorageError(f"Permission denied{where}; {NOTHING_WRITTEN}.")
    if exc.errno == errno.EIO:
        return StorageError(f"The disk failed to read or write{where}; {NOTHING_WRITTEN}.")
    return StorageError(
        f"Could not write the file ({exc.strerror or exc}){where}; {NOTHING_WRITTEN}."
    )

"""The one vault database handle: a Peewee Proxy bound to SQLCipher after unlock."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import peewee
import sqlcipher3.dbapi2 as sqlcipher
from peewee import Model, Proxy, SqliteDatabase

from automation_admin.models.security import read_mask
from automation_admin.models.store import write_policy
from automation_admin.models.store.errors import NoEncryption, ValidationError, VaultDamaged

vault_db = Proxy()

# Page cache in KiB (negative PRAGMA value): SQLCipher decrypts and verifies every page it
# reads, so pages kept decrypted in memory matter more than anything else for speed.
CACHE_KIB = 131072
BUSY_TIMEOUT_SECONDS = 10.0


class BaseModel(Model):
    """Base for every vault table.

    Every write through the model API passes guarded columns (every text column the
    schema does not call structural: `models.schema.columns`) through
    `write_policy.clean_value`: insert, update, save and create (via `_normalize_data`),
    insert_many, replace_many and bulk_create (via `insert_many`), and bulk_update. An
    INSERT ... SELECT or an SQL expression into a guarded column cannot be checked, so it
    is refused.
    """

    class Meta:
        database = vault_db
        legacy_table_names = False

    @classmethod
    def _guarded(cls) -> bool:
        return write_policy.has_guarded(cls)

    @classmethod
    def _normalize_data(cls, data: Any, kwargs: Any) -> Any:
        normalized = super()._normalize_data(data, kwargs)  # type: ignore[misc]  # not in the stubs
        if not cls._guarded():
            return normalized
        if not isinstance(normalized, dict):
            raise ValidationError("?", "guarded tables take rows as field/value mappings")
        return {
            key: _clean_field(cls, key, value) if isinstance(key, peewee.Field) else value
            for key, value in normalized.items()
        }

    @classmethod
    def insert_many(cls, rows: Any, fields: Any = None) -> Any:
        if not cls._guarded():
            return super().insert_many(rows, fields)
        names = None
        if fields is not None:
            names = [cls._meta.fields[f] if isinstance(f, str) else f for f in fields]
        return super().insert_many(_clean_rows(cls, rows, names), fields)

    @classmethod
    def insert_from(cls, query: Any, fields: Any) -> Any:
        if cls._guarded():
            raise ValidationError("?", "INSERT ... SELECT into a guarded table cannot be checked")
        return super().insert_from(query, fields)

    @classmethod
    def bulk_update(cls, model_list: Any, fields: Any, batch_size: Any = None) -> int:
        if not cls._guarded():
            updated = super().bulk_update(model_list, fields, batch_size)  # type: ignore[no-untyped-call]
            return int(updated)
        names = [f if isinstance(f, str) else f.name for f in fields]
        with cls._meta.database.atomic():
            return sum(int(model.save(only=names)) for model in model_list)


def _clean_field(model: type[BaseModel], field: peewee.Field, value: Any) -> Any:
    column = field.column_name
    if not write_policy.is_guarded(model, column):
        return value
    if isinstance(value, peewee.Node):
        raise ValidationError(column, "write this column with a plain value, not an expression")
    return write_policy.clean_value(model, column, value)


def _clean_rows(model: type[BaseModel], rows: Any, fields: Any) -> Any:
    for row in rows:
        if isinstance(row, dict):
            yield {
                key: _clean_field(
                    model, key if isinstance(key, peewee.Field) else model._meta.combined[key], v
                )
                for key, v in row.items()
            }
        elif isinstance(row, BaseModel):
            yield {
                f: _clean_field(model, f, row.__data__.get(f.name))
                for f in model._meta.sorted_fields
                if f.name in row.__data__
            }
        elif fields is not None:
            yield tuple(_clean_field(model, f, v) for f, v in zip(fields, row, strict=True))
        else:
            raise ValidationError("?", "rows for a guarded table need their fields named")


class CipherDatabase(SqliteDatabase):
    """A SQLCipher 4 database keyed with a raw 256-bit key (SQLCipher's own KDF skipped)."""

    def __init__(
        self,
        path: Path,
        key_literal: str,
        *,
        create: bool = False,
        read_only: bool = False,
        newest_writable: int | None = None,
        **kwargs: Any,
    ) -> None:
        self._path = Path(path)
        self._key_literal = key_literal
        self._create = create
        self.read_only = read_only
        # A file whose user_version is above this is opened read-only (a newer program's).
        self.newest_writable = newest_writable
        super().__init__(str(path), **kwargs)

    def __repr__(self) -> str:
        return f"CipherDatabase({self._path.name!r})"

    def rollback(self) -> None:
        # SQLite rolls back by itself after a full disk or an I/O error; a second ROLLBACK
        # would fail with "no transaction is active" and hide the error that matters.
        if not self.is_closed() and not self.connection().in_transaction:  # type: ignore[no-untyped-call]
            return
        super().rollback()

    def _connect(self) -> Any:
        # Read-only opens never create, convert or write the file (mode=ro and query_only).
        mode = "rwc" if self._create else "ro" if self.read_only else "rw"
        try:
            return self._open(f"mode={mode}")
        except sqlcipher.DatabaseError as exc:
            if not (self.read_only and _unshareable(exc, self._path)):
                raise
        # A WAL vault in a folder we cannot write: no -shm can be made for a shared read, but
        # with no -wal beside it the file alone is the whole vault, read as it is on disk.
        return self._open("mode=ro&immutable=1")

    def _open(self, query: str) -> Any:
        conn = sqlcipher.connect(
            f"{self._path.absolute().as_uri()}?{query}",
            uri=True,
            isolation_level=None,
            timeout=BUSY_TIMEOUT_SECONDS,
            check_same_thread=False,
        )
        try:
            version = open_cipher_connection(
                conn,
                self._key_literal,
                read_only=self.read_only,
                create=self._create,
                newest_writable=self.newest_writable,
            )
            if self.newest_writable is not None and version > self.newest_writable:
                self.read_only = True
            self._add_conn_hooks(conn)  # type: ignore[attr-defined]  # not in the stubs
            conn.row_factory = read_mask.mask_row  # the vault's values never read in clear
        except BaseException:
            conn.close()
            raise
        return conn


def _unshareable(exc: BaseException, path: Path) -> bool:
    """A read-only open that failed only for want of a writable folder for the -shm file."""
    code = getattr(exc, "sqlite_errorcode", None)
    if not isinstance(code, int) or code & 0xFF not in (SQLITE_READONLY, SQLITE_CANTOPEN):
        return False
    # Only when the file alone is the whole vault: no WAL to apply, no hot journal to roll
    # back (immutable would read past either).
    for suffix in ("-wal", "-journal"):
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists() and sidecar.stat().st_size > 0:
            return False
    return True


SQLITE_READONLY, SQLITE_CANTOPEN = 8, 14
PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"


@cache  # once per process; a failure is not cached, so it is asked again
def require_encryption() -> str:
    """Prove the SQLite library really is SQLCipher before any vault is opened or made: it
    reports a cipher version, and a keyed file it writes is not plain SQLite on disk.
    Returns the cipher version; raises NoEncryption otherwise."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="automation-admin-probe-") as folder:
        path = Path(folder) / "probe.db"
        conn = sqlcipher.connect(str(path))
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            row = conn.execute("PRAGMA cipher_version").fetchone()
            version = str(row[0]) if row and row[0] else ""
            if not version:
                raise NoEncryption("no cipher_version")
            conn.execute(f"PRAGMA key = \"x'{'5a' * 32}'\"")
            conn.execute("CREATE TABLE probe (x)")
            conn.commit()
        finally:
            conn.close()
        if path.read_bytes()[:16] == PLAIN_SQLITE_HEADER:
            raise NoEncryption("a keyed file was written in plain text")
    return version


def open_cipher_connection(
    conn: Any,
    key_literal: str,
    *,
    read_only: bool,
    create: bool = False,
    newest_writable: int | None = None,
) -> int:
    """Key a fresh connection, prove the key with a read, then set the working pragmas;
    returns the schema version (`user_version`).

    Nothing is written before the probe read and the version check succeed, so a wrong key,
    an empty file or a newer program's vault is never touched.
    """
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = {key_literal}")
    conn.execute("PRAGMA cipher_memory_security = OFF")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    if not create and int(conn.execute("PRAGMA page_count").fetchone()[0]) == 0:
        raise VaultDamaged("The vault file is empty: it was never set up, or was truncated.")
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if newest_writable is not None and version > newest_writable:
        read_only = True
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    if read_only:
        conn.execute("PRAGMA query_only = ON")
    else:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    return version


# Raw cursors (bulk paths) raise the driver's classes; Peewee's execute_sql raises its own.
INTEGRITY_ERRORS = (peewee.IntegrityError, sqlcipher.IntegrityError)
OPERATIONAL_ERRORS = (peewee.OperationalError, sqlcipher.OperationalError)
DATABASE_ERRORS = (peewee.DatabaseError, sqlcipher.DatabaseError)


def is_key_error(exc: BaseException) -> bool:
    """SQLCipher reports a wrong key (or a file that is not a vault) as 'not a database'."""
    return "not a database" in str(exc) or "file is encrypted" in str(exc)

"""Unlocking a profile's vault: the four outcomes of DESIGN §2, lock, and enabling automation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from automation_admin.models import migrations
from automation_admin.models.migrations import indexes
from automation_admin.models.security import read_mask, redaction
from automation_admin.models.store import sql
from automation_admin.models.store.backup import write_backup
from automation_admin.models.store.db import (
    DATABASE_ERRORS,
    CipherDatabase,
    is_key_error,
    vault_db,
)
from automation_admin.models.store.errors import (
    AutomationNotEnabled,
    VaultDamaged,
    VaultMissing,
    VaultReplaced,
    VaultTooNew,
    VaultUnreadable,
)
from automation_admin.models.store.failures import explain
from automation_admin.models.store.index_store import IndexStore, ProfileRecord, VaultMeta
from automation_admin.models.store.keys import VaultKey, derive_kek
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.sql import execute
from automation_admin.models.store.timeutil import now_timestamp


class Vault:
    """An unlocked profile. Only one is open per process: it owns the model Proxy."""

    def __init__(
        self,
        layout: DataLayout,
        profile: ProfileRecord,
        key: VaultKey,
        db: CipherDatabase,
        version: int,
    ) -> None:
        self.layout = layout
        self.profile = profile
        self.key: VaultKey | None = key
        self.db: CipherDatabase | None = db
        self.schema_version = version
        self.file_id: tuple[int, int] | None = None  # the file opened, by device and inode

    def __repr__(self) -> str:
        state = "locked" if self.db is None else f"v{self.schema_version}"
        return f"Vault({self.profile.display_name!r}, {state})"

    # ---- opening -------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        layout: DataLayout,
        profile: ProfileRecord,
        meta: VaultMeta,
        kek: bytes,
        *,
        read_only: bool = False,
        defer_sort_indexes: bool = False,
    ) -> Vault:
        """Unwrap the PVK with `kek` and open the vault. The KDF is the caller's job.

        `read_only` opens for commands that only read (check, export): the file is never
        created, converted to WAL, indexed or written. `defer_sort_indexes` leaves the
        missing plain indexes to the caller (`missing_sort_indexes`, `build_sort_index`):
        on a large vault they take a minute, which the window spends after unlock.
        """
        key = VaultKey.unwrap(kek, meta.wrapped_pvk, profile.id)
        path = layout.vault_db(profile.id)
        if path.is_symlink() or (path.exists() and not path.is_file()):
            # A link could send every write elsewhere; a folder is no vault.
            raise VaultUnreadable(
                f"The profile's vault is not a regular file (a link or a folder is in its "
                f"place): {path}"
            )
        if not path.is_file():
            raise VaultMissing(str(path))
        if vault_db.obj is not None:
            raise RuntimeError("another vault is open in this process; lock it first")
        db = CipherDatabase(
            path,
            key.sqlcipher_key_literal(),
            read_only=read_only,
            newest_writable=migrations.LATEST_VERSION,
        )
        try:
            version = _probe(db)
        except BaseException:
            db.close()
            raise
        vault_db.initialize(db)
        vault = cls(layout, profile, key, db, version)
        vault.file_id = _file_id(path)
        redaction.activate(vault.secret_values)
        if not db.read_only and version >= migrations.AUTOMATION_VERSION:
            vault.ensure_indexes(sort_indexes=not defer_sort_indexes)
        return vault

    @property
    def is_open(self) -> bool:
        return self.db is not None

    @property
    def profile_id(self) -> str:
        return self.profile.id

    @property
    def read_only(self) -> bool:
        return self.too_new or (self.db is not None and self.db.read_only)

    @property
    def too_new(self) -> bool:
        return self.schema_version > migrations.LATEST_VERSION

    @property
    def automation_enabled(self) -> bool:
        return self.schema_version >= migrations.AUTOMATION_VERSION

    @property
    def path(self) -> Path:
        return self.layout.vault_db(self.profile.id)

    def database(self) -> CipherDatabase:
        if self.db is None:
            raise RuntimeError("the vault is locked")
        return self.db

    def require_key(self) -> VaultKey:
        if self.key is None:
            raise RuntimeError("the vault is locked")
        return self.key

    def check_file(self) -> None:
        """The file at the vault's path is still the one open: another program that puts a
        copy in its place (or removes it) leaves this connection on a file nobody will read
        again, where the runner's rows never arrive and a decision taken here is lost."""
        if self.file_id is not None and _file_id(self.path) != self.file_id:
            raise VaultReplaced()

    def require_writable(self) -> None:
        self.check_file()
        if self.too_new:
            raise VaultTooNew(self.schema_version, migrations.LATEST_VERSION)
        if self.read_only:
            raise RuntimeError("this vault was opened read-only")

    def require_automation(self) -> None:
        if not self.automation_enabled:
            raise AutomationNotEnabled()

    def require_table(self, table: str) -> None:
        """Refuse a table this vault's schema version does not have, saying why."""
        from automation_admin.models.schema import model_for_table, tables_for_version

        if table in tables_for_version(min(self.schema_version, migrations.LATEST_VERSION)):
            return
        if table in tables_for_version(migrations.LATEST_VERSION):
            self.require_automation()
        model_for_table(table)

    def column_names(self, table: str) -> list[str]:
        """Columns the table has in this vault, in table order, whatever its version says."""
        rows = execute(self.database(), f'PRAGMA table_info("{table}")').fetchall()
        return [r[1] for r in rows]

    def columns_of(self, table: str) -> set[str]:
        return set(self.column_names(table))

    def _schema_names(self) -> set[str]:
        rows = sql.rows(
            self.database(),
            "SELECT name FROM sqlite_master WHERE type IN ('index', 'table', 'trigger')",
        )
        return {r[0] for r in rows}

    def ensure_indexes(self, sort_indexes: bool = True) -> list[str]:
        """Create the missing indexes (without `sort_indexes`, only the search table and its
        triggers); returns their names."""
        return indexes.ensure_indexes(
            self.database(), self._schema_names(), sort_indexes=sort_indexes
        )

    def missing_sort_indexes(self) -> list[str]:
        """The plain list indexes this vault lacks (none on a vault opened read-only or
        before automation is enabled: nothing may be built there)."""
        if self.read_only or not self.automation_enabled:
            return []
        missing = indexes.missing_indexes(self._schema_names())
        return [name for name in missing if indexes.is_sort_index(name)]

    def build_sort_index(self, name: str) -> None:
        self.require_writable()
        indexes.build_index(self.database(), name)

    # ---- schema --------------------------------------------------------------------------

    def enable_automation(self, on_step: Callable[[int, int], None] | None = None) -> Path | None:
        """Migrate to version 2 after an encrypted backup; returns the backup, or None if done."""
        self.require_writable()
        db = self.database()
        made: list[Path] = []

        def backup(current: int) -> None:
            made.append(write_backup(db, self.layout.backups_dir, self.profile.id, current))

        _, after = migrations.migrate(
            db,
            migrations.AUTOMATION_VERSION,
            {"profile_id": self.profile.id, "now": now_timestamp()},
            before=backup,
            on_step=on_step,
        )
        self.schema_version = after
        self.ensure_indexes()
        if made:
            from automation_admin.models.store import audit

            audit.record(self.profile.id, audit.AUTOMATION_ENABLED, {"backup": made[0].name})
        return made[0] if made else None

    # ---- closing -------------------------------------------------------------------------

    def secret_values(self) -> list[str]:
        """Every secret value of the profile, decrypted in memory for the redactor only."""
        key = self.require_key()
        rows = read_mask.raw_cursor(self.database()).execute(
            "SELECT id, secret_value_enc FROM secrets"
        )
        values = []
        for secret_id, blob in rows:
            try:
                values.append(key.decrypt_secret(bytes(blob), secret_id))
            except VaultDamaged:
                continue  # one unreadable row must not stop redaction of the others
        return values

    def lock(self) -> None:
        """Close the database and forget the key. Safe to call twice."""
        redaction.deactivate()
        if self.db is not None:
            self.db.close()
            if vault_db.obj is self.db:
                vault_db.initialize(None)
        self.db = None
        self.key = None

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock()


def _probe(db: CipherDatabase) -> int:
    """Open the connection (the probe read and the version check are in the connection
    set-up, before anything is written) and read the version."""
    try:
        db.connect()
        version = migrations.schema_version(db)
    except DATABASE_ERRORS as exc:
        if is_key_error(exc):
            raise VaultDamaged() from None
        raise explain(exc) from None
    if version == 0:
        raise VaultDamaged("The vault file is empty: it was never set up, or was truncated.")
    return version


def unlock(
    layout: DataLayout,
    name_or_id: str,
    passphrase: str,
    *,
    read_only: bool = False,
    defer_sort_indexes: bool = False,
) -> Vault:
    """Find the profile, derive the KEK (slow by design) and open its vault."""
    store = IndexStore(layout)
    profile = store.find(name_or_id)
    meta = store.vault_meta(profile.id)
    kek = derive_kek(passphrase, meta.kdf_salt, meta.kdf_params)
    return Vault.open(
        layout,
        profile,
        meta,
        kek,
        read_only=read_only,
        defer_sort_indexes=defer_sort_indexes,
    )


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None  # gone
    return info.st_dev, info.st_ino

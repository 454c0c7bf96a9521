"""`index.db`: the profile list and each profile's wrapped key, plain SQLite (DESIGN §2)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from peewee import IntegrityError, SqliteDatabase

from automation_admin.models.schema.index import INDEX_MODELS, AppProfile, ProfileVaultMeta
from automation_admin.models.store.errors import (
    IndexDamaged,
    ProfileExists,
    ProfileNotFound,
    UsageError,
)
from automation_admin.models.store.failures import DRIVER_ERRORS, driver_text, explain
from automation_admin.models.store.keys import KdfParams
from automation_admin.models.store.paths import DataLayout, ensure_private_file
from automation_admin.models.store.sql import execute
from automation_admin.models.store.timeutil import now_timestamp

_TS = "'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'"
INDEX_SCHEMA: tuple[str, ...] = (
    f"""
    CREATE TABLE IF NOT EXISTS app_profiles (
        id TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
        display_name TEXT NOT NULL UNIQUE COLLATE NOCASE
            CHECK (length(trim(display_name)) > 0),
        created_at TEXT NOT NULL CHECK (created_at GLOB {_TS}),
        updated_at TEXT NOT NULL CHECK (updated_at GLOB {_TS}),
        vault_storage_mode TEXT NOT NULL DEFAULT 'passphrase_only'
            CHECK (vault_storage_mode IN ('passphrase_only', 'os_keychain_optional')),
        totp_enabled INTEGER NOT NULL DEFAULT 0 CHECK (totp_enabled IN (0, 1)),
        online_mode_enabled_default INTEGER NOT NULL DEFAULT 0
            CHECK (online_mode_enabled_default IN (0, 1)),
        local_llm_assist_enabled_default INTEGER NOT NULL DEFAULT 0
            CHECK (local_llm_assist_enabled_default IN (0, 1))
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS profile_vault_meta (
        profile_id TEXT NOT NULL PRIMARY KEY REFERENCES app_profiles (id) ON DELETE CASCADE,
        kdf_alg TEXT NOT NULL DEFAULT 'argon2id' CHECK (kdf_alg = 'argon2id'),
        kdf_params_json TEXT NOT NULL DEFAULT
            '{"memory_kib": 131072, "time_cost": 4, "parallelism": 1, "hash_len": 32}',
        kdf_salt BLOB NOT NULL CHECK (length(kdf_salt) = 16),
        wrapped_pvk BLOB NOT NULL CHECK (length(wrapped_pvk) = 60),
        rotation_version INTEGER NOT NULL DEFAULT 1 CHECK (rotation_version >= 1)
    )
    """,
)
MAX_NAME_LENGTH = 80


@dataclass(frozen=True)
class ProfileRecord:
    id: str
    display_name: str
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class VaultMeta:
    profile_id: str
    kdf_params: KdfParams
    kdf_salt: bytes
    wrapped_pvk: bytes
    rotation_version: int

    def __repr__(self) -> str:
        return f"VaultMeta(profile_id={self.profile_id!r}, rotation={self.rotation_version})"


def clean_display_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise UsageError("A profile name cannot be empty.")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise UsageError(f"A profile name has at most {MAX_NAME_LENGTH} characters.")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in cleaned):
        raise UsageError("A profile name cannot hold control characters.")
    return cleaned


_BINDING = threading.RLock()


class IndexStore:
    """Reads and writes index.db; every method opens and closes its own connection."""

    def __init__(self, layout: DataLayout) -> None:
        self.layout = layout

    @contextmanager
    def _db(self, *args: object, **kwargs: object) -> Iterator[SqliteDatabase]:
        # bind_ctx rebinds the model classes themselves: two threads at once would unbind
        # each other's models mid-query, so one binding at a time.
        with _BINDING, self._bound(*args, **kwargs) as db:  # type: ignore[arg-type]
            yield db

    @contextmanager
    def _bound(self, create: bool = False) -> Iterator[SqliteDatabase]:
        path = self.layout.index_db
        if path.is_symlink() or (path.exists() and not path.is_file()):
            raise IndexDamaged(f"{path} is not a regular file: a link or a folder is in its place")
        if create and not path.exists():
            self.layout.ensure_root()
            ensure_private_file(path)
        # mode=rw never creates the file (a missing index.db is no profile, not a new file);
        # SQLite itself opens a write-protected one read-only, and rolls back a hot journal a
        # killed writer left, which a read-only open could not.
        db = SqliteDatabase(
            f"{path.absolute().as_uri()}?mode=rw",
            uri=True,
            pragmas={"foreign_keys": 1},
            timeout=10,
        )
        try:
            with db.bind_ctx(INDEX_MODELS):
                db.connect()
                if create:
                    with db.atomic():
                        for sql in INDEX_SCHEMA:
                            execute(db, sql)
                yield db
        except DRIVER_ERRORS as exc:
            error = explain(exc)
            if error.kind == "damaged":
                raise IndexDamaged(driver_text(exc)) from None
            if error.kind == "bug" and "no such table" in str(exc):
                raise IndexDamaged("its tables are missing") from None
            raise error from None
        finally:
            db.close()

    def list_profiles(self) -> list[ProfileRecord]:
        if not self.layout.index_db.exists() and not self.layout.index_db.is_symlink():
            return []
        with self._db():
            rows = AppProfile.select().order_by(AppProfile.display_name.collate("NOCASE"))
            return [_record(r) for r in rows]

    def find(self, name_or_id: str) -> ProfileRecord:
        wanted = name_or_id.strip()
        for profile in self.list_profiles():
            if profile.id == wanted.lower() or profile.display_name.casefold() == (
                " ".join(wanted.split()).casefold()
            ):
                return profile
        raise ProfileNotFound(name_or_id)

    def vault_meta(self, profile_id: str) -> VaultMeta:
        with self._db():
            row = ProfileVaultMeta.get_or_none(ProfileVaultMeta.profile == profile_id)
            if row is None:
                raise IndexDamaged("it holds no key for this profile")
            return VaultMeta(
                profile_id=profile_id,
                kdf_params=KdfParams.from_json(row.kdf_params_json),
                kdf_salt=bytes(row.kdf_salt),
                wrapped_pvk=bytes(row.wrapped_pvk),
                rotation_version=row.rotation_version,
            )

    def add_profile(self, record: ProfileRecord, meta: VaultMeta) -> None:
        with self._db(create=True) as db:
            taken = {p.display_name.casefold() for p in AppProfile.select(AppProfile.display_name)}
            if record.display_name.casefold() in taken:
                raise ProfileExists(record.display_name)
            try:
                with db.atomic():
                    AppProfile.insert(
                        id=record.id,
                        display_name=record.display_name,
                        created_at=record.created_at,
                        updated_at=record.updated_at,
                    ).execute()
                    ProfileVaultMeta.insert(
                        profile=record.id,
                        kdf_params_json=meta.kdf_params.to_json(),
                        kdf_salt=meta.kdf_salt,
                        wrapped_pvk=meta.wrapped_pvk,
                        rotation_version=meta.rotation_version,
                    ).execute()
            except IntegrityError:
                raise ProfileExists(record.display_name) from None

    def replace_key(
        self,
        profile_id: str,
        kdf_params: KdfParams,
        salt: bytes,
        wrapped: bytes,
        expected_rotation: int,
    ) -> int:
        """Store a re-wrapped PVK; refuses if another program rotated it meanwhile."""
        with self._db() as db, db.atomic("IMMEDIATE"):
            updated = (
                ProfileVaultMeta.update(
                    kdf_params_json=kdf_params.to_json(),
                    kdf_salt=salt,
                    wrapped_pvk=wrapped,
                    rotation_version=ProfileVaultMeta.rotation_version + 1,
                )
                .where(
                    (ProfileVaultMeta.profile == profile_id)
                    & (ProfileVaultMeta.rotation_version == expected_rotation)
                )
                .execute()
            )
            if updated != 1:
                raise UsageError(
                    "The passphrase was changed by another program meanwhile; try again."
                )
            AppProfile.update(updated_at=now_timestamp()).where(
                AppProfile.id == profile_id
            ).execute()
        return expected_rotation + 1

    def remove_profile(self, profile_id: str) -> None:
        with self._db() as db, db.atomic():
            ProfileVaultMeta.delete().where(ProfileVaultMeta.profile == profile_id).execute()
            AppProfile.delete().where(AppProfile.id == profile_id).execute()


def _record(row: AppProfile) -> ProfileRecord:
    return ProfileRecord(
        id=row.id,
        display_name=row.display_name,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )

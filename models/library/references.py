"""The reference library's manifest (`<root>/reference_library/manifest.db`), made on first use.

`local_path` is relative to the library folder and names either the downloaded archive (its
checksum is the archive's SHA-256) or the folder it was unpacked into (its checksum is the
SHA-256 of a sorted listing of `relative/path NUL sha256-of-file LF` lines, so it does not
depend on file times or the order the file system lists them in).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from peewee import DatabaseError, SqliteDatabase

from automation_admin.models.schema.reference_library import ReferenceLibraryManifest
from automation_admin.models.store.errors import StorageError, UsageError
from automation_admin.models.store.ids import uuid7
from automation_admin.models.store.paths import DataLayout, ensure_private_dir, ensure_private_file
from automation_admin.models.store.sql import execute
from automation_admin.models.store.timeutil import now_timestamp

_TS = "'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'"
MANIFEST_SCHEMA = (
    f"""
    CREATE TABLE IF NOT EXISTS reference_library_manifest (
        id TEXT NOT NULL PRIMARY KEY,
        source_name TEXT NOT NULL,
        source_url TEXT NOT NULL,
        commit_sha TEXT NOT NULL,
        downloaded_at TEXT NOT NULL CHECK (downloaded_at GLOB {_TS}),
        local_path TEXT NOT NULL,
        file_count INTEGER NOT NULL CHECK (file_count >= 0),
        total_size_bytes INTEGER NOT NULL CHECK (total_size_bytes >= 0),
        checksum TEXT NOT NULL CHECK (length(checksum) = 64)
    )
    """,
    "CREATE UNIQUE INDEX IF NOT EXISTS reference_library_manifest_source_name"
    " ON reference_library_manifest (source_name)",
)
Verdict = Literal["match", "mismatch", "missing"]
_CHUNK = 1 << 20


@dataclass(frozen=True)
class LibrarySource:
    id: str
    source_name: str
    source_url: str
    commit_sha: str
    downloaded_at: str
    local_path: str
    file_count: int
    total_size_bytes: int
    checksum: str


@dataclass(frozen=True)
class Measurement:
    checksum: str
    file_count: int
    total_size_bytes: int


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def measure(path: Path) -> Measurement:
    """Checksum, file count and size of an archive file or an unpacked folder."""
    if path.is_file():
        return Measurement(_file_sha256(path), 1, path.stat().st_size)
    if not path.is_dir():
        raise FileNotFoundError(str(path))
    listing = hashlib.sha256()
    count = size = 0
    files = sorted(p for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    for file in files:
        relative = file.relative_to(path).as_posix()
        listing.update(f"{relative}\0{_file_sha256(file)}\n".encode())
        count += 1
        size += file.stat().st_size
    return Measurement(listing.hexdigest(), count, size)


_BINDING = threading.RLock()


class ReferenceLibrary:
    def __init__(self, layout: DataLayout) -> None:
        self.folder = layout.reference_library_dir
        self.manifest_path = self.folder / "manifest.db"

    @contextmanager
    def _db(self, *args: object, **kwargs: object) -> Iterator[SqliteDatabase]:
        # bind_ctx rebinds the model classes themselves: two threads at once would unbind
        # each other's models mid-query, so one binding at a time.
        with _BINDING, self._bound(*args, **kwargs) as db:
            yield db

    @contextmanager
    def _bound(self) -> Iterator[SqliteDatabase]:
        ensure_private_dir(self.folder)
        if not self.manifest_path.exists():
            ensure_private_file(self.manifest_path)
        db = SqliteDatabase(str(self.manifest_path), timeout=10)
        try:
            with db.bind_ctx([ReferenceLibraryManifest]):
                db.connect()
                with db.atomic():
                    for sql in MANIFEST_SCHEMA:
                        execute(db, sql)
                yield db
        finally:
            db.close()

    def resolve(self, local_path: str) -> Path:
        target = (self.folder / local_path).resolve()
        if not target.is_relative_to(self.folder.resolve()):
            raise UsageError("A library path must stay inside the reference library folder.")
        return target

    def record(
        self, source_name: str, source_url: str, commit_sha: str, local_path: str
    ) -> LibrarySource:
        """Measure what is on disk at `local_path` and record (or replace) the source."""
        measured = measure(self.resolve(local_path))
        with self._db() as db, db.atomic():
            ReferenceLibraryManifest.delete().where(
                ReferenceLibraryManifest.source_name == source_name
            ).execute()
            row = ReferenceLibraryManifest.create(
                id=uuid7(),
                source_name=source_name,
                source_url=source_url,
                commit_sha=commit_sha,
                downloaded_at=now_timestamp(),
                local_path=local_path,
                file_count=measured.file_count,
                total_size_bytes=measured.total_size_bytes,
                checksum=measured.checksum,
            )
            return _source(row)

    def sources(self) -> list[LibrarySource]:
        if not self.manifest_path.exists():
            return []
        try:
            with self._db():
                query = ReferenceLibraryManifest.select().order_by(
                    ReferenceLibraryManifest.source_name
                )
                return [_source(r) for r in query]
        except DatabaseError as exc:
            raise StorageError(
                f"The reference library's manifest ({self.manifest_path}) cannot be read "
                f"({exc}). The downloaded files are untouched; move the manifest aside and "
                "the library starts a new one."
            ) from None

    def verify(self, source: LibrarySource) -> Verdict:
        try:
            measured = measure(self.resolve(source.local_path))
        except FileNotFoundError:
            return "missing"
        return "match" if measured.checksum == source.checksum else "mismatch"


def _source(row: ReferenceLibraryManifest) -> LibrarySource:
    return LibrarySource(
        id=row.id,
        source_name=row.source_name,
        source_url=row.source_url,
        commit_sha=row.commit_sha,
        downloaded_at=row.downloaded_at,
        local_path=row.local_path,
        file_count=row.file_count,
        total_size_bytes=row.total_size_bytes,
        checksum=row.checksum,
    )

"""The reference library manifest: a plain SQLite file made on first use, and SHA-256 checks."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from automation_admin.models.library.references import ReferenceLibrary
from automation_admin.models.store.errors import UsageError
from automation_admin.models.store.paths import DataLayout


def test_record_and_verify_an_archive(layout: DataLayout) -> None:
    library = ReferenceLibrary(layout)
    assert library.sources() == [] and not library.manifest_path.exists()
    archive = library.folder / "playwright-python.tar.gz"
    library.folder.mkdir(parents=True)
    archive.write_bytes(b"archive bytes" * 100)
    source = library.record(
        "playwright-python",
        "https://github.com/microsoft/playwright-python",
        "a" * 40,
        "playwright-python.tar.gz",
    )
    assert source.checksum == hashlib.sha256(archive.read_bytes()).hexdigest()
    assert (source.file_count, source.total_size_bytes) == (1, 1300)
    assert library.verify(source) == "match"
    archive.write_bytes(b"tampered")
    assert library.verify(source) == "mismatch"
    archive.unlink()
    assert library.verify(source) == "missing"
    conn = sqlite3.connect(library.manifest_path)
    assert conn.execute("SELECT source_name FROM reference_library_manifest").fetchall() == [
        ("playwright-python",)
    ]
    conn.close()


def test_folder_checksum_ignores_listing_order_and_counts_files(layout: DataLayout) -> None:
    library = ReferenceLibrary(layout)
    folder = library.folder / "puppeteer"
    (folder / "docs").mkdir(parents=True)
    (folder / "README.md").write_text("hello")
    (folder / "docs" / "api.md").write_text("api")
    source = library.record(
        "puppeteer", "https://github.com/puppeteer/puppeteer", "b" * 40, "puppeteer"
    )
    assert (source.file_count, source.total_size_bytes) == (2, 8)
    assert library.verify(source) == "match"
    again = library.record(
        "puppeteer", "https://github.com/puppeteer/puppeteer", "c" * 40, "puppeteer"
    )
    assert [s.commit_sha for s in library.sources()] == [again.commit_sha]


def test_paths_stay_inside_the_library(layout: DataLayout) -> None:
    with pytest.raises(UsageError):
        ReferenceLibrary(layout).record("x", "https://x", "d" * 40, "../../etc")


def test_a_damaged_manifest_gets_a_clear_message(layout: DataLayout) -> None:
    from automation_admin.models.store.errors import StorageError

    library = ReferenceLibrary(layout)
    library.folder.mkdir(parents=True)
    library.manifest_path.write_bytes(b"this is not a database file at all" * 100)
    with pytest.raises(StorageError, match=r"manifest .* cannot be read") as raised:
        library.sources()
    assert "downloaded files are untouched" in str(raised.value)

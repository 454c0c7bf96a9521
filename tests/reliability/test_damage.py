"""Damage: a flipped byte on every kind of page, truncation at and off page boundaries, zero
length, a folder or a link where a file should be, a damaged index.db. Every command says
so in one line with exit 4 (or, for damage a command never reads, does its work), and no
command makes the file worse: its bytes are the same afterwards."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from automation_admin.models.demo.generator import write_demo
from automation_admin.models.schema import tables_for_version
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.vault import Vault
from tests.conftest import PASSPHRASE
from tests.raw_vault import raw_key
from tests.reliability.helpers import (
    build_root,
    cli_here,
    copy_root,
    digest,
    one_line,
    unlocked_window,
    vault_path,
)
from tests.reliability.pages import PAGE, classify

pytestmark = pytest.mark.slow

KINDS = (
    "page 1 (header and schema)",
    "table leaf",
    "table interior",
    "index leaf",
    "index interior",
    "overflow",
    "freelist trunk",
    "freelist leaf",
)
TABLES = tables_for_version(2)


def varied(vault: Vault) -> None:
    """Every kind of page: b-trees deep enough for interior pages, a 100 KB value (overflow
    pages) and deleted rows (freelist pages)."""
    write_demo(vault, "300", seed=4)
    db = vault.database()
    db.execute_sql(
        "UPDATE discovery_findings SET source_snippet = ? WHERE rowid = "
        "(SELECT min(rowid) FROM discovery_findings)",
        ("x" * 100_000,),
    )
    db.execute_sql("DELETE FROM dashboard_daily_summaries WHERE rowid % 3 = 0")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[int]]]:
    root = build_root(tmp_path_factory.mktemp("damage") / "root", varied)
    layout = DataLayout(root)
    path = vault_path(layout)
    assert not Path(f"{path}-wal").exists()
    kinds = classify(path, raw_key(layout, path.parent.name, PASSPHRASE))
    assert set(KINDS) <= set(kinds), sorted(kinds)
    return root, kinds


def every_command(root: Path, out: Path) -> dict[str, tuple[int, str]]:
    """check, and export of every table: (exit status, the one line on stderr)."""
    results = {}
    check = cli_here(root, "check", "--profile", "Work", "--passphrase-stdin")
    results["check"] = (check.code, one_line(check.err) if check.code else "")
    for table in TABLES:
        done = cli_here(
            root, "export", table, "--profile", "Work", "--passphrase-stdin", "--out", str(out)
        )
        results[table] = (done.code, one_line(done.err) if done.code else "")
    return results


def assert_damage_told(results: dict[str, tuple[int, str]], words: str = "damaged") -> None:
    for command, (code, line) in results.items():
        assert code in (0, 4), (command, code, line)
        if code == 4:
            assert words in line, (command, line)
    assert results["check"][0] == 4, results["check"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("where", ["payload", "hmac"])
def test_a_flipped_byte_on_every_kind_of_page(
    template, tmp_path: Path, kind: str, where: str
) -> None:  # type: ignore[no-untyped-def]
    root, kinds = template
    layout = copy_root(root, tmp_path / "root")
    path = vault_path(layout)
    pages = kinds[kind]
    page = pages[len(pages) // 2]
    offset = (page - 1) * PAGE + (200 if where == "payload" else PAGE - 10)
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    before = digest(path)
    results = every_command(layout.root, tmp_path / "out.csv")
    assert_damage_told(results)
    if kind.startswith("page 1"):
        assert all(code == 4 for code, _ in results.values())
    if kind.startswith("freelist") or kind.startswith("index"):
        # no export reads a free page or an index: every table still comes out
        assert all(code == 0 for name, (code, _) in results.items() if name != "check")
    assert digest(path) == before
    assert not Path(f"{path}-journal").exists()


@pytest.mark.parametrize(
    "size",
    ["zero", "one page", "half, on a page", "half, off a page", "last page gone", "one byte short"],
)
def test_truncation(template, tmp_path: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    root, _ = template
    layout = copy_root(root, tmp_path / "root")
    path = vault_path(layout)
    full = path.stat().st_size
    pages = full // PAGE
    length = {
        "zero": 0,
        "one page": PAGE,
        "half, on a page": pages // 2 * PAGE,
        "half, off a page": pages // 2 * PAGE + 1234,
        "last page gone": full - PAGE,
        "one byte short": full - 1,
    }[size]
    os.truncate(path, length)
    before = digest(path)
    results = every_command(layout.root, tmp_path / "out.csv")
    assert_damage_told(results, "empty" if length == 0 else "damaged")
    assert digest(path) == before and path.stat().st_size == length


def test_a_folder_where_the_vault_should_be(template, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    layout = copy_root(template[0], tmp_path / "root")
    path = vault_path(layout)
    path.unlink()
    path.mkdir()
    results = every_command(layout.root, tmp_path / "out.csv")
    assert all(code == 4 and "not a regular file" in line for code, line in results.values())
    assert path.is_dir() and not any(path.iterdir())


def test_a_link_where_the_vault_should_be(template, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    layout = copy_root(template[0], tmp_path / "root")
    path = vault_path(layout)
    elsewhere = tmp_path / "elsewhere.db"
    shutil.move(path, elsewhere)
    path.symlink_to(elsewhere)
    before = digest(elsewhere)
    results = every_command(layout.root, tmp_path / "out.csv")
    assert all(code == 4 and "not a regular file" in line for code, line in results.values())
    assert digest(elsewhere) == before and path.is_symlink()


@pytest.mark.parametrize("damage", ["folder", "link", "zero", "garbage", "truncated", "headers"])
def test_a_damaged_index_db(template, tmp_path: Path, damage: str) -> None:  # type: ignore[no-untyped-def]
    layout = copy_root(template[0], tmp_path / "root")
    index = layout.index_db
    if damage == "folder":
        index.unlink()
        index.mkdir()
    elif damage == "link":
        shutil.move(index, tmp_path / "index-elsewhere.db")
        index.symlink_to(tmp_path / "index-elsewhere.db")
    elif damage == "zero":
        os.truncate(index, 0)
    elif damage == "garbage":
        index.write_bytes(os.urandom(8192))
    elif damage == "truncated":
        os.truncate(index, 100)
    else:
        data = bytearray(index.read_bytes())
        for start in range(PAGE, len(data), PAGE):
            data[start : start + 8] = b"\xff" * 8
        index.write_bytes(bytes(data))
    before = digest(index) if index.is_file() else None
    for args in (
        ("check", "--profile", "Work", "--passphrase-stdin"),
        ("export", "secrets", "--profile", "Work", "--passphrase-stdin"),
        ("profile", "list"),
    ):
        result = cli_here(layout.root, *args)
        assert result.code == 4, (damage, args, result.err)
        assert "index.db" in one_line(result.err) and "damaged" in result.err
    if before is not None and not index.is_symlink():
        assert digest(index) == before


def test_the_window_says_damage_and_offers_the_backup(qtbot, template, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A page of the findings table fails to decrypt while the window reads it."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from tests.raw_vault import connect

    root, kinds = template
    layout = copy_root(root, tmp_path / "root")
    path = vault_path(layout)
    with connect(layout) as conn:
        rootpage = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'discovery_findings'"
        ).fetchone()[0]
    assert rootpage in kinds["table interior"]
    data = bytearray(path.read_bytes())
    data[(rootpage - 1) * PAGE + 100] ^= 0x5A
    path.write_bytes(bytes(data))
    window = unlocked_window(qtbot, layout, tmp_path)
    window.workspace.show_tab("findings")

    def damage_dialog() -> QMessageBox | None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.objectName() == "failure-damaged":
                return widget if widget.isVisible() else None
        return None

    qtbot.waitUntil(lambda: damage_dialog() is not None, timeout=15_000)
    box = damage_dialog()
    assert box is not None
    assert "damaged" in box.text() and "backup" in box.informativeText()
    assert ".vault.db" in box.informativeText()  # the newest backup, named
    assert not [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "failure-bug" and w.isVisible()
    ]
    box.close()
    window.close()

"""A full disk and a read-only data folder: one clear line, and the vault as it was."""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from automation_admin.models.store.vault import Vault
from tests.factories import make_secret
from tests.reliability.helpers import (
    Result,
    assert_healthy,
    build_root,
    copy_root,
    count,
    digest,
    one_line,
    run_cli,
    vault_path,
)
from tests.reliability.helpers import (
    findings_file as rows_file,
)

pytestmark = pytest.mark.slow


def file_size_limit(limit: int) -> Callable[[], None]:
    """For a child: no file may grow past `limit` bytes (writes fail with EFBIG, as on a
    full disk, instead of the default SIGXFSZ killing the process)."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def findings_file(path: Path, rows: int) -> Path:
    """Findings big enough (about 1 KB each) to fill a small disk."""
    return rows_file(path, rows, source_title="A long title " * 20, source_snippet="snippet " * 100)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    def fill(vault: Vault) -> None:
        for _ in range(3):
            make_secret(vault)

    return build_root(tmp_path_factory.mktemp("env") / "root", fill)


@pytest.fixture(scope="module")
def template_v1(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_root(tmp_path_factory.mktemp("env1") / "root", v2=False)


def told_full(result: Result) -> None:
    assert result.code == 1, result.err
    line = one_line(result.err)
    assert "disk is full" in line or "may be full" in line, line


# ---- a full disk -------------------------------------------------------------------------------


def test_ingest_on_a_full_disk_writes_nothing(template: Path, tmp_path: Path) -> None:
    layout = copy_root(template, tmp_path / "root")
    rows = findings_file(tmp_path / "rows.jsonl", 4000)
    before = count(layout, "SELECT count(*) FROM discovery_findings")
    limit = vault_path(layout).stat().st_size + 256 * 1024
    result = run_cli(
        layout.root,
        "ingest",
        "--profile",
        "Work",
        "--passphrase-stdin",
        "discovery_findings",
        str(rows),
        preexec_fn=file_size_limit(limit),
    )
    told_full(result)
    assert_healthy(layout)
    assert count(layout, "SELECT count(*) FROM discovery_findings") == before
    # with room again, the same command completes
    assert (
        run_cli(
            layout.root,
            "ingest",
            "--profile",
            "Work",
            "--passphrase-stdin",
            "discovery_findings",
            str(rows),
        ).code
        == 0
    )


def test_migration_on_a_full_disk_stays_at_version_1(template_v1: Path, tmp_path: Path) -> None:
    layout = copy_root(template_v1, tmp_path / "root")
    before = digest(vault_path(layout))
    limit = vault_path(layout).stat().st_size + 16 * 1024
    result = run_cli(
        layout.root,
        "migrate",
        "--profile",
        "Work",
        "--passphrase-stdin",
        preexec_fn=file_size_limit(limit),
    )
    told_full(result)
    assert assert_healthy(layout, versions=(1,)) == 1
    assert digest(vault_path(layout)) == before
    leftovers = (
        [p.name for p in layout.backups_dir.iterdir()] if layout.backups_dir.exists() else []
    )
    assert not [n for n in leftovers if ".partial" in n or n.startswith(".claim-")], leftovers
    assert run_cli(layout.root, "migrate", "--profile", "Work", "--passphrase-stdin").code == 0
    assert assert_healthy(layout) == 2


def test_export_to_a_full_disk_leaves_no_file(template: Path, tmp_path: Path) -> None:
    layout = copy_root(template, tmp_path / "root")
    rows = findings_file(tmp_path / "rows.jsonl", 600)
    assert (
        run_cli(
            layout.root,
            "ingest",
            "--profile",
            "Work",
            "--passphrase-stdin",
            "discovery_findings",
            str(rows),
        ).code
        == 0
    )
    out = tmp_path / "out"
    out.mkdir()
    result = run_cli(
        layout.root,
        "export",
        "discovery_findings",
        "--profile",
        "Work",
        "--passphrase-stdin",
        "--out",
        str(out / "findings.csv"),
        preexec_fn=file_size_limit(64 * 1024),
    )
    told_full(result)
    assert list(out.iterdir()) == []
    assert_healthy(layout)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs, where the system lets this process mount one (as root, in CI)."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mount)],
        capture_output=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def test_a_really_full_disk(template: Path, small_disk: Path, tmp_path: Path) -> None:
    """ENOSPC from the file system itself (SQLITE_FULL), not only a size limit."""
    layout = copy_root(template, small_disk / "root")
    rows = findings_file(tmp_path / "rows.jsonl", 4000)
    before = count(layout, "SELECT count(*) FROM discovery_findings")
    result = run_cli(
        layout.root,
        "ingest",
        "--profile",
        "Work",
        "--passphrase-stdin",
        "discovery_findings",
        str(rows),
    )
    told_full(result)
    assert_healthy(layout)
    assert count(layout, "SELECT count(*) FROM discovery_findings") == before
    export = run_cli(
        layout.root,
        "export",
        "discovery_findings",
        "--profile",
        "Work",
        "--passphrase-stdin",
        "--out",
        str(small_disk / "big.csv"),
    )
    assert export.code == 0, export.err  # nothing to fill the disk with: it fits
    filler = small_disk / "filler"
    with filler.open("wb") as handle, pytest.raises(OSError):
        while True:
            handle.write(b"\0" * 65536)
            handle.flush()
    result = run_cli(
        layout.root,
        "export",
        "secrets",
        "--profile",
        "Work",
        "--passphrase-stdin",
        "--out",
        str(small_disk / "secrets.csv"),
    )
    told_full(result)
    assert not (small_disk / "secrets.csv").exists()


# ---- a read-only data folder -------------------------------------------------------------------

CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER = 1, 2, 3
PR_CAPBSET_DROP = 24


def without_root_powers() -> None:
    """For a child of root: drop the powers that ignore file modes, so a read-only folder is
    read-only for it too (as it is for everyone else)."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def make_read_only(root: Path) -> None:
    for path in sorted(root.rglob("*"), reverse=True):
        mode = 0o500 if path.is_dir() else 0o400
        path.chmod(mode)
    root.chmod(0o500)


def make_writable(root: Path) -> None:
    root.chmod(0o700)
    for path in root.rglob("*"):
        path.chmod(0o700 if path.is_dir() else 0o600)


@pytest.mark.parametrize(
    "args",
    [
        ("migrate",),
        ("retention",),
        ("ingest", "discovery_findings", "ROWS"),
        ("demo-data",),
    ],
    ids=["migrate", "retention", "ingest", "demo-data"],
)
def test_a_read_only_data_folder_refuses_writes_in_one_line(
    template: Path, template_v1: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    source = template_v1 if args[0] == "migrate" else template
    layout = copy_root(source, tmp_path / "root")
    rows = findings_file(tmp_path / "rows.jsonl", 10)
    argv = [str(rows) if a == "ROWS" else a for a in args]
    before = {p: digest(p) for p in (vault_path(layout), layout.index_db)}
    make_read_only(layout.root)
    try:
        result = run_cli(
            layout.root,
            argv[0],
            "--profile",
            "Work",
            "--passphrase-stdin",
            *argv[1:],
            preexec_fn=without_root_powers,
        )
    finally:
        make_writable(layout.root)
    assert result.code == 1, (result.out, result.err)
    line = one_line(result.err)
    assert "read-only" in line or "cannot be opened" in line or "Permission denied" in line, line
    assert {p: digest(p) for p in before} == before
    assert_healthy(layout, versions=(1, 2))


def test_check_and_export_read_a_read_only_data_folder(template: Path, tmp_path: Path) -> None:
    layout = copy_root(template, tmp_path / "root")
    out = tmp_path / "secrets.csv"
    make_read_only(layout.root)
    try:
        check = run_cli(
            layout.root,
            "check",
            "--profile",
            "Work",
            "--passphrase-stdin",
            preexec_fn=without_root_powers,
        )
        export = run_cli(
            layout.root,
            "export",
            "secrets",
            "--profile",
            "Work",
            "--passphrase-stdin",
            "--out",
            str(out),
            preexec_fn=without_root_powers,
        )
    finally:
        make_writable(layout.root)
    assert check.code == 0, check.err
    assert export.code == 0, export.err
    assert out.read_text().count("\n") == 4  # the header and three keys
    assert stat.S_IMODE(layout.root.stat().st_mode) == 0o700

"""What the reliability tests share: data roots made once and copied, the fork server, the
command line in a real child process, and the checks a vault must pass after any fault."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.profiles import create_profile
from automation_admin.models.store.vault import Vault, unlock
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.factories import FINDING
from tests.raw_vault import connect

ROOT = Path(__file__).resolve().parents[2]
PW = f"{PASSPHRASE}\n"


def build_root(root: Path, fill: Callable[[Vault], None] | None = None, v2: bool = True) -> Path:
    """A data root with the profile "Work" (fast KDF), at schema 2 unless `v2` is False,
    filled by `fill`; locked, so its WAL is folded into vault.db."""
    layout = DataLayout(root)
    create_profile(layout, "Work", PASSPHRASE, FAST_KDF)
    with unlock(layout, "Work", PASSPHRASE) as vault:
        if v2:
            vault.enable_automation()
        if fill is not None:
            fill(vault)
    return root


def copy_root(template: Path, target: Path) -> DataLayout:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(template, target, symlinks=True)
    return DataLayout(target)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def vault_path(layout: DataLayout) -> Path:
    (profile,) = list(layout.profiles_dir.iterdir())
    return profile / "vault.db"


def health(layout: DataLayout) -> dict[str, Any]:
    """What another SQLCipher program sees: page HMACs, structure, foreign keys, version."""
    with connect(layout) as conn:
        return {
            "cipher": conn.execute("PRAGMA cipher_integrity_check").fetchall(),
            "integrity": conn.execute("PRAGMA integrity_check").fetchall(),
            "foreign_keys": conn.execute("PRAGMA foreign_key_check").fetchall(),
            "version": conn.execute("PRAGMA user_version").fetchone()[0],
        }


def assert_healthy(layout: DataLayout, versions: tuple[int, ...] = (2,)) -> int:
    state = health(layout)
    assert state["cipher"] == [], state["cipher"][:5]
    assert state["integrity"] == [("ok",)], state["integrity"][:5]
    assert state["foreign_keys"] == [], state["foreign_keys"][:5]
    assert state["version"] in versions, state["version"]
    return int(state["version"])


def count(layout: DataLayout, sql: str, params: tuple[Any, ...] = ()) -> int:
    with connect(layout) as conn:
        return int(conn.execute(sql, params).fetchone()[0])


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_cli(root: Path, *args: str, stdin: bytes | str = PW, **popen: Any) -> Result:
    """`automation-admin --data-dir ROOT ARGS` in a child process, as a user runs it."""
    data = stdin.encode() if isinstance(stdin, str) else stdin
    done = subprocess.run(
        [sys.executable, "-m", "automation_admin.gui.cli", "--data-dir", str(root), *args],
        input=data,
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        **popen,
    )
    return Result(done.returncode, done.stdout.decode(errors="replace"), done.stderr.decode())


def cli_here(root: Path, *args: str, stdin: str = PW) -> Result:
    """The same command in this process (no start-up cost), stdin and output captured."""
    from automation_admin.gui.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = main(["--data-dir", str(root), *args])
    finally:
        sys.stdin = saved
    return Result(code, out.getvalue(), err.getvalue())


def unlocked_window(qtbot, layout: DataLayout, folder: Path, told: list[str] | None = None):  # type: ignore[no-untyped-def]
    """A real window on `layout`, unlocked through the chooser as a person would; status
    lines go to `told`."""
    from PySide6.QtCore import QSettings

    from automation_admin.gui.main_window import MainWindow
    from automation_admin.gui.session import Session

    session = Session(layout)
    if told is not None:
        session.status.connect(told.append)
    window = MainWindow(session, QSettings(str(folder / "q.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(1320, 860)
    window.show()
    qtbot.waitUntil(lambda: window.chooser.list.count() == 1)
    window.chooser.passphrase.setText(PASSPHRASE)
    window.chooser.unlock_button.click()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=15_000)
    return window


def findings_file(path: Path, rows: int, **values: Any) -> Path:
    """JSON Lines of `rows` findings for `ingest` (no ids: ingest fills them in)."""
    with path.open("w") as out:
        for n in range(rows):
            row = FINDING | {"source_url": f"https://example.com/{n}"} | values
            out.write(json.dumps(row) + "\n")
    return path


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


class ForkServer:
    """The client side of tests/reliability/forkserver.py."""

    def __init__(self, gui: bool = False) -> None:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.forkserver", *(["--gui"] if gui else [])],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=ROOT,
            env=env,
            text=True,
        )
        assert json.loads(self._read()) == {"ready": True}

    def _read(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line, "the fork server died"
        return line

    def trial(self, **request: Any) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        answer: dict[str, Any] = json.loads(self._read())
        return answer

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(30)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


@contextmanager
def fork_server(gui: bool = False) -> Iterator[ForkServer]:
    server = ForkServer(gui)
    try:
        yield server
    finally:
        server.close()

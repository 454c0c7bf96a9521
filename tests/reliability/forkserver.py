"""A process that imports the program once, then forks one child per trial and SIGKILLs it
at the moment asked for: hundreds of kills for the price of one start-up.

Requests are JSON lines on stdin, answers JSON lines on stdout:
  {"kind": "cli", "argv": [...], "stdin": "...", "seed": N, "slow": [a, b], "delay": s|null}
  {"kind": "gui", "root": DIR, "passphrase": "...", "actions": N, "seed": N, "slow": [a, b],
   "delay": s|null}
  -> {"ready": bool, "killed": bool, "status": exit status or null, "seconds": work time}
`slow` sleeps a random time in [a, b] before every SQL statement, so the kills spread over
the work; `delay` is measured from the moment the child says it starts the work (null: let
it finish). Run as `python -m tests.reliability.forkserver [--gui]`.
"""

from __future__ import annotations

import io
import json
import os
import random
import signal
import sys
import time
from pathlib import Path
from typing import Any

READY = b"r"


def _slow_sql(seed: int, bounds: list[float] | None) -> None:
    random.seed(seed)
    if not bounds:
        return
    from automation_admin.models.store import db as store_db

    original = store_db.CipherDatabase.execute_sql
    low, high = bounds

    def slow(self, sql, params=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(random.uniform(low, high))
        return original(self, sql, params, *args, **kwargs)

    store_db.CipherDatabase.execute_sql = slow  # type: ignore[method-assign]


def _quiet() -> None:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.close(null)


def run_cli(request: dict[str, Any], ready: int) -> int:
    from automation_admin.gui.cli import main

    sys.stdin = io.StringIO(request.get("stdin", ""))
    _quiet()
    os.write(ready, READY)
    return main(request["argv"])


def run_gui(request: dict[str, Any], ready: int) -> int:
    """Unlock in a real window, then triage findings by keyboard, one key at a time."""
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from automation_admin.gui.main_window import MainWindow
    from automation_admin.gui.session import Session
    from automation_admin.models.store.paths import DataLayout

    _quiet()
    app = QApplication([])
    layout = DataLayout(Path(request["root"]))
    settings = QSettings(str(layout.root.parent / "gui.ini"), QSettings.Format.IniFormat)
    session = Session(layout)
    window = MainWindow(session, settings, restore=False)
    window.show()

    def wait(condition: Any, seconds: float = 30.0) -> None:
        end = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > end:
                raise TimeoutError("the window did not get there")
            app.processEvents()
            time.sleep(0.002)

    wait(lambda: window.chooser.list.count() > 0)
    window.chooser.passphrase.setText(request["passphrase"])
    window.chooser.unlock_button.click()
    wait(lambda: window.workspace is not None)
    window.workspace.show_tab("findings")
    tab = window.workspace.pages["findings"]
    wait(lambda: tab.is_loaded and session.worker.idle)
    tab.table.setFocus()
    os.write(ready, READY)
    keys = [Qt.Key.Key_R, Qt.Key.Key_A, Qt.Key.Key_U, Qt.Key.Key_J, Qt.Key.Key_K]
    for _ in range(int(request["actions"])):
        QTest.keyClick(tab.table, random.choice(keys))
        wait(lambda: session.worker.idle)
    session.shutdown()
    return 0


def serve() -> None:
    from automation_admin.models.store.db import require_encryption

    require_encryption()  # once, here: children inherit the answer
    if "--gui" in sys.argv:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        import PySide6.QtTest  # noqa: F401

        import automation_admin.gui.main_window  # noqa: F401
    out = sys.stdout
    out.write(json.dumps({"ready": True}) + "\n")
    out.flush()
    for line in sys.stdin:
        request = json.loads(line)
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            code = 98
            try:
                _slow_sql(int(request.get("seed", 0)), request.get("slow"))
                runner = run_gui if request["kind"] == "gui" else run_cli
                code = runner(request, write_end)
            except BaseException:
                code = 99
                if request.get("log"):
                    import traceback

                    Path(request["log"]).write_text(traceback.format_exc())
            finally:
                os._exit(code)
        os.close(write_end)
        ready = os.read(read_end, 1) == READY
        started = time.monotonic()
        status: int | None = None
        killed = False
        delay = request.get("delay")
        if ready and delay is not None:
            end = started + float(delay)
            while time.monotonic() < end:
                done, finished = os.waitpid(pid, os.WNOHANG)
                if done:
                    status = finished
                    break
                time.sleep(min(0.002, max(0.0, end - time.monotonic())))
            else:
                os.kill(pid, signal.SIGKILL)
                killed = True
        if status is None:
            _, status = os.waitpid(pid, 0)
        os.close(read_end)
        code = os.waitstatus_to_exitcode(status)
        answer = {
            "ready": ready,
            "killed": killed and code == -signal.SIGKILL,
            "status": code,
            "seconds": round(time.monotonic() - started, 4),
        }
        out.write(json.dumps(answer) + "\n")
        out.flush()


if __name__ == "__main__":
    serve()

"""An idle window does no vault work but the poll: one pragma every couple of seconds."""

from __future__ import annotations

from typing import Any


def test_an_idle_window_only_asks_whether_anything_changed(qtbot, live) -> None:  # type: ignore[no-untyped-def]
    window = live
    statements: list[str] = []

    def trace(vault: Any) -> None:
        vault.database().connection().set_trace_callback(statements.append)

    done: list[bool] = []
    window.session.jobs.run(trace, done=lambda _r: done.append(True))
    qtbot.waitUntil(lambda: bool(done))
    window.live.watcher.timer.setInterval(50)  # many polls, quickly
    qtbot.waitUntil(lambda: statements.count("PRAGMA data_version") >= 10, timeout=10_000)
    window.session.jobs.run(lambda v: v.database().connection().set_trace_callback(None))
    assert set(statements) == {"PRAGMA data_version"}

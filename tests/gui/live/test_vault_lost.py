"""The vault file replaced (a backup restored by another program) or removed while the window
is open: the connection would go on with a file nobody reads, so the window locks and says
why, instead of showing an old vault and losing every decision taken in it."""

from __future__ import annotations

import os
import shutil

import pytest

from automation_admin.gui.dialogs import failure
from tests.gui.conftest import unlocked

SOON = 10_000


@pytest.mark.parametrize("how", ["replaced", "removed"])
def test_a_vault_file_replaced_while_open_locks_the_window_and_says_so(  # type: ignore[no-untyped-def]
    qtbot, live, layout, tmp_path, monkeypatch, how: str
) -> None:
    window = live
    reported: list[object] = []
    monkeypatch.setattr(failure, "report_failure", lambda _p, error, *_a: reported.append(error))
    path = layout.vault_db(window.session.current.profile.id)
    copy = tmp_path / "copy.db"
    shutil.copy(path, copy)
    if how == "replaced":
        os.replace(copy, path)
    else:
        path.unlink()
    qtbot.waitUntil(lambda: not unlocked(window), timeout=SOON)
    assert not window.live.watcher.running
    (error,) = reported
    assert error.kind == "damaged"  # type: ignore[attr-defined]
    assert "replaced or removed by another program" in error.message  # type: ignore[attr-defined]
    assert failure.explain(error).title == "The vault file was replaced"  # type: ignore[arg-type]

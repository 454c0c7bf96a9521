"""The Scripts tab says why a rejected script was rejected, and shows a run in full."""

from __future__ import annotations

import json

from automation_admin.models.store import audit
from tests.gui.tabs import test_scripts_tab
from tests.raw_vault import read

scripts = test_scripts_tab.scripts  # the demo vault's Scripts tab, unlocked


def test_a_rejected_script_says_why(qtbot, scripts, layout) -> None:  # type: ignore[no-untyped-def]
    _window, tab, _pending = scripts
    ((script_id, meta),) = read(
        layout,
        "SELECT s.id, e.metadata_json_redacted FROM automation_scripts s JOIN audit_events e"
        " ON json_extract(e.metadata_json_redacted, '$.script') = s.id"
        " WHERE s.approval_status = 'rejected' AND e.event_type = ?"
        " ORDER BY e.created_at DESC LIMIT 1",
        (audit.SCRIPT_REJECTED,),
    )
    assert not tab.rejection.isVisible()  # the first script shown is pending
    tab.open_item(script_id)
    qtbot.waitUntil(lambda: tab.rejection.isVisible(), timeout=10_000)
    assert json.loads(meta)["reason"] in tab.rejection.text()
    assert tab.rejection.text().startswith("⛔ Rejected")


def test_the_selected_run_reads_in_full(qtbot, scripts) -> None:  # type: ignore[no-untyped-def]
    _window, tab, _pending = scripts
    for row in range(tab.model.rowCount()):
        if tab.model.row_at(row).status == "approved":
            tab.queue.selectRow(row)
            break
    qtbot.waitUntil(lambda: tab.runs.rowCount() > 0, timeout=10_000)
    tab.pages.setCurrentIndex(3)
    tab.runs_view.selectRow(0)
    run = tab.runs.row_at(0)
    text = tab.run_detail.text()
    assert "Checkpoints:" in text and (run.error or "") in text
    assert text.startswith(run.status.replace("_", " ").capitalize())

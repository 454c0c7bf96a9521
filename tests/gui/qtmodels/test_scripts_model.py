"""The approval queue and the run history models: the model tester, and how a run reads."""

from __future__ import annotations

import json

from automation_admin.gui.qtmodels.scripts_model import (
    RUN_DURATION,
    RUN_RESULT,
    RUN_SCREENSHOTS,
    RunsModel,
    ScriptsModel,
)
from automation_admin.models.scripts import service as scripts_data
from automation_admin.models.store.ids import uuid7
from tests.factories import TS, insert


def test_run_history_with_present_and_expired_screenshots(
    qtbot, qtmodeltester, vault, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    # Inside the profile's screenshots folder: paths elsewhere are never opened.
    image = vault.layout.screenshots_dir(vault.profile_id) / "step-1.png"
    image.parent.mkdir(parents=True, exist_ok=True)
    picture = QImage(64, 40, QImage.Format.Format_RGB32)
    picture.fill(0x2563EB)
    picture.save(str(image))
    sid = uuid7()
    insert(
        vault,
        "automation_scripts",
        {
            "id": sid,
            "profile_id": vault.profile_id,
            "provider_id": "generic",
            "task_type": "custom",
            "title": "t",
            "description": "d",
            "script_content": "pass",
            "model_used": "m",
            "created_at": TS,
            "updated_at": TS,
        },
    )
    for day in range(1, 4):
        insert(
            vault,
            "automation_executions",
            {
                "id": uuid7(),
                "profile_id": vault.profile_id,
                "script_id": sid,
                "started_at": f"2026-10-0{day}T10:00:00Z",
                "completed_at": f"2026-10-0{day}T10:01:30Z",
                "status": "failure",
                "error_message_redacted": "Timeout waiting for #usage",
                "debug_screenshot_paths_json": json.dumps([str(image), str(image) + ".gone"]),
                "result_summary_json": json.dumps({"outcome": "failure", "steps": 3}),
            },
        )
    runs = RunsModel()
    page = scripts_data.runs_page(vault, sid)
    runs.restart(lambda cursor, deliver: deliver(*page))
    qtmodeltester.check(runs)
    assert runs.index(0, RUN_DURATION).data() == "1 min 30 s"
    assert runs.index(0, RUN_SCREENSHOTS).data() == "1 of 2"
    assert runs.index(0, RUN_RESULT).data() == "outcome: failure, steps: 3"
    queue = ScriptsModel()
    rows = scripts_data.queue_page(vault, scripts_data.ScriptQuery())
    queue.restart(lambda cursor, deliver: deliver(*rows))
    qtmodeltester.check(queue)

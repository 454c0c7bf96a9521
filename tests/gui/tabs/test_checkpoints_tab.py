"""The Checkpoints tab: the joined list against hand SQL, filters, sorts, the week chart, the
detail with its run timeline, links to and from Scripts, export and the audit trail."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from automation_admin.gui.main_window import MainWindow
from automation_admin.gui.qtmodels.checkpoints_model import (
    AUDIT_DETAILS,
    AUDIT_EVENT,
    COL_DECIDED,
    COL_DECISION,
    COL_SCRIPT,
    COL_TYPE,
    CheckpointsModel,
)
from automation_admin.models.checkpoints import service as checkpoints_data
from automation_admin.models.demo.generator import write_demo
from automation_admin.models.store import audit
from automation_admin.models.store.index_store import ProfileRecord
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.vault import unlock
from tests.conftest import PASSPHRASE
from tests.gui.conftest import unlock_ui, unlocked
from tests.raw_vault import read

JOINED = (
    "FROM hitl_checkpoints c JOIN automation_executions e ON e.id = c.execution_id "
    "JOIN automation_scripts s ON s.id = e.script_id"
)


def ids(model: CheckpointsModel) -> list[str]:
    return [row.id for _n, row in model.cached()]


def settled(tab) -> bool:  # type: ignore[no-untyped-def]
    return not tab.model.loading and tab.weeks is not None and tab.session.worker.idle


@pytest.fixture
def checkpoints(qtbot, window: MainWindow, layout: DataLayout, profile: ProfileRecord):  # type: ignore[no-untyped-def]
    with unlock(layout, profile.id, PASSPHRASE) as vault:
        write_demo(vault, "small", seed=8)
        # Another program wrote a damaged context: shown raw, with a warning.
        (broken,) = (
            vault.database()
            .execute_sql("SELECT id FROM hitl_checkpoints ORDER BY decided_at DESC, id DESC")
            .fetchone()
        )
        vault.database().execute_sql(
            "UPDATE hitl_checkpoints SET context_json = '{\"page\": ' WHERE id = ?", (broken,)
        )
        audit.record(vault.profile_id, audit.SCRIPT_APPROVED, {"script_id": "s-1", "version": 2})
    window.chooser.reload()
    qtbot.waitUntil(lambda: window.chooser.list.count() == 1)
    unlock_ui(qtbot, window)
    qtbot.waitUntil(lambda: unlocked(window))
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    tab = window.workspace.pages["checkpoints"]
    qtbot.waitUntil(lambda: tab.is_loaded and tab.info is not None and settled(tab), timeout=20_000)
    return window, tab, broken


def test_newest_first_joined_list_as_hand_sql(checkpoints, layout) -> None:  # type: ignore[no-untyped-def]
    window, tab, broken = checkpoints
    assert window.workspace.tabs.currentWidget() is tab and tab.table.hasFocus()
    expected = read(
        layout,
        f"SELECT c.id, c.checkpoint_type, c.decision, s.title {JOINED} "
        "ORDER BY c.decided_at DESC, c.id DESC LIMIT 200",
    )
    assert ids(tab.model) == [r[0] for r in expected]
    first = expected[0]
    assert tab.model.index(0, COL_TYPE).data() == first[1].replace("_", " ")
    assert tab.model.index(0, COL_DECISION).data() == first[2]
    assert tab.model.index(0, COL_SCRIPT).data() == first[3]
    assert tab.model.index(0, COL_DECIDED).data(Qt.ItemDataRole.ToolTipRole).endswith("UTC")
    ((total,),) = read(layout, "SELECT count(*) FROM hitl_checkpoints")
    assert tab.summary.text().startswith(f"{total:,} decisions (")
    # The newest checkpoint is selected; its context JSON is damaged and shown as written.
    assert tab.info.row["id"] == broken
    assert tab.context.topLevelItem(0).text(0).startswith("⚠ Not valid JSON")
    assert tab.context.topLevelItem(1).text(0) == '{"page": '


def test_filters_and_summary_match_sql(qtbot, checkpoints, layout) -> None:  # type: ignore[no-untyped-def]
    _, tab, _ = checkpoints
    tab.decisions.actions_by_value["rejected"].setChecked(True)
    qtbot.waitUntil(lambda: settled(tab) and tab.query.decisions == ("rejected",))
    rejected = [
        r[0]
        for r in read(
            layout,
            f"SELECT c.id {JOINED} WHERE c.decision = 'rejected' "
            "ORDER BY c.decided_at DESC, c.id DESC",
        )
    ]
    assert ids(tab.model) == rejected[:200]
    assert tab.summary.text().startswith(f"{len(rejected):,} decision")
    tab.search.setText("billing")
    qtbot.waitUntil(lambda: settled(tab) and tab.query.text == "billing")
    matching = read(
        layout,
        f"SELECT c.id {JOINED} WHERE c.decision = 'rejected' AND (lower(c.checkpoint_description)"
        " LIKE '%billing%' OR lower(c.proposed_action) LIKE '%billing%' OR "
        "lower(coalesce(c.user_notes, '')) LIKE '%billing%') ORDER BY c.decided_at DESC, c.id DESC",
    )
    assert ids(tab.model) == [r[0] for r in matching]
    assert "matching “billing”" in tab.summary.text()
    tab.search.setText("no such words anywhere")
    qtbot.waitUntil(lambda: settled(tab) and tab.empty.isVisible())
    assert tab.summary.text().startswith("0 decisions")


def test_header_click_sorts_in_sql(qtbot, checkpoints, layout) -> None:  # type: ignore[no-untyped-def]
    _, tab, _ = checkpoints
    header = tab.table.horizontalHeader()
    header.sectionClicked.emit(COL_SCRIPT)  # A to Z
    qtbot.waitUntil(lambda: settled(tab) and tab.query.sort == "script")
    expected = read(
        layout,
        f"SELECT c.id {JOINED} ORDER BY s.title COLLATE NOCASE ASC, c.decided_at ASC,"
        " c.rowid ASC LIMIT 200",
    )
    assert ids(tab.model) == [r[0] for r in expected]
    header.sectionClicked.emit(COL_SCRIPT)  # and back, Z to A
    qtbot.waitUntil(lambda: settled(tab) and tab.query.descending)
    expected = read(
        layout,
        f"SELECT c.id {JOINED} ORDER BY s.title COLLATE NOCASE DESC, c.decided_at DESC,"
        " c.rowid DESC LIMIT 200",
    )
    assert ids(tab.model) == [r[0] for r in expected]


def test_clicking_a_bar_lists_that_week(qtbot, checkpoints, layout) -> None:  # type: ignore[no-untyped-def]
    from automation_admin.gui.tabs.checkpoints.weekly_chart import WEEK_SECONDS, week_seconds

    _, tab, _ = checkpoints
    monday, counts = max(tab.weeks, key=lambda week: sum(week[1].values()))
    view_box = tab.chart.view.getPlotItem().getViewBox()
    middle = view_box.mapViewToScene(QPointF(week_seconds(monday) + WEEK_SECONDS / 2, 1))
    point = tab.chart.view.mapFromScene(middle)
    qtbot.mouseClick(tab.chart.view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(point))
    qtbot.waitUntil(lambda: tab.week == monday and settled(tab))
    week = read(
        layout,
        f"SELECT c.id {JOINED} WHERE c.decided_at >= ? AND c.decided_at <= ? "
        "ORDER BY c.decided_at DESC, c.id DESC",
        (f"{monday}T00:00:00Z", f"{date.fromisoformat(monday) + timedelta(days=6)}T23:59:59Z"),
    )
    assert ids(tab.model) == [r[0] for r in week][:200]
    assert len(week) == sum(counts.values())
    assert tab.summary.text().startswith(f"{len(week):,} decision")
    assert "in the week" in tab.summary.text() and tab.narrowing.isVisible()
    tab.narrowing.click()
    qtbot.waitUntil(lambda: tab.week is None and settled(tab))
    assert not tab.narrowing.isVisible() and tab.model.rowCount() > len(week)


def test_detail_timeline_is_the_run_in_order(qtbot, checkpoints, layout) -> None:  # type: ignore[no-untyped-def]
    _, tab, _ = checkpoints
    (execution,) = read(
        layout,
        "SELECT execution_id FROM hitl_checkpoints GROUP BY execution_id HAVING count(*) >= 3 "
        "LIMIT 1",
    )[0]
    order = read(
        layout,
        "SELECT id FROM hitl_checkpoints WHERE execution_id = ? ORDER BY decided_at, id",
        (execution,),
    )
    tab.show_checkpoint(order[-1][0])
    qtbot.waitUntil(lambda: tab.info is not None and tab.info.row["id"] == order[-1][0])
    shown = [
        tab.timeline.item(i).data(Qt.ItemDataRole.UserRole) for i in range(tab.timeline.count())
    ]
    assert shown == [r[0] for r in order]
    assert tab.timeline.currentRow() == len(order) - 1
    assert tab.timeline.item(0).text().startswith("1. ")
    assert "checkpoint(s) reached" in tab.run_label.text()
    tab.timeline.itemClicked.emit(tab.timeline.item(0))
    qtbot.waitUntil(lambda: tab.info.row["id"] == order[0][0])


def test_link_to_the_script_and_back_from_a_run(qtbot, checkpoints, layout) -> None:  # type: ignore[no-untyped-def]
    window, tab, _ = checkpoints
    script_id = tab.info.run["script_id"]
    tab.open_script.click()
    scripts = window.workspace.pages["scripts"]
    assert window.workspace.tabs.currentWidget() is scripts
    qtbot.waitUntil(lambda: scripts.info is not None and scripts.info.row["id"] == script_id)
    # Back: the Scripts tab's run history opens that run's checkpoints here, oldest first.
    qtbot.waitUntil(lambda: scripts.runs.rowCount() > 0 and not scripts.runs.loading)
    run_row = next(n for n, run in scripts.runs.cached() if run.reached > 0)
    scripts.runs_view.selectRow(run_row)
    run = scripts.runs.row_at(run_row)
    scripts.open_checkpoints.click()
    assert window.workspace.tabs.currentWidget() is tab
    qtbot.waitUntil(lambda: tab.query.execution_id == run.id and settled(tab))
    expected = read(
        layout,
        "SELECT id FROM hitl_checkpoints WHERE execution_id = ? ORDER BY decided_at, id",
        (run.id,),
    )
    assert ids(tab.model) == [r[0] for r in expected]
    assert "in one run" in tab.summary.text() and tab.narrowing.isVisible()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_writes_the_filtered_list(qtbot, checkpoints, layout, tmp_path, fmt) -> None:  # type: ignore[no-untyped-def]
    _, tab, _ = checkpoints
    tab.types.actions_by_value["billing"].setChecked(True)
    qtbot.waitUntil(lambda: settled(tab) and tab.query.types == ("billing",))
    target = tmp_path / f"out.{fmt}"
    messages: list[str] = []
    tab.session.status.connect(messages.append)
    tab.export_to(target, fmt)
    qtbot.waitUntil(lambda: any(m.startswith("Exported") for m in messages))
    expected = [
        r[0]
        for r in read(
            layout,
            f"SELECT c.id {JOINED} WHERE c.checkpoint_type = 'billing' "
            "ORDER BY c.decided_at DESC, c.id DESC",
        )
    ]
    if fmt == "csv":
        rows = list(csv.DictReader(target.read_text(encoding="utf-8").splitlines()))
    else:
        rows = json.loads(target.read_text(encoding="utf-8"))
    assert [r["id"] for r in rows] == expected
    assert {r["checkpoint_type"] for r in rows} == {"billing"}
    assert f"Exported {len(expected):,} decision(s)" in messages[-1]
    assert oct(Path(target).stat().st_mode & 0o777) == "0o600"


def test_audit_trail_view(qtbot, checkpoints) -> None:  # type: ignore[no-untyped-def]
    _, tab, _ = checkpoints
    tab.views.button(1).click()
    view = tab.audit
    assert tab.pages.currentWidget() is view
    qtbot.waitUntil(lambda: view.model.rowCount() > 0 and not view.model.loading)
    events = [row.event_type for _n, row in view.model.cached()]
    assert "automation.script.approved" in events and "automation.enabled" in events
    view.event_type.setCurrentIndex(view.event_type.findData(audit.SCRIPT_APPROVED))
    qtbot.waitUntil(
        lambda: (
            not view.model.loading
            and {row.event_type for _n, row in view.model.cached()} == {audit.SCRIPT_APPROVED}
        )
    )
    assert view.model.index(0, AUDIT_EVENT).data() == "script approved"
    assert view.model.index(0, AUDIT_DETAILS).data() == "script id: s-1, version: 2"
    view.table.selectRow(0)
    assert view.metadata.topLevelItem(0).text(1) == "s-1"
    view.use_dates.setChecked(True)
    view.date_from.setDate(view.date_from.date().addYears(-5))
    view.date_to.setDate(view.date_to.date().addYears(-4))
    qtbot.waitUntil(lambda: not view.model.loading and view.empty.isVisible())
    assert view.model.rowCount() == 0


def test_j_and_k_move_through_the_list(qtbot, checkpoints) -> None:  # type: ignore[no-untyped-def]
    _, tab, _ = checkpoints
    second = tab.model.row_at(1)
    qtbot.keyClick(tab.table, Qt.Key.Key_J)
    assert tab.table.currentIndex().row() == 1
    qtbot.waitUntil(lambda: tab.info is not None and tab.info.row["id"] == second.id)
    qtbot.keyClick(tab.table, Qt.Key.Key_K)
    assert tab.table.currentIndex().row() == 0


def test_a_bar_says_its_counts_in_words(checkpoints) -> None:  # type: ignore[no-untyped-def]
    _, tab, _ = checkpoints
    monday, counts = tab.weeks[-1]
    text = tab.chart.describe(monday)
    assert text.startswith("Week ") and text.endswith("Click to list this week.")
    for decision, count in counts.items():
        assert f"{count:,} {decision}" in text


def test_summary_names_a_decision_this_program_does_not_know() -> None:
    from automation_admin.gui.tabs.checkpoints.summary import describe_filter

    weeks = [("2026-11-02", {"approved": 3, "rejected": 0, "modified": 1, "deferred_later": 2})]
    text = describe_filter(
        checkpoints_data.CheckpointQuery(provider="stripe"), weeks, None, {"stripe": "Stripe"}
    )
    assert text == "6 decisions (3 approved, 1 modified, 2 deferred later) for Stripe"

"""A row another program changed is updated where it is; a triage of rows changed since they
were seen is refused and says so; the audit trail lists the runner's event types."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from automation_admin.gui.live.watcher import POLL_MS
from automation_admin.gui.qtmodels.checkpoints_model import AUDIT_EVENT
from automation_admin.gui.qtmodels.findings_model import COL_TITLE
from automation_admin.gui.qtmodels.paged_model import CELL_CHARS, RowRole
from automation_admin.gui.tabs.findings.summary import DETAIL_CHARS
from tests.gui.live.runner import add_finding, runner
from tests.raw_vault import read

SOON = 10_000


def findings_tab(qtbot, window):  # type: ignore[no-untyped-def]
    window.workspace.show_tab("findings")
    tab = window.workspace.pages["findings"]
    qtbot.waitUntil(lambda: tab.model.rowCount() > 10)
    tab.table.selectRow(3)
    qtbot.waitUntil(lambda: tab.presenter.detail is not None)
    return tab


def test_a_status_changed_elsewhere_is_updated_in_place(qtbot, live, layout) -> None:  # type: ignore[no-untyped-def]
    tab = findings_tab(qtbot, live)
    target = tab.model.row_at(5)
    resets: list[int] = []
    tab.model.modelReset.connect(lambda: resets.append(1))
    with runner(layout) as raw:  # no mark sees an update: the tab in front reads its rows
        raw.execute(
            "UPDATE discovery_findings SET user_status = 'actioned' WHERE id = ?", (target.id,)
        )
    qtbot.waitUntil(lambda: tab.model.row_at(5).status == "actioned", timeout=SOON)
    assert tab.model.row_at(5).id == target.id and not resets  # in place, nothing moved
    assert tab.table.currentIndex().row() == 3


def test_a_triage_of_rows_changed_since_is_refused(qtbot, live, layout) -> None:  # type: ignore[no-untyped-def]
    window = live
    tab = findings_tab(qtbot, window)
    said: list[str] = []
    window.session.status.connect(said.append)
    window.live.watcher.stop()  # the person acts before the window has seen the change
    chosen = tab.model.row_at(3)
    with runner(layout) as raw:
        raw.execute(
            "UPDATE discovery_findings SET user_status = 'dismissed' WHERE id = ?", (chosen.id,)
        )
    qtbot.keyClick(tab.table, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: any("Nothing changed" in s for s in said), timeout=SOON)
    assert "1 finding was marked dismissed" in said[-1]
    assert read(
        layout, "SELECT user_status FROM discovery_findings WHERE id = ?", (chosen.id,)
    ) == [("dismissed",)]
    qtbot.waitUntil(lambda: tab.model.row_at(3).status == "dismissed", timeout=SOON)


def test_all_matching_is_what_the_person_confirmed_not_what_came_since(  # type: ignore[no-untyped-def]
    qtbot, live, layout, monkeypatch
) -> None:
    """The confirmation says how many; the runner writes a matching critical finding while
    it is open. The new one is not dismissed unseen; the ones counted are."""
    window = live
    tab = findings_tab(qtbot, window)
    qtbot.waitUntil(lambda: tab.presenter.count is not None)
    confirmed = tab.presenter.count
    added: list[str] = []

    def runner_writes_then_yes(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        with runner(layout) as raw:
            added.append(add_finding(raw, "generic", "Written while you confirmed"))
        qtbot.wait(2 * POLL_MS)  # the window may have seen it meanwhile, or not
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", runner_writes_then_yes)
    said: list[str] = []
    window.session.status.connect(said.append)
    tab.act("actioned", everything=True)
    qtbot.waitUntil(lambda: any("marked actioned" in s for s in said), timeout=SOON)
    assert said[-1].startswith(f"{confirmed:,} finding(s) marked actioned")
    assert read(layout, "SELECT user_status FROM discovery_findings WHERE id = ?", (added[0],)) == [
        ("new",)
    ]


def test_all_matching_refuses_when_the_confirmed_rows_changed(  # type: ignore[no-untyped-def]
    qtbot, live, layout, monkeypatch
) -> None:
    window = live
    tab = findings_tab(qtbot, window)
    qtbot.waitUntil(lambda: tab.presenter.count is not None)
    chosen = tab.model.row_at(0)

    def runner_triages_then_yes(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        with runner(layout) as raw:
            raw.execute(
                "UPDATE discovery_findings SET user_status = 'dismissed' WHERE id = ?",
                (chosen.id,),
            )
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", runner_triages_then_yes)
    said: list[str] = []
    window.session.status.connect(said.append)
    before = read(layout, "SELECT count(*) FROM discovery_findings WHERE user_status = 'new'")
    tab.act("actioned", everything=True)
    qtbot.waitUntil(lambda: any("Nothing changed" in s for s in said), timeout=SOON)
    assert read(layout, "SELECT count(*) FROM discovery_findings WHERE user_status = 'new'") == [
        (before[0][0] - 1,)
    ]


def test_the_audit_trail_lists_every_type_present(qtbot, live, layout) -> None:  # type: ignore[no-untyped-def]
    window = live
    tab = window.workspace.pages["checkpoints"]
    window.workspace.show_tab("checkpoints")
    tab.show_named_view("audit")
    view = tab.audit
    qtbot.waitUntil(lambda: view.model.rowCount() > 0 and not view.model.loading)
    with runner(layout) as raw:
        profile = raw.execute("SELECT profile_id FROM profile_settings").fetchone()[0]
        for event_id, kind, metadata in (
            ("e-1", "automation.script.executed", '{"status": "failure"}'),
            ("e-2", "hitl.checkpoint.approved", '{"checkpoint": "c-1"}'),
            ("e-3", "backup.rotated", '{"files": 3}'),
        ):
            raw.execute(
                "INSERT INTO audit_events (id, profile_id, event_type, created_at, "
                "metadata_json_redacted) VALUES (?, ?, ?, '2099-01-01T00:00:00Z', ?)",
                (event_id, profile, kind, metadata),
            )
    qtbot.waitUntil(lambda: view.event_type.findData("backup.rotated") > 0, timeout=SOON)
    qtbot.waitUntil(
        lambda: {"e-1", "e-2", "e-3"} <= {r.id for _n, r in view.model.cached()}, timeout=SOON
    )
    words = {view.model.index(n, AUDIT_EVENT).data() for n in range(3)}
    assert words == {"script run", "checkpoint checkpoint approved", "backup.rotated"}
    labels = [view.event_type.itemText(i) for i in range(view.event_type.count())]
    assert "Script run" in labels and "Backup.rotated" in labels
    view.event_type.setCurrentIndex(view.event_type.findData("backup.rotated"))
    qtbot.waitUntil(
        lambda: not view.model.loading and [r.id for _n, r in view.model.cached()] == ["e-3"]
    )
    view.table.selectRow(0)
    assert view.metadata.topLevelItem(0).text(1) == "3"
    assert view.table.currentIndex().data(RowRole).event_type == "backup.rotated"


def test_a_new_decision_is_announced_and_counted_in_its_week(qtbot, live, layout) -> None:  # type: ignore[no-untyped-def]
    window = live
    tab = window.workspace.pages["checkpoints"]
    window.workspace.show_tab("checkpoints")
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0 and tab.weeks is not None)
    top = tab.model.row_at(0)
    total = sum(sum(counts.values()) for _monday, counts in tab.weeks)
    with runner(layout) as raw:
        execution = raw.execute("SELECT id, profile_id FROM automation_executions LIMIT 1")
        execution_id, profile = execution.fetchone()
        raw.execute(
            "INSERT INTO hitl_checkpoints (id, profile_id, execution_id, checkpoint_type, "
            "checkpoint_description, proposed_action, context_json, decision, decided_at) "
            "VALUES ('c-new', ?, ?, 'billing', 'Raise the cap', 'Set 200 EUR', '{}', "
            "'approved', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
            (profile, execution_id),
        )
    qtbot.waitUntil(lambda: tab.new_rows.isVisibleTo(tab), timeout=SOON)
    assert tab.new_rows.accessibleName() == "1 new decision — show"
    assert tab.model.row_at(tab.table.rowAt(0)).id == top.id
    qtbot.waitUntil(
        lambda: sum(sum(c.values()) for _m, c in tab.weeks or []) == total + 1, timeout=SOON
    )


def test_a_recommendation_decided_elsewhere_is_refused_and_shown_as_it_is(
    qtbot, live, layout
) -> None:  # type: ignore[no-untyped-def]
    window = live
    said: list[str] = []
    window.session.status.connect(said.append)
    tab = window.workspace.pages["library"]
    window.workspace.show_tab("library")
    view = tab.recommendations
    qtbot.waitUntil(lambda: any(view.model.group_rows) and view.current is not None)
    target = next(r for rows in view.model.group_rows for r in rows if r.status == "new")
    group = next(g for g, rows in enumerate(view.model.group_rows) if target in rows)
    view.tree.setCurrentIndex(
        view.model.index(view.model.group_rows[group].index(target), 0, view.model.index(group, 0))
    )
    window.live.watcher.stop()  # the person decides before the window has seen the change
    with runner(layout) as raw:
        raw.execute(
            "UPDATE service_recommendations SET user_status = 'rejected' WHERE id = ?",
            (target.id,),
        )
    qtbot.keyClick(view.tree, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: any("Nothing changed" in s for s in said), timeout=SOON)
    assert "marked" in said[-1] and "rejected since you looked" in said[-1]
    assert read(
        layout, "SELECT user_status FROM service_recommendations WHERE id = ?", (target.id,)
    ) == [("rejected",)]
    qtbot.waitUntil(
        lambda: (
            view.current is not None
            and view.current.id == target.id
            and view.current.status == "rejected"
        ),
        timeout=SOON,
    )


def test_settings_changed_elsewhere_are_shown_unless_being_edited(qtbot, live, layout) -> None:  # type: ignore[no-untyped-def]
    window = live
    tab = window.workspace.pages["settings"]
    window.workspace.show_tab("settings")
    with runner(layout) as raw:
        raw.execute(
            "UPDATE profile_settings SET dashboard_refresh_interval_seconds = 900, "
            "updated_at = '2099-01-01T00:00:00Z'"
        )
    interval = tab.inputs["dashboard_refresh_interval_seconds"]
    qtbot.waitUntil(lambda: interval.value() == 900, timeout=SOON)
    interval.setValue(1200)  # the person is editing
    with runner(layout) as raw:
        raw.execute(
            "UPDATE profile_settings SET dashboard_refresh_interval_seconds = 600, "
            "updated_at = '2099-01-02T00:00:00Z'"
        )
    qtbot.waitUntil(lambda: "Another program changed" in tab.message.text(), timeout=SOON)
    assert interval.value() == 1200


def test_ten_megabytes_from_the_runner_are_shown_shortened(qtbot, live, layout) -> None:  # type: ignore[no-untyped-def]
    """Qt lays out and elides a cell's whole text at every paint: a 10 MB title or event type
    froze the window for seconds once the live refresh brought it into view."""
    window = live
    tab = findings_tab(qtbot, window)
    big = "Rotate " + "y" * 10_000_000
    with runner(layout) as raw:
        finding = add_finding(raw, "generic", big)
        profile = raw.execute("SELECT profile_id FROM profile_settings").fetchone()[0]
        raw.execute(
            "INSERT INTO audit_events (id, profile_id, event_type, created_at) "
            "VALUES ('e-big', ?, ?, '2099-01-01T00:00:00Z')",
            (profile, big),
        )
    qtbot.waitUntil(lambda: tab.model.row_of(finding) is not None, timeout=SOON)
    cell = tab.model.index(tab.model.row_of(finding), COL_TITLE)
    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
        text = cell.data(role)
        assert text.startswith("Rotate yyy") and len(text) <= CELL_CHARS
    tab.table.selectRow(cell.row())  # its detail, as a notification would open it
    qtbot.waitUntil(lambda: tab.presenter.detail.row["id"] == finding, timeout=SOON)
    shown = tab.detail.toPlainText()
    assert shown.startswith("Rotate yyy") and len(shown) < 3 * DETAIL_CHARS
    audit = window.workspace.pages["checkpoints"].audit
    window.workspace.show_tab("checkpoints")
    window.workspace.pages["checkpoints"].show_named_view("audit")
    qtbot.waitUntil(lambda: audit.event_type.findData(big) >= 0, timeout=SOON)
    label = audit.event_type.itemText(audit.event_type.findData(big))
    assert label.startswith("Rotate yyy") and len(label) <= CELL_CHARS
    qtbot.waitUntil(lambda: audit.model.row_of("e-big") is not None, timeout=SOON)
    cell = audit.model.index(audit.model.row_of("e-big"), AUDIT_EVENT)
    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
        assert len(cell.data(role)) <= CELL_CHARS

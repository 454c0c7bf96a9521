"""The window follows what the automation runner writes: another process adds findings, a
script version waiting for approval and snapshots while the window is open; within a few
seconds the badges, cards, lists and chart show them, the person's place is where it was,
and one notification says what needs them (held back in quiet hours)."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QAbstractItemView

from automation_admin.gui.main_window import MainWindow
from automation_admin.gui.qtmodels.paged_model import RowRole
from automation_admin.gui.tabs.dashboard.trend_series import day_seconds
from automation_admin.models.live.events import EventKind
from tests.gui.live.conftest import Clock
from tests.gui.live.runner import add_finding, add_script_version, add_snapshot, runner
from tests.raw_vault import read

SOON = 10_000  # ms: the poll runs every two seconds


def tab_text(window: MainWindow, name: str) -> str:
    workspace = window.workspace
    assert workspace is not None
    return workspace.tabs.tabText(workspace.tabs.indexOf(workspace.pages[name]))


def badge(window: MainWindow, name: str) -> int:
    """The count in the tab's title: "Findings (1,234 urgent)", "Scripts (3)"."""
    text = tab_text(window, name)
    return int(text.split("(")[1].split()[0].rstrip(")").replace(",", "")) if "(" in text else 0


def card(window: MainWindow, key: str) -> int:
    dashboard = window.workspace.pages["dashboard"]  # type: ignore[union-attr]
    return int(dashboard.cards[key].number.text().replace(",", ""))


def place_in_findings(qtbot, window: MainWindow):  # type: ignore[no-untyped-def]
    """Scroll the findings list, select a row below the top and start typing a note."""
    tab = window.workspace.pages["findings"]  # type: ignore[union-attr]
    window.workspace.show_tab("findings")  # type: ignore[union-attr]
    table = tab.table
    qtbot.waitUntil(lambda: tab.model.rowCount() > 60)
    table.scrollTo(tab.model.index(25, 0), QAbstractItemView.ScrollHint.PositionAtTop)
    table.selectRow(30)
    qtbot.waitUntil(lambda: tab.presenter.detail is not None)
    qtbot.waitUntil(lambda: tab.presenter.detail.row["id"] == tab.model.row_at(30).id)
    tab.notes.setPlainText("half a thought about")
    return tab, tab.model.row_at(table.rowAt(0)).id, tab.model.row_at(30).id


def pending_script(window: MainWindow) -> str:
    scripts = window.workspace.pages["scripts"]  # type: ignore[union-attr]
    first = scripts.model.row_at(0)
    assert first is not None and first.status == "pending"
    return str(first.id)


def first_key(window: MainWindow) -> tuple[str, str]:
    dashboard = window.workspace.pages["dashboard"]  # type: ignore[union-attr]
    row = dashboard.selected_key()
    return row.secret_id, row.provider_id


def test_what_the_runner_writes_shows_up_in_place_and_is_notified(qtbot, live, layout) -> None:  # type: ignore[no-untyped-def]
    window = live
    center = window.live.center
    tab, top_id, selected_id = place_in_findings(qtbot, window)
    urgent, pending = badge(window, "findings"), badge(window, "scripts")
    urgent_card, pending_card = card(window, "urgent_findings"), card(window, "scripts_pending")
    secret_id, provider = first_key(window)
    script_id = pending_script(window)
    delivered = len(center.delivered)

    with runner(layout) as raw:
        found = [add_finding(raw, provider, f"Keys leaked in incident {n}") for n in (1, 2)]
        version = add_script_version(raw, script_id)
        add_snapshot(raw, secret_id, "invalid")

    # badges and cards
    qtbot.waitUntil(lambda: badge(window, "findings") == urgent + 2, timeout=SOON)
    qtbot.waitUntil(lambda: badge(window, "scripts") == pending + 1, timeout=SOON)
    qtbot.waitUntil(lambda: card(window, "urgent_findings") == urgent_card + 2, timeout=SOON)
    qtbot.waitUntil(lambda: card(window, "scripts_pending") == pending_card + 1, timeout=SOON)
    # the findings list: the new ones sort first, above what is read; a bar says so
    qtbot.waitUntil(lambda: tab.new_rows.isVisibleTo(tab), timeout=SOON)
    assert tab.new_rows.text() == "2 new findings — show"
    assert {tab.model.row_at(0).id, tab.model.row_at(1).id} == set(found)
    assert tab.model.row_at(tab.table.rowAt(0)).id == top_id  # nothing pushed down
    assert tab.table.currentIndex().data(RowRole).id == selected_id
    assert [i.data(RowRole).id for i in tab.table.selectionModel().selectedRows()] == [selected_id]
    assert tab.notes.toPlainText() == "half a thought about"  # the note being typed stays
    assert tab.presenter.detail.row["id"] == selected_id
    # the scripts queue lists the new version, the dashboard the key's new state and the
    # new advisory on the chart
    scripts = window.workspace.pages["scripts"]
    qtbot.waitUntil(lambda: any(r.id == version for _n, r in scripts.model.cached()), timeout=SOON)
    dashboard = window.workspace.pages["dashboard"]
    qtbot.waitUntil(lambda: dashboard.selected_key().health == "invalid", timeout=SOON)
    assert dashboard.selected_key().secret_id == secret_id
    qtbot.waitUntil(
        lambda: set(found) <= {m["id"] for m in dashboard.current_trend.markers}, timeout=SOON
    )
    # one notification for the batch, counts and titles
    qtbot.waitUntil(lambda: len(center.delivered) > delivered, timeout=SOON)
    titles = " ".join(text for pair in center.delivered[delivered:] for text in pair)
    assert "2 new critical findings" in titles and "Keys leaked in incident 1" in titles
    assert "1 script waiting for approval" in titles and "key turned invalid" in titles
    assert window.live.panel.list.count() >= 4
    assert window.live.action.text().startswith("Notifications (")

    tab.new_rows.click()  # show them
    assert tab.table.rowAt(0) == 0 and not tab.new_rows.isVisibleTo(tab)

    # an entry of the list opens its row in its tab
    window.workspace.show_tab("dashboard")
    panel = window.live.panel
    entry = next(
        panel.list.item(n)
        for n in range(panel.list.count())
        if panel.list.item(n).text() == "Critical finding: Keys leaked in incident 2"
    )
    panel.list.itemActivated.emit(entry)
    assert window.workspace.tabs.currentWidget() is tab
    qtbot.waitUntil(lambda: tab.presenter.detail.row["id"] == found[1], timeout=SOON)


def test_a_snapshot_written_now_is_charted_on_its_day(qtbot, live, layout) -> None:  # type: ignore[no-untyped-def]
    """Retention has not folded it yet: the chart's newest day is read from the raw snapshots
    (models/dashboard/recent), and the live refresh reads it again when they change."""
    window = live
    window.workspace.show_tab("dashboard")
    dashboard = window.workspace.pages["dashboard"]
    secret_id, _provider = first_key(window)
    qtbot.waitUntil(lambda: dashboard.current_trend is not None)
    assert dashboard.scope.currentData() == "key"

    def charted() -> dict[str, tuple[int, int]]:
        """Day -> (collections, outages) the chart shows for the selected key."""
        return {
            d.day: (d.successes + d.failures, d.states.get("outage", 0))
            for d in dashboard.chart.trend.days
        }

    before = charted()
    with runner(layout) as raw:
        snapshot = add_snapshot(raw, secret_id, "outage")
    [(day,)] = read(
        layout,
        "SELECT substr(collected_at, 1, 10) FROM dashboard_snapshots WHERE id = ?",
        (snapshot,),
    )
    collections, outages = before.get(day, (0, 0))
    qtbot.waitUntil(lambda: charted().get(day) == (collections + 1, outages + 1), timeout=SOON)
    assert dashboard.chart.trend is dashboard.current_trend
    assert dashboard.chart.trend.days[-1].day == day
    assert dashboard.selected_key().secret_id == secret_id
    outage_days = dashboard.chart.health_points["outage"].getData()[0]
    assert day_seconds(day) in list(outage_days)  # the day's worst state, drawn


def test_quiet_hours_hold_the_notification_back_but_fill_the_list(
    qtbot, live, layout, clock: Clock
) -> None:  # type: ignore[no-untyped-def]
    window = live
    center = window.live.center
    hour = clock.now.hour
    with runner(layout) as raw:  # quiet from the hour before until the hour after
        raw.execute(
            "UPDATE profile_settings SET dashboard_quiet_hours_start = ?, "
            "dashboard_quiet_hours_end = ?, updated_at = '2099-01-01T00:00:00Z'",
            ((hour - 1) % 24, (hour + 1) % 24),
        )
    qtbot.waitUntil(lambda: center.quiet == ((hour - 1) % 24, (hour + 1) % 24), timeout=SOON)
    delivered = len(center.delivered)
    _secret, provider = first_key(window)
    with runner(layout) as raw:
        add_finding(raw, provider, "Quietly found")
    qtbot.waitUntil(
        lambda: any(n.event.title == "Quietly found" for n in center.notices), timeout=SOON
    )
    assert len(center.delivered) == delivered and center.waiting == 1
    assert "Quiet hours" in window.live.panel.state.text()
    center.release_held()
    assert len(center.delivered) == delivered  # still quiet
    clock.now += timedelta(hours=2)
    center.release_held()
    assert center.delivered[-1] == ("While quiet: Critical finding", "Quietly found")


def test_a_kind_turned_off_still_lists_but_does_not_notify(qtbot, live, layout) -> None:  # type: ignore[no-untyped-def]
    window = live
    center = window.live.center
    window.live.panel.boxes[EventKind.CRITICAL_FINDING].setChecked(False)
    profile_id = window.session.current.profile.id  # type: ignore[union-attr]
    stored = window.settings.value(f"notifications/{profile_id}/desktop_kinds")
    assert "critical_finding" not in str(stored) and "script_waiting" in str(stored)
    delivered = len(center.delivered)
    _secret, provider = first_key(window)
    with runner(layout) as raw:
        add_finding(raw, provider, "Not for the desktop")
    qtbot.waitUntil(
        lambda: any(n.event.title == "Not for the desktop" for n in center.notices), timeout=SOON
    )
    assert len(center.delivered) == delivered


def test_locked_the_list_is_gone_and_only_counts_remain(qtbot, live, layout) -> None:  # type: ignore[no-untyped-def]
    window = live
    center = window.live.center
    profile_id = window.session.current.profile.id  # type: ignore[union-attr]
    _secret, provider = first_key(window)
    with runner(layout) as raw:
        add_finding(raw, provider, "Title from the vault")
    qtbot.waitUntil(lambda: center.unread > 0, timeout=SOON)
    unread = center.unread
    window.lock()
    assert not center.notices and center.unread == unread
    assert window.live.panel.list.count() == 0 and not window.live.panel.isVisible()
    assert "Locked" in window.live.panel.state.text()
    assert not window.live.watcher.running
    locked_at = window.settings.value(f"live/{profile_id}/last_locked_at")
    assert isinstance(locked_at, str) and len(locked_at) == 20

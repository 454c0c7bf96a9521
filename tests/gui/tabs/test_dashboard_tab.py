"""The Dashboard tab on a demo vault: cards, filters, detail, chart scope."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from automation_admin.gui.main_window import MainWindow
from automation_admin.gui.qtmodels.keys_model import KeyRole
from automation_admin.models.dashboard.service import KeyRow, key_rows
from automation_admin.models.demo.generator import write_demo
from automation_admin.models.store.index_store import ProfileRecord
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.vault import unlock
from tests.conftest import PASSPHRASE
from tests.gui.conftest import unlock_ui, unlocked


@pytest.fixture
def dashboard(qtbot, window: MainWindow, layout: DataLayout, profile: ProfileRecord):  # type: ignore[no-untyped-def]
    with unlock(layout, profile.id, PASSPHRASE) as vault:
        write_demo(vault, "small", seed=2)
        expected = key_rows(vault)
    window.chooser.reload()
    qtbot.waitUntil(lambda: window.chooser.list.count() == 1)
    unlock_ui(qtbot, window)
    qtbot.waitUntil(lambda: unlocked(window))
    tab = window.workspace.pages["dashboard"]
    qtbot.waitUntil(lambda: tab.is_loaded, timeout=15_000)
    return window, tab, expected


def visible_keys(tab) -> list[KeyRow]:  # type: ignore[no-untyped-def]
    rows = []
    for group in range(tab.filter.rowCount()):
        parent = tab.filter.index(group, 0)
        rows += [
            tab.filter.index(r, 0, parent).data(KeyRole) for r in range(tab.filter.rowCount(parent))
        ]
    return rows


def test_dashboard_is_first_and_shows_the_cards(dashboard) -> None:  # type: ignore[no-untyped-def]
    window, tab, expected = dashboard
    assert window.workspace.tabs.tabText(0) == "Dashboard"
    assert tab.cards["active_keys"].number.text() == str(len(expected))
    warned = sum(1 for r in expected if r.warnings)
    assert tab.cards["keys_with_warnings"].number.text() == str(warned)
    assert len(visible_keys(tab)) == len(expected)


def test_card_click_filters_the_list(qtbot, dashboard) -> None:  # type: ignore[no-untyped-def]
    _, tab, expected = dashboard
    tab.cards["keys_with_warnings"].click()
    assert tab.status.currentText() == "Warnings"
    shown = visible_keys(tab)
    assert shown and all(r.warnings for r in shown)
    assert len(shown) == sum(1 for r in expected if r.warnings)
    tab.cards["failing_or_stale"].click()
    assert all(r.staleness == "stale" for r in visible_keys(tab))


def test_search_and_provider_filters(qtbot, dashboard) -> None:  # type: ignore[no-untyped-def]
    _, tab, _ = dashboard
    tab.search.setText("openai")
    assert {r.key_name for r in visible_keys(tab)} == {"OPENAI_API_KEY", "OPENAI_EVAL_KEY"}
    tab.search.clear()
    tab.provider.setCurrentIndex(tab.provider.findData("stripe"))
    assert {r.provider_id for r in visible_keys(tab)} == {"stripe"}


def test_selecting_a_key_shows_detail_and_its_year(qtbot, dashboard) -> None:  # type: ignore[no-untyped-def]
    _, tab, _ = dashboard
    row = tab.selected_key()
    assert row is not None
    assert row.key_name in tab.detail.text.toPlainText()
    assert tab.current_trend.scope == "key"
    assert len(tab.chart.series.days) == 366
    tab.scope.setCurrentIndex(2)
    qtbot.waitUntil(lambda: tab.current_trend.scope == "all", timeout=10_000)
    tab.ranges.button(0).click()
    qtbot.waitUntil(lambda: len(tab.chart.series.days) == 8, timeout=10_000)
    text = tab.chart.describe_day(3)
    assert "average usage" in text or "no data" in text


def test_detail_shows_invalid_json_raw_with_a_warning(qtbot, vault) -> None:  # type: ignore[no-untyped-def]
    import json

    from automation_admin.gui.tabs.dashboard.key_detail import KeyDetail
    from automation_admin.models.store.ids import uuid7
    from tests.factories import insert, make_secret

    sid = make_secret(vault)
    insert(
        vault,
        "dashboard_snapshots",
        {
            "id": uuid7(),
            "profile_id": vault.profile_id,
            "secret_id": sid,
            "provider_id": "generic",
            "collected_at": "2026-11-20T11:00:00Z",
            "collection_method": "api",
            "collection_status": "success",
            "health_status": "valid",
            "service_status": "operational",
            "usage_stats_json": "{oops",
            "restrictions_json": json.dumps({"expiration_date": "2026-11-25"}),
        },
    )
    (row,) = key_rows(vault)
    detail = KeyDetail()
    qtbot.addWidget(detail)
    detail.show_key(row, datetime(2026, 11, 20, 12, tzinfo=UTC))
    text = detail.text.toPlainText()
    assert "not valid JSON" in text and "in 5 days" in text
    detail.raw.setChecked(True)
    assert "{oops" in detail.text.toPlainText()


def test_chart_and_data_export(qtbot, dashboard, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import csv

    from automation_admin.gui.tabs.dashboard.tab import write_csv
    from automation_admin.models.dashboard.service import trend_csv_rows

    _, tab, _ = dashboard
    for name in ("trend.png", "trend.svg"):
        tab.chart.export_image(str(tmp_path / name))
        assert (tmp_path / name).stat().st_size > 1000
    assert (tmp_path / "trend.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in (tmp_path / "trend.svg").read_bytes()[:2000]
    write_csv(tmp_path / "trend.csv", trend_csv_rows(tab.current_trend))
    with (tmp_path / "trend.csv").open() as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0] == "date" and len(rows) == len(tab.current_trend.days) + 1
    assert not list(tmp_path.glob("*.partial"))

"""The Dashboard's key tree under the model tester."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QModelIndex

from automation_admin.gui.qtmodels.keys_model import (
    COL_COLLECTED,
    COL_FRESHNESS,
    KeyRole,
    KeysModel,
)
from automation_admin.models.dashboard.service import key_rows
from automation_admin.models.demo.generator import write_demo
from automation_admin.models.store.timeutil import parse_timestamp


def test_keys_model_passes_qtmodeltester(qtmodeltester, vault) -> None:  # type: ignore[no-untyped-def]
    write_demo(vault, "small", seed=4)
    model = KeysModel()
    model.set_rows(key_rows(vault), "2026-11-20T12:00:00Z")
    qtmodeltester.check(model)


def test_time_passing_says_every_key_s_age_and_freshness_again(vault) -> None:  # type: ignore[no-untyped-def]
    """`aged`: the "Collected" and "Freshness" cells of every key are announced as changed
    (a view repaints only what a valid range names), and they read as of the new time."""
    write_demo(vault, "small", seed=4)
    model = KeysModel()
    rows = key_rows(vault)
    model.set_rows(rows, "2026-11-20T12:00:00Z")
    changed: list[tuple[QModelIndex, QModelIndex]] = []
    model.dataChanged.connect(lambda top, bottom, _roles=(): changed.append((top, bottom)))
    collected = next(r for r in rows if r.collected_at)
    later = parse_timestamp(collected.collected_at) + timedelta(hours=3)
    model.aged(later)
    assert len(changed) == model.rowCount()  # one range per provider
    for top, bottom in changed:
        assert top.isValid() and bottom.isValid()
        assert top.parent() == bottom.parent() and top.row() <= bottom.row()
        assert top.column() <= COL_FRESHNESS <= bottom.column()
        assert top.column() <= COL_COLLECTED <= bottom.column()
    group = next(
        model.index(g, 0)
        for g in range(model.rowCount())
        if model.groups[g][0] == collected.provider_id
    )
    row = next(
        n
        for n in range(model.rowCount(group))
        if model.index(n, 0, group).data(KeyRole).secret_id == collected.secret_id
    )
    assert model.index(row, COL_COLLECTED, group).data() == "3 h ago"

"""Checkpoints read right: a tick per week under its bar, a run's state in a sentence, and
the audit trail shows the newest event's metadata at once."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtGui import QFontMetrics

from automation_admin.gui.formatting import words
from automation_admin.gui.tabs.checkpoints.summary import run_text
from automation_admin.gui.tabs.checkpoints.weekly_chart import (
    WEEK_SECONDS,
    WeeklyChart,
    week_seconds,
)
from tests.gui.tabs import test_checkpoints_tab
from tests.gui.theming import themed

checkpoints = test_checkpoints_tab.checkpoints  # the demo vault's Checkpoints tab, unlocked
__all__ = ["themed"]  # a fixture: the application styled as the program styles it


def test_one_tick_per_week_under_its_bar_named_by_its_monday(qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = WeeklyChart()
    qtbot.addWidget(chart)
    chart.resize(900, 160)
    chart.show()
    first = date(2025, 12, 1)
    weeks = [((first + timedelta(weeks=n)).isoformat(), {"approved": n + 1}) for n in range(8)]
    chart.set_weeks(weeks)
    qtbot.waitUntil(lambda: bool(chart.axis._tickLevels and chart.axis._tickLevels[0]))
    major, minor = chart.axis._tickLevels
    ticks = sorted(major + minor)
    assert [x for x, _label in ticks] == [week_seconds(m) + WEEK_SECONDS / 2 for m, _ in weeks]
    labels = dict(major)
    assert labels[week_seconds("2025-12-01") + WEEK_SECONDS / 2] == "01 Dec"
    assert labels[week_seconds("2026-01-05") + WEEK_SECONDS / 2] == "05 Jan 2026"  # a new year
    assert len(major) == len(weeks)  # 900 px hold a label under every week
    chart.resize(260, 160)
    qtbot.waitUntil(lambda: len(chart.axis._tickLevels[0]) < len(weeks))
    assert chart.axis._tickLevels[0][0][1] == "01 Dec"  # every other week, never crowded


def test_the_axes_words_fit_inside_the_chart(qtbot, themed) -> None:  # type: ignore[no-untyped-def]
    """The labels at the foot of the chart have a whole line of room ("Aug", "Sep" lost
    their tails when pyqtgraph reserved 80 % of one), and a count at the top of the scale
    (an empty chart's "1.0") half a line above it."""
    chart = WeeklyChart()
    qtbot.addWidget(chart)
    chart.resize(900, 120)
    chart.show()
    chart.set_weeks([])
    chart.grab()  # painted empty first, as the tab is before its data comes
    line = QFontMetrics(chart.font()).height()
    assert chart.view.getPlotItem().getViewBox().geometry().top() >= line / 2
    chart.set_weeks([("2026-08-31", {"approved": 3}), ("2026-09-07", {"approved": 5})])
    qtbot.waitUntil(lambda: bool(chart.axis._tickLevels and chart.axis._tickLevels[0]))
    for _ in range(2):  # pyqtgraph measures its words as it paints them, then resizes
        chart.grab()
        qtbot.wait(20)
    axis = chart.axis
    words_top = axis.geometry().top() + axis.style["tickTextOffset"][1]
    assert words_top + line <= chart.view.viewport().height()


def test_a_run_reads_as_a_sentence() -> None:
    run = {
        "status": "running",
        "started_at": "2026-11-27T18:30:02Z",
        "completed_at": None,
        "checkpoints_reached": 4,
        "checkpoints_approved": 4,
        "checkpoints_rejected": 0,
    }
    assert run_text(run).startswith("This run is still running: started 2026-11-27")
    assert run_text(run | {"status": "paused_at_checkpoint"}).startswith(
        "This run is paused at a checkpoint"
    )
    assert run_text(run | {"status": "failure", "completed_at": "2026-11-27T18:31:00Z"}).startswith(
        "This run failed"
    )


def test_the_audit_trail_opens_on_the_newest_event_with_its_metadata(qtbot, checkpoints) -> None:  # type: ignore[no-untyped-def]
    _window, tab, _broken = checkpoints
    tab.show_named_view("audit")
    view = tab.audit
    qtbot.waitUntil(lambda: view.model.rowCount() > 0 and view.metadata.topLevelItemCount() > 0)
    assert view.table.currentIndex().row() == 0
    newest = view.model.row_at(0)
    tree = view.metadata
    names = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert names == [words(str(key)) for key in newest.metadata.value]
    assert view.metadata.headerItem().text(1) == "Value"

"""The Dashboard at 1280x720: what matters in the key list without scrolling, room for the
details and the plots, and a chart whose every mark is named."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSize

from automation_admin.gui.qtmodels.keys_model import (
    COL_COST,
    COL_FRESHNESS,
    COL_HEALTH,
    COL_KEY,
    COL_USAGE,
)
from tests.gui.tabs import test_dashboard_tab
from tests.gui.walk import settle


def legend_names(legend) -> list[str]:  # type: ignore[no-untyped-def]
    return [label.text for _sample, label in legend.items]


dashboard = test_dashboard_tab.dashboard  # the demo vault's Dashboard, unlocked


@pytest.fixture
def narrow(qtbot, dashboard):  # type: ignore[no-untyped-def]
    """The Dashboard in a 1280x720 window."""
    window, tab, expected = dashboard
    window.resize(QSize(1280, 720))
    settle(qtbot, window)
    assert window.size() == QSize(1280, 720)
    return window, tab, expected


def test_the_key_list_shows_what_matters_without_scrolling(narrow) -> None:  # type: ignore[no-untyped-def]
    _window, tab, _expected = narrow
    header = tab.tree.header()
    width = tab.tree.viewport().width()
    for column in (COL_KEY, COL_HEALTH, COL_FRESHNESS, COL_USAGE, COL_COST):
        assert not tab.tree.isColumnHidden(column)
        assert header.sectionViewportPosition(column) >= 0
        assert header.sectionViewportPosition(column) + header.sectionSize(column) <= width
    assert tab.tree.horizontalScrollBar().maximum() == 0


def test_details_and_plots_get_room(narrow) -> None:  # type: ignore[no-untyped-def]
    _window, tab, _expected = narrow
    assert tab.detail.text.viewport().height() >= 140
    for plot, least in ((tab.chart.usage, 110), (tab.chart.cost, 60), (tab.chart.collections, 45)):
        assert plot.getViewBox().height() >= least, plot


def test_every_mark_of_the_chart_is_in_a_legend(narrow) -> None:  # type: ignore[no-untyped-def]
    _window, tab, _expected = narrow
    usage, cost, collections, health = (legend_names(legend) for legend in tab.chart.legends)
    for name in (
        "Average usage %",
        "Daily maximum %",
        "80 % of quota",
        "100 % of quota",
        "Raw snapshots begin",
        "Pricing finding",
        "Deprecation finding",
        "Security finding",
    ):
        assert name in usage
    assert cost == ["Month to date", "Daily (right)"]
    assert collections == ["Successes", "Failures"]
    assert health == ["valid", "unknown", "degraded", "invalid", "outage"]
    # Nothing is written inside the plots, where it could cover a curve or an axis.
    words = [i for i in tab.chart.view.scene().items() if isinstance(i, pg.TextItem)]
    assert words == []  # (InfiniteLine labels are TextItems too)


def test_the_cost_axes_name_the_currency_and_daily_spend_has_its_own_scale(narrow) -> None:  # type: ignore[no-untyped-def]
    _window, tab, _expected = narrow
    chart = tab.chart
    assert chart.cost.getAxis("left").labelText == "Cost (USD)"
    assert chart.cost.getAxis("right").labelText == "Daily (USD)"
    # The tallest daily bar reaches the top half of the plot, not a line of pixels under the
    # month-to-date curve.
    series = chart.series
    top = float(max(v for v in series.spend if v == v))
    low, high = chart.spend_view.viewRange()[1]
    assert top >= low + (high - low) * 0.5
    _mtd_low, mtd_high = chart.cost.getViewBox().viewRange()[1]
    assert top < mtd_high * 0.5  # on the month-to-date scale it would be small

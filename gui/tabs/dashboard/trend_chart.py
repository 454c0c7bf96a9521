"""Usage, cost, collections and health per day (pyqtgraph), with a crosshair read-out.

Nothing is written inside a plot: every line, bar and marker is named in the legend beside
its plot, so no label can collide with an axis or a curve. The plots share one x axis, drawn
once under the last; their axes have fixed widths so the days line up from plot to plot.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QLabel, QToolTip, QVBoxLayout, QWidget

from automation_admin.gui.chart_style import (
    chart_colour,
    pen,
    recolour_on_palette_change,
    style_axes,
    style_legends,
    style_line,
)
from automation_admin.gui.tabs.dashboard.trend_series import Series, build_series, nearest_day
from automation_admin.gui.widgets.chart_keys import ChartKeys
from automation_admin.models.dashboard.service import Trend
from automation_admin.models.store.timeutil import parse_timestamp

# A symbol per health status, each in its colour (the scheme's chart colour of that name):
# status is never shown by colour alone.
HEALTH_STYLE = {"valid": "o", "unknown": "+", "degraded": "t", "invalid": "x", "outage": "s"}
# Finding markers: one symbol, a colour per category (the chart colour of that name), each
# named in the legend.
MARKERS = {
    "pricing_update": "Pricing finding",
    "deprecation": "Deprecation finding",
    "security_advisory": "Security finding",
}
# The quota lines and the colour each takes.
THRESHOLDS = {80: "threshold", 100: "limit"}
AXIS_WIDTH = 48  # left and right axes of every plot, so the x positions agree
MARKER_Y = 104.0  # above the 100 % line, inside the usage plot's 0 to 112 range


def _fmt(value: float, unit: str = "") -> str:
    return (
        "n/a"
        if value is None or (isinstance(value, float) and math.isnan(value))
        else (f"{value:,.1f}{unit}")
    )


def currency_label(currencies: list[str]) -> str:
    if not currencies:
        return ""
    return currencies[0] if len(currencies) == 1 else "mixed currencies"


def _line_sample(twin: pg.GraphicsObject | None = None) -> pg.PlotDataItem:
    """A legend sample for a line drawn by another item (an InfiniteLine has no sample of
    its own); clicking it shows or hides `twin`."""
    sample = pg.PlotDataItem()
    if twin is not None:
        sample.visibleChanged.connect(lambda: twin.setVisible(sample.isVisible()))
    return sample


class TrendChart(QWidget):
    finding_clicked = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        pg.setConfigOptions(antialias=True)
        self.view = pg.GraphicsLayoutWidget()
        self.view.setBackground(None)
        self.view.setAccessibleName("Trend chart")
        self.view.setMinimumHeight(260)
        self.series: Series | None = None
        self.trend: Trend | None = None
        self._usage_plot()
        self._cost_plot()
        self._collections_plot()
        self._health_plot()
        grid = self.view.ci.layout
        for row, stretch in enumerate((30, 20, 15, 10)):
            grid.setRowStretchFactor(row, stretch)
        # The plots take the width; the legends only what their words need.
        grid.setColumnStretchFactor(0, 1)
        grid.setColumnStretchFactor(1, 0)
        for item in (self.cost, self.collections, self.health):
            item.setXLink(self.usage)
        for curve in (self.avg, self.peak, self.mtd):
            curve.setClipToView(True)
            curve.setDownsampling(auto=True, method="peak")

        self.boundary = pg.InfiniteLine(angle=90)
        self.boundary.setVisible(False)
        self.usage.addItem(self.boundary, ignoreBounds=True)
        self.crosshairs = []
        for item in (self.usage, self.cost, self.collections, self.health):
            line = pg.InfiniteLine(angle=90, movable=False)
            line.setVisible(False)
            item.addItem(line, ignoreBounds=True)
            self.crosshairs.append(line)
        self._legends()
        legend_width = max(legend.layout.preferredWidth() for legend in self.legends)
        self.view.ci.layout.setColumnMaximumWidth(1, legend_width + 8)
        self.readout = QLabel("Hover the chart to read a day's values.")
        self.readout.setAccessibleName("Chart values")
        self.readout.setWordWrap(True)
        self.readout.setTextFormat(Qt.TextFormat.PlainText)
        self.view.scene().sigMouseMoved.connect(self._moved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.readout)
        self.recolour()
        recolour_on_palette_change(self, self.recolour)
        self.day: int | None = None
        ChartKeys(self.view, self.step_day, self.end_day, self.open_day)

    # ---- the plots -------------------------------------------------------------------

    def _plot(self, row: int, title: str, dates: bool = False) -> pg.PlotItem:
        item = self.view.addPlot(row=row, col=0, axisItems={"bottom": pg.DateAxisItem(utcOffset=0)})
        item.setLabel("left", title)
        item.getAxis("left").setWidth(AXIS_WIDTH)
        right = item.getAxis("right")
        item.showAxis("right")
        right.setWidth(AXIS_WIDTH)
        right.setStyle(showValues=False, tickLength=0)
        right.setPen(pg.mkPen(None))
        if not dates:
            item.hideAxis("bottom")  # one date axis, under the last plot
        # No grid: pyqtgraph draws grid lines as long axis ticks, the costliest paint here.
        item.getViewBox().setMouseMode(pg.ViewBox.RectMode)
        return item

    def _usage_plot(self) -> None:
        self.usage = self._plot(0, "Usage %")
        self.avg = self.usage.plot(connect="finite")
        self.peak = self.usage.plot(connect="finite")
        self.thresholds: dict[int, pg.InfiniteLine] = {}
        for level in THRESHOLDS:
            line = pg.InfiniteLine(pos=level, angle=0)
            self.usage.addItem(line)
            self.thresholds[level] = line
        # One scatter item per category, each with one style: pyqtgraph then renders the
        # symbol once instead of once per point (a 366-day update stays cheap).
        self.markers: dict[str, pg.ScatterPlotItem] = {}
        for category in MARKERS:
            item = pg.ScatterPlotItem(size=11, symbol="t1", hoverable=True, tip=self._marker_tip)
            item.sigClicked.connect(self._marker_clicked)
            self.usage.addItem(item)
            self.markers[category] = item

    def _cost_plot(self) -> None:
        self.cost = self._plot(1, "Cost")
        self.mtd = self.cost.plot(connect="finite")
        # Daily spend is a few percent of the month-to-date total: on the same scale its bars
        # would be a line of pixels. It gets its own scale, the right axis.
        self.spend_view = pg.ViewBox()
        self.spend_view.setMouseEnabled(x=False, y=False)
        self.spend_view.setZValue(-10)
        self.cost.scene().addItem(self.spend_view)
        self.spend_view.setXLink(self.cost)
        right = self.cost.getAxis("right")
        right.setStyle(showValues=True, tickLength=-5)
        right.linkToView(self.spend_view)
        right.setLabel("Daily")
        self.spend_bars = pg.BarGraphItem(x=[], height=[], width=86400 * 0.7, pen=pg.mkPen(None))
        self.spend_view.addItem(self.spend_bars)
        main = self.cost.getViewBox()
        main.sigResized.connect(lambda _box: self.spend_view.setGeometry(main.sceneBoundingRect()))

    def _collections_plot(self) -> None:
        self.collections = self._plot(2, "Collections")
        self.ok_bars = pg.BarGraphItem(x=[], height=[], width=86400 * 0.7, pen=pg.mkPen(None))
        self.bad_bars = pg.BarGraphItem(x=[], height=[], width=86400 * 0.7, pen=pg.mkPen(None))
        self.collections.addItem(self.ok_bars)
        self.collections.addItem(self.bad_bars)

    def _health_plot(self) -> None:
        self.health = self._plot(3, "Health", dates=True)
        self.health.setMinimumHeight(84)
        self.health.getAxis("left").setTicks([[]])
        self.health.setMouseEnabled(y=False)
        self.health_points: dict[str, pg.ScatterPlotItem] = {}
        for status, symbol in HEALTH_STYLE.items():
            item = pg.ScatterPlotItem(size=9, symbol=symbol, antialias=False)
            self.health.addItem(item)
            self.health_points[status] = item

    def _legends(self) -> None:
        """Legends in their own column, beside their plot: clicking an entry toggles it."""
        self.threshold_samples = {
            level: _line_sample(line) for level, line in self.thresholds.items()
        }
        self.boundary_sample = _line_sample()
        self.health_samples = {
            status: pg.ScatterPlotItem(size=8, symbol=symbol)
            for status, symbol in HEALTH_STYLE.items()
        }
        self.legends = [
            self._legend(
                0,
                [
                    (self.avg, "Average usage %"),
                    (self.peak, "Daily maximum %"),
                    *(
                        (sample, f"{level} % of quota")
                        for level, sample in self.threshold_samples.items()
                    ),
                    (self.boundary_sample, "Raw snapshots begin"),
                    *((self.markers[c], name) for c, name in MARKERS.items()),
                ],
            ),
            self._legend(1, [(self.mtd, "Month to date"), (self.spend_bars, "Daily (right)")]),
            self._legend(2, [(self.ok_bars, "Successes"), (self.bad_bars, "Failures")]),
            self._legend(
                3, list((sample, status) for status, sample in self.health_samples.items())
            ),
        ]

    def recolour(self) -> None:
        """Every series, line and word in the scheme's chart colours (again on a change)."""
        self.avg.setPen(pen("usage", 2))
        self.peak.setPen(pen("usage", 1, Qt.PenStyle.DashLine))
        self.mtd.setPen(pen("cost", 2))
        for level, key in THRESHOLDS.items():
            style_line(self.thresholds[level], key, Qt.PenStyle.DotLine)
            self.threshold_samples[level].setPen(pen(key, 1, Qt.PenStyle.DotLine))
        style_line(self.boundary, "guide", Qt.PenStyle.DashLine)
        self.boundary_sample.setPen(pen("guide", 1, Qt.PenStyle.DashLine))
        for key, bars in (
            ("spend", self.spend_bars),
            ("success", self.ok_bars),
            ("failure", self.bad_bars),
        ):
            bars.setOpts(brush=chart_colour(key))
        self._bar_edges()
        for key, item in (
            *self.markers.items(),
            *self.health_points.items(),
            *self.health_samples.items(),
        ):
            item.setBrush(chart_colour(key))
            item.setPen(pen(key))
        for line in self.crosshairs:
            line.setPen(pen("guide"))
        for plot in (self.usage, self.cost, self.collections, self.health):
            # The other right axes only keep the plots' widths equal: they stay unseen.
            style_axes(
                plot, ("left", "bottom", "right") if plot is self.cost else ("left", "bottom")
            )
        style_legends(self.legends)

    def _bar_edges(self) -> None:
        """Over a long range a bar is under a pixel: full-day bars with an outline in their
        own colour stay visible (narrower ones vanish in a moire of rounding)."""
        for bars in (self.spend_bars, self.ok_bars, self.bad_bars):
            full = bars.opts["width"] == 86400
            bars.setOpts(pen=pg.mkPen(bars.opts["brush"], width=0) if full else None)

    def _legend(
        self, row: int, entries: list[tuple[object, str]], columns: int = 1
    ) -> pg.LegendItem:
        legend = pg.LegendItem(colCount=columns, labelTextSize="8pt", verSpacing=-6)
        for item, name in entries:
            legend.addItem(item, name)
        self.view.addItem(legend, row=row, col=1)
        return legend

    # ---- data ------------------------------------------------------------------------

    def set_trend(self, trend: Trend, keep_zoom: bool = False) -> None:
        """Show `trend`; `keep_zoom`: the same series read again, so the view stays put."""
        self.trend = trend
        self.day = None  # the keyboard's day: the new range starts again from its end
        series = self.series = build_series(trend)
        # Short ranges keep gaps between the bars; long ones get full-day bars (_bar_edges).
        width = 86400 * (0.7 if len(series.x) <= 120 else 1.0)
        for bars in (self.spend_bars, self.ok_bars, self.bad_bars):
            bars.setOpts(width=width)
        self._bar_edges()
        self.avg.setData(series.x, series.avg)
        self.peak.setData(series.x, series.peak)
        self.mtd.setData(series.x, series.cost)
        has_spend = ~np.isnan(series.spend)
        self.spend_bars.setOpts(x=series.x[has_spend], height=series.spend[has_spend])
        has = ~np.isnan(series.successes)
        self.ok_bars.setOpts(x=series.x[has], height=series.successes[has], y0=0)
        self.bad_bars.setOpts(
            x=series.x[has], height=series.failures[has], y0=series.successes[has]
        )
        statuses = np.array([s or "" for s in series.health])
        for status, item in self.health_points.items():
            xs = series.x[statuses == status]
            item.setData(x=xs, y=np.zeros(len(xs)))
        self._set_markers(trend)
        unit = currency_label(trend.currencies)
        self.cost.setLabel("left", f"Cost ({unit})" if unit else "Cost")
        self.cost.getAxis("right").setLabel(f"Daily ({unit})" if unit else "Daily")
        if trend.snapshots_begin:
            self.boundary.setPos(parse_timestamp(trend.snapshots_begin).timestamp())
        self.boundary.setVisible(bool(trend.snapshots_begin))
        if not keep_zoom:
            self.reset_zoom()

    def _set_markers(self, trend: Trend) -> None:
        for category, item in self.markers.items():
            chosen = [m for m in trend.markers if m["category"] == category]
            xs = np.array([parse_timestamp(m["at"]).timestamp() for m in chosen], dtype=float)
            item.setData(x=xs, y=np.full(len(xs), MARKER_Y), data=chosen)

    def reset_zoom(self) -> None:
        if self.series is None or not len(self.series.x):
            return
        self.usage.setXRange(self.series.x[0] - 43200, self.series.x[-1] + 43200, padding=0.01)
        self.usage.setYRange(0, 112, padding=0)
        for box in (self.cost.getViewBox(), self.collections.getViewBox(), self.spend_view):
            box.enableAutoRange(axis="y")
        self.health.setYRange(-1, 1)

    # ---- interaction -----------------------------------------------------------------

    @staticmethod
    def _marker_tip(x: float, y: float, data: dict) -> str:  # type: ignore[type-arg]
        label = data["category"].replace("_", " ")
        return f"{data['title']}\n{label}, {data['urgency'].replace('_', ' ')} (click to open)"

    def _marker_clicked(self, _item: object, points: list) -> None:  # type: ignore[type-arg]
        if len(points):
            self.finding_clicked.emit(points[0].data()["id"])

    def _moved(self, position: object) -> None:
        if self.series is None or not self.usage.sceneBoundingRect().united(
            self.health.sceneBoundingRect()
        ).contains(position):
            return
        x = self.usage.getViewBox().mapSceneToView(position).x()
        i = nearest_day(self.series, x)
        if i is None:
            return
        text = self.show_day(i)
        QToolTip.showText(QCursor.pos(), text.replace("; ", "\n"), self.view)

    def show_day(self, i: int) -> str:
        """The crosshair on day `i` and its values in words below the chart."""
        assert self.series is not None
        self.day = i
        for line in self.crosshairs:
            line.setPos(self.series.x[i])
            line.setVisible(True)
        text = self.describe_day(i)
        found = self.findings_on(i)
        if found:
            text += f" {len(found)} finding(s) marked: Enter opens “{found[0]['title']}”."
        self.readout.setText(text)
        return text

    def findings_on(self, i: int) -> list[dict]:  # type: ignore[type-arg]
        if self.series is None or self.trend is None:
            return []
        day = self.series.days[i]
        return [m for m in self.trend.markers if m["at"][:10] == day]

    # The keyboard: arrows walk the days, Enter opens the day's first marked finding.

    def step_day(self, delta: int) -> None:
        if self.series is None or not len(self.series.x):
            return
        start = self.day if self.day is not None else len(self.series.x) - 1
        self._reach(max(0, min(len(self.series.x) - 1, start + delta)))

    def end_day(self, end: str) -> None:
        if self.series is not None and len(self.series.x):
            self._reach(0 if end == "first" else len(self.series.x) - 1)

    def _reach(self, i: int) -> None:
        assert self.series is not None
        low, high = self.usage.getViewBox().viewRange()[0]
        x = self.series.x[i]
        if not low <= x <= high:  # zoomed in: bring the day into view
            half = (high - low) / 2
            self.usage.setXRange(x - half, x + half, padding=0)
        self.show_day(i)

    def open_day(self) -> None:
        if self.day is not None:
            found = self.findings_on(self.day)
            if found:
                self.finding_clicked.emit(found[0]["id"])

    def describe_day(self, i: int) -> str:
        s = self.series
        assert s is not None
        currency = ", ".join(self.trend.currencies) if self.trend else ""
        if s.health[i] is None:
            return f"{s.days[i]}: no data collected (a gap, not zero)."
        return (
            f"{s.days[i]}: average usage {_fmt(s.avg[i], ' %')}, maximum {_fmt(s.peak[i], ' %')}"
            f"; month-to-date cost {_fmt(s.cost[i])} {currency}, spent that day "
            f"{_fmt(s.spend[i])}; collections {int(s.successes[i])} ok, "
            f"{int(s.failures[i])} failed; health {s.health[i]}{self._states(i)}."
        )

    def _states(self, i: int) -> str:
        """How many keys (or, for one key, collections) were in each state that day."""
        s = self.series
        states = s.states[i] if s is not None else {}
        if not states or (len(states) == 1 and self.trend and self.trend.scope == "key"):
            return ""
        what = "collections" if self.trend and self.trend.scope == "key" else "keys"
        order = sorted(
            states, key=lambda h: list(HEALTH_STYLE).index(h) if h in HEALTH_STYLE else 9
        )
        return f" ({what}: " + ", ".join(f"{states[h]} {h}" for h in order) + ")"

    # ---- export ----------------------------------------------------------------------

    def export_image(self, path: str) -> None:
        if path.lower().endswith(".svg"):
            # Qt's own SVG generator: pyqtgraph's SVG exporter cannot parse Qt 6.11's paths.
            from PySide6.QtGui import QPainter
            from PySide6.QtSvg import QSvgGenerator

            generator = QSvgGenerator()
            generator.setFileName(path)
            generator.setSize(self.view.size())
            generator.setViewBox(self.view.rect())
            generator.setTitle("Automation Admin trend")
            painter = QPainter(generator)
            self.view.render(painter)
            painter.end()
            return
        from pyqtgraph.exporters import ImageExporter

        ImageExporter(self.view.ci).export(path)

"""Usage, cost, collections and health per day (pyqtgraph), with a crosshair read-out."""

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
# Finding markers, one colour per category (also the colour's name).
CATEGORIES = ("pricing_update", "deprecation", "security_advisory")


def _fmt(value: float, unit: str = "") -> str:
    return (
        "n/a"
        if value is None or (isinstance(value, float) and math.isnan(value))
        else (f"{value:,.1f}{unit}")
    )


class TrendChart(QWidget):
    finding_clicked = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        pg.setConfigOptions(antialias=True)
        self.view = pg.GraphicsLayoutWidget()
        self.view.setBackground(None)
        self.view.setAccessibleName("Trend chart")
        self.series: Series | None = None
        self.legends: list[pg.LegendItem] = []
        self.trend: Trend | None = None

        def plot(row: int, title: str) -> pg.PlotItem:
            item = self.view.addPlot(
                row=row, col=0, axisItems={"bottom": pg.DateAxisItem(utcOffset=0)}
            )
            item.setLabel("left", title)
            # No grid: pyqtgraph draws grid lines as long axis ticks, the costliest paint here.
            item.getViewBox().setMouseMode(pg.ViewBox.RectMode)
            return item

        self.usage = plot(0, "Usage %")
        self.avg = self.usage.plot(connect="finite")
        self.peak = self.usage.plot(connect="finite")
        self.thresholds = {
            "limit" if level == 100 else "threshold": pg.InfiniteLine(
                pos=level, angle=0, label=f"{level} %", labelOpts={"position": 0.02}
            )
            for level in (80, 100)
        }
        for line in self.thresholds.values():
            self.usage.addItem(line)
        # One scatter item per category and per status, each with one style: pyqtgraph then
        # renders the symbol once instead of once per point (a 366-day update stays cheap).
        self.markers: dict[str, pg.ScatterPlotItem] = {}
        for category in CATEGORIES:
            item = pg.ScatterPlotItem(size=11, symbol="t1", hoverable=True, tip=self._marker_tip)
            item.sigClicked.connect(self._marker_clicked)
            self.usage.addItem(item)
            self.markers[category] = item

        self.cost = plot(1, "Cost")
        self.spend_bars = pg.BarGraphItem(
            x=[], height=[], width=86400 * 0.7, pen=pg.mkPen(None), name="Daily spend"
        )
        self.cost.addItem(self.spend_bars)
        self.mtd = self.cost.plot(connect="finite")

        self.collections = plot(2, "Collections")
        self.ok_bars = pg.BarGraphItem(
            x=[], height=[], width=86400 * 0.7, pen=pg.mkPen(None), name="Successes"
        )
        self.bad_bars = pg.BarGraphItem(
            x=[], height=[], width=86400 * 0.7, pen=pg.mkPen(None), name="Failures"
        )
        self.collections.addItem(self.ok_bars)
        self.collections.addItem(self.bad_bars)

        self.health = plot(3, "Health")
        self.health.setMaximumHeight(80)
        # Keep the left axis (without ticks) so this strip lines up with the plots above.
        self.health.getAxis("left").setTicks([[]])
        self.health.setMouseEnabled(y=False)

        self.health_points: dict[str, pg.ScatterPlotItem] = {}
        for status, symbol in HEALTH_STYLE.items():
            item = pg.ScatterPlotItem(size=9, symbol=symbol, antialias=False)
            self.health.addItem(item)
            self.health_points[status] = item
        self.health_samples = {
            status: pg.ScatterPlotItem(size=8, symbol=symbol)
            for status, symbol in HEALTH_STYLE.items()
        }
        # Legends in their own column, beside their plot: clicking an entry toggles it.
        self._legend(0, [(self.avg, "Average usage %"), (self.peak, "Daily maximum %")])
        self._legend(1, [(self.spend_bars, "Daily spend"), (self.mtd, "Month-to-date cost")])
        self._legend(2, [(self.ok_bars, "Successes"), (self.bad_bars, "Failures")])
        self._legend(3, [(sample, status) for status, sample in self.health_samples.items()], 2)
        for item in (self.cost, self.collections, self.health):
            item.setXLink(self.usage)
        for curve in (self.avg, self.peak, self.mtd):
            curve.setClipToView(True)
            curve.setDownsampling(auto=True, method="peak")

        self.boundaries: list[pg.InfiniteLine] = []
        self.crosshairs = []
        for item in (self.usage, self.cost, self.collections, self.health):
            line = pg.InfiniteLine(angle=90, movable=False)
            line.setVisible(False)
            item.addItem(line, ignoreBounds=True)
            self.crosshairs.append(line)
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

    def recolour(self) -> None:
        """Every series, line and word in the scheme's chart colours (again on a change)."""
        self.avg.setPen(pen("usage", 2))
        self.peak.setPen(pen("usage", 1, Qt.PenStyle.DashLine))
        self.mtd.setPen(pen("cost", 2))
        for key, line in self.thresholds.items():
            style_line(line, key, Qt.PenStyle.DotLine)
        for key, bars in (("spend", self.spend_bars), ("success", self.ok_bars)):
            bars.setOpts(brush=chart_colour(key))
        self.bad_bars.setOpts(brush=chart_colour("failure"))
        for key, item in (*self.markers.items(), *self.health_points.items()):
            item.setBrush(chart_colour(key))
            item.setPen(pen(key))
        for key, sample in self.health_samples.items():
            sample.setBrush(chart_colour(key))
            sample.setPen(pen(key))
        for line in self.crosshairs:
            line.setPen(pen("guide"))
        for line in self.boundaries:
            style_line(line, "guide", Qt.PenStyle.DashLine)
        for plot in (self.usage, self.cost, self.collections, self.health):
            style_axes(plot)
        style_legends(self.legends)

    def _legend(self, row: int, entries: list[tuple[object, str]], columns: int = 1) -> None:
        legend = pg.LegendItem(colCount=columns, labelTextSize="8pt", verSpacing=-4)
        self.legends.append(legend)
        for item, name in entries:
            legend.addItem(item, name)
        self.view.addItem(legend, row=row, col=1)

    # ---- data ------------------------------------------------------------------------

    def set_trend(self, trend: Trend) -> None:
        self.trend = trend
        self.day = None  # the keyboard's day: the new range starts again from its end
        series = self.series = build_series(trend)
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
        for line in self.boundaries:
            self.usage.removeItem(line)
        self.boundaries = []
        if trend.snapshots_begin:
            line = pg.InfiniteLine(
                pos=parse_timestamp(trend.snapshots_begin).timestamp(),
                angle=90,
                label="raw snapshots →",
                labelOpts={"position": 0.12},
            )
            style_line(line, "guide", Qt.PenStyle.DashLine)
            self.usage.addItem(line)
            self.boundaries.append(line)
        self.reset_zoom()

    def _set_markers(self, trend: Trend) -> None:
        for category, item in self.markers.items():
            chosen = [m for m in trend.markers if m["category"] == category]
            xs = np.array([parse_timestamp(m["at"]).timestamp() for m in chosen], dtype=float)
            item.setData(x=xs, y=np.full(len(xs), 104.0), data=chosen)

    def reset_zoom(self) -> None:
        if self.series is None or not len(self.series.x):
            return
        self.usage.setXRange(self.series.x[0] - 43200, self.series.x[-1] + 43200, padding=0.01)
        self.usage.setYRange(0, 112, padding=0)
        for item in (self.cost, self.collections):
            item.enableAutoRange(axis="y")
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
            f"{int(s.failures[i])} failed; health {s.health[i]}."
        )

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

"""Decisions per week, stacked (approved, rejected, modified); a click picks a week."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QFontMetrics
from PySide6.QtWidgets import QToolTip, QVBoxLayout, QWidget

from automation_admin.gui.chart_style import (
    chart_colour,
    recolour_on_palette_change,
    style_axes,
    style_legends,
)
from automation_admin.gui.formatting import week_label
from automation_admin.gui.style import scheme
from automation_admin.gui.widgets.chart_keys import ChartKeys
from automation_admin.models.checkpoints.service import Weeks
from automation_admin.models.schema.enums import DECISIONS, Decision
from automation_admin.models.store.timeutil import week_start

WEEK_SECONDS = 7 * 86400
# Each decision has its colour (the scheme's chart colour of that name) and a legend word;
# the list shows the icon and the word too.


def week_seconds(monday: str) -> float:
    return datetime.combine(date.fromisoformat(monday), datetime.min.time(), UTC).timestamp()


class WeeklyChart(QWidget):
    week_clicked = Signal(str)  # the Monday of the week, YYYY-MM-DD

    def __init__(self) -> None:
        super().__init__()
        # One tick per week, under its bar, named by its Monday (a date axis would tick every
        # few days, wherever they fall).
        self.axis = pg.AxisItem("bottom")
        # Room for a whole line of words: pyqtgraph counts 80 % of it, and at the foot of
        # the chart the descenders ("Aug", "Sep") were cut off.
        line = QFontMetrics(self.font()).height()
        self.axis.setStyle(autoExpandTextSpace=False, tickTextHeight=line)
        self.view = pg.PlotWidget(axisItems={"bottom": self.axis})
        self.view.setBackground(None)
        self.view.setAccessibleName("Decisions per week")
        self.view.setMenuEnabled(False)
        self.view.setMouseEnabled(x=False, y=False)
        self.view.hideButtons()
        self.view.setLabel("left", "Decisions")
        # A count at the top of the scale is centred on it: half a line above for its words.
        self.view.getPlotItem().layout.setContentsMargins(1, line // 2, 1, 1)
        self.legend = self.view.addLegend(offset=(10, 5), colCount=3)
        self.bars: dict[str, pg.BarGraphItem] = {}
        self.counts: dict[str, dict[str, int]] = {}  # Monday -> counts, oldest first
        self.highlight = pg.LinearRegionItem(movable=False)
        self.highlight.setZValue(-10)
        self.highlight.hide()
        self.view.addItem(self.highlight)
        self.view.getPlotItem().getViewBox().sigResized.connect(lambda _box: self._week_ticks())
        # The week the keyboard is on (arrows), picked with Enter as a click picks one.
        self.key_week: str | None = None
        self.key_band = pg.LinearRegionItem(movable=False)
        self.key_band.setZValue(-9)
        self.key_band.hide()
        self.view.addItem(self.key_band)
        ChartKeys(self.view, self.step_week, self.end_week, self.pick_key_week)
        self.view.scene().sigMouseClicked.connect(self._clicked)
        self.view.scene().sigMouseMoved.connect(self._hovered)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.recolour()
        recolour_on_palette_change(self, self.recolour)

    def recolour(self) -> None:
        """Bars, axes and the picked week in the scheme's colours (again on a change)."""
        for decision, item in self.bars.items():
            item.setOpts(brush=chart_colour(decision))
        # The picked week: a faint band, edged in the focus colour so it reads at 3:1.
        edge = QColor(scheme().focus)
        band = QColor(edge)
        band.setAlpha(40)
        self.highlight.setBrush(band)
        for line in self.highlight.lines:
            line.setPen(pg.mkPen(edge, width=2))
        self.key_band.setBrush(QColor(0, 0, 0, 0))
        for line in self.key_band.lines:
            line.setPen(pg.mkPen(edge, width=2, style=Qt.PenStyle.DashLine))
        style_axes(self.view.getPlotItem())
        style_legends([self.legend])

    def set_weeks(self, weeks: Weeks, selected: str | None = None) -> None:
        for item in self.bars.values():
            self.view.removeItem(item)
            self.legend.removeItem(item)
        self.bars.clear()
        self.counts = dict(weeks)
        self.key_week = None
        self.key_band.hide()
        if not weeks:
            self.highlight.hide()
            return
        x = np.array([week_seconds(m) + WEEK_SECONDS / 2 for m in self.counts])
        base = np.zeros(len(weeks))
        for decision in Decision:
            heights = np.array([counts.get(decision, 0) for _, counts in weeks], dtype=float)
            item = pg.BarGraphItem(
                x=x,
                y0=base.copy(),
                height=heights,
                width=WEEK_SECONDS * 0.8,
                brush=chart_colour(decision),
                pen=pg.mkPen(None),
                name=decision,
            )
            self.view.addItem(item)
            self.bars[decision] = item
            base += heights
        self.view.setXRange(x[0] - WEEK_SECONDS, x[-1] + WEEK_SECONDS, padding=0)
        self._week_ticks()
        # Headroom above the tallest bar keeps the legend clear of the bars.
        self.view.setYRange(0, max(1.0, float(base.max())) * 1.3, padding=0)
        self.select(selected)

    def _week_ticks(self) -> None:
        """A label under every week's bar, or every second, third… week when the bars are
        narrower than a label; the first week of a year also names the year."""
        mondays = list(self.counts)
        if not mondays:
            self.axis.setTicks([[], []])
            return
        plot_width = max(1.0, self.view.getPlotItem().getViewBox().width())
        per_week = plot_width / (len(mondays) + 2)  # the x range has a week either side
        widest = QFontMetrics(self.view.font()).horizontalAdvance("30 Sep")
        step = max(1, math.ceil((widest + 14) / max(per_week, 1.0)))
        major, minor = [], []
        previous_year = None
        for number, monday in enumerate(mondays):
            day = date.fromisoformat(monday)
            centre = week_seconds(monday) + WEEK_SECONDS / 2
            if number % step:
                minor.append((centre, ""))
                continue
            label = f"{day:%d %b}"
            if previous_year is not None and day.year != previous_year:
                label += f" {day.year}"
            previous_year = day.year
            major.append((centre, label))
        self.axis.setTicks([major, minor])

    def select(self, monday: str | None) -> None:
        if monday is None:
            self.highlight.hide()
            return
        start = week_seconds(monday)
        self.highlight.setRegion((start, start + WEEK_SECONDS))
        self.highlight.show()

    def week_under(self, position: QPointF) -> str | None:
        """The shown week whose bar slot is under a scene position, if any."""
        view_box = self.view.getPlotItem().getViewBox()
        if not view_box.sceneBoundingRect().contains(position):
            return None
        day = datetime.fromtimestamp(view_box.mapSceneToView(position).x(), UTC).date()
        monday = week_start(day).isoformat()
        return monday if monday in self.counts else None

    def describe(self, monday: str) -> str:
        """A week's bar in words, for the tooltip."""
        counts = self.counts.get(monday, {})
        parts = ", ".join(f"{counts.get(d, 0):,} {d}" for d in DECISIONS)
        return f"Week {week_label(monday)}: {parts}. Click to list this week."

    def step_week(self, delta: int) -> None:
        weeks = list(self.counts)
        if not weeks:
            return
        start = self.key_week if self.key_week in self.counts else weeks[-1]
        position = weeks.index(start) + (delta if self.key_week in self.counts else 0)
        self._reach(weeks[max(0, min(len(weeks) - 1, position))])

    def end_week(self, end: str) -> None:
        weeks = list(self.counts)
        if weeks:
            self._reach(weeks[0] if end == "first" else weeks[-1])

    def _reach(self, monday: str) -> None:
        self.key_week = monday
        start = week_seconds(monday)
        self.key_band.setRegion((start, start + WEEK_SECONDS))
        self.key_band.show()
        text = self.describe(monday).replace("Click", "Enter")
        self.view.setAccessibleDescription(text)
        point = self.view.mapFromScene(
            self.view.getPlotItem().getViewBox().mapViewToScene(QPointF(start, 0))
        )
        QToolTip.showText(self.view.mapToGlobal(point), text, self.view)

    def pick_key_week(self) -> None:
        if self.key_week is not None:
            self.week_clicked.emit(self.key_week)

    def _hovered(self, position: QPointF) -> None:
        monday = self.week_under(position)
        if monday is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(QCursor.pos(), self.describe(monday), self.view)

    def _clicked(self, event: object) -> None:
        if event.button() != Qt.MouseButton.LeftButton:  # type: ignore[attr-defined]
            return
        monday = self.week_under(event.scenePos())  # type: ignore[attr-defined]
        if monday is not None:
            self.week_clicked.emit(monday)

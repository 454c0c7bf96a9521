"""WCAG 2.2 AA, measured the way the window paints: every visible label, button, field,
placeholder, tab, header and list row (selected or not) reads at 4.5:1 or more against what
it is drawn on, in the light and the dark scheme, on the demo profile, on a new empty
profile and on a new profile's enable-automation page, and in the window's dialogs."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTextEdit,
    QToolTip,
    QWidget,
)

from automation_admin.gui.contrast import TEXT_MINIMUM, ratio
from automation_admin.gui.main_window import MainWindow
from automation_admin.models.store.paths import DataLayout
from tests.gui.painted import (
    Reading,
    document_pairs,
    row_readings,
    text_readings,
    widgets_shown,
)
from tests.gui.tabs.test_scripts_tab import TWO_WARNINGS
from tests.gui.theming import (
    VIEWS,
    demo_root,
    make_profile,
    open_window,
    settle,
    system_switches_to,
    themed,
    visit,
)

__all__ = ["demo_root", "themed"]  # fixtures


def readings(window: QWidget) -> list[Reading]:
    """Every piece of text the window shows now, with its contrast as painted."""
    found: list[Reading] = []
    for widget in widgets_shown(window):
        found += text_readings(window, widget)
        if isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
            found += row_readings(window, widget)
        if isinstance(widget, QTextEdit | QPlainTextEdit):
            for what, colour, back in document_pairs(widget):
                where = f"text “{what}” in {widget.accessibleName()}"
                found.append(Reading(where, ratio(colour.name(), back.name())))
    return found


def too_faint(window: QWidget, where: str) -> list[str]:
    return sorted(
        {
            f"{where}: {reading.what} at {reading.contrast:.2f}:1"
            for reading in readings(window)
            if reading.contrast < TEXT_MINIMUM
        }
    )


def check_everything(qtbot, window: MainWindow, views: tuple[str, ...]) -> list[str]:  # type: ignore[no-untyped-def]
    failures = too_faint(window, "first view")
    measured = 0
    for name in views:
        if visit(qtbot, window, name):
            measured += 1
            failures += too_faint(window, name)
    assert measured, "no tab was visited"
    return failures


@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", ["demo", "empty", "v1"])
def test_every_text_reads_at_4_5_to_1(  # type: ignore[no-untyped-def]
    qtbot, themed: QApplication, layout: DataLayout, settings: QSettings, demo_root, kind, scheme
) -> None:
    system_switches_to(themed, scheme)
    make_profile(kind, layout, demo_root)
    window = open_window(qtbot, layout, settings, kind)
    assert themed.property("color-scheme") == scheme
    views = VIEWS if kind != "v1" else ("dashboard", "settings")
    failures = check_everything(qtbot, window, views)
    window.lock()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.chooser)
    settle(qtbot, window)
    failures += too_faint(window, "unlock screen")
    assert not failures, "\n".join(failures)


def failure_dialogs(window: MainWindow) -> list[QWidget]:
    """The dialogs a failure opens (gui/dialogs/failure.py): damage, and a bug with its
    details, each as the worker's boundary classifies what a job raised."""
    import peewee
    import sqlcipher3.dbapi2 as sqlcipher

    from automation_admin.gui.dialogs.failure import report_failure
    from automation_admin.gui.worker import classify

    damage = peewee.DatabaseError(sqlcipher.DatabaseError("database disk image is malformed"))
    shown = []
    for raised in (damage, KeyError("row")):
        box = report_failure(window, classify(raised))
        assert box is not None
        shown.append(box)
    return shown


def dialogs(window: MainWindow) -> list[QWidget]:
    from automation_admin.gui.dialogs.change_passphrase import ChangePassphraseDialog
    from automation_admin.gui.dialogs.create_profile import CreateProfileDialog
    from automation_admin.gui.dialogs.shortcuts import ShortcutsDialog
    from automation_admin.gui.tabs.findings.dismiss_dialog import DismissDialog
    from automation_admin.gui.tabs.scripts.approve_dialog import ApproveDialog
    from automation_admin.gui.tabs.scripts.reject_dialog import RejectDialog
    from automation_admin.models.scripts.review import review_script

    assert window.session.current is not None
    return [
        CreateProfileDialog(window.session, window),
        ChangePassphraseDialog(window.session, window.session.current.profile, window),
        DismissDialog(3, window),
        RejectDialog("Cap monthly spend on GitHub", window),
        # Warnings to tick: an unknown site, JavaScript in the page, a file written.
        ApproveDialog("Collect usage", 4, review_script(TWO_WARNINGS, "custom"), window),
        ShortcutsDialog(window),
        *failure_dialogs(window),
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_dialogs_read_at_4_5_to_1(  # type: ignore[no-untyped-def]
    qtbot, themed: QApplication, layout: DataLayout, settings: QSettings, demo_root, scheme
) -> None:
    system_switches_to(themed, scheme)
    make_profile("empty", layout, demo_root)
    window = open_window(qtbot, layout, settings, "empty")
    failures = []
    for dialog in dialogs(window):
        dialog.show()
        qtbot.waitExposed(dialog)
        failures += too_faint(dialog, dialog.windowTitle())
        dialog.reject()
    assert not failures, "\n".join(failures)


def test_the_window_follows_the_system_scheme_while_open(  # type: ignore[no-untyped-def]
    qtbot, themed: QApplication, layout: DataLayout, settings: QSettings, demo_root
) -> None:
    from automation_admin.gui.palette import DARK, LIGHT
    from automation_admin.gui.resources import icon
    from tests.gui.painted import pixels

    system_switches_to(themed, "light")
    make_profile("demo", layout, demo_root)
    window = open_window(qtbot, layout, settings, "demo")
    chart = window.workspace.pages["dashboard"].chart
    assert chart.avg.opts["pen"].color().name() == LIGHT.chart["usage"]

    system_switches_to(themed, "dark")
    settle(qtbot, window)
    assert themed.property("color-scheme") == "dark"
    assert themed.palette().base().color().name() == DARK.roles["base"]
    # The demo banner, the charts, the icons and the status words follow without a restart.
    frame = next(w for w in window.findChildren(QFrame) if w.property("kind") == "demo")
    words = frame.findChild(QLabel)
    assert words.palette().windowText().color().name() == DARK.banners["demo"].text
    face = pixels(frame.grab()).reshape(-1, 3)
    colours, counts = np.unique(face, axis=0, return_counts=True)
    assert (
        "#{:02x}{:02x}{:02x}".format(*colours[counts.argmax()]) == DARK.banners["demo"].background
    )
    assert QToolTip.palette().toolTipBase().color().name() == DARK.roles["tooltip-base"]
    assert chart.avg.opts["pen"].color().name() == DARK.chart["usage"]
    assert chart.usage.getAxis("left").textPen().color().name() == DARK.chart["axis"]
    ok = pixels(icon("ok").pixmap(24, 24))
    assert tuple(ok[12, 4]) == tuple(int(DARK.icon["ok"][i : i + 2], 16) for i in (1, 3, 5))
    assert not too_faint(window, "dashboard after the switch")
    for view in ("findings", "scripts/review", "checkpoints/decisions", "settings"):
        visit(qtbot, window, view)
        assert not too_faint(window, f"{view} after the switch")
    weekly = window.workspace.pages["checkpoints"].chart
    assert QColor(weekly.bars["approved"].opts["brush"]).name() == DARK.chart["approved"]
    # And back: the system's light scheme again, while the window stays open.
    system_switches_to(themed, "light")
    settle(qtbot, window)
    assert QColor(weekly.bars["approved"].opts["brush"]).name() == LIGHT.chart["approved"]
    assert words.palette().windowText().color().name() == LIGHT.banners["demo"].text
    assert not too_faint(window, "checkpoints after switching back")

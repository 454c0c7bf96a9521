"""A check box or radio button shows its state by its box (WCAG 2.2 1.4.11): the edge of an
unticked box reads at 3:1 or more against what it stands on, in both schemes, in every view
and dialog. (Fusion draws it in the window colour darkened: 1.7:1 in light, 1.1:1 in dark.)"""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from automation_admin.gui.contrast import NON_TEXT_MINIMUM
from tests.gui.painted import contrasts, pixels
from tests.gui.test_contrast import dialogs
from tests.gui.theming import (
    VIEWS,
    demo_root,
    make_profile,
    open_window,
    system_switches_to,
    themed,
    visit,
)

__all__ = ["demo_root", "themed"]  # fixtures


def indicator(button: QAbstractButton) -> QRect:
    option = QStyleOptionButton()
    button.initStyleOption(option)  # type: ignore[attr-defined]
    element = (
        QStyle.SubElement.SE_RadioButtonIndicator
        if isinstance(button, QRadioButton)
        else QStyle.SubElement.SE_CheckBoxIndicator
    )
    return button.style().subElementRect(element, option, button)


def faint_box(button: QAbstractButton) -> str | None:
    """The unticked box's edge against the colour around it; None when it reads."""
    was = button.isChecked()
    button.setChecked(False)
    QApplication.processEvents()
    image = pixels(button.grab())
    button.setChecked(was)
    box = indicator(button)
    # What the button stands on: its commonest colour (the words are thin).
    colours, counts = np.unique(image.reshape(-1, 3), axis=0, return_counts=True)
    ground = colours[counts.argmax()]
    inside = image[box.top() : box.bottom() + 1, box.left() : box.right() + 1].reshape(-1, 3)
    strong = int(
        (contrasts(inside, np.broadcast_to(ground, inside.shape)) >= NON_TEXT_MINIMUM).sum()
    )
    # Most of the edge's pixels: a 1 px square all round, or the circle Fusion draws.
    if isinstance(button, QRadioButton):
        radius = (box.width() + (box.width() + 1) % 2) / 2 - 1
        edge = 2 * math.pi * radius
    else:
        edge = 2 * (box.width() + box.height())
    wanted = int(0.6 * edge)
    if strong >= wanted:
        return None
    name = button.accessibleName() or button.text()
    return f"{name}: {strong} edge pixels at 3:1, wanted {wanted}"


def boxes_in(root: QWidget) -> list[QAbstractButton]:
    return [
        b
        for b in root.findChildren(QCheckBox) + root.findChildren(QRadioButton)
        if b.isVisible() and b.isEnabled() and b.window() is root
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_box_shows_its_edge_at_3_to_1(  # type: ignore[no-untyped-def]
    qtbot, themed, layout, settings, demo_root, scheme
) -> None:
    system_switches_to(themed, scheme)
    make_profile("demo", layout, demo_root)
    window = open_window(qtbot, layout, settings, "demo")
    faint, seen = [], 0
    for view in VIEWS:
        visit(qtbot, window, view)
        for button in boxes_in(window):
            seen += 1
            problem = faint_box(button)
            if problem:
                faint.append(f"{view}: {problem}")
    for dialog in dialogs(window):
        dialog.show()
        qtbot.waitExposed(dialog)
        for button in boxes_in(dialog):
            seen += 1
            problem = faint_box(button)
            if problem:
                faint.append(f"{dialog.windowTitle()}: {problem}")
        dialog.reject()
    assert seen >= 10  # Settings, the filters' date boxes, Dismiss's reasons, Approve's ticks
    assert not faint, "\n".join(sorted(set(faint)))

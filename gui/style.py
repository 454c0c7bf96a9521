"""The look: Fusion with a palette and a style sheet per scheme (gui/palette.py), following
the system's light or dark scheme, also when it changes while the window is open."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QPainter,
    QPalette,
    QPen,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QTextEdit,
    QToolTip,
    QWidget,
)

from automation_admin.gui.palette import DARK, LIGHT, SCHEMES, Scheme

Role = QPalette.ColorRole
ROLES = {
    "window": Role.Window,
    "window-text": Role.WindowText,
    "base": Role.Base,
    "alternate-base": Role.AlternateBase,
    "text": Role.Text,
    "button": Role.Button,
    "button-text": Role.ButtonText,
    "highlight": Role.Highlight,
    "highlighted-text": Role.HighlightedText,
    "tooltip-base": Role.ToolTipBase,
    "tooltip-text": Role.ToolTipText,
    "placeholder-text": Role.PlaceholderText,
    "link": Role.Link,
    "link-visited": Role.LinkVisited,
    "bright-text": Role.BrightText,
    "light": Role.Light,
    "midlight": Role.Midlight,
    "mid": Role.Mid,
    "dark": Role.Dark,
    "shadow": Role.Shadow,
}
# Text a disabled control still shows (a field's value, a button's label) stays readable:
# the muted colour ("disabled-text") is chosen at 4.5:1 or more against what it sits on.
DISABLED_TEXT = (Role.WindowText, Role.Text, Role.ButtonText)

SHEET = """
QTabWidget::pane {{ border: 1px solid palette(mid); border-radius: 6px; top: -1px; }}
QTabBar::tab {{ padding: 7px 16px; }}
QLineEdit, QSpinBox, QComboBox {{ padding: 4px 6px; }}
QPushButton {{ padding: 6px 14px; }}
QPushButton:checked {{ background: palette(highlight); color: palette(highlighted-text);
    border: 1px solid {focus}; border-radius: 5px; padding: 6px 14px; }}
QPushButton[primary="true"] {{ background: palette(highlight); color: palette(highlighted-text);
    border: none; border-radius: 5px; font-weight: 600; }}
QPushButton[primary="true"]:disabled {{ background: palette(button);
    color: {disabled}; border: 1px solid palette(mid); }}
QAbstractItemView::item:selected {{ background: palette(highlight);
    color: palette(highlighted-text); }}
QFrame[role="banner"] {{ border-radius: 6px; padding: 2px; }}
QFrame[role="banner"][kind="demo"] {{ background: {demo.background};
    border: 1px solid {demo.accent}; }}
QFrame[role="banner"][kind="demo"] QLabel {{ color: {demo.text}; }}
QFrame[role="banner"][kind="warning"] {{ background: {warning.background};
    border: 1px solid {warning.accent}; }}
QFrame[role="banner"][kind="warning"] QLabel {{ color: {warning.text}; }}
QLabel[role="title"] {{ font-size: 20px; font-weight: 600; }}
QLabel[role="hint"] {{ color: palette(placeholder-text); }}
QLabel[role="error"] {{ color: {error}; font-weight: 600; }}
"""

_current: Scheme = LIGHT
_forced: str | None = None


def scheme() -> Scheme:
    """The colours the window paints with now."""
    return _current


def is_dark() -> bool:
    """Whether the system uses a dark scheme."""
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def system_scheme() -> Scheme:
    return DARK if is_dark() else LIGHT


def palette_for(chosen: Scheme) -> QPalette:
    palette = QPalette()
    for name, role in ROLES.items():
        palette.setColor(role, QColor(chosen.roles[name]))
    # setColor(role, …) sets every colour group, the disabled one too: without this a
    # disabled button or field reads exactly like an enabled one.
    muted = QColor(chosen.roles["disabled-text"])
    for role in DISABLED_TEXT:
        palette.setColor(QPalette.ColorGroup.Disabled, role, muted)
    palette.setColor(QPalette.ColorGroup.Disabled, Role.Highlight, QColor(chosen.roles["mid"]))
    return palette


def sheet_for(chosen: Scheme) -> str:
    banners = chosen.banners
    return SHEET.format(
        focus=chosen.focus,
        demo=banners["demo"],
        warning=banners["warning"],
        error=chosen.status["error"],
        disabled=chosen.roles["disabled-text"],
    )


Primitive = QStyle.PrimitiveElement
BOXES = (Primitive.PE_IndicatorCheckBox, Primitive.PE_IndicatorRadioButton)


class AppStyle(QProxyStyle):
    """Fusion, except two marks it draws too faintly:
    - the current item in a list: Fusion fills it with a pale wash that lowers the contrast
      of its words (4.3:1 on a selected row); here it is a 1 px outline in the focus colour,
      or in the selected text's colour on a selected row;
    - the edge of a check box or radio button, the only sign of an unticked one: Fusion
      darkens the window colour for it (1.7:1 in light, 1.1:1 in dark); here it takes the
      placeholder's colour, 4.5:1 or more on the window and on the field colour inside."""

    def __init__(self) -> None:
        super().__init__("Fusion")

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element in BOXES:
            super().drawPrimitive(element, option, painter, widget)
            _box_edge(element, option, painter)
            return
        if element != Primitive.PE_FrameFocusRect or not isinstance(widget, QAbstractItemView):
            super().drawPrimitive(element, option, painter, widget)
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        ring = option.palette.highlightedText().color() if selected else QColor(_current.focus)
        painter.save()
        painter.setPen(QPen(ring, 1, Qt.PenStyle.DotLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(option.rect.adjusted(0, 0, -1, -1))
        painter.restore()


def _box_edge(element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter) -> None:
    """Over Fusion's own edge, on the same line (qfusionstyle.cpp's geometry)."""
    group = (
        QPalette.ColorGroup.Active
        if option.state & QStyle.StateFlag.State_Enabled
        else QPalette.ColorGroup.Disabled
    )
    edge = option.palette.color(group, Role.PlaceholderText)
    rect = option.rect
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(edge, 1))
    if element == Primitive.PE_IndicatorCheckBox:
        painter.translate(0.5, 0.5)
        painter.drawRect(rect.adjusted(0, 0, -1, -1))
    else:
        width = rect.width()
        radius = (width + (width + 1) % 2) / 2.0 - 1
        painter.drawEllipse(QPointF(rect.center()) + QPointF(1, 1), radius, radius)
    painter.restore()


def apply_theme(app: QApplication, forced: str | None = None) -> None:
    """Style the application; `forced` ("light" or "dark") overrides the system's scheme
    (`--scheme`), else the window follows the system, now and when it changes."""
    global _forced
    if not isinstance(app.style(), AppStyle):
        # Once: the application owns its style, and a style replaced under widgets that a
        # style sheet repolishes has crashed Qt.
        app.setStyle(AppStyle())
    _forced = forced
    hints = app.styleHints()
    if forced is not None:
        # Asks the platform too, so native dialogs match where the platform supports it.
        hints.setColorScheme(Qt.ColorScheme.Dark if forced == "dark" else Qt.ColorScheme.Light)
    if not app.property("follows-color-scheme"):
        hints.colorSchemeChanged.connect(lambda value: _system_changed(app, value))
        app.setProperty("follows-color-scheme", True)
    use(app, SCHEMES[forced] if forced else system_scheme())
    from automation_admin.gui.focus_ring import FocusRing

    FocusRing.install(app)


def _system_changed(app: QApplication, value: Qt.ColorScheme) -> None:
    if _forced is None:
        use(app, DARK if value == Qt.ColorScheme.Dark else LIGHT)


def use(app: QApplication, chosen: Scheme) -> None:
    """Paint with `chosen` from now on: widgets repaint, models, icons and charts read the
    new colours as they paint (charts recolour on the palette change)."""
    global _current
    _current = chosen
    app.setProperty("color-scheme", chosen.name)
    # The palette first: while a style sheet is set, widgets take their palette from the
    # sheet's repolish, so the sheet (it differs per scheme) is set after the palette.
    palette = palette_for(chosen)
    app.setPalette(palette)
    QToolTip.setPalette(palette)  # tooltips keep the palette they started with otherwise
    app.setStyleSheet(sheet_for(chosen))


def relink_under(root: QWidget) -> None:
    """The text views under `root` show links in HTML: give them the current scheme's link
    colour. A page calls it on its own palette change, so no list of pages is kept (one
    kept past its window's deletion crashed the process)."""
    link = QColor(_current.roles["link"])
    for edit in root.findChildren(QTextEdit):
        relink(edit.document(), link)


def relink(document: QTextDocument, link: QColor) -> None:
    """Links shown before a change of scheme keep the colour the HTML got as it was read:
    give them the new scheme's link colour."""
    anchors = []
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if fragment.isValid() and fragment.charFormat().isAnchor():
                anchors.append((fragment.position(), fragment.length()))
            fragments += 1
        block = block.next()
    recoloured = QTextCharFormat()
    recoloured.setForeground(link)
    for position, length in anchors:
        cursor = QTextCursor(document)
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(recoloured)

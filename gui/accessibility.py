"""What screen readers may learn from the window, and what never: passphrases.

Qt's AT-SPI bridge sends `object:text-changed:insert` with every character typed into a
password field, and `text-changed:delete` with the whole passphrase when it is cleared, so
any accessibility client (and anything listening on the accessibility bus) would read the
passphrase in clear. A password field here gets an accessible interface of its own: an
editable text with the `passwordEdit` state, its name, and no text interface at all, so the
bridge has no text to send and drops those events. Screen readers still announce the field
by name and as a password field; the characters themselves are never spoken (as KeePassXC
users asked of Orca).
"""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import (
    QMessageLogContext,
    QObject,
    QTimer,
    QtMsgType,
    qFormatLogMessage,
    qInstallMessageHandler,
)
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QAccessibleWidget, QLineEdit

# The bridge's complaints about a field without a text interface: expected for every key
# typed into a passphrase field, so they are kept out of the log (other warnings are not).
DROPPED_EVENT_MESSAGES = (
    "Received text event for invalid interface",
    "Sending TextCaretMoved from object that does not implement text interface",
)


class MaskedPasswordEdit(QAccessibleWidget):
    """A password field as assistive technology sees it: a named, editable, password text
    whose value is never told."""

    def __init__(self, edit: QLineEdit) -> None:
        super().__init__(edit, QAccessible.Role.EditableText)

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Value:
            return ""
        return str(super().text(kind))

    def state(self) -> Any:
        state = super().state()
        state.passwordEdit = True
        state.editable = True
        state.focusable = True
        return state


# The Python objects behind the interfaces Qt holds: Python must keep them while Qt uses
# them. Qt deletes an interface when its widget is destroyed; the reference is dropped on
# the next turn of the event loop, after that (dropping it before would delete it twice).
# Keyed by the interface's own id, which cannot be reused while it is held here.
_alive: dict[int, QAccessibleInterface] = {}
_installed = False


def _factory(_class_name: str, obj: QObject) -> QAccessibleInterface | None:
    if not isinstance(obj, QLineEdit) or obj.echoMode() == QLineEdit.EchoMode.Normal:
        return None
    interface = MaskedPasswordEdit(obj)
    token = id(interface)
    _alive[token] = interface
    obj.destroyed.connect(lambda *_args, t=token: QTimer.singleShot(0, lambda: _forget(t)))
    return interface


def _forget(token: int) -> None:
    _alive.pop(token, None)


def install() -> None:
    """Once per process, before any password field is shown to assistive technology."""
    global _installed
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed = True


def masked_fields() -> int:
    """How many password fields have the masked interface now (for tests)."""
    return len(_alive)


def quiet_dropped_text_events() -> None:
    """Keep the bridge's two expected complaints about password fields out of the log;
    every other message goes where it went before."""
    previous = None

    def handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if context.category == "qt.accessibility.atspi" and message.startswith(
            DROPPED_EVENT_MESSAGES
        ):
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            sys.stderr.write(qFormatLogMessage(mode, context, message) + "\n")

    previous = qInstallMessageHandler(handler)

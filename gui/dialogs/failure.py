"""How the window tells a failure: one dialog per kind (see models/store/errors.py) that
says what happened and what to do, and a line in the status bar for everything.

A refusal or a usage slip answers something the person just did, so the status line (or
the tab's own message) says it; damage, the environment, a newer vault and bugs open a
dialog, at most one of each kind at a time however many queries fail together.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QTextEdit, QWidget
from shiboken6 import isValid

from automation_admin.gui.worker import JobError
from automation_admin.models.store.backup import restore_hint
from automation_admin.models.store.errors import VaultReplaced
from automation_admin.models.store.failures import RESTORE

DIALOG_KINDS = ("damaged", "environment", "newer", "bug")
_open: dict[str, weakref.ReferenceType[QMessageBox]] = {}


@dataclass(frozen=True)
class Explanation:
    title: str
    happened: str
    to_do: str
    details: str = ""


def explain(error: JobError, backups: tuple[Path, str] | None = None) -> Explanation:
    """The words of the dialog for `error`. `backups` is (backups folder, profile id) when a
    profile is open, so damage names the newest backup to restore."""
    if isinstance(error.explained, VaultReplaced):
        return Explanation(
            "The vault file was replaced",
            error.message,
            "If the file now in its place is not the vault you expect, restore a copy from "
            "the backups folder.",
        )
    if error.kind == "damaged":
        hint = (
            restore_hint(*backups)
            if backups is not None
            else "Restore a copy from the backups folder if there is one."
        )
        return Explanation(
            "The vault is damaged",
            # The command line's sentence about backups; here the newest one is named below.
            error.message.replace(RESTORE, "Nothing was changed.").strip(),
            f"Lock the vault and keep the damaged file. {hint}",
        )
    if error.kind == "environment":
        return Explanation(
            "The computer refused",
            error.message,
            "Free some disk space, make the data folder writable, or close the other program "
            "that holds the vault, then try again. Nothing of the failed step was saved.",
        )
    if error.kind == "newer":
        return Explanation(
            "This vault is from a newer Automation Admin",
            error.message,
            "It stays open read-only. Update Automation Admin to change it.",
        )
    if error.kind == "bug":
        return Explanation(
            "Something went wrong inside Automation Admin",
            # The boundary's own words (what failed, that it is a bug, what was rolled back);
            # the status line's sentence would only repeat the title.
            str(error.explained) if error.explained is not None else error.message,
            "Please report it with the details below (they hold no secrets). Locking and "
            "unlocking starts afresh.",
            error.details,
        )
    return Explanation("Not done", error.message, "Check what was asked and try again.")


def report_failure(
    parent: QWidget | None,
    error: JobError,
    where: str = "",
    backups: tuple[Path, str] | None = None,
) -> QMessageBox | None:
    """Say `error` in the status bar (through the caller) and, for the kinds that need it,
    in a dialog; returns the dialog when one is showing for this kind."""
    if error.kind not in DIALOG_KINDS:
        return None
    existing = _open.get(error.kind)
    box = existing() if existing is not None else None
    # A closed box is deleted (WA_DeleteOnClose) even while Python still holds its wrapper.
    if box is not None and isValid(box) and box.isVisible():
        return box
    words = explain(error, backups)
    box = QMessageBox(
        QMessageBox.Icon.Critical if error.kind in ("damaged", "bug") else QMessageBox.Icon.Warning,
        f"{where}: {words.title}" if where else words.title,
        words.happened,
        QMessageBox.StandardButton.Close,
        parent.window() if parent is not None else None,
    )
    # Messages may quote vault text (a file name, a column): never read as rich text.
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(words.to_do)
    if words.details:
        box.setDetailedText(words.details)
        # Qt leaves the details out of the Tab chain: a keyboard user could not scroll or
        # select what the dialog asks them to report.
        for view in box.findChildren(QTextEdit):
            view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            view.setTabChangesFocus(True)
            view.setAccessibleName("Details")
    box.setAccessibleName(words.title)
    box.setObjectName(f"failure-{error.kind}")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _open[error.kind] = weakref.ref(box)
    box.open()
    return box

"""The Settings tab without its widgets: the settings as last read, what the form changed,
and the calls to the worker (one read, one all-or-nothing write)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from automation_admin.gui.jobs import Jobs
from automation_admin.models.settings.service import SettingsForm, load_form, save_form


class SettingsPresenter(QObject):
    loaded = Signal(object)  # SettingsForm, read or as stored by a save
    saved = Signal()
    save_failed = Signal(object)  # JobError

    def __init__(self, jobs: Jobs) -> None:
        super().__init__()
        self.jobs = jobs
        self.settings: dict[str, Any] = {}  # as last read

    def load(self) -> None:
        self.jobs.run(load_form, done=self._loaded, key="settings.load")

    def _loaded(self, form: SettingsForm) -> None:
        self.settings = form.settings
        self.loaded.emit(form)

    def changes(self, values: dict[str, Any]) -> dict[str, Any]:
        """The form's values that differ from the settings as read."""
        return {k: v for k, v in values.items() if self.settings.get(k) != v}

    def save(self, changes: dict[str, Any], providers: dict[str, dict[str, Any]]) -> None:
        self.jobs.run(
            save_form,
            changes,
            providers,
            done=self._saved,
            failed=self.save_failed.emit,
            key="settings.save",
        )

    def _saved(self, form: SettingsForm) -> None:
        self._loaded(form)
        self.saved.emit()

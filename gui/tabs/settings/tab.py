"""Settings: the automation settings, retention periods, providers, passphrase."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from automation_admin.gui.qtmodels.providers_model import URL_COLUMNS, ProvidersModel
from automation_admin.gui.session import OpenProfile, Session
from automation_admin.gui.tabs.base import BaseTab
from automation_admin.gui.tabs.settings.presenter import SettingsPresenter
from automation_admin.gui.widgets.full_text_tips import FullTextTips
from automation_admin.gui.worker import JobError
from automation_admin.models.live.watch import Changes
from automation_admin.models.settings.service import SettingsForm

# (column, label, minimum, maximum, suffix)
AUTOMATION_NUMBERS = (
    ("discovery_schedule_hour", "Discovery hour", 0, 23, ":00 local"),
    ("dashboard_refresh_interval_seconds", "Refresh interval", 60, 7 * 86400, " s"),
    ("automation_max_retries", "Maximum retries", 0, 20, ""),
)
RETENTION_NUMBERS = (
    ("snapshots_kept_per_secret", "Snapshots kept per key", 1, 10_000, ""),
    ("summary_retention_days", "Daily summaries", 1, 36_500, " days"),
    ("discovery_retention_days", "Discovery findings", 1, 36_500, " days"),
    ("search_log_retention_days", "Search log", 1, 36_500, " days"),
    ("execution_retention_days", "Script runs", 1, 36_500, " days"),
    ("checkpoint_retention_days", "Checkpoints", 1, 36_500, " days"),
    ("screenshot_retention_days", "Debug screenshots", 1, 36_500, " days"),
)
SWITCHES = (
    ("autonomous_mode_enabled", "Autonomous read-only mode"),
    ("discovery_network_enabled", "Discovery may use the network"),
)


def _form(group: QGroupBox) -> QFormLayout:
    form = QFormLayout(group)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return form


def _spin(label: str, low: int, high: int, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    spin.setAccessibleName(label)
    spin.setMinimumWidth(130)
    return spin


class SettingsTab(BaseTab):
    title = "Settings"
    watches = frozenset({"profile_settings", "providers"})

    def __init__(self, session: Session, profile: OpenProfile) -> None:
        super().__init__(session, profile)
        self.presenter = SettingsPresenter(self.jobs)
        self.inputs: dict[str, QSpinBox | QCheckBox] = {}
        # The short forms side by side, the providers table across the whole page below them.
        body = QWidget()
        grid = QGridLayout(body)
        grid.addWidget(self._security_group(), 0, 0)
        if profile.automation_enabled:
            grid.addWidget(self._automation_group(), 1, 0)
            grid.addWidget(self._retention_group(), 0, 1, 2, 1)
            grid.addWidget(self._providers_group(), 2, 0, 1, 2)
        grid.addLayout(self._save_row(), 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(4, 1)
        scroll = QScrollArea()
        scroll.setAccessibleName("Settings")
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.presenter.loaded.connect(self._show)
        self.presenter.saved.connect(self._saved)
        self.presenter.save_failed.connect(self._save_failed)

    # ---- layout ----------------------------------------------------------------------

    def _security_group(self) -> QGroupBox:
        group = QGroupBox("Security")
        form = _form(group)
        idle = _spin("Lock after idle", 0, 86_400, " s")
        idle.setSpecialValueText("Never")
        self.inputs["auto_lock_timeout_seconds"] = idle
        form.addRow("Lock after idle", idle)
        self.passwd = QPushButton("Change passphrase…")
        self.passwd.setAccessibleName("Change passphrase…")
        self.passwd.clicked.connect(self._change_passphrase)
        form.addRow("", self.passwd)
        return group

    def _automation_group(self) -> QGroupBox:
        group = QGroupBox("Automation")
        form = _form(group)
        for key, label in SWITCHES:
            switch = QCheckBox(label)
            switch.setAccessibleName(label)
            self.inputs[key] = switch
            form.addRow("", switch)
        for key, label, low, high, suffix in AUTOMATION_NUMBERS:
            self.inputs[key] = _spin(label, low, high, suffix)
            form.addRow(label, self.inputs[key])
        self.quiet = QCheckBox("Quiet hours")
        self.quiet.setAccessibleName("Quiet hours")
        self.quiet_start = _spin("Quiet from", 0, 23, ":00")
        self.quiet_end = _spin("Quiet until", 0, 23, ":00")
        self.quiet.toggled.connect(self._quiet_toggled)
        row = QHBoxLayout()
        row.addWidget(self.quiet)
        row.addWidget(QLabel("from"))
        row.addWidget(self.quiet_start)
        row.addWidget(QLabel("until"))
        row.addWidget(self.quiet_end)
        row.addStretch()
        form.addRow("Background refresh", row)
        return group

    def _retention_group(self) -> QGroupBox:
        group = QGroupBox("Retention")
        form = _form(group)
        for key, label, low, high, suffix in RETENTION_NUMBERS:
            self.inputs[key] = _spin(label, low, high, suffix)
            form.addRow(label, self.inputs[key])
        return group

    def _providers_group(self) -> QGroupBox:
        group = QGroupBox("Providers")
        box = QVBoxLayout(group)
        self.providers = ProvidersModel()
        self.providers.invalid.connect(self._invalid_url)
        self.providers_view = QTableView()
        self.providers_view.setAccessibleName("Providers")
        self.providers_view.setModel(self.providers)
        self.providers_view.verticalHeader().setVisible(False)
        self.providers_view.setItemDelegate(FullTextTips(self.providers_view))
        header = self.providers_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in URL_COLUMNS:  # the addresses share what the others leave
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        # Every provider shown, no inner scroll bar: the page itself scrolls.
        self.providers_view.setSizeAdjustPolicy(QTableView.SizeAdjustPolicy.AdjustToContents)
        self.providers_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.providers_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        box.addWidget(self.providers_view)
        return group

    def _save_row(self) -> QHBoxLayout:
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Settings message")
        self.save = QPushButton("Save settings")
        self.save.setAccessibleName("Save settings")
        self.save.setProperty("primary", True)
        self.save.setEnabled(not self.profile.read_only)
        self.save.clicked.connect(self.save_settings)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.save)
        return row

    # ---- loading ---------------------------------------------------------------------

    def load(self) -> None:
        self.presenter.load()

    def _show(self, form: SettingsForm) -> None:
        settings = form.settings
        for key, widget in self.inputs.items():
            value = settings.get(key)
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            else:
                _set_number(widget, value)
        if self.profile.automation_enabled:
            start = settings.get("dashboard_quiet_hours_start")
            end = settings.get("dashboard_quiet_hours_end")
            self.quiet.setChecked(start is not None)
            _set_number(self.quiet_start, start or 0)
            _set_number(self.quiet_end, end or 0)
            self._quiet_toggled(start is not None)
            self.providers.set_rows(form.providers)
            view = self.providers_view
            view.setMinimumHeight(
                view.horizontalHeader().height()
                + view.verticalHeader().length()
                + 2 * view.frameWidth()
            )
        self.mark_loaded()

    def activated(self) -> None:
        """The first setting takes the focus (not the page's scroll area)."""
        self.inputs["auto_lock_timeout_seconds"].setFocus()

    def live_refresh(self, changes: Changes) -> None:
        """Settings changed elsewhere: shown, unless the form holds edits not saved yet."""
        if not self.is_loaded or not changes.tables & self.watches:
            return
        edited = self.presenter.changes(self.form_values())
        if edited or (self.profile.automation_enabled and self.providers.changes()):
            self.message.setText(
                "Another program changed these settings; Save settings writes yours over them."
            )
            return
        self.presenter.load()

    def _quiet_toggled(self, on: bool) -> None:
        self.quiet_start.setEnabled(on)
        self.quiet_end.setEnabled(on)

    def show_error(self, error: JobError) -> None:
        self.message.setText(error.message)
        super().show_error(error)  # the status line, and a dialog for damage or a bug

    # ---- saving ----------------------------------------------------------------------

    def form_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, widget in self.inputs.items():
            values[key] = widget.isChecked() if isinstance(widget, QCheckBox) else widget.value()
        if self.profile.automation_enabled:
            on = self.quiet.isChecked()
            values["dashboard_quiet_hours_start"] = self.quiet_start.value() if on else None
            values["dashboard_quiet_hours_end"] = self.quiet_end.value() if on else None
        return values

    def save_settings(self) -> None:
        changes = self.presenter.changes(self.form_values())
        provider_changes = self.providers.changes() if self.profile.automation_enabled else {}
        if not changes and not provider_changes:
            self.message.setText("Nothing to save.")
            return
        self.save.setEnabled(False)
        self.presenter.save(changes, provider_changes)

    def _saved(self) -> None:
        self.save.setEnabled(True)
        self.message.setText("Saved.")
        self.session.status.emit("Settings saved.")

    def _save_failed(self, error: JobError) -> None:
        self.save.setEnabled(True)
        self.message.setText(f"Not saved: {error.message}")
        super().show_error(error)

    def _invalid_url(self, text: str) -> None:
        self.message.setText(f"Not accepted: {text}")

    def _change_passphrase(self) -> None:
        from automation_admin.gui.dialogs.change_passphrase import ChangePassphraseDialog

        ChangePassphraseDialog(self.session, self.profile.profile, self).open()


def _set_number(widget: QSpinBox, value: Any) -> None:
    """Show a stored number, clamped: another program may have written one no spin box can
    hold (or text); None and text leave the box as it is."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        widget.setValue(int(max(widget.minimum(), min(widget.maximum(), value))))

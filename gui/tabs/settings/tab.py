"""Settings: the automation settings, retention periods, providers, passphrase."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
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

from automation_admin.gui.qtmodels.providers_model import ProvidersModel
from automation_admin.gui.session import OpenProfile, Session
from automation_admin.gui.tabs.base import BaseTab
from automation_admin.gui.worker import JobError
from automation_admin.models.store.vault import Vault

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

    def __init__(self, session: Session, profile: OpenProfile) -> None:
        super().__init__(session, profile)
        self._loaded: dict[str, Any] = {}
        self.inputs: dict[str, QSpinBox | QCheckBox] = {}
        automation = profile.automation_enabled
        body = QWidget()
        body.setMaximumWidth(980)
        column = QVBoxLayout(body)

        security = QGroupBox("Security")
        form = _form(security)
        self.inputs["auto_lock_timeout_seconds"] = _spin("Lock after idle", 0, 86_400, " s")
        self.inputs["auto_lock_timeout_seconds"].setSpecialValueText("Never")
        form.addRow("Lock after idle", self.inputs["auto_lock_timeout_seconds"])
        self.passwd = QPushButton("Change passphrase…")
        self.passwd.setAccessibleName("Change passphrase…")
        self.passwd.clicked.connect(self._change_passphrase)
        form.addRow("", self.passwd)
        column.addWidget(security)

        if automation:
            group = QGroupBox("Automation")
            form = _form(group)
            for key, label in SWITCHES:
                box = QCheckBox(label)
                box.setAccessibleName(label)
                self.inputs[key] = box
                form.addRow("", box)
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
            column.addWidget(group)

            group = QGroupBox("Retention")
            form = _form(group)
            for key, label, low, high, suffix in RETENTION_NUMBERS:
                self.inputs[key] = _spin(label, low, high, suffix)
                form.addRow(label, self.inputs[key])
            column.addWidget(group)

            group = QGroupBox("Providers")
            box = QVBoxLayout(group)
            self.providers = ProvidersModel()
            self.providers.invalid.connect(self._invalid_url)
            self.providers_view = QTableView()
            self.providers_view.setAccessibleName("Providers")
            self.providers_view.setModel(self.providers)
            self.providers_view.verticalHeader().setVisible(False)
            self.providers_view.horizontalHeader().setSectionResizeMode(
                QHeaderView.ResizeMode.ResizeToContents
            )
            self.providers_view.horizontalHeader().setStretchLastSection(True)
            self.providers_view.setMinimumHeight(220)
            box.addWidget(self.providers_view)
            column.addWidget(group)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Settings message")
        self.save = QPushButton("Save settings")
        self.save.setAccessibleName("Save settings")
        self.save.setProperty("primary", True)
        self.save.setEnabled(not profile.read_only)
        self.save.clicked.connect(self.save_settings)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save)
        column.addLayout(buttons)
        column.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    # ---- loading ---------------------------------------------------------------------

    def load(self) -> None:
        self.session.worker.submit(_load_all, self._show, self._error, key="settings.load")

    def _show(self, data: dict[str, Any]) -> None:
        self._loaded = data["settings"]
        for key, widget in self.inputs.items():
            value = self._loaded.get(key)
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            else:
                _set_number(widget, value)
        if self.profile.automation_enabled:
            start = self._loaded.get("dashboard_quiet_hours_start")
            end = self._loaded.get("dashboard_quiet_hours_end")
            self.quiet.setChecked(start is not None)
            _set_number(self.quiet_start, start or 0)
            _set_number(self.quiet_end, end or 0)
            self._quiet_toggled(start is not None)
            self.providers.set_rows(data["providers"])
        self.mark_loaded()

    def _quiet_toggled(self, on: bool) -> None:
        self.quiet_start.setEnabled(on)
        self.quiet_end.setEnabled(on)

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
        changes = {k: v for k, v in self.form_values().items() if self._loaded.get(k) != v}
        provider_changes = self.providers.changes() if self.profile.automation_enabled else {}
        if not changes and not provider_changes:
            self.message.setText("Nothing to save.")
            return
        self.save.setEnabled(False)
        self.session.worker.submit(
            lambda v: _save_all(v, changes, provider_changes),
            self._saved,
            self._save_failed,
            key="settings.save",
        )

    def _saved(self, data: dict[str, Any]) -> None:
        self.save.setEnabled(True)
        self._show(data)
        self.message.setText("Saved.")
        self.session.status.emit("Settings saved.")

    def _save_failed(self, error: JobError) -> None:
        self.save.setEnabled(True)
        self.message.setText(f"Not saved: {error.message}")
        self.report(error)

    def _invalid_url(self, text: str) -> None:
        self.message.setText(f"Not accepted: {text}")

    def _error(self, error: JobError) -> None:
        self.message.setText(error.message)
        self.report(error)
        self.mark_loaded()

    def _change_passphrase(self) -> None:
        from automation_admin.gui.dialogs.change_passphrase import ChangePassphraseDialog

        ChangePassphraseDialog(self.session, self.profile.profile, self).open()


def _set_number(widget: QSpinBox, value: Any) -> None:
    """Show a stored number, clamped: another program may have written one no spin box can
    hold (or text); None and text leave the box as it is."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        widget.setValue(int(max(widget.minimum(), min(widget.maximum(), value))))


def _load_all(vault: Vault | None) -> dict[str, Any]:
    from automation_admin.models.settings.providers import list_providers
    from automation_admin.models.settings.store import load_settings

    if vault is None:
        raise RuntimeError("the vault is locked")
    providers = list_providers(vault) if vault.automation_enabled else []
    return {"settings": load_settings(vault), "providers": providers}


def _save_all(
    vault: Vault | None, changes: dict[str, Any], providers: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    from automation_admin.models.settings.providers import update_provider
    from automation_admin.models.settings.store import save_settings

    if vault is None:
        raise RuntimeError("the vault is locked")
    with vault.database().atomic():
        if changes:
            save_settings(vault, changes)
        for provider_id, diff in providers.items():
            update_provider(vault, provider_id, diff)
    return _load_all(vault)

"""The selected key's latest snapshot in words, with the raw JSON on demand."""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime

from PySide6.QtWidgets import QCheckBox, QTextBrowser, QVBoxLayout, QWidget

from automation_admin.gui.formatting import exact, money, relative, words
from automation_admin.models.dashboard.service import KeyRow
from automation_admin.models.store.jsonview import JsonValue
from automation_admin.models.store.timeutil import parse_timestamp


def _e(value: object) -> str:
    return html.escape(str(value))


def _list(values: object) -> str:
    if isinstance(values, list) and values:
        return ", ".join(_e(v) for v in values)
    return "none"


def expected_text(expected: str | None, now: datetime) -> str:
    """' · next collection expected in 12 min (14:05 UTC)', or overdue since when."""
    if expected is None:
        return ""
    due = parse_timestamp(expected)
    seconds = int((due - now.astimezone(UTC)).total_seconds())
    at = f"{due:%H:%M} UTC" if abs(seconds) < 86400 else exact(expected)
    if seconds >= 0:
        minutes = max(seconds // 60, 1)
        span = f"{minutes} min" if minutes < 120 else f"{minutes // 60} h"
        return f" · next collection expected in {span} ({at})"
    return f" · next collection was expected {relative(expected, now)} ({at})"


class KeyDetail(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.text = QTextBrowser()
        self.text.setAccessibleName("Key details")
        self.text.setOpenExternalLinks(False)
        self.raw = QCheckBox("Show raw JSON")
        self.raw.setAccessibleName("Show raw JSON")
        self.raw.toggled.connect(lambda _on: self._render())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.raw)
        self.row: KeyRow | None = None
        self.now = datetime.now()
        self.show_key(None, self.now)

    def show_key(self, row: KeyRow | None, now: datetime) -> None:
        self.row, self.now = row, now
        self._render()

    def html_for(self, row: KeyRow) -> str:
        """The state first, in two lines; then usage beside configuration and restrictions,
        so the pane reads without scrolling where it is wide rather than tall."""
        parts = [f"<h3 style='margin: 0'>{_e(row.key_name)}</h3><p>{_e(row.provider_name)}"]
        if row.projects:
            parts.append(f" · used by {_e(', '.join(row.projects))}")
        parts.append("</p>")
        if row.snapshot_id is None:
            parts.append(
                "<p>No collection yet. The dashboard collector has not reported on this key.</p>"
            )
            return "".join(parts)
        bad = row.invalid_json
        if bad:
            parts.append(
                f"<p><b>⚠ Warning:</b> the {_e(', '.join(bad))} data written by another "
                "program is not valid JSON; it is shown raw below.</p>"
            )
        parts.append(
            f"<p><b>Health:</b> {_e(words(row.health))} · <b>Service:</b> "
            f"{_e(words(row.service))} · <b>Freshness:</b> {_e(row.staleness)}"
            f"{_e(expected_text(row.next_expected, self.now))}<br>"
            f"<b>Last collected:</b> {_e(relative(row.collected_at, self.now))} "
            f"({_e(exact(row.collected_at))}) by {_e(row.collection_method)}, "
            f"{_e(words(row.collection_status))}</p>"
        )
        if row.error:
            parts.append(f"<p><b>Error:</b> {_e(row.error)}</p>")
        usage = row.usage.value if isinstance(row.usage.value, dict) else {}
        parts.append("<table width='100%' cellspacing='0'><tr><td valign='top' width='50%'>")
        parts.append("<h4 style='margin: 0'>Usage</h4><table cellpadding='1'>")
        for label, key in (
            ("Requests today", "requests_today"),
            ("Requests this month", "requests_this_month"),
            ("Quota used", "quota_used_percent"),
        ):
            if usage.get(key) is not None:
                unit = " %" if key == "quota_used_percent" else ""
                parts.append(f"<tr><td>{label}</td><td><b>{_e(usage[key])}{unit}</b></td></tr>")
        if row.cost is not None:
            parts.append(
                f"<tr><td>Cost this month</td><td><b>{_e(money(row.cost, row.currency))}"
                "</b></td></tr>"
            )
        for key, value in (
            (usage.get("custom_metrics") or {}).items()
            if isinstance(usage.get("custom_metrics"), dict)
            else []
        ):
            parts.append(f"<tr><td>{_e(words(key))}</td><td>{_e(value)}</td></tr>")
        parts.append("</table></td><td valign='top'>")
        config = row.config.value if isinstance(row.config.value, dict) else {}
        if config:
            parts.append(
                "<h4 style='margin: 0'>Configuration</h4><p>"
                f"API version {_e(config.get('api_version', 'n/a'))} · region "
                f"{_e(config.get('region', 'n/a'))} · tier {_e(config.get('tier', 'n/a'))}<br>"
                f"Features: {_list(config.get('enabled_features'))}</p>"
            )
        restrictions = row.restrictions.value if isinstance(row.restrictions.value, dict) else {}
        if restrictions:
            expiry = "no expiry"
            days = row.days_to_expiry(self.now.date())
            if row.expires_on:
                expiry = f"expires {_e(row.expires_on)}"
                if days is not None:
                    expiry += (
                        f" (in {days} day{'s' if days != 1 else ''})"
                        if days >= 0
                        else f" (expired {-days} days ago)"
                    )
            parts.append(
                "<h4 style='margin: 0'>Restrictions</h4><p>"
                f"Rate limits: {_e(restrictions.get('rate_limit_per_minute', 'n/a'))}/min, "
                f"{_e(restrictions.get('rate_limit_per_day', 'n/a'))}/day<br>"
                f"Scopes: {_list(restrictions.get('allowed_scopes'))}<br>"
                f"IP restrictions: {_list(restrictions.get('ip_restrictions'))}<br>"
                f"Key: {expiry}</p>"
            )
        parts.append("</td></tr></table>")
        if row.warnings:
            parts.append(
                "<h4>Warnings</h4><ul>"
                + "".join(f"<li>⚠ {_e(w)}</li>" for w in row.warnings)
                + "</ul>"
            )
        return "".join(parts)

    def raw_for(self, row: KeyRow) -> str:
        def block(title: str, value: JsonValue) -> str:
            if not value.present:
                return f"<h4>{title}</h4><p>empty</p>"
            text = json.dumps(value.value, indent=2) if value.valid else value.raw
            note = "" if value.valid else " (invalid JSON, shown as written)"
            return f"<h4>{title}{note}</h4><pre>{_e(text)}</pre>"

        return (
            block("usage_stats_json", row.usage)
            + block("config_attributes_json", row.config)
            + block("restrictions_json", row.restrictions)
            + block("warnings_json", row.warnings_json)
        )

    def _render(self) -> None:
        if self.row is None:
            self.text.setHtml("<p>Select a key to see its latest collection.</p>")
            return
        self.text.setHtml(
            self.raw_for(self.row) if self.raw.isChecked() else self.html_for(self.row)
        )

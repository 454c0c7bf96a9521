"""The Settings tab's data: one read, and one all-or-nothing write of the settings row and
the providers together (a refused provider URL leaves the settings as they were too)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from automation_admin.models.settings.providers import list_providers, update_provider
from automation_admin.models.settings.store import load_settings, save_settings
from automation_admin.models.store.vault import Vault


@dataclass(frozen=True)
class SettingsForm:
    settings: dict[str, Any]  # column -> value, the columns this vault has
    providers: list[dict[str, Any]]  # empty until automation is enabled


def load_form(vault: Vault) -> SettingsForm:
    providers = list_providers(vault) if vault.automation_enabled else []
    return SettingsForm(load_settings(vault), providers)


def save_form(
    vault: Vault, changes: dict[str, Any], providers: dict[str, dict[str, Any]]
) -> SettingsForm:
    """Store changed settings and provider columns (provider id -> column -> value) in one
    transaction; audited as each part is. Returns the form as stored."""
    with vault.database().atomic():
        if changes:
            save_settings(vault, changes)
        for provider_id, diff in providers.items():
            update_provider(vault, provider_id, diff)
    return load_form(vault)

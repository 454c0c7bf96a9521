"""The Settings tab's write: settings and providers stored together, or not at all."""

from __future__ import annotations

import pytest

from automation_admin.models.settings.service import load_form, save_form
from automation_admin.models.store.errors import ValidationError
from automation_admin.models.store.vault import Vault


def stored(vault: Vault) -> tuple[object, ...]:
    row = (
        vault.database()
        .execute_sql(
            "SELECT s.discovery_retention_days, p.dashboard_url FROM profile_settings s, "
            "providers p WHERE p.id = 'generic'"
        )
        .fetchone()
    )
    return tuple(row)


def test_form_reads_settings_and_providers(vault: Vault) -> None:
    form = load_form(vault)
    assert form.settings["discovery_retention_days"] == stored(vault)[0]
    assert [p["display_name"] for p in form.providers if p["id"] == "generic"] == ["Unassigned"]


def test_before_automation_there_are_no_providers_to_edit(vault_v1: Vault) -> None:
    assert load_form(vault_v1).providers == []


def test_settings_and_providers_are_saved_together(vault: Vault) -> None:
    form = save_form(
        vault,
        {"discovery_retention_days": 45},
        {"generic": {"dashboard_url": "https://dashboard.example.com"}},
    )
    assert stored(vault) == (45, "https://dashboard.example.com")
    assert form.settings["discovery_retention_days"] == 45
    assert next(p for p in form.providers if p["id"] == "generic")["dashboard_url"] == (
        "https://dashboard.example.com"
    )
    events = {r[0] for r in vault.database().execute_sql("SELECT event_type FROM audit_events")}
    assert {"automation.settings.changed", "automation.provider.changed"} <= events


def test_a_refused_provider_keeps_the_settings_as_they_were(vault: Vault) -> None:
    before = stored(vault)
    with pytest.raises(ValidationError):
        save_form(
            vault,
            {"discovery_retention_days": 45},
            {"generic": {"dashboard_url": "http://insecure.example.com"}},
        )
    assert stored(vault) == before
    changed = vault.database().execute_sql(
        "SELECT count(*) FROM audit_events WHERE event_type = 'automation.settings.changed'"
    )
    assert changed.fetchone() == (0,)

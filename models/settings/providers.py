"""Providers: read for every view, and the automation columns edited in Settings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast
from urllib.parse import urlparse

from automation_admin.models.schema.base import Provider
from automation_admin.models.store import audit
from automation_admin.models.store.errors import ValidationError
from automation_admin.models.store.timeutil import now_timestamp
from automation_admin.models.store.vault import Vault

EDITABLE = ("dashboard_url", "api_base_url", "dashboard_supported", "discovery_enabled")
URL_COLUMNS = ("dashboard_url", "api_base_url")


def list_providers(vault: Vault) -> list[dict[str, Any]]:
    present = vault.columns_of("providers")
    fields = [f for f in Provider._meta.sorted_fields if f.column_name in present]
    rows = Provider.select(*fields).order_by(Provider.display_name).dicts()
    return [dict(row) for row in cast(Iterable[dict[str, Any]], rows)]  # stubs: dicts() rows


def check_url(column: str, value: Any) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValidationError(column, "expected a URL")
    parsed = urlparse(value.strip())
    if parsed.scheme != "https" or not parsed.netloc or " " in value.strip():
        raise ValidationError(column, "must be an https:// URL")
    return value.strip()


def update_provider(vault: Vault, provider_id: str, changes: dict[str, Any]) -> dict[str, Any]:
    vault.require_writable()
    vault.require_automation()
    clean: dict[str, Any] = {}
    for column, value in changes.items():
        if column not in EDITABLE:
            raise ValidationError(column, "not editable here")
        if column in URL_COLUMNS:
            clean[column] = check_url(column, value)
        elif isinstance(value, bool) or value in (0, 1):
            clean[column] = bool(value)
        else:
            raise ValidationError(column, "expected true or false")
    current = next((p for p in list_providers(vault) if p["id"] == provider_id), None)
    if current is None:
        raise ValidationError("id", "no such provider")
    changed = {k: v for k, v in clean.items() if current.get(k) != v}
    if changed:
        with vault.database().atomic():
            Provider.update(**changed, updated_at=now_timestamp()).where(
                Provider.id == provider_id
            ).execute()
            audit.record(
                vault.profile_id,
                audit.PROVIDER_CHANGED,
                {"provider": provider_id, "changed": changed},
            )
    return current | changed


def provider_choices(vault: Vault) -> list[tuple[str, str]]:
    """(id, display name) of every provider, for filter boxes."""
    return [(p["id"], p["display_name"]) for p in list_providers(vault)]

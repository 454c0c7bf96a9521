"""The profile's settings row, read and written with only the columns its version has."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models.errors import AdminError
from models.schema.base import ProfileSettings
from models.vault import Vault

RETENTION_DAY_COLUMNS = (
    "summary_retention_days",
    "discovery_retention_days",
    "search_log_retention_days",
    "execution_retention_days",
    "checkpoint_retention_days",
    "screenshot_retention_days",
)


def available_fields(vault: Vault) -> list[Any]:
    v2 = set(ProfileSettings.V2_COLUMNS)
    return [
        f
        for f in ProfileSettings._meta.sorted_fields
        if f.column_name != "totp_secret_enc"
        and (vault.automation_enabled or f.column_name not in v2)
    ]


def load_settings(vault: Vault) -> dict[str, Any]:
    fields = available_fields(vault)
    row = (
        ProfileSettings.select(*fields)
        .where(ProfileSettings.profile_id == vault.profile_id)
        .dicts()
        .first()
    )
    if row is None:
        raise AdminError("The vault has no settings row for this profile; run `check`.")
    return dict(row)


@dataclass(frozen=True)
class RetentionSettings:
    snapshots_kept_per_secret: int
    summary_retention_days: int
    discovery_retention_days: int
    search_log_retention_days: int
    execution_retention_days: int
    checkpoint_retention_days: int
    screenshot_retention_days: int
    audit_retention_max_days: int | None
    audit_retention_max_count: int | None

    @classmethod
    def load(cls, vault: Vault) -> RetentionSettings:
        values = load_settings(vault)
        for column in (*RETENTION_DAY_COLUMNS, "snapshots_kept_per_secret"):
            value = values.get(column)
            if not isinstance(value, int) or value < 1:
                raise AdminError(f"Setting {column} must be at least 1; fix it in Settings.")
        return cls(**{k: values[k] for k in cls.__dataclass_fields__})

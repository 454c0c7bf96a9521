"""The profile's settings row, read and written with only the columns its version has."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from automation_admin.models.schema.base import ProfileSettings
from automation_admin.models.store import audit
from automation_admin.models.store.errors import AdminError, ValidationError
from automation_admin.models.store.timeutil import now_timestamp
from automation_admin.models.store.validation import converter_for
from automation_admin.models.store.vault import Vault

RETENTION_DAY_COLUMNS = (
    "summary_retention_days",
    "discovery_retention_days",
    "search_log_retention_days",
    "execution_retention_days",
    "checkpoint_retention_days",
    "screenshot_retention_days",
)


def available_fields(vault: Vault) -> list[Any]:
    """The settings columns this vault really has (a newer or older writer may differ)."""
    present = vault.columns_of("profile_settings")
    return [
        f
        for f in ProfileSettings._meta.sorted_fields
        if f.column_name != "totp_secret_enc" and f.column_name in present
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


HOUR_PAIR = ("dashboard_quiet_hours_start", "dashboard_quiet_hours_end")


def save_settings(vault: Vault, changes: dict[str, Any]) -> dict[str, Any]:
    """Validate and store changed settings; audited. Returns the settings as stored."""
    vault.require_writable()
    fields = {f.column_name: f for f in available_fields(vault)}
    current = load_settings(vault)
    clean: dict[str, Any] = {}
    for column, value in changes.items():
        field = fields.get(column)
        if field is None or column == "profile_id" or column == "updated_at":
            raise ValidationError(column, "not a setting that can be changed here")
        if value is None:
            if not field.null:
                raise ValidationError(column, "cannot be empty")
            clean[column] = None
            continue
        try:
            clean[column] = converter_for(field)(value)
        except Exception as exc:  # the converter's refusal, named by column
            raise ValidationError(column, str(exc)) from None
    merged = current | clean
    if HOUR_PAIR[0] in merged and (merged[HOUR_PAIR[0]] is None) != (merged[HOUR_PAIR[1]] is None):
        raise ValidationError(HOUR_PAIR[0], "quiet hours need both a start and an end hour")
    changed = {k: v for k, v in clean.items() if current.get(k) != v}
    if not changed:
        return current
    with vault.database().atomic():
        ProfileSettings.update(**changed, updated_at=now_timestamp()).where(
            ProfileSettings.profile_id == vault.profile_id
        ).execute()
        audit.record(
            vault.profile_id,
            audit.SETTINGS_CHANGED,
            {k: {"from": current.get(k), "to": v} for k, v in changed.items()},
        )
    return load_settings(vault)


MAX_RETENTION_SETTING = 1_000_000


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
            # Another program may have written anything: a count SQLite cannot bind either.
            if not isinstance(value, int) or not 1 <= value <= MAX_RETENTION_SETTING:
                raise AdminError(
                    f"Setting {column} must be between 1 and {MAX_RETENTION_SETTING:,}; "
                    "fix it in Settings."
                )
        return cls(**{k: values[k] for k in cls.__dataclass_fields__})

"""The profile settings that change how the window follows the vault: the refresh interval
(how old a collection may be) and the quiet hours (when notifications wait)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from automation_admin.models.store import sql
from automation_admin.models.store.vault import Vault

LIVE_SETTINGS = (
    "dashboard_refresh_interval_seconds",
    "dashboard_quiet_hours_start",
    "dashboard_quiet_hours_end",
)


@dataclass(frozen=True)
class LiveSettings:
    """The profile settings that change how the window follows the vault."""

    refresh_interval_seconds: int | None
    quiet_start: int | None
    quiet_end: int | None


def read_live_settings(vault: Vault) -> LiveSettings:
    columns = vault.columns_of("profile_settings")
    wanted = [c for c in LIVE_SETTINGS if c in columns]
    values: dict[str, Any] = {}
    if wanted:
        row = sql.first(
            vault.database(),
            f"SELECT {', '.join(wanted)} FROM profile_settings WHERE profile_id = ?",
            (vault.profile_id,),
        )
        values = dict(zip(wanted, row, strict=True)) if row else {}

    def hour(name: str) -> int | None:
        value = values.get(name)
        return value if isinstance(value, int) and 0 <= value <= 23 else None

    interval = values.get("dashboard_refresh_interval_seconds")
    return LiveSettings(
        interval if isinstance(interval, int) and interval > 0 else None,
        hour("dashboard_quiet_hours_start"),
        hour("dashboard_quiet_hours_end"),
    )

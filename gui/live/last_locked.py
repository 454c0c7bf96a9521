"""When this profile was last locked on this computer, for the summary after unlock.

Kept in the Qt settings file, in its own group per profile (`live/<profile id>`): it is a
timestamp about this computer's session, not vault content, and writing it into the vault
would mean a write at every lock (and none on a read-only vault, or after a crash). A
heartbeat while unlocked keeps it within a minute if the program ends without locking.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from automation_admin.models.store.timeutil import is_timestamp, now_timestamp

GROUP = "live"


class LockRecord:
    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    def _key(self, profile_id: str) -> str:
        return f"{GROUP}/{profile_id}/last_locked_at"

    def last_locked(self, profile_id: str) -> str | None:
        """The vault's timestamp format, or None (never locked here, or the file was edited)."""
        value = self.settings.value(self._key(profile_id))
        return value if isinstance(value, str) and is_timestamp(value) else None

    def record(self, profile_id: str, when: str | None = None) -> None:
        self.settings.setValue(self._key(profile_id), when or now_timestamp())
        self.settings.sync()

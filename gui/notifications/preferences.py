"""Which kinds of notification reach the desktop, per profile, in the Qt settings file: a
choice about this computer's desktop, not vault content, so it is not in the vault. Its own
group (`notifications/<profile id>`) keeps it apart from window and layout state."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from automation_admin.models.live.events import EventKind

GROUP = "notifications"


class NotificationPreferences:
    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    def _key(self, profile_id: str) -> str:
        return f"{GROUP}/{profile_id}/desktop_kinds"

    def kinds(self, profile_id: str) -> set[EventKind]:
        """Every kind until the person chooses (an unknown name in the file is ignored)."""
        stored = self.settings.value(self._key(profile_id))
        if stored is None:
            return set(EventKind)
        names = str(stored).split(",") if stored else []
        return {EventKind(n) for n in names if n in EventKind._value2member_map_}

    def set_kinds(self, profile_id: str, kinds: set[EventKind]) -> None:
        chosen = ",".join(kind.value for kind in EventKind if kind in kinds)
        self.settings.setValue(self._key(profile_id), chosen)
        self.settings.sync()

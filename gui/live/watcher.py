"""The poll: every couple of seconds while a vault is open, one small job on the database
worker asks whether anything was committed (models/live/watch.py); only an answer with
changes comes back as a signal. Locked, nothing runs."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from automation_admin.gui.session import Session
from automation_admin.gui.worker import JobError
from automation_admin.models.live.settings import LiveSettings
from automation_admin.models.live.watch import Changes, ChangeWatcher
from automation_admin.models.store.errors import VaultReplaced

POLL_MS = 2000
log = logging.getLogger(__name__)


class LiveWatcher(QObject):
    started = Signal(object)  # LiveSettings: the baseline is taken
    changed = Signal(object)  # Changes
    trouble = Signal(str)  # the poll failed (said once until it works again)
    lost = Signal(object)  # JobError: another file is in the vault's place, or none

    def __init__(self, session: Session, interval_ms: int = POLL_MS) -> None:
        super().__init__()
        self.session = session
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self._state: ChangeWatcher | None = None
        self._in_flight = False
        self._failing = False

    @property
    def running(self) -> bool:
        return self._state is not None

    def start(self) -> None:
        """After unlock: take the baseline, then poll."""
        state = self._state = ChangeWatcher()
        self._in_flight = True
        self.session.jobs.run(
            state.start,
            done=lambda settings: self._started(state, settings),
            failed=self._failed,
            key="live.start",
        )
        self.timer.start()

    def stop(self) -> None:
        """Locked: nothing polls, and an answer still on its way is dropped."""
        self.timer.stop()
        self._state = None
        self._in_flight = False

    def poll(self) -> None:
        state = self._state
        if state is None or self._in_flight:
            return
        self._in_flight = True
        self.session.jobs.run(
            state.poll,
            done=lambda changes: self._polled(state, changes),
            failed=self._failed,
            key="live.poll",
        )

    def _started(self, state: ChangeWatcher, settings: LiveSettings) -> None:
        if state is self._state:
            self._in_flight = False
            self.started.emit(settings)

    def _polled(self, state: ChangeWatcher, changes: Changes | None) -> None:
        if state is not self._state:
            return
        self._in_flight = False
        self._failing = False
        if changes is not None:
            self.changed.emit(changes)

    def _failed(self, error: JobError) -> None:
        """A busy or damaged vault is said once (a damaged page is told by the tab that
        reads it) and the next poll tries again; a replaced one stops the poll (going on
        would show, and write, a file nobody reads)."""
        self._in_flight = False
        if isinstance(error.explained, VaultReplaced) and self._state is not None:
            self.stop()
            self.lost.emit(error)
            return
        if not self._failing:
            self._failing = True
            log.warning("live poll failed: %s", error.message)
            self.trouble.emit(f"Could not check the vault for changes: {error.message}")

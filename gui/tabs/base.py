"""What every tab shares: the session, its jobs on the worker with one failure handler, and a
`loaded` signal for screenshots and tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, TypeVarTuple

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from automation_admin.gui.jobs import Jobs
from automation_admin.gui.session import OpenProfile, Session
from automation_admin.gui.worker import JobError
from automation_admin.models.live.watch import Changes
from automation_admin.models.store.vault import Vault

R = TypeVar("R")
Ts = TypeVarTuple("Ts")


class BaseTab(QWidget):
    title = ""
    # The vault tables whose changes this tab shows (the live refresh asks it when they move).
    watches: frozenset[str] = frozenset()
    loaded = Signal()
    navigate = Signal(str, object)  # another tab's name, and what to show there

    def __init__(self, session: Session, profile: OpenProfile) -> None:
        super().__init__()
        self.session = session
        self.profile = profile
        self.is_loaded = False
        self.jobs = Jobs(session.worker, self.failed)

    def run(
        self,
        fn: Callable[[Vault, *Ts], R],
        *args: *Ts,
        done: Callable[[R], None] | None = None,
        key: str | None = None,
        failed: Callable[[JobError], None] | None = None,
    ) -> None:
        """`fn(vault, *args)` on the worker, the answer to `done`, a failure to `failed` (by
        default the tab's own). A tab's presenter runs its jobs through the same `jobs`."""
        self.jobs.run(fn, *args, done=done, key=key, failed=failed)

    def failed(self, error: JobError) -> None:
        """Where a failed job of this tab ends: tell the user, and never leave a screenshot
        (or a test) waiting for data that will not come."""
        self.show_error(error)
        if not self.is_loaded:
            self.mark_loaded()

    def show_error(self, error: JobError) -> None:
        """How this tab tells the user what went wrong (the one place to change how): the
        status line, and for damage, the environment, a newer vault or a bug one dialog that
        says what to do (Session.report_failure, gui/dialogs/failure.py). A tab that shows
        failures in its own label overrides this and still calls it."""
        self.session.report_failure(self, error, self.title)

    def load(self) -> None:
        """Ask the worker for this tab's data; call `mark_loaded` when it is shown."""
        self.mark_loaded()

    def mark_loaded(self) -> None:
        self.is_loaded = True
        self.loaded.emit()

    def activated(self) -> None:
        """The tab was brought to the front (focus the right control)."""

    def providers_loaded(self, providers: list[tuple[str, str]]) -> None:
        """(id, display name) of every provider, read once per unlock for all tabs."""

    def show_named_view(self, name: str) -> None:
        """Bring one of the tab's views (for example "audit") to the front."""

    def open_item(self, item: object) -> None:
        """Show one item (a finding id, a script id…) that another tab asked for."""

    def live_refresh(self, changes: Changes) -> None:
        """Another program (or another tab) changed `changes.tables`, some of which this tab
        watches, or changed the vault in a way no table mark shows while this tab is in
        front: show it without losing the person's place."""

"""The unlocked session: who is open, unlocking, locking, and background retention.

All vault work goes through the `DatabaseWorker`; this object only keeps UI-side state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from automation_admin.gui.jobs import Jobs
from automation_admin.gui.worker import DatabaseWorker, JobError, Opened
from automation_admin.models.store.index_store import ProfileRecord
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.vault import Vault
from automation_admin.models.store.vault import unlock as unlock_vault

RETENTION_INTERVAL_MS = 60 * 60 * 1000
RETENTION_DELAY_MS = 1500
RESCRUB_DELAY_MS = 1000
SORT_INDEXES_DELAY_MS = 500


@dataclass(frozen=True)
class OpenProfile:
    """What the UI may know about the open vault (no key, no connection)."""

    profile: ProfileRecord
    schema_version: int
    read_only: bool
    automation_enabled: bool
    auto_lock_seconds: int
    is_demo: bool


def describe(vault: Vault, is_demo: bool) -> OpenProfile:
    from automation_admin.models.settings.store import load_settings

    settings = load_settings(vault)
    return OpenProfile(
        vault.profile,
        vault.schema_version,
        vault.read_only,
        vault.automation_enabled,
        int(settings["auto_lock_timeout_seconds"]),
        is_demo,
    )


class Session(QObject):
    unlocked = Signal(object)  # OpenProfile
    locked = Signal()
    status = Signal(str)
    # What the window says while missing sort indexes are built after unlock; "" when none.
    indexing = Signal(str)
    error = Signal(object)  # JobError nobody else handled

    def __init__(self, layout: DataLayout, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.layout = layout
        self.worker = DatabaseWorker(self)
        self.worker.unhandled.connect(self.error)
        # Jobs of the session itself; a failure nobody handles goes to `error`.
        self.jobs = Jobs(self.worker, self.worker.unhandled_error)
        self.current: OpenProfile | None = None
        self._retention = QTimer(self)
        self._retention.setInterval(RETENTION_INTERVAL_MS)
        self._retention.timeout.connect(self.run_retention)

    # ---- unlock ----------------------------------------------------------------------

    def unlock(self, profile: str, passphrase: str, on_error: Callable[[JobError], None]) -> None:
        """Open `profile` (a display name or an id) with `passphrase`, on the worker."""
        layout = self.layout

        def open_vault() -> Vault:
            # The sort indexes a vault lacks take a minute on a large one: built after
            # unlock (build_sort_indexes), never in front of it.
            return unlock_vault(layout, profile, passphrase, defer_sort_indexes=True)

        self._open(open_vault, on_error, is_demo=False)

    def open_demo(self, on_error: Callable[[JobError], None]) -> None:
        """Open the demo profile, making it with its data on first use."""
        layout = self.layout

        def open_vault() -> Vault:
            from automation_admin.models.demo.profile import open_demo

            return open_demo(layout, defer_sort_indexes=True)

        self._open(open_vault, on_error, is_demo=True)

    def _open(
        self,
        open_vault: Callable[[], Vault],
        on_error: Callable[[JobError], None],
        is_demo: bool,
    ) -> None:
        def job(previous: Vault | None) -> Opened:
            if previous is not None:
                previous.lock()
            vault = open_vault()
            try:
                return Opened(vault, describe(vault, is_demo))
            except BaseException:
                vault.lock()
                raise

        def done(info: OpenProfile) -> None:
            self.current = info
            self.unlocked.emit(info)
            if not self.current.read_only:
                # Behind the first view's queries (the worker is serial), not in front of them.
                QTimer.singleShot(RESCRUB_DELAY_MS, self._first_rescrub)
            if self.current.automation_enabled and not self.current.read_only:
                QTimer.singleShot(SORT_INDEXES_DELAY_MS, self._first_sort_indexes)
            if self.current.automation_enabled and not self.current.read_only:
                QTimer.singleShot(RETENTION_DELAY_MS, self._first_retention)
                self._retention.start()

        self.worker.submit(job, done, on_error, key="session.unlock")

    def refresh_profile(self) -> None:
        """Re-read what the UI knows of the open vault (after enabling automation)."""
        if self.current is None:
            return
        is_demo = self.current.is_demo

        def done(info: OpenProfile) -> None:
            self.current = info
            self.unlocked.emit(info)

        self.jobs.run(describe, is_demo, done=done, key="session.refresh")

    # ---- lock ------------------------------------------------------------------------

    def lock(self) -> None:
        if self.current is None:
            return
        self._retention.stop()
        self.worker.forget_all()
        self.worker.submit(_lock)
        self.current = None
        self.indexing.emit("")
        self.locked.emit()

    # ---- retention -------------------------------------------------------------------

    def _first_retention(self) -> None:
        if self.current is not None:
            self.run_retention()

    def run_retention(self) -> None:
        self.jobs.run(
            _retention,
            done=self.status.emit,
            failed=lambda err: self._background_failed(err, "Retention"),
            key="session.retention",
        )

    # ---- re-scrub ------------------------------------------------------------------

    def _first_rescrub(self) -> None:
        if self.current is not None:
            self.run_rescrub()

    def run_rescrub(self) -> None:
        """Rewrite stored rows that hold a secret value, one chunk per worker job so the
        views' queries go in between (models/security/rescrub.py)."""
        from automation_admin.models.security import rescrub

        def failed(err: JobError) -> None:
            self._background_failed(err, "Redaction")

        def advance(state: rescrub.RescrubState) -> None:
            if not state.done:
                self.jobs.run(rescrub.step, state, done=advance, failed=failed)
                return
            self.jobs.run(rescrub.finish, state, done=done, failed=failed)

        def done(report: rescrub.RescrubReport) -> None:
            if report.rows:
                self.status.emit(report.summary())

        self.jobs.run(rescrub.start, done=advance, failed=failed)

    # ---- sort indexes --------------------------------------------------------------

    def _first_sort_indexes(self) -> None:
        if self.current is not None:
            self.build_sort_indexes()

    def build_sort_indexes(self) -> None:
        """Build the plain indexes the vault lacks (a vault another program migrated, or one
        from before a new list order), one per worker job, so the lists' queries run in
        between: they are right without them, only slower, which the status bar says."""
        total = 0

        def failed(err: JobError) -> None:
            self.indexing.emit("")
            self._background_failed(err, "Building sort indexes")

        def advance(missing: list[str]) -> None:
            nonlocal total
            total = total or len(missing)
            if not missing:
                self.indexing.emit("")
                if total:
                    self.status.emit("Sort indexes built: every list order is fast.")
                return
            self.indexing.emit(
                f"Building sort indexes ({total - len(missing) + 1} of {total})… "
                "lists may be slow until done"
            )
            self.jobs.run(
                _build_sort_index, missing[0], done=lambda _n: advance(missing[1:]), failed=failed
            )

        self.jobs.run(_missing_sort_indexes, done=advance, failed=failed)

    # ---- failures --------------------------------------------------------------------

    def _background_failed(self, error: JobError, where: str) -> None:
        # In the background: a busy or full disk is only told; damage and bugs must be seen.
        if error.kind in ("damaged", "bug"):
            self.report_failure(None, error, where)
        else:
            self.status.emit(f"{where} did not run: {error.message}")

    def report_failure(self, parent: QWidget | None, error: JobError, where: str = "") -> None:
        """Every failure the window meets: a status line, and a dialog for the kinds that
        need one (gui/dialogs/failure.py), naming this profile's newest backup on damage."""
        from automation_admin.gui.dialogs.failure import report_failure

        self.status.emit(f"{where}: {error.message}" if where else error.message)
        backups = None
        if self.current is not None:
            backups = (self.layout.backups_dir, self.current.profile.id)
        report_failure(parent, error, where, backups)

    def shutdown(self) -> None:
        self._retention.stop()
        self.worker.forget_all()
        self.worker.shutdown()


def _lock(vault: Vault | None) -> None:
    if vault is not None:
        vault.lock()


def _missing_sort_indexes(vault: Vault) -> list[str]:
    return vault.missing_sort_indexes()


def _build_sort_index(vault: Vault, name: str) -> str:
    vault.build_sort_index(name)
    return name


def _retention(vault: Vault) -> str:
    from automation_admin.models.jobs.retention import run_retention

    return run_retention(vault).summary()

"""The one database worker: a thread that owns the vault; the UI thread never runs SQL.

Jobs are plain callables taking the open `Vault` (or None before unlock); they come from the
Qt-free data layer. Results come back by signal to the UI thread. A job submitted with a
`key` supersedes earlier ones with the same key: their results are dropped when they arrive.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from automation_admin.models.store.errors import AdminError
from automation_admin.models.store.failures import explain
from automation_admin.models.store.vault import Vault

log = logging.getLogger(__name__)
Job = Callable[[Vault | None], Any]


@dataclass(frozen=True)
class Opened:
    """A job's result that opens a vault: the worker keeps `vault`, the UI gets `info`."""

    vault: Vault
    info: Any


@dataclass(frozen=True)
class JobError:
    """What went wrong, safe to show, of one kind of models/store/errors.py: "usage",
    "wrong_key", "damaged", "newer", "environment", "user" (a refusal) or "bug"."""

    kind: str
    message: str
    error: BaseException | None = None  # what the job raised
    details: str = ""
    # The same failure as the one boundary explained it (its exit status, its own words).
    explained: AdminError | None = None

    @property
    def exit_code(self) -> int:
        return self.explained.exit_code if self.explained is not None else 1


def require_open(vault: Vault | None) -> Vault:
    """For jobs: the open vault, or an error if it was locked meanwhile."""
    if vault is None or not vault.is_open:
        raise RuntimeError("the vault is locked")
    return vault


def classify(exc: BaseException) -> JobError:
    """The window's side of the one boundary (models/store/failures.explain)."""
    error = explain(exc)
    if error.kind != "bug":
        return JobError(error.kind, str(error), exc, explained=error)
    from automation_admin.models.security import redaction

    details = redaction.current().scrub_text(
        "".join(traceback.format_exception_only(type(exc), exc)).strip()
    )
    message = f"Something went wrong inside Automation Admin ({type(exc).__name__})."
    return JobError("bug", message, exc, details, error)


class _Executor(threading.Thread):
    """A Python thread, not a QThread: PySide gives a QThread a fresh Python thread state for
    every slot call and drops it after, which would close (and leak) the connection that
    Peewee keeps per thread. A Python thread keeps one state, and one connection, for life.
    """

    def __init__(self, deliver: Callable[[int, bool, Any], None]) -> None:
        super().__init__(name="database-worker", daemon=True)
        self.jobs: queue.SimpleQueue[tuple[int, Job] | None] = queue.SimpleQueue()
        self.vault: Vault | None = None
        self._deliver = deliver

    def run(self) -> None:
        while True:
            item = self.jobs.get()
            if item is None:
                if self.vault is not None:
                    self.vault.lock()
                return
            request_id, job = item
            started = time.perf_counter()
            try:
                result = job(self.vault)
            except BaseException as exc:  # every failure goes back to the UI, never kills us
                info = classify(exc)
                if info.kind == "bug":
                    log.error("job failed: %s", info.details)
                self._deliver(request_id, False, info)
                continue
            log.debug(
                "job %s took %.1f ms",
                getattr(job, "__qualname__", "?"),
                (time.perf_counter() - started) * 1000,
            )
            if isinstance(result, Opened):
                self.vault, result = result.vault, result.info
            elif self.vault is not None and not self.vault.is_open:
                self.vault = None
            self._deliver(request_id, True, result)


class DatabaseWorker(QObject):
    """Lives on the UI thread; hands jobs to the executor's thread and routes results back."""

    # Emitted from the worker thread; Qt queues it to this object's (the UI) thread.
    _delivered = Signal(int, bool, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._delivered.connect(self._on_delivered)
        self._executor = _Executor(self._delivered.emit)
        self._ids = itertools.count(1)
        self._callbacks: dict[
            int, tuple[Callable[[Any], None], Callable[[JobError], None] | None]
        ] = {}
        self._latest: dict[str, int] = {}
        self._keys: dict[int, str] = {}
        self._executor.start()

    def submit(
        self,
        job: Job,
        on_done: Callable[[Any], None] = lambda _result: None,
        on_error: Callable[[JobError], None] | None = None,
        key: str | None = None,
    ) -> int:
        request_id = next(self._ids)
        self._callbacks[request_id] = (on_done, on_error)
        if key is not None:
            self._latest[key] = request_id
            self._keys[request_id] = key
        self._executor.jobs.put((request_id, job))
        return request_id

    @property
    def idle(self) -> bool:
        """No job waiting for an answer."""
        return not self._callbacks

    def forget_all(self) -> None:
        """Locking: nothing in flight may deliver vault data to a view any more."""
        for key in list(self._latest):
            self._latest[key] = -1
        self._callbacks = {rid: (lambda _r: None, None) for rid in self._callbacks}

    def _superseded(self, request_id: int) -> bool:
        key = self._keys.pop(request_id, None)
        return key is not None and self._latest.get(key) != request_id

    @Slot(int, bool, object)
    def _on_delivered(self, request_id: int, ok: bool, payload: Any) -> None:
        if ok:
            self._on_done(request_id, payload)
        else:
            self._on_failed(request_id, payload)

    def _on_done(self, request_id: int, result: Any) -> None:
        on_done, _ = self._callbacks.pop(request_id, (None, None))
        if on_done is None or self._superseded(request_id):
            return
        on_done(result)

    def _on_failed(self, request_id: int, error: JobError) -> None:
        _, on_error = self._callbacks.pop(request_id, (None, None))
        if self._superseded(request_id):
            return
        if on_error is not None:
            on_error(error)
        else:
            self.unhandled_error(error)

    unhandled = Signal(object)

    def unhandled_error(self, error: JobError) -> None:
        self.unhandled.emit(error)

    def shutdown(self) -> None:
        """Lock whatever is open, on its own thread, then stop the thread."""
        self._callbacks.clear()
        self._executor.jobs.put(None)
        self._executor.join(10)

"""One tab's way to the database worker: a data-layer function runs on the worker thread with
the open vault, its answer comes back on the UI thread, and every failure goes to the one
handler the tab gave.

`run(findings_data.detail, finding_id, done=self.show, key="findings.detail")` stands for
"call `detail(vault, finding_id)` on the worker"; the vault is checked to be still open, so
a job that outlives a lock fails cleanly instead of reading a closed connection.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, TypeVarTuple

from automation_admin.gui.qtmodels.paged_model import Fetcher
from automation_admin.gui.worker import DatabaseWorker, JobError, require_open
from automation_admin.models.store.vault import Vault

R = TypeVar("R")
Ts = TypeVarTuple("Ts")
# A keyset page query of the data layer: fn(vault, *args, cursor=…, limit=…) -> (rows, next).
PageQuery = Callable[..., tuple[list[Any], Any]]


def _ignore(_result: object) -> None:
    """Writes whose answer nobody shows still go through `run`, for its failure handler."""


class Jobs:
    def __init__(self, worker: DatabaseWorker, failed: Callable[[JobError], None]) -> None:
        self.worker = worker
        self.failed = failed

    def run(
        self,
        fn: Callable[[Vault, *Ts], R],
        *args: *Ts,
        done: Callable[[R], None] | None = None,
        key: str | None = None,
        failed: Callable[[JobError], None] | None = None,
    ) -> None:
        """`fn(vault, *args)` on the worker; its result to `done`. A later job with the same
        `key` supersedes this one (its answer is dropped); `failed` replaces the handler."""

        def job(vault: Vault | None) -> R:
            return fn(require_open(vault), *args)

        job.__qualname__ = getattr(fn, "__qualname__", job.__qualname__)  # the worker's timing log
        self.worker.submit(job, done or _ignore, failed or self.failed, key=key)

    def run_without_vault(
        self,
        fn: Callable[[*Ts], R],
        *args: *Ts,
        done: Callable[[R], None] | None = None,
        key: str | None = None,
    ) -> None:
        """`fn(*args)` on the worker, for files the worker owns besides the vault (the
        reference library's manifest): the same thread, the same failure handler."""

        def job(_vault: Vault | None) -> R:
            return fn(*args)

        job.__qualname__ = getattr(fn, "__qualname__", job.__qualname__)
        self.worker.submit(job, done or _ignore, self.failed, key=key)

    def pages(self, fn: PageQuery, *args: Any, limit: int) -> Fetcher:
        """What a `PagedModel` asks for: `fn(vault, *args, cursor=…, limit=limit)` on the
        worker, one keyset page at a time. `limit` must be the model's `page_rows` (a short
        page is how the model knows the list ended)."""

        def fetch(cursor: Any, deliver: Callable[[list[Any], Any], None]) -> None:
            def page(vault: Vault) -> tuple[list[Any], Any]:
                return fn(vault, *args, cursor=cursor, limit=limit)

            page.__qualname__ = getattr(fn, "__qualname__", page.__qualname__)
            self.run(page, done=lambda answer: deliver(*answer))

        return fetch

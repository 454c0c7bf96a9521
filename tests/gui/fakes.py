"""Jobs that never reach a worker: presenters are tested without widgets and without a vault.
Each call is recorded; the test reads what was asked and answers it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from automation_admin.gui.jobs import Jobs
from automation_admin.gui.qtmodels.paged_model import Fetcher
from automation_admin.gui.worker import JobError


@dataclass
class Call:
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    done: Callable[[Any], None] | None
    key: str | None = None
    failed: Callable[[JobError], None] | None = None
    kwargs: dict[str, Any] = field(default_factory=dict)
    answered: bool = False


class RecordingJobs(Jobs):
    def __init__(self) -> None:  # no worker: nothing runs until the test answers
        self.calls: list[Call] = []
        self.failures: list[JobError] = []
        self.failed = self.failures.append

    def run(  # type: ignore[override]
        self,
        fn: Callable[..., Any],
        *args: Any,
        done: Callable[[Any], None] | None = None,
        key: str | None = None,
        failed: Callable[[JobError], None] | None = None,
    ) -> None:
        self.calls.append(Call(fn, args, done, key, failed))

    def run_without_vault(  # type: ignore[override]
        self,
        fn: Callable[..., Any],
        *args: Any,
        done: Callable[[Any], None] | None = None,
        key: str | None = None,
    ) -> None:
        self.calls.append(Call(fn, args, done, key))

    def pages(self, fn: Callable[..., Any], *args: Any, limit: int) -> Fetcher:
        def fetch(cursor: Any, deliver: Callable[[list[Any], Any], None]) -> None:
            self.calls.append(
                Call(
                    fn,
                    args,
                    lambda page: deliver(*page),
                    kwargs={"cursor": cursor, "limit": limit},
                )
            )

        return fetch

    # ---- for the test ----------------------------------------------------------------

    def asked(self, fn: Callable[..., Any]) -> list[Call]:
        """Every call of `fn` not answered yet, oldest first."""
        return [c for c in self.calls if c.fn is fn and not c.answered]

    def last(self, fn: Callable[..., Any]) -> Call:
        calls = self.asked(fn)
        assert calls, f"{getattr(fn, '__name__', fn)} was not asked for"
        return calls[-1]

    def answer(self, fn: Callable[..., Any], result: Any) -> Call:
        """Answer the latest open call of `fn` with `result`."""
        call = self.last(fn)
        call.answered = True
        if call.done is not None:
            call.done(result)
        return call

    def fail(self, fn: Callable[..., Any], error: JobError) -> Call:
        call = self.last(fn)
        call.answered = True
        (call.failed or self.failed)(error)
        return call

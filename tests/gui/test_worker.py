"""The database worker on its own: plain jobs and a fake vault, no SQLCipher."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from automation_admin.gui.worker import DatabaseWorker, JobError, Opened
from automation_admin.models.store.errors import ValidationError


class FakeVault:
    """What the worker needs of a vault: whether it is open, and a way to lock it."""

    def __init__(self) -> None:
        self.is_open = True
        self.locked_on: str | None = None

    def lock(self) -> None:
        self.is_open = False
        self.locked_on = threading.current_thread().name


@pytest.fixture
def worker(qtbot) -> Iterator[DatabaseWorker]:  # type: ignore[no-untyped-def]
    worker = DatabaseWorker()
    yield worker
    worker.shutdown()


def answers(qtbot, worker: DatabaseWorker, job: Any, key: str | None = None) -> list[Any]:  # type: ignore[no-untyped-def]
    """Submit `job` and wait for its answer: [result] or [JobError]."""
    got: list[Any] = []
    worker.submit(job, got.append, got.append, key=key)
    qtbot.waitUntil(lambda: bool(got), timeout=5_000)
    return got


def test_a_job_runs_off_the_ui_thread_and_answers_on_it(qtbot, worker) -> None:  # type: ignore[no-untyped-def]
    threads: list[str] = []

    def job(vault: object) -> str:
        threads.append(threading.current_thread().name)
        return f"vault={vault}"

    got: list[tuple[str, str]] = []
    worker.submit(job, lambda result: got.append((result, threading.current_thread().name)))
    assert not worker.idle
    qtbot.waitUntil(lambda: bool(got), timeout=5_000)
    assert threads == ["database-worker"]
    assert got == [("vault=None", threading.main_thread().name)]
    assert worker.idle


@pytest.mark.parametrize(
    ("error", "kind", "message"),
    [
        (ValidationError("reason", "say why"), "user", "column 'reason': say why"),
        (sqlcipher.OperationalError("database is locked"), "environment", "busy in another"),
        (PermissionError(13, "Permission denied"), "environment", "Permission denied"),
    ],
)
def test_failures_are_told_apart(qtbot, worker, error, kind, message) -> None:  # type: ignore[no-untyped-def]
    def job(_vault: object) -> None:
        raise error

    (failure,) = answers(qtbot, worker, job)
    assert isinstance(failure, JobError)
    assert failure.kind == kind and failure.error is error
    assert message in failure.message


def test_a_bug_is_reported_as_one_without_its_text_and_logged_scrubbed(  # type: ignore[no-untyped-def]
    qtbot, worker, caplog
) -> None:
    token = "ghp_" + "a1B2c3D4" * 5

    def job(_vault: object) -> None:
        raise ValueError(f"could not parse {token}")

    with caplog.at_level(logging.ERROR, logger="automation_admin.gui.worker"):
        (failure,) = answers(qtbot, worker, job)
    assert failure.kind == "bug"
    assert failure.message == "Something went wrong inside Automation Admin (ValueError)."
    assert "ValueError: could not parse" in failure.details and token not in failure.details
    assert token not in caplog.text and "job failed" in caplog.text


def test_a_failure_nobody_handles_is_announced(qtbot, worker) -> None:  # type: ignore[no-untyped-def]
    def job(_vault: object) -> None:
        raise ValidationError("name", "taken")

    with qtbot.waitSignal(worker.unhandled, timeout=5_000) as blocker:
        worker.submit(job)
    assert blocker.args[0].message == "column 'name': taken"


def test_a_newer_job_with_the_same_key_supersedes_the_older(qtbot, worker) -> None:  # type: ignore[no-untyped-def]
    got: list[Any] = []

    def failing(_vault: object) -> None:
        raise ValidationError("x", "superseded failures are dropped too")

    worker.submit(lambda _v: "first", got.append, got.append, key="list")
    worker.submit(failing, got.append, got.append, key="list")
    worker.submit(lambda _v: "other key", got.append, key="detail")
    worker.submit(lambda _v: "latest", got.append, got.append, key="list")
    qtbot.waitUntil(lambda: worker.idle, timeout=5_000)
    assert got == ["other key", "latest"]


def test_forget_all_drops_answers_in_flight(qtbot, worker) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()
    ran: list[str] = []
    got: list[Any] = []

    def slow(_vault: object) -> str:
        release.wait(5)
        ran.append("slow")
        return "vault data"

    worker.submit(slow, got.append, got.append, key="list")
    worker.submit(lambda _v: "unkeyed", got.append, got.append)
    worker.forget_all()
    release.set()
    qtbot.waitUntil(lambda: worker.idle, timeout=5_000)
    assert ran == ["slow"] and got == []
    assert answers(qtbot, worker, lambda _v: "after", key="list") == ["after"]


def test_an_opened_vault_is_kept_for_later_jobs_until_it_is_locked(qtbot, worker) -> None:  # type: ignore[no-untyped-def]
    vault = FakeVault()
    assert answers(qtbot, worker, lambda _v: Opened(vault, "profile info")) == ["profile info"]
    assert answers(qtbot, worker, lambda v: v is vault) == [True]
    assert answers(qtbot, worker, lambda v: v.lock()) == [None]
    assert answers(qtbot, worker, lambda v: v) == [None]  # a locked vault is let go


def test_shutdown_locks_the_vault_on_the_worker_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    worker = DatabaseWorker()
    vault = FakeVault()
    answers(qtbot, worker, lambda _v: Opened(vault, None))
    got: list[Any] = []
    worker.shutdown()
    assert vault.locked_on == "database-worker" and not vault.is_open
    worker.submit(lambda _v: "never", got.append)  # the thread is gone: nothing answers
    qtbot.wait(50)
    assert got == []

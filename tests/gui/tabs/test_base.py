"""What every tab shares: `run` on the worker with the open vault, and one failure handler."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from automation_admin.gui.session import OpenProfile, Session
from automation_admin.gui.tabs.base import BaseTab
from automation_admin.gui.worker import JobError, Opened
from automation_admin.models.store.errors import ValidationError
from automation_admin.models.store.index_store import ProfileRecord
from automation_admin.models.store.paths import DataLayout


class FakeVault:
    is_open = True

    def lock(self) -> None:
        self.is_open = False


class ExampleTab(BaseTab):
    title = "Example"


@pytest.fixture
def tab(qtbot, layout: DataLayout) -> Iterator[ExampleTab]:  # type: ignore[no-untyped-def]
    session = Session(layout)
    record = ProfileRecord("p-1", "Work", "2026-11-20T12:00:00Z", "2026-11-20T12:00:00Z")
    page = ExampleTab(session, OpenProfile(record, 2, False, True, 300, False))
    qtbot.addWidget(page)
    yield page
    session.shutdown()


def open_fake_vault(qtbot, tab: ExampleTab) -> FakeVault:  # type: ignore[no-untyped-def]
    vault = FakeVault()
    opened: list[object] = []
    tab.session.worker.submit(lambda _v: Opened(vault, None), opened.append)
    qtbot.waitUntil(lambda: bool(opened))
    return vault


def refuse(_vault: Any, column: str) -> None:
    raise ValidationError(column, "refused")


def test_run_calls_the_function_with_the_open_vault_and_the_arguments(qtbot, tab) -> None:  # type: ignore[no-untyped-def]
    vault = open_fake_vault(qtbot, tab)
    got: list[Any] = []
    tab.run(lambda v, a, b: (v is vault, a + b), 2, 3, done=got.append)
    qtbot.waitUntil(lambda: bool(got))
    assert got == [(True, 5)]


def test_a_failure_is_told_once_and_the_tab_counts_as_loaded(qtbot, tab) -> None:  # type: ignore[no-untyped-def]
    open_fake_vault(qtbot, tab)
    said: list[str] = []
    tab.session.status.connect(said.append)
    with qtbot.waitSignal(tab.loaded):
        tab.run(refuse, "name")
    assert said == ["Example: column 'name': refused"] and tab.is_loaded


def test_a_job_can_handle_its_own_failure(qtbot, tab) -> None:  # type: ignore[no-untyped-def]
    open_fake_vault(qtbot, tab)
    said: list[str] = []
    own: list[JobError] = []
    tab.session.status.connect(said.append)
    tab.run(refuse, "url", failed=own.append)
    qtbot.waitUntil(lambda: bool(own))
    assert own[0].message == "column 'url': refused" and said == [] and not tab.is_loaded


def test_a_locked_vault_fails_the_job_instead_of_reaching_it(qtbot, tab) -> None:  # type: ignore[no-untyped-def]
    reached: list[object] = []
    own: list[JobError] = []
    tab.run(lambda v: reached.append(v), failed=own.append)  # nothing was ever opened
    qtbot.waitUntil(lambda: bool(own))
    assert reached == [] and own[0].kind == "bug"

"""Shared fixtures: a temporary data root, fast-KDF profiles and unlocked vaults."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from automation_admin.models.store.db import vault_db
from automation_admin.models.store.index_store import ProfileRecord
from automation_admin.models.store.keys import KdfParams
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.profiles import create_profile
from automation_admin.models.store.vault import Vault, unlock

# 8 MiB, one pass: about 7 ms a derivation. Tests only; never for real profiles.
FAST_KDF = KdfParams(memory_kib=8192, time_cost=1)
PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def layout(tmp_path: Path) -> DataLayout:
    return DataLayout(tmp_path / "data")


@pytest.fixture
def profile(layout: DataLayout) -> ProfileRecord:
    return create_profile(layout, "Work", PASSPHRASE, FAST_KDF)


@pytest.fixture
def vault_v1(layout: DataLayout, profile: ProfileRecord) -> Iterator[Vault]:
    vault = unlock(layout, profile.id, PASSPHRASE)
    try:
        yield vault
    finally:
        vault.lock()


@pytest.fixture
def vault(vault_v1: Vault) -> Vault:
    """An unlocked vault with automation enabled (schema 2)."""
    vault_v1.enable_automation()
    return vault_v1


@pytest.fixture(autouse=True)
def _no_vault_left_open() -> Iterator[None]:
    yield
    if vault_db.obj is not None:
        vault_db.obj.close()
        vault_db.initialize(None)
        pytest.fail("a test left a vault open")


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(layout: DataLayout, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run `automation-admin ARGS` in process with `stdin` text; returns code, stdout, stderr."""
    from automation_admin.gui.cli import main

    def run(*args: str, stdin: str = "") -> CliResult:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        code = main(["--data-dir", str(layout.root), *args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run

"""Only folders the program creates are made private; a folder it was pointed at keeps its mode."""

from __future__ import annotations

import stat
from pathlib import Path

from automation_admin.models.store.paths import DataLayout, ensure_private_dir
from automation_admin.models.store.profiles import create_profile
from tests.conftest import FAST_KDF, PASSPHRASE


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_an_existing_shared_folder_keeps_its_mode(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    create_profile(DataLayout(shared), "Work", PASSPHRASE, FAST_KDF)
    assert mode(shared) == 0o1777
    assert mode(shared / "profiles") == 0o700
    assert all(mode(p) == 0o700 for p in (shared / "profiles").iterdir())


def test_created_parents_are_private_existing_ones_untouched(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    made = ensure_private_dir(tmp_path / "a" / "b")
    assert mode(tmp_path) == 0o755
    assert mode(tmp_path / "a") == mode(made) == 0o700

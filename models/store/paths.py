"""Where everything lives under the data root (DESIGN §2), with 0700 folders and 0600 files."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

ENV_DATA_DIR = "AUTOMATION_ADMIN_DATA_DIR"
APP_DIR_NAME = "automation-admin"


def resolve_root(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser().absolute()
    from_env = os.environ.get(ENV_DATA_DIR)
    if from_env:
        return Path(from_env).expanduser().absolute()
    return Path(platformdirs.user_data_dir(APP_DIR_NAME))


def ensure_private_dir(path: Path) -> Path:
    """Create `path` and its missing parents 0700. A folder that already exists keeps its
    mode: it may be a shared folder (1777) the user pointed us at, which is not ours to
    tighten."""
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue  # made meanwhile by another process: its mode is its maker's
        os.chmod(folder, 0o700)  # mkdir's mode passes through the umask
    if not path.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(path))
    return path


def ensure_private_file(path: Path) -> Path:
    """Create an empty file 0600 (SQLite then keeps the same mode for -wal and -shm)."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)
    return path


@dataclass(frozen=True)
class DataLayout:
    root: Path

    @property
    def index_db(self) -> Path:
        return self.root / "index.db"

    @property
    def profiles_dir(self) -> Path:
        return self.root / "profiles"

    def profile_dir(self, profile_id: str) -> Path:
        return self.profiles_dir / profile_id

    def vault_db(self, profile_id: str) -> Path:
        return self.profile_dir(profile_id) / "vault.db"

    def screenshots_dir(self, profile_id: str) -> Path:
        return self.profile_dir(profile_id) / "screenshots"

    @property
    def reference_library_dir(self) -> Path:
        return self.root / "reference_library"

    @property
    def backups_dir(self) -> Path:
        return self.root / "backups"

    @property
    def logs_dir(self) -> Path:
        return self.root / "logs"

    def holds(self, path: Path) -> bool:
        """Whether `path`, links resolved, is the data folder or anything under it."""
        root = Path(os.path.realpath(self.root))
        where = Path(os.path.realpath(path))
        return where == root or root in where.parents

    def ensure_root(self) -> None:
        ensure_private_dir(self.root)
        ensure_private_dir(self.profiles_dir)

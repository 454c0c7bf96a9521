"""Partial files: written beside their target, renamed into place only when whole.

A partial file is never an existing file and never reached through a link: it is created
under a random name (O_CREAT | O_EXCL | O_NOFOLLOW), locked (flock) and only then linked to
its real name, which fails if anything is already there. Its writer holds the lock until
the file is renamed or removed, so another process tells a live partial (locked) from one a
killed run left behind (unlocked), and only ever removes the latter.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

CREATE_FLAGS = os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW | os.O_CLOEXEC
CLAIM_PREFIX = ".claim-"


def claim(path: Path) -> int:
    """Create `path` empty, 0600, for this process alone; returns a descriptor that holds
    its lock (close it once the file is renamed or removed).

    Raises FileExistsError when something else is at `path`: a link, a folder, or a partial
    another program is still writing. A stale partial of a killed run is removed first.
    """
    temp = path.with_name(f"{CLAIM_PREFIX}{secrets.token_hex(8)}-{path.name}")
    fd = os.open(temp, CREATE_FLAGS, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        try:
            os.link(temp, path, follow_symlinks=False)
        except FileExistsError:
            if not remove_if_stale(path):
                raise
            os.link(temp, path, follow_symlinks=False)
    except BaseException:
        os.close(fd)
        raise
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)
    return fd


def remove_if_stale(path: Path) -> bool:
    """Remove `path` if it is a regular file nobody holds locked; True if it is gone."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        return True
    except OSError:
        return False  # a link (ELOOP), or not ours to open: never removed
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # its writer is alive
        try:
            same = os.lstat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            return True
        if same:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
        return same
    finally:
        os.close(fd)


def remove_stale(folder: Path, prefixes: Iterable[str], suffix: str) -> int:
    """Remove stale partials `<prefix>*<suffix>` in `folder`, claim files of killed runs, and
    the SQLite journals left beside partials that are gone; returns how many files went."""
    prefixes = tuple(prefixes)
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        return 0
    removed = 0
    for name in names:
        owner = name
        if name.startswith(CLAIM_PREFIX):
            owner = name[len(CLAIM_PREFIX) :].split("-", 1)[-1]
        if owner.startswith(prefixes) and name.endswith(suffix):
            removed += remove_if_stale(folder / name)
    journal = f"{suffix}-journal"
    for name in names:
        # A live partial's journal is its writer's: only one whose partial is gone goes.
        partial = folder / name.removesuffix("-journal")
        if name.startswith(prefixes) and name.endswith(journal) and not os.path.lexists(partial):
            removed += remove_if_stale(folder / name)
    return removed


def sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

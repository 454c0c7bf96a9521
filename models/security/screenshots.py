"""Screenshot paths read from the vault are opened only inside the profile's screenshots/.

`debug_screenshot_paths_json` is written by the automation runner, or by anyone who can
write the vault: a path is resolved (symbolic links followed, relative paths taken from the
screenshots folder) and opened only when it stays inside that folder. Anything else is
reported as outside the profile and never read.
"""

from __future__ import annotations

from pathlib import Path

PRESENT = "present"
EXPIRED = "expired"  # inside the folder, but deleted by retention (or never written)
OUTSIDE = "outside"  # resolves outside the profile's screenshots folder: never opened

OUTSIDE_TEXT = "outside the profile, not opened"


def screenshot_state(path: str, folder: Path) -> str:
    try:
        root = folder.resolve()
        resolved = (root / path).resolve()
        if not resolved.is_relative_to(root) or resolved == root:
            return OUTSIDE
        return PRESENT if resolved.is_file() else EXPIRED
    except (OSError, RuntimeError, ValueError):  # loops, NUL bytes, names too long
        return OUTSIDE


def screenshot_states(paths: list[str], folder: Path) -> list[tuple[str, str]]:
    """(path, PRESENT | EXPIRED | OUTSIDE) for each path, in order."""
    return [(path, screenshot_state(path, folder)) for path in paths]

"""Every failure a user can meet, each with the exit status DESIGN §3 gives it.

Messages are written for the person at the keyboard and never carry a secret:
no passphrase, key, secret value or row content beyond column names and line numbers.
"""

from __future__ import annotations

import errno


class AdminError(Exception):
    """A failure with a clear message for the user; anything else is a bug."""

    exit_code = 1


class UsageError(AdminError):
    exit_code = 2


class WrongPassphrase(AdminError):
    exit_code = 3

    def __init__(self, message: str = "Wrong passphrase.") -> None:
        super().__init__(message)


class VaultUnreadable(AdminError):
    """The vault cannot be used: damaged, replaced or missing (exit 4)."""

    exit_code = 4


class VaultDamaged(VaultUnreadable):
    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or "The passphrase is right, but the vault file does not open with its key: "
            "it is damaged or was replaced. A copy may be in the backups folder."
        )


class VaultMissing(VaultUnreadable):
    def __init__(self, path: str) -> None:
        super().__init__(f"The profile's vault file is missing: {path}")


class VaultTooNew(AdminError):
    """Raised only by writes: a newer vault opens read-only, never migrated down."""

    def __init__(self, version: int, known: int) -> None:
        super().__init__(
            f"This vault has schema version {version}, newer than this program knows ({known}); "
            "it is open read-only. Update Automation Admin to change it."
        )


class ProfileNotFound(AdminError):
    def __init__(self, name: str) -> None:
        super().__init__(f"No profile named {name!r}.")


class ProfileExists(AdminError):
    def __init__(self, name: str) -> None:
        super().__init__(f"A profile named {name!r} already exists.")


class ValidationError(AdminError):
    """A value refused before it reached the database, naming the column."""

    def __init__(self, column: str, message: str, line: int | None = None) -> None:
        self.column = column
        self.line = line
        self.detail = message
        where = f"line {line}: " if line is not None else ""
        super().__init__(f"{where}column {column!r}: {message}")

    def at_line(self, line: int) -> ValidationError:
        return ValidationError(self.column, self.detail, line)


class StorageError(AdminError):
    """The environment refused: disk full, file locked, permission denied."""


class NoEncryption(AdminError):
    """The SQLite library in use does not encrypt: refuse before any vault is touched."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"The SQLite library in this installation does not encrypt ({detail}). Automation "
            "Admin refuses to run rather than write a vault in plain text; reinstall it with "
            "sqlcipher3."
        )


class AutomationNotEnabled(AdminError):
    def __init__(self) -> None:
        super().__init__(
            "Automation features are not enabled for this profile yet; "
            "run `automation-admin migrate --profile NAME` or enable them in the window."
        )


def storage_error(exc: BaseException) -> AdminError:
    """The user's words for an environment failure of the database (disk, lock, read-only)."""
    if isinstance(exc, OSError) and exc.errno is not None and exc.errno != errno.ENOSPC:
        return StorageError(f"Could not write the file ({exc.strerror}); nothing was written.")
    text = str(exc)
    if "disk is full" in text or "disk I/O" in text or "No space" in text:
        return StorageError("The disk is full or failing; nothing was written.")
    if "locked" in text or "busy" in text:
        return StorageError("The vault is busy in another program; nothing was written. Try again.")
    if "readonly" in text or "read-only" in text:
        return StorageError("The vault is read-only here; nothing was written.")
    return StorageError(f"The vault refused the write ({text}); nothing was written.")

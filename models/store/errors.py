"""Every failure a user can meet, each of one kind with the exit status DESIGN §3 gives it.

| kind          | exit | meaning                                                      |
|---------------|------|--------------------------------------------------------------|
| `usage`       | 2    | the command line or its input was wrong                      |
| `wrong_key`   | 3    | the passphrase does not unwrap the vault key                 |
| `damaged`     | 4    | a file is damaged, truncated, replaced or missing            |
| `newer`       | 1    | the vault was written by a newer program: read it, never change it |
| `environment` | 1    | the disk is full or failing, read-only, locked, or not ours  |
| `user`        | 1    | a rule refused what was asked (a value, a name, a state)     |
| `bug`         | 1    | anything else: a fault of this program                       |

`models.store.failures.explain` is the one place that turns any other exception into one of
these. Messages are written for the person at the keyboard and never carry a secret:
no passphrase, key, secret value or row content beyond column names and line numbers.
"""

from __future__ import annotations


class AdminError(Exception):
    """A failure with a clear message for the user; anything else is a bug."""

    exit_code = 1
    kind = "user"  # a refusal of what the user asked


class UsageError(AdminError):
    exit_code = 2
    kind = "usage"


class WrongPassphrase(AdminError):
    exit_code = 3
    kind = "wrong_key"

    def __init__(self, message: str = "Wrong passphrase.") -> None:
        super().__init__(message)


class VaultUnreadable(AdminError):
    """The vault cannot be used: damaged, replaced or missing (exit 4)."""

    exit_code = 4
    kind = "damaged"


class VaultDamaged(VaultUnreadable):
    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or "The passphrase is right, but the vault file does not open with its key: "
            "it is damaged or was replaced. A copy may be in the backups folder."
        )


class VaultReplaced(VaultDamaged):
    """The file at the vault's path is no longer the one open (another program put a copy in
    its place, or removed it)."""

    def __init__(self) -> None:
        super().__init__(
            "The vault file was replaced or removed by another program while it was open, so "
            "nothing more is read from or written to it here. Unlock again to open the file "
            "now in its place."
        )


class VaultMissing(VaultUnreadable):
    def __init__(self, path: str) -> None:
        super().__init__(f"The profile's vault file is missing: {path}")


class IndexDamaged(VaultDamaged):
    """index.db (the profile list and wrapped keys) is damaged: no vault can be unlocked."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"index.db is damaged ({detail}); no profile can be unlocked until it is restored "
            "from a copy. The vault files were not touched."
        )


class VaultTooNew(AdminError):
    """Raised only by writes: a newer vault opens read-only, never migrated down."""

    kind = "newer"

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

    kind = "environment"


class InternalError(AdminError):
    """A fault of this program. The message names the exception type (and SQLite's own
    words for a database error), never the text of other exceptions, which may quote a value."""

    kind = "bug"

    def __init__(self, type_name: str) -> None:
        super().__init__(
            f"Internal error ({type_name}): this is a bug in Automation Admin; please report "
            "it. Whatever the failed step was writing was rolled back."
        )


class NoEncryption(AdminError):
    """The SQLite library in use does not encrypt: refuse before any vault is touched."""

    kind = "environment"

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
    """The user's words for a failure of the database or the file system."""
    from automation_admin.models.store.failures import explain

    error: AdminError = explain(exc)
    return error

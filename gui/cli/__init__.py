"""`automation-admin`: the command line, and the door to the window (Qt is imported only then)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from automation_admin.models.store.db import DATABASE_ERRORS
from automation_admin.models.store.errors import AdminError, storage_error


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(0o077)
    from automation_admin.gui.cli.commands import HANDLERS, layout_of
    from automation_admin.gui.cli.parser import build_parser
    from automation_admin.models.store.db import require_encryption

    try:
        args = build_parser().parse_args(argv)
        require_encryption()
        if args.command is None:
            from automation_admin.gui.launch import launch_window

            return launch_window(args)
        name = args.command
        if name == "profile":
            name = f"profile {args.profile_command}"
        return HANDLERS[name](args, layout_of(args))
    except AdminError as exc:
        print(f"automation-admin: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("automation-admin: interrupted; nothing was half-written.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except DATABASE_ERRORS as exc:
        print(f"automation-admin: {storage_error(exc)}", file=sys.stderr)
        return 1
    except OSError as exc:
        where = exc.filename or "file"
        print(f"automation-admin: {exc.strerror or exc} ({where})", file=sys.stderr)
        return 1

"""`automation-admin`: the command line, and the door to the window (Qt is imported only then)."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Sequence

from automation_admin.models.store.failures import explain

DEBUG_ENV = "AUTOMATION_ADMIN_DEBUG"


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
    except KeyboardInterrupt:
        print("automation-admin: interrupted; nothing was half-written.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        # The one boundary: every failure is one line with its kind's exit status.
        error = explain(exc)
        if error.kind == "bug" and os.environ.get(DEBUG_ENV):
            traceback.print_exc()
        print(f"automation-admin: {error}", file=sys.stderr)
        return error.exit_code

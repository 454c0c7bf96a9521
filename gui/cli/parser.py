"""The argument grammar of DESIGN §3."""

from __future__ import annotations

import argparse
import re
from typing import Any, NoReturn

from automation_admin.models import __version__
from automation_admin.models.jobs.export import FORMATS

TABS = ("dashboard", "findings", "scripts", "checkpoints", "library", "settings")
# Views inside a tab, for --screenshot: TAB/VIEW.
VIEWS = (
    "checkpoints/decisions",
    "checkpoints/audit",
    "library/recommendations",
    "library/selectors",
    "library/references",
)


class _Parser(argparse.ArgumentParser):
    """No abbreviations (`--passphrase=X` must not pass for `--passphrase-stdin`), and usage
    errors that name options but never repeat a value: a mistyped value may be a secret."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["allow_abbrev"] = False
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        from automation_admin.models.store.errors import UsageError

        raise UsageError(f"{_without_values(message)} (see automation-admin --help)")

    def parse_args(self, args=None, namespace=None):  # type: ignore[no-untyped-def]
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            shown = " ".join(_option_name(a) for a in extras)
            self.error(f"unrecognized arguments: {shown}")
        return parsed

    def _get_value(self, action: argparse.Action, arg_string: str) -> Any:
        try:
            return super()._get_value(action, arg_string)
        except argparse.ArgumentError:
            kind = getattr(action.type, "__name__", "")
            what = f"invalid {kind} value" if kind else "invalid value"
            raise argparse.ArgumentError(action, what) from None

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        if action.choices is not None and value not in action.choices:
            choices = ", ".join(map(str, action.choices))
            raise argparse.ArgumentError(action, f"invalid choice (choose from {choices})")


_OPTION_NAME = re.compile(r"--[a-z][a-z-]{0,30}|-[a-zA-Z]")


def _option_name(arg: str) -> str:
    """How an unrecognized argument is shown: an option's name (without `=VALUE`) when it
    looks like one, else only the word VALUE."""
    name = arg.split("=", 1)[0]
    return name if _OPTION_NAME.fullmatch(name) else "VALUE"


# argparse messages that go on to quote what was typed: everything after their words goes.
_ECHOING = re.compile(r"(ignored explicit argument|ambiguous option)\b.*$")
# Any other quoted text (argparse quotes values with repr) is dropped as well.
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def _without_values(message: str) -> str:
    if message.startswith("unrecognized arguments:"):
        return message  # already built from option names only (parse_args)
    return _QUOTED.sub("VALUE", _ECHOING.sub(r"\1", message))


def _size(text: str) -> tuple[int, int]:
    width, sep, height = text.lower().partition("x")
    if not (sep and width.isdigit() and height.isdigit()) or min(int(width), int(height)) < 200:
        raise argparse.ArgumentTypeError("expected WIDTHxHEIGHT, for example 1440x900")
    return int(width), int(height)


def _shared(parser: argparse.ArgumentParser, top: bool) -> None:
    # Accepted before or after the command; the command's copy never overrides with a default.
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--data-dir", metavar="DIR", default=default, help="data root")


def _vault_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", required=True, metavar="NAME", help="display name or id")
    parser.add_argument(
        "--passphrase-stdin", action="store_true", help="read the passphrase from standard input"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="automation-admin",
        description="Automation Admin: the encrypted automation vault, in a window or a shell.",
    )
    parser.add_argument("--version", action="version", version=f"automation-admin {__version__}")
    _shared(parser, top=True)
    parser.add_argument("--profile", dest="gui_profile", metavar="NAME", help="open this profile")
    parser.add_argument("--passphrase-stdin", dest="gui_stdin", action="store_true")
    parser.add_argument("--demo", action="store_true", help='open the demo profile "Demo"')
    parser.add_argument("--screenshot", metavar="FILE.png", help="render the window and exit")
    parser.add_argument(
        "--tab", choices=TABS + VIEWS, type=str.lower, help="tab (or TAB/VIEW) for --screenshot"
    )
    parser.add_argument(
        "--size", type=_size, metavar="WIDTHxHEIGHT", help="window size for --screenshot"
    )
    parser.add_argument(
        "--scheme",
        choices=("light", "dark", "system"),
        type=str.lower,
        help="colour scheme of the window and of --screenshot: light or dark whatever the "
        "system uses, or system (the default: follow the system, also when it changes)",
    )
    commands = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    profile = commands.add_parser("profile", help="create, list, or re-key profiles")
    _shared(profile, top=False)
    profile_cmds = profile.add_subparsers(dest="profile_command", required=True, metavar="ACTION")
    create = profile_cmds.add_parser("create", help="create a profile")
    _shared(create, top=False)
    create.add_argument("--name", required=True)
    create.add_argument("--kdf-memory-kib", type=int, metavar="N")
    create.add_argument("--kdf-time-cost", type=int, metavar="N")
    create.add_argument("--passphrase-stdin", action="store_true")
    listing = profile_cmds.add_parser("list", help="list profiles")
    _shared(listing, top=False)
    listing.add_argument("--json", action="store_true")
    passwd = profile_cmds.add_parser("passwd", help="change a profile's passphrase")
    _shared(passwd, top=False)
    _vault_options(passwd)

    migrate = commands.add_parser("migrate", help="enable automation features (schema 2)")
    _shared(migrate, top=False)
    _vault_options(migrate)

    demo = commands.add_parser("demo-data", help="fill a profile with realistic demo data")
    _shared(demo, top=False)
    _vault_options(demo)
    demo.add_argument("--scale", default="small", help="small, large, or a number of findings")
    demo.add_argument("--seed", type=int, default=7)

    ingest = commands.add_parser("ingest", help="write JSON Lines rows through the data layer")
    _shared(ingest, top=False)
    _vault_options(ingest)
    ingest.add_argument("table")
    ingest.add_argument("file", metavar="FILE.jsonl")

    retention = commands.add_parser("retention", help="fold and purge by the retention settings")
    _shared(retention, top=False)
    _vault_options(retention)
    retention.add_argument("--now", metavar="TIMESTAMP")
    retention.add_argument("--json", action="store_true")

    export = commands.add_parser("export", help="export a table (never secret values)")
    _shared(export, top=False)
    export.add_argument("table")
    _vault_options(export)
    export.add_argument("--format", choices=FORMATS, default="csv")
    export.add_argument("--out", metavar="FILE")

    redact = commands.add_parser("redact", help="rewrite stored rows that hold a secret value")
    _shared(redact, top=False)
    _vault_options(redact)

    check = commands.add_parser("check", help="integrity, foreign keys, schema version")
    _shared(check, top=False)
    _vault_options(check)
    return parser

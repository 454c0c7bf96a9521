"""One handler per command; each returns the exit status and prints one clear line on failure."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from automation_admin.gui.cli import passphrase
from automation_admin.models import migrations
from automation_admin.models.demo.generator import write_demo
from automation_admin.models.jobs.check import check_vault
from automation_admin.models.jobs.export import export_to_file, refuse_own_files, write_export
from automation_admin.models.jobs.ingest import ingest_file
from automation_admin.models.jobs.retention import run_retention
from automation_admin.models.security.rescrub import rescrub
from automation_admin.models.store.backup import restore_hint
from automation_admin.models.store.errors import UsageError
from automation_admin.models.store.index_store import IndexStore
from automation_admin.models.store.keys import DEFAULT_KDF, KdfParams
from automation_admin.models.store.paths import DataLayout, resolve_root
from automation_admin.models.store.profiles import change_passphrase, create_profile
from automation_admin.models.store.timeutil import parse_timestamp
from automation_admin.models.store.vault import Vault, unlock

Handler = Callable[[argparse.Namespace, DataLayout], int]


def layout_of(args: argparse.Namespace) -> DataLayout:
    return DataLayout(resolve_root(getattr(args, "data_dir", None)))


def open_vault(args: argparse.Namespace, layout: DataLayout, read_only: bool = False) -> Vault:
    profile = IndexStore(layout).find(args.profile)
    secret = passphrase.read_one(args.passphrase_stdin, f"Passphrase for {profile.display_name}")
    return unlock(layout, profile.id, secret, read_only=read_only)


def say(text: str) -> None:
    print(text, file=sys.stderr)


def profile_create(args: argparse.Namespace, layout: DataLayout) -> int:
    kdf = KdfParams(
        memory_kib=args.kdf_memory_kib or DEFAULT_KDF.memory_kib,
        time_cost=args.kdf_time_cost or DEFAULT_KDF.time_cost,
    ).validate()
    if kdf.weaker_than_default:
        say(
            "warning: key derivation settings below the defaults (128 MiB, 4 passes) make the "
            "passphrase easier to guess; use them only for tests or very old machines."
        )
    if args.passphrase_stdin:
        secret = passphrase.read_stdin_lines(1)[0]
    else:
        secret = passphrase.prompt_new("Passphrase")
    record = create_profile(layout, args.name, secret, kdf)
    print(f"Created profile {record.display_name} ({record.id}).")
    return 0


def profile_list(args: argparse.Namespace, layout: DataLayout) -> int:
    profiles = IndexStore(layout).list_profiles()
    if args.json:
        print(json.dumps([p.__dict__ for p in profiles], indent=2))
        return 0
    if not profiles:
        print("No profiles yet. Create one with: automation-admin profile create --name NAME")
        return 0
    width = max(len(p.display_name) for p in profiles)
    for p in profiles:
        print(f"{p.display_name:<{width}}  {p.id}  created {p.created_at}")
    return 0


def profile_passwd(args: argparse.Namespace, layout: DataLayout) -> int:
    profile = IndexStore(layout).find(args.profile)
    if args.passphrase_stdin:
        old, new = passphrase.read_stdin_lines(2)
    else:
        old = passphrase.prompt(f"Current passphrase for {profile.display_name}")
        new = passphrase.prompt_new("New passphrase")
    rotation = change_passphrase(layout, profile.id, old, new)
    print(f"Passphrase changed for {profile.display_name} (key rotation {rotation}).")
    return 0


def migrate_command(args: argparse.Namespace, layout: DataLayout) -> int:
    with open_vault(args, layout) as vault:
        vault.require_writable()  # a newer program's vault is never migrated
        if vault.automation_enabled:
            print(f"Automation features are already enabled (schema {vault.schema_version}).")
            return 0
        backup = vault.enable_automation()
        print(
            f"Automation features enabled (schema {migrations.AUTOMATION_VERSION}); "
            f"backup written to {backup}."
        )
    return 0


def ingest_command(args: argparse.Namespace, layout: DataLayout) -> int:
    with open_vault(args, layout) as vault:
        report = ingest_file(vault, args.table, Path(args.file))
    print(f"Ingested {report.rows} rows into {report.table}.")
    return 0


def export_command(args: argparse.Namespace, layout: DataLayout) -> int:
    target = refuse_own_files(layout, Path(args.out)) if args.out else None
    with open_vault(args, layout, read_only=True) as vault:
        if target is not None:
            count = export_to_file(vault, args.table, args.format, target)
            say(f"Exported {count} rows of {args.table} to {args.out}.")
        else:
            write_export(vault, args.table, args.format, sys.stdout)
            sys.stdout.flush()
    return 0


def check_command(args: argparse.Namespace, layout: DataLayout) -> int:
    with open_vault(args, layout, read_only=True) as vault:
        report = check_vault(vault)
        profile_id = vault.profile_id
    labels = {
        "cipher": "encryption (page HMACs)",
        "integrity": "database structure",
        "foreign_keys": "foreign keys",
        "schema": "schema",
    }
    for result in report.results:
        print(f"{'ok     ' if result.ok else 'FAILED '} {labels[result.name]}")
        for detail in result.details:
            print(f"        {detail}")
    if report.damaged:
        say(f"The vault is damaged. {restore_hint(layout.backups_dir, profile_id)}")
        return 4
    return 0 if report.ok else 1


def retention_command(args: argparse.Namespace, layout: DataLayout) -> int:
    now = None
    if args.now:
        try:
            now = parse_timestamp(args.now)
        except ValueError:
            raise UsageError("--now expects a UTC timestamp like 2026-01-31T23:59:00Z.") from None
    with open_vault(args, layout) as vault:
        report = run_retention(vault, now)
    print(json.dumps(report.to_json(), indent=2) if args.json else report.summary())
    return 0


def demo_data_command(args: argparse.Namespace, layout: DataLayout) -> int:
    with open_vault(args, layout) as vault:
        report = write_demo(vault, args.scale, args.seed)
    rows = ", ".join(f"{n:,} {table}" for table, n in report.rows.items())
    print(
        f"Demo data written in {report.seconds:.1f} s: {rows}; "
        f"{report.screenshots} debug screenshots."
    )
    return 0


def redact_command(args: argparse.Namespace, layout: DataLayout) -> int:
    with open_vault(args, layout) as vault:
        report = rescrub(vault)
    print(report.summary())
    return 0


HANDLERS: dict[str, Handler] = {
    "profile create": profile_create,
    "profile list": profile_list,
    "profile passwd": profile_passwd,
    "migrate": migrate_command,
    "ingest": ingest_command,
    "export": export_command,
    "check": check_command,
    "retention": retention_command,
    "demo-data": demo_data_command,
    "redact": redact_command,
}

"""Usage errors never repeat a value (a mistyped value may be a passphrase), options are
never abbreviated, and `redact` rewrites what another program stored (issue 14)."""

from __future__ import annotations

import pytest

from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.vault import Vault
from tests.factories import insert, row_for
from tests.hostile_rows import VALUES, secrets_rows

PW = "correct horse battery staple"
TYPED = "Hunter2-Typed-By-Mistake"


@pytest.mark.parametrize(
    "argv",
    [
        ["--passphrase=" + TYPED],
        ["--passphrase", TYPED],
        ["--demo", "--tab=" + TYPED],
        ["--demo=" + TYPED],
        ["-" + TYPED],
        [TYPED],
        ["profile", TYPED],
        ["export", "hitl_checkpoints", "--profile", "Work", "--format", TYPED],
        ["export", TYPED, "--profile", "Work", "--passphrase-stdin"],
        ["demo-data", "--profile", "Work", "--seed", TYPED],
        ["ingest", "--profile", "Work", "--passphrase-stdin=" + TYPED, "t", "f"],
        ["retention", "--profile", "Work", "--passphrase-stdin", "--now", TYPED],
        ["check", "--profile", "Work", "--passphrase-stdin", TYPED],
    ],
)
def test_usage_errors_exit_2_without_repeating_the_value(cli, profile, argv: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = cli(*argv, stdin=PW + "\n")
    assert result.code == 2, result.err
    assert TYPED not in result.out + result.err and TYPED.lower() not in result.err.lower()
    assert len(result.err.strip().splitlines()) == 1


def test_passphrase_equals_anything_exits_2_without_printing_it(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("--passphrase=anything")
    assert result.code == 2 and "anything" not in result.out + result.err
    assert "--passphrase" in result.err  # the option is named, its value is not


@pytest.mark.parametrize(
    "argv",
    [
        ["--passphrase-std"],
        ["migrate", "--prof", "Work", "--passphrase-stdin"],
        ["export", "hitl_checkpoints", "--profile", "Work", "--passphrase-stdin", "--form", "csv"],
    ],
)
def test_options_are_never_abbreviated(cli, profile, argv: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = cli(*argv, stdin=PW + "\n")
    assert result.code == 2, result.err
    assert "unrecognized arguments" in result.err or "arguments are required" in result.err


def test_redact_rewrites_rows_another_program_wrote(cli, vault: Vault, layout: DataLayout) -> None:  # type: ignore[no-untyped-def]
    secrets_rows(vault)
    row = row_for(vault, "hitl_checkpoints") | {"user_notes": f"pasted {VALUES[0]}"}
    insert(vault, "hitl_checkpoints", row)
    vault.lock()
    result = cli("redact", "--profile", "Work", "--passphrase-stdin", stdin=PW + "\n")
    assert result.code == 0, result.err
    assert "1 rewritten" in result.out and "hitl_checkpoints 1" in result.out
    again = cli("redact", "--profile", "Work", "--passphrase-stdin", stdin=PW + "\n")
    assert again.code == 0 and "none held a secret value" in again.out

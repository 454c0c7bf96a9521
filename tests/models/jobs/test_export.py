"""`export`: every table, CSV or JSON, streamed, never a ciphertext column."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path

from automation_admin.models.jobs.export import export_to_file, write_export
from automation_admin.models.store.vault import Vault
from tests.factories import insert, make_secret, row_for

PW = "correct horse battery staple\n"


def test_csv_and_json_hold_the_rows(vault: Vault) -> None:
    for _ in range(3):
        insert(vault, "discovery_findings", row_for(vault, "discovery_findings"))
    out = io.StringIO()
    assert write_export(vault, "discovery_findings", "csv", out) == 3
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 3 and rows[0]["urgency"] == "advisory"
    out = io.StringIO()
    write_export(vault, "discovery_findings", "json", out)
    data = json.loads(out.getvalue())
    assert len(data) == 3 and data[0]["relevance_score"] == 0.5
    out = io.StringIO()
    write_export(vault, "discovery_findings", "jsonl", out)
    assert [json.loads(line)["id"] for line in out.getvalue().splitlines()] == [
        r["id"] for r in data
    ]


def test_empty_table_is_valid_json(vault: Vault) -> None:
    out = io.StringIO()
    assert write_export(vault, "hitl_checkpoints", "json", out) == 0
    assert json.loads(out.getvalue()) == []


def test_secrets_export_never_holds_ciphertext_or_values(vault: Vault) -> None:
    make_secret(vault)
    for fmt in ("csv", "json", "jsonl"):
        out = io.StringIO()
        write_export(vault, "secrets", fmt, out)
        assert "secret_value" not in out.getvalue() and "sk-test" not in out.getvalue()
        assert "KEY_" in out.getvalue()
    out = io.StringIO()
    write_export(vault, "profile_settings", "csv", out)
    assert "totp_secret_enc" not in out.getvalue()


def test_export_to_file_is_private_and_whole(cli, vault: Vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    insert(vault, "discovery_findings", row_for(vault, "discovery_findings"))
    vault.lock()
    target = tmp_path / "findings.csv"
    result = cli(
        "export",
        "discovery_findings",
        "--profile",
        "Work",
        "--passphrase-stdin",
        "--out",
        str(target),
        stdin=PW,
    )
    assert result.code == 0, result.err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert len(target.read_text().splitlines()) == 2
    assert not list(tmp_path.glob("*.partial"))


def test_export_to_stdout_and_unknown_table(cli, vault: Vault) -> None:  # type: ignore[no-untyped-def]
    vault.lock()
    result = cli(
        "export",
        "providers",
        "--profile",
        "Work",
        "--passphrase-stdin",
        "--format",
        "json",
        stdin=PW,
    )
    assert result.code == 0 and json.loads(result.out)[0]["id"] == "generic"
    result = cli("export", "nope", "--profile", "Work", "--passphrase-stdin", stdin=PW)
    assert result.code == 2 and "Unknown table. Tables: " in result.err and "nope" not in result.err


def test_csv_cells_that_start_like_a_formula_are_neutralised(vault: Vault) -> None:
    """A spreadsheet runs `=…`, `+…`, `-…`, `@…`, tab- and CR-led cells as formulas."""
    hostile = ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]
    for text in [*hostile, "a=b", "one\rrow"]:
        row = row_for(vault, "discovery_findings") | {"user_notes": text}
        insert(vault, "discovery_findings", row)
    out = io.StringIO()
    write_export(vault, "discovery_findings", "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert [r["user_notes"] for r in rows] == ["'" + t for t in hostile] + ["a=b", "one\rrow"]
    assert rows[0]["relevance_score"] == "0.5"  # numbers are left alone
    out = io.StringIO()
    write_export(vault, "discovery_findings", "json", out)  # JSON is not a spreadsheet
    assert [r["user_notes"] for r in json.loads(out.getvalue())][: len(hostile)] == hostile


def test_a_killed_exports_claim_file_goes_with_the_next_export(
    vault: Vault, tmp_path: Path
) -> None:
    """A run killed while claiming its partial file (between creating the claim and linking
    it) leaves the claim; the next export to that target removes it, as nobody holds it."""
    insert(vault, "discovery_findings", row_for(vault, "discovery_findings"))
    out = tmp_path / "out"
    out.mkdir()
    target = out / "findings.json"
    (out / ".claim-0123456789abcdef-findings.json.partial").write_text("")
    other = out / ".claim-0123456789abcdef-notes.txt.partial"  # another target's
    other.write_text("")
    assert export_to_file(vault, "discovery_findings", "json", target) == 1
    assert sorted(p.name for p in out.iterdir()) == [other.name, "findings.json"]

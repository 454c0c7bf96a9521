"""The sets a search keeps between pages (TEMP tables) follow the vault: a finding written
here or by another program shows at once, they go when the words do, and a read-only vault
searches without them."""

from __future__ import annotations

from typing import Any

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from automation_admin.models.findings import listing
from automation_admin.models.findings import service as findings_data
from automation_admin.models.security.redaction import REDACTED
from automation_admin.models.store import paging
from automation_admin.models.store.ids import uuid7
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.vault import Vault, unlock
from tests.conftest import PASSPHRASE
from tests.factories import insert
from tests.hostile_rows import VALUES, clear_values_in, secrets_rows
from tests.raw_vault import raw_key


def finding(vault: Vault, title: str) -> dict[str, Any]:
    return {
        "id": uuid7(),
        "profile_id": vault.profile_id,
        "provider_id": "generic",
        "discovered_at": "2026-10-02T10:00:00Z",
        "source_url": "https://example.com/a",
        "source_title": title,
        "source_snippet": "snippet",
        "category": "deprecation",
        "impact_summary": "impact",
        "action_recommendation": "act",
        "urgency": "advisory",
        "relevance_score": 0.5,
        "user_status": "new",
        "created_at": "2026-10-02T10:00:00Z",
    }


def titles(vault: Vault, sort: str) -> list[str]:
    query = findings_data.FindingQuery(statuses=(), text="zebra", sort=sort)
    return sorted(r.title for r in findings_data.page(vault, query).rows)


def temp_tables(vault: Vault) -> set[str]:
    rows = vault.database().execute_sql("SELECT name FROM temp.sqlite_master WHERE type = 'table'")
    return {r[0] for r in rows}


def test_matches_follow_writes_here_and_by_another_program(vault: Vault) -> None:
    insert(vault, "discovery_findings", finding(vault, "Crossing for a zebra"))
    for sort in ("triage", "title"):
        assert titles(vault, sort) == ["Crossing for a zebra"]
    insert(vault, "discovery_findings", finding(vault, "Zebra stripes"))  # this connection
    assert titles(vault, "title") == ["Crossing for a zebra", "Zebra stripes"]

    other = sqlcipher.connect(str(vault.path))
    try:
        other.execute(f"PRAGMA key = \"x'{raw_key(vault.layout, vault.profile_id, PASSPHRASE)}'\"")
        row = finding(vault, "A zebra elsewhere")
        marks = ", ".join("?" for _ in row)
        other.execute(
            f"INSERT INTO discovery_findings ({', '.join(row)}) VALUES ({marks})",
            tuple(row.values()),
        )
        other.commit()
    finally:
        other.close()
    assert titles(vault, "triage") == ["A zebra elsewhere", "Crossing for a zebra", "Zebra stripes"]
    assert {"finding_matches", "finding_snapshot"} <= temp_tables(vault)

    findings_data.page(vault, findings_data.FindingQuery(statuses=()))
    assert not {"finding_matches", "finding_snapshot"} & temp_tables(vault)


def test_a_read_only_vault_searches_without_temp_tables(vault: Vault) -> None:
    insert(vault, "discovery_findings", finding(vault, "Crossing for a zebra"))
    insert(vault, "discovery_findings", finding(vault, "A horse"))
    vault.database().execute_sql("PRAGMA user_version = 9")
    layout: DataLayout = vault.layout
    vault.lock()
    with unlock(layout, "Work", PASSPHRASE) as newer:
        assert newer.read_only
        for sort in ("triage", "title", "status"):
            assert titles(newer, sort) == ["Crossing for a zebra"]
        assert temp_tables(newer) == set()


@pytest.mark.parametrize("few", [True, False], ids=["sorted once", "index walk"])
@pytest.mark.parametrize("sort", ["triage", "title", "provider", "status", "discovered"])
def test_pages_read_every_value_masked_and_page_through(
    vault: Vault, monkeypatch: pytest.MonkeyPatch, sort: str, few: bool
) -> None:
    """Rows another program wrote with a vault value in clear: the search's TEMP tables and
    every order's pages hand them out masked (the connection's row factory), and the pages
    still hold every row once."""
    secrets_rows(vault)
    monkeypatch.setattr(listing, "SNAPSHOT_ROWS", 10_000 if few else 0)
    wanted = set()
    for n in range(7):
        row = finding(vault, f"Zebra {n % 3} {VALUES[n % 2]} crossing")
        row["discovered_at"] = row["created_at"] = f"2026-10-0{1 + n % 2}T10:00:00Z"
        insert(vault, "discovery_findings", row)
        wanted.add(row["id"])
    for descending in (True, False):
        query = findings_data.FindingQuery(
            statuses=(), text="zebra", sort=sort, descending=descending
        )
        rows = [
            r
            for page in paging.all_pages(lambda c, q=query: findings_data.page(vault, q, c, 2))
            for r in page
        ]
        assert not clear_values_in(repr(rows))
        assert all(REDACTED in r.title for r in rows)
        assert sorted(r.id for r in rows) == sorted(wanted), (sort, descending)

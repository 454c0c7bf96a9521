"""Triage re-checks, in its own transaction, what the person saw; counts catch up by the rows
written since instead of counting a large table again."""

from __future__ import annotations

import json

import pytest

from automation_admin.models.findings import service as findings_data
from automation_admin.models.store.stale import ChangedMeanwhile
from automation_admin.models.store.vault import Vault
from tests.factories import insert, row_for
from tests.raw_vault import connect


@pytest.fixture
def findings(vault: Vault) -> tuple[Vault, list[str]]:
    ids = []
    for urgency in ("critical", "advisory", "action_needed"):
        row = row_for(vault, "discovery_findings") | {"urgency": urgency}
        insert(vault, "discovery_findings", row)
        ids.append(row["id"])
    return vault, ids


def triage_events(vault: Vault) -> list[dict[str, object]]:
    rows = vault.database().execute_sql(
        "SELECT metadata_json_redacted FROM audit_events "
        "WHERE event_type = 'automation.finding.triaged' ORDER BY rowid"
    )
    return [json.loads(r[0]) for r in rows]


def test_triage_of_what_was_seen_goes_through(findings) -> None:  # type: ignore[no-untyped-def]
    vault, ids = findings
    result = findings_data.set_status(
        vault, ids[:2], "reviewed", seen=dict.fromkeys(ids[:2], "new")
    )
    assert result.changed == 2


def test_triage_after_another_program_moved_a_finding_writes_nothing(findings, layout) -> None:  # type: ignore[no-untyped-def]
    vault, ids = findings
    with connect(layout) as raw:
        raw.execute(
            "UPDATE discovery_findings SET user_status = 'dismissed' WHERE id = ?", (ids[1],)
        )
        raw.commit()
    with pytest.raises(ChangedMeanwhile, match=r"1 finding was marked dismissed"):
        findings_data.set_status(vault, ids, "actioned", seen=dict.fromkeys(ids, "new"))
    stored = findings_data.rows_by_id(vault, ids)
    assert [stored[i].status for i in ids] == ["new", "dismissed", "new"]
    assert triage_events(vault) == []  # no audit event claims a triage that did not happen


def test_triage_of_a_finding_deleted_meanwhile_writes_nothing(findings, layout) -> None:  # type: ignore[no-untyped-def]
    vault, ids = findings
    with connect(layout) as raw:
        raw.execute("DELETE FROM discovery_findings WHERE id = ?", (ids[0],))
        raw.commit()
    with pytest.raises(ChangedMeanwhile, match="1 finding was deleted"):
        findings_data.set_status(vault, ids, "reviewed", seen=dict.fromkeys(ids, "new"))
    assert {r.status for r in findings_data.rows_by_id(vault, ids).values()} == {"new"}


def test_undo_leaves_alone_what_another_program_moved_since(findings, layout) -> None:  # type: ignore[no-untyped-def]
    vault, ids = findings
    result = findings_data.set_status(vault, ids, "reviewed")
    with connect(layout) as raw:
        raw.execute(
            "UPDATE discovery_findings SET user_status = 'actioned' WHERE id = ?", (ids[2],)
        )
        raw.commit()
    assert findings_data.undo(vault, result.undo) == 2
    stored = findings_data.rows_by_id(vault, ids)
    assert [stored[i].status for i in ids] == ["new", "new", "actioned"]
    assert triage_events(vault)[-1]["left_alone"] == 1


def test_counts_since_a_rowid_are_what_to_add(findings) -> None:  # type: ignore[no-untyped-def]
    vault, _ids = findings
    query = findings_data.FindingQuery()
    before = findings_data.status_counts(vault, query)
    urgent_before = findings_data.urgent_new_count(vault)
    (last,) = vault.database().execute_sql("SELECT max(rowid) FROM discovery_findings").fetchone()
    for urgency in ("critical", "informational"):
        insert(
            vault, "discovery_findings", row_for(vault, "discovery_findings") | {"urgency": urgency}
        )
    delta = findings_data.status_counts(vault, query, after_rowid=last)
    assert delta["new"] == 2 and sum(delta.values()) == 2
    after = findings_data.status_counts(vault, query)
    assert after == {k: before[k] + delta[k] for k in before}
    assert findings_data.urgent_new_count(vault, after_rowid=last) == 1
    assert findings_data.urgent_new_count(vault) == urgent_before + 1


@pytest.mark.parametrize(
    "query",
    [
        findings_data.FindingQuery(),
        findings_data.FindingQuery(urgencies=("critical",), min_relevance=0.2),
        findings_data.FindingQuery(text="title"),
    ],
)
def test_counting_added_rows_reads_only_them(findings, query) -> None:  # type: ignore[no-untyped-def]
    """An index on profile_id looks selective to SQLite and would walk every finding; the
    count of rows written since must be one rowid range, however large the table."""
    vault, _ids = findings
    (last,) = vault.database().execute_sql("SELECT max(rowid) FROM discovery_findings").fetchone()
    statements: list[str] = []
    connection = vault.database().connection()
    connection.set_trace_callback(statements.append)
    try:
        counted = findings_data.counts(vault, query, after_rowid=last)
    finally:
        connection.set_trace_callback(None)
    assert sum(counted.by_status.values()) == 0 and counted.rowid == last
    counting = [s for s in statements if s.startswith("SELECT") and "count(*)" in s]
    assert len(counting) == 2
    for sql in counting:
        plan = " | ".join(
            str(r[3]) for r in vault.database().execute_sql(f"EXPLAIN QUERY PLAN {sql}")
        )
        assert "INTEGER PRIMARY KEY (rowid>?)" in plan or "(rowid=?)" in plan, plan
        assert "profile_status_urgency" not in plan, plan

"""Checkpoints history: joins and filters against hand SQL, timeline order, weekly counts,
the audit trail, invalid context JSON and the export."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from automation_admin.models.checkpoints import service as checkpoints_data
from automation_admin.models.checkpoints import words
from automation_admin.models.demo.generator import write_demo
from automation_admin.models.findings import service as findings_data
from automation_admin.models.store.errors import AdminError, ValidationError
from automation_admin.models.store.paging import all_pages
from automation_admin.models.store.vault import Vault
from tests.statements import statements


@pytest.fixture
def demo(vault_v1: Vault) -> Vault:
    write_demo(vault_v1, "small", seed=12)
    return vault_v1


def hand(vault: Vault, where: str, params: tuple = ()) -> list[str]:  # type: ignore[type-arg]
    return [
        r[0]
        for r in vault.database().execute_sql(
            "SELECT c.id FROM hitl_checkpoints c JOIN automation_executions e ON e.id = "
            "c.execution_id JOIN automation_scripts s ON s.id = e.script_id WHERE "
            + where
            + " ORDER BY c.decided_at DESC, c.id DESC",
            params,
        )
    ]


def every_page(
    vault: Vault, query: checkpoints_data.CheckpointQuery, size: int
) -> list[checkpoints_data.CheckpointRow]:
    return [
        r
        for rows in all_pages(lambda c: checkpoints_data.page(vault, query, c, size))
        for r in rows
    ]


@pytest.mark.parametrize("size", [7, 1000])
def test_every_checkpoint_once_newest_first(demo: Vault, size: int) -> None:
    rows = every_page(demo, checkpoints_data.CheckpointQuery(), size)
    assert [r.id for r in rows] == hand(demo, "1 = 1")
    assert all(r.script_title and r.provider_id for r in rows)


def test_filters_against_hand_sql(demo: Vault) -> None:
    query = checkpoints_data.CheckpointQuery(
        types=("financial", "billing"),
        decisions=("approved",),
        provider="stripe",
        date_from="2026-09-01",
    )
    expected = hand(
        demo,
        "c.checkpoint_type IN ('financial', 'billing') AND c.decision = "
        "'approved' AND s.provider_id = 'stripe' AND c.decided_at >= "
        "'2026-09-01T00:00:00Z'",
    )
    assert [r.id for r in every_page(demo, query, 50)] == expected
    texts = every_page(demo, checkpoints_data.CheckpointQuery(text="billing email"), 50)
    assert texts and [r.id for r in texts] == hand(
        demo,
        "(lower(c.checkpoint_description) LIKE '%billing%' OR lower(c.proposed_action) "
        "LIKE '%billing%' OR lower(coalesce(c.user_notes, '')) LIKE '%billing%') AND "
        "(lower(c.checkpoint_description) LIKE '%email%' OR lower(c.proposed_action) LIKE "
        "'%email%' OR lower(coalesce(c.user_notes, '')) LIKE '%email%')",
    )


def test_detail_has_the_run_and_its_timeline_in_order(demo: Vault) -> None:
    (execution,) = (
        demo.database()
        .execute_sql(
            "SELECT execution_id FROM hitl_checkpoints GROUP BY execution_id HAVING count(*) >= 3 "
            "LIMIT 1"
        )
        .fetchone()
    )
    (first,) = checkpoints_data.page(
        demo, checkpoints_data.CheckpointQuery(execution_id=execution), None, 1
    )[0]
    info = checkpoints_data.detail(demo, first.id)
    assert info is not None and info.run["id"] == execution
    times = [r.decided_at for r in info.timeline]
    assert times == sorted(times) and len(times) >= 3
    assert info.context.valid and isinstance(info.context.value, dict)


def test_invalid_context_json_is_shown_raw(demo: Vault) -> None:
    (cid,) = demo.database().execute_sql("SELECT id FROM hitl_checkpoints LIMIT 1").fetchone()
    demo.database().execute_sql(
        "UPDATE hitl_checkpoints SET context_json = '{oops' WHERE id = ?", (cid,)
    )
    info = checkpoints_data.detail(demo, cid)
    assert info is not None and not info.context.valid and info.context.raw == "{oops"


def test_weekly_decisions_add_up(demo: Vault) -> None:
    weeks = checkpoints_data.weekly_decisions(demo, checkpoints_data.CheckpointQuery())
    assert all(
        checkpoints_data.week_start(__import__("datetime").date.fromisoformat(w)).isoformat() == w
        for w, _ in weeks
    )
    total = sum(sum(counts.values()) for _, counts in weeks)
    assert (
        total == demo.database().execute_sql("SELECT count(*) FROM hitl_checkpoints").fetchone()[0]
    )


def test_audit_trail_has_triage_and_is_paged(demo: Vault) -> None:
    ids = [r.id for r in findings_data.page(demo, findings_data.FindingQuery(), None, 3).rows]
    findings_data.set_status(demo, ids, "reviewed")
    rows, cursor = checkpoints_data.audit_page(demo, limit=1)
    assert rows[0].event_type == "automation.finding.triaged" and cursor is not None
    assert rows[0].metadata.valid and rows[0].metadata.value["to"] == "reviewed"
    enabled, _ = checkpoints_data.audit_page(demo, event_type="automation.enabled")
    assert len(enabled) == 1


def test_export_streams_the_filtered_list(demo: Vault) -> None:
    query = checkpoints_data.CheckpointQuery(decisions=("rejected",))
    out = io.StringIO()
    count = checkpoints_data.write_export(demo, query, "csv", out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == list(checkpoints_data.EXPORT_COLUMNS) and len(rows) == count + 1
    assert count == len(hand(demo, "c.decision = 'rejected'"))
    out = io.StringIO()
    checkpoints_data.write_export(demo, query, "jsonl", out)
    first = json.loads(out.getvalue().splitlines()[0])
    assert first["decision"] == "rejected" and "user_notes" not in first


TIES = ("c.decided_at", "c.checkpoint_type", "c.decision")
NOTES = "(c.user_notes IS NOT NULL AND c.user_notes != '')"
# Each header's order written out by hand: its column, then the ties of its index.
SORT_SQL = {
    "decided": ("c.decided_at", "c.id"),
    "type": ("c.checkpoint_type", "c.decided_at", "c.decision", "c.rowid"),
    "description": ("c.checkpoint_description COLLATE NOCASE", *TIES, "c.rowid"),
    "action": ("c.proposed_action COLLATE NOCASE", *TIES, "c.rowid"),
    "decision": ("c.decision", "c.decided_at", "c.checkpoint_type", "c.rowid"),
    "script": ("s.title COLLATE NOCASE", "c.decided_at", "c.rowid"),
    "provider": ("s.provider_id", *TIES, "c.execution_id", "c.rowid"),
    "notes": (NOTES, *TIES, "c.rowid"),
}


def hand_sorted(vault: Vault, sort: str, descending: bool, where: str = "1 = 1") -> list[str]:
    """Every checkpoint in the header's order; those without a script come last, newest
    first (or oldest first ascending), in the script and provider orders."""
    way = "DESC" if descending else "ASC"
    order = ", ".join(f"{key} {way}" for key in SORT_SQL[sort])
    joined = (
        "FROM hitl_checkpoints c LEFT JOIN automation_executions e ON e.id = c.execution_id "
        "LEFT JOIN automation_scripts s ON s.id = e.script_id"
    )
    if sort in ("script", "provider"):
        order = f"s.id IS NULL, {order}"
    return [
        r[0]
        for r in vault.database().execute_sql(
            f"SELECT c.id {joined} WHERE {where} ORDER BY {order}"
        )
    ]


@pytest.mark.parametrize("descending", [True, False])
@pytest.mark.parametrize("sort", sorted(SORT_SQL))
def test_every_column_sorts_in_sql_across_pages(demo: Vault, sort: str, descending: bool) -> None:
    query = checkpoints_data.CheckpointQuery(
        decisions=("approved", "rejected"), sort=sort, descending=descending
    )
    expected = hand_sorted(demo, sort, descending, "c.decision IN ('approved', 'rejected')")
    assert [r.id for r in every_page(demo, query, 37)] == expected


@pytest.mark.parametrize("sort", sorted(SORT_SQL))
def test_one_script_or_run_in_every_order(demo: Vault, sort: str) -> None:
    script, run = (
        demo.database()
        .execute_sql(
            "SELECT e.script_id, e.id FROM automation_executions e JOIN hitl_checkpoints c ON "
            "c.execution_id = e.id GROUP BY e.id ORDER BY count(*) DESC LIMIT 1"
        )
        .fetchone()
    )
    for descending in (True, False):
        for fields, where in (
            ({"script_id": script}, f"s.id = '{script}'"),
            ({"execution_id": run}, f"c.execution_id = '{run}'"),
        ):
            query = checkpoints_data.CheckpointQuery(sort=sort, descending=descending, **fields)
            expected = hand_sorted(demo, sort, descending, where)
            assert len(expected) > 1 and [r.id for r in every_page(demo, query, 2)] == expected


@pytest.mark.parametrize("sort", sorted(SORT_SQL))
def test_words_past_the_budget_are_found_once(
    demo: Vault, monkeypatch: pytest.MonkeyPatch, sort: str
) -> None:
    """A search that outlasts its budget is answered from every match found once (a TEMP
    table), in the same order and with the same rows as the row-by-row walk."""
    where = (
        "(lower(c.checkpoint_description) LIKE '%billing%' OR lower(c.proposed_action) "
        "LIKE '%billing%' OR lower(coalesce(c.user_notes, '')) LIKE '%billing%')"
    )
    db = demo.database()
    for budget in (60.0, -1.0):
        monkeypatch.setattr(words, "BUDGET_SECONDS", budget)
        for descending in (True, False):
            query = checkpoints_data.CheckpointQuery(
                sort=sort, descending=descending, text="Billing"
            )
            expected = hand_sorted(demo, sort, descending, where)
            assert expected and [r.id for r in every_page(demo, query, 9)] == expected
        kept = db.execute_sql(
            "SELECT count(*) FROM temp.sqlite_master WHERE name = 'checkpoint_matches'"
        ).fetchone()[0]
        assert kept == (budget < 0)


def test_unknown_sort_or_value_is_refused(demo: Vault) -> None:
    with pytest.raises(ValidationError):
        checkpoints_data.page(demo, checkpoints_data.CheckpointQuery(sort="checkpoint_type; DROP"))
    with pytest.raises(ValidationError):
        checkpoints_data.page(demo, checkpoints_data.CheckpointQuery(types=("bogus",)))


def test_json_export_is_one_array_and_the_file_is_whole_or_absent(demo: Vault, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "checkpoints.json"
    count = checkpoints_data.export_to_file(
        demo, checkpoints_data.CheckpointQuery(types=("billing",)), "json", target
    )
    rows = json.loads(target.read_text(encoding="utf-8"))
    assert len(rows) == count == len(hand(demo, "c.checkpoint_type = 'billing'"))
    assert {r["checkpoint_type"] for r in rows} == {"billing"}
    assert not list(tmp_path.glob("*.partial"))
    blocked = tmp_path / "missing-dir" / "out.csv"
    with pytest.raises(AdminError, match="Could not write the file"):
        checkpoints_data.export_to_file(demo, checkpoints_data.CheckpointQuery(), "csv", blocked)
    assert not blocked.exists()


def test_a_checkpoint_whose_run_was_deleted_elsewhere_still_shows(demo: Vault) -> None:
    """Another program with foreign keys off may delete a run: the decision stays history."""
    db = demo.database()
    (cid, execution) = db.execute_sql(
        "SELECT id, execution_id FROM hitl_checkpoints ORDER BY decided_at DESC LIMIT 1"
    ).fetchone()
    db.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        db.execute_sql("DELETE FROM automation_executions WHERE id = ?", (execution,))
    finally:
        db.execute_sql("PRAGMA foreign_keys = ON")
    (total,) = db.execute_sql("SELECT count(*) FROM hitl_checkpoints").fetchone()
    for sort in SORT_SQL:
        for descending in (True, False):
            query = checkpoints_data.CheckpointQuery(sort=sort, descending=descending)
            rows = every_page(demo, query, 50)
            assert [r.id for r in rows] == hand_sorted(demo, sort, descending)
            orphan = next(r for r in rows if r.id == cid)
            assert orphan.script_title is None and orphan.provider_id is None
            assert len(rows) == total
    assert (
        sum(
            sum(c.values())
            for _w, c in checkpoints_data.weekly_decisions(demo, checkpoints_data.CheckpointQuery())
        )
        == total
    )
    info = checkpoints_data.detail(demo, cid)
    assert info is not None and info.run == {} and [r.id for r in info.timeline]


def test_weekly_counts_walk_the_covering_index(demo: Vault) -> None:
    plan = " ".join(
        str(r[3])
        for r in demo.database().execute_sql(
            "EXPLAIN QUERY PLAN SELECT substr(c.decided_at, 1, 10), c.decision, count(*) "
            "FROM hitl_checkpoints c WHERE 1 = 1 GROUP BY 1, 2"
        )
    )
    assert "COVERING INDEX hitl_checkpoints_week" in plan


@pytest.mark.parametrize("text", ["OPENAI_API_KEY", "api_key", "openai_api"])
def test_checkpoint_words_with_underscores_find_their_rows(vault: Vault, text: str) -> None:
    from tests.factories import insert, row_for

    wanted = row_for(vault, "hitl_checkpoints") | {
        "checkpoint_description": "Paste the new OPENAI_API_KEY into the settings form"
    }
    insert(vault, "hitl_checkpoints", wanted)
    other = row_for(vault, "hitl_checkpoints") | {"checkpoint_description": "Pay the invoice"}
    insert(vault, "hitl_checkpoints", other)
    rows = every_page(vault, checkpoints_data.CheckpointQuery(text=text), 10)
    assert [r.id for r in rows] == [wanted["id"]]


def _plans_of(vault: Vault, run: Any, table: str) -> list[str]:
    """EXPLAIN QUERY PLAN of every SELECT on `table` that `run()` sends."""
    return [plan for _sql, plan in _statements_and_plans(vault, run, table)]


def _statements_and_plans(vault: Vault, run: Any, table: str) -> list[tuple[str, str]]:
    """Every SELECT on `table` that `run()` sends, with its EXPLAIN QUERY PLAN."""
    db = vault.database()
    with statements(db) as sent:
        run()
    captured = [(sql, p) for sql, p in sent if sql.lstrip().startswith("SELECT") and table in sql]
    return [
        (sql, " ".join(str(r[3]) for r in db.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params)))
        for sql, params in captured
    ]


PLAN_FILTERS = {
    "none": {},
    "types and decisions": {"types": ("financial", "billing"), "decisions": ("rejected",)},
    "dates": {"date_from": "2026-09-01", "date_to": "2026-10-15"},
    "provider": {"provider": "stripe"},
    "words": {"text": "billing"},
    "one script": {"script_id": "SCRIPT"},
    "one run": {"execution_id": "RUN"},
}
# The index each order reads (the script order reads the scripts' title index first).
ORDER_INDEX = {
    "decided": "hitl_checkpoints_decided",
    "type": "hitl_checkpoints_type",
    "decision": "hitl_checkpoints_decision",
    "description": "hitl_checkpoints_description",
    "action": "hitl_checkpoints_action",
    "notes": "hitl_checkpoints_notes",
    "script": "automation_scripts_title",
    "provider": "hitl_checkpoints_newest",
}


@pytest.mark.parametrize("sort", sorted(SORT_SQL))
def test_no_order_sorts_the_checkpoints(demo: Vault, sort: str) -> None:
    """A first and a next page in both directions under each kind of filter: every statement
    reads its order's index; none sorts the checkpoints in a temporary B-tree (the script
    order sorts one title's checkpoints at a time, never more)."""
    script, run = (
        demo.database().execute_sql("SELECT script_id, id FROM automation_executions").fetchone()
    )
    for name, fields in PLAN_FILTERS.items():
        fields = {k: {"SCRIPT": script, "RUN": run}.get(v, v) for k, v in fields.items()}
        for descending in (True, False):
            query = checkpoints_data.CheckpointQuery(sort=sort, descending=descending, **fields)

            def two_pages(q: checkpoints_data.CheckpointQuery = query) -> None:
                _rows, cursor = checkpoints_data.page(demo, q, None, 3)
                checkpoints_data.page(demo, q, cursor, 3)

            for sql, plan in _statements_and_plans(demo, two_pages, "hitl_checkpoints"):
                if name == "one script":  # its runs' few checkpoints, sorted
                    first = plan.split(" SEARCH e ")[0]
                    assert first.startswith("SEARCH s USING") and "id=?" in first, plan
                    assert "hitl_checkpoints_execution_decided (execution_id=?" in plan, plan
                    continue
                if name == "one run":
                    assert "hitl_checkpoints_execution_decided (execution_id=?" in plan, plan
                    continue
                if "s.id IS NULL" in sql:  # those without a script, last: newest first
                    assert "TEMP B-TREE" not in plan, (name, plan)
                    assert "hitl_checkpoints_newest" in plan, (name, plan)
                    continue
                if sort == "script":  # one title's checkpoints, sorted by time
                    plan = plan.replace("USE TEMP B-TREE FOR LAST 2 TERMS OF ORDER BY", "")
                    if "automation_scripts_title (title=?)" in plan:
                        plan = plan.replace("USE TEMP B-TREE FOR ORDER BY", "")
                assert "TEMP B-TREE" not in plan, (name, plan)
                assert ORDER_INDEX[sort] in plan, (name, plan)


def test_audit_trail_reads_its_indexes_in_order(demo: Vault) -> None:
    for event_type, index in (
        (None, "audit_events_created"),
        ("automation.script.approved", "audit_events_type_created"),
    ):
        plans = _plans_of(
            demo,
            lambda e=event_type: checkpoints_data.audit_page(
                demo, e, "2026-01-01", None, ("2026-12-01T00:00:00Z", "x"), 5
            ),
            "audit_events",
        )
        assert plans and all("TEMP B-TREE" not in p and index in p for p in plans), plans

"""Findings: keyset paging (every row once, ties included), filters against hand SQL, triage."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from typing import Any

import pytest

from automation_admin.models.findings import listing, search_log
from automation_admin.models.findings import service as findings_data
from automation_admin.models.store import paging
from automation_admin.models.store.errors import ValidationError
from automation_admin.models.store.ids import uuid7
from automation_admin.models.store.stale import ChangedMeanwhile
from automation_admin.models.store.vault import Vault
from tests.factories import insert
from tests.statements import statements

RANK = {"critical": 3, "action_needed": 2, "advisory": 1, "informational": 0}


@pytest.fixture
def many(vault: Vault) -> Vault:
    rng = random.Random(5)
    db = vault.database()
    db.execute_sql(
        "INSERT INTO providers (id, display_name, created_at, updated_at) VALUES "
        "('acme', 'Acme', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
    )
    for i in range(700):
        day = rng.randint(1, 28)
        insert(
            vault,
            "discovery_findings",
            {
                "id": uuid7(),
                "profile_id": vault.profile_id,
                "provider_id": rng.choice(["generic", "acme"]),
                "discovered_at": f"2026-10-{day:02d}T{rng.randint(0, 23):02d}:00:00Z",
                "source_url": f"https://example.com/{i}",
                "source_title": rng.choice(["Change", "change", "Alert", "zoom", "Zero"])
                + f" {i} "
                + rng.choice(["rate limits", "pricing tiers", "webhook signatures"]),
                "source_snippet": "snippet",
                "category": rng.choice(["deprecation", "pricing_update", "security_advisory"]),
                "impact_summary": "impact",
                "action_recommendation": "act",
                "urgency": rng.choice(list(RANK)),
                "relevance_score": rng.choice([0.2, 0.5, 0.9]),
                "user_status": rng.choice(["new", "new", "reviewed", "dismissed"]),
                "created_at": "2026-10-01T00:00:00Z",
            },
        )
    return vault


def all_pages(
    vault: Vault, query: findings_data.FindingQuery, size: int
) -> list[findings_data.FindingRow]:
    return [
        r
        for rows in paging.all_pages(lambda c: findings_data.page(vault, query, c, size))
        for r in rows
    ]


def hand(vault: Vault, where: str, order: str, params: tuple[Any, ...] = ()) -> list[str]:
    return [
        r[0]
        for r in vault.database().execute_sql(
            f"SELECT id FROM discovery_findings WHERE {where} ORDER BY {order}", params
        )
    ]


TRIAGE = (
    "CASE urgency WHEN 'critical' THEN 3 WHEN 'action_needed' THEN 2 "
    "WHEN 'advisory' THEN 1 ELSE 0 END DESC, relevance_score DESC, discovered_at DESC, "
    "id DESC"
)


@pytest.mark.parametrize("size", [1, 7, 50, 1000])
def test_default_view_pages_every_row_once_in_triage_order(many: Vault, size: int) -> None:
    rows = all_pages(many, findings_data.FindingQuery(), size)
    assert [r.id for r in rows] == hand(many, "user_status = 'new'", TRIAGE)
    assert len({r.id for r in rows}) == len(rows)


# The order each header gives, written out by hand: the sort column, then newest first, then
# the other filter columns and the rowid (the columns of the sort's index, in order).
TIES = ("discovered_at", "urgency", "category", "provider_id", "relevance_score")
HAND_KEYS = {
    "provider": (
        "provider_id",
        "source_title COLLATE NOCASE",
        *[c for c in TIES if c != "provider_id"],
    ),
    "category": ("category", "source_title COLLATE NOCASE", *[c for c in TIES if c != "category"]),
    "title": ("source_title COLLATE NOCASE", *TIES),
    "discovered": TIES,
    "relevance": ("relevance_score", *[c for c in TIES if c != "relevance_score"]),
    "status": ("user_status", *TIES),
}


def hand_order(sort: str, descending: bool) -> str:
    direction = "DESC" if descending else "ASC"
    if sort == "urgency":
        triage = TRIAGE if descending else TRIAGE.replace("DESC", "ASC")
        return triage
    return ", ".join(f"{key} {direction}" for key in (*HAND_KEYS[sort], "rowid"))


@pytest.mark.parametrize("sort", list(findings_data.SORTABLE))
@pytest.mark.parametrize("descending", [True, False])
@pytest.mark.parametrize("statuses", [(), ("new",), ("reviewed", "dismissed")])
def test_every_column_sorts_in_sql_with_ties(
    many: Vault, sort: str, descending: bool, statuses: tuple[str, ...]
) -> None:
    query = findings_data.FindingQuery(statuses=statuses, sort=sort, descending=descending)
    rows = all_pages(many, query, 37)
    marks = ", ".join(f"'{s}'" for s in statuses)
    where = f"user_status IN ({marks})" if statuses else "1"
    assert [r.id for r in rows] == hand(many, where, hand_order(sort, descending))


FILTERS = {
    "one provider": (
        {"provider": "acme"},
        "provider_id = 'acme'",
    ),
    "two categories": (
        {"categories": ("deprecation", "security_advisory")},
        "category IN ('deprecation', 'security_advisory')",
    ),
    "everything": (
        {
            "provider": "generic",
            "categories": ("pricing_update",),
            "urgencies": ("critical", "advisory"),
            "date_from": "2026-10-03",
            "date_to": "2026-10-25",
            "min_relevance": 0.5,
        },
        "provider_id = 'generic' AND category = 'pricing_update' AND urgency IN ('critical',"
        " 'advisory') AND discovered_at BETWEEN '2026-10-03T00:00:00Z' AND"
        " '2026-10-25T23:59:59Z' AND relevance_score >= 0.5",
    ),
}


@pytest.mark.parametrize("sort", list(findings_data.SORTABLE))
@pytest.mark.parametrize("descending", [True, False])
@pytest.mark.parametrize("name", list(FILTERS))
def test_every_order_with_filters_against_hand_sql(
    many: Vault, sort: str, descending: bool, name: str
) -> None:
    fields, where = FILTERS[name]
    for statuses in ((), ("new",)):
        query = findings_data.FindingQuery(
            statuses=statuses, sort=sort, descending=descending, **fields
        )
        status = " AND user_status = 'new'" if statuses else ""
        expected = hand(many, where + status, hand_order(sort, descending))
        assert expected and [r.id for r in all_pages(many, query, 13)] == expected


def test_titles_sort_without_regard_to_case(many: Vault) -> None:
    rows = all_pages(
        many, findings_data.FindingQuery(statuses=(), sort="title", descending=False), 50
    )
    titles = [r.title for r in rows]
    assert titles == sorted(titles, key=str.lower)
    assert any(t[0].islower() for t in titles) and any(t[0].isupper() for t in titles)


@pytest.mark.parametrize("few", [True, False])
@pytest.mark.parametrize("sort", list(findings_data.SORTABLE))
def test_words_to_search_page_in_every_order(
    many: Vault, monkeypatch: pytest.MonkeyPatch, few: bool, sort: str
) -> None:
    """Few matches page from a TEMP table sorted once; many from the index walk: both give
    the hand order, every row once."""
    monkeypatch.setattr(listing, "SNAPSHOT_ROWS", 10_000 if few else 0)
    for statuses in ((), ("new",)):
        query = findings_data.FindingQuery(statuses=statuses, text="pricing tiers", sort=sort)
        marks = ", ".join(f"'{s}'" for s in statuses)
        where = "source_title LIKE '%pricing tiers%'" + (
            f" AND user_status IN ({marks})" if statuses else ""
        )
        expected = hand(many, where, hand_order(sort, True))
        assert expected and [r.id for r in all_pages(many, query, 11)] == expected


def test_filters_against_hand_sql(many: Vault) -> None:
    query = findings_data.FindingQuery(
        statuses=("new", "reviewed"),
        urgencies=("critical", "advisory"),
        categories=("deprecation",),
        provider="acme",
        date_from="2026-10-05",
        date_to="2026-10-20",
        min_relevance=0.5,
    )
    expected = hand(
        many,
        "user_status IN ('new', 'reviewed') AND urgency IN ('critical', "
        "'advisory') AND category = 'deprecation' AND provider_id = 'acme' AND "
        "discovered_at BETWEEN '2026-10-05T00:00:00Z' AND '2026-10-20T23:59:59Z'"
        " AND relevance_score >= 0.5",
        TRIAGE,
    )
    assert [r.id for r in all_pages(many, query, 9)] == expected
    counts = findings_data.status_counts(many, query)
    assert counts["new"] + counts["reviewed"] + counts["dismissed"] == len(
        hand(
            many,
            "urgency IN ('critical', 'advisory') AND category = 'deprecation' AND provider_id ="
            " 'acme' AND discovered_at BETWEEN '2026-10-05T00:00:00Z' AND "
            "'2026-10-20T23:59:59Z' AND relevance_score >= 0.5",
            "id",
        )
    )


def test_text_search_uses_the_full_text_index(many: Vault) -> None:
    query = findings_data.FindingQuery(statuses=(), text="webhook sig")
    expected = hand(many, "source_title LIKE '%webhook signatures%'", TRIAGE)
    assert expected and [r.id for r in all_pages(many, query, 25)] == expected
    plan = (
        many.database()
        .execute_sql(
            "EXPLAIN QUERY PLAN SELECT rowid FROM discovery_findings_fts WHERE "
            "discovery_findings_fts MATCH ?",
            ('"webhook"*',),
        )
        .fetchall()
    )
    assert any("VIRTUAL TABLE INDEX" in str(step) for step in plan)
    assert findings_data.fts_query('drop "table"; --') == '"drop"* "table"*'


def test_list_queries_use_matching_indexes(many: Vault) -> None:
    db = many.database()
    where, params = findings_data._filters(
        many, findings_data.FindingQuery(urgencies=("critical",))
    )
    plan = db.execute_sql(
        f"EXPLAIN QUERY PLAN SELECT id FROM discovery_findings WHERE {' AND '.join(where)} AND "
        "(relevance_score, discovered_at, id) < (?, ?, ?) ORDER BY relevance_score DESC, "
        "discovered_at DESC, id DESC LIMIT 10",
        (*params, 0.5, "2026-10-10T00:00:00Z", "z"),
    ).fetchall()
    text = " ".join(str(step) for step in plan)
    assert "TEMP B-TREE" not in text, text
    assert "discovery_findings_triage_status" in text


def test_triage_stamps_review_once_audits_and_undoes(many: Vault) -> None:
    ids = hand(many, "user_status = 'new'", "id")[:3]
    result = findings_data.set_status(many, ids, "reviewed")
    assert result.changed == 3
    stamped = dict(
        many.database().execute_sql(
            f"SELECT id, reviewed_at FROM discovery_findings WHERE id IN ('{ids[0]}', '{ids[1]}')"
        )
    )
    assert all(stamped.values())
    again = findings_data.set_status(many, ids[:1], "actioned")
    after = (
        many.database()
        .execute_sql("SELECT reviewed_at FROM discovery_findings WHERE id = ?", (ids[0],))
        .fetchone()[0]
    )
    assert after == stamped[ids[0]]  # the first review's time stays
    findings_data.undo(many, again.undo)
    findings_data.undo(many, result.undo)
    assert hand(
        many,
        f"id IN ('{ids[0]}', '{ids[1]}', '{ids[2]}') AND user_status = 'new' "
        "AND reviewed_at IS NULL",
        "id",
    ) == sorted(ids)
    events = (
        many.database()
        .execute_sql(
            "SELECT count(*) FROM audit_events WHERE event_type = 'automation.finding.triaged'"
        )
        .fetchone()[0]
    )
    assert events == 4


def test_dismiss_needs_a_reason_and_bulk_over_a_filter(many: Vault) -> None:
    with pytest.raises(ValidationError):
        findings_data.set_status(many, ["x"], "dismissed")
    query = findings_data.FindingQuery(provider="acme", urgencies=("informational",))
    ids = findings_data.matching_ids(many, query)
    result = findings_data.set_status(many, ids, "dismissed", "not relevant", "bulk")
    assert result.changed == len(ids) > 0
    assert findings_data.delete_dismissed(many) >= len(ids)
    assert hand(many, "user_status = 'dismissed'", "id") == []


def test_bulk_triage_is_for_the_rows_confirmed(many: Vault) -> None:
    """All matching, as the person confirmed it: a row written since the count is left for
    them to see; a counted row that no longer matches refuses the whole triage."""
    query = findings_data.FindingQuery(statuses=("new",), provider="acme")
    counted = findings_data.counts(many, query)
    confirmed = (counted.by_status["new"], counted.rowid)
    later = uuid7()
    insert(  # the runner, meanwhile
        many,
        "discovery_findings",
        {
            "id": later,
            "profile_id": many.profile_id,
            "provider_id": "acme",
            "discovered_at": "2026-10-30T00:00:00Z",
            "source_url": "https://example.com/later",
            "source_title": "Written while the dialog was open",
            "source_snippet": "snippet",
            "category": "deprecation",
            "impact_summary": "impact",
            "action_recommendation": "act",
            "urgency": "critical",
            "relevance_score": 0.9,
            "created_at": "2026-10-30T00:00:00Z",
        },
    )
    result = findings_data.set_status_matching(many, query, "reviewed", None, None, confirmed)
    assert result.changed == confirmed[0] > 0
    assert hand(many, "user_status = 'new' AND provider_id = 'acme'", "id") == [later]
    findings_data.undo(many, result.undo)
    taken = findings_data.matching_ids(many, query)[0]
    many.database().execute_sql(
        "UPDATE discovery_findings SET user_status = 'dismissed' WHERE id = ?", (taken,)
    )
    statuses = "SELECT id, user_status FROM discovery_findings ORDER BY id"
    before = many.database().execute_sql(statuses).fetchall()
    with pytest.raises(ChangedMeanwhile, match="findings match the filter now, not"):
        findings_data.set_status_matching(many, query, "reviewed", None, None, confirmed)
    assert many.database().execute_sql(statuses).fetchall() == before  # nothing written


def test_a_status_no_schema_allows_refuses_the_triage_in_words(many: Vault) -> None:
    """Another program that turns the CHECKs off writes a status this version has no words
    for: the triage is refused and says so (it was a ValueError, a bug dialog)."""
    (chosen,) = hand(many, "user_status = 'new'", "id")[:1]
    db = many.database()
    db.execute_sql("PRAGMA ignore_check_constraints = 1")
    db.execute_sql("UPDATE discovery_findings SET user_status = 'on_hold' WHERE id = ?", (chosen,))
    db.execute_sql("PRAGMA ignore_check_constraints = 0")
    with pytest.raises(ChangedMeanwhile, match="1 finding was marked on_hold"):
        findings_data.set_status(many, [chosen], "reviewed", seen={chosen: "new"})


def test_notes_are_redacted(many: Vault) -> None:
    from tests.factories import make_secret

    make_secret(many)
    fid = hand(many, "1", "id")[0]
    assert (
        findings_data.save_notes(many, fid, "pasted sk-test-value here") == "pasted [REDACTED] here"
    )


def test_search_log_pages(vault: Vault) -> None:
    for i in range(30):
        insert(
            vault,
            "discovery_search_log",
            {
                "id": uuid7(),
                "profile_id": vault.profile_id,
                "provider_id": "generic",
                "searched_at": f"2026-10-{1 + i % 20:02d}T03:00:00Z",
                "trigger_type": "scheduled",
                "queries_executed": 3,
                "results_found": 2,
                "findings_generated": 1,
                "status": "failed" if i % 4 == 0 else "success",
            },
        )
    query = search_log.SearchLogQuery(status="success")
    out = [
        r
        for rows in paging.all_pages(lambda c: search_log.search_log_page(vault, query, c, 4))
        for r in rows
    ]
    expected = [
        r[0]
        for r in vault.database().execute_sql(
            "SELECT id FROM discovery_search_log WHERE status = 'success' "
            "ORDER BY searched_at DESC, id DESC"
        )
    ]
    assert [r.id for r in out] == expected


def _plan(vault: Vault, sql: str, params: tuple[Any, ...]) -> str:
    rows = vault.database().execute_sql(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
    return " ".join(str(r) for r in rows)


@pytest.mark.parametrize("statuses", [("new",), ()])
def test_triage_pages_read_an_index_in_order(many: Vault, statuses: tuple[str, ...]) -> None:
    """Every urgency segment of the default view (one status, or all) seeks an index."""
    with statements(many.database()) as captured:
        first = findings_data.page(many, findings_data.FindingQuery(statuses=statuses), None, 5)
        findings_data.page(many, findings_data.FindingQuery(statuses=statuses), first.cursor, 300)
    assert captured
    for sql, params in captured:
        plan = _plan(many, sql, params)
        assert "TEMP B-TREE" not in plan, plan
        assert "discovery_findings_triage" in plan, plan


def test_newest_first_and_search_log_read_indexes(many: Vault) -> None:
    where, params = findings_data._filters(many, findings_data.FindingQuery())
    plan = _plan(
        many,
        f"SELECT id FROM discovery_findings WHERE {' AND '.join(where)} ORDER BY "
        "discovered_at DESC, id DESC LIMIT 200",
        tuple(params),
    )
    assert "TEMP B-TREE" not in plan, plan
    queries = {
        "discovery_search_log_searched": search_log.SearchLogQuery(),
        "discovery_search_log_provider_searched": search_log.SearchLogQuery(provider="acme"),
        "discovery_search_log_status_searched": search_log.SearchLogQuery(status="failed"),
        "discovery_search_log_provider_status_searched": search_log.SearchLogQuery(
            provider="acme", status="failed"
        ),
    }
    with statements(many.database()) as captured:
        for query in queries.values():
            search_log.search_log_page(many, query)
            search_log.search_log_page(many, query, ("2026-10-10T00:00:00Z", "x"))
    assert len(captured) == 2 * len(queries)
    for index, (sql, params) in zip(
        [name for name in queries for _ in range(2)], captured, strict=True
    ):
        plan = _plan(many, sql, params)
        used = re.findall(r"INDEX (\w+)", plan)
        assert "TEMP B-TREE" not in plan and used == [index], plan


@pytest.mark.parametrize(
    "text", ["OPENAI_API_KEY", "api_key", "openai_api", "_KEY", "api_key rotate"]
)
def test_words_with_underscores_find_their_rows(
    vault: Vault, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """Kept in the search's TEMP table as written, so every order agrees: the triage walk,
    an order's index walk and the few matches sorted once."""
    wanted, pieces_only = uuid7(), uuid7()
    titles = (
        (wanted, "Rotate OPENAI_API_KEY now"),
        (uuid7(), "STRIPE_SECRET"),
        (pieces_only, "OpenAI: rotate the API key you use"),  # every piece, but not the word
    )
    for finding_id, title in titles:
        insert(
            vault,
            "discovery_findings",
            {
                "id": finding_id,
                "profile_id": vault.profile_id,
                "provider_id": "generic",
                "discovered_at": "2026-10-01T00:00:00Z",
                "source_url": "https://example.com/",
                "source_title": title,
                "source_snippet": "snippet",
                "category": "deprecation",
                "impact_summary": "impact",
                "action_recommendation": "act",
                "urgency": "advisory",
                "relevance_score": 0.5,
                "created_at": "2026-10-01T00:00:00Z",
            },
        )
    for few in (True, False):
        monkeypatch.setattr(listing, "SNAPSHOT_ROWS", 10_000 if few else 0)
        for sort in ("triage", "title", "status", "provider"):
            query = findings_data.FindingQuery(statuses=(), text=text, sort=sort)
            assert [r.id for r in all_pages(vault, query, 10)] == [wanted], (few, sort)
        assert sum(findings_data.status_counts(vault, query).values()) == 1
        assert findings_data.matching_ids(vault, query) == [wanted]
        # The same pieces as separate words: the kept matches are made again, not reused.
        pieces = replace(query, text=text.replace("_", " "))
        assert pieces_only in [r.id for r in all_pages(vault, pieces, 10)]


def _selects(vault: Vault, run: Any) -> list[tuple[str, tuple[Any, ...]]]:
    """Every SELECT that `run()` sends to the vault."""
    with statements(vault.database()) as sent:
        run()
    return [(sql, p) for sql, p in sent if sql.lstrip().upper().startswith("SELECT")]


PLAN_FILTERS = {
    "none": {},
    "urgency": {"urgencies": ("critical",)},
    "two categories": {"categories": ("deprecation", "security_advisory")},
    "provider": {"provider": "acme"},
    "dates and relevance": {
        "date_from": "2026-10-03",
        "date_to": "2026-10-25",
        "min_relevance": 0.5,
    },
    "many words": {"text": "pricing"},
    "few words": {"text": "webhook"},
}


@pytest.mark.parametrize("sort", ["triage", *findings_data.SORTABLE])
@pytest.mark.parametrize("statuses", [(), ("new",)])
def test_no_order_sorts_the_table(
    many: Vault, monkeypatch: pytest.MonkeyPatch, sort: str, statuses: tuple[str, ...]
) -> None:
    """EXPLAIN QUERY PLAN of every statement of a first and a next page, in both directions,
    under every kind of filter: each reads an index in order (or the few matches' TEMP
    table), none sorts the findings in a temporary B-tree."""
    for name, fields in PLAN_FILTERS.items():
        monkeypatch.setattr(listing, "SNAPSHOT_ROWS", 10_000 if name == "few words" else 0)
        for descending in (True, False):
            query = findings_data.FindingQuery(
                statuses=statuses, sort=sort, descending=descending, **fields
            )

            def two_pages(q: findings_data.FindingQuery = query) -> None:
                first = findings_data.page(many, q, None, 3)
                findings_data.page(many, q, first.cursor, 3)

            for sql, params in _selects(many, two_pages):
                if "discovery_findings" not in sql or "count(*)" in sql:
                    continue
                plan = _plan(many, sql, params)
                assert "TEMP B-TREE" not in plan, (name, plan)
                assert "SCAN discovery_findings" not in plan, (name, plan)
                if name == "few words":
                    assert "finding_snapshot_order" in plan, (name, plan)
                elif sort in ("triage", "urgency"):
                    assert "discovery_findings_triage" in plan, (name, plan)
                else:
                    assert "USING INDEX discovery_findings_status_" in plan, (name, plan)

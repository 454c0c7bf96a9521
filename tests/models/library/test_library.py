"""Recommendations (groups, pages, decisions) and selectors (order, current version, syntax
checks) against SQL computed by hand."""

from __future__ import annotations

import json

import pytest

from automation_admin.models.demo.generator import write_demo
from automation_admin.models.library import recommendations as recommendations_data
from automation_admin.models.library import selectors as selectors_data
from automation_admin.models.store.errors import ValidationError
from automation_admin.models.store.paging import all_pages
from automation_admin.models.store.vault import Vault


@pytest.fixture
def demo(vault_v1: Vault) -> Vault:
    write_demo(vault_v1, "small", seed=5)
    return vault_v1


def all_in_group(
    vault: Vault, query: recommendations_data.RecommendationQuery, project: str, size: int
) -> list[recommendations_data.Recommendation]:
    pages = all_pages(lambda c: recommendations_data.page(vault, query, project, c, size))
    return [r for rows in pages for r in rows]


def test_groups_cover_every_recommendation_once(demo: Vault) -> None:
    groups = recommendations_data.groups(demo, recommendations_data.RecommendationQuery())
    assert groups[-1].project == recommendations_data.NO_PROJECT and groups[-1].name == "No project"
    names = [g.name for g in groups[:-1]]
    assert names == sorted(names, key=str.lower)
    seen = []
    for group in groups:
        rows = all_in_group(demo, recommendations_data.RecommendationQuery(), group.project, 3)
        assert len(rows) == group.count
        assert group.new == sum(r.status == "new" for r in rows)
        scores = [r.score for r in rows]
        assert scores == sorted(scores, reverse=True)
        seen += [r.id for r in rows]
    expected = demo.database().execute_sql("SELECT id FROM service_recommendations").fetchall()
    assert sorted(seen) == sorted(r[0] for r in expected)


def test_filters_and_ascending_order_match_hand_sql(demo: Vault) -> None:
    query = recommendations_data.RecommendationQuery(statuses=("new",), descending=False)
    (group,) = [
        g
        for g in recommendations_data.groups(demo, query)
        if g.project != recommendations_data.NO_PROJECT
    ][:1]
    rows = all_in_group(demo, query, group.project, 2)
    expected = demo.database().execute_sql(
        "SELECT id FROM service_recommendations WHERE user_status = 'new' AND project_id = ? "
        "ORDER BY match_score, created_at, id",
        (group.project,),
    )
    assert [r.id for r in rows] == [r[0] for r in expected]
    only = recommendations_data.groups(
        demo, recommendations_data.RecommendationQuery(project=recommendations_data.NO_PROJECT)
    )
    assert [g.project for g in only] == [recommendations_data.NO_PROJECT]
    with pytest.raises(ValidationError):
        recommendations_data.groups(
            demo, recommendations_data.RecommendationQuery(statuses=("maybe",))
        )


def test_decide_updates_and_audits(demo: Vault) -> None:
    group = recommendations_data.groups(
        demo, recommendations_data.RecommendationQuery(statuses=("new",))
    )[0]
    target = recommendations_data.page(
        demo, recommendations_data.RecommendationQuery(statuses=("new",)), group.project
    )[0][0]
    after = recommendations_data.decide(demo, target.id, "accepted")
    assert after.status == "accepted"
    (metadata,) = (
        demo.database()
        .execute_sql(
            "SELECT metadata_json_redacted FROM audit_events WHERE event_type = "
            "'automation.recommendation.decided' ORDER BY created_at DESC, id DESC LIMIT 1"
        )
        .fetchone()
    )
    assert json.loads(metadata) == {
        "recommendation": target.id,
        "service": target.service,
        "from": "new",
        "to": "accepted",
    }
    with pytest.raises(ValidationError):
        recommendations_data.decide(demo, target.id, "approved")
    with pytest.raises(ValidationError, match="no such recommendation"):
        recommendations_data.decide(demo, "0190a0a0-0000-7000-8000-000000000000", "rejected")


def every_selector(
    vault: Vault, query: selectors_data.SelectorQuery, size: int
) -> list[selectors_data.SelectorRow]:
    return [
        r for rows in all_pages(lambda c: selectors_data.page(vault, query, c, size)) for r in rows
    ]


@pytest.mark.parametrize("size", [4, 500])
def test_selectors_broken_first_then_provider_type_newest(demo: Vault, size: int) -> None:
    rows = every_selector(demo, selectors_data.SelectorQuery(), size)
    expected = demo.database().execute_sql(
        "SELECT id FROM provider_selectors ORDER BY verification_status = 'broken' DESC, "
        "provider_id, data_type, version DESC"
    )
    assert [r.id for r in rows] == [r[0] for r in expected]
    newest = dict(
        ((p, d), v)
        for p, d, v in demo.database().execute_sql(
            "SELECT provider_id, data_type, max(version) FROM provider_selectors GROUP BY 1, 2"
        )
    )
    assert all(r.current == (r.version == newest[(r.provider_id, r.data_type)]) for r in rows)


def test_selector_filters(demo: Vault) -> None:
    current = every_selector(demo, selectors_data.SelectorQuery(current_only=True), 50)
    assert current and all(r.current for r in current)
    broken = every_selector(
        demo, selectors_data.SelectorQuery(provider="openai", statuses=("broken",)), 3
    )
    assert broken and {(r.provider_id, r.status) for r in broken} == {("openai", "broken")}
    usage = every_selector(demo, selectors_data.SelectorQuery(data_type="usage"), 50)
    assert usage and all("usage" in r.data_type for r in usage)


@pytest.mark.parametrize(
    ("kind", "value", "ok"),
    [
        ("css", "table.usage tbody tr:first-child td.requests", True),
        ("css", "[data-testid='project-region'", False),
        ("css", "div::text", False),
        ("xpath", "//section[@id='billing']//span[contains(@class,'amount')]", True),
        ("xpath", "//div[", False),
        ("json_path", "$.limits.requests_per_minute", True),
        ("json_path", "$.data[?(@.name == 'x')].value", True),
        ("json_path", "$.data[", False),
        ("css", "   ", False),
        ("regex", "usage: (\\d+)", None),
    ],
)
def test_syntax_checks(kind: str, value: str, ok: bool | None) -> None:
    check = selectors_data.check_syntax(kind, value)
    assert check.ok is ok, check.message
    assert check.message


def test_demo_has_a_selector_that_never_parsed(demo: Vault) -> None:
    rows = every_selector(demo, selectors_data.SelectorQuery(data_type="config region"), 100)
    bad = [r for r in rows if r.syntax.ok is False]
    assert bad and all(not r.current for r in bad)
    assert bad[0].syntax.message.startswith("CSS:")

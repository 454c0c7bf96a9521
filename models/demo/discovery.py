"""Demo discovery data: findings with believable titles, snippets, impact and advice across
every category and urgency, and the search runs that found them (some failed).

A part of `DemoGenerator`: it draws from the generator's shared `DemoContext` (plan, random
stream, ids, clock).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from automation_admin.models.demo import catalog
from automation_admin.models.demo.context import DemoContext
from automation_admin.models.demo.rows import BATCH, Batch, _cumulative, _pick, _ts
from automation_admin.models.schema.automation import DiscoveryFinding, DiscoverySearchLog
from automation_admin.models.schema.enums import FINDING_CATEGORIES


class DemoDiscovery:
    def __init__(self, demo: DemoContext) -> None:
        self.demo = demo

    def _finding_pool(self) -> list[tuple[str, str, str, str, str, str, str]]:
        rng = random.Random(self.demo.rng.random())
        pool = []
        for provider in catalog.PROVIDERS:
            for category in FINDING_CATEGORIES:
                for title, snippet, impact, action in catalog.FINDING_TEMPLATES[category]:
                    for feature in provider.features:
                        when = (self.demo.now + timedelta(days=rng.randint(20, 160))).date()
                        values = {
                            "p": provider.name,
                            "f": feature,
                            "d": when.strftime("%B %-d, %Y"),
                            "k": rng.randint(1, 4),
                        }
                        slug = f"{feature.replace('.', '-')}-{rng.randint(100, 999)}"
                        url = f"{provider.homepage}/{catalog.FINDING_PATHS[category]}/{slug}"
                        pool.append(
                            (
                                provider.id,
                                category,
                                url,
                                title.format(**values),
                                snippet.format(**values),
                                impact.format(**values),
                                action.format(**values),
                            )
                        )
        return pool

    def findings(self) -> Iterator[Batch]:
        rng = self.demo.rng
        pool = self._finding_pool()
        n = self.demo.plan.findings
        span = 85 * 86400
        start = self.demo.epoch - span
        now_text = _ts(self.demo.epoch - 60)
        columns = [
            "id",
            "profile_id",
            "provider_id",
            "discovered_at",
            "source_url",
            "source_title",
            "source_snippet",
            "category",
            "impact_summary",
            "action_recommendation",
            "urgency",
            "relevance_score",
            "user_status",
            "reviewed_at",
            "user_notes",
            "created_at",
        ]
        urgencies = ("informational", "advisory", "action_needed", "critical")
        urgency_weights = {
            "security_advisory": _cumulative((1, 2, 4, 3)),
            "deprecation": _cumulative((1, 3, 5, 1)),
            "pricing_update": _cumulative((3, 5, 2, 0.2)),
            "capability_change": _cumulative((6, 3, 1, 0.1)),
            "new_alternative": _cumulative((8, 2, 0.5, 0.05)),
            "service_modification": _cumulative((3, 4, 3, 0.3)),
        }
        statuses = ("new", "reviewed", "dismissed", "actioned")
        recent, older = _cumulative((8, 1, 1, 1)), _cumulative((1, 4, 3, 2))
        pool_size = len(pool)
        profile = self.demo.profile
        rows: list[tuple[Any, ...]] = []
        for i in range(n):
            at = start + span * (i + rng.random()) / n
            provider_id, category, url, title, snippet, impact, action = pool[
                int(rng.random() * pool_size)
            ]
            urgency = _pick(rng, urgencies, urgency_weights[category])
            status = _pick(rng, statuses, recent if self.demo.epoch - at < 864000 else older)
            reviewed = note = None
            if status != "new":
                reviewed = min(_ts(at + 3600 + rng.random() * 4 * 86400), now_text)
                if rng.random() < 0.15:
                    note = catalog.NOTES[int(rng.random() * len(catalog.NOTES))].format(
                        n=100 + int(rng.random() * 900)
                    )
            stamp = _ts(at)
            rows.append(
                (
                    self.demo.ids.at(at),
                    profile,
                    provider_id,
                    stamp,
                    url,
                    title,
                    snippet,
                    category,
                    impact,
                    action,
                    urgency,
                    round(0.08 + 0.92 * rng.random() ** 0.55, 3),
                    status,
                    reviewed,
                    note,
                    stamp,
                )
            )
            if len(rows) >= BATCH:
                yield DiscoveryFinding, columns, rows
                rows = []
        if rows:
            yield DiscoveryFinding, columns, rows

    def search_log(self) -> Iterator[Batch]:
        rng = self.demo.rng
        n = self.demo.plan.search_logs
        span = 29 * 86400
        start = self.demo.epoch - span
        rows = []
        for i in range(n):
            at = start + span * (i + rng.random()) / n
            provider = rng.choice(catalog.PROVIDERS)
            trigger = rng.choices(("scheduled", "on_demand", "launch_catchup"), (8, 2, 1))[0]
            status = rng.choices(("success", "partial", "failed"), (17, 2, 1))[0]
            queries = rng.randint(3, 12)
            results = 0 if status == "failed" else rng.randint(0, queries * 8)
            error = None
            if status != "success":
                error = rng.choice(catalog.SEARCH_ERRORS).format(homepage=provider.homepage)
            rows.append(
                (
                    self.demo.ids.at(at),
                    self.demo.profile,
                    provider.id,
                    _ts(at),
                    trigger,
                    queries,
                    results,
                    min(results, rng.randint(0, 4)),
                    status,
                    error,
                )
            )
        yield (
            DiscoverySearchLog,
            [
                "id",
                "profile_id",
                "provider_id",
                "searched_at",
                "trigger_type",
                "queries_executed",
                "results_found",
                "findings_generated",
                "status",
                "error_message_redacted",
            ],
            rows,
        )

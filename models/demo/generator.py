"""Realistic demo data relative to "now", deterministic for a seed (`demo-data`, `--demo`).

`demo_batches` yields (model, columns, rows) in foreign-key order; `write_demo` inserts each
batch through `models.bulk.insert_rows`, so demo data gets the same redaction as any write.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from automation_admin.models.dashboard.summaries import SUMMARY_COLUMNS, DayStats
from automation_admin.models.demo import catalog
from automation_admin.models.demo.context import DemoContext, DemoPlan
from automation_admin.models.demo.discovery import DemoDiscovery
from automation_admin.models.demo.library_docs import write_reference_library
from automation_admin.models.demo.png import write_screenshot
from automation_admin.models.demo.rows import BATCH, Batch, _ts
from automation_admin.models.demo.runs import DemoRuns
from automation_admin.models.migrations.indexes import drop_list_indexes
from automation_admin.models.schema.automation import (
    DashboardDailySummary,
    DashboardSnapshot,
    ProviderSelector,
    ServiceRecommendation,
)
from automation_admin.models.schema.base import (
    Project,
    ProjectRequirement,
    Provider,
    Secret,
    Validation,
)
from automation_admin.models.schema.enums import HEALTH_STATUSES
from automation_admin.models.security import redaction
from automation_admin.models.store import sql
from automation_admin.models.store.bulk import insert_rows
from automation_admin.models.store.errors import UsageError
from automation_admin.models.store.keys import VaultKey
from automation_admin.models.store.vault import Vault


@dataclass
class _SecretInfo:
    id: str
    provider: catalog.ProviderInfo
    key_name: str
    level: float  # typical usage %
    growth: float
    daily_cost: float
    stale_hours: int
    failing: bool
    expires_in_days: int | None
    # Where the daily summaries hand over to the raw snapshots: the month-to-date cost there,
    # and what a day adds to it, so the snapshots carry on the same curve.
    month_cost: float = 0.0
    daily_increment: float = 0.0


class DemoGenerator:
    """Keys, projects, usage, selectors and recommendations itself; discovery and script runs
    by its two parts. All three draw from one `DemoContext`, in a fixed order."""

    def __init__(self, vault: Vault, plan: DemoPlan, seed: int, now: datetime) -> None:
        self.demo = DemoContext.start(vault, plan, seed, now)
        self.discovery = DemoDiscovery(self.demo)
        self.runs = DemoRuns(self.demo)
        self.secrets: list[_SecretInfo] = []
        self.projects: list[str] = []

    # ---- batches in foreign-key order ----------------------------------------------------

    def batches(self, key: VaultKey) -> Iterator[Batch]:
        yield from self._providers()
        yield from self._projects()
        yield from self._secrets(key)
        yield from self._requirements()
        yield from self._summaries()
        yield from self._snapshots()
        yield from self.discovery.findings()
        yield from self.discovery.search_log()
        yield from self.runs.scripts_and_runs()
        yield from self._selectors()
        yield from self._recommendations()

    def _providers(self) -> Iterator[Batch]:
        stamp = _ts(self.demo.epoch - 400 * 86400)
        rows = [
            (
                p.id,
                p.name,
                p.homepage,
                p.docs,
                stamp,
                stamp,
                p.dashboard,
                p.api_base,
                1,  # every demo provider's keys are collected (by API, or scraped)
                1,
            )
            for p in catalog.PROVIDERS
        ]
        yield (
            Provider,
            [
                "id",
                "display_name",
                "homepage_url",
                "docs_url",
                "created_at",
                "updated_at",
                "dashboard_url",
                "api_base_url",
                "dashboard_supported",
                "discovery_enabled",
            ],
            rows,
        )

    def _projects(self) -> Iterator[Batch]:
        rows = []
        for i, (name, path) in enumerate(catalog.PROJECTS):
            at = self.demo.epoch - (300 - i * 40) * 86400
            pid = self.demo.ids.at(at)
            self.projects.append(pid)
            rows.append(
                (
                    pid,
                    self.demo.profile,
                    path,
                    name,
                    1,
                    _ts(self.demo.epoch - 86400 * (i + 1)),
                    _ts(at),
                    _ts(at),
                )
            )
        yield (
            Project,
            [
                "id",
                "profile_id",
                "root_path",
                "display_name",
                "scan_index_opt_in",
                "last_scanned_at",
                "created_at",
                "updated_at",
            ],
            rows,
        )

    def _secrets(self, key: VaultKey) -> Iterator[Batch]:
        rng = self.demo.rng
        rows, validations = [], []
        used: set[tuple[str, str]] = set()
        for i in range(self.demo.plan.secrets):
            provider = catalog.PROVIDERS[i % len(catalog.PROVIDERS)]
            round_ = i // len(catalog.PROVIDERS)
            base = provider.keys[round_ % len(provider.keys)]
            name = base
            suffix = 0
            while (provider.id, name) in used:
                name = f"{base}_{catalog.ENVIRONMENTS[suffix % len(catalog.ENVIRONMENTS)]}"
                if suffix >= len(catalog.ENVIRONMENTS):
                    name += f"_{suffix // len(catalog.ENVIRONMENTS) + 1}"
                suffix += 1
            used.add((provider.id, name))
            created = self.demo.epoch - rng.uniform(380, 700) * 86400
            sid = self.demo.ids.at(created)
            value = catalog.secret_value(provider.shape, rng)
            rows.append(
                (
                    sid,
                    self.demo.profile,
                    provider.id,
                    name,
                    key.encrypt_secret(value, sid),
                    rng.choice([None, "Used by the storefront", "Rotated quarterly"]),
                    json.dumps(rng.sample(["prod", "billing", "ci", "eu", "batch"], 2)),
                    rng.choice(["manual", "paste", "dotenv_patch", "file_import"]),
                    None,
                    None,
                    _ts(created),
                    _ts(created + 86400),
                )
            )
            self.secrets.append(
                _SecretInfo(
                    id=sid,
                    provider=provider,
                    key_name=name,
                    level=rng.uniform(8, 60),
                    growth=rng.uniform(0.2, 1.2),
                    daily_cost=rng.choice([0.4, 1.5, 3.2, 7.5, 12.0, 25.0]),
                    stale_hours=30 if i % 11 == 5 else 0,
                    failing=i % 13 == 7,
                    expires_in_days=rng.randint(3, 13) if i % 9 == 4 else None,
                )
            )
            status = "invalid" if i % 13 == 7 else "valid" if i % 5 else "unverifiable"
            validations.append(
                (
                    sid,
                    status,
                    _ts(self.demo.epoch - 3600 * (i % 20)),
                    "401 Unauthorized: key revoked" if status == "invalid" else None,
                )
            )
        yield (
            Secret,
            [
                "id",
                "profile_id",
                "provider_id",
                "key_name",
                "secret_value_enc",
                "notes",
                "tags_json",
                "source_type",
                "source_label",
                "imported_at",
                "created_at",
                "updated_at",
            ],
            rows,
        )
        yield (
            Validation,
            ["secret_id", "status", "checked_at", "error_message_redacted"],
            validations,
        )

    def _requirements(self) -> Iterator[Batch]:
        """Which keys each project needs (the Dashboard filters keys by project)."""
        rng = self.demo.rng
        rows = []
        for project_id in self.projects:
            for secret in rng.sample(self.secrets, min(6, len(self.secrets))):
                rows.append(
                    (
                        self.demo.ids.at(self.demo.epoch - 86400 * 30),
                        self.demo.profile,
                        project_id,
                        None,
                        secret.provider.id,
                        secret.key_name,
                        f"{secret.provider.name} access for the "
                        f"{secret.provider.features[0]} integration",
                        _ts(self.demo.epoch - 86400 * 30),
                    )
                )
        yield (
            ProjectRequirement,
            [
                "id",
                "profile_id",
                "project_id",
                "doc_id",
                "provider_id",
                "env_var_name",
                "requirement_text",
                "created_at",
            ],
            rows,
        )

    def _first_snapshot(self, s: _SecretInfo) -> datetime:
        """About when a key's oldest kept snapshot was taken (see `_snapshots`)."""
        return datetime.fromtimestamp(self.demo.epoch - (23 + s.stale_hours) * 3600 - 900, UTC)

    def _summaries(self) -> Iterator[Batch]:
        """365 days per key: growth, a weekly rhythm, spikes, failed days, outages, gaps. The
        summaries end where the key's raw snapshots begin, as retention would leave them: the
        day they begin holds only the hours before, and no day is counted twice."""
        rng = self.demo.rng
        today = self.demo.now.date()
        columns = list(SUMMARY_COLUMNS)
        rows = []
        for s in self.secrets:
            handover = self._first_snapshot(s)
            month_cost = 0.0
            for back in range(365, 0, -1):
                day = today - timedelta(days=back)
                if day.day == 1:
                    month_cost = 0.0
                if day > handover.date():
                    break
                hours = handover.hour if day == handover.date() else 24
                if rng.random() < 0.01 or not hours:
                    continue  # no collection at all: a gap in the charts
                progress = (365 - back) / 365
                weekday = 0.55 if day.weekday() >= 5 else 1.0
                usage = s.level * (1 + s.growth * progress) * weekday * rng.uniform(0.85, 1.15)
                spike = rng.random() < 0.025
                if spike:
                    usage *= rng.uniform(1.6, 2.6)
                usage = min(usage, 100.0)
                outage = rng.random() < 0.008
                failed_day = rng.random() < 0.02
                stats = DayStats()
                samples = 0 if failed_day else min(hours, rng.randint(20, 24))
                failures = hours - samples
                stats.samples = samples
                stats.sum_micro = round(usage * 1_000_000) * samples
                stats.usage_max = (
                    min(100.0, round(usage * rng.uniform(1.1, 1.5), 3)) if samples else None
                )
                s.daily_increment = s.daily_cost * usage / max(s.level, 1) * weekday
                month_cost += s.daily_increment * hours / 24
                s.month_cost = month_cost
                stats.cost, stats.currency = round(month_cost, 2), "USD"
                worst = "outage" if outage else "degraded" if spike else "valid"
                stats.health = dict.fromkeys(HEALTH_STATUSES, 0)
                stats.health["valid"] = max(0, hours - (12 if outage else 3 if spike else 0))
                stats.health[worst] += hours - stats.health["valid"]
                if failed_day:
                    stats.health = dict.fromkeys(HEALTH_STATUSES, 0) | {"unknown": hours}
                stats.successes, stats.failures = samples, failures
                at = datetime(day.year, day.month, day.day, 23, 59, tzinfo=UTC).timestamp()
                rows.append(
                    stats.row_values(
                        self.demo.ids.at(at),
                        self.demo.profile,
                        s.id,
                        s.provider.id,
                        day.isoformat(),
                    )
                )
            if len(rows) >= BATCH:
                yield DashboardDailySummary, columns, rows
                rows = []
        if rows:
            yield DashboardDailySummary, columns, rows

    def _snapshots(self) -> Iterator[Batch]:
        rng = self.demo.rng
        rows = []
        for s in self.secrets:
            handover = self._first_snapshot(s)
            for hour in range(23, -1, -1):
                at = self.demo.epoch - (hour + s.stale_hours) * 3600 - rng.randint(60, 900)
                # Month to date carries on from the summaries (from zero in a new month).
                taken = datetime.fromtimestamp(at, UTC)
                base = s.month_cost if taken.month == handover.month else 0.0
                since = max(0.0, at - max(handover.timestamp(), _month_start(taken)))
                month_cost = base + s.daily_increment * since / 86400
                failed = s.failing and hour < 3
                usage_pct = round(min(100.0, s.level * (1 + s.growth) * rng.uniform(0.9, 1.1)), 2)
                expiry = (
                    (self.demo.now + timedelta(days=s.expires_in_days)).date().isoformat()
                    if s.expires_in_days
                    else None
                )
                warnings = []
                if expiry:
                    warnings.append(f"Key expires on {expiry}")
                if usage_pct > 80:
                    warnings.append("Usage above 80% of the monthly quota")
                usage = (
                    None
                    if failed
                    else json.dumps(
                        {
                            "requests_today": int(usage_pct * 120 * (24 - hour) / 24),
                            "requests_this_month": int(usage_pct * 120 * self.demo.now.day),
                            "quota_used_percent": usage_pct,
                            "cost_this_month": round(month_cost, 2),
                            "cost_currency": "USD",
                            "custom_metrics": {
                                "p95_latency_ms": rng.randint(180, 900),
                                "error_rate_percent": round(rng.uniform(0, 1.5), 2),
                            },
                        }
                    )
                )
                config = json.dumps(
                    {
                        "api_version": rng.choice(["v1", "v2", "2024-06-20"]),
                        "region": rng.choice(["us-east-1", "eu-west-1", "global"]),
                        "tier": rng.choice(["free", "pay-as-you-go", "team", "enterprise"]),
                        "enabled_features": list(s.provider.features[:3]),
                        "custom_attributes": {"organization": "Demo Co"},
                    }
                )
                restrictions = json.dumps(
                    {
                        "rate_limit_per_minute": rng.choice([60, 500, 3000]),
                        "rate_limit_per_day": rng.choice([10_000, 200_000, None]),
                        "ip_restrictions": ["203.0.113.0/24"] if rng.random() < 0.3 else [],
                        "allowed_scopes": list(s.provider.scopes),
                        "expiration_date": expiry,
                        "custom_restrictions": {},
                    }
                )
                rows.append(
                    (
                        self.demo.ids.at(at),
                        self.demo.profile,
                        s.id,
                        s.provider.id,
                        _ts(at),
                        "scrape" if s.provider.id == "google-maps" else "api",
                        "failed" if failed else "partial" if rng.random() < 0.05 else "success",
                        usage,
                        None if failed else config,
                        None if failed else restrictions,
                        "invalid" if failed else "degraded" if usage_pct > 90 else "valid",
                        "degraded" if rng.random() < 0.03 else "operational",
                        json.dumps(warnings) if warnings else None,
                        "401 Unauthorized: the key was revoked or rotated" if failed else None,
                    )
                )
        yield (
            DashboardSnapshot,
            [
                "id",
                "profile_id",
                "secret_id",
                "provider_id",
                "collected_at",
                "collection_method",
                "collection_status",
                "usage_stats_json",
                "config_attributes_json",
                "restrictions_json",
                "health_status",
                "service_status",
                "warnings_json",
                "error_message_redacted",
            ],
            rows,
        )

    def _selectors(self) -> Iterator[Batch]:
        rng = self.demo.rng
        rows = []
        for provider in catalog.PROVIDERS:
            for data_type, (kind, value) in catalog.SELECTOR_TYPES.items():
                versions = rng.randint(1, 3)
                for version in range(1, versions + 1):
                    at = self.demo.epoch - (versions - version + 1) * rng.uniform(5, 40) * 86400
                    latest = version == versions
                    # The versions in use are mostly verified, a few broken (a redesigned
                    # dashboard); older versions were replaced because they broke.
                    status = (
                        rng.choices(("verified", "unverified", "broken"), (12, 3, 1))[0]
                        if latest
                        else "broken"
                    )
                    rows.append(
                        (
                            self.demo.ids.at(at),
                            provider.id,
                            data_type,
                            kind,
                            value if latest else _older_selector(data_type, value),
                            _ts(at + 3600) if status != "unverified" else None,
                            status,
                            version,
                            _ts(at),
                            _ts(at + 3600),
                        )
                    )
        yield (
            ProviderSelector,
            [
                "id",
                "provider_id",
                "data_type",
                "selector_type",
                "selector_value",
                "verified_at",
                "verification_status",
                "version",
                "created_at",
                "updated_at",
            ],
            rows,
        )

    def _recommendations(self) -> Iterator[Batch]:
        """Each project (and "no project") gets a few of the requirements, each with its best
        service and sometimes an alternative: never the same service twice for one need."""
        rng = self.demo.rng
        rows = []
        for project in [*self.projects, None]:
            for need in rng.sample(catalog.RECOMMENDATIONS, 4):
                offers = [need[2:], *catalog.ALTERNATIVES.get(need[0], ())]
                for provider_id, service, rationale, pricing, free in offers[
                    : 1 + int(rng.random() < 0.5)
                ]:
                    at = self.demo.epoch - rng.uniform(1, 60) * 86400
                    rows.append(
                        (
                            self.demo.ids.at(at),
                            self.demo.profile,
                            project,
                            need[0],
                            need[1],
                            provider_id,
                            service,
                            rationale,
                            pricing,
                            int(free),
                            catalog.PROVIDERS_BY_ID[provider_id].docs,
                            round(rng.uniform(0.45, 0.97), 2),
                            rng.choices(("new", "accepted", "rejected"), (5, 3, 1))[0],
                            _ts(at),
                        )
                    )
        yield (
            ServiceRecommendation,
            [
                "id",
                "profile_id",
                "project_id",
                "requirement_text",
                "capability_needed",
                "recommended_provider_id",
                "recommended_service_name",
                "rationale",
                "pricing_summary",
                "free_tier_available",
                "documentation_url",
                "match_score",
                "user_status",
                "created_at",
            ],
            rows,
        )

    def write_screenshots(self, limit: int = 60) -> int:
        jobs = sorted(self.demo.screenshot_jobs, key=lambda j: j[4], reverse=True)[:limit]
        for path, step, accent, failed, at in jobs:
            write_screenshot(path, step, accent, failed)
            os.utime(path, (at, at))
        return len(jobs)


def _month_start(moment: datetime) -> float:
    return datetime(moment.year, moment.month, 1, tzinfo=UTC).timestamp()


def _older_selector(data_type: str, value: str) -> str:
    """What an earlier version of a selector looked like; one kind never even parsed, so the
    Library's syntax check has something to find."""
    if data_type == "config_region":
        return value[:-1]
    return value.replace("tr", "div")


@dataclass(frozen=True)
class DemoReport:
    rows: dict[str, int]
    screenshots: int
    seconds: float


def write_demo(
    vault: Vault,
    scale: str = "small",
    seed: int = 7,
    now: datetime | None = None,
    on_progress: Callable[[str, int], None] | None = None,
) -> DemoReport:
    """Fill an empty profile with demo data (enabling automation first if needed)."""
    vault.require_writable()
    plan = DemoPlan.from_scale(scale)
    db = vault.database()
    if sql.count(db, "SELECT count(*) FROM secrets"):
        raise UsageError("Demo data goes into a profile without keys; this one has some.")
    if not vault.automation_enabled:
        vault.enable_automation()
    started = time.perf_counter()
    drop_list_indexes(db)  # built once at the end: far cheaper than row by row
    generator = DemoGenerator(vault, plan, seed, now or datetime.now(UTC))
    counts: dict[str, int] = {}
    for model, columns, rows in generator.batches(vault.require_key()):
        with db.atomic("IMMEDIATE"):
            insert_rows(db, model, columns, rows)
        table = model._meta.table_name
        counts[table] = counts.get(table, 0) + len(rows)
        if model is Secret:
            redaction.invalidate()
        if on_progress is not None:
            on_progress(table, counts[table])
    vault.ensure_indexes()
    shots = generator.write_screenshots()
    write_reference_library(vault.layout)
    return DemoReport(counts, shots, round(time.perf_counter() - started, 2))

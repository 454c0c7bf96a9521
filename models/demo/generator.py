"""Realistic demo data relative to "now", deterministic for a seed (`demo-data`, `--demo`).

`demo_batches` yields (model, columns, rows) in foreign-key order; `write_demo` inserts each
batch through `models.bulk.insert_rows`, so demo data gets the same redaction as any write.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import os
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from models import redaction
from models.bulk import insert_rows
from models.db import BaseModel
from models.demo import catalog
from models.demo.png import write_screenshot
from models.enums import FINDING_CATEGORIES, HEALTH_STATUSES
from models.errors import UsageError
from models.keys import VaultKey
from models.schema.automation import (
    AutomationExecution,
    AutomationScript,
    DashboardDailySummary,
    DashboardSnapshot,
    DiscoveryFinding,
    DiscoverySearchLog,
    HitlCheckpoint,
    ProviderSelector,
    ServiceRecommendation,
)
from models.schema.base import Project, ProjectRequirement, Provider, Secret, Validation
from models.summaries import SUMMARY_COLUMNS, DayStats
from models.vault import Vault

BATCH = 20_000
Batch = tuple[type[BaseModel], list[str], list[tuple[Any, ...]]]
ACCENTS = {
    "openai": (16, 163, 127),
    "anthropic": (204, 120, 92),
    "github": (36, 41, 47),
    "stripe": (99, 91, 255),
    "twilio": (242, 47, 70),
    "aws": (255, 153, 0),
    "sendgrid": (26, 130, 226),
    "cloudflare": (243, 128, 32),
    "mapbox": (66, 100, 251),
    "google-maps": (52, 168, 83),
}


@dataclass(frozen=True)
class DemoPlan:
    secrets: int
    findings: int
    scripts: int
    executions: int
    checkpoints: int
    search_logs: int

    @classmethod
    def from_scale(cls, scale: str) -> DemoPlan:
        if scale == "small":
            return cls(18, 1_200, 36, 300, 750, 450)
        if scale == "large":
            return cls(200, 1_000_000, 2_000, 200_000, 500_000, 50_000)
        try:
            findings = int(scale)
        except ValueError:
            raise UsageError("--scale takes small, large or a number of findings.") from None
        if findings < 10:
            raise UsageError("--scale N needs at least 10 findings.")
        return cls(
            secrets=min(200, max(12, findings // 5_000)),
            findings=findings,
            scripts=min(2_000, max(12, findings // 500)),
            executions=max(30, findings // 5),
            checkpoints=max(75, findings // 2),
            search_logs=max(60, findings // 20),
        )


_DAYS: dict[int, str] = {}
_CLOCK = [f"T{h:02d}:{m:02d}:{s:02d}Z" for h in range(24) for m in range(60) for s in range(60)]


def _ts(epoch: float) -> str:
    """UTC timestamp text; a day cache and a table of times beat strftime at 1M rows."""
    whole = int(epoch)
    day, second = divmod(whole, 86400)
    prefix = _DAYS.get(day)
    if prefix is None:
        prefix = _DAYS[day] = time.strftime("%Y-%m-%d", time.gmtime(day * 86400))
    return prefix + _CLOCK[second]


def _pick(rng: random.Random, population: tuple[Any, ...], cumulative: list[float]) -> Any:
    """random.choices for one item with precomputed cumulative weights, without its overhead."""
    return population[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


def _cumulative(weights: tuple[float, ...]) -> list[float]:
    return list(itertools.accumulate(weights))


class _Ids:
    """Time-ordered (version 7), seed-determined ids: inserts append to each B-tree."""

    _MASK48 = (1 << 48) - 1
    _MASK62 = (1 << 62) - 1

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def at(self, epoch: float) -> str:
        bits = self.rng.getrandbits(74)
        value = (
            (int(epoch * 1000) & self._MASK48) << 80
            | 0x7 << 76
            | (bits >> 62) << 64
            | 0b10 << 62
            | (bits & self._MASK62)
        )
        h = f"{value:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


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


class DemoGenerator:
    def __init__(self, vault: Vault, plan: DemoPlan, seed: int, now: datetime) -> None:
        self.vault = vault
        self.plan = plan
        self.rng = random.Random(seed)
        self.ids = _Ids(random.Random(seed + 1))
        self.now = now.replace(microsecond=0)
        self.epoch = self.now.timestamp()
        self.profile = vault.profile_id
        self.secrets: list[_SecretInfo] = []
        self.projects: list[str] = []
        self.screenshot_jobs: list[tuple[Path, int, tuple[int, int, int], bool, float]] = []

    # ---- batches in foreign-key order ----------------------------------------------------

    def batches(self, key: VaultKey) -> Iterator[Batch]:
        yield from self._providers()
        yield from self._projects()
        yield from self._secrets(key)
        yield from self._requirements()
        yield from self._summaries()
        yield from self._snapshots()
        yield from self._findings()
        yield from self._search_log()
        yield from self._scripts_and_runs()
        yield from self._selectors()
        yield from self._recommendations()

    def _providers(self) -> Iterator[Batch]:
        stamp = _ts(self.epoch - 400 * 86400)
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
                int(p.id != "github"),
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
            at = self.epoch - (300 - i * 40) * 86400
            pid = self.ids.at(at)
            self.projects.append(pid)
            rows.append(
                (
                    pid,
                    self.profile,
                    path,
                    name,
                    1,
                    _ts(self.epoch - 86400 * (i + 1)),
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
        rng = self.rng
        rows, validations = [], []
        used: set[tuple[str, str]] = set()
        for i in range(self.plan.secrets):
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
            created = self.epoch - rng.uniform(380, 700) * 86400
            sid = self.ids.at(created)
            value = catalog.secret_value(provider.shape, rng)
            rows.append(
                (
                    sid,
                    self.profile,
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
                    _ts(self.epoch - 3600 * (i % 20)),
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
        rng = self.rng
        rows = []
        for project_id in self.projects:
            for secret in rng.sample(self.secrets, min(6, len(self.secrets))):
                rows.append(
                    (
                        self.ids.at(self.epoch - 86400 * 30),
                        self.profile,
                        project_id,
                        None,
                        secret.provider.id,
                        secret.key_name,
                        f"{secret.provider.name} access for the "
                        f"{secret.provider.features[0]} integration",
                        _ts(self.epoch - 86400 * 30),
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

    def _summaries(self) -> Iterator[Batch]:
        """365 days per key: growth, a weekly rhythm, spikes, failed days, outages, gaps."""
        rng = self.rng
        today = self.now.date()
        columns = list(SUMMARY_COLUMNS)
        rows = []
        for s in self.secrets:
            month_cost = 0.0
            for back in range(365, 0, -1):
                day = today - timedelta(days=back)
                if day.day == 1:
                    month_cost = 0.0
                if rng.random() < 0.01:
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
                samples = 0 if failed_day else rng.randint(20, 24)
                failures = 24 - samples if not failed_day else 24
                stats.samples = samples
                stats.sum_micro = round(usage * 1_000_000) * samples
                stats.usage_max = (
                    min(100.0, round(usage * rng.uniform(1.1, 1.5), 3)) if samples else None
                )
                month_cost += s.daily_cost * usage / max(s.level, 1) * weekday
                stats.cost, stats.currency = round(month_cost, 2), "USD"
                worst = "outage" if outage else "degraded" if spike else "valid"
                stats.health = dict.fromkeys(HEALTH_STATUSES, 0)
                stats.health["valid"] = 24 - (12 if outage else 3 if spike else 0)
                stats.health[worst] += 24 - stats.health["valid"]
                if failed_day:
                    stats.health = dict.fromkeys(HEALTH_STATUSES, 0) | {"unknown": 24}
                stats.successes, stats.failures = samples, failures
                at = datetime(day.year, day.month, day.day, 23, 59, tzinfo=UTC).timestamp()
                rows.append(
                    stats.row_values(
                        self.ids.at(at), self.profile, s.id, s.provider.id, day.isoformat()
                    )
                )
            if len(rows) >= BATCH:
                yield DashboardDailySummary, columns, rows
                rows = []
        if rows:
            yield DashboardDailySummary, columns, rows

    def _snapshots(self) -> Iterator[Batch]:
        rng = self.rng
        rows = []
        for s in self.secrets:
            month_cost = s.daily_cost * self.now.day
            for hour in range(23, -1, -1):
                at = self.epoch - (hour + s.stale_hours) * 3600 - rng.randint(60, 900)
                failed = s.failing and hour < 3
                usage_pct = round(min(100.0, s.level * (1 + s.growth) * rng.uniform(0.9, 1.1)), 2)
                expiry = (
                    (self.now + timedelta(days=s.expires_in_days)).date().isoformat()
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
                            "requests_this_month": int(usage_pct * 120 * self.now.day),
                            "quota_used_percent": usage_pct,
                            "cost_this_month": round(month_cost * (1 - hour / 240), 2),
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
                        self.ids.at(at),
                        self.profile,
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

    def _finding_pool(self) -> list[tuple[str, str, str, str, str, str, str]]:
        rng = random.Random(self.rng.random())
        pool = []
        for provider in catalog.PROVIDERS:
            for category in FINDING_CATEGORIES:
                for title, snippet, impact, action in catalog.FINDING_TEMPLATES[category]:
                    for feature in provider.features:
                        when = (self.now + timedelta(days=rng.randint(20, 160))).date()
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

    def _findings(self) -> Iterator[Batch]:
        rng = self.rng
        pool = self._finding_pool()
        n = self.plan.findings
        span = 85 * 86400
        start = self.epoch - span
        now_text = _ts(self.epoch - 60)
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
        profile = self.profile
        rows: list[tuple[Any, ...]] = []
        for i in range(n):
            at = start + span * (i + rng.random()) / n
            provider_id, category, url, title, snippet, impact, action = pool[
                int(rng.random() * pool_size)
            ]
            urgency = _pick(rng, urgencies, urgency_weights[category])
            status = _pick(rng, statuses, recent if self.epoch - at < 864000 else older)
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
                    self.ids.at(at),
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

    def _search_log(self) -> Iterator[Batch]:
        rng = self.rng
        n = self.plan.search_logs
        span = 29 * 86400
        start = self.epoch - span
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
                    self.ids.at(at),
                    self.profile,
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

    def _script_specs(self) -> list[dict[str, Any]]:
        rng = self.rng
        specs = []
        tasks = list(catalog.TASK_TITLES)
        while len(specs) < self.plan.scripts:
            provider = catalog.PROVIDERS[len(specs) % len(catalog.PROVIDERS)]
            task = tasks[(len(specs) // len(catalog.PROVIDERS)) % len(tasks)]
            versions = rng.choices((1, 2, 3), (5, 3, 2))[0]
            created = self.epoch - rng.uniform(20, 120) * 86400
            for version in range(1, versions + 1):
                if len(specs) >= self.plan.scripts:
                    break
                latest = version == versions
                status = (
                    rng.choices(("pending", "approved", "rejected"), (3, 6, 2))[0]
                    if latest
                    else rng.choice(("approved", "rejected"))
                )
                created += rng.uniform(1, 15) * 86400
                created = min(created, self.epoch - 3600 * (len(specs) % 48 + 1))
                specs.append(
                    {
                        "provider": provider,
                        "task": task,
                        "version": version,
                        "status": status,
                        "created": created,
                        "title_suffix": len(specs) // (len(catalog.PROVIDERS) * len(tasks)),
                    }
                )
        specs.sort(key=lambda s: s["created"])
        for spec in specs:
            spec["id"] = self.ids.at(spec["created"])
        return specs

    def _scripts_and_runs(self) -> Iterator[Batch]:
        rng = self.rng
        specs = self._script_specs()
        approved = [s for s in specs if s["status"] == "approved"] or specs[:1]
        n = self.plan.executions
        span = 88 * 86400
        start = self.epoch - span
        runs = []
        for i in range(n):
            at = start + span * (i + rng.random()) / n
            spec = rng.choice(approved)
            if at < spec["created"]:
                at = min(self.epoch - 60, spec["created"] + rng.uniform(600, 7200))
            age = self.epoch - at
            status = rng.choices(
                ("success", "failure", "aborted", "paused_at_checkpoint"), (70, 15, 8, 4)
            )[0]
            if age < 1800 and rng.random() < 0.5:
                status = "running"
            runs.append((at, spec, status))
        runs.sort(key=lambda r: r[0])
        for at, spec, status in runs:
            spec["count"] = spec.get("count", 0) + 1
            if status in ("success", "failure", "aborted") and at >= spec.get("last_at", 0):
                spec["last_at"], spec["last_status"] = at, status
        yield from self._scripts(specs)
        yield from self._runs(runs)

    def _scripts(self, specs: list[dict[str, Any]]) -> Iterator[Batch]:
        rng = self.rng
        rows = []
        for spec in specs:
            provider, task = spec["provider"], spec["task"]
            title = catalog.TASK_TITLES[task].format(p=provider.name)
            if spec["title_suffix"]:
                title += f" ({catalog.ENVIRONMENTS[spec['title_suffix'] % 10].lower()})"
            created = spec["created"]
            plan = {
                "steps": [
                    "Sign in",
                    f"Open {provider.name} {task.replace('_', ' ')} page",
                    "Fill the form from placeholders",
                    "Pause for approval",
                    "Confirm",
                ],
                "checkpoints": [catalog.TASK_CHECKPOINT[task]],
                "required_inputs": ["ACCOUNT_EMAIL", "ACCOUNT_PASSWORD"],
                "risk_level": "high"
                if task in ("payment_config", "billing_restriction")
                else "medium",
                "estimated_duration_seconds": rng.randint(40, 240),
            }
            research = {
                "sources": [provider.docs, provider.dashboard],
                "notes": f"{provider.name} dashboard layout checked on {_ts(created)[:10]}",
                "selectors_verified": rng.randint(3, 9),
            }
            approved_at = (
                _ts(created + rng.uniform(600, 86400)) if spec["status"] == "approved" else None
            )
            last_at = spec.get("last_at")
            rows.append(
                (
                    spec["id"],
                    self.profile,
                    provider.id,
                    task,
                    title,
                    f"{title}. Generated from the provider's documentation and a recorded session.",
                    catalog.script_content(task, provider, spec["version"]),
                    rng.choice(catalog.MODELS),
                    json.dumps(research),
                    json.dumps(plan),
                    spec["status"],
                    approved_at,
                    spec["version"],
                    spec.get("count", 0),
                    _ts(last_at) if last_at else None,
                    spec.get("last_status"),
                    int(
                        spec["status"] == "approved"
                        and task == "dashboard_scrape"
                        and rng.random() < 0.5
                    ),
                    _ts(created),
                    _ts(created + 300),
                )
            )
        yield (
            AutomationScript,
            [
                "id",
                "profile_id",
                "provider_id",
                "task_type",
                "title",
                "description",
                "script_content",
                "model_used",
                "research_data_json",
                "plan_data_json",
                "approval_status",
                "approved_at",
                "version",
                "execution_count",
                "last_executed_at",
                "last_execution_status",
                "auto_approve_repeat",
                "created_at",
                "updated_at",
            ],
            rows,
        )

    def _runs(self, runs: list[tuple[float, dict[str, Any], str]]) -> Iterator[Batch]:
        rng = self.rng
        shots_dir = self.vault.layout.screenshots_dir(self.profile)
        leak = next(iter(self.vault.secret_values()), "none")
        exec_cols = [
            "id",
            "profile_id",
            "script_id",
            "started_at",
            "completed_at",
            "status",
            "checkpoints_reached",
            "checkpoints_approved",
            "checkpoints_rejected",
            "error_message_redacted",
            "debug_screenshot_paths_json",
            "result_summary_json",
        ]
        cp_cols = [
            "id",
            "profile_id",
            "execution_id",
            "checkpoint_type",
            "checkpoint_description",
            "proposed_action",
            "context_json",
            "decision",
            "user_notes",
            "decided_at",
        ]
        executions: list[tuple[Any, ...]] = []
        checkpoints: list[tuple[Any, ...]] = []
        emitted = 0
        for index, (at, spec, status) in enumerate(runs):
            provider, task = spec["provider"], spec["task"]
            eid = self.ids.at(at)
            # Random per run, but steered so the total reaches the plan exactly on average and
            # never ends below it (the large scale promises at least its checkpoint count).
            expected = self.plan.checkpoints * (index + 1) / len(runs)
            k = max(0, round(expected - emitted + rng.uniform(-1.5, 1.5)))
            if index == len(runs) - 1:
                k = max(k, self.plan.checkpoints - emitted)
            emitted += k
            decisions = []
            t = at
            for step in range(k):
                t += rng.uniform(20, 300)
                if status == "aborted" and step == k - 1:
                    decision = "rejected"
                else:
                    decision = rng.choices(("approved", "modified", "rejected"), (85, 10, 5))[0]
                decisions.append(decision)
                kind = (
                    catalog.TASK_CHECKPOINT[task]
                    if step == 0
                    else rng.choice(
                        (
                            "financial",
                            "account",
                            "irreversible",
                            "api_key",
                            "billing",
                            "script_review",
                        )
                    )
                )
                context = {
                    "page": provider.dashboard,
                    "step": step + 1,
                    "screenshot": f"step-{step + 1}.png",
                    "form": {"field": "Monthly budget", "value": rng.choice([50, 100, 200, 500])}
                    if kind in ("billing", "financial")
                    else {"field": "Name", "value": "{{KEY_LABEL}}"},
                }
                note = rng.choice(
                    [
                        None,
                        None,
                        None,
                        "Checked against the finance sheet.",
                        "Lowered the amount before approving.",
                    ]
                )
                checkpoints.append(
                    (
                        self.ids.at(t),
                        self.profile,
                        eid,
                        kind,
                        f"{kind.replace('_', ' ').capitalize()} step in "
                        f"{catalog.TASK_TITLES[task].format(p=provider.name).lower()}",
                        rng.choice(
                            [
                                "Click 'Save limits'",
                                "Submit the billing form",
                                "Create the key and copy it to the vault",
                                "Revoke the previous key",
                                "Confirm the organization name",
                            ]
                        ),
                        json.dumps(context),
                        decision,
                        note,
                        _ts(t),
                    )
                )
            done = status not in ("running", "paused_at_checkpoint")
            completed = _ts(t + rng.uniform(5, 90)) if done else None
            error = None
            if status == "failure":
                error = rng.choice(catalog.EXECUTION_ERRORS).format(
                    dashboard=provider.dashboard, api=provider.api_base, leak=leak
                )
            paths = None
            if self.epoch - at < 7 * 86400 and (status != "success" or rng.random() < 0.2):
                shots = [
                    str(shots_dir / eid / f"step-{i + 1}.png") for i in range(rng.randint(1, 3))
                ]
                paths = json.dumps(shots)
                for i, path in enumerate(shots):
                    self.screenshot_jobs.append(
                        (
                            Path(path),
                            i,
                            ACCENTS.get(provider.id, (80, 80, 80)),
                            status == "failure" and i == len(shots) - 1,
                            at,
                        )
                    )
            summary = (
                json.dumps(
                    {
                        "steps_completed": k + (2 if done else 1),
                        "duration_seconds": round(t - at + 30, 1),
                        "outcome": status,
                    }
                )
                if done
                else None
            )
            executions.append(
                (
                    eid,
                    self.profile,
                    spec["id"],
                    _ts(at),
                    completed,
                    status,
                    k + (1 if status == "paused_at_checkpoint" else 0),
                    sum(d != "rejected" for d in decisions),
                    decisions.count("rejected"),
                    error,
                    paths,
                    summary,
                )
            )
            if len(executions) >= BATCH:
                yield AutomationExecution, exec_cols, executions
                yield HitlCheckpoint, cp_cols, checkpoints
                executions, checkpoints = [], []
        if executions:
            yield AutomationExecution, exec_cols, executions
        if checkpoints:
            yield HitlCheckpoint, cp_cols, checkpoints

    def _selectors(self) -> Iterator[Batch]:
        rng = self.rng
        rows = []
        for provider in catalog.PROVIDERS:
            for data_type, (kind, value) in catalog.SELECTOR_TYPES.items():
                versions = rng.randint(1, 3)
                for version in range(1, versions + 1):
                    at = self.epoch - (versions - version + 1) * rng.uniform(5, 40) * 86400
                    latest = version == versions
                    status = (
                        rng.choices(("verified", "unverified", "broken"), (6, 2, 1))[0]
                        if latest
                        else "broken"
                    )
                    rows.append(
                        (
                            self.ids.at(at),
                            provider.id,
                            data_type,
                            kind,
                            value if version == versions else value.replace("tr", "div"),
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
        rng = self.rng
        rows = []
        for i, (req, capability, provider_id, service, rationale, pricing, free) in enumerate(
            catalog.RECOMMENDATIONS * 2
        ):
            at = self.epoch - rng.uniform(1, 60) * 86400
            project = self.projects[i % len(self.projects)] if i % 4 else None
            rows.append(
                (
                    self.ids.at(at),
                    self.profile,
                    project,
                    req,
                    capability,
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
        jobs = sorted(self.screenshot_jobs, key=lambda j: j[4], reverse=True)[:limit]
        for path, step, accent, failed, at in jobs:
            write_screenshot(path, step, accent, failed)
            os.utime(path, (at, at))
        return len(jobs)


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
    if db.execute_sql("SELECT count(*) FROM secrets").fetchone()[0]:
        raise UsageError("Demo data goes into a profile without keys; this one has some.")
    if not vault.automation_enabled:
        vault.enable_automation()
    started = time.perf_counter()
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
    shots = generator.write_screenshots()
    _record_library(vault)
    return DemoReport(counts, shots, round(time.perf_counter() - started, 2))


def _record_library(vault: Vault) -> None:
    from models.reference_library import ReferenceLibrary

    library = ReferenceLibrary(vault.layout)
    for name, url in (
        ("playwright-python", "https://github.com/microsoft/playwright-python"),
        ("puppeteer", "https://github.com/puppeteer/puppeteer"),
    ):
        folder = library.folder / name
        (folder / "docs").mkdir(parents=True, exist_ok=True)
        (folder / "README.md").write_text(f"# {name}\n\nReference copy for script generation.\n")
        (folder / "docs" / "api.md").write_text("Locators, auto-waiting and assertions.\n")
        library.record(name, url, hashlib.sha1(name.encode()).hexdigest(), name)

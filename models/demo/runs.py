"""Demo scripts and their runs: Playwright scripts in every approval state, executions with
results, redacted errors and screenshots, and the checkpoints each run reached.

A part of `DemoGenerator`: it draws from the generator's shared `DemoContext` (plan, random
stream, ids, clock) and leaves the screenshots to draw in it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from automation_admin.models.demo import catalog
from automation_admin.models.demo.context import DemoContext
from automation_admin.models.demo.rows import ACCENTS, BATCH, Batch, _ts
from automation_admin.models.demo.story import NOTES, STEPS, fill
from automation_admin.models.schema.automation import (
    AutomationExecution,
    AutomationScript,
    HitlCheckpoint,
)
from automation_admin.models.schema.base import AuditEvent
from automation_admin.models.store import audit


class DemoRuns:
    def __init__(self, demo: DemoContext) -> None:
        self.demo = demo

    def _script_specs(self) -> list[dict[str, Any]]:
        rng = self.demo.rng
        specs: list[dict[str, Any]] = []
        tasks = list(catalog.TASK_TITLES)
        providers = catalog.PROVIDERS
        # Each family (a title and its versions) pairs the next provider with the next task:
        # every task appears early, with several providers, even in a small demo.
        family = 0
        while len(specs) < self.demo.plan.scripts:
            provider = providers[family % len(providers)]
            task = tasks[family % len(tasks)]
            suffix = family // math.lcm(len(providers), len(tasks))  # the pairs repeat
            family += 1
            versions = rng.choices((1, 2, 3), (5, 3, 2))[0]
            created = self.demo.epoch - rng.uniform(20, 120) * 86400
            for version in range(1, versions + 1):
                if len(specs) >= self.demo.plan.scripts:
                    break
                latest = version == versions
                status = (
                    rng.choices(("pending", "approved", "rejected"), (3, 6, 2))[0]
                    if latest
                    else rng.choice(("approved", "rejected"))
                )
                created += rng.uniform(1, 15) * 86400
                created = min(created, self.demo.epoch - 3600 * (len(specs) % 48 + 1))
                specs.append(
                    {
                        "provider": provider,
                        "task": task,
                        "version": version,
                        "status": status,
                        "created": created,
                        "title_suffix": suffix,
                    }
                )
        specs.sort(key=lambda s: s["created"])
        for spec in specs:
            spec["id"] = self.demo.ids.at(spec["created"])
        return specs

    def scripts_and_runs(self) -> Iterator[Batch]:
        rng = self.demo.rng
        specs = self._script_specs()
        approved = [s for s in specs if s["status"] == "approved"] or specs[:1]
        n = self.demo.plan.executions
        span = 88 * 86400
        start = self.demo.epoch - span
        runs = []
        for i in range(n):
            at = start + span * (i + rng.random()) / n
            spec = rng.choice(approved)
            if at < spec["created"]:
                at = min(self.demo.epoch - 60, spec["created"] + rng.uniform(600, 7200))
            age = self.demo.epoch - at
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
        yield from self._decisions(specs)
        yield from self._runs(runs)

    def _decisions(self, specs: list[dict[str, Any]]) -> Iterator[Batch]:
        """The audit trail of the reviews that approved or rejected the demo scripts."""
        # Imported here: every command line run imports this module, few write demo data.
        from automation_admin.models.scripts.review import CLEAN_VERDICT
        from automation_admin.models.scripts.service import content_digest

        rows = []
        for spec in specs:
            if spec["status"] == "pending":
                continue
            at = spec["decided"]
            # The same metadata the Scripts tab records (models.scripts).
            metadata: dict[str, Any] = {"script": spec["id"], "title": spec["title"]}
            if spec["status"] == "rejected":
                metadata["reason"] = self.demo.rng.choice(catalog.REJECT_REASONS)
                kind = audit.SCRIPT_REJECTED
            else:
                metadata |= {
                    "version": spec["version"],
                    "content_sha256": content_digest(spec["content"]),
                    "verdict": CLEAN_VERDICT,
                    "acknowledged": [],
                }
                kind = audit.SCRIPT_APPROVED
            rows.append(
                (self.demo.ids.at(at), self.demo.profile, kind, _ts(at), json.dumps(metadata))
            )
        rows.sort(key=lambda row: row[0])
        yield (
            AuditEvent,
            ["id", "profile_id", "event_type", "created_at", "metadata_json_redacted"],
            rows,
        )

    def _scripts(self, specs: list[dict[str, Any]]) -> Iterator[Batch]:
        rng = self.demo.rng
        rows = []
        pending = [s for s in specs if s["status"] == "pending"]
        for position, spec in enumerate(pending):
            # The oldest pending script is clean; a few after it carry a flaw the review flags.
            spec["flaw"] = {1: "screenshot", 2: "log"}.get(position % 4, "")
        for spec in specs:
            spec["content"] = catalog.script_content(
                spec["task"], spec["provider"], spec["version"], spec.get("flaw", "")
            )
            provider, task = spec["provider"], spec["task"]
            title = catalog.TASK_TITLES[task].format(p=provider.name)
            if spec["title_suffix"]:
                title += f" ({catalog.ENVIRONMENTS[spec['title_suffix'] % 10].lower()})"
            spec["title"] = title
            created = spec["created"]
            plan = {
                "steps": [
                    "Sign in",
                    f"Open {provider.name} {task.replace('_', ' ')} page",
                    "Fill the form from placeholders",
                    "Pause for approval",
                    "Confirm",
                ],
                "checkpoints": [step.kind for step in STEPS[task]],
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
            # When the review decided (approved or rejected); its audit event carries this time.
            spec["decided"] = min(self.demo.epoch - 60, created + rng.uniform(600, 86400))
            approved_at = _ts(spec["decided"]) if spec["status"] == "approved" else None
            last_at = spec.get("last_at")
            rows.append(
                (
                    spec["id"],
                    self.demo.profile,
                    provider.id,
                    task,
                    title,
                    f"{title}. Generated from the provider's documentation and a recorded session.",
                    spec["content"],
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
        rng = self.demo.rng
        shots_dir = self.demo.vault.layout.screenshots_dir(self.demo.profile)
        leak = next(iter(self.demo.vault.secret_values()), "none")
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
        # A little over the plan, so that runs whose task has few steps cannot leave the total
        # below it (the large scale promises at least its checkpoint count).
        target = self.demo.plan.checkpoints * 1.02 + 3
        for index, (at, spec, status) in enumerate(runs):
            provider, task = spec["provider"], spec["task"]
            steps = STEPS[task]
            eid = self.demo.ids.at(at)
            # Random per run, steered towards the plan: a run reaches a prefix of its script's
            # checkpoints, never more than the script has.
            expected = target * (index + 1) / len(runs)
            k = max(0, round(expected - emitted + rng.uniform(-1.5, 1.5)))
            k = min(k, len(steps))
            if index == len(runs) - 1:
                k = min(len(steps), max(k, self.demo.plan.checkpoints - emitted))
            emitted += k
            decisions = []
            t = at
            for step in range(k):
                t += rng.uniform(20, 300)
                # A rejection stops a run: only an aborted run's last step is rejected.
                if status == "aborted" and step == k - 1:
                    decision = "rejected"
                else:
                    decision = rng.choices(("approved", "modified"), (88, 12))[0]
                decisions.append(decision)
                step_info = steps[step]
                context = {
                    "page": provider.dashboard,
                    "step": step + 1,
                    "screenshot": f"step-{step + 1}.png",
                    "form": {"field": step_info.field, "value": fill(step_info.value)},
                }
                approving, changing = NOTES[step_info.kind]
                note = (
                    changing
                    if decision == "modified" and rng.random() < 0.7
                    else approving
                    if decision == "approved" and rng.random() < 0.15
                    else None
                )
                checkpoints.append(
                    (
                        self.demo.ids.at(t),
                        self.demo.profile,
                        eid,
                        step_info.kind,
                        step_info.description(provider.name),
                        step_info.proposed(provider.name),
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
            if self.demo.epoch - at < 7 * 86400 and (status != "success" or rng.random() < 0.2):
                shots = [
                    str(shots_dir / eid / f"step-{i + 1}.png") for i in range(rng.randint(1, 3))
                ]
                paths = json.dumps(shots)
                for i, path in enumerate(shots):
                    self.demo.screenshot_jobs.append(
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
                    self.demo.profile,
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

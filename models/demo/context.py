"""What every part of the demo generator shares, passed to each part (composition, not
mixins): the vault, the plan, one random stream and one id source (so a seed always gives
the same data, whichever part draws next), the clock, and the screenshots still to draw."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from automation_admin.models.demo.rows import _Ids
from automation_admin.models.store.errors import UsageError
from automation_admin.models.store.vault import Vault

# (file, step number, accent colour, failed, time the run took it): drawn after the rows.
ScreenshotJob = tuple[Path, int, tuple[int, int, int], bool, float]


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


@dataclass
class DemoContext:
    vault: Vault
    plan: DemoPlan
    rng: random.Random
    ids: _Ids
    now: datetime
    epoch: float  # `now` in Unix seconds (rows are stamped relative to it, a million times)
    profile: str
    screenshot_jobs: list[ScreenshotJob] = field(default_factory=list)

    @classmethod
    def start(cls, vault: Vault, plan: DemoPlan, seed: int, now: datetime) -> DemoContext:
        now = now.replace(microsecond=0)
        return cls(
            vault,
            plan,
            random.Random(seed),
            _Ids(random.Random(seed + 1)),
            now,
            now.timestamp(),
            vault.profile_id,
        )

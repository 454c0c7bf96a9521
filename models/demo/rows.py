"""Helpers the demo generator's parts share: batches, time-ordered ids, fast timestamps."""

from __future__ import annotations

import bisect
import functools
import itertools
import random
import time
from typing import Any

from automation_admin.models.store.db import BaseModel

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


_DAYS: dict[int, str] = {}


@functools.cache
def _clock() -> list[str]:
    """'THH:MM:SSZ' for every second of a day, made on first use (not at import)."""
    return [f"T{h:02d}:{m:02d}:{s:02d}Z" for h in range(24) for m in range(60) for s in range(60)]


def _ts(epoch: float) -> str:
    """UTC timestamp text; a day cache and a table of times beat strftime at 1M rows."""
    whole = int(epoch)
    day, second = divmod(whole, 86400)
    prefix = _DAYS.get(day)
    if prefix is None:
        prefix = _DAYS[day] = time.strftime("%Y-%m-%d", time.gmtime(day * 86400))
    return prefix + _clock()[second]


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

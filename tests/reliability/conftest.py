"""The reliability suite: faults a user meets (kills, other writers, damage, a full or
read-only disk, hostile values). Windows render offscreen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

"""A decision taken on what the person saw, refused when another program changed it since.

The writes that act on rows another program also writes (triage, recommendation decisions)
compare what the person saw with what is stored inside the same transaction as the write,
so nothing is decided on a state nobody looked at.
"""

from __future__ import annotations

from automation_admin.models.store.errors import AdminError


class ChangedMeanwhile(AdminError):
    """Nothing was written: the rows changed since the person looked at them."""


def plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"

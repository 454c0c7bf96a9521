"""What changed, cheaply: a few numbers per table that move when its rows do.

Every probe is a scalar subquery that an index (or the rowid b-tree) answers in a few page
reads, so the whole set costs tens of microseconds however large the vault is:

- `max(rowid)` moves on every insert (a rowid table gives a new row the largest rowid plus
  one) and `min(rowid)` on a purge of the oldest rows (retention deletes from the old end);
- `max(updated_at)`, `max(completed_at)` and friends move when a row is updated in the ways
  the automation runner updates them (a run that finishes, a script that changes), where an
  index makes the maximum one seek;
- counts only over small tables or narrow index ranges (scripts per approval status).

An update these numbers cannot see (say, another program re-triaging an old finding) still
moves `PRAGMA data_version`; the watcher reports it as unexplained and the window re-reads
only what it shows.
"""

from __future__ import annotations

from collections.abc import Mapping

from automation_admin.models.store import sql
from automation_admin.models.store.vault import Vault

Marks = dict[str, tuple[object, ...]]

_ROWIDS = ("max(rowid)", "min(rowid)")
# table -> (expression, optional WHERE) for each number watched
PROBES: dict[str, tuple[tuple[str, str], ...]] = {
    "profile_settings": (("max(updated_at)", ""),),
    "providers": (("count(*)", ""), ("max(updated_at)", "")),
    "secrets": (("count(*)", ""), ("max(updated_at)", ""), ("max(rowid)", "")),
    "validations": (("count(*)", ""), ("max(checked_at)", "")),
    "projects": (("count(*)", ""), ("max(updated_at)", "")),
    "project_requirements": tuple((e, "") for e in _ROWIDS),
    "audit_events": tuple((e, "") for e in _ROWIDS),
    "dashboard_snapshots": tuple((e, "") for e in _ROWIDS),
    "dashboard_daily_summaries": (*((e, "") for e in _ROWIDS), ("max(summary_date)", "")),
    "discovery_findings": tuple((e, "") for e in _ROWIDS),
    "discovery_search_log": tuple((e, "") for e in _ROWIDS),
    "automation_scripts": (
        *((e, "") for e in _ROWIDS),
        ("max(updated_at)", ""),
        ("count(*)", "approval_status = 'pending'"),
        ("count(*)", "approval_status = 'approved'"),
        ("count(*)", "approval_status = 'rejected'"),
    ),
    "automation_executions": (*((e, "") for e in _ROWIDS), ("max(completed_at)", "")),
    "hitl_checkpoints": tuple((e, "") for e in _ROWIDS),
    "provider_selectors": (("count(*)", ""), ("max(updated_at)", "")),
    "service_recommendations": tuple((e, "") for e in _ROWIDS),
}


class MarkReader:
    """Reads the marks of the tables this vault has, with one statement built once."""

    def __init__(self, vault: Vault) -> None:
        present = {
            row[0]
            for row in sql.rows(
                vault.database(), "SELECT name FROM sqlite_master WHERE type = 'table'"
            )
        }
        self.tables = [t for t in PROBES if t in present]
        parts: list[str] = []
        self._widths: list[int] = []
        for table in self.tables:
            for expression, where in PROBES[table]:
                condition = f" WHERE {where}" if where else ""
                # One aggregate per subquery: SQLite answers a lone min() or max() with a
                # single index seek, but scans the table for two in one SELECT.
                parts.append(f"(SELECT {expression} FROM {table}{condition})")
            self._widths.append(len(PROBES[table]))
        self._sql = f"SELECT {', '.join(parts)}" if parts else ""

    def read(self, vault: Vault) -> Marks:
        if not self._sql:
            return {}
        values = sql.first(vault.database(), self._sql) or ()
        marks: Marks = {}
        start = 0
        for table, width in zip(self.tables, self._widths, strict=True):
            marks[table] = tuple(values[start : start + width])
            start += width
        return marks


def changed_tables(before: Mapping[str, tuple[object, ...]], after: Marks) -> frozenset[str]:
    return frozenset(t for t in after if before.get(t) != after[t])


def max_rowid(marks: Mapping[str, tuple[object, ...]], table: str) -> int:
    """The largest rowid a table had when `marks` were read (0: empty or not watched)."""
    values = marks.get(table)
    if not values or "max(rowid)" not in [e for e, _ in PROBES[table]]:
        return 0
    index = [e for e, _ in PROBES[table]].index("max(rowid)")
    value = values[index]
    return int(value) if isinstance(value, int) else 0


def only_inserted(before: Mapping[str, tuple[object, ...]], after: Marks, table: str) -> bool:
    """True when the table's marks say rows were only added (max(rowid) grew, nothing else
    moved), so counting the new rows is enough to bring counts up to date."""
    if table not in after or table not in before:
        return False
    names = [e for e, _ in PROBES[table]]
    if names[:2] != list(_ROWIDS):
        return False
    old, new = before[table], after[table]
    grew = isinstance(new[0], int) and (not isinstance(old[0], int) or new[0] > old[0])
    return grew and all(o == n for o, n in zip(old[1:], new[1:], strict=True))

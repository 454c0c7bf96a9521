"""Audit event types: the ones this program writes, the automation runner's, and how each
reads. The runner writes the same table, so the trail shows every type present; a type
nobody here knows is listed as it is written, never dropped."""

from __future__ import annotations

from automation_admin.models.store import audit, sql
from automation_admin.models.store.vault import Vault

# The runner's types, by name or by family (`hitl.checkpoint.approved` reads "checkpoint
# approved"). Words are lower case, as the trail lists them.
RUNNER_EVENTS = {
    "automation.script.executed": "script run",
    "dashboard.refresh": "dashboard refreshed",
    "error": "error",
}
RUNNER_FAMILIES = (
    ("hitl.", "checkpoint"),
    ("discovery.", "discovery"),
    ("dashboard.", "dashboard"),
)


def _words(text: str) -> str:
    return " ".join(text.replace("_", " ").replace(".", " ").split())


def known_words(event_type: str) -> str | None:
    """How a known type reads; None for a type this program does not know."""
    if event_type in audit.AUTOMATION_EVENT_TYPES:
        rest = event_type.removeprefix("automation.")
        # `automation.enabled` keeps its first word, which alone says what was enabled.
        return _words(rest if "." in rest else event_type)
    if event_type in RUNNER_EVENTS:
        return RUNNER_EVENTS[event_type]
    for prefix, family in RUNNER_FAMILIES:
        rest = event_type.removeprefix(prefix)
        if rest != event_type and rest and rest.replace("_", "").replace(".", "").isalnum():
            return f"{family} {_words(rest)}"
    return None


def types_present(vault: Vault) -> list[str]:
    """Every event type in the trail, in order. A skip scan over the (event_type, created_at)
    index: one seek per distinct type, however many events there are."""
    rows = sql.rows(
        vault.database(),
        "WITH RECURSIVE kinds(kind) AS ("
        " SELECT min(event_type) FROM audit_events"
        " UNION ALL"
        " SELECT (SELECT min(event_type) FROM audit_events WHERE event_type > kind)"
        " FROM kinds WHERE kind IS NOT NULL"
        ") SELECT kind FROM kinds WHERE kind IS NOT NULL",
    )
    return [str(r[0]) for r in rows]

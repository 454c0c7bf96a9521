"""The audit trail lists every event type: this program's, the runner's, and unknown ones."""

from __future__ import annotations

import pytest

from automation_admin.models.checkpoints import service as checkpoints_data
from automation_admin.models.store import audit
from automation_admin.models.store.event_types import known_words, types_present
from automation_admin.models.store.vault import Vault


@pytest.mark.parametrize(
    ("event_type", "words"),
    [
        (audit.SCRIPT_APPROVED, "script approved"),
        (audit.AUTOMATION_ENABLED, "automation enabled"),
        ("automation.script.executed", "script run"),
        ("hitl.checkpoint.approved", "checkpoint checkpoint approved"),
        ("hitl.decision_recorded", "checkpoint decision recorded"),
        ("discovery.search.completed", "discovery search completed"),
        ("dashboard.refresh", "dashboard refreshed"),
        ("error", "error"),
        ("backup.created", None),
        ("hitl.", None),
        ("discovery.<script>", None),
    ],
)
def test_known_types_have_words(event_type: str, words: str | None) -> None:
    assert known_words(event_type) == words


def test_every_type_present_is_listed_and_paged(vault: Vault) -> None:
    for kind, at in (
        ("automation.script.executed", "2099-11-01T10:00:00Z"),
        ("zz.unknown", "2099-11-01T11:00:00Z"),
        ("error", "2099-11-01T12:00:00Z"),
        ("error", "2099-11-01T13:00:00Z"),
    ):
        audit.record(vault.profile_id, kind, {"note": kind}, at=at)
    assert types_present(vault) == [
        "automation.enabled",
        "automation.script.executed",
        "error",
        "zz.unknown",
    ]
    rows, _ = checkpoints_data.audit_page(vault)
    assert [r.event_type for r in rows][:4] == [
        "error",
        "error",
        "zz.unknown",
        "automation.script.executed",
    ]
    unknown, _ = checkpoints_data.audit_page(vault, event_type="zz.unknown")
    assert [r.metadata.value for r in unknown] == [{"note": "zz.unknown"}]

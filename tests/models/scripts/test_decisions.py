"""Why a script was rejected, read back from the audit trail."""

from __future__ import annotations

from automation_admin.models.scripts import service as scripts
from automation_admin.models.scripts.decisions import last_rejection
from automation_admin.models.store import audit
from automation_admin.models.store.vault import Vault
from tests.factories import insert
from tests.models.scripts.test_scripts import add_script


def test_the_newest_reason_of_a_rejected_script(vault: Vault) -> None:
    script = add_script(vault)
    other = add_script(vault)
    assert last_rejection(vault, script) is None  # never rejected
    scripts.reject(vault, script, "Wrong account")
    scripts.return_to_pending(vault, script)
    scripts.reject(vault, script, "  Clicks Delete without a checkpoint ")
    scripts.reject(vault, other, "Another script's reason")
    rejection = last_rejection(vault, script)
    assert rejection is not None and rejection.reason == "Clicks Delete without a checkpoint"
    assert rejection.decided_at.endswith("Z")


def test_events_another_program_wrote_badly_are_passed_over(vault: Vault) -> None:
    script = add_script(vault)
    for metadata in ("{not json", '{"script": 7}', f'{{"script": "{script}"}}'):
        insert(
            vault,
            "audit_events",
            {
                "id": f"0190{len(metadata):04d}-0000-7000-8000-000000000000",
                "profile_id": vault.profile_id,
                "event_type": audit.SCRIPT_REJECTED,
                "created_at": "2026-11-01T10:00:00Z",
                "metadata_json_redacted": metadata,
            },
        )
    rejection = last_rejection(vault, script)
    assert rejection is not None and rejection.reason == ""  # rejected, no reason recorded

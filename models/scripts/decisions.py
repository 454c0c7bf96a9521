"""Why a script was rejected: the reason its reviewer gave, from the audit trail.

The script row keeps only its status; the reason lives in the `automation.script.rejected`
event written with the decision (models.scripts.service.reject).
"""

from __future__ import annotations

from dataclasses import dataclass

from automation_admin.models.store import audit, sql
from automation_admin.models.store.jsonview import read_json
from automation_admin.models.store.vault import Vault

# Newest first along the (event_type, created_at) index; metadata another program wrote may
# be invalid JSON, which json_extract would refuse, so it is checked first.
_LAST_REJECTION = """
SELECT created_at, metadata_json_redacted FROM audit_events
WHERE event_type = ? AND profile_id = ?
  AND CASE WHEN json_valid(metadata_json_redacted)
           THEN json_extract(metadata_json_redacted, '$.script') END = ?
ORDER BY created_at DESC, id DESC LIMIT 1
"""


@dataclass(frozen=True)
class Rejection:
    decided_at: str
    reason: str  # as recorded (redacted on write); empty when the event holds none


def last_rejection(vault: Vault, script_id: str) -> Rejection | None:
    """The newest rejection of the script, or None if it was never rejected here."""
    row = sql.first(
        vault.database(), _LAST_REJECTION, (audit.SCRIPT_REJECTED, vault.profile_id, script_id)
    )
    if row is None:
        return None
    reason = read_json(row[1]).get("reason")
    return Rejection(row[0], reason.strip() if isinstance(reason, str) else "")

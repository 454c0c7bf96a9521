"""The audit trail of automation state changes (`audit_events`, metadata redacted on write)."""

from __future__ import annotations

from typing import Any

from automation_admin.models.schema.base import AuditEvent
from automation_admin.models.store.ids import uuid7
from automation_admin.models.store.timeutil import now_timestamp

AUTOMATION_ENABLED = "automation.enabled"
RETENTION_RUN = "automation.retention.run"
SCRIPT_APPROVED = "automation.script.approved"
SCRIPT_REJECTED = "automation.script.rejected"
SCRIPT_RETURNED = "automation.script.returned_to_pending"
SCRIPT_AUTO_APPROVE = "automation.script.auto_approve_changed"
FINDING_TRIAGED = "automation.finding.triaged"
FINDINGS_DELETED = "automation.finding.deleted"
RECOMMENDATION_DECIDED = "automation.recommendation.decided"
SETTINGS_CHANGED = "automation.settings.changed"
PROVIDER_CHANGED = "automation.provider.changed"
REDACTION_RESCRUB = "automation.redaction.rescrub"

AUTOMATION_EVENT_TYPES = (
    AUTOMATION_ENABLED,
    RETENTION_RUN,
    SCRIPT_APPROVED,
    SCRIPT_REJECTED,
    SCRIPT_RETURNED,
    SCRIPT_AUTO_APPROVE,
    FINDING_TRIAGED,
    FINDINGS_DELETED,
    RECOMMENDATION_DECIDED,
    SETTINGS_CHANGED,
    PROVIDER_CHANGED,
    REDACTION_RESCRUB,
)


def record(
    profile_id: str, event_type: str, metadata: dict[str, Any], at: str | None = None
) -> str:
    """Write one event through the model API (so its metadata is scrubbed); returns its id."""
    event_id = uuid7()
    AuditEvent.create(
        id=event_id,
        profile=profile_id,
        event_type=event_type,
        created_at=at or now_timestamp(),
        metadata_json_redacted=metadata,
    )
    return event_id

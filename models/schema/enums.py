"""Every enumerated value the schema allows, in one place (CHECK constraints repeat them in SQL).

The values people act on (finding status, script approval, checkpoint decision, urgency,
recommendation status) are `StrEnum`s with their words in one table each: what the value is
called, the control that moves something to it, and what to say once it did. The tuples
below stay the schema's plain-string lists (the CHECK constraints and the filters use them).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

SOURCE_TYPES = ("manual", "paste", "file_import", "dotenv_patch", "export_bundle_import")
VALIDATION_STATUSES = ("unknown", "valid", "invalid", "unverifiable", "error")
VAULT_STORAGE_MODES = ("passphrase_only", "os_keychain_optional")

COLLECTION_METHODS = ("api", "scrape", "cached")
COLLECTION_STATUSES = ("success", "partial", "failed")
HEALTH_STATUSES = ("valid", "invalid", "degraded", "outage", "unknown")
SERVICE_STATUSES = ("operational", "degraded", "outage", "unknown")
FINDING_CATEGORIES = (
    "capability_change",
    "pricing_update",
    "deprecation",
    "security_advisory",
    "new_alternative",
    "service_modification",
)


@dataclass(frozen=True)
class Wording:
    """How one value reads. `label`: its name ("Reviewed"); `action`: the control that moves
    something to it ("Mark reviewed"); `done`: what happened ("marked reviewed")."""

    label: str
    action: str = ""
    done: str = ""


class Urgency(StrEnum):
    """Least to most urgent."""

    INFORMATIONAL = "informational"
    ADVISORY = "advisory"
    ACTION_NEEDED = "action_needed"
    CRITICAL = "critical"

    @property
    def words(self) -> Wording:
        return URGENCY_WORDS[self]


URGENCY_WORDS = {
    Urgency.INFORMATIONAL: Wording("Informational"),
    Urgency.ADVISORY: Wording("Advisory"),
    Urgency.ACTION_NEEDED: Wording("Action needed"),
    Urgency.CRITICAL: Wording("Critical"),
}


class FindingStatus(StrEnum):
    NEW = "new"
    REVIEWED = "reviewed"
    DISMISSED = "dismissed"
    ACTIONED = "actioned"

    @property
    def words(self) -> Wording:
        return FINDING_STATUS_WORDS[self]


FINDING_STATUS_WORDS = {
    FindingStatus.NEW: Wording("New", "Reopen", "reopened"),
    FindingStatus.REVIEWED: Wording("Reviewed", "Mark reviewed", "marked reviewed"),
    FindingStatus.DISMISSED: Wording("Dismissed", "Dismiss", "dismissed"),
    FindingStatus.ACTIONED: Wording("Actioned", "Mark actioned", "marked actioned"),
}

URGENCIES = tuple(u.value for u in Urgency)
FINDING_STATUSES = tuple(s.value for s in FindingStatus)
TRIGGER_TYPES = ("scheduled", "on_demand", "launch_catchup")
SEARCH_STATUSES = ("success", "partial", "failed")
TASK_TYPES = (
    "account_creation",
    "payment_config",
    "billing_restriction",
    "api_key_management",
    "dashboard_scrape",
    "custom",
)


class ApprovalStatus(StrEnum):
    """A script's review: pending first, the order the queue lists them in."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"

    @property
    def words(self) -> Wording:
        return APPROVAL_STATUS_WORDS[self]


APPROVAL_STATUS_WORDS = {
    ApprovalStatus.PENDING: Wording("Pending", "Return to pending", "returned to pending"),
    ApprovalStatus.APPROVED: Wording("Approved", "Approve", "approved"),
    ApprovalStatus.REJECTED: Wording("Rejected", "Reject", "rejected"),
}
APPROVAL_STATUSES = tuple(s.value for s in ApprovalStatus)
EXECUTION_RESULTS = ("success", "failure", "aborted")
EXECUTION_STATUSES = ("running", "success", "failure", "aborted", "paused_at_checkpoint")
CHECKPOINT_TYPES = ("financial", "account", "irreversible", "api_key", "billing", "script_review")


class Decision(StrEnum):
    """What a person decided at a checkpoint (read-only here: no actions)."""

    APPROVED = "approved"
    REJECTED = "rejected"
    MODIFIED = "modified"

    @property
    def words(self) -> Wording:
        return DECISION_WORDS[self]


DECISION_WORDS = {
    Decision.APPROVED: Wording("Approved"),
    Decision.REJECTED: Wording("Rejected"),
    Decision.MODIFIED: Wording("Modified"),
}
DECISIONS = tuple(d.value for d in Decision)
SELECTOR_TYPES = ("css", "xpath", "json_path")
VERIFICATION_STATUSES = ("verified", "unverified", "broken")


class RecommendationStatus(StrEnum):
    NEW = "new"
    ACCEPTED = "accepted"
    REJECTED = "rejected"

    @property
    def words(self) -> Wording:
        return RECOMMENDATION_STATUS_WORDS[self]


RECOMMENDATION_STATUS_WORDS = {
    RecommendationStatus.NEW: Wording("New", "Back to new", "back to new"),
    RecommendationStatus.ACCEPTED: Wording("Accepted", "Accept", "accepted"),
    RecommendationStatus.REJECTED: Wording("Rejected", "Reject", "rejected"),
}
RECOMMENDATION_STATUSES = tuple(s.value for s in RecommendationStatus)

# Worst first: ties in a day's most common health status go to the worse one.
HEALTH_SEVERITY = ("outage", "invalid", "degraded", "unknown", "valid")

"""Every enumerated value the schema allows, in one place (CHECK constraints repeat them in SQL)."""

from __future__ import annotations

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
URGENCIES = ("informational", "advisory", "action_needed", "critical")
FINDING_STATUSES = ("new", "reviewed", "dismissed", "actioned")
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
APPROVAL_STATUSES = ("pending", "approved", "rejected")
EXECUTION_RESULTS = ("success", "failure", "aborted")
EXECUTION_STATUSES = ("running", "success", "failure", "aborted", "paused_at_checkpoint")
CHECKPOINT_TYPES = ("financial", "account", "irreversible", "api_key", "billing", "script_review")
DECISIONS = ("approved", "rejected", "modified")
SELECTOR_TYPES = ("css", "xpath", "json_path")
VERIFICATION_STATUSES = ("verified", "unverified", "broken")
RECOMMENDATION_STATUSES = ("new", "accepted", "rejected")

# Worst first: ties in a day's most common health status go to the worse one.
HEALTH_SEVERITY = ("outage", "invalid", "degraded", "unknown", "valid")

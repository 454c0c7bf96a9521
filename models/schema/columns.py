"""What each text column may hold, for redaction (DESIGN §2 "Redaction": deny by default).

Every text and JSON column is scrubbed on every write unless it is structural: an id or a
reference to one, an enum or a timestamp (all enforced by the schema's CHECK constraints or
foreign keys), or a column named in STRUCTURAL_TEXT after review. Two columns have rules
of their own. A column in no list is scrubbed all the same (`rule`), and
tests/models/schema/test_columns.py fails until someone files it in one of the lists.

This module imports no model, so the write policy can ask it from anywhere.
"""

from __future__ import annotations

from typing import Literal

from peewee import Field, ForeignKeyField, TextField

from automation_admin.models.schema.fields import (
    DateTextField,
    EnumField,
    JsonTextField,
    SecretBlobField,
    TimestampField,
)

Rule = Literal["none", "text", "json", "vault_values", "refuse"]

# Reviewed: text that is never free text. Hashes are hex digests of public content.
STRUCTURAL_TEXT: dict[str, frozenset[str]] = {
    "project_docs": frozenset({"content_sha256"}),
}

# Public web text (seed §5.2): only the vault's own values are removed, not key-like shapes.
VAULT_VALUES_ONLY: dict[str, frozenset[str]] = {
    "discovery_findings": frozenset({"source_snippet"}),
}

# Code: a secret is refused with its line number (scripts use {{PLACEHOLDERS}}).
REFUSE_SECRETS: dict[str, frozenset[str]] = {
    "automation_scripts": frozenset({"script_content"}),
}

# Free text and JSON, scrubbed of vault values, key shapes and credential assignments.
REDACTED_TEXT: dict[str, frozenset[str]] = {
    "providers": frozenset(
        {"display_name", "homepage_url", "docs_url", "dashboard_url", "api_base_url"}
    ),
    "secrets": frozenset({"key_name", "notes", "source_label"}),
    "projects": frozenset({"root_path", "display_name"}),
    "project_docs": frozenset({"relative_path"}),
    "project_requirements": frozenset({"env_var_name", "requirement_text"}),
    "dotenv_targets": frozenset({"relative_path"}),
    "validations": frozenset({"error_message_redacted"}),
    "audit_events": frozenset({"event_type"}),
    "dashboard_snapshots": frozenset({"error_message_redacted"}),
    "dashboard_daily_summaries": frozenset({"cost_currency"}),
    "discovery_findings": frozenset(
        {"source_url", "source_title", "impact_summary", "action_recommendation", "user_notes"}
    ),
    "discovery_search_log": frozenset({"error_message_redacted"}),
    "automation_scripts": frozenset({"title", "description", "model_used"}),
    "automation_executions": frozenset({"error_message_redacted"}),
    "hitl_checkpoints": frozenset({"checkpoint_description", "proposed_action", "user_notes"}),
    "provider_selectors": frozenset({"data_type", "selector_value"}),
    "service_recommendations": frozenset(
        {
            "requirement_text",
            "capability_needed",
            "recommended_service_name",
            "rationale",
            "pricing_summary",
            "documentation_url",
        }
    ),
}
REDACTED_JSON: dict[str, frozenset[str]] = {
    "secrets": frozenset({"tags_json"}),
    "audit_events": frozenset({"metadata_json_redacted"}),
    "dashboard_snapshots": frozenset(
        {"usage_stats_json", "config_attributes_json", "restrictions_json", "warnings_json"}
    ),
    "automation_scripts": frozenset({"research_data_json", "plan_data_json"}),
    "automation_executions": frozenset({"debug_screenshot_paths_json", "result_summary_json"}),
    "hitl_checkpoints": frozenset({"context_json"}),
}

_STRUCTURAL_KINDS = (EnumField, TimestampField, DateTextField, SecretBlobField)


def is_structural(table: str, field: Field) -> bool:
    if not isinstance(field, TextField) or isinstance(field, _STRUCTURAL_KINDS):
        return True  # numbers, flags, ciphertext, enums, timestamps and dates
    if field.primary_key or isinstance(field, ForeignKeyField):
        return True
    return field.column_name in STRUCTURAL_TEXT.get(table, frozenset())


def rule(table: str, field: Field) -> Rule:
    """How a write treats `field`: deny by default, so an unlisted text column is scrubbed."""
    if isinstance(field, ForeignKeyField) or is_structural(table, field):
        return "none"
    column = field.column_name
    if column in REFUSE_SECRETS.get(table, frozenset()):
        return "refuse"
    if column in VAULT_VALUES_ONLY.get(table, frozenset()):
        return "vault_values"
    if isinstance(field, JsonTextField):
        return "json"
    return "text"

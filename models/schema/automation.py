"""Version 2 tables: the automation extensions of the seed (§3.1 to 3.9)."""

from __future__ import annotations

from peewee import ForeignKeyField, TextField

from automation_admin.models.schema import enums
from automation_admin.models.schema.base import ProfileSettings, Project, Provider, Secret
from automation_admin.models.schema.fields import (
    BoolField,
    BoundedFloatField,
    BoundedIntegerField,
    DateTextField,
    EnumField,
    JsonTextField,
    TimestampField,
)
from automation_admin.models.store.db import BaseModel


def _profile() -> ForeignKeyField:
    return ForeignKeyField(ProfileSettings, column_name="profile_id", lazy_load=False)


def _provider(on_delete: str | None = None) -> ForeignKeyField:
    return ForeignKeyField(
        Provider, column_name="provider_id", lazy_load=False, on_delete=on_delete
    )


class DashboardSnapshot(BaseModel):
    id = TextField(primary_key=True)
    profile = _profile()
    secret = ForeignKeyField(Secret, column_name="secret_id", on_delete="CASCADE", lazy_load=False)
    provider = _provider()
    collected_at = TimestampField()
    collection_method = EnumField(enums.COLLECTION_METHODS)
    collection_status = EnumField(enums.COLLECTION_STATUSES)
    usage_stats_json = JsonTextField(null=True)
    config_attributes_json = JsonTextField(null=True)
    restrictions_json = JsonTextField(null=True)
    health_status = EnumField(enums.HEALTH_STATUSES)
    service_status = EnumField(enums.SERVICE_STATUSES)
    warnings_json = JsonTextField(null=True)
    error_message_redacted = TextField(null=True)

    class Meta:
        table_name = "dashboard_snapshots"


class DashboardDailySummary(BaseModel):
    id = TextField(primary_key=True)
    profile = _profile()
    secret = ForeignKeyField(Secret, column_name="secret_id", on_delete="CASCADE", lazy_load=False)
    provider = _provider()
    summary_date = DateTextField()
    avg_usage_percent = BoundedFloatField(low=0.0, high=100.0, null=True)
    max_usage_percent = BoundedFloatField(low=0.0, high=100.0, null=True)
    total_cost = BoundedFloatField(low=0.0, null=True)
    cost_currency = TextField(null=True)
    health_summary = EnumField(enums.HEALTH_STATUSES)
    collection_success_count = BoundedIntegerField(low=0)
    collection_failure_count = BoundedIntegerField(low=0)
    # Documented extensions: sufficient statistics that make folding exact and order-free.
    usage_sample_count = BoundedIntegerField(low=0, default=0)
    usage_percent_sum_micro = BoundedIntegerField(low=0, default=0)
    health_valid_count = BoundedIntegerField(low=0, default=0)
    health_invalid_count = BoundedIntegerField(low=0, default=0)
    health_degraded_count = BoundedIntegerField(low=0, default=0)
    health_outage_count = BoundedIntegerField(low=0, default=0)
    health_unknown_count = BoundedIntegerField(low=0, default=0)

    class Meta:
        table_name = "dashboard_daily_summaries"


class DiscoveryFinding(BaseModel):
    id = TextField(primary_key=True)
    profile = _profile()
    provider = _provider()
    discovered_at = TimestampField()
    source_url = TextField()
    source_title = TextField()
    source_snippet = TextField()
    category = EnumField(enums.FINDING_CATEGORIES)
    impact_summary = TextField()
    action_recommendation = TextField()
    urgency = EnumField(enums.URGENCIES)
    relevance_score = BoundedFloatField(low=0.0, high=1.0)
    user_status = EnumField(enums.FINDING_STATUSES, default="new")
    reviewed_at = TimestampField(null=True)
    user_notes = TextField(null=True)
    created_at = TimestampField()

    class Meta:
        table_name = "discovery_findings"


class DiscoverySearchLog(BaseModel):
    id = TextField(primary_key=True)
    profile = _profile()
    provider = _provider()
    searched_at = TimestampField()
    trigger_type = EnumField(enums.TRIGGER_TYPES)
    queries_executed = BoundedIntegerField(low=0)
    results_found = BoundedIntegerField(low=0)
    findings_generated = BoundedIntegerField(low=0)
    status = EnumField(enums.SEARCH_STATUSES)
    error_message_redacted = TextField(null=True)

    class Meta:
        table_name = "discovery_search_log"


class AutomationScript(BaseModel):
    id = TextField(primary_key=True)
    profile = _profile()
    provider = _provider()
    task_type = EnumField(enums.TASK_TYPES)
    title = TextField()
    description = TextField()
    script_content = TextField()
    model_used = TextField()
    research_data_json = JsonTextField(null=True)
    plan_data_json = JsonTextField(null=True)
    approval_status = EnumField(enums.APPROVAL_STATUSES, default="pending")
    approved_at = TimestampField(null=True)
    version = BoundedIntegerField(low=1, default=1)
    execution_count = BoundedIntegerField(low=0, default=0)
    last_executed_at = TimestampField(null=True)
    last_execution_status = EnumField(enums.EXECUTION_RESULTS, null=True)
    auto_approve_repeat = BoolField(default=False)
    created_at = TimestampField()
    updated_at = TimestampField()

    class Meta:
        table_name = "automation_scripts"


class AutomationExecution(BaseModel):
    id = TextField(primary_key=True)
    profile = _profile()
    script = ForeignKeyField(
        AutomationScript, column_name="script_id", on_delete="CASCADE", lazy_load=False
    )
    started_at = TimestampField()
    completed_at = TimestampField(null=True)
    status = EnumField(enums.EXECUTION_STATUSES)
    checkpoints_reached = BoundedIntegerField(low=0, default=0)
    checkpoints_approved = BoundedIntegerField(low=0, default=0)
    checkpoints_rejected = BoundedIntegerField(low=0, default=0)
    error_message_redacted = TextField(null=True)
    debug_screenshot_paths_json = JsonTextField(null=True)
    result_summary_json = JsonTextField(null=True)

    class Meta:
        table_name = "automation_executions"


class HitlCheckpoint(BaseModel):
    id = TextField(primary_key=True)
    profile = _profile()
    execution = ForeignKeyField(
        AutomationExecution, column_name="execution_id", on_delete="CASCADE", lazy_load=False
    )
    checkpoint_type = EnumField(enums.CHECKPOINT_TYPES)
    checkpoint_description = TextField()
    proposed_action = TextField()
    context_json = JsonTextField()
    decision = EnumField(enums.DECISIONS)
    user_notes = TextField(null=True)
    decided_at = TimestampField()

    class Meta:
        table_name = "hitl_checkpoints"


class ProviderSelector(BaseModel):
    id = TextField(primary_key=True)
    provider = _provider(on_delete="CASCADE")
    data_type = TextField()
    selector_type = EnumField(enums.SELECTOR_TYPES)
    selector_value = TextField()
    verified_at = TimestampField(null=True)
    verification_status = EnumField(enums.VERIFICATION_STATUSES, default="unverified")
    version = BoundedIntegerField(low=1, default=1)
    created_at = TimestampField()
    updated_at = TimestampField()

    class Meta:
        table_name = "provider_selectors"


class ServiceRecommendation(BaseModel):
    id = TextField(primary_key=True)
    profile = _profile()
    project = ForeignKeyField(
        Project, column_name="project_id", null=True, on_delete="SET NULL", lazy_load=False
    )
    requirement_text = TextField()
    capability_needed = TextField()
    recommended_provider = ForeignKeyField(
        Provider,
        column_name="recommended_provider_id",
        null=True,
        on_delete="SET NULL",
        lazy_load=False,
    )
    recommended_service_name = TextField()
    rationale = TextField()
    pricing_summary = TextField(null=True)
    free_tier_available = BoolField(null=True)
    documentation_url = TextField(null=True)
    match_score = BoundedFloatField(low=0.0, high=1.0)
    user_status = EnumField(enums.RECOMMENDATION_STATUSES, default="new")
    created_at = TimestampField()

    class Meta:
        table_name = "service_recommendations"


AUTOMATION_MODELS: tuple[type[BaseModel], ...] = (
    DashboardSnapshot,
    DashboardDailySummary,
    DiscoveryFinding,
    DiscoverySearchLog,
    AutomationScript,
    AutomationExecution,
    HitlCheckpoint,
    ProviderSelector,
    ServiceRecommendation,
)

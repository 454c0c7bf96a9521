"""Version 2: the automation extensions (seed §4.1 order). Frozen: add a new migration instead."""

from __future__ import annotations

_TS = "'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'"
_DATE = "'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'"


def _ts(column: str, nullable: bool = False) -> str:
    if nullable:
        return f"{column} TEXT CHECK ({column} IS NULL OR {column} GLOB {_TS})"
    return f"{column} TEXT NOT NULL CHECK ({column} GLOB {_TS})"


_PROFILE = "profile_id TEXT NOT NULL REFERENCES profile_settings (profile_id)"
_PROVIDER = "provider_id TEXT NOT NULL REFERENCES providers (id)"
_HEALTH = "('valid', 'invalid', 'degraded', 'outage', 'unknown')"

STEPS: tuple[str, ...] = (
    # 1. profile_settings (seed §2.1, then DESIGN §2 retention extensions)
    "ALTER TABLE profile_settings ADD COLUMN autonomous_mode_enabled INTEGER NOT NULL DEFAULT 0"
    " CHECK (autonomous_mode_enabled IN (0, 1))",
    "ALTER TABLE profile_settings ADD COLUMN discovery_network_enabled INTEGER NOT NULL DEFAULT 0"
    " CHECK (discovery_network_enabled IN (0, 1))",
    "ALTER TABLE profile_settings ADD COLUMN discovery_schedule_hour INTEGER NOT NULL DEFAULT 3"
    " CHECK (discovery_schedule_hour BETWEEN 0 AND 23)",
    "ALTER TABLE profile_settings ADD COLUMN dashboard_refresh_interval_seconds INTEGER NOT NULL"
    " DEFAULT 3600 CHECK (dashboard_refresh_interval_seconds >= 60)",
    "ALTER TABLE profile_settings ADD COLUMN dashboard_quiet_hours_start INTEGER"
    " CHECK (dashboard_quiet_hours_start IS NULL OR dashboard_quiet_hours_start BETWEEN 0 AND 23)",
    "ALTER TABLE profile_settings ADD COLUMN dashboard_quiet_hours_end INTEGER"
    " CHECK (dashboard_quiet_hours_end IS NULL OR dashboard_quiet_hours_end BETWEEN 0 AND 23)",
    "ALTER TABLE profile_settings ADD COLUMN automation_max_retries INTEGER NOT NULL DEFAULT 3"
    " CHECK (automation_max_retries >= 0)",
    "ALTER TABLE profile_settings ADD COLUMN discovery_retention_days INTEGER NOT NULL DEFAULT 90"
    " CHECK (discovery_retention_days >= 1)",
    "ALTER TABLE profile_settings ADD COLUMN snapshots_kept_per_secret INTEGER NOT NULL DEFAULT 24"
    " CHECK (snapshots_kept_per_secret >= 1)",
    "ALTER TABLE profile_settings ADD COLUMN summary_retention_days INTEGER NOT NULL DEFAULT 365"
    " CHECK (summary_retention_days >= 1)",
    "ALTER TABLE profile_settings ADD COLUMN search_log_retention_days INTEGER NOT NULL DEFAULT 30"
    " CHECK (search_log_retention_days >= 1)",
    "ALTER TABLE profile_settings ADD COLUMN execution_retention_days INTEGER NOT NULL DEFAULT 90"
    " CHECK (execution_retention_days >= 1)",
    "ALTER TABLE profile_settings ADD COLUMN checkpoint_retention_days INTEGER NOT NULL DEFAULT 90"
    " CHECK (checkpoint_retention_days >= 1)",
    "ALTER TABLE profile_settings ADD COLUMN screenshot_retention_days INTEGER NOT NULL DEFAULT 7"
    " CHECK (screenshot_retention_days >= 1)",
    # 2. providers (seed §2.2)
    "ALTER TABLE providers ADD COLUMN dashboard_url TEXT",
    "ALTER TABLE providers ADD COLUMN api_base_url TEXT",
    "ALTER TABLE providers ADD COLUMN dashboard_supported INTEGER NOT NULL DEFAULT 0"
    " CHECK (dashboard_supported IN (0, 1))",
    "ALTER TABLE providers ADD COLUMN discovery_enabled INTEGER NOT NULL DEFAULT 1"
    " CHECK (discovery_enabled IN (0, 1))",
    # 3. dashboard_snapshots
    f"""
    CREATE TABLE dashboard_snapshots (
        id TEXT NOT NULL PRIMARY KEY,
        {_PROFILE},
        secret_id TEXT NOT NULL REFERENCES secrets (id) ON DELETE CASCADE,
        {_PROVIDER},
        {_ts("collected_at")},
        collection_method TEXT NOT NULL CHECK (collection_method IN ('api', 'scrape', 'cached')),
        collection_status TEXT NOT NULL
            CHECK (collection_status IN ('success', 'partial', 'failed')),
        usage_stats_json TEXT,
        config_attributes_json TEXT,
        restrictions_json TEXT,
        health_status TEXT NOT NULL CHECK (health_status IN {_HEALTH}),
        service_status TEXT NOT NULL
            CHECK (service_status IN ('operational', 'degraded', 'outage', 'unknown')),
        warnings_json TEXT,
        error_message_redacted TEXT
    )
    """,
    "CREATE INDEX dashboard_snapshots_secret_collected"
    " ON dashboard_snapshots (secret_id, collected_at DESC)",
    "CREATE INDEX dashboard_snapshots_profile_collected"
    " ON dashboard_snapshots (profile_id, collected_at DESC)",
    # 4. dashboard_daily_summaries
    f"""
    CREATE TABLE dashboard_daily_summaries (
        id TEXT NOT NULL PRIMARY KEY,
        {_PROFILE},
        secret_id TEXT NOT NULL REFERENCES secrets (id) ON DELETE CASCADE,
        {_PROVIDER},
        summary_date TEXT NOT NULL CHECK (summary_date GLOB {_DATE}),
        avg_usage_percent REAL CHECK (avg_usage_percent IS NULL
            OR avg_usage_percent BETWEEN 0 AND 100),
        max_usage_percent REAL CHECK (max_usage_percent IS NULL
            OR max_usage_percent BETWEEN 0 AND 100),
        total_cost REAL CHECK (total_cost IS NULL OR total_cost >= 0),
        cost_currency TEXT,
        health_summary TEXT NOT NULL CHECK (health_summary IN {_HEALTH}),
        collection_success_count INTEGER NOT NULL CHECK (collection_success_count >= 0),
        collection_failure_count INTEGER NOT NULL CHECK (collection_failure_count >= 0),
        usage_sample_count INTEGER NOT NULL DEFAULT 0 CHECK (usage_sample_count >= 0),
        usage_percent_sum_micro INTEGER NOT NULL DEFAULT 0 CHECK (usage_percent_sum_micro >= 0),
        health_valid_count INTEGER NOT NULL DEFAULT 0 CHECK (health_valid_count >= 0),
        health_invalid_count INTEGER NOT NULL DEFAULT 0 CHECK (health_invalid_count >= 0),
        health_degraded_count INTEGER NOT NULL DEFAULT 0 CHECK (health_degraded_count >= 0),
        health_outage_count INTEGER NOT NULL DEFAULT 0 CHECK (health_outage_count >= 0),
        health_unknown_count INTEGER NOT NULL DEFAULT 0 CHECK (health_unknown_count >= 0)
    )
    """,
    "CREATE UNIQUE INDEX dashboard_daily_summaries_secret_date"
    " ON dashboard_daily_summaries (secret_id, summary_date)",
    # 5. discovery_findings
    f"""
    CREATE TABLE discovery_findings (
        id TEXT NOT NULL PRIMARY KEY,
        {_PROFILE},
        {_PROVIDER},
        {_ts("discovered_at")},
        source_url TEXT NOT NULL,
        source_title TEXT NOT NULL,
        source_snippet TEXT NOT NULL,
        category TEXT NOT NULL CHECK (category IN ('capability_change', 'pricing_update',
            'deprecation', 'security_advisory', 'new_alternative', 'service_modification')),
        impact_summary TEXT NOT NULL,
        action_recommendation TEXT NOT NULL,
        urgency TEXT NOT NULL
            CHECK (urgency IN ('informational', 'advisory', 'action_needed', 'critical')),
        relevance_score REAL NOT NULL CHECK (relevance_score BETWEEN 0 AND 1),
        user_status TEXT NOT NULL DEFAULT 'new'
            CHECK (user_status IN ('new', 'reviewed', 'dismissed', 'actioned')),
        {_ts("reviewed_at", nullable=True)},
        user_notes TEXT,
        {_ts("created_at")}
    )
    """,
    "CREATE INDEX discovery_findings_profile_provider_discovered"
    " ON discovery_findings (profile_id, provider_id, discovered_at DESC)",
    "CREATE INDEX discovery_findings_profile_status_urgency"
    " ON discovery_findings (profile_id, user_status, urgency)",
    # 6. discovery_search_log
    f"""
    CREATE TABLE discovery_search_log (
        id TEXT NOT NULL PRIMARY KEY,
        {_PROFILE},
        {_PROVIDER},
        {_ts("searched_at")},
        trigger_type TEXT NOT NULL
            CHECK (trigger_type IN ('scheduled', 'on_demand', 'launch_catchup')),
        queries_executed INTEGER NOT NULL CHECK (queries_executed >= 0),
        results_found INTEGER NOT NULL CHECK (results_found >= 0),
        findings_generated INTEGER NOT NULL CHECK (findings_generated >= 0),
        status TEXT NOT NULL CHECK (status IN ('success', 'partial', 'failed')),
        error_message_redacted TEXT
    )
    """,
    "CREATE INDEX discovery_search_log_profile_provider_searched"
    " ON discovery_search_log (profile_id, provider_id, searched_at DESC)",
    # 7. automation_scripts
    f"""
    CREATE TABLE automation_scripts (
        id TEXT NOT NULL PRIMARY KEY,
        {_PROFILE},
        {_PROVIDER},
        task_type TEXT NOT NULL CHECK (task_type IN ('account_creation', 'payment_config',
            'billing_restriction', 'api_key_management', 'dashboard_scrape', 'custom')),
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        script_content TEXT NOT NULL,
        model_used TEXT NOT NULL,
        research_data_json TEXT,
        plan_data_json TEXT,
        approval_status TEXT NOT NULL DEFAULT 'pending'
            CHECK (approval_status IN ('pending', 'approved', 'rejected')),
        {_ts("approved_at", nullable=True)},
        version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
        execution_count INTEGER NOT NULL DEFAULT 0 CHECK (execution_count >= 0),
        {_ts("last_executed_at", nullable=True)},
        last_execution_status TEXT CHECK (last_execution_status IS NULL
            OR last_execution_status IN ('success', 'failure', 'aborted')),
        auto_approve_repeat INTEGER NOT NULL DEFAULT 0 CHECK (auto_approve_repeat IN (0, 1)),
        {_ts("created_at")},
        {_ts("updated_at")}
    )
    """,
    "CREATE INDEX automation_scripts_profile_provider_task"
    " ON automation_scripts (profile_id, provider_id, task_type)",
    "CREATE INDEX automation_scripts_profile_approval"
    " ON automation_scripts (profile_id, approval_status)",
    # 8. automation_executions
    f"""
    CREATE TABLE automation_executions (
        id TEXT NOT NULL PRIMARY KEY,
        {_PROFILE},
        script_id TEXT NOT NULL REFERENCES automation_scripts (id) ON DELETE CASCADE,
        {_ts("started_at")},
        {_ts("completed_at", nullable=True)},
        status TEXT NOT NULL CHECK (status IN
            ('running', 'success', 'failure', 'aborted', 'paused_at_checkpoint')),
        checkpoints_reached INTEGER NOT NULL DEFAULT 0 CHECK (checkpoints_reached >= 0),
        checkpoints_approved INTEGER NOT NULL DEFAULT 0 CHECK (checkpoints_approved >= 0),
        checkpoints_rejected INTEGER NOT NULL DEFAULT 0 CHECK (checkpoints_rejected >= 0),
        error_message_redacted TEXT,
        debug_screenshot_paths_json TEXT,
        result_summary_json TEXT
    )
    """,
    "CREATE INDEX automation_executions_script_started"
    " ON automation_executions (script_id, started_at DESC)",
    # 9. hitl_checkpoints
    f"""
    CREATE TABLE hitl_checkpoints (
        id TEXT NOT NULL PRIMARY KEY,
        {_PROFILE},
        execution_id TEXT NOT NULL REFERENCES automation_executions (id) ON DELETE CASCADE,
        checkpoint_type TEXT NOT NULL CHECK (checkpoint_type IN ('financial', 'account',
            'irreversible', 'api_key', 'billing', 'script_review')),
        checkpoint_description TEXT NOT NULL,
        proposed_action TEXT NOT NULL,
        context_json TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('approved', 'rejected', 'modified')),
        user_notes TEXT,
        {_ts("decided_at")}
    )
    """,
    "CREATE INDEX hitl_checkpoints_execution_decided"
    " ON hitl_checkpoints (execution_id, decided_at)",
    # 10. provider_selectors
    f"""
    CREATE TABLE provider_selectors (
        id TEXT NOT NULL PRIMARY KEY,
        provider_id TEXT NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
        data_type TEXT NOT NULL,
        selector_type TEXT NOT NULL CHECK (selector_type IN ('css', 'xpath', 'json_path')),
        selector_value TEXT NOT NULL,
        {_ts("verified_at", nullable=True)},
        verification_status TEXT NOT NULL DEFAULT 'unverified'
            CHECK (verification_status IN ('verified', 'unverified', 'broken')),
        version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
        {_ts("created_at")},
        {_ts("updated_at")}
    )
    """,
    "CREATE UNIQUE INDEX provider_selectors_provider_type_version"
    " ON provider_selectors (provider_id, data_type, version)",
    # 11. service_recommendations
    f"""
    CREATE TABLE service_recommendations (
        id TEXT NOT NULL PRIMARY KEY,
        {_PROFILE},
        project_id TEXT REFERENCES projects (id) ON DELETE SET NULL,
        requirement_text TEXT NOT NULL,
        capability_needed TEXT NOT NULL,
        recommended_provider_id TEXT REFERENCES providers (id) ON DELETE SET NULL,
        recommended_service_name TEXT NOT NULL,
        rationale TEXT NOT NULL,
        pricing_summary TEXT,
        free_tier_available INTEGER CHECK (free_tier_available IS NULL
            OR free_tier_available IN (0, 1)),
        documentation_url TEXT,
        match_score REAL NOT NULL CHECK (match_score BETWEEN 0 AND 1),
        user_status TEXT NOT NULL DEFAULT 'new'
            CHECK (user_status IN ('new', 'accepted', 'rejected')),
        {_ts("created_at")}
    )
    """,
    "CREATE INDEX service_recommendations_profile_project_status"
    " ON service_recommendations (profile_id, project_id, user_status)",
)

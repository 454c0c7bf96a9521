"""Version 1 tables: the base vault (DESIGN §2), with the version 2 columns they gain.

Readers select only the columns a vault really has (`Vault.columns_of`), so one model serves
version 1 and version 2 vaults.
"""

from __future__ import annotations

from typing import Any

from peewee import ForeignKeyField, TextField

from automation_admin.models.schema import enums
from automation_admin.models.schema.fields import (
    BoolField,
    BoundedIntegerField,
    EnumField,
    JsonTextField,
    SecretBlobField,
    TimestampField,
)
from automation_admin.models.security import redaction
from automation_admin.models.store.db import BaseModel


class ProfileSettings(BaseModel):
    profile_id = TextField(primary_key=True)
    totp_secret_enc = SecretBlobField(null=True)
    auto_lock_timeout_seconds = BoundedIntegerField(low=0, default=300)
    audit_retention_max_count = BoundedIntegerField(low=1, null=True, default=10000)
    audit_retention_max_days = BoundedIntegerField(low=1, null=True, default=365)
    clipboard_auto_clear_seconds = BoundedIntegerField(low=0, default=30)
    updated_at = TimestampField()
    # version 2 (seed §2.1)
    autonomous_mode_enabled = BoolField(default=False)
    discovery_network_enabled = BoolField(default=False)
    discovery_schedule_hour = BoundedIntegerField(low=0, high=23, default=3)
    dashboard_refresh_interval_seconds = BoundedIntegerField(low=60, default=3600)
    dashboard_quiet_hours_start = BoundedIntegerField(low=0, high=23, null=True)
    dashboard_quiet_hours_end = BoundedIntegerField(low=0, high=23, null=True)
    automation_max_retries = BoundedIntegerField(low=0, default=3)
    discovery_retention_days = BoundedIntegerField(low=1, default=90)
    # version 2 (DESIGN §2 documented extensions)
    snapshots_kept_per_secret = BoundedIntegerField(low=1, default=24)
    summary_retention_days = BoundedIntegerField(low=1, default=365)
    search_log_retention_days = BoundedIntegerField(low=1, default=30)
    execution_retention_days = BoundedIntegerField(low=1, default=90)
    checkpoint_retention_days = BoundedIntegerField(low=1, default=90)
    screenshot_retention_days = BoundedIntegerField(low=1, default=7)

    class Meta:
        table_name = "profile_settings"


class Provider(BaseModel):
    id = TextField(primary_key=True)
    display_name = TextField()
    homepage_url = TextField(null=True)
    docs_url = TextField(null=True)
    created_at = TimestampField()
    updated_at = TimestampField()
    # version 2 (seed §2.2)
    dashboard_url = TextField(null=True)
    api_base_url = TextField(null=True)
    dashboard_supported = BoolField(default=False)
    discovery_enabled = BoolField(default=True)

    class Meta:
        table_name = "providers"


class Secret(BaseModel):
    id = TextField(primary_key=True)
    profile = ForeignKeyField(ProfileSettings, column_name="profile_id", lazy_load=False)
    provider = ForeignKeyField(Provider, column_name="provider_id", lazy_load=False)
    key_name = TextField()
    secret_value_enc = SecretBlobField()
    notes = TextField(null=True)
    tags_json = JsonTextField(null=True)
    source_type = EnumField(enums.SOURCE_TYPES, default="manual")
    source_label = TextField(null=True)
    imported_at = TimestampField(null=True)
    created_at = TimestampField()
    updated_at = TimestampField()

    class Meta:
        table_name = "secrets"

    # The redactor knows the secret values; any write here means it must learn them again.
    @classmethod
    def _normalize_data(cls, data: Any, kwargs: Any) -> Any:
        redaction.invalidate()
        return super()._normalize_data(data, kwargs)

    @classmethod
    def insert_many(cls, rows: Any, fields: Any = None) -> Any:
        redaction.invalidate()
        return super().insert_many(rows, fields)


class Project(BaseModel):
    id = TextField(primary_key=True)
    profile = ForeignKeyField(ProfileSettings, column_name="profile_id", lazy_load=False)
    root_path = TextField()
    display_name = TextField()
    scan_index_opt_in = BoolField(default=False)
    last_scanned_at = TimestampField(null=True)
    created_at = TimestampField()
    updated_at = TimestampField()

    class Meta:
        table_name = "projects"


class ProjectDoc(BaseModel):
    id = TextField(primary_key=True)
    profile = ForeignKeyField(ProfileSettings, column_name="profile_id", lazy_load=False)
    project = ForeignKeyField(
        Project, column_name="project_id", on_delete="CASCADE", lazy_load=False
    )
    relative_path = TextField()
    content_sha256 = TextField(null=True)
    parsed_at = TimestampField(null=True)
    created_at = TimestampField()

    class Meta:
        table_name = "project_docs"


class ProjectRequirement(BaseModel):
    id = TextField(primary_key=True)
    profile = ForeignKeyField(ProfileSettings, column_name="profile_id", lazy_load=False)
    project = ForeignKeyField(
        Project, column_name="project_id", on_delete="CASCADE", lazy_load=False
    )
    doc = ForeignKeyField(
        ProjectDoc, column_name="doc_id", null=True, on_delete="SET NULL", lazy_load=False
    )
    provider = ForeignKeyField(
        Provider, column_name="provider_id", null=True, on_delete="SET NULL", lazy_load=False
    )
    env_var_name = TextField(null=True)
    requirement_text = TextField()
    created_at = TimestampField()

    class Meta:
        table_name = "project_requirements"


class DotenvTarget(BaseModel):
    id = TextField(primary_key=True)
    profile = ForeignKeyField(ProfileSettings, column_name="profile_id", lazy_load=False)
    project = ForeignKeyField(
        Project, column_name="project_id", on_delete="CASCADE", lazy_load=False
    )
    relative_path = TextField()
    last_patched_at = TimestampField(null=True)
    created_at = TimestampField()
    updated_at = TimestampField()

    class Meta:
        table_name = "dotenv_targets"


class Validation(BaseModel):
    secret = ForeignKeyField(
        Secret, column_name="secret_id", primary_key=True, on_delete="CASCADE", lazy_load=False
    )
    status = EnumField(enums.VALIDATION_STATUSES, default="unknown")
    checked_at = TimestampField(null=True)
    error_message_redacted = TextField(null=True)

    class Meta:
        table_name = "validations"


class AuditEvent(BaseModel):
    id = TextField(primary_key=True)
    profile = ForeignKeyField(ProfileSettings, column_name="profile_id", lazy_load=False)
    event_type = TextField()
    created_at = TimestampField()
    metadata_json_redacted = JsonTextField(null=True)

    class Meta:
        table_name = "audit_events"


BASE_MODELS: tuple[type[BaseModel], ...] = (
    ProfileSettings,
    Provider,
    Secret,
    Project,
    ProjectDoc,
    ProjectRequirement,
    DotenvTarget,
    Validation,
    AuditEvent,
)

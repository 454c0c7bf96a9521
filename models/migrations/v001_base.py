"""Version 1: the base vault. Frozen: never edit a released migration, add a new one."""

from __future__ import annotations

_TS = "'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'"

STEPS: tuple[str, ...] = (
    f"""
    CREATE TABLE profile_settings (
        profile_id TEXT NOT NULL PRIMARY KEY,
        totp_secret_enc BLOB,
        auto_lock_timeout_seconds INTEGER NOT NULL DEFAULT 300
            CHECK (auto_lock_timeout_seconds >= 0),
        audit_retention_max_count INTEGER DEFAULT 10000
            CHECK (audit_retention_max_count IS NULL OR audit_retention_max_count >= 1),
        audit_retention_max_days INTEGER DEFAULT 365
            CHECK (audit_retention_max_days IS NULL OR audit_retention_max_days >= 1),
        clipboard_auto_clear_seconds INTEGER NOT NULL DEFAULT 30
            CHECK (clipboard_auto_clear_seconds >= 0),
        updated_at TEXT NOT NULL CHECK (updated_at GLOB {_TS})
    )
    """,
    f"""
    CREATE TABLE providers (
        id TEXT NOT NULL PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
        display_name TEXT NOT NULL,
        homepage_url TEXT,
        docs_url TEXT,
        created_at TEXT NOT NULL CHECK (created_at GLOB {_TS}),
        updated_at TEXT NOT NULL CHECK (updated_at GLOB {_TS})
    )
    """,
    f"""
    CREATE TABLE secrets (
        id TEXT NOT NULL PRIMARY KEY,
        profile_id TEXT NOT NULL REFERENCES profile_settings (profile_id),
        provider_id TEXT NOT NULL REFERENCES providers (id),
        key_name TEXT NOT NULL,
        secret_value_enc BLOB NOT NULL,
        notes TEXT,
        tags_json TEXT,
        source_type TEXT NOT NULL DEFAULT 'manual' CHECK (source_type IN
            ('manual', 'paste', 'file_import', 'dotenv_patch', 'export_bundle_import')),
        source_label TEXT,
        imported_at TEXT CHECK (imported_at IS NULL OR imported_at GLOB {_TS}),
        created_at TEXT NOT NULL CHECK (created_at GLOB {_TS}),
        updated_at TEXT NOT NULL CHECK (updated_at GLOB {_TS}),
        UNIQUE (profile_id, provider_id, key_name)
    )
    """,
    "CREATE INDEX secrets_provider_id ON secrets (provider_id)",
    f"""
    CREATE TABLE projects (
        id TEXT NOT NULL PRIMARY KEY,
        profile_id TEXT NOT NULL REFERENCES profile_settings (profile_id),
        root_path TEXT NOT NULL,
        display_name TEXT NOT NULL,
        scan_index_opt_in INTEGER NOT NULL DEFAULT 0 CHECK (scan_index_opt_in IN (0, 1)),
        last_scanned_at TEXT CHECK (last_scanned_at IS NULL OR last_scanned_at GLOB {_TS}),
        created_at TEXT NOT NULL CHECK (created_at GLOB {_TS}),
        updated_at TEXT NOT NULL CHECK (updated_at GLOB {_TS})
    )
    """,
    f"""
    CREATE TABLE project_docs (
        id TEXT NOT NULL PRIMARY KEY,
        profile_id TEXT NOT NULL REFERENCES profile_settings (profile_id),
        project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        relative_path TEXT NOT NULL,
        content_sha256 TEXT,
        parsed_at TEXT CHECK (parsed_at IS NULL OR parsed_at GLOB {_TS}),
        created_at TEXT NOT NULL CHECK (created_at GLOB {_TS}),
        UNIQUE (project_id, relative_path)
    )
    """,
    f"""
    CREATE TABLE project_requirements (
        id TEXT NOT NULL PRIMARY KEY,
        profile_id TEXT NOT NULL REFERENCES profile_settings (profile_id),
        project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        doc_id TEXT REFERENCES project_docs (id) ON DELETE SET NULL,
        provider_id TEXT REFERENCES providers (id) ON DELETE SET NULL,
        env_var_name TEXT,
        requirement_text TEXT NOT NULL,
        created_at TEXT NOT NULL CHECK (created_at GLOB {_TS})
    )
    """,
    "CREATE INDEX project_requirements_project_id ON project_requirements (project_id)",
    f"""
    CREATE TABLE dotenv_targets (
        id TEXT NOT NULL PRIMARY KEY,
        profile_id TEXT NOT NULL REFERENCES profile_settings (profile_id),
        project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        relative_path TEXT NOT NULL,
        last_patched_at TEXT CHECK (last_patched_at IS NULL OR last_patched_at GLOB {_TS}),
        created_at TEXT NOT NULL CHECK (created_at GLOB {_TS}),
        updated_at TEXT NOT NULL CHECK (updated_at GLOB {_TS}),
        UNIQUE (project_id, relative_path)
    )
    """,
    f"""
    CREATE TABLE validations (
        secret_id TEXT NOT NULL PRIMARY KEY REFERENCES secrets (id) ON DELETE CASCADE,
        status TEXT NOT NULL DEFAULT 'unknown' CHECK (status IN
            ('unknown', 'valid', 'invalid', 'unverifiable', 'error')),
        checked_at TEXT CHECK (checked_at IS NULL OR checked_at GLOB {_TS}),
        error_message_redacted TEXT
    )
    """,
    f"""
    CREATE TABLE audit_events (
        id TEXT NOT NULL PRIMARY KEY,
        profile_id TEXT NOT NULL REFERENCES profile_settings (profile_id),
        event_type TEXT NOT NULL,
        created_at TEXT NOT NULL CHECK (created_at GLOB {_TS}),
        metadata_json_redacted TEXT
    )
    """,
    "CREATE INDEX audit_events_created ON audit_events (created_at DESC, id DESC)",
    "CREATE INDEX audit_events_type_created ON audit_events (event_type, created_at DESC, id DESC)",
    "INSERT INTO profile_settings (profile_id, updated_at) VALUES (:profile_id, :now)",
    """
    INSERT INTO providers (id, display_name, created_at, updated_at)
    VALUES ('generic', 'Unassigned', :now, :now)
    """,
)

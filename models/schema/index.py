"""Tables of the plain `index.db` (readable before unlock), bound per store with bind_ctx."""

from __future__ import annotations

from peewee import BlobField, ForeignKeyField, IntegerField, Model, TextField

from automation_admin.models.schema import enums
from automation_admin.models.schema.fields import BoolField, EnumField, TimestampField


class AppProfile(Model):
    id = TextField(primary_key=True)
    display_name = TextField(unique=True)
    created_at = TimestampField()
    updated_at = TimestampField()
    vault_storage_mode = EnumField(enums.VAULT_STORAGE_MODES, default="passphrase_only")
    totp_enabled = BoolField(default=False)
    online_mode_enabled_default = BoolField(default=False)
    local_llm_assist_enabled_default = BoolField(default=False)

    class Meta:
        table_name = "app_profiles"


class ProfileVaultMeta(Model):
    profile = ForeignKeyField(
        AppProfile,
        column_name="profile_id",
        primary_key=True,
        on_delete="CASCADE",
        lazy_load=False,
    )
    kdf_alg = TextField(default="argon2id")
    kdf_params_json = TextField()
    kdf_salt = BlobField()
    wrapped_pvk = BlobField()
    rotation_version = IntegerField(default=1)

    class Meta:
        table_name = "profile_vault_meta"


INDEX_MODELS = (AppProfile, ProfileVaultMeta)

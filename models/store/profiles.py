"""Creating profiles and changing their passphrase (DESIGN §2 "Keys")."""

from __future__ import annotations

import shutil
import uuid

from automation_admin.models import migrations
from automation_admin.models.store.db import CipherDatabase
from automation_admin.models.store.errors import ProfileExists, UsageError
from automation_admin.models.store.index_store import (
    IndexStore,
    ProfileRecord,
    VaultMeta,
    clean_display_name,
)
from automation_admin.models.store.keys import (
    DEFAULT_KDF,
    KdfParams,
    VaultKey,
    derive_kek,
    new_salt,
)
from automation_admin.models.store.paths import DataLayout, ensure_private_dir, ensure_private_file
from automation_admin.models.store.timeutil import now_timestamp


def check_new_passphrase(passphrase: str) -> None:
    if not passphrase:
        raise UsageError("The passphrase cannot be empty.")
    if passphrase != passphrase.strip("\r\n"):
        raise UsageError("The passphrase cannot start or end with a line break.")


def create_profile(
    layout: DataLayout, name: str, passphrase: str, kdf: KdfParams = DEFAULT_KDF
) -> ProfileRecord:
    """Make the profile's key, its version 1 vault, then its index rows; all or nothing."""
    display_name = clean_display_name(name)
    check_new_passphrase(passphrase)
    kdf.validate()
    store = IndexStore(layout)
    if any(p.display_name.casefold() == display_name.casefold() for p in store.list_profiles()):
        raise ProfileExists(display_name)

    profile_id = str(uuid.uuid4())
    now = now_timestamp()
    key = VaultKey.generate()
    salt = new_salt()
    wrapped = key.wrap(derive_kek(passphrase, salt, kdf), profile_id)

    layout.ensure_root()
    profile_dir = ensure_private_dir(layout.profile_dir(profile_id))
    try:
        ensure_private_dir(layout.screenshots_dir(profile_id))
        vault_path = ensure_private_file(layout.vault_db(profile_id))
        db = CipherDatabase(vault_path, key.sqlcipher_key_literal(), create=True)
        try:
            db.connect()
            migrations.migrate(db, migrations.BASE_VERSION, {"profile_id": profile_id, "now": now})
        finally:
            db.close()
        record = ProfileRecord(profile_id, display_name, now, now)
        store.add_profile(record, VaultMeta(profile_id, kdf, salt, wrapped, 1))
    except BaseException:
        shutil.rmtree(profile_dir, ignore_errors=True)
        raise
    return record


def change_passphrase(
    layout: DataLayout,
    name_or_id: str,
    old_passphrase: str,
    new_passphrase: str,
    kdf: KdfParams | None = None,
) -> int:
    """Re-wrap the PVK under a new passphrase; the vault file is not touched.

    Returns the new rotation version. A wrong old passphrase raises WrongPassphrase.
    """
    check_new_passphrase(new_passphrase)
    store = IndexStore(layout)
    profile = store.find(name_or_id)
    meta = store.vault_meta(profile.id)
    key = VaultKey.unwrap(
        derive_kek(old_passphrase, meta.kdf_salt, meta.kdf_params), meta.wrapped_pvk, profile.id
    )
    params = (kdf or meta.kdf_params).validate()
    salt = new_salt()
    wrapped = key.wrap(derive_kek(new_passphrase, salt, params), profile.id)
    return store.replace_key(profile.id, params, salt, wrapped, meta.rotation_version)

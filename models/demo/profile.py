"""The demo profile "Demo" (passphrase "demo"), made with demo data on first use."""

from __future__ import annotations

from collections.abc import Callable

from automation_admin.models.demo.generator import write_demo
from automation_admin.models.store.errors import ProfileNotFound
from automation_admin.models.store.index_store import IndexStore, ProfileRecord
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.profiles import create_profile
from automation_admin.models.store.vault import Vault, unlock

DEMO_NAME = "Demo"
DEMO_PASSPHRASE = "demo"


def open_demo(
    layout: DataLayout,
    on_progress: Callable[[str, int], None] | None = None,
    defer_sort_indexes: bool = False,
) -> Vault:
    """Unlock the demo profile, creating and filling it the first time (its indexes are built
    at the end of that: `write_demo`)."""
    try:
        IndexStore(layout).find(DEMO_NAME)
    except ProfileNotFound:
        record: ProfileRecord = create_profile(layout, DEMO_NAME, DEMO_PASSPHRASE)
        vault = unlock(layout, record.id, DEMO_PASSPHRASE)
        try:
            write_demo(vault, "small", on_progress=on_progress)
        except BaseException:
            vault.lock()
            raise
        return vault
    return unlock(layout, DEMO_NAME, DEMO_PASSPHRASE, defer_sort_indexes=defer_sort_indexes)

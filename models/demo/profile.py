"""The demo profile "Demo" (passphrase "demo"), made with demo data on first use."""

from __future__ import annotations

from collections.abc import Callable

from models.demo.generator import write_demo
from models.errors import ProfileNotFound
from models.index_store import IndexStore, ProfileRecord
from models.paths import DataLayout
from models.profiles import create_profile
from models.vault import Vault, unlock

DEMO_NAME = "Demo"
DEMO_PASSPHRASE = "demo"


def open_demo(layout: DataLayout, on_progress: Callable[[str, int], None] | None = None) -> Vault:
    """Unlock the demo profile, creating and filling it the first time."""
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
    return unlock(layout, DEMO_NAME, DEMO_PASSPHRASE)

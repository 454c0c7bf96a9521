"""One Peewee model per vault table, and lookup by table name."""

from __future__ import annotations

from automation_admin.models.schema.automation import AUTOMATION_MODELS
from automation_admin.models.schema.base import BASE_MODELS
from automation_admin.models.store.db import BaseModel

ALL_MODELS: tuple[type[BaseModel], ...] = BASE_MODELS + AUTOMATION_MODELS
MODELS_BY_TABLE: dict[str, type[BaseModel]] = {m._meta.table_name: m for m in ALL_MODELS}


def model_for_table(table: str) -> type[BaseModel]:
    from automation_admin.models.store.errors import UsageError

    try:
        return MODELS_BY_TABLE[table]
    except KeyError:
        known = ", ".join(sorted(MODELS_BY_TABLE))
        raise UsageError(f"Unknown table. Tables: {known}.") from None


def tables_for_version(version: int) -> tuple[str, ...]:
    models = BASE_MODELS if version < 2 else ALL_MODELS
    return tuple(m._meta.table_name for m in models)

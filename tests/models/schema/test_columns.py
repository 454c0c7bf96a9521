"""Deny by default (DESIGN §2): every text column of every table is filed in one reviewed
list; a column in none of them fails here, and is scrubbed meanwhile."""

from __future__ import annotations

from peewee import TextField

from automation_admin.models.schema import ALL_MODELS
from automation_admin.models.schema.columns import (
    REDACTED_JSON,
    REDACTED_TEXT,
    REFUSE_SECRETS,
    STRUCTURAL_TEXT,
    VAULT_VALUES_ONLY,
    is_structural,
)
from automation_admin.models.schema.fields import JsonTextField
from automation_admin.models.security.redaction import REDACTED
from automation_admin.models.store import write_policy
from automation_admin.models.store.db import BaseModel

LISTS = {
    "REDACTED_TEXT": REDACTED_TEXT,
    "REDACTED_JSON": REDACTED_JSON,
    "VAULT_VALUES_ONLY": VAULT_VALUES_ONLY,
    "REFUSE_SECRETS": REFUSE_SECRETS,
    "STRUCTURAL_TEXT": STRUCTURAL_TEXT,
}


def test_every_text_column_is_filed_in_exactly_one_list() -> None:
    unfiled, twice = [], []
    for model in ALL_MODELS:
        table = model._meta.table_name
        for field in model._meta.sorted_fields:
            if not isinstance(field, TextField):
                continue
            homes = [
                name for name, lists in LISTS.items() if field.column_name in lists.get(table, ())
            ]
            if len(homes) > 1:
                twice.append(f"{table}.{field.column_name}: {homes}")
            elif not homes and not is_structural(table, field):
                unfiled.append(f"{table}.{field.column_name}")
    assert not unfiled, f"file these text columns in models/schema/columns.py: {unfiled}"
    assert not twice, twice


def test_lists_name_only_real_columns_of_the_right_kind() -> None:
    models = {m._meta.table_name: m for m in ALL_MODELS}
    for name, lists in LISTS.items():
        for table, columns in lists.items():
            fields = {f.column_name: f for f in models[table]._meta.sorted_fields}
            for column in columns:
                assert column in fields, f"{name} names {table}.{column}, which does not exist"
                is_json = isinstance(fields[column], JsonTextField)
                if name == "REDACTED_JSON":
                    assert is_json, f"{table}.{column} is not a JSON column"
                if name == "REDACTED_TEXT":
                    assert not is_json, f"{table}.{column} is a JSON column"


def test_a_new_text_column_nobody_filed_is_scrubbed() -> None:
    class Gadget(BaseModel):
        id = TextField(primary_key=True)
        remark = TextField()

        class Meta:
            table_name = "gadgets"

    assert write_policy.rule_for(Gadget, "remark") == "text"
    assert write_policy.rule_for(Gadget, "id") == "none"
    value = "vault-value-12345"
    from automation_admin.models.security import redaction

    redaction.activate(lambda: [value])
    try:
        assert write_policy.clean_value(Gadget, "remark", f"x {value}") == f"x {REDACTED}"
    finally:
        redaction.deactivate()

"""The vault as another program sees it: the PVK derived from index.db alone (DESIGN §2, no
project code) and raw SQLCipher connections beside the program's own."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from argon2.low_level import Type, hash_secret_raw
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from automation_admin.models.store.index_store import IndexStore
from automation_admin.models.store.paths import DataLayout
from tests.conftest import PASSPHRASE


def raw_key(layout: DataLayout, profile_id: str, passphrase: str) -> str:
    """The PVK as hex, unwrapped by following DESIGN §2 step by step."""
    conn = sqlite3.connect(layout.index_db)
    params_json, salt, wrapped = conn.execute(
        "SELECT kdf_params_json, kdf_salt, wrapped_pvk FROM profile_vault_meta "
        "WHERE profile_id = ?",
        (profile_id,),
    ).fetchone()
    conn.close()
    params = json.loads(params_json)
    kek = hash_secret_raw(
        passphrase.encode(),
        salt,
        time_cost=params["time_cost"],
        memory_cost=params["memory_kib"],
        parallelism=params["parallelism"],
        hash_len=params["hash_len"],
        type=Type.ID,
        version=0x13,
    )
    assert len(wrapped) == 60
    pvk = AESGCM(kek).decrypt(wrapped[:12], wrapped[12:], profile_id.encode())
    return pvk.hex()


@contextmanager
def connect(
    layout: DataLayout, profile: str = "Work", passphrase: str = PASSPHRASE
) -> Iterator[Any]:
    """A raw SQLCipher connection to the profile's vault, closed on exit."""
    profile_id = IndexStore(layout).find(profile).id
    conn = sqlcipher.connect(str(layout.vault_db(profile_id)))
    try:
        conn.execute(f"PRAGMA key = \"x'{raw_key(layout, profile_id, passphrase)}'\"")
        yield conn
    finally:
        conn.close()


def read(layout: DataLayout, sql: str, params: tuple = ()) -> list[tuple]:  # type: ignore[type-arg]
    """Read the vault beside the window's own connection, as another program would."""
    with connect(layout) as conn:
        return conn.execute(sql, params).fetchall()  # type: ignore[no-any-return]


@contextmanager
def committing(layout: DataLayout, profile: str = "Work") -> Iterator[Any]:
    """Another program's transaction (the automation runner's), committed when the block
    ends."""
    with connect(layout, profile) as conn:
        yield conn
        conn.commit()


def insert_row(conn: Any, table: str, row: dict[str, Any]) -> None:
    """INSERT one row, its keys naming the columns."""
    conn.execute(
        f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
        tuple(row.values()),
    )

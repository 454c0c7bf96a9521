"""The key scheme: wrapping, AAD binding, secret encryption, and a PVK that never shows."""

from __future__ import annotations

import pickle

import pytest

from automation_admin.models.store.errors import VaultDamaged, WrongPassphrase
from automation_admin.models.store.keys import (
    DEFAULT_KDF,
    KdfParams,
    VaultKey,
    derive_kek,
    new_salt,
)


def test_wrapped_pvk_is_60_bytes_and_bound_to_the_profile() -> None:
    key = VaultKey.generate()
    kek = derive_kek("pw", new_salt(), KdfParams(8192, 1))
    wrapped = key.wrap(kek, "profile-a")
    assert len(wrapped) == 60
    assert VaultKey.unwrap(kek, wrapped, "profile-a").sqlcipher_key_literal() == (
        key.sqlcipher_key_literal()
    )
    with pytest.raises(WrongPassphrase):
        VaultKey.unwrap(kek, wrapped, "profile-b")


def test_secret_values_are_bound_to_their_row() -> None:
    key = VaultKey.generate()
    blob = key.encrypt_secret("sk-live-123", "row-1")
    assert blob[0] == 1 and b"sk-live" not in blob
    assert key.decrypt_secret(blob, "row-1") == "sk-live-123"
    with pytest.raises(VaultDamaged):
        key.decrypt_secret(blob, "row-2")


def test_the_key_never_prints_or_pickles() -> None:
    key = VaultKey.generate()
    hexkey = key.sqlcipher_key_literal()[3:-2]
    assert hexkey not in repr(key) and hexkey not in str(key) and hexkey not in f"{key!r}"
    with pytest.raises(TypeError):
        pickle.dumps(key)


def test_kdf_defaults_and_floor() -> None:
    assert DEFAULT_KDF.to_json() == (
        '{"memory_kib": 131072, "time_cost": 4, "parallelism": 1, "hash_len": 32}'
    )
    assert KdfParams(8192, 1).validate().weaker_than_default
    with pytest.raises(Exception, match="8 MiB"):
        KdfParams(4096, 1).validate()


def test_unreadable_kdf_params_are_damage_not_a_crash() -> None:
    with pytest.raises(VaultDamaged):
        KdfParams.from_json("{not json")


def _clock(*readings: float):  # type: ignore[no-untyped-def]
    values = iter(readings)
    return lambda: next(values)


def test_calibration_adds_passes_on_a_fast_machine_never_fewer_than_the_default() -> None:
    from automation_admin.models.store.keys import calibrated_kdf

    small = KdfParams(memory_kib=8192, time_cost=2)
    # 0.1 s to set up, 0.1 s a pass: ten passes would take 1.1 s, nine take 1.0 s.
    fast = calibrated_kdf(1.0, small, timer=_clock(0.0, 0.2, 5.0, 5.3))
    assert fast == KdfParams(memory_kib=8192, time_cost=9)
    slow = calibrated_kdf(1.0, small, timer=_clock(0.0, 0.8, 1.0, 2.4))  # a pass is 0.6 s
    assert slow.time_cost == 2  # never below the base
    capped = calibrated_kdf(1.0, small, max_time_cost=16, timer=_clock(0, 0.002, 1, 1.003))
    assert capped.time_cost == 16
    assert calibrated_kdf(0.05, timer=_clock(0.0, 0.2, 1.0, 1.3)) == DEFAULT_KDF
    measured = calibrated_kdf(0.2, small)  # a real pass on this machine
    assert measured.memory_kib == 8192 and 2 <= measured.time_cost <= 16

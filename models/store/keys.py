"""The key scheme of DESIGN §2: Argon2id KEK, AES-256-GCM wrapped PVK, encrypted secret values.

The PVK only ever exists in memory. `VaultKey` hides it from repr() and str() so that a
stray log line or traceback cannot print it.
"""

from __future__ import annotations

import json
import os
import time
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from automation_admin.models.store.errors import (
    IndexDamaged,
    UsageError,
    VaultDamaged,
    WrongPassphrase,
)

PVK_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
WRAPPED_PVK_BYTES = NONCE_BYTES + PVK_BYTES + 16
SECRET_FORMAT_V1 = b"\x01"
ARGON2_VERSION = 0x13


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int = 131072
    time_cost: int = 4
    parallelism: int = 1
    hash_len: int = 32

    MIN_MEMORY_KIB = 8192
    MIN_TIME_COST = 1
    # Far above anything a profile is made with (calibration stops at 16 passes), low enough
    # that a tampered index.db cannot make unlocking take days or all the memory there is.
    MAX_MEMORY_KIB = 4 * 1024 * 1024
    MAX_TIME_COST = 64
    MAX_PARALLELISM = 16

    def validate(self) -> KdfParams:
        if not self.MIN_MEMORY_KIB <= self.memory_kib <= self.MAX_MEMORY_KIB:
            raise UsageError(
                f"KDF memory must be between {self.MIN_MEMORY_KIB} KiB (8 MiB) and "
                f"{self.MAX_MEMORY_KIB} KiB (4 GiB)."
            )
        if not self.MIN_TIME_COST <= self.time_cost <= self.MAX_TIME_COST:
            raise UsageError(f"KDF time cost must be between 1 and {self.MAX_TIME_COST}.")
        if not 1 <= self.parallelism <= self.MAX_PARALLELISM or self.hash_len != 32:
            raise UsageError(
                f"KDF parallelism must be between 1 and {self.MAX_PARALLELISM} and the hash "
                "32 bytes."
            )
        return self

    @property
    def weaker_than_default(self) -> bool:
        default = KdfParams()
        return self.memory_kib < default.memory_kib or self.time_cost < default.time_cost

    def to_json(self) -> str:
        return json.dumps(asdict(self), separators=(", ", ": "))

    @classmethod
    def from_json(cls, text: str) -> KdfParams:
        try:
            data = json.loads(text)
            return cls(
                memory_kib=int(data["memory_kib"]),
                time_cost=int(data["time_cost"]),
                parallelism=int(data["parallelism"]),
                hash_len=int(data.get("hash_len", 32)),
            ).validate()
        except UsageError as exc:
            raise IndexDamaged(f"the profile's key settings are out of range: {exc}") from None
        except (ValueError, KeyError, TypeError, OverflowError, RecursionError) as exc:
            raise IndexDamaged(
                f"the profile's key settings are unreadable ({type(exc).__name__})"
            ) from None


DEFAULT_KDF = KdfParams()


class VaultKey:
    """The profile's PVK, kept in memory only and never shown."""

    __slots__ = ("_pvk",)

    def __init__(self, pvk: bytes) -> None:
        if len(pvk) != PVK_BYTES:
            raise ValueError("a PVK is 32 bytes")
        self._pvk = bytes(pvk)

    @classmethod
    def generate(cls) -> VaultKey:
        return cls(os.urandom(PVK_BYTES))

    def __repr__(self) -> str:
        return "VaultKey(<hidden>)"

    __str__ = __repr__

    def __reduce__(self) -> None:  # type: ignore[override]
        raise TypeError("a VaultKey cannot be pickled")

    def sqlcipher_key_literal(self) -> str:
        """The PRAGMA key value that makes SQLCipher use the bytes as the raw key."""
        return f"\"x'{self._pvk.hex()}'\""

    def wrap(self, kek: bytes, profile_id: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + AESGCM(kek).encrypt(nonce, self._pvk, profile_id.encode("utf-8"))

    @classmethod
    def unwrap(cls, kek: bytes, wrapped: bytes, profile_id: str) -> VaultKey:
        if len(wrapped) != WRAPPED_PVK_BYTES:
            raise VaultDamaged("The wrapped vault key in index.db has the wrong length.")
        try:
            pvk = AESGCM(kek).decrypt(
                wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], profile_id.encode("utf-8")
            )
        except InvalidTag:
            raise WrongPassphrase() from None
        return cls(pvk)

    def encrypt_secret(self, value: str, secret_id: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(self._pvk).encrypt(nonce, value.encode("utf-8"), secret_id.encode("utf-8"))
        return SECRET_FORMAT_V1 + nonce + sealed

    def decrypt_secret(self, blob: bytes, secret_id: str) -> str:
        if not blob or blob[:1] != SECRET_FORMAT_V1 or len(blob) < 1 + NONCE_BYTES + 16:
            raise VaultDamaged(f"Secret {secret_id} has an unknown encryption format.")
        try:
            plain = AESGCM(self._pvk).decrypt(
                blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :], secret_id.encode("utf-8")
            )
        except InvalidTag:
            raise VaultDamaged(f"Secret {secret_id} does not decrypt with the vault key.") from None
        return plain.decode("utf-8")


def normalise_passphrase(passphrase: str) -> bytes:
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def calibrated_kdf(
    target_seconds: float = 1.0,
    base: KdfParams = DEFAULT_KDF,
    max_time_cost: int = 16,
    timer: Callable[[], float] = time.perf_counter,
) -> KdfParams:
    """Argon2id settings for a new profile: about `target_seconds` to unlock on this machine,
    never weaker than `base`. The memory stays at `base`'s; the passes grow with the
    machine's speed, so a fast computer gets a stronger key and a slow one keeps the default."""

    def seconds(passes: int) -> float:
        start = timer()
        derive_kek("calibration", os.urandom(SALT_BYTES), replace(base, time_cost=passes))
        return timer() - start

    # One pass costs allocation plus a fill; each further pass only a fill.
    first, second = seconds(1), seconds(2)
    per_pass = max(second - first, first / 4, 1e-6)
    setup = max(first - per_pass, 0.0)
    passes = min(max_time_cost, int((target_seconds - setup) / per_pass))
    return replace(base, time_cost=max(base.time_cost, passes))


def derive_kek(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """Argon2id(passphrase NFC UTF-8, salt, params, version 0x13) -> 32 bytes."""
    return hash_secret_raw(
        secret=normalise_passphrase(passphrase),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=params.hash_len,
        type=Type.ID,
        version=ARGON2_VERSION,
    )


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)

"""The pages of a SQLCipher 4 vault by kind, read by decrypting them (as DESIGN §2 keys the
vault: the raw PVK is the AES-256 key; SQLCipher 4 keeps a 16-byte IV and a 64-byte HMAC at
the end of every page, and the file's first 16 bytes are the salt)."""

from __future__ import annotations

import struct
from collections import defaultdict
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 16 + 64  # IV + HMAC-SHA512
SALT = 16
BTREE_KINDS = {
    0x02: "index interior",
    0x05: "table interior",
    0x0A: "index leaf",
    0x0D: "table leaf",
}


def decrypt(data: bytes, number: int, key: bytes) -> bytes:
    """Page `number` (1-based) as SQLite sees it; page 1 has the SQLite header back."""
    page = data[(number - 1) * PAGE : number * PAGE]
    start = SALT if number == 1 else 0
    iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    plain = decryptor.update(page[start : PAGE - RESERVE]) + decryptor.finalize()
    return (b"SQLite format 3\x00" if number == 1 else b"") + plain


def classify(path: Path, key_hex: str) -> dict[str, list[int]]:
    """Page numbers by kind: the b-tree kinds, page 1, freelist trunk and leaf pages, and
    overflow pages (the rest)."""
    data = path.read_bytes()
    key = bytes.fromhex(key_hex)
    count = len(data) // PAGE
    first = decrypt(data, 1, key)
    assert first[16:18] == struct.pack(">H", PAGE), "not decrypted: wrong key or layout"
    kinds: dict[str, list[int]] = defaultdict(list)
    kinds["page 1 (header and schema)"].append(1)
    free: set[int] = set()
    trunk = struct.unpack(">I", first[32:36])[0]
    while trunk:
        kinds["freelist trunk"].append(trunk)
        page = decrypt(data, trunk, key)
        following, leaves = struct.unpack(">II", page[:8])
        for n in range(leaves):
            leaf = struct.unpack(">I", page[8 + 4 * n : 12 + 4 * n])[0]
            kinds["freelist leaf"].append(leaf)
            free.add(leaf)
        free.add(trunk)
        trunk = following
    for number in range(2, count + 1):
        if number in free:
            continue
        kind = BTREE_KINDS.get(decrypt(data, number, key)[0])
        kinds[kind or "overflow"].append(number)
    return dict(kinds)

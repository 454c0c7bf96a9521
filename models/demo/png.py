"""Small, real PNG debug screenshots for demo runs, drawn without Qt (models/ stays Qt-free)."""

from __future__ import annotations

import struct
import zlib
from functools import lru_cache
from pathlib import Path

WIDTH, HEIGHT = 480, 300
Colour = tuple[int, int, int]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def mock_page(step: int, accent: Colour, failed: bool) -> bytes:
    """A browser-like frame: title bar, navigation, content rows, the element acted on."""
    return _page(step % 5, accent, failed)


# Drawing is pure Python (about 50 ms a frame) and a demo draws dozens of frames from a
# few providers' accents and five positions: each distinct frame is drawn once a process.
@lru_cache(maxsize=128)
def _page(position: int, accent: Colour, failed: bool) -> bytes:
    rows = []
    highlight_top = 90 + position * 36
    for y in range(HEIGHT):
        row = bytearray()
        for x in range(WIDTH):
            if y < 28:
                pixel: Colour = (222, 224, 228) if y > 2 else (200, 202, 206)
                if 10 <= x < 70 and 9 <= y < 19:
                    pixel = (255, 255, 255)
            elif y < 64:
                pixel = accent
            elif x < 110:
                pixel = (244, 245, 247) if (y - 64) % 32 > 2 else (230, 231, 234)
            elif highlight_top <= y < highlight_top + 26 and 130 <= x < 450:
                border = y in (highlight_top, highlight_top + 25) or x in (130, 449)
                pixel = (
                    (220, 38, 38)
                    if failed and border
                    else (37, 99, 235)
                    if border
                    else (239, 246, 255)
                )
            elif (y - 80) % 36 < 18 and 130 <= x < 130 + 280 - ((y // 36) % 3) * 60:
                pixel = (232, 234, 238)
            else:
                pixel = (255, 255, 255)
            row += bytes(pixel)
        rows.append(b"\x00" + bytes(row))
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 6))
        + _chunk(b"IEND", b"")
    )


def write_screenshot(path: Path, step: int, accent: Colour, failed: bool) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd_path = path.with_suffix(".tmp")
    fd_path.write_bytes(mock_page(step, accent, failed))
    fd_path.chmod(0o600)
    fd_path.replace(path)

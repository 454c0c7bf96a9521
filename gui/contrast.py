"""WCAG 2.2 contrast arithmetic on colours given as "#rrggbb" (no Qt: the palettes, the tests
and the painters all use the same numbers)."""

from __future__ import annotations

# WCAG 2.2 AA: text (1.4.3) and the parts of controls and graphics one must see (1.4.11).
TEXT_MINIMUM = 4.5
NON_TEXT_MINIMUM = 3.0


def rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str | tuple[int, int, int]) -> float:
    r, g, b = rgb(colour) if isinstance(colour, str) else colour
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def ratio(a: str | tuple[int, int, int], b: str | tuple[int, int, int]) -> float:
    """The contrast ratio of two opaque colours, 1 to 21."""
    la, lb = luminance(a), luminance(b)
    high, low = max(la, lb), min(la, lb)
    return (high + 0.05) / (low + 0.05)


def over(colour: str, alpha: float, background: str) -> str:
    """`colour` at `alpha` (0 to 1) painted over an opaque `background`."""
    top, bottom = rgb(colour), rgb(background)
    mixed = (round(t * alpha + b * (1 - alpha)) for t, b in zip(top, bottom, strict=True))
    return "#{:02x}{:02x}{:02x}".format(*mixed)

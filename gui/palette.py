"""Every colour the window paints, one table per scheme (light and dark).

Chosen for WCAG 2.2 AA: every text colour is at least 4.5:1 against each background it is
drawn on, every colour that marks a thing one must see (status icons, chart series, the
relevance bar, the focus ring, a checked chip's edge) at least 3:1; tests/gui/test_palette.py
checks each pair. Status colours are chosen per scheme: the dark ones are light tints, since
the same red cannot be read on white and on near-black alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

# The status words of the window (formatting.STATUS_ICONS) fall into these kinds.
STATUS_KINDS = ("ok", "warning", "error", "critical", "outage", "info", "neutral")


@dataclass(frozen=True)
class Banner:
    background: str
    text: str
    accent: str  # its edge and its icon's strokes


@dataclass(frozen=True, eq=False)
class Scheme:
    name: str  # "light" or "dark"
    # QPalette roles by their style-sheet names (palette(placeholder-text) and so on).
    roles: Mapping[str, str]
    status: Mapping[str, str]  # status words as text, by kind
    icon: Mapping[str, str]  # icon parts: a fill per kind, "glyph", "ink"
    chart: Mapping[str, str]
    syntax: Mapping[str, str]  # the script viewer's highlighting
    banners: Mapping[str, Banner]
    focus: str  # the focus ring, a checked chip's edge
    track: str  # the relevance bar's empty part

    def role(self, name: str) -> str:
        return self.roles[name]


def _frozen(**colours: str) -> Mapping[str, str]:
    return MappingProxyType({k.replace("_", "-"): v for k, v in colours.items()})


LIGHT = Scheme(
    name="light",
    roles=_frozen(
        window="#f6f7f9",
        window_text="#1f2933",
        base="#ffffff",
        alternate_base="#f1f3f6",
        text="#1f2933",
        button="#eef0f3",
        button_text="#1f2933",
        highlight="#2563eb",
        highlighted_text="#ffffff",
        tooltip_base="#1f2933",
        tooltip_text="#ffffff",
        placeholder_text="#5f6b7a",
        # Fusion pales a disabled button's words a little more: this is darker to match.
        disabled_text="#52606d",
        link="#1d4ed8",
        link_visited="#6d28d9",
        bright_text="#ffffff",
        light="#ffffff",
        midlight="#e4e7eb",
        mid="#c3cad3",
        dark="#8a94a3",
        shadow="#52606d",
    ),
    status=MappingProxyType(
        {
            "ok": "#166534",
            "warning": "#92400e",
            "error": "#b91c1c",
            "critical": "#991b1b",
            "outage": "#7f1d1d",
            "info": "#1d4ed8",
            "neutral": "#52606d",
        }
    ),
    icon=MappingProxyType(
        {
            "ok": "#15803d",
            "warning": "#b45309",
            "error": "#dc2626",
            "critical": "#991b1b",
            "outage": "#7f1d1d",
            "info": "#2563eb",
            "neutral": "#64748b",
            "glyph": "#ffffff",
            "ink": "#52606d",
        }
    ),
    chart=MappingProxyType(
        {
            "axis": "#52606d",
            "usage": "#2563eb",
            "cost": "#7e22ce",
            "spend": "#c2410c",
            "success": "#15803d",
            "failure": "#dc2626",
            "threshold": "#c2410c",
            "limit": "#dc2626",
            "guide": "#64748b",
            "valid": "#15803d",
            "unknown": "#64748b",
            "degraded": "#b45309",
            "invalid": "#dc2626",
            "outage": "#7f1d1d",
            "pricing_update": "#7c3aed",
            "deprecation": "#b45309",
            "security_advisory": "#dc2626",
            "approved": "#15803d",
            "rejected": "#dc2626",
            "modified": "#b45309",
        }
    ),
    syntax=MappingProxyType(
        {
            "keyword": "#6d28d9",
            "definition": "#1d4ed8",
            "number": "#92400e",
            "string": "#166534",
            "comment": "#52606d",
            "placeholder": "#9a3412",
            "placeholder_back": "#ffedd5",
            "line": "#fdf0b1",
        }
    ),
    banners=MappingProxyType(
        {
            "demo": Banner("#fef3c7", "#1f2933", "#b45309"),
            "warning": Banner("#fee2e2", "#1f2933", "#b91c1c"),
        }
    ),
    focus="#1d4ed8",
    track="#dde3ea",
)

DARK = Scheme(
    name="dark",
    roles=_frozen(
        window="#1e2127",
        window_text="#e4e7eb",
        base="#16181d",
        alternate_base="#20242b",
        text="#e4e7eb",
        button="#2a2f37",
        button_text="#e4e7eb",
        # White text needs a deep blue: the lighter #3b82f6 gave selected rows 3.68:1.
        highlight="#2563eb",
        highlighted_text="#ffffff",
        tooltip_base="#e4e7eb",
        tooltip_text="#16181d",
        placeholder_text="#9aa5b1",
        disabled_text="#b3bcc8",
        link="#93c5fd",
        link_visited="#c4b5fd",
        bright_text="#ffffff",
        light="#3a404a",
        midlight="#323842",
        mid="#4b5563",
        dark="#111317",
        shadow="#000000",
    ),
    status=MappingProxyType(
        {
            "ok": "#4ade80",
            "warning": "#fbbf24",
            "error": "#f87171",
            "critical": "#fca5a5",
            "outage": "#fda4af",
            "info": "#93c5fd",
            "neutral": "#9aa5b1",
        }
    ),
    icon=MappingProxyType(
        {
            "ok": "#4ade80",
            "warning": "#fbbf24",
            "error": "#f87171",
            "critical": "#fca5a5",
            "outage": "#fda4af",
            "info": "#60a5fa",
            "neutral": "#94a3b8",
            "glyph": "#16181d",
            "ink": "#9aa5b1",
        }
    ),
    chart=MappingProxyType(
        {
            "axis": "#a3acb9",
            "usage": "#60a5fa",
            "cost": "#c084fc",
            "spend": "#fb923c",
            "success": "#4ade80",
            "failure": "#f87171",
            "threshold": "#fb923c",
            "limit": "#f87171",
            "guide": "#94a3b8",
            "valid": "#4ade80",
            "unknown": "#94a3b8",
            "degraded": "#fbbf24",
            "invalid": "#f87171",
            "outage": "#fda4af",
            "pricing_update": "#a78bfa",
            "deprecation": "#fbbf24",
            "security_advisory": "#f87171",
            "approved": "#4ade80",
            "rejected": "#f87171",
            "modified": "#fbbf24",
        }
    ),
    syntax=MappingProxyType(
        {
            "keyword": "#c4b5fd",
            "definition": "#93c5fd",
            "number": "#fcd34d",
            "string": "#86efac",
            "comment": "#9aa5b1",
            "placeholder": "#fed7aa",
            "placeholder_back": "#431407",
            "line": "#3d3a1c",
        }
    ),
    banners=MappingProxyType(
        {
            "demo": Banner("#3a2f12", "#fef3c7", "#fbbf24"),
            "warning": Banner("#3f1d1d", "#fee2e2", "#f87171"),
        }
    ),
    focus="#60a5fa",
    track="#343b46",
)

SCHEMES = {scheme.name: scheme for scheme in (LIGHT, DARK)}

"""Each scheme's colours, pair by pair: text at 4.5:1 or more on whatever it is drawn on,
what marks a thing one must see (icons, chart series, the relevance bar, the focus ring, a
checked chip's edge) at 3:1 or more. The painted window is measured in test_contrast.py."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QIcon

from automation_admin.gui.contrast import NON_TEXT_MINIMUM, TEXT_MINIMUM, over, ratio
from automation_admin.gui.palette import DARK, LIGHT, Scheme
from automation_admin.gui.themed_icon import ICON_KINDS, part_colours
from tests.gui.painted import pixels
from tests.gui.theming import themed

__all__ = ["themed"]  # a fixture

SCHEMES = pytest.mark.parametrize("scheme", [LIGHT, DARK], ids=["light", "dark"])
# Where rows, fields, labels and buttons are drawn.
GROUNDS = ("base", "alternate-base", "window")


def failing(pairs: list[tuple[str, str, str]], minimum: float) -> list[str]:
    return [
        f"{what}: {fg} on {bg} is {ratio(fg, bg):.2f}:1"
        for what, fg, bg in pairs
        if ratio(fg, bg) < minimum
    ]


@SCHEMES
def test_every_text_colour_reads_at_4_5_to_1(scheme: Scheme) -> None:
    r = scheme.roles
    pairs = [
        ("text", r["text"], r["base"]),
        ("text on alternate rows", r["text"], r["alternate-base"]),
        ("window text", r["window-text"], r["window"]),
        ("button text", r["button-text"], r["button"]),
        ("selected text", r["highlighted-text"], r["highlight"]),
        ("primary button", r["highlighted-text"], r["highlight"]),
        ("tooltip", r["tooltip-text"], r["tooltip-base"]),
        ("checked chip", r["highlighted-text"], r["highlight"]),
        ("disabled text on a button", r["disabled-text"], r["button"]),
        ("code placeholder", scheme.syntax["placeholder"], scheme.syntax["placeholder_back"]),
        ("chart axis", scheme.chart["axis"], r["window"]),
    ]
    for ground in GROUNDS:
        pairs += [
            (f"placeholder or hint on {ground}", r["placeholder-text"], r[ground]),
            (f"disabled text on {ground}", r["disabled-text"], r[ground]),
            (f"link on {ground}", r["link"], r[ground]),
            (f"visited link on {ground}", r["link-visited"], r[ground]),
        ]
        pairs += [
            (f"{kind} on {ground}", colour, r[ground]) for kind, colour in scheme.status.items()
        ]
    for name in ("keyword", "definition", "number", "string", "comment"):
        pairs += [
            (f"code {name}", scheme.syntax[name], r["base"]),
            (f"code {name} on the marked line", scheme.syntax[name], scheme.syntax["line"]),
        ]
    for kind, banner in scheme.banners.items():
        pairs.append((f"{kind} banner", banner.text, banner.background))
    assert not failing(pairs, TEXT_MINIMUM)


@SCHEMES
def test_every_mark_one_must_see_reads_at_3_to_1(scheme: Scheme) -> None:
    r = scheme.roles
    pairs = [
        ("focus ring on a button", scheme.focus, r["button"]),
        ("checked chip's edge", scheme.focus, r["window"]),
        ("selected row against the others", r["highlight"], r["base"]),
        ("relevance bar on its track", scheme.chart["usage"], scheme.track),
        (
            "relevance bar on a selected row",
            r["highlighted-text"],
            over(r["highlighted-text"], 60 / 255, r["highlight"]),
        ),
    ]
    for ground in GROUNDS:
        pairs += [
            (f"focus ring on {ground}", scheme.focus, r[ground]),
            (f"line icon on {ground}", scheme.icon["ink"], r[ground]),
            (f"relevance bar on {ground}", scheme.chart["usage"], r[ground]),
        ]
        pairs += [
            (f"{kind} icon on {ground}", scheme.icon[kind], r[ground])
            for kind in set(ICON_KINDS.values())
        ]
    pairs += [(f"{key} series", colour, r["window"]) for key, colour in scheme.chart.items()]
    pairs += [
        (f"marks inside {kind}", scheme.icon["glyph"], scheme.icon[kind])
        for kind in ICON_KINDS.values()
    ]
    for kind, banner in scheme.banners.items():
        pairs.append((f"{kind} banner icon", banner.accent, banner.background))
    assert not failing(pairs, NON_TEXT_MINIMUM)


@SCHEMES
@pytest.mark.parametrize("name", sorted(ICON_KINDS))
def test_status_icons_paint_in_the_scheme(themed, scheme: Scheme, name: str) -> None:  # type: ignore[no-untyped-def]
    """The icon as painted: its body in its kind's colour, its rim and marks in the glyph
    colour, which parts it from a selected row at 3:1 or more."""
    from automation_admin.gui import style
    from automation_admin.gui.resources import icon

    style.use(themed, scheme)
    image = pixels(icon(name).pixmap(48, 48))
    selected = pixels(icon(name).pixmap(48, 48, QIcon.Mode.Selected))
    body = "#{:02x}{:02x}{:02x}".format(*image[36, 18])
    assert ratio(body, scheme.icon[ICON_KINDS[name]]) < 1.05
    rim = part_colours(name, scheme, QIcon.Mode.Selected)["glyph-stroke"]
    assert ratio(rim, scheme.roles["highlight"]) >= NON_TEXT_MINIMUM
    assert (selected == image).all()


@SCHEMES
@pytest.mark.parametrize("name", ["lock", "key", "refresh", "unlock"])
def test_line_icons_take_the_ink_or_the_selected_text(themed, scheme: Scheme, name: str) -> None:  # type: ignore[no-untyped-def]
    from automation_admin.gui import style
    from automation_admin.gui.resources import icon

    style.use(themed, scheme)
    for mode, expected in (
        (QIcon.Mode.Normal, scheme.icon["ink"]),
        (QIcon.Mode.Selected, scheme.roles["highlighted-text"]),
    ):
        image = pixels(icon(name).pixmap(48, 48, mode)).reshape(-1, 3)
        colours = {"#{:02x}{:02x}{:02x}".format(*p) for p in image}
        assert expected in colours


@SCHEMES
def test_a_line_icon_on_a_primary_button_takes_its_text_colour(themed, scheme: Scheme) -> None:  # type: ignore[no-untyped-def]
    from automation_admin.gui import style
    from automation_admin.gui.resources import icon

    style.use(themed, scheme)
    image = pixels(icon("unlock", on_accent=True).pixmap(48, 48)).reshape(-1, 3)
    colours = {"#{:02x}{:02x}{:02x}".format(*p) for p in image}
    assert scheme.roles["highlighted-text"] in colours
    assert scheme.icon["ink"] not in colours

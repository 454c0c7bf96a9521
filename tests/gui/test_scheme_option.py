"""`--scheme light|dark|system`: the window and its screenshots in either scheme, whatever
the system uses, or following the system (the default)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QPixmap

from automation_admin.gui.palette import SCHEMES
from automation_admin.models.store.index_store import ProfileRecord
from automation_admin.models.store.paths import DataLayout
from tests.conftest import PASSPHRASE
from tests.gui.painted import pixels
from tests.gui.test_screenshot import run_app
from tests.gui.theming import themed

__all__ = ["themed"]  # a fixture


def dominant(path: Path) -> str:
    image = pixels(QPixmap(str(path))).reshape(-1, 3)
    colours, counts = np.unique(image, axis=0, return_counts=True)
    return "#{:02x}{:02x}{:02x}".format(*colours[counts.argmax()])


@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshot_in_a_forced_scheme(  # type: ignore[no-untyped-def]
    qapp, layout: DataLayout, profile: ProfileRecord, tmp_path: Path, scheme: str
) -> None:
    target = tmp_path / f"{scheme}.png"
    result = run_app(
        layout,
        *("--profile", "Work", "--passphrase-stdin", "--screenshot", str(target)),
        *("--tab", "settings", "--scheme", scheme),
        stdin=f"{PASSPHRASE}\n",
    )
    assert result.returncode == 0, result.stderr
    assert dominant(target) == SCHEMES[scheme].roles["window"]


def test_an_unknown_scheme_is_a_usage_error(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("--scheme", "sepia")
    assert result.code == 2
    assert "--scheme" in result.err


def test_scheme_goes_with_the_window_and_size_with_screenshots() -> None:
    from automation_admin.gui.cli.parser import build_parser
    from automation_admin.gui.launch import _check
    from automation_admin.models.store.errors import UsageError

    for scheme in ("light", "dark", "system"):
        _check(build_parser().parse_args(["--demo", "--scheme", scheme]))  # no error
    with pytest.raises(UsageError, match="--size"):
        _check(build_parser().parse_args(["--demo", "--size", "800x600"]))


def test_a_forced_scheme_stays_when_the_system_changes(themed) -> None:  # type: ignore[no-untyped-def]
    from automation_admin.gui import style
    from tests.gui.theming import system_switches_to

    try:
        style.apply_theme(themed, "dark")
        system_switches_to(themed, "light")
        assert style.scheme().name == "dark"
        assert themed.palette().base().color().name() == SCHEMES["dark"].roles["base"]
        style.apply_theme(themed, None)  # --scheme system: the system's again, and its changes
        system_switches_to(themed, "dark")
        assert style.scheme().name == "dark"
        system_switches_to(themed, "light")
        assert style.scheme().name == "light"
    finally:
        style.apply_theme(themed, None)


@pytest.mark.slow
def test_scheme_system_follows_the_system(  # type: ignore[no-untyped-def]
    qapp, layout: DataLayout, profile: ProfileRecord, tmp_path: Path
) -> None:
    """Offscreen the platform has no dark scheme to report: `system` is the light one."""
    target = tmp_path / "system.png"
    result = run_app(
        layout,
        *("--profile", "Work", "--passphrase-stdin", "--screenshot", str(target)),
        *("--tab", "settings", "--scheme", "system"),
        stdin=f"{PASSPHRASE}\n",
    )
    assert result.returncode == 0, result.stderr
    assert dominant(target) == SCHEMES["light"].roles["window"]

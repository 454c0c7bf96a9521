"""`--scheme light|dark`: screenshots (and the window) in either scheme, whatever the
system uses."""

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

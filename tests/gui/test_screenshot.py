"""`--screenshot`: the window rendered to a PNG once its data loaded; and a real X window."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from automation_admin.models.store.index_store import ProfileRecord
from automation_admin.models.store.paths import DataLayout
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]


def run_app(
    layout: DataLayout,
    *args: str,
    stdin: str = "",
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    environment = os.environ | {
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(layout.root.parent / "config"),
    }
    environment |= env or {}
    return subprocess.run(
        [sys.executable, "-m", "automation_admin.gui.cli", "--data-dir", str(layout.root), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=environment,
    )


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_screenshot_of_a_profile_tab(
    layout: DataLayout, profile: ProfileRecord, tmp_path: Path
) -> None:
    target = tmp_path / "settings.png"
    result = run_app(
        layout,
        "--profile",
        "Work",
        "--passphrase-stdin",
        "--screenshot",
        str(target),
        "--tab",
        "settings",
        stdin=f"{PASSPHRASE}\n",
    )
    assert result.returncode == 0, result.stderr
    assert png_size(target) == (1320, 860)
    assert PASSPHRASE not in result.stdout + result.stderr


def test_screenshot_with_a_wrong_passphrase_exits_3(
    layout: DataLayout, profile: ProfileRecord, tmp_path: Path
) -> None:
    result = run_app(
        layout,
        "--profile",
        "Work",
        "--passphrase-stdin",
        "--screenshot",
        str(tmp_path / "x.png"),
        stdin="nope\n",
    )
    assert result.returncode == 3
    assert "Wrong passphrase" in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_screenshot_needs_an_unlock_source(layout: DataLayout, tmp_path: Path) -> None:
    result = run_app(layout, "--screenshot", str(tmp_path / "x.png"))
    assert result.returncode == 2 and "--screenshot needs" in result.stderr


@pytest.mark.xvfb
@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed here")
def test_demo_in_a_real_x_window(layout: DataLayout, tmp_path: Path) -> None:
    display = f":{90 + os.getpid() % 50}"
    server = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        socket = Path(f"/tmp/.X11-unix/X{display[1:]}")
        deadline = time.time() + 10
        while not socket.exists() and time.time() < deadline:
            time.sleep(0.1)
        target = tmp_path / "demo.png"
        result = run_app(
            layout,
            "--demo",
            "--screenshot",
            str(target),
            "--tab",
            "settings",
            env={"QT_QPA_PLATFORM": "xcb", "DISPLAY": display},
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        width, height = png_size(target)
        assert width >= 800 and height >= 500
    finally:
        server.terminate()
        server.wait(10)

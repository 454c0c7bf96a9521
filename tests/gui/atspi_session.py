"""A desktop for accessibility tests: Xvfb, a window manager, a D-Bus session and the
AT-SPI bus, each started here and stopped here (by its own process id)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

BUS_LAUNCHER = Path("/usr/libexec/at-spi-bus-launcher")
SYSTEM_PYTHON = Path("/usr/bin/python3")


def missing() -> str | None:
    """Why the accessibility test cannot run here, or None."""
    for tool in ("Xvfb", "dbus-launch", "xdotool"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    if not BUS_LAUNCHER.exists():
        return "at-spi2-core is not installed"
    probe = subprocess.run(
        [str(SYSTEM_PYTHON), "-c", "import pyatspi"], capture_output=True, check=False
    )
    if probe.returncode != 0:
        return "python3-pyatspi is not installed"
    return None


def _stop(process: subprocess.Popen[bytes]) -> None:
    with suppress(ProcessLookupError):
        process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


@contextmanager
def desktop() -> Iterator[dict[str, str]]:
    """The environment of a running desktop with the accessibility bus."""
    display = f":{150 + os.getpid() % 80}"
    started: list[subprocess.Popen[bytes]] = []
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    env |= {"DISPLAY": display, "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1", "NO_AT_BRIDGE": "0"}
    bus_pid = None
    try:
        started.append(
            subprocess.Popen(
                ["Xvfb", display, "-screen", "0", "1440x900x24", "-nolisten", "tcp"], **quiet
            )
        )
        socket = Path(f"/tmp/.X11-unix/X{display[1:]}")
        deadline = time.time() + 15
        while not socket.exists() and time.time() < deadline:
            time.sleep(0.1)
        if shutil.which("openbox"):
            started.append(subprocess.Popen(["openbox"], env=env, **quiet))
        launched = subprocess.run(
            ["dbus-launch", "--sh-syntax"], env=env, capture_output=True, text=True, check=True
        )
        for line in launched.stdout.splitlines():
            if "=" in line and line.startswith("DBUS_SESSION_BUS_"):
                name, value = line.split("=", 1)
                value = value.rstrip(";").strip("'")
                env[name] = value
        bus_pid = int(env["DBUS_SESSION_BUS_PID"])
        started.append(
            subprocess.Popen([str(BUS_LAUNCHER), "--launch-immediately"], env=env, **quiet)
        )
        time.sleep(1.5)
        yield env
    finally:
        for process in reversed(started):
            _stop(process)
        if bus_pid is not None:
            with suppress(ProcessLookupError):
                os.kill(bus_pid, 15)

"""Running a command-line driver in a child process and SIGKILLing it mid-work."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_and_kill(driver: Path, args: list[str], passphrase: str, delay: float) -> None:
    """Start `driver` (it prints "ready" just before the work), wait `delay`, kill it."""
    proc = subprocess.Popen(
        [sys.executable, str(driver), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(f"{passphrase}\n".encode())
    proc.stdin.close()
    assert proc.stdout.readline() == b"ready\n"
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()

"""Issue 5 benchmark: time to a rendered Dashboard (large vs small), and the UI thread's
longest stall while scope and range change (200 keys x 365 days on the large vault).

Run: python -m tests.benchmarks.bench_dashboard
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from automation_admin.gui.main_window import MainWindow
from automation_admin.gui.session import Session
from automation_admin.models.demo.generator import write_demo
from automation_admin.models.store.paths import DataLayout
from tests.benchmarks.common import PASSPHRASE, new_vault, report


def wait(app: QApplication, condition, timeout: float = 300.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.perf_counter() + timeout
    while not condition():
        app.processEvents()
        time.sleep(0.001)
        if time.perf_counter() > deadline:
            raise TimeoutError


class StallMeter:
    """A 5 ms timer on the UI thread: the longest gap between ticks is the longest stall."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.longest = 0
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self.tick)

    def start(self) -> None:
        self.clock.start()
        self.timer.start()

    def tick(self) -> None:
        self.longest = max(self.longest, self.clock.restart())


def rendered_dashboard(app: QApplication, root: Path, name: str) -> tuple[float, MainWindow]:
    layout_root = root / name
    session = Session(DataLayout(layout_root))
    window = MainWindow(
        session, QSettings(str(root / f"{name}.ini"), QSettings.Format.IniFormat), restore=False
    )
    window.show()
    start = time.perf_counter()
    session.unlock(name, PASSPHRASE, lambda e: print(e.message))
    wait(
        app, lambda: window.workspace is not None and window.workspace.pages["dashboard"].is_loaded
    )
    window.repaint()
    app.processEvents()
    return time.perf_counter() - start, window


def ensure_demo_vaults(root: Path) -> None:
    """The Small and Large demo vaults under `root`, made once (Large takes minutes)."""
    for name, scale in (("Small", "small"), ("Large", "large")):
        if (root / name / "index.db").exists():
            continue
        vault = new_vault(root / name, name)
        begin = time.perf_counter()
        write_demo(vault, scale, seed=9)
        vault.lock()
        print(f"  built {scale} demo vault in {time.perf_counter() - begin:.0f} s", flush=True)


def open_tab(app: QApplication, root: Path, name: str, tab_name: str, ready=None):  # type: ignore[no-untyped-def]
    """Unlock `name` settled, bring `tab_name` to the front and wait until `ready(tab)`."""
    window = open_settled(app, root, name)
    tab = window.workspace.show_tab(tab_name)
    wait(app, lambda: ready is None or ready(tab))
    return window, tab


def open_settled(app: QApplication, root: Path, name: str) -> MainWindow:
    """Unlock in a window, then wait past the unlock-time retention run until the worker is
    idle, so what is measured next is one tab alone."""
    _took, window = rendered_dashboard(app, root, name)
    after = time.perf_counter() + 2.0
    wait(app, lambda: time.perf_counter() > after and window.session.worker.idle)
    return window


def time_reload(app: QApplication, tab, model, view) -> float:  # type: ignore[no-untyped-def]
    """Seconds from `tab.reload()` to its first page painted."""
    wait(app, lambda: tab.session.worker.idle)
    start = time.perf_counter()
    tab.reload()
    wait(app, lambda: model.rowCount() > 0 and not model.loading)
    view.viewport().repaint()
    app.processEvents()
    return time.perf_counter() - start


def scroll_to_end(app: QApplication, model, table, total: int, before: float) -> bool:  # type: ignore[no-untyped-def]
    """Fetch every page of a paged list as scrolling would; print the memory it took.
    True when the extra memory stays under 150 MiB and flat after the first tenth."""
    import resource

    from tests.benchmarks.common import rss_mib

    start, early, pages = time.perf_counter(), None, 0
    while model.canFetchMore() or model.loading:
        if model.canFetchMore():
            model.fetchMore()
            pages += 1
        app.processEvents()
        if early is None and model.rowCount() >= total // 10:
            early = rss_mib()
    table.scrollToBottom()
    app.processEvents()
    end = rss_mib()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"  scrolled to the end: {model.rowCount():,} rows in {pages:,} pages, "
        f"{time.perf_counter() - start:.1f} s; {model.pages_in_memory} pages held"
    )
    extra = end - before
    flat = early is not None and end <= early + 25
    print(
        f"  RSS {before:.0f} MiB before, {early or 0:.0f} MiB at 10%, {end:.0f} MiB at the "
        f"end (peak {peak:.0f}); extra {extra:.0f} MiB (limit 150), "
        f"{'flat' if flat else 'GROWS'}"
    )
    return extra <= 150 and flat and model.rowCount() == total


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", help="keep the demo vaults here and reuse them next run")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(args.cache) if args.cache else Path(tmp)
        ensure_demo_vaults(root)
        small_times, large_times = [], []
        window = None
        for _ in range(3):
            took, win = rendered_dashboard(app, root, "Small")
            small_times.append(took)
            win.close()
            took, window = rendered_dashboard(app, root, "Large")
            large_times.append(took)
            if _ < 2:
                window.close()
        ok = report(
            "rendered Dashboard, large vault vs small", min(large_times), min(small_times), 1.5
        )
        tab = window.workspace.pages["dashboard"]
        # Let start-up finish (the background card counts, the first full paint): the limit
        # is about changing scope or range, which is what the meter watches.
        settle = time.perf_counter() + 0.5
        wait(app, lambda: time.perf_counter() > settle)
        meter = StallMeter()
        meter.start()
        changes = 0
        worst = (0, "")
        for scope in (0, 1, 2):
            tab.scope.setCurrentIndex(scope)
            for button in range(5):
                before, mark = tab.current_trend, meter.longest
                meter.longest = 0
                tab.ranges.button(button).click()
                wait(app, lambda before=before: tab.current_trend is not before)
                settle = time.perf_counter() + 0.2
                wait(app, lambda settle=settle: time.perf_counter() > settle)
                if meter.longest > worst[0]:
                    worst = (
                        meter.longest,
                        f"{tab.scope.currentText()}, {tab.ranges.button(button).text()}",
                    )
                meter.longest = max(meter.longest, mark)
                changes += 1
        print(f"  worst single change: {worst[1]} ({worst[0]} ms)")
        app.processEvents()
        print(
            f"  {changes} scope/range changes on 200 keys: longest UI-thread stall "
            f"{meter.longest} ms (limit 100)"
        )
        ok = ok and meter.longest <= 100
        window.close()
    print(json.dumps({"passed": int(ok), "failed": int(not ok)}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

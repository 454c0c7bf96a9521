"""Opening the window: `automation-admin [--demo | --profile NAME] [--screenshot FILE.png]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import cast

from automation_admin.models.store.errors import UsageError
from automation_admin.models.store.paths import DataLayout, resolve_root

SCREENSHOT_TIMEOUT_MS = 180_000


def _check(args: argparse.Namespace) -> None:
    if args.screenshot and not (args.demo or (args.gui_profile and args.gui_stdin)):
        raise UsageError("--screenshot needs --demo, or --profile NAME with --passphrase-stdin.")
    if args.gui_stdin and not args.gui_profile:
        raise UsageError("--passphrase-stdin needs --profile NAME.")
    if args.tab and not args.screenshot:
        raise UsageError("--tab goes with --screenshot.")
    if args.size and not args.screenshot:
        raise UsageError("--size goes with --screenshot.")


def launch_window(args: argparse.Namespace) -> int:
    _check(args)
    passphrase = None
    if args.gui_stdin:
        from automation_admin.gui.cli.passphrase import read_stdin_lines

        passphrase = read_stdin_lines(1)[0]
    layout = DataLayout(resolve_root(args.data_dir))
    layout.ensure_root()
    from automation_admin.gui.logging_setup import configure

    configure(layout.logs_dir)

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from automation_admin.gui.main_window import MainWindow
    from automation_admin.gui.resources import app_icon
    from automation_admin.gui.session import Session
    from automation_admin.gui.style import apply_theme
    from automation_admin.gui.worker import JobError
    from automation_admin.models._version import APP_ID

    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv[:1]))
    app.setApplicationName("Automation Admin")
    app.setOrganizationName("automation-admin")
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    from automation_admin.gui import gc_guard

    gc_guard.install(app)  # before the worker thread starts
    apply_theme(app, None if args.scheme == "system" else args.scheme)
    from automation_admin.gui import accessibility

    accessibility.install()
    accessibility.quiet_dropped_text_events()
    settings = QSettings("automation-admin", "automation-admin")
    session = Session(layout)
    window = MainWindow(session, settings, restore=not args.screenshot)
    if args.size:
        window.resize(*args.size)
    exit_code = {"value": 0}

    def fail(error: JobError) -> None:
        """The chooser has shown why; a screenshot run also says so and exits."""
        if args.screenshot:
            print(f"automation-admin: {error.message}", file=sys.stderr)
            code = error.exit_code
            exit_code["value"] = code
            app.exit(code)

    window.chooser.unlock_failed.connect(fail)
    if args.demo:
        window.statusBar().showMessage("Preparing the demo profile…")
        window.chooser.open_demo()
    elif args.gui_profile and passphrase is not None:
        window.chooser.open_profile(args.gui_profile, passphrase)

    if args.screenshot:
        target = Path(args.screenshot)
        shooter = _Screenshot(window, target, args.tab or "dashboard", app)
        window.workspace_ready.connect(shooter.workspace_ready)
        QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, lambda: shooter.give_up())
    else:
        window.show()
    code = app.exec()
    return exit_code["value"] or code


class _Screenshot:
    """Waits for the tab's data, renders the window offscreen, saves the PNG, quits."""

    def __init__(self, window, target: Path, tab: str, app) -> None:  # type: ignore[no-untyped-def]
        self.window, self.target, self.tab, self.app = window, target, tab, app
        self.done = False

    def workspace_ready(self, workspace) -> None:  # type: ignore[no-untyped-def]
        name, _, view = self.tab.partition("/")
        page = workspace.show_tab(name) or workspace.show_tab("automation")
        if page is None:
            page = workspace.tabs.currentWidget()
        if view:
            page.show_named_view(view)
        self.window.show()
        if page.is_loaded:
            self._shoot()
        else:
            page.loaded.connect(self._shoot)

    def _shoot(self) -> None:
        if self.done:
            return
        self.done = True
        from PySide6.QtCore import QTimer

        # Let layouts settle and charts paint once before rendering.
        QTimer.singleShot(400, self._save)

    def _save(self) -> None:
        self.app.processEvents()
        pixmap = self.window.grab()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        if not pixmap.save(str(self.target), "PNG"):
            print(f"automation-admin: could not write {self.target}", file=sys.stderr)
            self.app.exit(1)
            return
        print(f"Saved {self.target} ({pixmap.width()}x{pixmap.height()}).")
        self.window.close()
        self.app.exit(0)

    def give_up(self) -> None:
        if not self.done:
            print("automation-admin: the window did not finish loading in time.", file=sys.stderr)
            self.app.exit(1)

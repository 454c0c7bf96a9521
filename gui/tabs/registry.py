"""The tabs in contract order: Dashboard, Findings, Scripts, Checkpoints, then Library."""

from __future__ import annotations

from gui.tabs.base import BaseTab
from gui.tabs.checkpoints_tab import CheckpointsTab
from gui.tabs.dashboard_tab import DashboardTab
from gui.tabs.findings_tab import FindingsTab
from gui.tabs.library_tab import LibraryTab
from gui.tabs.scripts_tab import ScriptsTab

# (name used by --tab, class); filled as the tabs land.
AUTOMATION_TABS: list[tuple[str, type[BaseTab]]] = [
    ("dashboard", DashboardTab),
    ("findings", FindingsTab),
    ("scripts", ScriptsTab),
    ("checkpoints", CheckpointsTab),
    ("library", LibraryTab),
]

"""The tabs in contract order: Dashboard, Findings, Scripts, Checkpoints, then Library."""

from __future__ import annotations

from automation_admin.gui.tabs.base import BaseTab
from automation_admin.gui.tabs.checkpoints.tab import CheckpointsTab
from automation_admin.gui.tabs.dashboard.tab import DashboardTab
from automation_admin.gui.tabs.findings.tab import FindingsTab
from automation_admin.gui.tabs.library.tab import LibraryTab
from automation_admin.gui.tabs.scripts.tab import ScriptsTab

# (name used by --tab, class); filled as the tabs land.
AUTOMATION_TABS: list[tuple[str, type[BaseTab]]] = [
    ("dashboard", DashboardTab),
    ("findings", FindingsTab),
    ("scripts", ScriptsTab),
    ("checkpoints", CheckpointsTab),
    ("library", LibraryTab),
]

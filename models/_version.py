"""The one place the program's version and its desktop application id are written."""

__version__ = "0.1.0"
# Reverse-DNS id: the desktop entry, the AppStream file, the icon name and Qt's desktop file
# name all use it (packaging/ files are named after it).
APP_ID = "io.github.automation_admin.AutomationAdmin"

#!/usr/bin/env bash
# Linux: add Automation Admin to the desktop's application menu for this user: the desktop
# entry, the AppStream file and the icon in every size, under ~/.local/share.
#   packaging/install-desktop-entry.sh [COMMAND]
# COMMAND is what the entry runs: by default the bundle in dist/ if it was built, else the
# `automation-admin` found on PATH (from `pip install`).
set -euo pipefail
cd "$(dirname "$0")/.."
id=io.github.automation_admin.AutomationAdmin
share=${XDG_DATA_HOME:-$HOME/.local/share}
command=${1:-}
if [ -z "$command" ]; then
  if [ -x dist/automation-admin/automation-admin ]; then
    command="$(pwd)/dist/automation-admin/automation-admin"
  else
    command=$(command -v automation-admin || true)
  fi
fi
if [ -z "$command" ]; then
  echo "install-desktop-entry: no automation-admin found; build the bundle or pip install first." >&2
  exit 1
fi
install -d "$share/applications" "$share/metainfo" "$share/icons/hicolor/scalable/apps"
sed -e "s|^Exec=.*|Exec=\"$command\"|" -e "s|^TryExec=.*|TryExec=$command|" \
  "packaging/$id.desktop" > "$share/applications/$id.desktop"
install -m 0644 "packaging/$id.metainfo.xml" "$share/metainfo/$id.metainfo.xml"
install -m 0644 resources/icons/app.svg "$share/icons/hicolor/scalable/apps/$id.svg"
for png in resources/icons/app/*.png; do
  size=$(basename "$png" .png)
  install -d "$share/icons/hicolor/${size}x${size}/apps"
  install -m 0644 "$png" "$share/icons/hicolor/${size}x${size}/apps/$id.png"
done
command -v update-desktop-database >/dev/null && update-desktop-database -q "$share/applications" || true
echo "Installed $share/applications/$id.desktop (runs $command)."

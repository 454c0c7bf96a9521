#!/usr/bin/env bash
# The screenshots in resources/screenshots/ (README, AppStream): the demo profile, offscreen.
# Usage: packaging/screenshots.sh [automation-admin command]   (default: .venv/bin/automation-admin)
set -euo pipefail
cd "$(dirname "$0")/.."
app=${1:-.venv/bin/automation-admin}
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
for tab in dashboard findings scripts checkpoints library; do
  QT_QPA_PLATFORM=offscreen "$app" --data-dir "$data" --demo \
    --screenshot "resources/screenshots/$tab.png" --tab "$tab"
done

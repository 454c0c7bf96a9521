#!/usr/bin/env bash
# The screenshots in resources/screenshots/ (README, its gallery, AppStream): the demo profile
# at 1440x900, offscreen, one dark; and the first screen of a new profile.
# Usage: packaging/screenshots.sh [automation-admin command]   (default: .venv/bin/automation-admin)
set -euo pipefail
cd "$(dirname "$0")/.."
app=${1:-.venv/bin/automation-admin}
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
export QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME="$data/config"
shots=resources/screenshots
size=1440x900

shoot() {  # shoot FILE TAB [more options]
  local file=$1 tab=$2
  shift 2
  "$app" --data-dir "$data/demo" --demo --screenshot "$shots/$file" --tab "$tab" --size "$size" "$@"
}

shoot dashboard.png dashboard
shoot dashboard-dark.png dashboard --scheme dark
shoot findings.png findings
shoot scripts.png scripts
shoot checkpoints.png checkpoints
shoot audit-trail.png checkpoints/audit
shoot library.png library/recommendations
shoot selectors.png library/selectors
shoot settings.png settings

# A new profile opens on the page that enables the automation features.
printf 'new profile\n' | "$app" --data-dir "$data/new" profile create --name "New profile" \
  --kdf-memory-kib 8192 --kdf-time-cost 1 --passphrase-stdin 2>/dev/null
printf 'new profile\n' | "$app" --data-dir "$data/new" --profile "New profile" \
  --passphrase-stdin --screenshot "$shots/new-profile.png" --size "$size"

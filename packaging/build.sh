#!/usr/bin/env bash
# Build the desktop bundle (PyInstaller, onedir) from a clean checkout into dist/, then
# smoke-run it offscreen away from the source tree.
#   packaging/build.sh            build and smoke-run
#   packaging/build.sh --no-smoke build only
# Linux builds Linux bundles; run the same script on macOS or Windows (Git Bash) for theirs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=packaging/build
python=${PYTHON:-python3}

rm -rf "$work" dist/automation-admin "dist/Automation Admin.app"
"$python" -m venv "$work/venv"
if [ -x "$work/venv/bin/python" ]; then venv_python="$work/venv/bin/python"
else venv_python="$work/venv/Scripts/python.exe"; fi
"$venv_python" -m pip install -q --upgrade pip
# The program from this checkout (not editable: the bundle must not point back here),
# and PyInstaller; Pillow turns the PNG icon into .ico/.icns on Windows and macOS.
"$venv_python" -m pip install -q . "pyinstaller>=6.10"
case "$(uname -s)" in Linux) ;; *) "$venv_python" -m pip install -q "pillow>=10" ;; esac
"$venv_python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath "$work/work" packaging/automation-admin.spec
echo "Built $root/dist/automation-admin/"

if [ "${1:-}" = "--no-smoke" ]; then exit 0; fi

# Smoke run: the bundle alone, in an empty folder with no Python on the path.
smoke=$(mktemp -d)
trap 'rm -rf "$smoke"' EXIT
cp -a dist/automation-admin "$smoke/bundle"
cd "$smoke"
exe="$smoke/bundle/automation-admin"
env -i HOME="$smoke" PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "$exe" --version
env -i HOME="$smoke" PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
  "$exe" --data-dir "$smoke/data" --demo --screenshot "$smoke/shot.png" --tab checkpoints
test -s "$smoke/shot.png"
env -i HOME="$smoke" PATH=/usr/bin:/bin LANG=C.UTF-8 "$exe" --data-dir "$smoke/data" profile list
cp "$smoke/shot.png" "$root/dist/bundle-smoke.png"
echo "Smoke run passed: the bundle unlocked the demo vault and rendered dist/bundle-smoke.png."

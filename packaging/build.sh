#!/usr/bin/env bash
# Build the one-folder csdesk with PyInstaller, then check that the build works.
#
#     packaging/build.sh            # -> dist/csdesk/csdesk, checked headless
#
# The build runs in its own venv (build/venv) with csdesk installed as a regular package,
# so what is frozen is exactly what `pip install` ships.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PYTHON="${PYTHON:-python3}"
VENV="$ROOT/build/venv"

say() { printf 'build: %s\n' "$*" >&2; }

if [ ! -x "$VENV/bin/python" ]; then
    say "creating $VENV"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip
fi
say "installing csdesk and PyInstaller into $VENV"
"$VENV/bin/python" -m pip install -q --force-reinstall --no-deps "$ROOT"
"$VENV/bin/python" -m pip install -q "$ROOT" pyinstaller
say "freezing"
(cd packaging && "$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" csdesk.spec)
say "checking dist/csdesk"
"$VENV/bin/python" packaging/check_build.py "$ROOT/dist/csdesk/csdesk"

#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian/Ubuntu machine or a laptop, then run them.
# Debian packages are installed only where apt-get exists and a package is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PKGS="libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfontconfig1 fonts-dejavu-core libdbus-1-3"
if command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1; then
  missing=$(for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
  if [ -n "$missing" ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq $missing
  fi
fi
# torch first and pinned: the CPU build; an unpinned torch pulls a multi-GB CUDA build.
python3 -m pip install -q torch==2.13.0
python3 -m pip install -q -e ".[test]"
exec python3 -m pytest "$@"

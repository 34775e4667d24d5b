#!/usr/bin/env bash
# Installs axe-core (npm, pinned in testkit/axe/package-lock.json) for the accessibility tests, which
# run it in Chromium on every page; installs Node.js from apt first when the machine has none.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v npm >/dev/null 2>&1; then
  echo "install_axe: installing Debian's nodejs and npm"
  bash apt_install.sh nodejs npm
fi
cd ../testkit/axe
if [ ! -f node_modules/axe-core/axe.min.js ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

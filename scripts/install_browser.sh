#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when no Chromium is on the machine.
# Playwright drives it through its executablePath: no browser is downloaded.
# Elsewhere than Debian, install Chromium and set MAILLAGE_CHROMIUM to its path.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -n "${MAILLAGE_CHROMIUM:-}" ]; then
  exit 0
fi
echo "install_browser: installing Debian's chromium for the browser tests"
bash "$(dirname "$0")/apt_install.sh" chromium fonts-dejavu-core
chromium --version

#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when no Chromium is on the machine.
# Playwright drives it through its executablePath: no browser is downloaded.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -n "${MAILLAGE_CHROMIUM:-}" ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install_browser: no apt-get here; install Chromium and set MAILLAGE_CHROMIUM to its path" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "install_browser: installing Debian's chromium for the browser tests"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
chromium --version

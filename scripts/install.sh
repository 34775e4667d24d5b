#!/usr/bin/env bash
# Creates .venv (Python 3.11+) and installs Maillage into it; EXTRAS=test adds the test tools.
# A second run with the same pyproject.toml installs nothing: the code is installed editable, so
# only a change of dependencies needs pip again.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-python3}"
"$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Maillage needs Python 3.11 or newer")'
[ -x .venv/bin/python ] || "$python" -m venv .venv
stamp=".venv/.maillage-installed-${EXTRAS:-base}"
wanted="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] && .venv/bin/python -c 'import graph_service' 2>/dev/null; then
  echo "Maillage is installed and pyproject.toml has not changed: nothing to install."
  exit 0
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if [ -n "${EXTRAS:-}" ]; then
  .venv/bin/python -m pip install --quiet -e ".[${EXTRAS}]"
else
  .venv/bin/python -m pip install --quiet -e .
fi
echo "$wanted" > "$stamp"

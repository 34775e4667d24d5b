#!/usr/bin/env bash
# The main job on the embedded default: install, load the French territories and the demo data set
# when the database is empty, then serve the API on http://127.0.0.1:8000 (docs at /docs).
# The database goes to MAILLAGE_DB_PATH (default: the per-user data folder).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec .venv/bin/maillage serve --demo-if-empty "$@"

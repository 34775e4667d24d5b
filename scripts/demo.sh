#!/usr/bin/env bash
# The main job on the embedded default: install, load the French territories and the demo data set,
# then print a summary. The database goes to MAILLAGE_DB_PATH (default: the per-user data folder).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/maillage demo
.venv/bin/maillage stats

#!/usr/bin/env bash
# Rebuilds importers/territory_reference/data from the npm package @etalab/decoupage-administratif
# (code MIT, data INSEE COG under Licence Ouverte). Usage: scripts/build_territory_reference.sh [VERSION]
set -euo pipefail
version="${1:-6.0.0}"
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund "@etalab/decoupage-administratif@${version}")
cd "$here"
python -m importers.territory_reference.build --source "$work/node_modules/@etalab/decoupage-administratif/data"

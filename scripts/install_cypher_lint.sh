#!/usr/bin/env bash
# Installs Neo4j's Cypher front-end (npm @neo4j-cypher/language-support, pinned in package-lock.json)
# for scripts/lint_cypher.py; installs Node.js from apt first when the machine has none.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v npm >/dev/null 2>&1; then
  echo "install_cypher_lint: installing Debian's nodejs and npm"
  bash apt_install.sh nodejs npm
fi
cd cypher-lint
if [ ! -d node_modules/@neo4j-cypher/language-support ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

#!/usr/bin/env bash
# Installs Neo4j's Cypher front-end (npm @neo4j-cypher/language-support, pinned in package-lock.json)
# for scripts/lint_cypher.py; installs Node.js from apt first when the machine has none.
set -euo pipefail
cd "$(dirname "$0")/cypher-lint"
if ! command -v npm >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_cypher_lint: no npm and no apt-get here; install Node.js 20+" >&2
    exit 1
  fi
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
if [ ! -d node_modules/@neo4j-cypher/language-support ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

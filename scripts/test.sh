#!/usr/bin/env bash
# Installs Maillage with its test extras, Chromium, the Cypher linter and axe-core, then runs the whole test suite
# (extra arguments go to pytest).
set -uo pipefail
cd "$(dirname "$0")/.."
EXTRAS=test bash scripts/install.sh || exit 1
# The browser tests need Chromium; without it (and outside CI) they are skipped with the reason.
bash scripts/install_browser.sh || [ -z "${CI:-}" ] || exit 1
# The Cypher lint tests need Neo4j's front-end from npm; the same rule applies.
bash scripts/install_cypher_lint.sh || [ -z "${CI:-}" ] || exit 1
# The accessibility tests run axe-core from npm in Chromium; the same rule applies.
bash scripts/install_axe.sh || [ -z "${CI:-}" ] || exit 1
.venv/bin/python -m pytest "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing" >&2
  exit 1
fi
exit "$status"

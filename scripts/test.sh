#!/usr/bin/env bash
# Installs Maillage with its test extras, Chromium, the Cypher linter and axe-core, then runs the whole
# test suite twice: on the embedded store, then on a live Neo4j 5.26 (scripts/neo4j.sh, started here
# and stopped at the end unless it was already running). Extra arguments go to both pytest runs.
set -uo pipefail
cd "$(dirname "$0")/.."
EXTRAS=test bash scripts/install.sh || exit 1
# The browser tests need Chromium; without it (and outside CI) they are skipped with the reason.
bash scripts/install_browser.sh || [ -z "${CI:-}" ] || exit 1
# The Cypher lint tests need Neo4j's front-end from npm; the same rule applies.
bash scripts/install_cypher_lint.sh || [ -z "${CI:-}" ] || exit 1
# The accessibility tests run axe-core from npm in Chromium; the same rule applies.
bash scripts/install_axe.sh || [ -z "${CI:-}" ] || exit 1

run_pytest() {  # label, then pytest's arguments
  local label="$1" started status
  shift
  started=$(date +%s)
  .venv/bin/python -m pytest "$@"
  status=$?
  echo "== $label run: pytest exit $status in $(( $(date +%s) - started )) s" >&2
  if [ "$status" -eq 5 ]; then
    echo "pytest collected no tests on $label: failing" >&2
    return 1
  fi
  return "$status"
}

# The embedded run: the settings of the environment must not send it to a Neo4j.
(unset MAILLAGE_BACKEND && MAILLAGE_TEST_BACKEND=embedded run_pytest embedded "$@")
embedded=$?

# The Neo4j run needs Java 17 and Maven (to build the server once); CI has both and must run it.
if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then
  echo "Neo4j run skipped: Java 17 and Maven are needed to run Neo4j here (apt-get install openjdk-17-jdk-headless maven)" >&2
  [ -z "${CI:-}" ] || exit 1
  exit "$embedded"
fi
started_here=""
if ! bash scripts/neo4j.sh status >/dev/null; then
  bash scripts/neo4j.sh start >/dev/null || exit 1
  started_here=1
fi
stop_neo4j() { [ -z "$started_here" ] || bash scripts/neo4j.sh stop; }
trap stop_neo4j EXIT
eval "$(bash scripts/neo4j.sh env)"
MAILLAGE_TEST_BACKEND=neo4j run_pytest neo4j "$@"
neo4j=$?
[ "$embedded" -eq 0 ] && [ "$neo4j" -eq 0 ]

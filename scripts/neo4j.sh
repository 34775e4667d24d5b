#!/usr/bin/env bash
# A real Neo4j 5.26 LTS Community server for development and CI, without Docker: built once by Maven
# from Maven Central (scripts/neo4j/pom.xml) and run by a launcher of ours on Bolt at 127.0.0.1.
#
#   bash scripts/neo4j.sh start    build (first time), start, wait until RETURN 1 answers, print the exports
#   bash scripts/neo4j.sh stop     stop the server this script started (its own pid file)
#   bash scripts/neo4j.sh status   say whether it runs (exit 0) or not (exit 3)
#   bash scripts/neo4j.sh env      print the export lines again
#
# Settings: MAILLAGE_NEO4J_HOME (build/neo4j), MAILLAGE_NEO4J_PORT (7687), MAILLAGE_NEO4J_PASSWORD (made
# once and kept in HOME/password), MAILLAGE_NEO4J_HEAP (2g), MAILLAGE_NEO4J_PAGECACHE (1g),
# MAILLAGE_NEO4J_TX_MEMORY (1g: the most one transaction may hold; batches keep every write below it).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
project="$root/scripts/neo4j"
home="${MAILLAGE_NEO4J_HOME:-$root/build/neo4j}"
port="${MAILLAGE_NEO4J_PORT:-7687}"
heap="${MAILLAGE_NEO4J_HEAP:-2g}"
pagecache="${MAILLAGE_NEO4J_PAGECACHE:-1g}"
tx_memory="${MAILLAGE_NEO4J_TX_MEMORY:-1g}"
pidfile="$home/run/neo4j.pid"
ready="$home/run/ready"
console="$home/logs/console.log"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

password() {
  if [ -n "${MAILLAGE_NEO4J_PASSWORD:-}" ]; then
    printf '%s' "$MAILLAGE_NEO4J_PASSWORD"
    return
  fi
  if [ ! -s "$home/password" ]; then
    mkdir -p "$home"
    (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$home/password")
  fi
  cat "$home/password"
}

running_pid() {
  [ -f "$pidfile" ] || return 1
  local pid
  pid="$(cat "$pidfile")"
  # The pid file is ours only while that process is still our launcher (pids are reused).
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q 'org.maillage.neo4j.Launcher'; then
    echo "$pid"
    return 0
  fi
  return 1
}

# Each build of the pom and launcher has a folder of its own (target/build-<hash>), so that a rebuild
# never pulls jars from under a server that still runs on the previous one.
build_dir() {
  echo "$project/target/build-$(cat "$project/pom.xml" "$project"/src/main/java/org/maillage/neo4j/*.java | sha256sum | cut -c1-12)"
}

build() {
  local dir
  dir="$(build_dir)"
  [ -f "$dir/.built" ] && return
  echo "Neo4j: building the server from Maven Central (first time only)…" >&2
  command -v mvn >/dev/null || { echo "Neo4j: Maven (mvn) is needed to build the server" >&2; exit 1; }
  rm -rf "$dir"
  mvn -q -B -Dstyle.color=never -f "$project/pom.xml" package -DskipTests -Dmaillage.build="$dir" >&2
  touch "$dir/.built"
}

write_conf() {
  mkdir -p "$home/conf" "$home/plugins" "$home/run" "$home/logs"
    rm -f "$home"/plugins/*.jar
  # Procedures are registered from the plugins folder: APOC core, and GDS's procedure modules.
  cp "$1"/lib/apoc-*.jar "$1"/lib/proc*.jar "$1"/lib/opengds-*.jar "$home/plugins/"
  cat > "$home/conf/neo4j.conf" <<CONF
# Written by scripts/neo4j.sh on each start: change the script, not this file.
server.bolt.enabled=true
server.bolt.listen_address=127.0.0.1:$port
server.bolt.advertised_address=127.0.0.1:$port
server.bolt.tls_level=DISABLED
dbms.security.auth_enabled=true
server.directories.plugins=$home/plugins
dbms.security.procedures.unrestricted=apoc.*,gds.*
server.memory.pagecache.size=$pagecache
db.memory.transaction.max=$tx_memory
db.tx_log.preallocate=false
db.tx_log.rotation.size=32M
db.tx_log.rotation.retention_policy=2 files
db.checkpoint.interval.time=5m
CONF
}

print_env() {
  echo "export MAILLAGE_BACKEND=neo4j MAILLAGE_NEO4J_URI=bolt://127.0.0.1:$port MAILLAGE_NEO4J_USER=neo4j MAILLAGE_NEO4J_PASSWORD=$(password)"
}

port_busy() {
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

start() {
  if pid="$(running_pid)"; then
    echo "Neo4j: already running (pid $pid) on bolt://127.0.0.1:$port" >&2
    print_env
    return 0
  fi
  if port_busy; then
    echo "Neo4j: port $port is already taken by another process; set MAILLAGE_NEO4J_PORT" >&2
    exit 1
  fi
  build
  local dir
  dir="$(build_dir)"
  write_conf "$dir"
  rm -f "$ready"
  local secret
  secret="$(password)"
  MAILLAGE_NEO4J_PASSWORD="$secret" nohup "$java" \
    -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8 \
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
    --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
    --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
    -Dio.netty.tryReflectionSetAccessible=true \
    -cp "$dir/classes:$dir/lib/*" org.maillage.neo4j.Launcher \
    "$home" "$home/conf/neo4j.conf" "$ready" > "$console" 2>&1 < /dev/null &
  echo $! > "$pidfile"
  echo "Neo4j: starting (pid $!, log $console)…" >&2
  for _ in $(seq 1 240); do
    if [ -f "$ready" ]; then
      echo "Neo4j: ready on bolt://127.0.0.1:$port (home $home)" >&2
      print_env
      return 0
    fi
    if ! running_pid >/dev/null; then
      echo "Neo4j: the server stopped while starting; the end of its log:" >&2
      tail -n 30 "$console" >&2
      rm -f "$pidfile"
      exit 1
    fi
    sleep 0.5
  done
  echo "Neo4j: not ready after 120 s; see $console" >&2
  stop
  exit 1
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    echo "Neo4j: not running" >&2
    rm -f "$pidfile" "$ready"
    return 0
  fi
  kill -TERM "$pid"
  for _ in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "Neo4j: still running after 60 s, killing pid $pid" >&2
    kill -KILL "$pid"
  fi
  rm -f "$pidfile" "$ready"
  echo "Neo4j: stopped" >&2
}

status() {
  if pid="$(running_pid)"; then
    echo "Neo4j: running (pid $pid) on bolt://127.0.0.1:$port, home $home"
    return 0
  fi
  echo "Neo4j: not running"
  return 3
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) print_env ;;
  *) echo "usage: bash scripts/neo4j.sh start|stop|status|env" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Makes this machine ready for `npm test`: Postgres and Redis answering on 127.0.0.1,
# the pgvector extension installed into the local Postgres, and Debian's Chromium for
# Playwright. Idempotent: every step checks first and does nothing when already done,
# so a repeated run takes well under a second.
#
# Why build pgvector: Debian bookworm ships no pgvector package, so we compile the next
# release's (trixie) Debian source package against the local server (see shared STACK.md).
set -euo pipefail

PG_HOST=127.0.0.1
PG_PORT=5432
REDIS_PORT=6379
APT_UPDATED=0
TRIXIE_SRC_LIST=/etc/apt/sources.list.d/agentloom-trixie-src.sources
PGVECTOR_WORKDIR=""

log() { echo "[services] $*"; }

# Runs a command as root: CI and developer machines are root, sudo covers the rest.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Runs a noisy command with its output kept aside, shown only when it fails.
quietly() {
  local out rc=0
  out=$(mktemp)
  "$@" >"$out" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then
    log "ERROR: '$*' failed (exit $rc), last lines:"
    tail -n 40 "$out" >&2
  fi
  rm -f "$out"
  return "$rc"
}

# apt-get update is slow, so it runs at most once, and only when something is installed.
apt_install() {
  if [ "$APT_UPDATED" -eq 0 ]; then
    log "apt-get update"
    quietly as_root apt-get update
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  quietly as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

# Waits up to 30 s for a check command to succeed.
wait_for() {
  local what=$1
  shift
  for _ in $(seq 1 60); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  log "ERROR: $what did not come up within 30 s"
  return 1
}

postgres_answers() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; }
redis_answers() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; }

# The installed Postgres major version, e.g. "15" (the machine has exactly one cluster).
postgres_version() { ls /etc/postgresql | sort -V | tail -n 1; }

ensure_postgres() {
  if postgres_answers; then log "postgres: running"; return; fi
  log "postgres: starting"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(postgres_version)" main start
  wait_for postgres postgres_answers
  log "postgres: running"
}

ensure_redis() {
  if redis_answers; then log "redis: running"; return; fi
  log "redis: starting"
  # --save "" / --appendonly no: test data is throwaway, nothing is written to disk.
  # -::1 (optional bind) keeps redis://localhost working where localhost resolves to ::1.
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no >/dev/null
  wait_for redis redis_answers
  log "redis: running"
}

vector_control_path() { echo "$(pg_config --sharedir)/extension/vector.control"; }

pgvector_installed() { command -v pg_config >/dev/null && [ -f "$(vector_control_path)" ]; }

# The main Debian mirror URI configured on this machine (deb822 .sources first, then a
# legacy sources.list), skipping the security archive. Never hard-coded: machines may
# point at a local mirror or a snapshot.
debian_mirror_uri() {
  local uri
  uri=$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null |
    awk '{print $2}' | grep -v -- '-security' | head -n 1 || true)
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list)
  fi
  if [ -z "$uri" ]; then
    log "ERROR: no Debian mirror found in /etc/apt/sources.list.d/*.sources"
    return 1
  fi
  echo "$uri"
}

# The trixie source list is only needed for the build: remove it and the temp dir on any
# exit, so later `apt-get update` runs stay fast and the machine's apt config is unchanged.
cleanup_pgvector_build() {
  if [ -f "$TRIXIE_SRC_LIST" ]; then as_root rm -f "$TRIXIE_SRC_LIST"; fi
  if [ -n "$PGVECTOR_WORKDIR" ]; then rm -rf "$PGVECTOR_WORKDIR"; fi
}

add_trixie_sources() {
  local mirror
  mirror=$(debian_mirror_uri)
  log "pgvector: adding deb-src trixie from $mirror"
  as_root tee "$TRIXIE_SRC_LIST" >/dev/null <<EOF
Types: deb-src
URIs: $mirror
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  quietly as_root apt-get update
}

# Builds pgvector from Debian trixie's source package in a temp dir and installs it.
build_pgvector() {
  local started=$SECONDS
  apt_install "postgresql-server-dev-$(postgres_version)" build-essential
  trap cleanup_pgvector_build EXIT
  add_trixie_sources
  PGVECTOR_WORKDIR=$(mktemp -d /tmp/pgvector-build.XXXXXX)
  (
    cd "$PGVECTOR_WORKDIR"
    log "pgvector: apt-get source pgvector"
    quietly apt-get source pgvector
    cd "$(find . -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)"
    log "pgvector: building $(basename "$PWD")"
    quietly make PG_CONFIG=/usr/bin/pg_config
    quietly as_root make install PG_CONFIG=/usr/bin/pg_config
  )
  cleanup_pgvector_build
  trap - EXIT
  log "pgvector: built and installed in $((SECONDS - started)) s"
}

ensure_pgvector() {
  if pgvector_installed; then log "pgvector: installed"; return; fi
  build_pgvector
  if ! pgvector_installed; then
    log "ERROR: pgvector build finished but $(vector_control_path) is missing"
    return 1
  fi
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then log "chromium: installed"; return; fi
  local started=$SECONDS
  apt_install chromium
  log "chromium: installed in $((SECONDS - started)) s ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))"
}

main() {
  ensure_postgres
  ensure_redis
  ensure_pgvector
  ensure_chromium
}

main "$@"

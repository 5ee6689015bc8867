#!/usr/bin/env bash
# Makes PostgreSQL ($PGHOST:$PGPORT) and Redis ($REDIS_HOST:$REDIS_PORT) reachable. Fast when they
# already are; otherwise starts the machine's cluster, installs the packages with apt-get, or runs
# project-local instances under .jinku/. Nothing is stopped on exit: later commands reuse them.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

tcp_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }
is_local() { [[ "$1" =~ ^(127\.0\.0\.1|localhost|::1)$ ]]; }

pg_ready() {
  # pg_isready also says whether the server accepts connections yet (it may be starting up);
  # the Debian wrapper exists without a client installed, hence the --version check.
  if pg_isready --version >/dev/null 2>&1; then
    pg_isready -q -t 2 -h "$PGHOST" -p "$PGPORT"
  else
    tcp_open "$PGHOST" "$PGPORT"
  fi
}

redis_ready() {
  if command -v redis-cli >/dev/null; then
    # NOAUTH: a password-protected server is up; the apps pass the password from REDIS_URL.
    [[ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" =~ ^(PONG|NOAUTH) ]]
  else
    tcp_open "$REDIS_HOST" "$REDIS_PORT"
  fi
}

wait_for() { # name seconds check
  local deadline=$((SECONDS + $2))
  until "$3"; do
    ((SECONDS < deadline)) || die "$1 is still not reachable after $2 s"
    sleep 1
  done
}

apt_install() {
  [[ $(id -u) == 0 ]] || die "$* is not installed; install it (apt-get install $*) or run as root"
  log "installing $* with apt-get"
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"; } >&2 \
    || die "apt-get install $* failed"
}

# The Debian cluster (pg_lsclusters: version name port ...) listening on $PGPORT, if any.
system_cluster() {
  [[ -n "$(ls /etc/postgresql 2>/dev/null)" ]] && command -v pg_ctlcluster >/dev/null || return 0
  pg_lsclusters -h 2>/dev/null | awk -v port="$PGPORT" '$3 == port { print $1, $2; exit }'
}

start_local_postgres() {
  local bin dir="$JINKU_ROOT/.jinku/pg" as_pg=()
  bin="$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")"
  mkdir -p "$dir"
  if [[ $(id -u) == 0 ]]; then
    # initdb refuses to run as root: the instance belongs to the postgres OS user.
    id postgres >/dev/null 2>&1 || useradd -r -s /usr/sbin/nologin postgres
    chown -R postgres: "$dir"
    as_pg=(runuser -u postgres --)
    "${as_pg[@]}" test -w "$dir" || die "user postgres cannot write $dir (is $JINKU_ROOT private?)"
  fi
  if [[ ! -f "$dir/data/PG_VERSION" ]]; then
    log "creating a project-local PostgreSQL in $dir/data"
    "${as_pg[@]}" "$bin/initdb" -D "$dir/data" --auth=trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  log "starting the project-local PostgreSQL on port $PGPORT"
  "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -s -w -t 30 \
    -o "-p $PGPORT -k $dir -c listen_addresses=127.0.0.1" start >&2 \
    || die "PostgreSQL did not start; see $dir/log"
}

ensure_postgres() {
  pg_ready && return 0
  if ! is_local "$PGHOST"; then # a remote server is not ours to start: just give it time
    log "waiting for PostgreSQL at $PGHOST:$PGPORT"
    wait_for "PostgreSQL at $PGHOST:$PGPORT" 30 pg_ready
    return 0
  fi
  log "PostgreSQL is not reachable at $PGHOST:$PGPORT; starting it"
  # On Debian the package also creates (and usually starts) the cluster 'main' on 5432.
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql
  pg_ready && return 0
  local version name
  read -r version name < <(system_cluster) || true
  if [[ -n "${name:-}" ]]; then
    log "starting the system cluster $version/$name"
    # --skip-systemctl-redirect: containers and CI have no systemd.
    pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start >&2 || log "pg_ctlcluster failed"
  else
    start_local_postgres
  fi
  wait_for "PostgreSQL at $PGHOST:$PGPORT" 30 pg_ready
  log "PostgreSQL is up at $PGHOST:$PGPORT"
}

ensure_redis() {
  redis_ready && return 0
  if ! is_local "$REDIS_HOST"; then
    log "waiting for Redis at $REDIS_HOST:$REDIS_PORT"
    wait_for "Redis at $REDIS_HOST:$REDIS_PORT" 15 redis_ready
    return 0
  fi
  log "Redis is not reachable at $REDIS_HOST:$REDIS_PORT; starting it"
  command -v redis-server >/dev/null || apt_install redis-server
  redis_ready && return 0 # the package may have started its own service
  local dir="$JINKU_ROOT/.jinku/redis"
  mkdir -p "$dir"
  # The job schedules and the queued postings live only in Redis: keep them across restarts with the
  # append-only file (fsync every second), replayed from $dir on the next start.
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly yes \
    --dir "$dir" --logfile "$dir/redis.log" >&2 || die "redis-server failed; see $dir/redis.log"
  wait_for "Redis at $REDIS_HOST:$REDIS_PORT" 15 redis_ready
  log "Redis is up at $REDIS_HOST:$REDIS_PORT"
}

ensure_postgres
ensure_redis

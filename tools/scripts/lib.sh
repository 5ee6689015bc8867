# Shared helpers for the Jinku scripts. Source it: `. "$(dirname "$0")/lib.sh"`.
# It defines log/die, finds the repository root, cds there and exports the settings every script and
# app reads, keeping any value already present in the environment.

log() { printf '[jinku] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

JINKU_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export JINKU_ROOT
cd "$JINKU_ROOT"

# If only a URL is given, check and start the service it names (explicit PG*/REDIS_* still win).
url_re='^[a-z+]+://([^@/]*@)?([^:/?]+)(:([0-9]+))?'
if [[ -n "${DATABASE_URL:-}" && "$DATABASE_URL" =~ $url_re ]]; then
  : "${PGHOST:=${BASH_REMATCH[2]}}" "${PGPORT:=${BASH_REMATCH[4]:-5432}}"
fi
if [[ -n "${REDIS_URL:-}" && "$REDIS_URL" =~ $url_re ]]; then
  : "${REDIS_HOST:=${BASH_REMATCH[2]}}" "${REDIS_PORT:=${BASH_REMATCH[4]:-6379}}"
fi
unset url_re

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export REDIS_HOST="${REDIS_HOST:-127.0.0.1}" REDIS_PORT="${REDIS_PORT:-6379}"
export DATABASE_URL="${DATABASE_URL:-postgres://$PGUSER@$PGHOST:$PGPORT/jinku}"
export REDIS_URL="${REDIS_URL:-redis://$REDIS_HOST:$REDIS_PORT}"

# CI has no terminal: no Nx daemon, no Nx Cloud prompts. CI itself is passed through untouched.
export NX_DAEMON="${NX_DAEMON:-false}" NX_NO_CLOUD="${NX_NO_CLOUD:-true}"

#!/usr/bin/env bash
# `npm start`: set up, build, migrate, load the demo books into an empty database, then run the gRPC
# server and the worker until we are told to stop. Like a process supervisor, it restarts either one
# when it exits on its own, at most JINKU_RESTART_LIMIT times in JINKU_RESTART_WINDOW seconds.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bash tools/scripts/ensure-deps.sh
bash tools/scripts/ensure-services.sh
log "building server, worker and cli"
npx nx run-many -t build -p server worker cli --outputStyle=static
# The cli creates the database if missing; seed-demo only loads into an empty database.
# Seals' private keys are encrypted at rest under JINKU_SEAL_KEY; a local run gets one of its own, made
# once and kept (mode 600) under .jinku/, unless the environment brings one.
if [[ -z ${JINKU_SEAL_KEY:-} ]]; then
  mkdir -p .jinku
  [[ -s .jinku/seal.key ]] || (umask 077 && node -e "process.stdout.write(require('crypto').randomBytes(32).toString('base64'))" >.jinku/seal.key)
  JINKU_SEAL_KEY=$(<.jinku/seal.key)
  export JINKU_SEAL_KEY
fi
node dist/apps/cli/main.cjs migrate
node dist/apps/cli/main.cjs seed-demo

restart_limit="${JINKU_RESTART_LIMIT:-5}"
restart_window="${JINKU_RESTART_WINDOW:-60}"
# The apps exit with 78 (EX_CONFIG) when restarting cannot help, e.g. the database's migrations are behind.
EXIT_CONFIG=78

declare -A pid=() restarts=() # app -> its pid; app -> the SECONDS of its recent restarts

# setsid: the children get their own process group, so a Ctrl-C reaches them once, through us.
launch() {
  setsid node "dist/apps/$1/main.cjs" &
  pid[$1]=$!
}

# npm forwards Ctrl-C to us too, so one keypress may arrive twice: only a signal that comes later
# than 2 s after the first kills the children outright.
stopping=
stop() {
  if [[ -n $stopping ]]; then
    ((SECONDS - stopping < 2)) || kill -KILL "${pid[@]}" 2>/dev/null || true
    return
  fi
  stopping=$SECONDS
  log "SIG$1: stopping server and worker"
  kill -"$1" "${pid[@]}" 2>/dev/null || true
}
trap 'stop INT' INT
trap 'stop TERM' TERM

# Whether $1 may restart now: fewer than restart_limit restarts within the last restart_window seconds.
may_restart() {
  local recent=() at
  for at in ${restarts[$1]:-}; do ((SECONDS - at < restart_window)) && recent+=("$at"); done
  restarts[$1]="${recent[*]} $SECONDS"
  ((${#recent[@]} < restart_limit))
}

launch server
launch worker
log "server (pid ${pid[server]}) and worker (pid ${pid[worker]}) running; Ctrl-C stops both"

# A trapped signal interrupts `wait` without setting `exited`: then just wait again.
set +e
status=0
while ((${#pid[@]})); do
  exited=
  wait -n -p exited "${pid[@]}"
  code=$?
  [[ -n ${exited:-} ]] || continue
  for app in "${!pid[@]}"; do [[ ${pid[$app]} == "$exited" ]] && break; done
  unset "pid[$app]"
  [[ -z $stopping ]] || continue
  if ((code == EXIT_CONFIG)); then
    log "$app exited with status $code (configuration; see its log): not restarting; stopping"
  elif ! may_restart "$app"; then
    log "$app exited with status $code after $restart_limit restarts within ${restart_window}s: giving up; stopping"
  else
    log "$app exited with status $code; restarting it"
    sleep 1 # a crash at start-up does not spin
    [[ -n $stopping ]] || launch "$app"
    continue
  fi
  status=$code
  stopping=$SECONDS
  kill -TERM "${pid[@]}" 2>/dev/null
done
exit "$status"

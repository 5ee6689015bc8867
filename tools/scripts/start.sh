#!/usr/bin/env bash
# `npm start`: set up, build, migrate, load the demo books into an empty database, then run the gRPC
# server and the worker until either exits or we are told to stop.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bash tools/scripts/ensure-deps.sh
bash tools/scripts/ensure-services.sh
log "building server, worker and cli"
npx nx run-many -t build -p server worker cli --outputStyle=static
# The cli creates the database if missing; seed-demo only loads into an empty database.
node dist/apps/cli/main.cjs migrate
node dist/apps/cli/main.cjs seed-demo

# npm forwards Ctrl-C to us too, so one keypress may arrive twice: only a signal that comes later
# than 2 s after the first kills the children outright.
stopping=
stop() {
  if [[ -n $stopping ]]; then
    ((SECONDS - stopping < 2)) || kill -KILL $server $worker 2>/dev/null || true
    return
  fi
  stopping=$SECONDS
  log "SIG$1: stopping server and worker"
  kill -"$1" $server $worker 2>/dev/null || true # unquoted: not yet started ones are empty
}
trap 'stop INT' INT
trap 'stop TERM' TERM

# setsid: the children get their own process group, so a Ctrl-C reaches them once, through us.
server= worker=
setsid node dist/apps/server/main.cjs & server=$!
setsid node dist/apps/worker/main.cjs & worker=$!
[[ -z $stopping ]] || kill -TERM "$server" "$worker" 2>/dev/null || true # signalled while starting
log "server (pid $server) and worker (pid $worker) running; Ctrl-C stops both"

# A trapped signal interrupts `wait` without setting `exited`: keep waiting for the first child.
set +e
exited=
until [[ -n ${exited:-} ]]; do
  wait -n -p exited "$server" "$worker"; status=$?
  ((status != 127)) || exit 127 # no children left (should not happen)
done
other=$([[ $exited == "$server" ]] && echo "$worker" || echo "$server")
if [[ -z $stopping ]]; then
  log "$([[ $exited == "$server" ]] && echo server || echo worker) exited with status $status; stopping the other"
  stopping=$SECONDS
  kill -TERM "$other" 2>/dev/null
fi
while kill -0 "$other" 2>/dev/null; do wait "$other"; done
exit "$status"

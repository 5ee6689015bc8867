#!/usr/bin/env bash
# `npm test`: the same set-up as `npm start`, then lint, type-check and every test.
# Extra arguments go to Nx, e.g. `npm test -- --skip-nx-cache`.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bash tools/scripts/ensure-deps.sh
bash tools/scripts/ensure-services.sh
log "running lint, typecheck and test"
exec npx nx run-many -t lint typecheck test --outputStyle=static "$@"

#!/usr/bin/env bash
# Installs node_modules from package-lock.json when missing or stale; does nothing otherwise.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# npm writes node_modules/.package-lock.json on every install, so a lock file newer than it (or a
# missing one) means the tree does not match the lock file.
if [[ -d node_modules && ! package-lock.json -nt node_modules/.package-lock.json ]]; then
  exit 0
fi
log "installing dependencies (npm ci)"
# npm 11 may warn that install scripts were skipped: esbuild and buf get their binaries through
# optionalDependencies, so nothing is missing. npm's output goes to stderr to keep stdout clean.
npm ci >&2 && exit 0
# A registry mirror without every platform's optional package (e.g. @bufbuild/buf-darwin-arm64) makes
# npm ci call the lock file out of sync; npm install --no-save installs the same versions from it
# without rewriting package.json or package-lock.json.
log "npm ci failed; retrying with npm install --no-save"
npm install --no-save >&2 || die "npm install failed"

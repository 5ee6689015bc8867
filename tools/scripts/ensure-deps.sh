#!/usr/bin/env bash
# Installs node_modules from package-lock.json when missing or stale, and applies patches/ (patch-package,
# the postinstall script) when they are newer than the install; does nothing otherwise.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# npm writes node_modules/.package-lock.json on every install, so a lock file newer than it (or a
# missing one) means the tree does not match the lock file.
if [[ -d node_modules && ! package-lock.json -nt node_modules/.package-lock.json ]]; then
  # patches/ changed since they were last applied (or never were, in this node_modules): apply them
  # without reinstalling. patch-package skips a patch that is already in place.
  stamp=node_modules/.jinku-patches-applied
  if [[ ! -e $stamp || -n "$(find patches -newer "$stamp" -print -quit)" ]]; then
    log "applying patches/ (patch-package)"
    npx patch-package --error-on-fail >&2 || die "patch-package failed"
    touch "$stamp"
  fi
  exit 0
fi
log "installing dependencies (npm ci)"
# npm 11 may warn that install scripts were skipped: esbuild and buf get their binaries through
# optionalDependencies, so nothing is missing. Our own postinstall (patch-package) still runs.
# npm's output goes to stderr to keep stdout clean.
npm ci >&2 && exit 0
# A registry mirror without every platform's optional package (e.g. @bufbuild/buf-darwin-arm64) makes
# npm ci call the lock file out of sync; npm install --no-save installs the same versions from it
# without rewriting package.json or package-lock.json, and runs the postinstall too.
log "npm ci failed; retrying with npm install --no-save"
npm install --no-save >&2 || die "npm install failed"

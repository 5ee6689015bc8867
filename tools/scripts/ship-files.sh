#!/usr/bin/env bash
# ship-files.sh <bundle folder> <path>...: copies files an app reads at run time (migrations, protos) next
# to its bundle, in their source layout, so dist/ runs without the checkout (see shippedPath in @jinku/db).
# Globs are expanded here, relative to the repository root; a folder is replaced, never merged into.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

out="$1"
shift
shopt -s nullglob
for pattern in "$@"; do
  matches=($pattern)
  ((${#matches[@]})) || die "ship-files: nothing matches $pattern"
  for path in "${matches[@]}"; do
    rm -rf "${out:?}/$path"
    mkdir -p "$out/$(dirname "$path")"
    cp -R "$path" "$out/$path"
  done
done

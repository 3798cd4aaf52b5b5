#!/usr/bin/env bash
# The README's second command: install what is missing, build, and run every test: the Rust
# workspace (core, store, API use cases, CLI), the UI's type check and unit tests, and the
# end-to-end test of the real app under Xvfb through WebDriver. Prints the time of each stage.
set -euo pipefail
# shellcheck source=deps.sh
source "$(dirname "${BASH_SOURCE[0]}")/deps.sh"
cd "$ROOT"

timings=()
stage() {
  local name=$1; shift
  say "$name"
  local start=$SECONDS
  "$@"
  timings+=("$(printf '%-28s %4ss' "$name" $((SECONDS - start)))")
}

ui_checks() {
  npm_install ui
  (cd ui && npm run --silent check && npm test --silent && npm run --silent build)
}

stage "dependencies" deps_main --test
stage "ui: check, unit tests, build" ui_checks
# One feature set for build and tests, so tauri is compiled once.
stage "cargo build (app + cli)" cargo build --quiet --workspace --features duly-app/custom-protocol
stage "cargo test (workspace)" cargo test --quiet --workspace --features duly-app/custom-protocol
# A bounded mutation-fuzz run of the importers (stable Rust; cargo-fuzz needs nightly). A new seed
# each run explores new inputs; it is printed so a failure can be replayed.
fuzz_importers() {
  local seed=${DULY_FUZZ_SEED:-$(date +%s)}
  echo "fuzz seed $seed (replay: DULY_FUZZ_SEED=$seed)"
  DULY_FUZZ_SECS=${DULY_FUZZ_SECS:-30} DULY_FUZZ_SEED=$seed \
    cargo test --quiet --workspace --features duly-app/custom-protocol --test fuzz_stable -- --ignored
}
stage "fuzz: importers (30 s)" fuzz_importers
stage "end-to-end (real app)" tests/e2e/run.sh

say "All tests passed"
printf '  %s\n' "${timings[@]}"

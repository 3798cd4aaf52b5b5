#!/usr/bin/env bash
# The README's second command: install what is missing, build, and run every test: the Rust
# workspace (core, store, API use cases, CLI), the UI's type check and unit tests, and the
# end-to-end test of the real app under Xvfb through WebDriver. Prints the time of each stage.
#
# On CI (CI=true) it also tests the Linux installer (scripts/package-test.sh: release build of the
# .deb, dpkg -i, start the installed app); that costs a release build (~19 min cold on 2 cores), so
# locally it is opt-in with DULY_PACKAGE_TEST=1 (and DULY_PACKAGE_TEST=0 skips it on CI).
set -euo pipefail
# shellcheck source=deps.sh
source "$(dirname "${BASH_SOURCE[0]}")/deps.sh"
# shellcheck source=cross-check.sh
source "$(dirname "${BASH_SOURCE[0]}")/cross-check.sh"
cd "$ROOT"

timings=()
skipped=()
stage() {
  local name=$1; shift
  say "$name"
  local start=$SECONDS
  "$@"
  timings+=("$(printf '%-28s %4ss' "$name" $((SECONDS - start)))")
}

ui_checks() {
  npm_install ui
  (cd ui && npm run --silent lint && npm run --silent check && npm test --silent && npm run --silent build)
}

stage "dependencies" deps_main --test
# Style is checked, not argued: rustfmt.toml and the pinned toolchain (rust-toolchain.toml).
stage "cargo fmt --check" cargo fmt --all --check
stage "ui: lint, check, unit tests, build" ui_checks
# One feature set for build and tests, so tauri is compiled once.
stage "cargo build (app + cli)" cargo build --quiet --workspace --features duly-app/custom-protocol
stage "cargo test (workspace)" cargo test --quiet --workspace --features duly-app/custom-protocol
# The workspace's lints (Cargo.toml [workspace.lints], e.g. no float arithmetic) are only real
# when a warning fails the build.
stage "cargo clippy -D warnings" cargo clippy --quiet --workspace --all-targets --features duly-app/custom-protocol -- -D warnings
# Windows and macOS code (cfg(target_os)) type-checks too, though no CI machine runs those systems.
stage "cross-check: Windows, macOS" cross_check
# The same tests with the clock moved years ahead: none may depend on the day it runs.
stage "cargo test at other dates" scripts/calendar-test.sh
# A bounded mutation-fuzz run of the importers (stable Rust; cargo-fuzz needs nightly). A new seed
# each run explores new inputs; it is printed so a failure can be replayed.
fuzz_importers() {
  local seed=${DULY_FUZZ_SEED:-$(date +%s)}
  echo "fuzz seed $seed (replay: DULY_FUZZ_SEED=$seed)"
  DULY_FUZZ_SECS=${DULY_FUZZ_SECS:-30} DULY_FUZZ_SEED=$seed \
    cargo test --quiet --workspace --features duly-app/custom-protocol --test fuzz_stable -- --ignored
}
stage "fuzz: importers (30 s)" fuzz_importers
# `duly` SIGKILLed at random moments while it sends, imports, restores and reminds: the file stays
# intact and nothing is lost or sent twice (crates/duly-cli/tests/cli/kill_soak.rs; the full run is 200).
kill_soak() {
  local seed=${DULY_SOAK_SEED:-$(date +%s)}
  DULY_SOAK_KILLS=${DULY_SOAK_KILLS:-20} DULY_SOAK_SEED=$seed \
    cargo test --quiet --workspace --features duly-app/custom-protocol --test cli kill_soak:: -- --ignored
}
stage "soak: kill -9 (20 kills)" kill_soak
stage "end-to-end (real app)" tests/e2e/run.sh

# What users install: a release build, so it comes last (every faster test has passed first).
package_test_wanted() {
  case "${DULY_PACKAGE_TEST:-}" in
    1) return 0 ;;
    0) return 1 ;;
  esac
  case "${CI:-}" in
    true | 1 | yes) return 0 ;;
  esac
  return 1
}
if package_test_wanted; then
  stage "installer test (.deb)" scripts/package-test.sh
else
  skipped+=("installer test (release .deb, dpkg -i, start the installed app): run it with DULY_PACKAGE_TEST=1 scripts/test.sh, or scripts/package-test.sh alone")
  say "Skipping the ${skipped[-1]}"
fi

say "All tests passed"
printf '  %s\n' "${timings[@]}"
for s in "${skipped[@]}"; do
  printf '  skipped: %s\n' "$s"
done

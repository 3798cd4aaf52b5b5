#!/usr/bin/env bash
# End-to-end tests of the real app: tauri-driver drives the built duly-app (UI embedded) through
# WebKitWebDriver, inside a private D-Bus session and a virtual X display, so that nothing leaks
# into the developer's session and the tests run on headless machines.
#
# Needs: target/debug/duly-app built with `--features duly-app/custom-protocol`, tauri-driver,
# WebKitWebDriver (webkit2gtk-driver), xvfb-run, dbus-run-session, sqlite3.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

app=${DULY_APP:-../../target/debug/duly-app}
if [[ ! -x $app ]]; then
  echo "error: $app is missing; build it with: cargo build -p duly-app --features duly-app/custom-protocol" >&2
  exit 1
fi
if [[ ! -d node_modules || package-lock.json -nt node_modules ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

tests=("$@")
[[ ${#tests[@]} -gt 0 ]] || tests=(./*.test.mjs)
export NO_AT_BRIDGE=1
exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
  node --test --test-concurrency=1 "${tests[@]}"

#!/usr/bin/env bash
# End-to-end tests of the real app: tauri-driver drives the built duly-app (UI embedded) through
# WebKitWebDriver, inside a private D-Bus session and a virtual X display, so that nothing leaks
# into the developer's session and the tests run on headless machines.
#
# Needs: target/debug/duly-app built with `--features duly-app/custom-protocol`, tauri-driver,
# WebKitWebDriver (webkit2gtk-driver), xvfb-run, dbus-run-session, gnome-keyring, sqlite3.
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

# The app keeps SMTP passwords in the OS keychain: here a gnome-keyring in the private D-Bus
# session, unlocked with an empty password, its files in a temporary folder removed afterwards.
# (Each app run still gets its own XDG folders from harness.mjs; the keychain is reached over
# D-Bus, not through them.)
keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/duly-e2e-keyring.XXXXXX")
trap 'rm -rf "$keyring_home"' EXIT
export DULY_E2E_KEYRING_HOME=$keyring_home
# shellcheck disable=SC2016 # expanded by the inner shell
dbus-run-session -- bash -c '
  set -euo pipefail
  export XDG_DATA_HOME="$DULY_E2E_KEYRING_HOME/data" XDG_RUNTIME_DIR="$DULY_E2E_KEYRING_HOME/run"
  mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
  eval "$(printf "\n" | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
  exec xvfb-run -a -s "-screen 0 1280x800x24" node --test --test-concurrency=1 "$@"
' run-e2e "${tests[@]}"

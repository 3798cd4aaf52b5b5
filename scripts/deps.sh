#!/usr/bin/env bash
# Installs what Duly needs to build (and, with --test, to test) on Debian/Ubuntu: only what is
# missing, so a second run costs a second. Sourced by start.sh and test.sh; runnable alone.
set -euo pipefail

# Building the Tauri app: its web view is WebKitGTK; the rest are Tauri's documented build deps.
APP_PACKAGES=(libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config)
# Testing: a virtual display and D-Bus for the real app, WebKit's WebDriver, screenshot and PDF
# tools, the keychain (gnome-keyring / keyutils), a CJK font for the PDFs' fallback-font tests (Droid
# Sans Fallback: the smallest with kana and ideographs; Arabic is in the bundled DejaVu Sans), the
# sqlite3 CLI to read the file directly, and
# libfaketime to run the Rust tests at other dates (scripts/calendar-test.sh), and python3-xlib
# for the e2e test that closes the window the way its close button does (tests/e2e/close-window.py),
# and Dovecot, the real IMAP server the mailbox tests start on 127.0.0.1 (crates/duly-api/tests/api/support/dovecot.rs).
TEST_PACKAGES=(xvfb xauth dbus dbus-x11 webkit2gtk-driver imagemagick poppler-utils
  gnome-keyring libsecret-1-dev libdbus-1-dev keyutils fonts-dejavu-core fonts-droid-fallback sqlite3 xdg-utils faketime python3-xlib
  dovecot-imapd)
# Type-checking the Windows build (scripts/cross-check.sh): MinGW compiles the C code of build
# scripts (SQLite, ring). Installed by that stage only, since nothing else needs it.
CROSS_PACKAGES=(gcc-mingw-w64-x86-64)

say() { printf '\033[1;36m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

need_tools() {
  command -v cargo >/dev/null || die "Rust is not installed: see https://rustup.rs (then open a new shell)"
  command -v node >/dev/null || die "Node.js 20 or newer is not installed: see https://nodejs.org or your distribution's nodejs package"
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$major" -ge 20 ] || die "Node.js $(node --version) is too old: Duly's UI build needs 20 or newer"
}

install_apt() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "missing system packages (${missing[*]}) and no apt-get: install them with your package manager"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "missing system packages (${missing[*]}): run this as root, install sudo, or install them yourself"
    sudo=(sudo)
  fi
  say "Installing system packages: ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_tauri_driver() {
  export PATH="$HOME/.cargo/bin:$PATH"
  command -v tauri-driver >/dev/null && return 0
  say "Installing tauri-driver (WebDriver bridge for the end-to-end tests)"
  cargo install tauri-driver --locked --version 2.1.0 --quiet
}

# npm install only when package-lock.json is newer than what node_modules was installed from.
npm_install() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "Installing npm packages in ${dir#"$ROOT"/}"
    (cd "$dir" && npm install --no-audit --no-fund --loglevel=error)
  fi
}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

deps_main() {
  need_tools
  install_apt "${APP_PACKAGES[@]}"
  if [ "${1:-}" = "--test" ]; then
    install_apt "${TEST_PACKAGES[@]}"
    install_tauri_driver
  fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  deps_main "$@"
fi

#!/usr/bin/env bash
# The README's first command: install what is missing, build Duly with its UI embedded, and
# start it. `--demo` fills an empty database with demo data first.
set -euo pipefail
# shellcheck source=deps.sh
source "$(dirname "${BASH_SOURCE[0]}")/deps.sh"
cd "$ROOT"

demo=false
for arg in "$@"; do
  case $arg in
    --demo) demo=true ;;
    -h|--help) echo "usage: scripts/start.sh [--demo]"; exit 0 ;;
    *) die "unknown option $arg (usage: scripts/start.sh [--demo])" ;;
  esac
done

deps_main
npm_install ui
say "Building the UI"
(cd ui && npm run build --silent)
say "Building the app and the duly CLI (the first build takes a few minutes)"
cargo build --quiet -p duly-app --features duly-app/custom-protocol -p duly-cli

if $demo; then
  target/debug/duly demo --invoices 2000 --clients 120 --if-empty
fi
db=$(target/debug/duly --json init | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).db_path))')
say "Database: $db"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  die "no display found (DISPLAY and WAYLAND_DISPLAY are unset). On a headless machine run: xvfb-run -a scripts/start.sh"
fi
say "Starting Duly"
exec target/debug/duly-app

#!/usr/bin/env bash
# Builds Duly's Linux bundles the way users get them (`tauri build`, release profile), installs
# the .deb with dpkg, starts the *installed* app on a virtual display with an empty home folder,
# and fails unless its window shows and the UI inside it has talked to the Rust side (the daily
# backup it asks for at start is on disk). A screenshot of the screen is kept in .ci/artifacts/.
#
#   scripts/package-test.sh                 # deb only (what CI runs)
#   DULY_BUNDLES=deb,appimage scripts/package-test.sh   # also builds the AppImage (not started):
#       Tauri downloads linuxdeploy and AppRun from GitHub for it, so only where GitHub is reachable
#   DULY_SKIP_BUILD=1 scripts/package-test.sh       # reuse the bundle already in target/release/bundle
#   DULY_KEEP_INSTALLED=1 scripts/package-test.sh   # leave the package installed afterwards
#
# Root or sudo is needed for dpkg. Prints the time of each stage.
set -euo pipefail
# shellcheck source=deps.sh
source "$(dirname "${BASH_SOURCE[0]}")/deps.sh"
cd "$ROOT"

TAURI_CLI_VERSION=2.12.5
BUNDLES=${DULY_BUNDLES:-deb}
ARTIFACTS=${DULY_E2E_ARTIFACTS:-$ROOT/.ci/artifacts}
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || die "installing the .deb needs root: run this as root, or install sudo"
  SUDO=(sudo)
fi

timings=()
stage() {
  local name=$1; shift
  say "$name"
  local start=$SECONDS
  "$@"
  timings+=("$(printf '%-34s %4ss' "$name" $((SECONDS - start)))")
}

dependencies() {
  # A virtual display, xwininfo to find the window, ImageMagick's import for the screenshot.
  install_apt xvfb xauth x11-utils imagemagick dbus dbus-x11
  # desktop-file-validate checks the menu entry the .deb installs.
  install_apt desktop-file-utils
  # Reusing a bundle needs neither Rust nor Node.
  [ "${DULY_SKIP_BUILD:-}" = 1 ] && return 0
  deps_main
  npm_install "$ROOT/ui"
  local cli=$ROOT/target/tauri-cli
  if [ "$("$cli/node_modules/.bin/tauri" --version 2>/dev/null)" != "tauri-cli $TAURI_CLI_VERSION" ]; then
    npm install --prefix "$cli" --no-audit --no-fund --loglevel=error "@tauri-apps/cli@$TAURI_CLI_VERSION"
  fi
}

build() {
  # The CLI finds the shell crate and the UI through these; beforeBuildCommand builds the UI.
  TAURI_APP_PATH=src-tauri TAURI_FRONTEND_PATH=ui "$ROOT/target/tauri-cli/node_modules/.bin/tauri" build --ci --bundles "$BUNDLES"
}

DEB=
PKG=
check_deb() {
  DEB=$(ls -t target/release/bundle/deb/*.deb | head -n 1)
  [ -f "$DEB" ] || die "tauri build made no .deb"
  echo "$DEB ($(du -h "$DEB" | cut -f1))"
  dpkg-deb --field "$DEB" Package Version Architecture Depends
  PKG=$(dpkg-deb --field "$DEB" Package)
  local contents desktop
  contents=$(dpkg-deb --contents "$DEB")
  grep -Eq ' (\./)?usr/bin/duly-app$' <<<"$contents" || die "$DEB has no /usr/bin/duly-app"
  grep -Eq 'usr/share/icons/hicolor/(128x128|256x256@2|512x512)[^ ]*/apps/[^ ]+\.png$' <<<"$contents" || die "$DEB has no app icon"
  desktop=$(dpkg-deb --fsys-tarfile "$DEB" | tar -xO --wildcards --no-anchored 'usr/share/applications/*.desktop')
  echo "$desktop"
  grep -q '^Name=Duly$' <<<"$desktop" || die "the .desktop file does not name the app Duly"
  local entry
  entry=$(mktemp -d)/Duly.desktop
  printf '%s\n' "$desktop" >"$entry"
  desktop-file-validate "$entry" || die "the .desktop file is not valid (desktop-file-validate above)"
  rm -r "$(dirname "$entry")"
  # "Open with Duly" passes the file only if Exec has a field code (%f, %F, %u or %U); our template
  # (assets/linux/duly.desktop) adds %F, Tauri's default has none.
  grep -Eq '^Exec=duly-app( .*)? %[fFuU]( |$)' <<<"$desktop" || die "the .desktop file's Exec has no %F/%f/%U/%u: a double-clicked file would not reach Duly (is assets/linux/duly.desktop still the bundle's desktopTemplate?)"
  # Double-clicked e-invoices, CSV exports and PDFs can open in Duly.
  for mime in application/xml text/csv application/pdf; do
    grep -q "^MimeType=.*$mime" <<<"$desktop" || die "the .desktop file does not offer Duly for $mime"
  done
}

install_deb() {
  if ! "${SUDO[@]}" dpkg -i "$DEB"; then
    # dpkg does not fetch dependencies; apt does, then finishes the install.
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -f -y -qq
  fi
  dpkg -s "$PKG" | grep -E '^(Status|Version):'
}

run_installed() {
  local app home shot
  app=$(dpkg -L "$PKG" | grep -E '^/usr/bin/duly-app$') || die "the installed package has no /usr/bin/duly-app"
  home=$(mktemp -d)
  shot="$ARTIFACTS/package-test-installed-app.png"
  mkdir -p "$ARTIFACTS"
  rm -f "$shot"
  # A new user: an empty home, nothing from the developer's environment pointing elsewhere.
  env -i PATH=/usr/bin:/bin HOME="$home" LANG=C.UTF-8 NO_AT_BRIDGE=1 \
    APP="$app" SHOT="$shot" \
    dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
      "$APP" >"$HOME/app.log" 2>&1 &
      pid=$!
      found=
      for _ in $(seq 1 120); do
        if xwininfo -root -tree | grep -q "\"Duly\": ("; then found=1; break; fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
      done
      if [ -z "$found" ]; then
        echo "no Duly window appeared; the app said:" >&2
        cat "$HOME/app.log" >&2
        kill "$pid" 2>/dev/null
        exit 1
      fi
      xwininfo -root -tree | grep "\"Duly\""
      # Wait for the UI to have called the Rust side, then for the web view to paint more than
      # its background (a few seconds after the window maps, on a virtual display).
      for _ in $(seq 1 60); do
        ls "$HOME"/.local/share/duly/backups/auto-*.sqlite3 >/dev/null 2>&1 && break
        sleep 0.5
      done
      for _ in $(seq 1 60); do
        sleep 0.5
        /usr/bin/import -window root "$SHOT"
        [ "$(/usr/bin/identify -format %k "$SHOT")" -gt 50 ] && break
      done
      kill "$pid"
      wait "$pid" 2>/dev/null || true
    '
  local db=$home/.local/share/duly/duly.sqlite3
  [ -f "$db" ] || die "the installed app did not create its database at $db"
  ls "$home"/.local/share/duly/backups/auto-*.sqlite3 >/dev/null 2>&1 \
    || die "the UI never reached the Rust side (no daily backup in $home/.local/share/duly/backups)"
  [ -s "$shot" ] || die "no screenshot"
  # A blank (single-colour) screen means the window never painted.
  local colours
  colours=$(/usr/bin/identify -format '%k' "$shot")
  [ "$colours" -gt 50 ] || die "the screenshot has only $colours colours: the window looks empty"
  echo "window shown; screenshot $shot ($colours colours); database $db"
  rm -rf "$home"
}

remove_deb() {
  [ "${DULY_KEEP_INSTALLED:-}" = 1 ] && return 0
  "${SUDO[@]}" dpkg -r "$PKG" >/dev/null
}

total=$SECONDS
stage "dependencies" dependencies
# DULY_SKIP_BUILD=1 reuses the bundle already in target/release/bundle.
[ "${DULY_SKIP_BUILD:-}" = 1 ] || stage "tauri build ($BUNDLES, release)" build
stage "check the .deb" check_deb
stage "dpkg -i" install_deb
stage "start the installed app" run_installed
stage "dpkg -r" remove_deb

say "The installed app starts and shows its window"
printf '  %s\n' "${timings[@]}"
printf '  %-34s %4ss\n' "total" $((SECONDS - total))

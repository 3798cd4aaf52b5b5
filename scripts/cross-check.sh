#!/usr/bin/env bash
# Type-checks the whole workspace (app, CLI, tests) for Windows and macOS, so that the code behind
# `cfg(target_os = ...)` (macOS "Open with", autostart, paths) cannot rot unseen on a CI that runs
# on Linux. `cargo check` compiles but never links, so no Windows or macOS SDK is needed:
# - Windows: Debian's MinGW compiler builds the C code of build scripts (SQLite, ring).
# - macOS: its SDK cannot be installed here; scripts/stub-cc.sh stands in for its C compiler.
# - openssl-sys (the TLS test servers' dev-dependency) only reads the OpenSSL headers' version,
#   so it is shown this machine's headers (libssl-dev, an app package of deps.sh).
# Warnings are errors, as clippy makes them on Linux. A target that cannot be installed here is
# skipped with the reason printed and listed at the end of scripts/test.sh, never silently.
# Sourced by test.sh (stage "cross-check"); runnable alone.
set -euo pipefail
# shellcheck source=deps.sh
source "$(dirname "${BASH_SOURCE[0]}")/deps.sh"

CROSS_TARGETS=(x86_64-pc-windows-gnu aarch64-apple-darwin)

# Installs what checking $1 needs; when it cannot, prints why on stdout and fails.
cross_target_ready() {
  local target=$1
  if ! command -v rustup >/dev/null; then
    echo "rustup is not installed, so the $target standard library cannot be added"
    return 1
  fi
  if ! rustup target list --installed | grep -qx "$target"; then
    rustup target add "$target" >&2 || { echo "\`rustup target add $target\` failed (offline?)"; return 1; }
  fi
  case $target in
    *-windows-gnu)
      if ! command -v x86_64-w64-mingw32-gcc >/dev/null; then
        (install_apt "${CROSS_PACKAGES[@]}") >&2 || true
        command -v x86_64-w64-mingw32-gcc >/dev/null || { echo "${CROSS_PACKAGES[*]} could not be installed"; return 1; }
      fi
      ;;
  esac
  [ -f /usr/include/openssl/opensslv.h ] || { echo "the OpenSSL headers (libssl-dev) are missing"; return 1; }
}

# A folder holding this machine's OpenSSL headers in one place (Debian splits them by architecture),
# for openssl-sys's version probe; nothing is linked against it.
openssl_headers() {
  local dir=${CARGO_TARGET_DIR:-$ROOT/target}/cross-openssl
  local multiarch
  multiarch=$(cc -print-multiarch 2>/dev/null || true)
  mkdir -p "$dir/include/openssl" "$dir/lib"
  ln -sf /usr/include/openssl/* "$dir/include/openssl/"
  if [ -n "$multiarch" ] && [ -d "/usr/include/$multiarch/openssl" ]; then
    ln -sf "/usr/include/$multiarch/openssl"/* "$dir/include/openssl/"
  fi
  echo "$dir"
}

cross_check_target() {
  local target=$1 openssl=$2
  local lower=${target//-/_}
  local upper=${lower^^}
  local env=("${upper}_OPENSSL_INCLUDE_DIR=$openssl/include" "${upper}_OPENSSL_LIB_DIR=$openssl/lib"
    "${upper}_OPENSSL_STATIC=0"
    "CARGO_TARGET_${upper}_RUSTFLAGS=-D warnings")
  case $target in
    *-apple-darwin)
      local stub=$ROOT/scripts/stub-cc.sh
      env+=("CC_$lower=$stub" "CXX_$lower=$stub" "AR_$lower=ar" "CARGO_TARGET_${upper}_LINKER=$stub")
      ;;
  esac
  env "${env[@]}" cargo check --quiet --workspace --all-targets --features duly-app/custom-protocol --target "$target"
}

cross_check() {
  local target reason openssl start failed=()
  openssl=$(openssl_headers)
  for target in "${CROSS_TARGETS[@]}"; do
    if ! reason=$(cross_target_ready "$target"); then
      say "Skipping the type check for $target: $reason"
      skipped+=("type check for $target: $reason")
      continue
    fi
    start=$SECONDS
    if cross_check_target "$target" "$openssl"; then
      echo "$target type-checks ($((SECONDS - start)) s)"
    else
      failed+=("$target")
    fi
  done
  [ ${#failed[@]} -eq 0 ] || die "the workspace does not type-check for ${failed[*]} (errors above)"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  cd "$ROOT"
  skipped=()
  cross_check
  for s in "${skipped[@]}"; do
    printf '  skipped: %s\n' "$s"
  done
fi

#!/usr/bin/env bash
# A stand-in C compiler for type-checking a target whose SDK this machine lacks (macOS, in
# scripts/test.sh's cross-check stage). `cargo check` never links, so the objects that build scripts
# compile (SQLite, ring, ...) are never read: each `-o FILE` is written empty. Preprocessing (`-E`)
# is real, done by the host's compiler with the target flags left out, because some build scripts
# read its output (openssl-sys finds the OpenSSL version that way).
set -euo pipefail

preprocess=false
out=
args=()
all=("$@")
while [ $# -gt 0 ]; do
  case $1 in
    -E) preprocess=true ;;
    -o) out=$2; shift ;;
    -o*) out=${1#-o} ;;
    # Apple-only flags the host compiler does not know; they change no preprocessor output we read.
    -arch | -isysroot | -target) shift ;;
    -mmacosx-version-min=* | -mtargetos=* | --target=* | -mcpu=* | -march=*) ;;
    *) args+=("$1") ;;
  esac
  shift
done

if $preprocess; then
  if [ -n "$out" ]; then
    exec "${STUB_CC_HOST:-cc}" -E "${args[@]}" -o "$out"
  fi
  exec "${STUB_CC_HOST:-cc}" -E "${args[@]}"
fi
# Anything else (cc-rs's `-?` probe for MSVC, say) fails, as a compiler would.
[ -n "$out" ] || { echo "stub-cc.sh: only -E or -o FILE is supported: ${all[*]}" >&2; exit 1; }
: >"$out"

#!/usr/bin/env bash
# Runs every Rust test binary of the workspace with the system clock moved (libfaketime), so a
# test that reads the real calendar instead of a pinned "today" (DULY_TODAY, Duly::with_today,
# --as-of) fails here, on every run, instead of on the day the calendar catches up with it.
#
#   scripts/calendar-test.sh                       # at 2027-06-30 and 2031-01-01
#   scripts/calendar-test.sh '2028-02-29 23:30:00' # at any instants given
#
# The binaries are built by cargo at the real time; only the tests run under faketime (cargo
# itself would stamp its fingerprints with the fake time and leave stale builds behind).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v faketime >/dev/null || { echo "error: faketime is missing (apt-get install faketime)" >&2; exit 1; }

instants=("$@")
[[ ${#instants[@]} -gt 0 ]] || instants=("2027-06-30 10:00:00" "2031-01-01 10:00:00")

list=$(mktemp)
trap 'rm -f "$list"' EXIT
cargo test --quiet --workspace --features duly-app/custom-protocol --no-run --message-format=json 2>/dev/null |
  node -e '
    const lines = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean);
    for (const l of lines) {
      const m = JSON.parse(l);
      if (m.reason === "compiler-artifact" && m.executable && m.profile.test)
        console.log(m.executable + "\t" + m.manifest_path.replace(/\/Cargo\.toml$/, ""));
    }' >"$list"
[[ -s $list ]] || { echo "error: no test binaries found" >&2; exit 1; }

status=0
for when in "${instants[@]}"; do
  passed=0 failed=0
  while IFS=$'\t' read -r bin dir; do
    # Each binary from its crate's folder, as cargo test runs it (snapshots, relative paths).
    if out=$(cd "$dir" && faketime "$when" "$bin" -q 2>&1); then :; else
      status=1
      echo "--- $(basename "$bin") failed at $when:"
      echo "$out" | grep -E '^test .* FAILED|panicked at|^---- ' | head -20
    fi
    p=$(grep -oE '[0-9]+ passed' <<<"$out" | awk '{s += $1} END {print s + 0}')
    f=$(grep -oE '[0-9]+ failed' <<<"$out" | awk '{s += $1} END {print s + 0}')
    passed=$((passed + p)) failed=$((failed + f))
  done <"$list"
  echo "calendar $when: $passed passed, $failed failed"
done
exit $status

#!/usr/bin/env bash
# Creates the Python environment the benchmark's ReportLab peer runs in (outside the repo).
set -euo pipefail
venv="${DULY_PEER_VENV:-/tmp/duly-reportlab-venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet reportlab
echo "$venv/bin/python"

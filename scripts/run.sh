#!/usr/bin/env bash
# Quick start, command 1: installs what is missing, builds Tributary (release) and runs the main job on its
# embedded defaults. Until the broker lands, the main job is the storage benchmark: the log append/read path
# against a plain write+fdatasync loop of the same bytes, measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
swift build -c release --product tributary
exec .build/release/tributary bench log "$@"

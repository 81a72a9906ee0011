#!/usr/bin/env bash
# Quick start, command 2: installs what is missing, builds once (debug, with tests) and runs the whole suite:
# the Swift tests, then the interop tests that drive the real binary with real Kafka clients.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh --with-clients
swift build --build-tests
bin_dir="$(swift build --show-bin-path)"
export TRIBUTARY_BIN="$bin_dir/tributary"
# One test at a time: many tests run real brokers, workers, writer threads and logrotate, and on two cores running
# them side by side starved heartbeats and timers into failures that had nothing to do with the code under test.
swift test --skip-build --no-parallel "$@"
# Each interop test starts its own processes on free ports and temporary directories, so three files run at once
# (--dist loadfile keeps a file's tests, which may share a worker process and its state, on one runner).
# Three runners on two cores: the slowest files (the 10-minute idle-WAL test, the pgbench and snapshot-resume runs)
# mostly wait on PostgreSQL and timers.
python3 -m pytest Tests/Interop -q -p no:cacheprovider -n 3 --dist loadfile

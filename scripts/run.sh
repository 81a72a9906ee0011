#!/usr/bin/env bash
# Quick start, command 1: installs what is missing, builds Tributary (release) and runs the main job on its
# embedded defaults: `tributary standalone` with no worker file runs the demo pipeline — a generated JSON
# application log (data/demo/app.log) tailed by FileTailSource into the topic demo-logs on the embedded broker
# (127.0.0.1:9092), written back out by FileSink to data/demo/out.log and into the SQLite table `requests` of
# data/demo/demo.db by SQLiteSink — with the Kafka Connect REST API on 127.0.0.1:8083. It runs until Ctrl-C
# (a graceful stop: offsets committed, broker flushed).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
swift build -c release --product tributary
exec .build/release/tributary standalone --data-dir data

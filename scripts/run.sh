#!/usr/bin/env bash
# Quick start, command 1: installs what is missing, builds Tributary (release) and runs the main job on its
# embedded defaults, the demo pipeline:
# - a throwaway PostgreSQL (scripts/demo-postgres.sh: data/demo-pg, 127.0.0.1:54329) whose `inventory` schema is
#   streamed by PostgresSource over logical replication into the topics demo.inventory.* of the embedded broker
#   (127.0.0.1:9092) as Debezium change events, and upserted exactly once by SQLiteSink into data/demo/inventory.db;
#   a small generator changes a few rows every two seconds;
# - a generated JSON application log (data/demo/app.log) tailed by FileTailSource into the topic demo-logs, written
#   back out by FileSink (data/demo/out.log) and into the table `requests` of data/demo/demo.db by SQLiteSink;
# with the Kafka Connect REST API on 127.0.0.1:8083. It runs until Ctrl-C (a graceful stop: offsets committed,
# broker flushed, PostgreSQL stopped).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
swift build -c release --product tributary
scripts/demo-postgres.sh start
scripts/demo-postgres.sh changes &
changes=$!
trap 'kill $changes 2>/dev/null || true; scripts/demo-postgres.sh stop' EXIT
.build/release/tributary standalone --data-dir data --demo-postgres "127.0.0.1:${DEMO_PG_PORT:-54329}"

#!/usr/bin/env bash
# Quick start, command 1: installs what is missing, builds Tributary (release) and runs the main job on its
# embedded defaults: the broker from configs/broker.properties (127.0.0.1:9092, data under data/broker), with a
# produce/consume round trip through it so you can watch it work. The broker keeps running until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
swift build -c release --product tributary
bin=.build/release/tributary

"$bin" broker configs/broker.properties &
broker=$!
trap 'kill -TERM $broker 2>/dev/null; wait $broker 2>/dev/null' EXIT INT TERM
for _ in $(seq 1 100); do
    if (exec 3<>/dev/tcp/127.0.0.1/9092) 2>/dev/null; then break; fi
    sleep 0.1
done

echo
echo "== topics create demo (3 partitions)"
"$bin" topics create demo --partitions 3 --if-not-exists --bootstrap-server 127.0.0.1:9092
echo "== produce 5 keyed records to partition 0"
printf 'alice:hello\nbob:change data capture\ncarol:in one binary\ndave:with a Kafka broker\nerin:built in\n' |
    "$bin" produce demo --partition 0 --key-separator : --acks -1 --bootstrap-server 127.0.0.1:9092
echo "== consume them back"
"$bin" consume demo --partition 0 --from-beginning --exit-at-end --format '%k\t%v\t@%o' --bootstrap-server 127.0.0.1:9092
echo
echo "The broker is running on 127.0.0.1:9092 (data in data/broker). Try any Kafka client, e.g.:"
echo "  kcat -L -b 127.0.0.1:9092"
echo "  echo 'k:v' | kcat -P -b 127.0.0.1:9092 -t demo -K:   and   kcat -C -b 127.0.0.1:9092 -t demo -e"
echo "Benchmarks: $bin bench log   |   python3 scripts/bench-broker.py --binary $bin"
echo "Ctrl-C stops it (gracefully: in-flight requests finish, logs are flushed, clean-shutdown marker written)."
wait $broker

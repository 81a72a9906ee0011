#!/usr/bin/env python3
"""Broker throughput with real clients: librdkafka's C producer (or confluent-kafka when librdkafka-dev is
missing) produces and kcat consumes N records of S
bytes on one partition against `tributary broker`, acks=1 and acks=all, next to the write+fdatasync bound that
`tributary bench log` measures in the same run; also samples the broker's peak RSS.

    python3 scripts/bench-broker.py [--binary .build/release/tributary] [--records 1000000]
"""
import argparse
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time

from confluent_kafka import Consumer, Producer, TopicPartition


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NATIVE = os.path.join(ROOT, ".build", "rdkafka-produce")


def native_producer():
    """librdkafka's C producer (scripts/bench/rdkafka-produce.c, built against Debian's librdkafka-dev), so the
    client is not the bottleneck; None when it cannot be built."""
    source = os.path.join(ROOT, "scripts", "bench", "rdkafka-produce.c")
    if not os.path.exists(NATIVE) or os.path.getmtime(NATIVE) < os.path.getmtime(source):
        os.makedirs(os.path.dirname(NATIVE), exist_ok=True)
        built = subprocess.run(["gcc", "-O2", "-o", NATIVE, source, "-lrdkafka"], capture_output=True)
        if built.returncode != 0:
            return None
    return NATIVE


def produce(bootstrap, topic, count, size, acks, idempotent):
    native = native_producer()
    if native:
        start = time.perf_counter()
        subprocess.run([native, bootstrap, topic, str(count), str(size), acks, "1" if idempotent else "0"],
                       check=True, capture_output=True)
        return time.perf_counter() - start
    producer = Producer({
        "bootstrap.servers": bootstrap, "acks": acks, "linger.ms": 5, "batch.size": 1_000_000,
        "queue.buffering.max.messages": 1_000_000, "enable.idempotence": idempotent,
    })
    value = b"x" * size
    start = time.perf_counter()
    for _ in range(count):
        while True:
            try:
                producer.produce(topic, value=value)
                break
            except BufferError:
                producer.poll(0.001)
    assert producer.flush(120) == 0
    return time.perf_counter() - start


def consume(bootstrap, topic, count):
    """Consumes with kcat (librdkafka in C) when present: a Python loop cannot keep up with the broker."""
    if shutil.which("kcat"):
        start = time.perf_counter()
        out = subprocess.run(
            ["kcat", "-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-c", str(count), "-q", "-f", "\\n",
             "-X", "fetch.max.bytes=52428800", "-X", "max.partition.fetch.bytes=10485760"],
            capture_output=True, check=True).stdout
        elapsed = time.perf_counter() - start
        assert out.count(b"\n") == count, "kcat did not read every record"
        return elapsed
    consumer = Consumer({
        "bootstrap.servers": bootstrap, "group.id": "bench", "enable.auto.commit": False,
        "fetch.max.bytes": 52428800, "max.partition.fetch.bytes": 10485760,
    })
    consumer.assign([TopicPartition(topic, 0, 0)])
    seen = 0
    start = time.perf_counter()
    while seen < count:
        for message in consumer.consume(100_000, 1.0):
            if message.error() is None:
                seen += 1
    elapsed = time.perf_counter() - start
    consumer.close()
    return elapsed


def bound(binary):
    out = subprocess.run(
        [binary, "bench", "log", "--total-bytes", str(256 * 1024 * 1024), "--rounds", "2",
         "--dir", tempfile.mkdtemp(prefix="bench-bound-")],
        capture_output=True, text=True, check=True).stdout
    match = re.search(r"write\+fdatasync bound \(median of \d+\): (\d+) MB/s", out)
    return float(match.group(1)) if match else float("nan")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/tributary")
    parser.add_argument("--records", type=int, default=1_000_000)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="bench-broker-")
    port = free_port()
    broker = subprocess.Popen(
        [args.binary, "broker", "--override", f"listeners=PLAINTEXT://127.0.0.1:{port}",
         "--override", f"log.dirs={data}", "--log-level", "warning"])
    peak = [0]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], rss_kib(broker.pid))
            time.sleep(0.05)

    threading.Thread(target=sample, daemon=True).start()
    bootstrap = f"127.0.0.1:{port}"
    time.sleep(1)
    try:
        before = bound(args.binary)
        rows = []
        for size in (100, 1024):
            for acks, idempotent in (("1", False), ("all", False), ("all", True)):
                topic = f"bench-{size}-{acks}-{idempotent}"
                produce_s = produce(bootstrap, topic, args.records, size, acks, idempotent)
                consume_s = consume(bootstrap, topic, args.records)
                mb = args.records * size / 1e6
                label = acks + ("+idem" if idempotent else "")
                rows.append((size, label, args.records / produce_s, mb / produce_s, args.records / consume_s, mb / consume_s))
        after = bound(args.binary)
        limit = (before + after) / 2
        print(f"write+fdatasync bound (tributary bench log, before/after): {before:.0f} / {after:.0f} MB/s")
        print("size      acks  produce rec/s  produce MB/s  (of bound)  consume rec/s  consume MB/s  (of bound)")
        for size, acks, prs, pmb, crs, cmb in rows:
            print(f"{size:5d} {acks:>9}  {prs:13.0f}  {pmb:12.1f}  ({pmb / limit:5.2f})  {crs:13.0f}  {cmb:12.1f}  ({cmb / limit:5.2f})")
        print(f"broker peak RSS: {peak[0] / 1024:.0f} MB")
    finally:
        stop.set()
        broker.terminate()
        broker.wait(30)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()

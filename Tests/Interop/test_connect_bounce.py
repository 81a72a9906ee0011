"""Bounce tests in the spirit of Kafka's connect bounce test: a file source writing sequence-numbered lines into a
topic and a file sink writing that topic back out, while the whole process is killed and restarted under load.

SIGTERM is a graceful stop: offsets are committed after the last acknowledged record and the sink's last flush, so
after ten bounces every line is in the topic and in the sink's file exactly once. SIGKILL loses whatever was not
committed yet, which is then read again: every line is still there (nothing acknowledged is lost), duplicates allowed.
"""
import os
import random
import re
import signal
import threading
import time

import pytest

from connect_worker import Worker

SEQ = re.compile(rb"seq=(\d+) ")


class LineWriter(threading.Thread):
    """Appends `seq=N ...` lines to a file at about `rate` lines per second until stopped."""

    def __init__(self, path, rate=2000):
        super().__init__(daemon=True)
        self.path = path
        self.rate = rate
        self.count = 0
        self.stopping = threading.Event()

    def run(self):
        pad = "x" * 80
        with open(self.path, "ab", buffering=0) as f:
            started = time.monotonic()
            while not self.stopping.is_set():
                due = int((time.monotonic() - started) * self.rate)
                if due > self.count:
                    batch = b"".join(f"seq={n} {pad}\n".encode() for n in range(self.count, due))
                    f.write(batch)
                    self.count = due
                time.sleep(0.01)

    def stop(self):
        self.stopping.set()
        self.join()
        return self.count


def sequence_numbers(data: bytes):
    return [int(m.group(1)) for m in SEQ.finditer(data)]


def topic_sequence_numbers(worker, topic, expected, timeout=60):
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(bootstrap_servers=worker.bootstrap, enable_auto_commit=False,
                             consumer_timeout_ms=2000, api_version=(2, 5))
    partition = TopicPartition(topic, 0)
    consumer.assign([partition])
    consumer.seek_to_beginning(partition)
    numbers = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        batch = consumer.poll(timeout_ms=500, max_records=50000)
        for records in batch.values():
            for record in records:
                numbers += sequence_numbers(record.value)
        if len(set(numbers)) >= expected and not batch:
            break
    consumer.close()
    return numbers


def run_bounces(tmp_path, sig, bounces):
    source_file = tmp_path / "input.log"
    sink_file = tmp_path / "output.log"
    source_file.write_bytes(b"")
    worker = Worker(tmp_path / "worker", {"offset.flush.interval.ms": "500"})
    worker.start()
    for name, config in {
        "bounce-source": {"connector.class": "FileTailSource", "file": str(source_file), "topic": "bounce"},
        "bounce-sink": {"connector.class": "FileSink", "topics": "bounce", "file": str(sink_file)},
    }.items():
        code, body = worker.request("POST", "/connectors", {"name": name, "config": config})
        assert code == 201, body
    writer = LineWriter(str(source_file))
    writer.start()
    rng = random.Random(42)
    try:
        for _ in range(bounces):
            time.sleep(rng.uniform(0.8, 1.6))
            code = worker.stop(sig)
            if sig == signal.SIGTERM:
                assert code == 0, f"graceful stop exited {code}: {worker.output()}"
            worker.start()
        time.sleep(1.0)
    finally:
        written = writer.stop()
    assert written > 10_000, "the writer kept the pipeline under load"

    def sink_complete():
        return len(set(sequence_numbers(sink_file.read_bytes()))) >= written

    worker.wait_for(sink_complete, timeout=90, what=f"all {written} lines in the sink file")
    in_topic = topic_sequence_numbers(worker, "bounce", written)
    in_sink = sequence_numbers(sink_file.read_bytes())
    worker.stop()
    return written, in_topic, in_sink


def assert_complete_and_ordered(numbers, written, where):
    assert set(numbers) == set(range(written)), (
        f"{where}: missing {sorted(set(range(written)) - set(numbers))[:20]}")
    # Redelivery starts again from a committed offset, so first appearances are in order.
    first_seen = list(dict.fromkeys(numbers))
    assert first_seen == list(range(written)), f"{where}: out of order"


def duplicates(numbers):
    return len(numbers) - len(set(numbers))


def test_sigterm_bounces_lose_nothing_and_duplicate_nothing(tmp_path):
    written, in_topic, in_sink = run_bounces(tmp_path, signal.SIGTERM, 10)
    assert_complete_and_ordered(in_topic, written, "topic")
    assert_complete_and_ordered(in_sink, written, "sink file")
    assert duplicates(in_topic) == 0, "a graceful stop committed every acknowledged record's offset"
    assert duplicates(in_sink) == 0, "a graceful stop committed the sink's flushed offsets"
    assert in_topic == list(range(written))
    assert in_sink == list(range(written))


def test_sigkill_bounces_lose_nothing(tmp_path):
    written, in_topic, in_sink = run_bounces(tmp_path, signal.SIGKILL, 10)
    assert_complete_and_ordered(in_topic, written, "topic")
    assert_complete_and_ordered(in_sink, written, "sink file")
    print(f"SIGKILL x10: {written} lines, duplicates in topic {duplicates(in_topic)}, in sink {duplicates(in_sink)}")

"""File source through the real worker while Debian's logrotate rotates the file under a writer, in both modes.

Every line must reach the topic exactly once, and the lines of each file generation in order. With
copytruncate, lines written between logrotate's copy and its truncation exist in no file at all (inherent to
copytruncate, for every tailer), so the writer holds back while logrotate runs; with create it never stops.
"""
import shutil
import subprocess
import threading
import time

import pytest

from connect_worker import Worker
from test_connect_bounce import sequence_numbers

pytestmark = pytest.mark.skipif(shutil.which("logrotate") is None, reason="logrotate is not installed")


class RotatingWriter(threading.Thread):
    def __init__(self, path):
        super().__init__(daemon=True)
        self.path = path
        self.count = 0
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        # (first line that may be in the next generation, first line certainly in it) per rotation.
        self.boundaries = [(0, 0)]

    def run(self):
        while not self.stopping.is_set():
            with self.lock:
                with open(self.path, "ab") as f:
                    f.write(b"".join(f"seq={n} {'y' * 60}\n".encode() for n in range(self.count, self.count + 50)))
                self.count += 50
            time.sleep(0.005)

    def rotate(self, config, state, hold):
        if hold:
            with self.lock:
                subprocess.run(["logrotate", "-f", "-s", state, config], check=True)
                self.boundaries.append((self.count, self.count))
        else:
            # Lines written while logrotate runs may land in either generation.
            before = self.count
            subprocess.run(["logrotate", "-f", "-s", state, config], check=True)
            self.boundaries.append((before, self.count + 50))


@pytest.mark.parametrize("mode", ["create", "copytruncate"])
def test_every_line_once_in_order_per_file_across_logrotate(tmp_path, mode):
    from kafka import KafkaConsumer, TopicPartition

    logs = tmp_path / "logs"
    logs.mkdir()
    input_file = logs / "app.log"
    input_file.write_bytes(b"")
    config = tmp_path / "logrotate.conf"
    config.write_text(f"{input_file} {{\n    {mode}\n    rotate 100\n    missingok\n    nocompress\n}}\n")
    state = str(tmp_path / "logrotate.state")
    worker = Worker(tmp_path / "worker").start()
    code, body = worker.request("POST", "/connectors", {"name": "rotating", "config": {
        "connector.class": "FileTailSource", "files": f"{logs}/app.log*", "topic": "rotating"}})
    assert code == 201, body
    writer = RotatingWriter(str(input_file))
    writer.start()
    try:
        for _ in range(8):
            time.sleep(0.6)
            writer.rotate(str(config), state, hold=(mode == "copytruncate"))
        time.sleep(0.5)
    finally:
        writer.stopping.set()
        writer.join()
    written = writer.count
    assert len(list(logs.iterdir())) >= 9, "logrotate really rotated"

    consumer = KafkaConsumer(bootstrap_servers=worker.bootstrap, enable_auto_commit=False, api_version=(2, 5))
    partition = TopicPartition("rotating", 0)
    consumer.assign([partition])
    consumer.seek_to_beginning(partition)
    numbers = []
    deadline = time.time() + 60
    while len(numbers) < written and time.time() < deadline:
        for records in consumer.poll(timeout_ms=500).values():
            for record in records:
                numbers += sequence_numbers(record.value)
    time.sleep(1.0)
    for records in consumer.poll(timeout_ms=500).values():
        for record in records:
            numbers += sequence_numbers(record.value)
    consumer.close()
    worker.stop()

    assert sorted(set(numbers)) == list(range(written)), (
        f"missing: {sorted(set(range(written)) - set(numbers))[:20]}")
    assert len(numbers) == written, f"{len(numbers) - len(set(numbers))} lines delivered twice"
    position = {n: i for i, n in enumerate(numbers)}
    bounds = writer.boundaries + [(written, written)]
    for (_, start), (end, _) in zip(bounds, bounds[1:]):
        generation = [position[n] for n in range(start, min(end, written))]
        assert generation == sorted(generation), f"lines {start}..{end} of one file out of order"

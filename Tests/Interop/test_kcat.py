"""Debian's kcat (librdkafka 2.0.2) against the broker: metadata, produce 100,000 keyed messages, read back."""
import shutil
import subprocess

import pytest

pytestmark = pytest.mark.skipif(shutil.which("kcat") is None, reason="kcat is not installed")


def kcat(broker, *args, input=None, timeout=120):
    return subprocess.run(
        ["kcat", "-b", broker.bootstrap, *args], input=input, capture_output=True, timeout=timeout, check=True
    )


def test_metadata_lists_the_broker(broker):
    out = kcat(broker, "-L").stdout.decode()
    assert f"broker 0 at {broker.bootstrap}" in out


def test_produce_and_consume_100k_keyed_messages_byte_identical(broker):
    lines = [f"key-{i % 997}\tvalue-{i}-{'x' * (i % 50)}" for i in range(100_000)]
    payload = ("\n".join(lines) + "\n").encode()
    kcat(broker, "-P", "-t", "kcat-topic", "-K", "\t", "-z", "lz4", input=payload)
    out = kcat(broker, "-C", "-t", "kcat-topic", "-o", "beginning", "-e", "-f", "%k\t%s\t%o\n").stdout.decode()
    got = out.splitlines()
    assert len(got) == 100_000
    for index, line in enumerate(got):
        key, value, offset = line.split("\t")
        assert f"{key}\t{value}" == lines[index]
        assert int(offset) == index

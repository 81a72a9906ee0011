"""The `tributary` client commands (topics, produce, consume, groups, api-versions) against a real broker,
cross-checked with kcat (and confluent-kafka where it is installed)."""
import re
import shutil
import socket
import struct
import subprocess
import threading

import pytest

import conftest

GROUP_APIS = ("FindCoordinator", "OffsetCommit", "OffsetFetch", "ListGroups", "DescribeGroups")


def cli(broker, *args, input=None, check=True, timeout=120):
    result = subprocess.run(
        [conftest.tributary_binary(), *args, "--bootstrap-server", broker.bootstrap],
        input=input, capture_output=True, timeout=timeout,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"tributary {' '.join(args)} exited with {result.returncode}: {result.stderr.decode(errors='replace')}"
        )
    return result


def kcat(broker, *args, input=None, timeout=120):
    if shutil.which("kcat") is None:
        pytest.skip("kcat is not installed")
    return subprocess.run(
        ["kcat", "-b", broker.bootstrap, *args], input=input, capture_output=True, timeout=timeout, check=True
    ).stdout


def advertised_apis(broker):
    out = cli(broker, "api-versions").stdout.decode()
    return set(re.findall(r"^\t(\w+)\(\d+\): ", out, re.MULTILINE))


def test_api_versions_lists_the_core_apis(broker):
    apis = advertised_apis(broker)
    for api in ("ApiVersions", "Metadata", "Produce", "Fetch", "ListOffsets", "CreateTopics", "DeleteTopics"):
        assert api in apis


def test_topics_create_list_describe_delete(broker):
    out = cli(broker, "topics", "create", "cli-admin", "--partitions", "3", "--replication-factor", "1",
              "--config", "retention.ms=123456", "--config", "cleanup.policy=delete").stdout.decode()
    assert "Created topic cli-admin." in out
    cli(broker, "topics", "create", "cli-other", "--partitions", "1")

    assert [t for t in cli(broker, "topics", "list", "--exclude-internal").stdout.decode().split() if not t.startswith("__")] == ["cli-admin", "cli-other"]

    described = cli(broker, "topics", "describe", "cli-admin").stdout.decode().splitlines()
    assert described[0].startswith("Topic: cli-admin\t")
    assert "PartitionCount: 3" in described[0] and "ReplicationFactor: 1" in described[0]
    configs = described[0].split("Configs: ")[1].split(",")
    assert "retention.ms=123456" in configs and "cleanup.policy=delete" in configs
    rows = described[1:]
    assert len(rows) == 3
    for index, row in enumerate(rows):
        fields = dict(field.split(": ", 1) for field in row.strip().split("\t"))
        assert fields["Topic"] == "cli-admin" and fields["Partition"] == str(index)
        assert fields["Leader"] == "0" and fields["Replicas"] == "0" and fields["Isr"] == "0"
    everything = cli(broker, "topics", "describe").stdout.decode()
    assert "Topic: cli-admin\t" in everything and "Topic: cli-other\t" in everything

    again = cli(broker, "topics", "create", "cli-admin", "--partitions", "3", check=False)
    assert again.returncode != 0 and b"TOPIC_ALREADY_EXISTS" in again.stderr
    cli(broker, "topics", "create", "cli-admin", "--partitions", "3", "--if-not-exists")

    assert "Deleted topic cli-admin." in cli(broker, "topics", "delete", "cli-admin").stdout.decode()
    assert [t for t in cli(broker, "topics", "list", "--exclude-internal").stdout.decode().split() if not t.startswith("__")] == ["cli-other"]
    missing = cli(broker, "topics", "describe", "cli-admin", check=False)
    assert missing.returncode != 0 and b"cli-admin" in missing.stderr
    gone = cli(broker, "topics", "delete", "cli-admin", check=False)
    assert gone.returncode != 0 and b"UNKNOWN_TOPIC_OR_PARTITION" in gone.stderr
    cli(broker, "topics", "delete", "cli-admin", "--if-exists")


def test_produce_10000_lines_and_consume_them_back_identically(broker):
    lines = [f"key-{i % 101}\tvalue {i} é{'x' * (i % 37)}" for i in range(10_000)]
    payload = ("\n".join(lines) + "\n").encode()
    cli(broker, "topics", "create", "cli-data", "--partitions", "1")
    summary = cli(broker, "produce", "cli-data", "--key-separator", "\t", input=payload).stdout.decode()
    assert "Produced 10000 records" in summary and "partition 0: 10000 records, offsets 0..9999" in summary

    out = cli(broker, "consume", "cli-data", "--from-beginning", "--exit-at-end",
              "--format", r"%k\t%v\t%o").stdout.decode().splitlines()
    assert len(out) == 10_000
    for index, line in enumerate(out):
        key, value, offset = line.split("\t")
        assert f"{key}\t{value}" == lines[index] and int(offset) == index

    # kcat reads exactly what the CLI produced: same keys, values and offsets.
    seen = kcat(broker, "-C", "-t", "cli-data", "-o", "beginning", "-e", "-q", "-f", "%k\t%s\t%o\n")
    assert seen.decode().splitlines() == out


def test_consume_reads_what_kcat_produced_byte_for_byte(broker):
    # (kcat -P skips empty lines, so there are none here.)
    values = [b"plain", b"\xff\xfe not utf-8 \x00", b"tab\tinside", b" ", b"last"]
    kcat(broker, "-P", "-t", "cli-from-kcat", input=b"\n".join(values) + b"\n")
    out = cli(broker, "consume", "cli-from-kcat", "--from-beginning", "-e", "--format", r"%v\n").stdout
    assert out == b"\n".join(values) + b"\n"
    lengths = cli(broker, "consume", "cli-from-kcat", "--from-beginning", "-e", "--format", "%o %K %S").stdout
    assert lengths.decode().splitlines() == [f"{i} -1 {len(v)}" for i, v in enumerate(values)]


def test_produce_keeps_line_bytes_including_a_last_line_without_newline(broker):
    payload = b"a\n\nb\xff\r\nno newline at the end"
    cli(broker, "produce", "cli-bytes", input=payload)
    out = kcat(broker, "-C", "-t", "cli-bytes", "-e", "-q", "-f", "%s\n")
    assert out == b"a\n\nb\xff\r\nno newline at the end\n"


@pytest.mark.parametrize("codec", ["none", "gzip", "snappy", "lz4", "zstd"])
def test_compressed_keyed_produce_across_partitions(broker, codec):
    topic = f"cli-{codec}"
    cli(broker, "topics", "create", topic, "--partitions", "3")
    lines = [f"k{i % 50}:v{i}" for i in range(3_000)]
    summary = cli(broker, "produce", topic, "--key-separator", ":", "--compression", codec,
                  input=("\n".join(lines) + "\n").encode()).stdout.decode()
    assert "Produced 3000 records" in summary

    out = cli(broker, "consume", topic, "--from-beginning", "-e", "--format", "%p %k:%v").stdout.decode().splitlines()
    assert sorted(line.split(" ", 1)[1] for line in out) == sorted(lines)
    by_key = {}
    for line in out:
        partition, record = line.split(" ", 1)
        by_key.setdefault(record.split(":")[0], set()).add(partition)
    assert all(len(partitions) == 1 for partitions in by_key.values())

    seen = kcat(broker, "-C", "-t", topic, "-e", "-q", "-f", "%p %k:%s\n").decode().splitlines()
    assert sorted(seen) == sorted(out)
    # Within a partition, records come back in the order they were written.
    for partition in "012":
        mine = [line for line in out if line.startswith(partition + " ")]
        assert mine == [line for line in seen if line.startswith(partition + " ")]


def test_keyed_records_land_where_the_java_partitioner_puts_them(broker):
    confluent_kafka = pytest.importorskip("confluent_kafka")
    for topic in ("cli-part", "ck-part"):
        cli(broker, "topics", "create", topic, "--partitions", "7")
    keys = [f"user-{i}" for i in range(200)]
    cli(broker, "produce", "cli-part", "--key-separator", "=", input="".join(f"{k}=x\n" for k in keys).encode())
    producer = confluent_kafka.Producer({"bootstrap.servers": broker.bootstrap, "partitioner": "murmur2"})
    for key in keys:
        producer.produce("ck-part", key=key, value=b"x")
    assert producer.flush(30) == 0
    ours = cli(broker, "consume", "cli-part", "--from-beginning", "-e", "--format", "%k %p").stdout.decode()
    theirs = cli(broker, "consume", "ck-part", "--from-beginning", "-e", "--format", "%k %p").stdout.decode()
    assert sorted(ours.splitlines()) == sorted(theirs.splitlines())


def test_consume_from_offsets_partitions_and_max_messages(broker):
    cli(broker, "topics", "create", "cli-offsets", "--partitions", "2")
    cli(broker, "produce", "cli-offsets", "--partition", "1", input="".join(f"m{i}\n" for i in range(500)).encode())
    out = cli(broker, "consume", "cli-offsets", "--partition", "1", "--offset", "123", "--max-messages", "3",
              "--format", "%o=%v").stdout.decode().splitlines()
    assert out == ["123=m123", "124=m124", "125=m125"]
    tail = cli(broker, "consume", "cli-offsets", "--offset", "-2", "-e", "--format", "%p %v").stdout.decode()
    assert tail.splitlines() == ["1 m498", "1 m499"]
    assert cli(broker, "consume", "cli-offsets", "--partition", "0", "--from-beginning", "-e").stdout == b""
    # Without --from-beginning a consumer starts at the end.
    assert cli(broker, "consume", "cli-offsets", "-e").stdout == b""
    bad = cli(broker, "consume", "cli-offsets", "--partition", "5", "-e", check=False)
    assert bad.returncode != 0 and b"no partition 5" in bad.stderr
    missing = cli(broker, "consume", "cli-no-such-topic", "-e", check=False)
    assert missing.returncode != 0 and b"does not exist" in missing.stderr


@pytest.mark.parametrize("acks", ["0", "1", "-1"])
def test_produce_with_each_acks_setting(broker, acks):
    topic = f"cli-acks{acks}"
    cli(broker, "topics", "create", topic, "--partitions", "1")
    summary = cli(broker, "produce", topic, "--acks", acks, input=b"".join(b"r%d\n" % i for i in range(2500)))
    assert b"2500 records" in summary.stdout
    out = cli(broker, "consume", topic, "--from-beginning", "-e", "--max-wait-ms", "2000").stdout
    assert out.splitlines() == [b"r%d" % i for i in range(2500)]


def test_group_options_fail_clearly_without_group_apis(broker):
    missing = [api for api in GROUP_APIS if api not in advertised_apis(broker)]
    if not missing:
        pytest.skip("the broker advertises the group APIs; covered by test_simple_consumer_group_commits_offsets")
    cli(broker, "produce", "cli-nogroups", input=b"one\n")
    result = cli(broker, "consume", "cli-nogroups", "--group", "g", "--from-beginning", "-e", check=False)
    assert result.returncode != 0
    assert b"does not support" in result.stderr and broker.bootstrap.encode() in result.stderr
    listed = cli(broker, "groups", "list", check=False)
    assert listed.returncode != 0 and b"does not support ListGroups" in listed.stderr


def test_simple_consumer_group_commits_offsets(broker):
    missing = [api for api in GROUP_APIS if api not in advertised_apis(broker)]
    if missing:
        pytest.skip(f"the broker does not advertise {', '.join(missing)}")
    cli(broker, "topics", "create", "cli-grouped", "--partitions", "2")
    cli(broker, "produce", "cli-grouped", "--partition", "0", input=b"".join(b"a%d\n" % i for i in range(60)))
    cli(broker, "produce", "cli-grouped", "--partition", "1", input=b"".join(b"b%d\n" % i for i in range(40)))

    first = cli(broker, "consume", "cli-grouped", "--group", "cli-g", "--partition", "0", "--from-beginning",
                "--max-messages", "25").stdout.splitlines()
    assert first == [b"a%d" % i for i in range(25)]
    # The next run starts at the committed offset, not at the beginning.
    rest = cli(broker, "consume", "cli-grouped", "--group", "cli-g", "--from-beginning", "-e",
               "--format", "%p %v").stdout.decode().splitlines()
    assert sorted(rest) == sorted([f"0 a{i}" for i in range(25, 60)] + [f"1 b{i}" for i in range(40)])
    assert cli(broker, "consume", "cli-grouped", "--group", "cli-g", "--from-beginning", "-e").stdout == b""

    assert "cli-g" in cli(broker, "groups", "list").stdout.decode().split()
    described = cli(broker, "groups", "describe", "cli-g").stdout.decode()
    rows = [line.split() for line in described.splitlines() if line.startswith("cli-g ")]
    assert sorted((row[1], row[2], row[3], row[4], row[5]) for row in rows) == [
        ("cli-grouped", "0", "60", "60", "0"),
        ("cli-grouped", "1", "40", "40", "0"),
    ]
    cli(broker, "produce", "cli-grouped", "--partition", "1", input=b"late\n")
    described = cli(broker, "groups", "describe", "cli-g").stdout.decode()
    lag = [line.split() for line in described.splitlines() if line.startswith("cli-g ")]
    assert ("1", "40", "41", "1") in [(row[2], row[3], row[4], row[5]) for row in lag]
    unknown = cli(broker, "groups", "describe", "cli-no-such-group", check=False)
    assert unknown.returncode != 0 and b"does not exist" in unknown.stderr


class FakeBroker:
    """A socket server that answers ApiVersions with `apis` and any other request with `other(frame)` bytes."""

    def __init__(self, apis, other=None, api_versions_max=3):
        self.apis = apis
        self.other = other
        self.api_versions_max = api_versions_max
        self.api_versions_seen = []
        self.server = socket.create_server(("127.0.0.1", 0))
        self.bootstrap = f"127.0.0.1:{self.server.getsockname()[1]}"
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                reader = conn.makefile("rb")
                while True:
                    size = reader.read(4)
                    if len(size) < 4:
                        break
                    frame = reader.read(struct.unpack(">i", size)[0])
                    key, version, correlation = struct.unpack(">hhi", frame[:8])
                    if key == 18 and version > self.api_versions_max:
                        # Kafka's answer to a version it does not know: UNSUPPORTED_VERSION in the v0 layout.
                        self.api_versions_seen.append(version)
                        body = struct.pack(">hi", 35, len(self.apis))
                        for api, low, high in self.apis:
                            body += struct.pack(">hhh", api, low, high)
                        reply = struct.pack(">i", correlation) + body
                        conn.sendall(struct.pack(">i", len(reply)) + reply)
                    elif key == 18:
                        self.api_versions_seen.append(version)
                        if version >= 3:
                            body = struct.pack(">h", 0) + bytes([len(self.apis) + 1])
                            for api, low, high in self.apis:
                                body += struct.pack(">hhh", api, low, high) + b"\x00"
                            body += struct.pack(">i", 0) + b"\x00"
                        else:
                            body = struct.pack(">hi", 0, len(self.apis))
                            for api, low, high in self.apis:
                                body += struct.pack(">hhh", api, low, high)
                            if version >= 1:
                                body += struct.pack(">i", 0)
                        reply = struct.pack(">i", correlation) + body
                        conn.sendall(struct.pack(">i", len(reply)) + reply)
                    elif self.other is not None:
                        conn.sendall(self.other(correlation))
                    else:
                        break

    def close(self):
        self.server.close()


def test_an_api_the_broker_does_not_advertise_is_a_clear_error():
    fake = FakeBroker(apis=[(18, 0, 3), (3, 1, 12)])
    try:
        result = cli(fake, "topics", "create", "x", "--partitions", "1", check=False)
        assert result.returncode != 0
        assert f"broker {fake.bootstrap}: the broker does not support CreateTopics".encode() in result.stderr
    finally:
        fake.close()


def test_a_response_over_100_mib_is_refused():
    fake = FakeBroker(apis=[(18, 0, 3), (19, 0, 7)],
                      other=lambda correlation: struct.pack(">ii", 101 * 1024 * 1024, correlation))
    try:
        result = cli(fake, "topics", "create", "x", "--partitions", "1", check=False, timeout=30)
        assert result.returncode != 0
        assert b"CreateTopics request to broker" in result.stderr and b"exceeds the limit of 104857600" in result.stderr
    finally:
        fake.close()


def test_api_versions_falls_back_when_the_broker_refuses_v3():
    fake = FakeBroker(apis=[(18, 0, 2), (3, 1, 12)], api_versions_max=2)
    try:
        result = cli(fake, "topics", "create", "x", "--partitions", "1", check=False)
        assert b"does not support CreateTopics" in result.stderr
        assert fake.api_versions_seen == [3, 2]
    finally:
        fake.close()

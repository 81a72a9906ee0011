#!/usr/bin/env python3
"""Capture Kafka RecordBatch v2 bytes produced by real client libraries.

This script runs a tiny fake Kafka broker on 127.0.0.1 (ephemeral port) that
speaks just enough of the Kafka wire protocol for a producer:

  * ApiVersions    v0..v3 (response header v0 always; v3 body is flexible)
  * Metadata       v0..v4 (one broker = itself, every topic has 1 partition)
  * Produce        v0..v7 (records of every partition are captured verbatim)
  * InitProducerId v0..v1 (hands out producer id 4242, epoch 0)

It additionally *advertises* (but never serves) Fetch v0..v10 and
FindCoordinator v0: librdkafka only enables its "MsgVer2" feature (RecordBatch
v2) if Fetch v4 is advertised, "ZSTD" if Fetch v10 is advertised and "LZ4" if
FindCoordinator is advertised; kafka-python infers the broker version
(and therefore whether zstd is allowed) from the same list.  A producer never
sends those requests; if one arrives the connection is closed.

Real clients are then run as separate processes against it (kcat,
confluent-kafka-python, kafka-python), each producing a known deterministic
message set, once per compression codec.  The raw `records` bytes of the
Produce partition are written to <out>/<client>-<codec>[-variant].bin and
described in <out>/manifest.json.

Finally an independent RecordBatch v2 parser (CRC-32C, decompression,
zig-zag varints) checks every fixture against the manifest.

Usage:
  python3 scripts/capture-record-fixtures.py [--out DIR]          capture + verify
  python3 scripts/capture-record-fixtures.py --verify [--out DIR] verify only
  python3 scripts/capture-record-fixtures.py --only kcat-gzip     capture subset

Only the Python standard library is needed for the broker and the checker's
framing; the client libraries (confluent_kafka, kafka) and the codec
libraries they use (snappy, lz4, zstandard) are imported where needed.
"""

import argparse
import base64
import gzip
import json
import os
import re
import shutil
import signal
import socket
import socketserver
import struct
import subprocess
import sys
import threading
import time

# --------------------------------------------------------------------------
# Constants

PRODUCER_ID = 4242
PRODUCER_EPOCH = 0
NODE_ID = 0
CLUSTER_ID = "tributary-fixture-capture"
CLIENT_TIMEOUT_S = 60          # hard bound for every client process
SETTLE_TIMEOUT_S = 5           # wait for late requests after a client exits
MAX_FRAME = 64 * 1024 * 1024

API_PRODUCE = 0
API_FETCH = 1
API_METADATA = 3
API_FIND_COORDINATOR = 10
API_API_VERSIONS = 18
API_INIT_PRODUCER_ID = 22

# (api_key, min_version, max_version)
ADVERTISED_APIS = [
    (API_PRODUCE, 0, 7),
    (API_FETCH, 0, 10),            # advertised only (see module docstring)
    (API_METADATA, 0, 4),
    (API_FIND_COORDINATOR, 0, 0),  # advertised only (see module docstring)
    (API_API_VERSIONS, 0, 3),
    (API_INIT_PRODUCER_ID, 0, 1),
]
SERVED_APIS = {API_PRODUCE, API_METADATA, API_API_VERSIONS, API_INIT_PRODUCER_ID}

ERR_NONE = 0
ERR_UNSUPPORTED_VERSION = 35

CODECS = ["none", "gzip", "snappy", "lz4", "zstd"]
CODEC_IDS = {"none": 0, "gzip": 1, "snappy": 2, "lz4": 3, "zstd": 4}
CODEC_NAMES = {v: k for k, v in CODEC_IDS.items()}

XERIAL_MAGIC = b"\x82SNAPPY\x00"

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(REPO_ROOT, "Tests", "KafkaRecordsTests", "Fixtures")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Wire encoding helpers (big-endian, Kafka primitive types)

class Reader:
    def __init__(self, data, pos=0):
        self.data = data
        self.pos = pos

    def take(self, n):
        if n < 0 or self.pos + n > len(self.data):
            raise ValueError("short read: need %d at %d of %d" % (n, self.pos, len(self.data)))
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b

    def i8(self):
        return struct.unpack(">b", self.take(1))[0]

    def i16(self):
        return struct.unpack(">h", self.take(2))[0]

    def i32(self):
        return struct.unpack(">i", self.take(4))[0]

    def u32(self):
        return struct.unpack(">I", self.take(4))[0]

    def i64(self):
        return struct.unpack(">q", self.take(8))[0]

    def nstring(self):
        n = self.i16()
        if n < 0:
            return None
        return self.take(n).decode("utf-8")

    def nbytes(self):
        n = self.i32()
        if n < 0:
            return None
        return bytes(self.take(n))

    def array_len(self):
        return self.i32()   # -1 = null array

    def uvarint(self):
        shift = 0
        result = 0
        while True:
            b = self.take(1)[0]
            result |= (b & 0x7F) << shift
            if not b & 0x80:
                return result
            shift += 7
            if shift > 63:
                raise ValueError("uvarint too long")

    def varint(self):
        """Zig-zag encoded signed varint / varlong."""
        n = self.uvarint()
        return (n >> 1) ^ -(n & 1)

    def compact_nstring(self):
        n = self.uvarint()
        if n == 0:
            return None
        return self.take(n - 1).decode("utf-8", "replace")

    def skip_tagged_fields(self):
        for _ in range(self.uvarint()):
            self.uvarint()                 # tag
            self.take(self.uvarint())      # size + data

    def remaining(self):
        return len(self.data) - self.pos


class Writer:
    def __init__(self):
        self.parts = []

    def raw(self, b):
        self.parts.append(bytes(b))
        return self

    def i8(self, v):
        return self.raw(struct.pack(">b", v))

    def i16(self, v):
        return self.raw(struct.pack(">h", v))

    def i32(self, v):
        return self.raw(struct.pack(">i", v))

    def i64(self, v):
        return self.raw(struct.pack(">q", v))

    def string(self, s):
        if s is None:
            return self.i16(-1)
        b = s.encode("utf-8")
        return self.i16(len(b)).raw(b)

    def uvarint(self, v):
        out = bytearray()
        while True:
            b = v & 0x7F
            v >>= 7
            if v:
                out.append(b | 0x80)
            else:
                out.append(b)
                return self.raw(out)

    def bytes(self):
        return b"".join(self.parts)


# --------------------------------------------------------------------------
# Fake broker

class Capture:
    """One partition's records from one Produce request."""

    def __init__(self, **kw):
        self.__dict__.update(kw)


class FakeBroker:
    def __init__(self):
        self.lock = threading.Lock()
        self.captures = []          # list[Capture], arrival order
        self.next_offset = {}       # (topic, partition) -> int
        self.request_log = []       # (conn_id, api_key, api_version, client_id)
        self.errors = []
        self.conn_seq = 0
        broker = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                broker._serve_connection(self.request)

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.host, self.port = self.server.server_address
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={"poll_interval": 0.1}, daemon=True)

    def start(self):
        self.thread.start()
        log("fake broker listening on %s:%d" % (self.host, self.port))

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    # -- connection loop --------------------------------------------------

    def _serve_connection(self, sock):
        sock.settimeout(CLIENT_TIMEOUT_S)
        with self.lock:
            self.conn_seq += 1
            conn = {"id": self.conn_seq, "software": None}
        try:
            while True:
                head = _recv_exact(sock, 4)
                if head is None:
                    return
                (size,) = struct.unpack(">i", head)
                if size < 0 or size > MAX_FRAME:
                    self._error("conn %d: bad frame size %d" % (conn["id"], size))
                    return
                frame = _recv_exact(sock, size)
                if frame is None:
                    return
                try:
                    resp = self._dispatch(conn, frame)
                except Exception as e:   # malformed request: record and drop connection
                    self._error("conn %d: %r" % (conn["id"], e))
                    return
                if resp is False:
                    return
                if resp is not None:
                    sock.sendall(struct.pack(">i", len(resp)) + resp)
        except (socket.timeout, ConnectionError, OSError):
            return
        finally:
            try:
                sock.close()
            except OSError:
                pass

    def _error(self, msg):
        log("broker: " + msg)
        with self.lock:
            self.errors.append(msg)

    def _dispatch(self, conn, frame):
        r = Reader(frame)
        api_key = r.i16()
        api_version = r.i16()
        corr = r.i32()
        client_id = r.nstring()
        with self.lock:
            self.request_log.append((conn["id"], api_key, api_version, client_id))
        header = Writer().i32(corr)      # response header v0

        if api_key == API_API_VERSIONS:
            if api_version >= 3:
                r.skip_tagged_fields()   # request header v2
                try:
                    name = r.compact_nstring()
                    ver = r.compact_nstring()
                    conn["software"] = (name, ver)
                except ValueError:
                    pass
            return header.bytes() + self._api_versions(api_version)

        adv = {k: (lo, hi) for k, lo, hi in ADVERTISED_APIS}
        if api_key not in SERVED_APIS or not (adv[api_key][0] <= api_version <= adv[api_key][1]):
            self._error("conn %d: unsupported request api_key=%d v%d from %r; closing"
                        % (conn["id"], api_key, api_version, client_id))
            return False
        # Every served version is non-flexible: the body starts right here.
        if api_key == API_METADATA:
            return header.bytes() + self._metadata(r, api_version)
        if api_key == API_INIT_PRODUCER_ID:
            return header.bytes() + self._init_producer_id(r, api_version)
        if api_key == API_PRODUCE:
            body = self._produce(r, api_version, client_id, conn)
            return None if body is None else header.bytes() + body
        return False

    # -- APIs -------------------------------------------------------------

    def _api_versions(self, version):
        w = Writer()
        if version > 3:
            # Like a real broker: answer in v0 format with UNSUPPORTED_VERSION
            # and our list, the client retries with a version we support.
            version = 0
            w.i16(ERR_UNSUPPORTED_VERSION)
        else:
            w.i16(ERR_NONE)
        if version >= 3:
            w.uvarint(len(ADVERTISED_APIS) + 1)
            for key, lo, hi in ADVERTISED_APIS:
                w.i16(key).i16(lo).i16(hi).uvarint(0)
            w.i32(0)          # throttle_time_ms
            w.uvarint(0)      # no tagged fields at all
        else:
            w.i32(len(ADVERTISED_APIS))
            for key, lo, hi in ADVERTISED_APIS:
                w.i16(key).i16(lo).i16(hi)
            if version >= 1:
                w.i32(0)      # throttle_time_ms
        return w.bytes()

    def _metadata(self, r, version):
        n = r.array_len()
        topics = [r.nstring() for _ in range(max(n, 0))]
        if version >= 4:
            r.i8()            # allow_auto_topic_creation
        if n < 0 or (version == 0 and n == 0):
            with self.lock:   # "all topics": the ones seen so far
                topics = sorted({t for (t, _p) in self.next_offset})
        w = Writer()
        if version >= 3:
            w.i32(0)          # throttle_time_ms
        w.i32(1)              # brokers
        w.i32(NODE_ID).string(self.host).i32(self.port)
        if version >= 1:
            w.string(None)    # rack
        if version >= 2:
            w.string(CLUSTER_ID)
        if version >= 1:
            w.i32(NODE_ID)    # controller_id
        w.i32(len(topics))
        for t in topics:
            with self.lock:
                self.next_offset.setdefault((t, 0), 0)
            w.i16(ERR_NONE).string(t)
            if version >= 1:
                w.i8(0)       # is_internal
            w.i32(1)          # partitions
            w.i16(ERR_NONE).i32(0).i32(NODE_ID)
            w.i32(1).i32(NODE_ID)   # replicas
            w.i32(1).i32(NODE_ID)   # isr
        return w.bytes()

    def _init_producer_id(self, r, version):
        r.nstring()           # transactional_id
        r.i32()               # transaction_timeout_ms
        return Writer().i32(0).i16(ERR_NONE).i64(PRODUCER_ID).i16(PRODUCER_EPOCH).bytes()

    def _produce(self, r, version, client_id, conn):
        txn_id = r.nstring() if version >= 3 else None
        acks = r.i16()
        timeout_ms = r.i32()
        results = []
        for _ in range(r.array_len()):
            topic = r.nstring()
            parts = []
            for _ in range(r.array_len()):
                partition = r.i32()
                records = r.nbytes()
                count = _count_records(records or b"")
                with self.lock:
                    base = self.next_offset.get((topic, partition), 0)
                    self.next_offset[(topic, partition)] = base + count
                    self.captures.append(Capture(
                        topic=topic, partition=partition, produce_version=version,
                        acks=acks, timeout_ms=timeout_ms, transactional_id=txn_id,
                        client_id=client_id, software=conn["software"],
                        records=records or b"", base_offset=base))
                parts.append((partition, base))
            results.append((topic, parts))
        if acks == 0:
            return None
        w = Writer()
        w.i32(len(results))
        for topic, parts in results:
            w.string(topic).i32(len(parts))
            for partition, base in parts:
                w.i32(partition).i16(ERR_NONE).i64(base)
                if version >= 2:
                    w.i64(-1)     # log_append_time_ms
                if version >= 5:
                    w.i64(0)      # log_start_offset
        if version >= 1:
            w.i32(0)              # throttle_time_ms
        return w.bytes()

    def captures_for(self, topic):
        with self.lock:
            return [c for c in self.captures if c.topic == topic]


def _recv_exact(sock, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def _count_records(records):
    """Number of offsets the batches in `records` occupy (for base offsets)."""
    pos, count = 0, 0
    while pos + 17 <= len(records):
        (length,) = struct.unpack_from(">i", records, pos + 8)
        magic = records[pos + 16]
        if magic == 2 and pos + 27 <= len(records):
            (last_delta,) = struct.unpack_from(">i", records, pos + 23)
            count += last_delta + 1
        else:
            count += 1
        pos += 12 + length
    return count


# --------------------------------------------------------------------------
# Deterministic message sets

TS0 = 1700000000000   # 2023-11-14T22:13:20Z


BIG_VALUE_SIZE = 2048


def _big_value():
    lines = []
    i = 0
    while sum(len(x) for x in lines) < BIG_VALUE_SIZE:
        lines.append(("%04d tributary fixture line: the quick brown fox jumps over the lazy dog %d\n"
                      % (i, (i * 7919) % 1000)).encode("ascii"))
        i += 1
    return b"".join(lines)[:BIG_VALUE_SIZE]


BIG_VALUE = _big_value()
BINARY_VALUE = bytes((i * 37 + 11) % 256 for i in range(256))   # every byte value once


def full_message_set():
    """For clients that support every record feature (confluent-kafka, kafka-python).

    Each record: (key, value, headers[(str, bytes|None)], timestamp_ms|None).
    """
    return [
        (b"key-0", b"hello tributary", [], TS0),
        (b"key-1", b'{"n":1,"ok":true}', [("trace-id", b"abc123")], TS0 + 1),
        (None, b"value with a null key", [], TS0 + 2),
        (b"tombstone-key", None, [], TS0 + 3),
        (b"empty-value", b"", [], TS0 + 4),
        (b"", b"empty key", [], TS0 + 5),
        (b"big", BIG_VALUE, [("size", b"2048")], TS0 + 6),
        (b"headers", b"several headers",
         [("h1", b"v1"), ("h-null", None), ("h-empty", b""), ("h1", b"duplicate key")], TS0 + 7),
        ("utf8-\u00e9".encode(), "caf\u00e9 \u2615".encode(), [("\u00fcml", "\u00e4\u00f6\u00fc".encode())], TS0 + 8),
        (b"binary", BINARY_VALUE, [], TS0 + 9),
        (b"earlier", b"timestamp before the first record", [], TS0 - 1000),
        (b"key-0", b"last record", [], TS0 + 11),
    ]


def kafka_python_message_set():
    """kafka-python's send() only accepts (str, bytes) headers, so a header
    with a null value cannot be produced through its API: drop those."""
    return [(k, v, [(hk, hv) for hk, hv in h if hv is not None], ts)
            for k, v, h, ts in full_message_set()]


MESSAGE_SET_NOTES = {
    "kcat": "kcat cannot set timestamps (null = assigned by the client); the same -H headers "
            "are applied to every message; -Z turns empty keys/values into NULL, so there is "
            "no empty-but-non-null key or value in this set",
    "kafka-python": "kafka-python's send() rejects header values that are not bytes, so the "
                    "null-valued header of the full message set is omitted",
}


# kcat reads messages from stdin: we use \x1e as message delimiter and \x1f
# as key delimiter, so values may contain newlines; -Z turns empty keys and
# values into NULL.  Headers (-H) are applied to every message; a -H without
# '=' gives a header with a null value.  kcat cannot set timestamps.
KCAT_MSG_DELIM = b"\x1e"
KCAT_KEY_DELIM = b"\x1f"
KCAT_HEADERS = [("source", b"kcat"), ("h-null", None)]


def kcat_message_set():
    msgs = [
        (b"key-0", b"hello tributary"),
        (b"key-1", b'{"n":1,"ok":true}'),
        (None, b"value with a null key"),
        (b"tombstone-key", None),
        (b"big", BIG_VALUE),
        (b"multi-line", b"line one\nline two\n"),
        ("utf8-\u00e9".encode(), "caf\u00e9 \u2615".encode()),
        (b"binary", bytes(b for b in BINARY_VALUE if b not in (0x1e, 0x1f))),
        (b"key-0", b"last record"),
    ]
    return [(k, v, list(KCAT_HEADERS), None) for k, v in msgs]


def kcat_stdin(msgs):
    out = bytearray()
    for k, v, _h, _ts in msgs:
        # with -Z an empty key / empty value is sent as NULL
        out += (k or b"") + KCAT_KEY_DELIM + (v or b"") + KCAT_MSG_DELIM
    return bytes(out)


# --------------------------------------------------------------------------
# Client runs

def tool_versions():
    v = {}
    try:
        out = subprocess.run(["kcat", "-V"], capture_output=True, text=True, timeout=10).stdout
        m = re.search(r"Version (\S+) .*librdkafka (\S+?)[ )]", out)
        if m:
            v["kcat"] = "kcat %s (librdkafka %s)" % (m.group(1), m.group(2))
    except (OSError, subprocess.TimeoutExpired):
        pass
    try:
        import confluent_kafka
        cv = confluent_kafka.version()
        v["confluent-kafka"] = "confluent-kafka %s (librdkafka %s)" % (
            cv if isinstance(cv, str) else cv[0], confluent_kafka.libversion()[0])
    except ImportError:
        pass
    try:
        import kafka
        v["kafka-python"] = "kafka-python %s" % kafka.__version__
    except ImportError:
        pass
    return v


def plan():
    """All captures: (name, client, codec, options)."""
    runs = []
    for codec in CODECS:
        runs.append(("kcat-%s" % codec, "kcat", codec, {}))
    for codec in CODECS:
        runs.append(("confluent-kafka-%s" % codec, "confluent-kafka", codec, {}))
    runs.append(("confluent-kafka-zstd-idempotent", "confluent-kafka", "zstd",
                 {"idempotent": True}))
    runs.append(("confluent-kafka-gzip-idempotent-multibatch", "confluent-kafka", "gzip",
                 {"idempotent": True, "batch_num_messages": 5}))
    for codec in CODECS:
        runs.append(("kafka-python-%s" % codec, "kafka-python", codec, {}))
    runs.append(("kafka-python-snappy-idempotent", "kafka-python", "snappy",
                 {"idempotent": True}))
    return runs


def _run_process(cmd, stdin_bytes=None):
    """Run a client process in its own process group, bounded by a timeout."""
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(stdin_bytes, timeout=CLIENT_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate(timeout=10)
        return -999, out, err
    return proc.returncode, out, err


def run_client(broker, name, client, codec, opts):
    topic = "fx-" + name
    bootstrap = "%s:%d" % (broker.host, broker.port)
    if client == "kcat":
        msgs = kcat_message_set()
        cmd = ["kcat", "-P", "-b", bootstrap, "-t", topic, "-p", "0",
               "-z", codec, "-D", "\\x1e", "-K", "\\x1f", "-Z", "-m", "10",
               "-X", "linger.ms=1000", "-X", "message.timeout.ms=20000",
               "-X", "broker.address.family=v4"]
        for hk, hv in KCAT_HEADERS:
            cmd += ["-H", hk if hv is None else "%s=%s" % (hk, hv.decode())]
        rc, out, err = _run_process(cmd, kcat_stdin(msgs))
    else:
        msgs = full_message_set() if client == "confluent-kafka" else kafka_python_message_set()
        cmd = [sys.executable, os.path.abspath(__file__), "--child", client,
               "--bootstrap", bootstrap, "--topic", topic, "--codec", codec]
        if opts.get("idempotent"):
            cmd.append("--idempotent")
        if opts.get("batch_num_messages"):
            cmd += ["--batch-num-messages", str(opts["batch_num_messages"])]
        rc, out, err = _run_process(cmd)
    # responses are sent before the client can finish; allow stragglers
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    while time.monotonic() < deadline and _captured_count(broker, topic) < len(msgs):
        time.sleep(0.05)
    return msgs, rc, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), topic


def _captured_count(broker, topic):
    n = 0
    for c in broker.captures_for(topic):
        try:
            n += sum(len(b["records"]) for b in parse_records_blob(c.records))
        except Exception:
            pass
    return n


def child_confluent(args):
    from confluent_kafka import Producer
    conf = {
        "bootstrap.servers": args.bootstrap,
        "client.id": "tributary-fixtures",
        "compression.type": args.codec,
        "linger.ms": 500,
        "acks": "all",
        "enable.idempotence": bool(args.idempotent),
        "message.timeout.ms": 20000,
        "socket.timeout.ms": 10000,
        "broker.address.family": "v4",
    }
    if args.batch_num_messages:
        conf["batch.num.messages"] = args.batch_num_messages
        # one request at a time, so several batches are visibly sequenced
        conf["max.in.flight.requests.per.connection"] = 1
    p = Producer(conf)
    failures = []

    def on_delivery(err, msg):
        if err is not None:
            failures.append(str(err))

    for key, value, headers, ts in full_message_set():
        kw = {"key": key, "value": value, "partition": 0, "on_delivery": on_delivery}
        if headers:
            kw["headers"] = headers
        if ts is not None:
            kw["timestamp"] = ts
        p.produce(args.topic, **kw)
    remaining = p.flush(30)
    if remaining or failures:
        print("undelivered=%d failures=%r" % (remaining, failures), file=sys.stderr)
        return 1
    return 0


def child_kafka_python(args):
    from kafka import KafkaProducer
    kw = dict(
        bootstrap_servers=args.bootstrap,
        client_id="tributary-fixtures",
        compression_type=None if args.codec == "none" else args.codec,
        linger_ms=500,
        enable_idempotence=bool(args.idempotent),
        acks=-1 if args.idempotent else 1,
        max_block_ms=20000,
        request_timeout_ms=10000,
        bootstrap_timeout_ms=20000,
    )
    p = KafkaProducer(**kw)
    futures = []
    for key, value, headers, ts in kafka_python_message_set():
        futures.append(p.send(args.topic, key=key, value=value, headers=headers or None,
                              partition=0, timestamp_ms=ts))
    p.flush(timeout=30)
    bad = 0
    for f in futures:
        try:
            f.get(timeout=5)
        except Exception as e:
            print("send failed: %r" % (e,), file=sys.stderr)
            bad += 1
    p.close(timeout=5)
    return 1 if bad else 0


# --------------------------------------------------------------------------
# Independent RecordBatch v2 checker

def _make_crc32c_table():
    poly = 0x82F63B78          # Castagnoli, reflected
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ poly if c & 1 else c >> 1
        table.append(c)
    return table


_CRC32C_TABLE = _make_crc32c_table()


def crc32c(data):
    c = 0xFFFFFFFF
    t = _CRC32C_TABLE
    for b in data:
        c = t[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


assert crc32c(b"123456789") == 0xE3069283, "CRC-32C self-test failed"


def snappy_framing(blob):
    return "xerial" if blob[:8] == XERIAL_MAGIC else "raw"


def decompress(codec, blob):
    if codec == 0:
        return blob
    if codec == 1:
        return gzip.decompress(blob)
    if codec == 2:
        import snappy
        if blob[:8] == XERIAL_MAGIC:
            # 8 magic + int32 version + int32 min-compatible version, then
            # repeated (int32 length, raw snappy block)
            r = Reader(blob, 16)
            out = bytearray()
            while r.remaining():
                out += snappy.uncompress(bytes(r.take(r.i32())))
            return bytes(out)
        return snappy.uncompress(blob)
    if codec == 3:
        import lz4.frame
        return lz4.frame.decompress(blob)
    if codec == 4:
        import zstandard
        d = zstandard.ZstdDecompressor().decompressobj()
        return d.decompress(blob) + d.flush()
    raise ValueError("unknown codec %d" % codec)


def parse_records_blob(records):
    """Parse concatenated RecordBatch v2 batches; strict, raises on any error."""
    batches = []
    pos = 0
    while pos < len(records):
        r = Reader(records, pos)
        base_offset = r.i64()
        batch_length = r.i32()
        end = pos + 12 + batch_length
        if batch_length < 49 or end > len(records):
            raise ValueError("batch at %d: bad batchLength %d" % (pos, batch_length))
        leader_epoch = r.i32()
        magic = r.i8()
        if magic != 2:
            raise ValueError("batch at %d: magic %d != 2" % (pos, magic))
        crc = r.u32()
        computed = crc32c(records[pos + 21:end])
        if crc != computed:
            raise ValueError("batch at %d: crc %08x != computed %08x" % (pos, crc, computed))
        attributes = r.i16()
        last_offset_delta = r.i32()
        base_ts = r.i64()
        max_ts = r.i64()
        producer_id = r.i64()
        producer_epoch = r.i16()
        base_sequence = r.i32()
        count = r.i32()
        codec = attributes & 0x07
        payload = records[r.pos:end]
        framing = snappy_framing(payload) if codec == 2 else None
        data = decompress(codec, payload)
        rr = Reader(data)
        recs = []
        for i in range(count):
            length = rr.varint()
            start = rr.pos
            rec_attrs = rr.i8()
            ts_delta = rr.varint()
            offset_delta = rr.varint()
            klen = rr.varint()
            key = None if klen < 0 else bytes(rr.take(klen))
            vlen = rr.varint()
            value = None if vlen < 0 else bytes(rr.take(vlen))
            headers = []
            for _ in range(rr.varint()):
                hklen = rr.varint()
                hkey = bytes(rr.take(hklen)).decode("utf-8")
                hvlen = rr.varint()
                hval = None if hvlen < 0 else bytes(rr.take(hvlen))
                headers.append((hkey, hval))
            if rr.pos - start != length:
                raise ValueError("batch at %d record %d: length %d != consumed %d"
                                 % (pos, i, length, rr.pos - start))
            recs.append({"attributes": rec_attrs, "timestampDelta": ts_delta,
                         "offsetDelta": offset_delta, "timestamp": base_ts + ts_delta,
                         "key": key, "value": value, "headers": headers})
        if rr.remaining():
            raise ValueError("batch at %d: %d trailing bytes after %d records"
                             % (pos, rr.remaining(), count))
        batches.append({
            "byteOffset": pos, "byteLength": end - pos,
            "baseOffset": base_offset, "partitionLeaderEpoch": leader_epoch,
            "magic": magic, "crc": crc, "attributes": attributes,
            "codec": CODEC_NAMES.get(codec, str(codec)),
            "timestampType": "LogAppendTime" if attributes & 0x08 else "CreateTime",
            "isTransactional": bool(attributes & 0x10), "isControl": bool(attributes & 0x20),
            "lastOffsetDelta": last_offset_delta, "baseTimestamp": base_ts,
            "maxTimestamp": max_ts, "producerId": producer_id,
            "producerEpoch": producer_epoch, "baseSequence": base_sequence,
            "recordCount": count, "compressedSize": len(payload),
            "uncompressedSize": len(data), "snappyFraming": framing,
            "records": recs,
        })
        pos = end
    return batches


def b64(b):
    return None if b is None else base64.b64encode(b).decode("ascii")


def unb64(s):
    return None if s is None else base64.b64decode(s)


def manifest_records(msgs):
    return [{"key": b64(k), "value": b64(v),
             "headers": [[hk, b64(hv)] for hk, hv in h], "timestamp": ts}
            for k, v, h, ts in msgs]


BATCH_SUMMARY_KEYS = ["byteOffset", "byteLength", "baseOffset", "partitionLeaderEpoch",
                      "crc", "attributes", "codec", "lastOffsetDelta", "baseTimestamp",
                      "maxTimestamp", "producerId", "producerEpoch", "baseSequence",
                      "recordCount", "compressedSize", "uncompressedSize", "snappyFraming"]


def batch_summary(b):
    return {k: b[k] for k in BATCH_SUMMARY_KEYS}


def verify_fixture(out_dir, entry):
    """Returns a list of problems (empty = OK)."""
    problems = []
    path = os.path.join(out_dir, entry["file"])
    try:
        with open(path, "rb") as f:
            blob = f.read()
    except OSError as e:
        return ["cannot read: %s" % e]
    try:
        batches = parse_records_blob(blob)
    except Exception as e:
        return ["parse error: %s" % e]
    if not batches:
        return ["no batches"]
    want_codec = entry["codec"]
    idem = entry.get("idempotent", False)
    got = []
    next_seq = 0
    for bi, b in enumerate(batches):
        tag = "batch %d" % bi
        bc = entry.get("batchCodecs")
        want = bc[bi] if bc and bi < len(bc) else want_codec
        if want not in (want_codec, "none"):
            problems.append("%s: manifest batchCodecs %s is neither %s nor none"
                            % (tag, want, want_codec))
        if b["codec"] != want:
            problems.append("%s: codec %s, expected %s" % (tag, b["codec"], want))
        if b["timestampType"] != "CreateTime" or b["isTransactional"] or b["isControl"]:
            problems.append("%s: unexpected attributes 0x%x" % (tag, b["attributes"]))
        if b["lastOffsetDelta"] != b["recordCount"] - 1:
            problems.append("%s: lastOffsetDelta %d with %d records"
                            % (tag, b["lastOffsetDelta"], b["recordCount"]))
        tss = [rec["timestamp"] for rec in b["records"]]
        if tss and b["maxTimestamp"] != max(tss):
            problems.append("%s: maxTimestamp %d != max record timestamp %d"
                            % (tag, b["maxTimestamp"], max(tss)))
        for i, rec in enumerate(b["records"]):
            if rec["offsetDelta"] != i:
                problems.append("%s record %d: offsetDelta %d" % (tag, i, rec["offsetDelta"]))
            if rec["attributes"] != 0:
                problems.append("%s record %d: attributes %d" % (tag, i, rec["attributes"]))
        if idem:
            if (b["producerId"], b["producerEpoch"]) != (PRODUCER_ID, PRODUCER_EPOCH):
                problems.append("%s: producer %d/%d, expected %d/%d"
                                % (tag, b["producerId"], b["producerEpoch"],
                                   PRODUCER_ID, PRODUCER_EPOCH))
            if b["baseSequence"] != next_seq:
                problems.append("%s: baseSequence %d, expected %d"
                                % (tag, b["baseSequence"], next_seq))
            next_seq += b["recordCount"]
        else:
            if (b["producerId"], b["producerEpoch"], b["baseSequence"]) != (-1, -1, -1):
                problems.append("%s: non-idempotent producer fields %d/%d/%d"
                                % (tag, b["producerId"], b["producerEpoch"], b["baseSequence"]))
        if want_codec == "snappy" and entry.get("snappyFraming") \
                and b["snappyFraming"] != entry["snappyFraming"]:
            problems.append("%s: snappy framing %s, manifest says %s"
                            % (tag, b["snappyFraming"], entry["snappyFraming"]))
        got.extend(b["records"])
    if "batches" in entry:
        summ = [batch_summary(b) for b in batches]
        if summ != entry["batches"]:
            problems.append("batch summaries differ from manifest")
    want = entry["records"]
    if len(got) != len(want):
        problems.append("%d records, manifest has %d" % (len(got), len(want)))
    for i, (g, w) in enumerate(zip(got, want)):
        if g["key"] != unb64(w["key"]):
            problems.append("record %d: key %r != %r" % (i, g["key"], unb64(w["key"])))
        if g["value"] != unb64(w["value"]):
            problems.append("record %d: value differs (%r... vs %r...)"
                            % (i, (g["value"] or b"")[:20], (unb64(w["value"]) or b"")[:20]))
        wh = [(hk, unb64(hv)) for hk, hv in w["headers"]]
        if g["headers"] != wh:
            problems.append("record %d: headers %r != %r" % (i, g["headers"], wh))
        if w["timestamp"] is not None:
            if g["timestamp"] != w["timestamp"]:
                problems.append("record %d: timestamp %d != %d" % (i, g["timestamp"], w["timestamp"]))
        elif not (1_500_000_000_000 < g["timestamp"] < 4_000_000_000_000):
            problems.append("record %d: implausible client-assigned timestamp %d"
                            % (i, g["timestamp"]))
    return problems


def dump_manifest(manifest):
    """Pretty JSON, but every record and batch summary on a single line."""
    inline = []

    def mark(obj):
        inline.append(json.dumps(obj, ensure_ascii=False))
        return "@@INLINE%d@@" % (len(inline) - 1)

    copy = dict(manifest)
    copy["fixtures"] = [dict(e, records=[mark(r) for r in e["records"]],
                             batches=[mark(b) for b in e["batches"]])
                        for e in manifest["fixtures"]]
    text = json.dumps(copy, indent=2, ensure_ascii=False)
    text = re.sub(r'"@@INLINE(\d+)@@"', lambda m: inline[int(m.group(1))], text)
    assert json.loads(text) == json.loads(json.dumps(manifest))
    return text + "\n"


def verify(out_dir):
    mpath = os.path.join(out_dir, "manifest.json")
    with open(mpath) as f:
        manifest = json.load(f)
    failed = 0
    for entry in manifest["fixtures"]:
        problems = verify_fixture(out_dir, entry)
        if problems:
            failed += 1
            log("FAIL %s" % entry["file"])
            for p in problems:
                log("     " + p)
        else:
            log("ok   %-48s %d batch(es), %d records" % (
                entry["file"], len(entry.get("batches", [])), len(entry["records"])))
    log("%d fixture(s), %d failed" % (len(manifest["fixtures"]), failed))
    return failed == 0


# --------------------------------------------------------------------------
# Capture driver

def capture(out_dir, only):
    versions = tool_versions()
    runs = [r for r in plan() if not only or any(o in r[0] for o in only)]
    os.makedirs(out_dir, exist_ok=True)
    mpath = os.path.join(out_dir, "manifest.json")
    old = {}
    if os.path.exists(mpath):
        with open(mpath) as f:
            old = {e["file"]: e for e in json.load(f).get("fixtures", [])}
    entries = dict(old) if only else {}
    failures = []
    broker = FakeBroker()
    broker.start()
    try:
        for name, client, codec, opts in runs:
            if client not in versions:
                failures.append((name, "client %s not available" % client))
                continue
            log("--- %s" % name)
            msgs, rc, out, err, topic = run_client(broker, name, client, codec, opts)
            caps = broker.captures_for(topic)
            if rc != 0:
                failures.append((name, "exit code %d: %s" % (rc, err.strip()[-2000:])))
                log("client failed rc=%d\n%s" % (rc, err.strip()[-2000:]))
                continue
            if not caps:
                failures.append((name, "no Produce request captured"))
                continue
            blob = b"".join(c.records for c in caps)
            try:
                batches = parse_records_blob(blob)
            except Exception as e:
                failures.append((name, "captured bytes do not parse: %s" % e))
                continue
            fname = name + ".bin"
            with open(os.path.join(out_dir, fname), "wb") as f:
                f.write(blob)
            c0 = caps[0]
            framing = sorted({b["snappyFraming"] for b in batches if b["snappyFraming"]})
            entry = {
                "file": fname,
                "client": client,
                "clientVersion": versions[client],
                "clientSoftware": None if not c0.software else
                    {"name": c0.software[0], "version": c0.software[1]},
                "clientId": c0.client_id,
                "codec": codec,
                "variant": name[len(client) + 1 + len(codec):].lstrip("-") or None,
                "idempotent": bool(opts.get("idempotent")),
                "produceApiVersion": c0.produce_version,
                "acks": c0.acks,
                "produceRequests": len(caps),
                "notes": None,
                "batches": [batch_summary(b) for b in batches],
                "records": manifest_records(msgs),
            }
            if framing:
                entry["snappyFraming"] = framing[0] if len(framing) == 1 else framing
            notes = []
            if client in MESSAGE_SET_NOTES:
                notes.append(MESSAGE_SET_NOTES[client])
            if len(caps) > 1:
                notes.append("concatenation of the records fields of %d Produce requests "
                             "(one batch each), in arrival order; every baseOffset is as "
                             "sent by the client" % len(caps))
            codecs_seen = [b["codec"] for b in batches]
            if any(c != codec for c in codecs_seen):
                entry["batchCodecs"] = codecs_seen
                notes.append("the client sent the batches marked none in batchCodecs "
                             "uncompressed although %s was configured (their compressed "
                             "form would not have been smaller)" % codec)
            entry["notes"] = "; ".join(notes) or None
            entries[fname] = entry
            log("captured %s: %d request(s), %d batch(es), %d bytes, produce v%d"
                % (fname, len(caps), len(batches), len(blob), c0.produce_version))
    finally:
        broker.stop()
    for fname in old:
        if fname not in entries:
            try:
                os.remove(os.path.join(out_dir, fname))
            except OSError:
                pass
    order = [r[0] + ".bin" for r in plan()]
    manifest = {
        "description": "Kafka RecordBatch v2 bytes captured from real producer clients by "
                       "scripts/capture-record-fixtures.py. Each .bin is the raw `records` "
                       "field of one Produce partition (or the concatenation of several, see "
                       "produceRequests/notes). Keys/values/header values are base64 (null = "
                       "null); header keys are UTF-8 strings; timestamp null = assigned by "
                       "the client at send time. `batches` are the values parsed from the "
                       "bytes by the script's independent checker.",
        "fakeBroker": {
            "advertisedApis": [{"apiKey": k, "minVersion": lo, "maxVersion": hi}
                               for k, lo, hi in ADVERTISED_APIS],
            "producerId": PRODUCER_ID, "producerEpoch": PRODUCER_EPOCH,
        },
        "fixtures": sorted(entries.values(),
                           key=lambda e: order.index(e["file"]) if e["file"] in order else 999),
        "failures": [{"name": n, "reason": r} for n, r in failures],
    }
    with open(mpath, "w") as f:
        f.write(dump_manifest(manifest))
    if broker.errors:
        log("broker errors:\n  " + "\n  ".join(broker.errors))
    if failures:
        log("capture failures:")
        for n, r in failures:
            log("  %s: %s" % (n, r))
    return not failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT, help="fixture directory")
    ap.add_argument("--verify", action="store_true", help="only verify existing fixtures")
    ap.add_argument("--only", action="append", help="capture only runs whose name contains this")
    # internal: client process
    ap.add_argument("--child", choices=["confluent-kafka", "kafka-python"], help=argparse.SUPPRESS)
    ap.add_argument("--bootstrap", help=argparse.SUPPRESS)
    ap.add_argument("--topic", help=argparse.SUPPRESS)
    ap.add_argument("--codec", help=argparse.SUPPRESS)
    ap.add_argument("--idempotent", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--batch-num-messages", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child == "confluent-kafka":
        return child_confluent(args)
    if args.child == "kafka-python":
        return child_kafka_python(args)
    if args.verify:
        return 0 if verify(args.out) else 1
    ok = capture(args.out, args.only)
    ok = verify(args.out) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Shared helpers of the PostgreSQL source interop tests: a PostgreSQL fixture, a JSON-converter worker, the
connector config, raw topic reads (key, value, headers as bytes) and a structural JSON diff."""
import json
import sqlite3
import time

import pytest

from connect_worker import Worker
from pg_server import PostgresServer

CONNECTOR_CLASS = "io.debezium.connector.postgresql.PostgresConnector"


@pytest.fixture
def pg():
    server = PostgresServer().start()
    server.psql("CREATE DATABASE cdc")
    yield server
    server.destroy()


def json_worker(tmp_path, schemas=False, name="worker", connector_files=(), **props):
    """A `tributary standalone` worker whose key and value converters are JsonConverter."""
    enabled = "true" if schemas else "false"
    return Worker(tmp_path / name, {
        "offset.flush.interval.ms": "500",
        "key.converter": "org.apache.kafka.connect.json.JsonConverter",
        "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "key.converter.schemas.enable": enabled,
        "value.converter.schemas.enable": enabled,
        **props,
    }, connector_files=connector_files)


def source_config(pg, include="inventory\\..*", **extra):
    return {"connector.class": CONNECTOR_CLASS, "topic.prefix": "dbserver1", "slot.name": "tributary",
            "publication.autocreate.mode": "filtered", "table.include.list": include,
            **pg.connector_config("cdc"), **extra}


def create_source(worker, pg, name="pg", **config):
    code, body = worker.request("POST", "/connectors", {"name": name, "config": source_config(pg, **config)})
    assert code == 201, body


class Rec:
    """One record of a topic: raw key/value bytes, parsed JSON (None for null), headers {name: bytes}."""

    def __init__(self, r):
        self.offset = r.offset
        self.raw_key, self.raw_value = r.key, r.value
        self.key = json.loads(r.key) if r.key is not None else None
        self.value = json.loads(r.value) if r.value is not None else None
        self.headers = {k: v for k, v in (r.headers or [])}

    def __repr__(self):
        return f"Rec(key={self.raw_key!r}, value={self.raw_value!r:.300}, headers={self.headers})"


def read_topic(worker, topic, timeout=30, partition=0):
    """Every record of one partition from the beginning (stops after a quiet poll once something arrived)."""
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(bootstrap_servers=worker.bootstrap, enable_auto_commit=False,
                             consumer_timeout_ms=1500, api_version=(2, 5))
    tp = TopicPartition(topic, partition)
    consumer.assign([tp])
    consumer.seek_to_beginning(tp)
    out = []
    # Everything the partition held when the read began: a quiet poll under load is not the end of the data.
    try:
        end = consumer.end_offsets([tp]).get(tp, 0) or 0
    except Exception:  # the topic does not exist (yet)
        end = 0
    deadline = time.time() + timeout
    while time.time() < deadline and consumer.position(tp) < end:
        batch = consumer.poll(timeout_ms=500, max_records=100000)
        for records in batch.values():
            out += [Rec(r) for r in records]
    consumer.close()
    return out


def end_offset(worker, topic, partition=0):
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(bootstrap_servers=worker.bootstrap, enable_auto_commit=False, api_version=(2, 5))
    try:
        tp = TopicPartition(topic, partition)
        return consumer.end_offsets([tp]).get(tp, 0) or 0
    except Exception:
        return 0
    finally:
        consumer.close()


def wait_records(worker, topic, count, timeout=60, predicate=None):
    """Waits until `topic` holds at least `count` records (matching `predicate` if given); returns all records."""
    found = []

    def enough():
        found[:] = read_topic(worker, topic, 2)
        matching = [r for r in found if predicate is None or predicate(r)]
        return len(matching) >= count

    worker.wait_for(enough, timeout=timeout, what=f"{count} records in {topic}")
    return list(found)


def diff(expected, actual, path="$"):
    """Differences between two JSON documents, order of object keys included, as readable lines."""
    out = []
    if isinstance(expected, dict) and isinstance(actual, dict):
        if list(expected) != list(actual) and set(expected) == set(actual):
            out.append(f"{path}: key order {list(actual)} != expected {list(expected)}")
        for k in expected:
            if k not in actual:
                out.append(f"{path}.{k}: missing (expected {json.dumps(expected[k])[:200]})")
            else:
                out += diff(expected[k], actual[k], f"{path}.{k}")
        for k in actual:
            if k not in expected:
                out.append(f"{path}.{k}: unexpected {json.dumps(actual[k])[:200]}")
    elif isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            out.append(f"{path}: {len(actual)} items != expected {len(expected)}: {json.dumps(actual)[:300]}")
        for i, (e, a) in enumerate(zip(expected, actual)):
            out += diff(e, a, f"{path}[{i}]")
    elif type(expected) is not type(actual) or expected != actual:
        out.append(f"{path}: {json.dumps(actual)[:300]} != expected {json.dumps(expected)[:300]}")
    return out


def assert_same(expected, actual, what):
    problems = diff(expected, actual)
    assert not problems, f"{what} differs from Debezium:\n  " + "\n  ".join(problems) + \
        f"\nactual: {json.dumps(actual)[:3000]}"


def lsn_int(text):
    high, low = text.split("/")
    return (int(high, 16) << 32) | int(low, 16)


def slot_confirmed(pg, slot="tributary"):
    text = pg.psql(f"SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name='{slot}'", db="cdc")
    return lsn_int(text) if text else None


def committed_resume_lsn(worker, name="pg"):
    offsets = worker.offsets(name) or []
    for entry in offsets:
        offset = entry.get("offset") or {}
        if "lsn_resume" in offset:
            return offset["lsn_resume"]
    return None


def sqlite_sink_properties(path, db_path, topics, name="sqlite-sink", **extra):
    """A SQLite sink connector file (upserts by record key, deletes on, tables auto-created)."""
    props = {"name": name, "connector.class": "SQLiteSink", "topics": topics,
             "connection.url": f"jdbc:sqlite:{db_path}", "insert.mode": "upsert", "pk.mode": "record_key",
             "delete.enabled": "true", "auto.create": "true", "auto.evolve": "true", **extra}
    path.write_text("".join(f"{k}={v}\n" for k, v in props.items()))
    return str(path)


def sqlite_query(db_path, sql):
    try:
        with sqlite3.connect(db_path, timeout=10) as db:
            return db.execute(sql).fetchall()
    except sqlite3.OperationalError:
        return None

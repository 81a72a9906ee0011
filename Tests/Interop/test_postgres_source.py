"""PostgreSQL source end to end: a real PostgreSQL 15 (pg_server.py), the real `tributary standalone` worker with
PostgresSource, and kafka-python reading the topics. Snapshot + streaming, Debezium-shaped JSON, and SIGKILL of the
worker mid-stream: nothing lost, and the slot's confirmed_flush_lsn never passes the committed offset."""
import json
import threading
import time

import pytest

from connect_worker import Worker
from pg_server import PostgresServer


@pytest.fixture
def pg():
    server = PostgresServer().start()
    server.psql("CREATE DATABASE cdc")
    yield server
    server.destroy()


def read_topic(worker, topic, timeout=30):
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(bootstrap_servers=worker.bootstrap, enable_auto_commit=False,
                             consumer_timeout_ms=1500, api_version=(2, 5))
    partition = TopicPartition(topic, 0)
    consumer.assign([partition])
    consumer.seek_to_beginning(partition)
    out = []
    # Everything the partition held when the read began: a quiet poll under load is not the end of the data.
    try:
        end = consumer.end_offsets([partition]).get(partition, 0) or 0
    except Exception:  # the topic does not exist (yet)
        end = 0
    deadline = time.time() + timeout
    while time.time() < deadline and consumer.position(partition) < end:
        batch = consumer.poll(timeout_ms=500, max_records=100000)
        for records in batch.values():
            out += [(r.key, r.value) for r in records]
    consumer.close()
    return out


def json_worker(tmp_path, **props):
    return Worker(tmp_path / "worker", {
        "offset.flush.interval.ms": "500",
        "key.converter": "org.apache.kafka.connect.json.JsonConverter",
        "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "key.converter.schemas.enable": "false",
        "value.converter.schemas.enable": "false",
        **props,
    })


def connector(pg, **extra):
    return {"connector.class": "io.debezium.connector.postgresql.PostgresConnector", "topic.prefix": "dbserver1",
            "slot.name": "tributary", "publication.autocreate.mode": "filtered", "table.include.list": "inventory\\..*",
            **pg.connector_config("cdc"), **extra}


def ids(records):
    return [json.loads(k)["id"] for k, v in records if v is not None and json.loads(v)["op"] in ("c", "r")]


def test_snapshot_then_streaming_debezium_events(pg, tmp_path):
    pg.psql("CREATE SCHEMA inventory; CREATE TABLE inventory.customers (id SERIAL PRIMARY KEY, first_name VARCHAR(255) NOT NULL,"
            " last_name VARCHAR(255) NOT NULL, email VARCHAR(255) NOT NULL);"
            "INSERT INTO inventory.customers (first_name,last_name,email) VALUES ('Sally','Thomas','sally.thomas@acme.com')", db="cdc")
    worker = json_worker(tmp_path).start()
    try:
        code, body = worker.request("POST", "/connectors", {"name": "pg", "config": connector(pg)})
        assert code == 201, body
        worker.wait_for(lambda: len(read_topic(worker, "dbserver1.inventory.customers", 2)) >= 1, timeout=30, what="snapshot row")
        pg.psql("INSERT INTO inventory.customers (first_name,last_name,email) VALUES ('Anne','Kretchmar','annek@noanswer.org');"
                "UPDATE inventory.customers SET first_name='Anne Marie' WHERE id=2; DELETE FROM inventory.customers WHERE id=2;"
                "UPDATE inventory.customers SET id=100 WHERE id=1", db="cdc")
        worker.wait_for(lambda: len(read_topic(worker, "dbserver1.inventory.customers", 2)) >= 8, timeout=30, what="stream events")
        records = read_topic(worker, "dbserver1.inventory.customers")
        values = [json.loads(v) if v is not None else None for _, v in records]
        keys = [json.loads(k) for k, _ in records]
        ops = [v["op"] if v else None for v in values]
        assert ops == ["r", "c", "u", "d", None, "d", None, "c"], (ops, worker.output()[-3000:])
        snap = values[0]
        assert snap["after"] == {"id": 1, "first_name": "Sally", "last_name": "Thomas", "email": "sally.thomas@acme.com"}
        assert snap["source"]["snapshot"] == "last" and snap["source"]["connector"] == "postgresql"
        create = values[1]
        assert create["before"] is None and create["after"]["email"] == "annek@noanswer.org"
        assert create["source"]["snapshot"] == "false" and create["source"]["db"] == "cdc"
        assert create["source"]["schema"] == "inventory" and create["source"]["table"] == "customers"
        assert isinstance(create["source"]["lsn"], int) and isinstance(create["source"]["txId"], int)
        assert values[2]["before"] is None and values[2]["after"]["first_name"] == "Anne Marie"
        assert values[3]["before"] == {"id": 2, "first_name": "", "last_name": "", "email": ""} and values[3]["after"] is None
        assert keys[3] == {"id": 2} and keys[4] == {"id": 2}
        assert keys[5] == {"id": 1} and keys[7] == {"id": 100}
        slot = pg.psql("SELECT active FROM pg_replication_slots WHERE slot_name='tributary'", db="cdc")
        assert slot == "t"
    finally:
        worker.stop()


def committed_resume_lsn(worker):
    code, body = worker.request("GET", "/connectors/pg/offsets")
    if code != 200:
        return None
    for entry in body.get("offsets", []):
        offset = entry.get("offset") or {}
        if "lsn_resume" in offset:
            return offset["lsn_resume"]
    return None


def lsn_int(text):
    high, low = text.split("/")
    return (int(high, 16) << 32) | int(low, 16)


def test_sigkill_mid_stream_loses_nothing_and_slot_never_passes_offsets(pg, tmp_path):
    pg.psql("CREATE SCHEMA inventory; CREATE TABLE inventory.items (id int PRIMARY KEY, v text)", db="cdc")
    worker = json_worker(tmp_path).start()
    code, body = worker.request("POST", "/connectors", {"name": "pg", "config": connector(pg, **{"heartbeat.interval.ms": "500"})})
    assert code == 201, body
    stop = threading.Event()
    written = [0]
    violations = []

    def writer():
        n = 0
        while not stop.is_set():
            pg.psql(f"INSERT INTO inventory.items SELECT g, 'x' FROM generate_series({n}, {n + 49}) g", db="cdc")
            n += 50
            written[0] = n
            time.sleep(0.02)

    def checker():
        while not stop.is_set():
            confirmed = pg.psql("SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name='tributary'", db="cdc")
            try:
                committed = committed_resume_lsn(worker)
            except OSError:
                committed = None
            if confirmed and committed is not None and lsn_int(confirmed) > committed:
                # the slot may only hold what some committed offset said; offsets only grow, so read the slot first
                violations.append((confirmed, committed))
            time.sleep(0.2)

    threads = [threading.Thread(target=writer, daemon=True), threading.Thread(target=checker, daemon=True)]
    try:
        time.sleep(3)  # let the slot and publication appear
        for t in threads:
            t.start()
        for _ in range(4):
            time.sleep(2.5)
            worker.kill()
            worker.start()
        time.sleep(1)
    finally:
        stop.set()
        for t in threads:
            t.join()
    total = written[0]
    # One read of the ~17,000 records (with duplicates) can take kafka-python longer than 3 s on a slow machine.
    worker.wait_for(lambda: len(set(ids(read_topic(worker, "dbserver1.inventory.items", 20)))) >= total, timeout=120,
                    what=f"all {total} rows in the topic")
    got = ids(read_topic(worker, "dbserver1.inventory.items"))
    worker.stop()
    assert set(got) == set(range(total)), f"missing {sorted(set(range(total)) - set(got))[:20]}"
    assert not violations, violations[:5]
    print(f"SIGKILL x4: {total} rows, {len(got) - len(set(got))} duplicates")

"""Crash test of SQLiteSink (issue 5): a topic of sequence-numbered upserts and deletes (tombstones) is sunk into
SQLite while the whole `tributary standalone` process is killed with SIGKILL at random moments and restarted.

At the end the table must equal the final state the records describe, `PRAGMA integrity_check` must be ok, and
no record may have been applied twice: triggers the test creates before the sink starts log every applied
upsert's sequence number in a side table, in the sink's own transactions.

The default is the acceptance run, 1,000,000 records and 20 kills (about 45 s with the debug build on 2 cores);
TRIBUTARY_SQLITE_CRASH_RECORDS and TRIBUTARY_SQLITE_CRASH_KILLS change them.
"""
import json
import os
import random
import sqlite3
import time

from connect_worker import Worker

RECORDS = int(os.environ.get("TRIBUTARY_SQLITE_CRASH_RECORDS", "1000000"))
KILLS = int(os.environ.get("TRIBUTARY_SQLITE_CRASH_KILLS", "20"))
KEYS = 20_000
PARTITIONS = 3
TOPIC = "crash-events"
TABLE = "crash_events"


def produce(bootstrap, count):
    """Produces `count` records: key {"id": k}; value {"id": k, "seq": n, "val": …} or a tombstone (1 in 8).
    Returns the expected final table {id: (seq, val)} and the number of upserts."""
    from confluent_kafka import Producer

    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "linger.ms": 20,
                         "queue.buffering.max.messages": 2_000_000, "batch.num.messages": 10_000})
    rng = random.Random(20260101)
    expected = {}
    upserts = 0
    for seq in range(count):
        k = rng.randrange(KEYS)
        key = json.dumps({"id": k}).encode()
        if rng.random() < 0.125:
            value = None
            expected.pop(k, None)
        else:
            val = f"v{seq}-" + "x" * (seq % 17)
            value = json.dumps({"id": k, "seq": seq, "val": val}).encode()
            expected[k] = (seq, val)
            upserts += 1
        while True:
            try:
                producer.produce(TOPIC, key=key, value=value)
                break
            except BufferError:
                producer.poll(0.05)
        if seq % 20_000 == 0:
            producer.poll(0)
    assert producer.flush(60) == 0, "every record acknowledged"
    return expected, upserts


def stored_offsets(db_path):
    try:
        with sqlite3.connect(db_path, timeout=5) as db:
            return db.execute("SELECT coalesce(sum(next_offset), 0) FROM tributary_sink_offsets").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_sigkill_at_random_moments_neither_loses_nor_repeats_a_row(tmp_path):
    db_path = str(tmp_path / "sink.db")
    with sqlite3.connect(db_path) as db:
        db.executescript(f"""
            PRAGMA journal_mode = WAL;
            CREATE TABLE {TABLE} (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL, val TEXT);
            CREATE TABLE applied (seq INTEGER NOT NULL);
            CREATE TRIGGER {TABLE}_ins AFTER INSERT ON {TABLE} BEGIN INSERT INTO applied VALUES (new.seq); END;
            CREATE TRIGGER {TABLE}_upd AFTER UPDATE ON {TABLE} BEGIN INSERT INTO applied VALUES (new.seq); END;
        """)
    connector = tmp_path / "sqlite-sink.properties"
    connector.write_text("\n".join([
        "name=crash-sink",
        "connector.class=io.confluent.connect.jdbc.JdbcSinkConnector",
        f"topics={TOPIC}",
        f"connection.url=jdbc:sqlite:{db_path}",
        "insert.mode=upsert",
        "pk.mode=record_key",
        "pk.fields=id",
        "delete.enabled=true",
        "key.converter=org.apache.kafka.connect.json.JsonConverter",
        "key.converter.schemas.enable=false",
        "value.converter=org.apache.kafka.connect.json.JsonConverter",
        "value.converter.schemas.enable=false",
    ]) + "\n")
    worker = Worker(tmp_path / "worker", {"broker.num.partitions": str(PARTITIONS)}, connector_files=[str(connector)])
    worker.start()
    started = time.monotonic()
    expected, upserts = produce(worker.bootstrap, RECORDS)
    produced_at = time.monotonic()

    rng = random.Random(7)
    kills = 0
    progress = []
    try:
        while kills < KILLS:
            time.sleep(rng.uniform(0.2, 1.2))
            worker.kill()
            kills += 1
            progress.append(stored_offsets(db_path))
            worker.start()
        worker.wait_for(lambda: stored_offsets(db_path) >= RECORDS, timeout=900,
                        what=f"all {RECORDS} records in the sink's offsets")
        status = worker.status("crash-sink")
        assert status["tasks"][0]["state"] == "RUNNING", status
    finally:
        worker.stop()
    finished = time.monotonic()

    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        rows = {row[0]: (row[1], row[2]) for row in db.execute(f"SELECT id, seq, val FROM {TABLE}")}
        twice = db.execute("SELECT seq, count(*) FROM applied GROUP BY seq HAVING count(*) > 1 LIMIT 10").fetchall()
        applied = db.execute("SELECT count(*), count(DISTINCT seq) FROM applied").fetchone()
        offsets = db.execute("SELECT \"partition\", next_offset FROM tributary_sink_offsets ORDER BY 1").fetchall()
    assert twice == [], f"records applied twice: {twice}"
    assert applied == (upserts, upserts), f"applied {applied}, expected {upserts} upserts once each"
    assert rows == expected, (
        f"{len(rows)} rows vs {len(expected)} expected; "
        f"missing {sorted(set(expected) - set(rows))[:10]}, extra {sorted(set(rows) - set(expected))[:10]}")
    assert sum(offset for _, offset in offsets) == RECORDS
    assert kills == KILLS
    busy = sum(1 for offset in progress if offset < RECORDS)
    print(f"SQLite crash test: {RECORDS} records ({upserts} upserts, {RECORDS - upserts} tombstones) over "
          f"{PARTITIONS} partitions, {kills} SIGKILLs ({busy} while the sink was writing) at stored offsets {progress}; produce {produced_at - started:.1f} s, "
          f"sink with kills {finished - produced_at:.1f} s; {len(rows)} rows, integrity ok, no row applied twice")

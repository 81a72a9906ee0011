"""Faults around the PostgreSQL source (issue 6): the database restarted (`pg_ctl restart -m fast` and
`-m immediate`) while inserts continue -- the worker reconnects and every committed row reaches the topic
(duplicates allowed, loss never); the slot dropped while the connector is stopped -- the task FAILS with a message
naming the slot (REST status `trace`); a server with wal_level=replica -- the task FAILS saying so."""
import json
import subprocess
import threading
import time

import pytest

from pg_cdc import create_source, json_worker, pg, read_topic, source_config, wait_records  # noqa: F401
from pg_server import PostgresServer

NO_AUTO_RESTART = {"tributary.restart.backoff.enable": "false"}


def ids(records):
    return [json.loads(r.raw_key)["id"] for r in records if r.value is not None and r.value["op"] in ("c", "r")]


@pytest.mark.parametrize("mode", ["fast", "immediate"])
def test_database_restart_while_inserting_loses_nothing(pg, tmp_path, mode):
    pg.psql("CREATE SCHEMA inventory; CREATE TABLE inventory.items (id int PRIMARY KEY, v text)", db="cdc")
    worker = json_worker(tmp_path).start()
    create_source(worker, pg, **{"retriable.restart.connector.wait.ms": "1000"})
    time.sleep(2)
    stop = threading.Event()
    attempted = [0]

    def writer():
        n = 0
        while not stop.is_set():
            try:
                pg.psql(f"INSERT INTO inventory.items SELECT g, 'x' FROM generate_series({n}, {n + 19}) g", db="cdc")
            except subprocess.CalledProcessError:
                time.sleep(0.1)  # the server is down: this batch may or may not have committed; the table decides
            n += 20
            attempted[0] = n
            time.sleep(0.01)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        for _ in range(2):
            time.sleep(2)
            pg.stop(mode)
            time.sleep(0.5)
            pg.start()
        time.sleep(2)
    finally:
        stop.set()
        thread.join()
    committed = {int(x) for x in pg.psql("SELECT id FROM inventory.items", db="cdc").split()}
    assert len(committed) > 100
    worker.wait_for(lambda: committed <= set(ids(read_topic(worker, "dbserver1.inventory.items", 3))), timeout=120,
                    what=f"all {len(committed)} committed rows in the topic")
    got = ids(read_topic(worker, "dbserver1.inventory.items"))
    status = worker.status("pg")
    worker.stop()
    assert status["tasks"][0]["state"] == "RUNNING", status
    assert committed <= set(got), f"missing {sorted(committed - set(got))[:20]}"
    assert set(got) <= committed, f"rows that were never committed: {sorted(set(got) - committed)[:20]}"
    # Re-sent rows may only be whole transactions in flight at a restart (one 20-row batch per restart at most).
    assert len(got) - len(set(got)) <= 2 * 20, f"{len(got) - len(set(got))} duplicates"
    print(f"restart -m {mode} x2: {len(committed)} rows of {attempted[0]} attempted, {len(got) - len(set(got))} duplicates")


def test_slot_dropped_while_stopped_fails_the_task_naming_the_slot(pg, tmp_path):
    pg.psql("CREATE SCHEMA inventory; CREATE TABLE inventory.items (id int PRIMARY KEY, v text);"
            "INSERT INTO inventory.items VALUES (1, 'a')", db="cdc")
    worker = json_worker(tmp_path, **NO_AUTO_RESTART).start()
    create_source(worker, pg)
    wait_records(worker, "dbserver1.inventory.items", 1)
    pg.psql("INSERT INTO inventory.items VALUES (2, 'b')", db="cdc")
    wait_records(worker, "dbserver1.inventory.items", 2)
    worker.wait_for(lambda: any((e.get("offset") or {}).get("snapshot_completed") is True for e in worker.offsets("pg") or []),
                    timeout=30, what="a committed streaming offset")
    worker.stop()
    pg.psql("SELECT pg_drop_replication_slot('tributary')", db="cdc")
    pg.psql("INSERT INTO inventory.items VALUES (3, 'c')", db="cdc")
    worker.start()
    status = worker.wait_for_state("pg", "RUNNING", ["FAILED"], timeout=60)
    trace = status["tasks"][0].get("trace") or ""
    worker.stop()
    assert '"tributary"' in trace and "does not exist" in trace, trace
    # The slot must not have been silently re-created (that would skip the changes made meanwhile).
    assert pg.psql("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'tributary'", db="cdc") == "0"


def test_wal_level_replica_fails_with_a_clear_error(tmp_path):
    server = PostgresServer(extra_conf={"wal_level": "replica"}).start()
    try:
        server.psql("CREATE DATABASE cdc")
        server.psql("CREATE SCHEMA inventory; CREATE TABLE inventory.items (id int PRIMARY KEY)", db="cdc")
        worker = json_worker(tmp_path, **NO_AUTO_RESTART).start()
        # Validation on create already connects and refuses; if a connector got in anyway (created while the
        # server was down, say), its task must fail with the same message.
        code, body = worker.request("POST", "/connectors", {"name": "pg", "config": source_config(server)})
        if code == 201:
            status = worker.wait_for_state("pg", "RUNNING", ["FAILED"], timeout=60)
            message = status["tasks"][0].get("trace") or ""
        else:
            assert code == 400, (code, body)
            message = body["message"]
        worker.stop()
        assert "wal_level is 'replica'" in message and "wal_level=logical" in message, message
        assert server.psql("SELECT count(*) FROM pg_replication_slots") == "0"
    finally:
        server.destroy()

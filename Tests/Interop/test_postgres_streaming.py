"""pgoutput protocol version 2 streaming of large in-progress transactions (`streaming=true`, a Tributary extension)
against a real PostgreSQL 15 with logical_decoding_work_mem=64kB, so every transaction above ~64 kB of changes is
streamed to the connector while still open and spooled by it: (a) a 51,000-row transaction with a rolled-back and a
released savepoint while small transactions on another table commit from a second connection -- the topics hold
exactly the committed rows, the small ones before the big one and in commit order (the transaction topic's END
markers), no rolled-back row, one source.txId, and pg_stat_replication_slots shows the transaction was streamed;
(b) a streamed transaction that aborts emits nothing and leaves no spool file; (c) the worker SIGKILLed while a
streamed transaction is open (spooled, not committed): after the restart the transaction is streamed again from its
start, the dead worker's spool directory is removed, and once committed every row is there exactly once;
(d) with streaming=false the same big transaction arrives through proto 1 (the server spills it instead); (e) a table
whose Relation message was first streamed inside a rolled-back savepoint, then used by an ordinary transaction after
the stream commit (which pgoutput sends without a Relation message): no failure, every row. The task must never
fail: automatic restarts are off, so a failure cannot hide behind a clean resume."""
import json
import os
import subprocess
import time

import pytest

from pg_cdc import create_source, end_offset, json_worker, read_topic
from pg_server import PG_BIN, PostgresServer

BIG_TOPIC = "dbserver1.inventory.big"
SMALL_TOPIC = "dbserver1.inventory.small"
ROW = "repeat('x', 100)"
# A task failure must show as FAILED, not be hidden by an automatic restart that resumes cleanly.
NO_AUTO_RESTART = {"tributary.restart.backoff.enable": "false"}


@pytest.fixture
def pg():
    server = PostgresServer(extra_conf={"logical_decoding_work_mem": "'64kB'"}).start()
    server.psql("CREATE DATABASE cdc")
    server.psql("CREATE SCHEMA inventory; CREATE TABLE inventory.big (id int PRIMARY KEY, payload text);"
                "CREATE TABLE inventory.small (id int PRIMARY KEY, v text)", db="cdc")
    yield server
    server.destroy()


class Session:
    """One psql process fed over stdin, so that a transaction stays open between steps; `run` returns once the
    server has executed the statements (pg_stat_activity shows the step's marker query finished)."""

    def __init__(self, pg, name):
        self.pg, self.name, self.steps = pg, name, 0
        self.process = subprocess.Popen(
            [f"{PG_BIN}/psql", "-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres", "-d", "cdc", "-q",
             "-v", "ON_ERROR_STOP=1"],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            env=dict(os.environ, PGAPPNAME=name))

    def run(self, sql, timeout=120):
        self.steps += 1
        marker = f"step {self.name} {self.steps}"
        self.process.stdin.write(f"{sql};\nSELECT '{marker}';\n")
        self.process.stdin.flush()
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"psql {self.name} exited: {self.process.stderr.read()}")
            state = self.pg.psql(f"SELECT state FROM pg_stat_activity WHERE application_name = '{self.name}' "
                                 f"AND query LIKE '%{marker}%'", db="cdc")
            if state in ("idle", "idle in transaction"):
                return
            time.sleep(0.05)
        raise AssertionError(f"psql {self.name}: step {self.steps} did not finish within {timeout} s")

    def close(self):
        self.process.stdin.close()
        assert self.process.wait(timeout=60) == 0, self.process.stderr.read()


def streamed_transactions(pg):
    text = pg.psql("SELECT coalesce(sum(stream_txns), 0) FROM pg_stat_replication_slots WHERE slot_name = 'tributary'",
                   db="cdc")
    return int(text or 0)


def spool_files(spool_dir):
    """{path: size} of the spool files in every spool directory of the slot under `spool_dir`."""
    out = {}
    for directory in spool_dir.glob("tributary-spool-tributary-*"):
        for path in directory.glob("xid-*.spool"):
            try:
                out[str(path)] = path.stat().st_size
            except FileNotFoundError:
                pass
    return out


def spool_dirs(spool_dir):
    return sorted(str(p) for p in spool_dir.glob("tributary-spool-tributary-*"))


def assert_never_failed(worker, status):
    assert status["tasks"][0]["state"] == "RUNNING", status
    log = open(worker.log_path, errors="replace").read()
    assert "PostgreSQL source failed" not in log, log[-4000:]


def ids(records):
    return [r.value["after"]["id"] for r in records if r.value is not None and r.value["op"] in ("c", "r")]


def wait_end_offset(worker, topic, count, timeout=120):
    worker.wait_for(lambda: end_offset(worker, topic) >= count, timeout=timeout, what=f"{count} records in {topic}")


def start_streaming_source(pg, tmp_path, **extra):
    spool = tmp_path / "spool"
    spool.mkdir(exist_ok=True)
    worker = json_worker(tmp_path, **NO_AUTO_RESTART).start()
    create_source(worker, pg, **{"streaming": "true", "streaming.spool.dir": str(spool), **extra})
    worker.wait_for(lambda: pg.psql("SELECT active FROM pg_replication_slots WHERE slot_name = 'tributary'", db="cdc") == "t",
                    timeout=60, what="the replication slot to be active")
    worker.wait_for(lambda: spool_dirs(spool), timeout=30, what="the spool directory")
    return worker, spool


def test_big_transaction_with_savepoints_interleaved_with_small_ones(pg, tmp_path):
    worker, spool = start_streaming_source(pg, tmp_path, **{"provide.transaction.metadata": "true"})
    big = Session(pg, "big")
    big.run(f"BEGIN; INSERT INTO inventory.big SELECT g, {ROW} FROM generate_series(1, 20000) g")
    worker.wait_for(lambda: streamed_transactions(pg) >= 1 and any(spool_files(spool).values()), timeout=60,
                    what="the open transaction to be streamed and spooled")
    for i in (1, 2, 3):
        pg.psql(f"INSERT INTO inventory.small VALUES ({i}, 'during')", db="cdc")
    wait_end_offset(worker, SMALL_TOPIC, 3)
    # A rolled-back savepoint in the middle (its rows are streamed, then cut out of the spool) and more rows.
    big.run(f"SAVEPOINT s; INSERT INTO inventory.big SELECT g, {ROW} FROM generate_series(100001, 105000) g;"
            f"ROLLBACK TO SAVEPOINT s")
    pg.psql("INSERT INTO inventory.small VALUES (4, 'during')", db="cdc")
    big.run(f"INSERT INTO inventory.big SELECT g, {ROW} FROM generate_series(20001, 50000) g;"
            f"SAVEPOINT r; INSERT INTO inventory.big SELECT g, {ROW} FROM generate_series(50001, 51000) g; RELEASE SAVEPOINT r")
    wait_end_offset(worker, SMALL_TOPIC, 4)
    assert end_offset(worker, BIG_TOPIC) == 0, "rows of an uncommitted transaction reached the topic"
    big.run("COMMIT")
    big.close()
    pg.psql("INSERT INTO inventory.small VALUES (5, 'after')", db="cdc")
    wait_end_offset(worker, BIG_TOPIC, 51000)
    wait_end_offset(worker, SMALL_TOPIC, 5)
    time.sleep(1)
    big_records = read_topic(worker, BIG_TOPIC, timeout=120)
    small_records = read_topic(worker, SMALL_TOPIC)
    markers = [r.value for r in read_topic(worker, "dbserver1.transaction")]
    left = spool_files(spool)
    streamed = streamed_transactions(pg)
    status = worker.status("pg")
    worker.stop()
    assert_never_failed(worker, status)
    log = open(worker.log_path, errors="replace").read()

    assert ids(big_records) == list(range(1, 51001)), "the big topic is not exactly the committed rows in order"
    assert ids(small_records) == [1, 2, 3, 4, 5]
    big_xids = {r.value["source"]["txId"] for r in big_records}
    assert len(big_xids) == 1, big_xids
    big_xid = big_xids.pop()
    small_xids = [r.value["source"]["txId"] for r in small_records]
    # Commit order across both tables: the four small transactions that committed while the big one was open,
    # then the big one, then the last small one.
    ends = [m for m in markers if m["status"] == "END"]
    assert [int(m["id"].split(":")[0]) for m in ends] == small_xids[:4] + [big_xid] + small_xids[4:], ends
    assert ends[4]["event_count"] == 51000
    assert [r.value["transaction"]["total_order"] for r in big_records[:3]] == [1, 2, 3]
    assert streamed >= 1
    assert left == {}, left
    assert "proto.version=2" in log or "proto.version: 2" in log or '"proto.version": "2"' in log, log[-3000:]


def test_aborted_streamed_transaction_emits_nothing(pg, tmp_path):
    worker, spool = start_streaming_source(pg, tmp_path)
    big = Session(pg, "big")
    big.run(f"BEGIN; INSERT INTO inventory.big SELECT g, {ROW} FROM generate_series(1, 20000) g")
    worker.wait_for(lambda: streamed_transactions(pg) >= 1 and any(spool_files(spool).values()), timeout=60,
                    what="the open transaction to be streamed and spooled")
    big.run("ROLLBACK")
    big.close()
    pg.psql("INSERT INTO inventory.small VALUES (1, 'after the abort')", db="cdc")
    wait_end_offset(worker, SMALL_TOPIC, 1)
    worker.wait_for(lambda: spool_files(spool) == {}, timeout=30, what="the aborted transaction's spool to be removed")
    time.sleep(1)
    status = worker.status("pg")
    big_count = end_offset(worker, BIG_TOPIC)
    worker.stop()
    assert_never_failed(worker, status)
    assert big_count == 0
    assert spool_dirs(spool) == [], "the spool directory outlived the task"


def test_sigkill_with_an_open_streamed_transaction(pg, tmp_path):
    worker, spool = start_streaming_source(pg, tmp_path)
    big = Session(pg, "big")
    big.run(f"BEGIN; INSERT INTO inventory.big SELECT g, {ROW} FROM generate_series(1, 20000) g")
    pg.psql("INSERT INTO inventory.small VALUES (1, 'during')", db="cdc")
    worker.wait_for(lambda: any(spool_files(spool).values()), timeout=60, what="the open transaction to be spooled")
    wait_end_offset(worker, SMALL_TOPIC, 1)
    time.sleep(1.5)  # let the small transaction's offset be committed (offset.flush.interval.ms=500)
    dead = spool_dirs(spool)
    worker.kill()
    assert len(dead) == 1 and os.path.isdir(dead[0]), dead
    pg.psql("INSERT INTO inventory.small VALUES (2, 'while down')", db="cdc")
    worker.start()
    worker.wait_for(lambda: pg.psql("SELECT active FROM pg_replication_slots WHERE slot_name = 'tributary'", db="cdc") == "t",
                    timeout=60, what="the slot to be active again")
    # The new session: the dead worker's spool directory is gone, and once the open transaction grows past the
    # start position it is streamed again from its first row into a new spool.
    worker.wait_for(lambda: spool_dirs(spool) and spool_dirs(spool) != dead, timeout=60, what="a new spool directory")
    assert not os.path.exists(dead[0]), "the killed worker's spool directory was not removed"
    big.run(f"INSERT INTO inventory.big SELECT g, {ROW} FROM generate_series(20001, 40000) g")
    worker.wait_for(lambda: spool_files(spool) and all(p.startswith(spool_dirs(spool)[0]) for p in spool_files(spool)),
                    timeout=60, what="the transaction to be spooled again")
    big.run("COMMIT")
    big.close()
    wait_end_offset(worker, BIG_TOPIC, 40000)
    wait_end_offset(worker, SMALL_TOPIC, 2)
    time.sleep(1)
    got = ids(read_topic(worker, BIG_TOPIC, timeout=120))
    small = ids(read_topic(worker, SMALL_TOPIC))
    status = worker.status("pg")
    worker.stop()
    assert_never_failed(worker, status)
    assert got == list(range(1, 40001)), f"{len(got)} rows, {len(got) - len(set(got))} duplicates"
    # The small transactions: each at least once; a transaction in flight at the kill may be re-sent whole.
    assert set(small) == {1, 2} and len(small) <= 3, small


def test_streaming_off_delivers_the_same_transaction_through_proto_1(pg, tmp_path):
    spool = tmp_path / "spool"
    spool.mkdir()
    worker = json_worker(tmp_path, **NO_AUTO_RESTART).start()
    create_source(worker, pg, **{"streaming.spool.dir": str(spool)})
    worker.wait_for(lambda: pg.psql("SELECT active FROM pg_replication_slots WHERE slot_name = 'tributary'", db="cdc") == "t",
                    timeout=60, what="the replication slot to be active")
    pg.psql(f"BEGIN; INSERT INTO inventory.big SELECT g, {ROW} FROM generate_series(1, 20000) g;"
            f"SAVEPOINT s; INSERT INTO inventory.big SELECT g, {ROW} FROM generate_series(100001, 105000) g;"
            f"ROLLBACK TO SAVEPOINT s; INSERT INTO inventory.big SELECT g, {ROW} FROM generate_series(20001, 50000) g; COMMIT",
            db="cdc")
    wait_end_offset(worker, BIG_TOPIC, 50000)
    time.sleep(1)
    got = ids(read_topic(worker, BIG_TOPIC, timeout=120))
    streamed = streamed_transactions(pg)
    spilled = int(pg.psql("SELECT spill_txns FROM pg_stat_replication_slots WHERE slot_name = 'tributary'", db="cdc") or 0)
    status = worker.status("pg")
    worker.stop()
    assert_never_failed(worker, status)
    assert got == list(range(1, 50001))
    assert streamed == 0 and spilled >= 1, (streamed, spilled)
    assert spool_dirs(spool) == []


def test_relation_first_streamed_in_a_rolled_back_savepoint_and_used_after_the_commit(pg, tmp_path):
    worker, spool = start_streaming_source(pg, tmp_path)
    big = Session(pg, "big")
    # The table's first change in this session is inside a savepoint: pgoutput streams its Relation message tagged
    # with the savepoint's xid, once per streamed transaction, and does not send it again after ROLLBACK TO.
    big.run(f"BEGIN; SAVEPOINT s; INSERT INTO inventory.big SELECT g, {ROW} FROM generate_series(100001, 120000) g")
    worker.wait_for(lambda: streamed_transactions(pg) >= 1 and any(spool_files(spool).values()), timeout=60,
                    what="the open transaction to be streamed and spooled")
    big.run(f"ROLLBACK TO SAVEPOINT s; INSERT INTO inventory.big SELECT g, {ROW} FROM generate_series(1, 20000) g")
    big.run("COMMIT")
    big.close()
    # On a stream commit pgoutput counts the streamed Relation as sent (cleanup_rel_sync_cache), so an ordinary
    # transaction on the same table afterwards comes without one.
    pg.psql("INSERT INTO inventory.big VALUES (20001, 'ordinary')", db="cdc")
    wait_end_offset(worker, BIG_TOPIC, 20001, timeout=60)
    time.sleep(1)
    got = ids(read_topic(worker, BIG_TOPIC, timeout=60))
    status = worker.status("pg")
    worker.stop()
    assert_never_failed(worker, status)
    assert got == list(range(1, 20002))

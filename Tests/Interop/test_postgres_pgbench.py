"""pgbench through the PostgreSQL source and the SQLite sink in one worker (issue 6): `pgbench -i -s 10`
(1,000,000 accounts, taken by the initial snapshot), then `pgbench -c 4 -T 60` -- afterwards every pgbench table
in SQLite equals PostgreSQL's row by row. Then a second run, `pgbench -c 4 -T 60`, while the worker is killed with
SIGKILL every 15 s and restarted: the tables still equal, and
the slot's confirmed_flush_lsn never passes the committed source offset (`lsn_resume`).

pgbench_history has no primary key and the source may re-send the uncommitted tail after a crash, so the test gives
it one before the runs (`ALTER TABLE pgbench_history ADD COLUMN hid bigserial PRIMARY KEY`); the sink's upserts
by key then make re-sent rows harmless. The runs use `pgbench -n`: without it pgbench starts by truncating
pgbench_history, and a TRUNCATE is not applied to the sink (Debezium's default `skipped.operations=t` skips it)."""
import os
import signal
import sqlite3
import subprocess
import threading
import time

from pg_cdc import committed_resume_lsn, create_source, json_worker, pg, slot_confirmed, sqlite_query, sqlite_sink_properties  # noqa: F401
from pg_server import PG_BIN

SCALE = int(os.environ.get("TRIBUTARY_PGBENCH_SCALE", "10"))
# pgbench -T of each phase (the issue asks for 60 s; shorter only for runs by hand).
SECONDS = int(os.environ.get("TRIBUTARY_PGBENCH_SECONDS", "60"))
TABLES = {  # table -> (key, columns as SQL for PostgreSQL, the same for SQLite)
    "pgbench_accounts": ("aid", "aid, bid, abalance, filler", "aid, bid, abalance, filler"),
    "pgbench_branches": ("bid", "bid, bbalance, filler", "bid, bbalance, filler"),
    "pgbench_tellers": ("tid", "tid, bid, tbalance, filler", "tid, bid, tbalance, filler"),
    "pgbench_history": ("hid", "hid, tid, bid, aid, delta, (extract(epoch FROM mtime) * 1000000)::bigint, filler",
                        "hid, tid, bid, aid, delta, mtime, filler"),
}


def pgbench(pg, *args):
    subprocess.run([f"{PG_BIN}/pgbench", "-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres", *args, "cdc"],
                   check=True, capture_output=True, text=True)


def pg_rows(pg, table):
    key, columns, _ = TABLES[table]
    out = subprocess.run([f"{PG_BIN}/psql", "-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres", "-d", "cdc", "-At",
                          "-F", "\x1f", "-c", f"SELECT {columns} FROM public.{table} ORDER BY {key}"],
                         check=True, capture_output=True, text=True).stdout
    return [tuple(line.split("\x1f")) for line in out.splitlines()]


def sqlite_rows(db_path, table):
    key, _, columns = TABLES[table]
    rows = sqlite_query(db_path, f"SELECT {columns} FROM dbserver1_public_{table} ORDER BY {key}") or []
    return [tuple("" if v is None else str(v) for v in row) for row in rows]


def summary_pg(pg, table):
    key = TABLES[table][0]
    return pg.psql(f"SELECT count(*) || ',' || coalesce(sum({key}), 0) FROM public.{table}", db="cdc")


def summary_sqlite(db_path, table):
    key = TABLES[table][0]
    rows = sqlite_query(db_path, f"SELECT count(*) || ',' || coalesce(sum({key}), 0) FROM dbserver1_public_{table}")
    return rows[0][0] if rows else None


def balances_pg(pg):
    return pg.psql("SELECT (SELECT sum(abalance) FROM pgbench_accounts) || ',' || (SELECT sum(bbalance) FROM pgbench_branches)"
                   " || ',' || (SELECT sum(tbalance) FROM pgbench_tellers)", db="cdc")


def balances_sqlite(db_path):
    rows = sqlite_query(db_path, "SELECT (SELECT sum(abalance) FROM dbserver1_public_pgbench_accounts) || ',' || "
                        "(SELECT sum(bbalance) FROM dbserver1_public_pgbench_branches) || ',' || "
                        "(SELECT sum(tbalance) FROM dbserver1_public_pgbench_tellers)")
    return rows[0][0] if rows else None


def wait_converged(worker, pg, db_path, timeout):
    def same():
        return all(summary_pg(pg, t) == summary_sqlite(db_path, t) for t in TABLES) and balances_pg(pg) == balances_sqlite(db_path)
    worker.wait_for(same, timeout=timeout, what="SQLite to catch up with PostgreSQL: " +
                    "; ".join(f"{t} pg={summary_pg(pg, t)} sqlite={summary_sqlite(db_path, t)}" for t in TABLES))


def assert_tables_equal(pg, db_path, phase):
    for table in TABLES:
        expected, actual = pg_rows(pg, table), sqlite_rows(db_path, table)
        if expected != actual:
            diffs = [(e, a) for e, a in zip(expected, actual) if e != a][:5]
            raise AssertionError(f"{phase}: {table} differs: {len(expected)} rows in PostgreSQL, {len(actual)} in SQLite; "
                                 f"first differences {diffs}")


def test_pgbench_tables_equal_in_sqlite_with_and_without_sigkills(pg, tmp_path):
    pgbench(pg, "-i", "-s", str(SCALE), "-q")
    pg.psql("ALTER TABLE pgbench_history ADD COLUMN hid bigserial PRIMARY KEY", db="cdc")
    db_path = str(tmp_path / "sink.db")
    # The sink gets schemaless JSON, where a column that is null in every record (pgbench_branches.filler) would never
    # be created; so the SQLite tables are made up front with every column.
    with sqlite3.connect(db_path) as db:
        db.executescript("""
            CREATE TABLE dbserver1_public_pgbench_accounts (aid INTEGER PRIMARY KEY, bid INTEGER, abalance INTEGER, filler TEXT);
            CREATE TABLE dbserver1_public_pgbench_branches (bid INTEGER PRIMARY KEY, bbalance INTEGER, filler TEXT);
            CREATE TABLE dbserver1_public_pgbench_tellers (tid INTEGER PRIMARY KEY, bid INTEGER, tbalance INTEGER, filler TEXT);
            CREATE TABLE dbserver1_public_pgbench_history (hid INTEGER PRIMARY KEY, tid INTEGER, bid INTEGER, aid INTEGER,
                                                           delta INTEGER, mtime INTEGER, filler TEXT);
        """)
    sink = sqlite_sink_properties(tmp_path / "sink.properties", db_path, ",".join(f"dbserver1.public.{t}" for t in TABLES))
    worker = json_worker(tmp_path, connector_files=[sink]).start()
    started = time.monotonic()
    create_source(worker, pg, include="public\\.pgbench_.*", **{"heartbeat.interval.ms": "1000"})

    # Phase 1: snapshot, then a minute of pgbench while everything runs.
    pgbench(pg, "-n", "-c", "4", "-j", "2", "-T", str(SECONDS))
    wait_converged(worker, pg, db_path, timeout=900)
    assert_tables_equal(pg, db_path, "without kills")
    phase1 = time.monotonic() - started
    history1 = int(summary_pg(pg, "pgbench_history").split(",")[0])

    # Phase 2: pgbench for a minute, the worker killed every 15 s; the slot never confirms past the committed offset.
    stop = threading.Event()
    violations, checks = [], [0]

    def checker():
        while not stop.is_set():
            confirmed = slot_confirmed(pg)
            try:
                committed = committed_resume_lsn(worker)
            except OSError:
                committed = None
            if confirmed is not None and committed is not None:
                checks[0] += 1
                if confirmed > committed:  # read the slot first: committed offsets only grow
                    violations.append((confirmed, committed))
            time.sleep(0.2)

    bench = threading.Thread(target=pgbench, args=(pg, "-n", "-c", "4", "-j", "2", "-T", str(SECONDS)), daemon=True)
    watch = threading.Thread(target=checker, daemon=True)
    bench.start()
    watch.start()
    kills = 0
    try:
        while bench.is_alive():
            bench.join(15)
            if bench.is_alive():
                worker.stop(signal.SIGKILL)
                kills += 1
                worker.start()
        wait_converged(worker, pg, db_path, timeout=900)
    finally:
        stop.set()
        watch.join()
    assert_tables_equal(pg, db_path, f"with {kills} SIGKILLs")
    status = worker.status("pg")
    worker.stop()
    assert status["tasks"][0]["state"] == "RUNNING", status
    assert kills >= 2, kills
    assert checks[0] > 0 and not violations, violations[:5]
    history2 = int(summary_pg(pg, "pgbench_history").split(",")[0]) - history1
    print(f"pgbench: scale {SCALE}; phase 1 {history1} transactions, equal after {phase1:.0f} s; phase 2 {history2} "
          f"transactions with {kills} SIGKILLs, equal; {checks[0]} slot checks; total {time.monotonic() - started:.0f} s")

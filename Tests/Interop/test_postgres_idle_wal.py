"""An idle captured database next to a busy one (issue 6): for 10 minutes (TRIBUTARY_PG_IDLE_SECONDS) another
database on the same server writes ~1 MB of WAL a second while the captured database `cdc` has no changes at all,
and the connector runs with heartbeats on. Logical decoding reads the whole server's WAL, so a slot that is not
advanced while idle retains all of it; ours must stay under 64 MiB retained. The test also requires that much more
than 64 MiB of WAL was written, so a slot that never moved would fail it; and the heartbeat topic must have grown."""
import os
import subprocess
import threading
import time

from pg_cdc import create_source, end_offset, json_worker, pg  # noqa: F401  (pg is a fixture)

DURATION = int(os.environ.get("TRIBUTARY_PG_IDLE_SECONDS", "600"))
LIMIT = 64 * 1024 * 1024


def test_idle_database_slot_keeps_wal_under_64_mib(pg, tmp_path):
    pg.psql("CREATE TABLE public.quiet (id int PRIMARY KEY)", db="cdc")
    pg.psql("CREATE DATABASE busy")
    pg.psql("CREATE TABLE filler (id bigserial PRIMARY KEY, pad text)", db="busy")
    worker = json_worker(tmp_path).start()
    stop = threading.Event()
    errors = []

    def write():
        # ~1,000 rows of 1 KB a second; the table is emptied now and then so it does not grow without bound.
        n = 0
        while not stop.is_set():
            try:
                pg.psql("INSERT INTO filler (pad) SELECT repeat(md5(g::text), 32) FROM generate_series(1, 1000) g", db="busy")
                n += 1
                if n % 60 == 0:
                    pg.psql("TRUNCATE filler", db="busy")
            except subprocess.CalledProcessError as error:
                errors.append(error.stderr)
                return
            time.sleep(1)

    try:
        create_source(worker, pg, include="public.quiet", **{"heartbeat.interval.ms": "1000"})
        worker.wait_for(lambda: pg.psql("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'tributary' AND active")
                        == "1", timeout=60, what="the slot streaming")
        start_lsn = pg.psql("SELECT pg_current_wal_lsn()")
        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        retained = []
        deadline = time.time() + DURATION
        while time.time() < deadline:
            time.sleep(10)
            value = pg.psql("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint FROM pg_replication_slots"
                            " WHERE slot_name = 'tributary'")
            retained.append(int(value))
            assert retained[-1] < LIMIT, (f"the slot retains {retained[-1] / 2**20:.1f} MiB after "
                                          f"{len(retained) * 10} s; samples {retained}\n{worker.output()[-3000:]}")
        stop.set()
        writer.join(timeout=30)
        assert not errors, errors
        written = int(pg.psql(f"SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '{start_lsn}')::bigint"))
        # 256 MiB over the full 10 minutes (a shortened local run needs proportionally less).
        assert written > min(4 * LIMIT, DURATION * 400_000), f"only {written / 2**20:.0f} MiB of WAL written: the test proves nothing"
        assert end_offset(worker, "__debezium-heartbeat.dbserver1") > DURATION // 10, "heartbeats were emitted"
        print(f"WAL written {written / 2**20:.0f} MiB; retained by the slot at most {max(retained) / 2**20:.1f} MiB")
    finally:
        stop.set()
        worker.stop()

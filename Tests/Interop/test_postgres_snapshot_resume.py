"""Snapshot resume (issue 6): a 2,000,000-row table is snapshotted by the PostgreSQL source while the SQLite sink
in the same worker writes the topic into SQLite; the worker is killed with SIGKILL about halfway through the
snapshot (watching the topic's end offset) and restarted. The snapshot must resume after the last committed row
(the log says so and the second run reads far fewer than 2,000,000 rows) and finish: the topic holds every id at
least once with no gap (the source may re-send the uncommitted tail), and SQLite, through the sink's upserts, holds
every row exactly once (count and sum of ids). TRIBUTARY_PG_RESUME_ROWS changes the row count."""
import os
import re
import signal
import subprocess
import time

from conftest import tributary_binary
from pg_cdc import create_source, end_offset, json_worker, pg, sqlite_query, sqlite_sink_properties  # noqa: F401

ROWS = int(os.environ.get("TRIBUTARY_PG_RESUME_ROWS", "2000000"))
TOPIC = "dbserver1.public.big"


def topic_ids(worker):
    out = subprocess.run([tributary_binary(), "consume", TOPIC, "--from-beginning", "--exit-at-end",
                          "--bootstrap-server", worker.bootstrap, "--format", "%k\\n"],
                         capture_output=True, timeout=600, check=True).stdout.decode()
    return [int(m) for m in re.findall(r'"id":(\d+)', out)]


def test_snapshot_killed_halfway_resumes_and_every_row_arrives_once(pg, tmp_path):
    pg.psql(f"CREATE TABLE public.big (id int PRIMARY KEY, v text NOT NULL);"
            f"INSERT INTO public.big SELECT g, 'row-' || g FROM generate_series(1, {ROWS}) g; ANALYZE public.big", db="cdc")
    db_path = str(tmp_path / "sink.db")
    sink = sqlite_sink_properties(tmp_path / "sink.properties", db_path, TOPIC, **{"table.name.format": "big"})
    worker = json_worker(tmp_path, connector_files=[sink]).start()
    started = time.monotonic()
    create_source(worker, pg, include="public.big", **{"snapshot.fetch.size": "20000"})
    worker.wait_for(lambda: end_offset(worker, TOPIC) >= ROWS // 2, timeout=900, what="half of the snapshot in the topic")
    at_kill = end_offset(worker, TOPIC)
    worker.stop(signal.SIGKILL)
    log_before = open(worker.log_path, errors="replace").read()
    assert "snapshot finished" not in log_before, "the snapshot finished before the kill; raise TRIBUTARY_PG_RESUME_ROWS"
    worker.start()
    worker.wait_for(lambda: "snapshot finished" in open(worker.log_path, errors="replace").read()[len(log_before):],
                    timeout=900, what="the resumed snapshot to finish")
    worker.wait_for(lambda: (sqlite_query(db_path, "SELECT count(*) FROM big") or [(0,)])[0][0] >= ROWS, timeout=600,
                    what=f"{ROWS} rows in SQLite")
    time.sleep(2)
    count, total = sqlite_query(db_path, "SELECT count(*), sum(id) FROM big")[0]
    wrong = sqlite_query(db_path, "SELECT count(*) FROM big WHERE v != 'row-' || id")[0][0]
    ids = topic_ids(worker)
    elapsed = time.monotonic() - started
    log_after = open(worker.log_path, errors="replace").read()[len(log_before):]
    status = worker.status("pg")
    worker.stop()

    assert status["tasks"][0]["state"] == "RUNNING", status
    assert (count, total) == (ROWS, ROWS * (ROWS + 1) // 2), (count, total)
    assert wrong == 0
    assert set(ids) == set(range(1, ROWS + 1)), f"{len(set(ids))} distinct ids in the topic"
    # Resumed, not restarted: the stored offset named the table and key, and the second run read the rest only.
    assert re.search(r"resume\.table=public\.big", log_after), log_after[:3000]
    done = [int(x) for x in re.findall(r"rows\.done=(\d+)", log_after)]
    assert done and max(done) < ROWS - ROWS // 4, f"second run read {max(done or [0])} rows"
    resent = len(ids) - ROWS
    print(f"snapshot resume: {ROWS} rows, killed at topic offset {at_kill}, second run read {max(done)} rows, "
          f"{resent} re-sent records in the topic, {elapsed:.0f} s")

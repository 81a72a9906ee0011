"""The Quick start's demo: scripts/demo-postgres.sh starts the throwaway PostgreSQL with its inventory schema, and
`tributary standalone --demo-postgres` (embedded defaults, only the ports moved off 8083/9092) streams it into
topics and on into SQLite: the snapshot rows arrive, then an update and a delete made in PostgreSQL show in the
SQLite table; the file part of the demo fills its own table meanwhile. Also checks the snapshot/lag gauges the
Postgres task publishes in its REST status and in /metrics."""
import json
import os
import sqlite3
import subprocess
import tempfile
import time
import urllib.request

import pytest

from conftest import ROOT, free_port, tributary_binary

SCRIPT = str(ROOT / "scripts" / "demo-postgres.sh")
PSQL = "/usr/lib/postgresql/15/bin/psql"


@pytest.fixture
def demo_pg():
    data = tempfile.mkdtemp(prefix="tributary-demo-pg-")
    os.chmod(data, 0o755)
    env = dict(os.environ, DEMO_PG_DATA=os.path.join(data, "pg"), DEMO_PG_PORT=str(free_port()))
    subprocess.run([SCRIPT, "start"], check=True, env=env, capture_output=True, text=True)
    yield env
    subprocess.run([SCRIPT, "stop"], env=env, capture_output=True)
    subprocess.run(["rm", "-rf", data])


def psql(env, sql):
    return subprocess.run([PSQL, "-h", "127.0.0.1", "-p", env["DEMO_PG_PORT"], "-U", "postgres", "-d", "demo",
                           "-v", "ON_ERROR_STOP=1", "-At", "-c", sql], check=True, capture_output=True, text=True).stdout.strip()


def rows(path, sql):
    if not os.path.exists(path):
        return None
    try:
        with sqlite3.connect(path, timeout=5) as db:
            return db.execute(sql).fetchall()
    except sqlite3.OperationalError:
        return None


def wait_for(predicate, what, log, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}; worker log:\n{open(log, errors='replace').read()[-4000:]}")


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def test_demo_streams_postgres_into_sqlite(demo_pg, tmp_path):
    rest, broker = free_port(), free_port()
    log = str(tmp_path / "demo.log")
    with open(log, "wb") as out:
        worker = subprocess.Popen(
            [tributary_binary(), "standalone", "--data-dir", str(tmp_path / "data"),
             "--demo-postgres", f"127.0.0.1:{demo_pg['DEMO_PG_PORT']}",
             "--override", f"listeners=http://127.0.0.1:{rest}",
             "--override", f"broker.listeners=PLAINTEXT://127.0.0.1:{broker}"],
            stdout=out, stderr=subprocess.STDOUT)
    try:
        inventory = str(tmp_path / "data" / "demo" / "inventory.db")
        customers = "SELECT id, first_name, email FROM demo_inventory_customers ORDER BY id"
        wait_for(lambda: (rows(inventory, customers) or []) and len(rows(inventory, customers)) == 4, "snapshot in SQLite", log)
        assert rows(inventory, customers)[0] == (1, "Sally", "sally.thomas@acme.com")
        # Each table's snapshot reaches SQLite in its own sink batch: the orders table may come a moment later.
        wait_for(lambda: rows(inventory, "SELECT count(*) FROM demo_inventory_orders") == [(4,)], "orders in SQLite", log)

        psql(demo_pg, "UPDATE inventory.customers SET email = 'sally@new.example' WHERE id = 1;"
                      "DELETE FROM inventory.orders WHERE id = 4")
        wait_for(lambda: rows(inventory, customers)[0][2] == "sally@new.example", "the update in SQLite", log)
        wait_for(lambda: rows(inventory, "SELECT count(*) FROM demo_inventory_orders") == [(3,)], "the delete in SQLite", log)

        requests = str(tmp_path / "data" / "demo" / "demo.db")
        wait_for(lambda: (rows(requests, "SELECT count(*) FROM requests") or [(0,)])[0][0] > 0, "the file demo's rows", log)

        status = json.loads(get(f"http://127.0.0.1:{rest}/connectors/demo-postgres-source/status"))
        gauges = {(g["name"], g.get("labels", {}).get("table")): g["value"] for g in status["tasks"][0].get("metrics", [])}
        assert gauges[("snapshot_rows_scanned", "inventory.customers")] == 4, status
        assert gauges[("snapshot_running", None)] == 0, status

        def slot_gauge():
            text = get(f"http://127.0.0.1:{rest}/metrics")
            return [line for line in text.splitlines()
                    if line.startswith("tributary_connect_task_slot_retained_wal_bytes{") and 'slot="tributary_demo"' in line]
        lines = wait_for(slot_gauge, "the slot lag gauge", log, timeout=30)
        assert float(lines[0].rsplit(" ", 1)[1]) >= 0
    finally:
        worker.terminate()
        assert worker.wait(timeout=60) == 0, open(log, errors="replace").read()[-4000:]

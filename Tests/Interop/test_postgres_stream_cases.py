"""Streaming cases of the PostgreSQL source (issue 6) against a real PostgreSQL 15: schema changes mid-stream
(ALTER TABLE ADD/DROP COLUMN: later events carry the new schema), unchanged TOAST values (the placeholder, or the
old value with REPLICA IDENTITY FULL), REPLICA IDENTITY FULL vs DEFAULT `before` images, `skipped.operations`,
`tombstones.on.delete=false`, `message.key.columns`, and heartbeats (`__debezium-heartbeat.<prefix>`, and the slot
advancing on an otherwise idle database)."""
import time

from pg_cdc import create_source, json_worker, pg, read_topic, slot_confirmed, wait_records  # noqa: F401

PLACEHOLDER = "__debezium_unavailable_value"


def after_fields(rec):
    return [f["field"] for f in rec.value["schema"]["fields"][1]["fields"]]


def test_add_and_drop_column_mid_stream(pg, tmp_path):
    pg.psql("CREATE TABLE public.evo (id int PRIMARY KEY, a text)", db="cdc")
    worker = json_worker(tmp_path, schemas=True).start()
    create_source(worker, pg, include="public.evo")
    time.sleep(2)
    pg.psql("INSERT INTO public.evo VALUES (1, 'one')", db="cdc")
    wait_records(worker, "dbserver1.public.evo", 1)
    pg.psql("ALTER TABLE public.evo ADD COLUMN b int NOT NULL DEFAULT 7; INSERT INTO public.evo VALUES (2, 'two', 22)", db="cdc")
    pg.psql("UPDATE public.evo SET a = 'uno' WHERE id = 1", db="cdc")
    pg.psql("ALTER TABLE public.evo DROP COLUMN a; INSERT INTO public.evo VALUES (3, 33)", db="cdc")
    records = wait_records(worker, "dbserver1.public.evo", 4)
    worker.stop()
    assert [r.value["payload"]["op"] for r in records] == ["c", "c", "u", "c"]
    assert after_fields(records[0]) == ["id", "a"] and records[0].value["payload"]["after"] == {"id": 1, "a": "one"}
    assert after_fields(records[1]) == ["id", "a", "b"] and records[1].value["payload"]["after"] == {"id": 2, "a": "two", "b": 22}
    b_schema = records[1].value["schema"]["fields"][1]["fields"][2]
    assert b_schema == {"type": "int32", "optional": False, "default": 7, "field": "b"}, b_schema
    assert records[2].value["payload"]["after"] == {"id": 1, "a": "uno", "b": 7}
    assert after_fields(records[3]) == ["id", "b"] and records[3].value["payload"]["after"] == {"id": 3, "b": 33}


def big_text(seed):
    # ~64 KB of md5 hex: hardly compressible, so stored out of line (TOAST).
    return f"(SELECT string_agg(md5('{seed}' || g::text), '') FROM generate_series(1, 2000) g)"


def test_unchanged_toast_is_the_placeholder_unless_replica_identity_full(pg, tmp_path):
    pg.psql("CREATE TABLE public.docs (id int PRIMARY KEY, n int, body text);"
            "CREATE TABLE public.docs_full (id int PRIMARY KEY, n int, body text); ALTER TABLE public.docs_full REPLICA IDENTITY FULL",
            db="cdc")
    worker = json_worker(tmp_path).start()
    create_source(worker, pg, include="public\\.docs.*")
    time.sleep(2)
    for table in ("docs", "docs_full"):
        pg.psql(f"INSERT INTO public.{table} VALUES (1, 1, {big_text(table)})", db="cdc")
        pg.psql(f"UPDATE public.{table} SET n = 2 WHERE id = 1", db="cdc")
    body = pg.psql("SELECT body FROM public.docs WHERE id = 1", db="cdc")
    full_body = pg.psql("SELECT body FROM public.docs_full WHERE id = 1", db="cdc")
    assert len(body) == 64000
    docs = wait_records(worker, "dbserver1.public.docs", 2)
    full = wait_records(worker, "dbserver1.public.docs_full", 2)
    worker.stop()
    assert docs[0].value["after"] == {"id": 1, "n": 1, "body": body}
    assert docs[1].value["op"] == "u" and docs[1].value["after"] == {"id": 1, "n": 2, "body": PLACEHOLDER}, docs[1].value["after"]
    # FULL: the old tuple carries the value, which Debezium uses instead of the placeholder (DBZ-3835).
    assert full[1].value["after"] == {"id": 1, "n": 2, "body": full_body}
    assert full[1].value["before"] == {"id": 1, "n": 1, "body": full_body}


def test_replica_identity_full_and_default_before_images(pg, tmp_path):
    pg.psql("CREATE TABLE public.rid (id int PRIMARY KEY, v text, w int NOT NULL);"
            "CREATE TABLE public.rif (id int PRIMARY KEY, v text, w int NOT NULL); ALTER TABLE public.rif REPLICA IDENTITY FULL", db="cdc")
    worker = json_worker(tmp_path).start()
    create_source(worker, pg, include="public.rid,public.rif")
    time.sleep(2)
    for table in ("rid", "rif"):
        pg.psql(f"INSERT INTO public.{table} VALUES (1, 'one', 10); UPDATE public.{table} SET v = 'uno' WHERE id = 1;"
                f"DELETE FROM public.{table} WHERE id = 1", db="cdc")
    rid = wait_records(worker, "dbserver1.public.rid", 4)
    rif = wait_records(worker, "dbserver1.public.rif", 4)
    worker.stop()
    assert [r.value["op"] if r.value else None for r in rid] == ["c", "u", "d", None]
    assert [r.value["op"] if r.value else None for r in rif] == ["c", "u", "d", None]
    # DEFAULT: no old image on update (Debezium 3.6.3 emits before=null); the delete's before holds only the key
    # (nullable columns null, NOT NULL ones the type's zero).
    assert rid[1].value["before"] is None and rid[1].value["after"] == {"id": 1, "v": "uno", "w": 10}
    assert rid[2].value["before"] == {"id": 1, "v": None, "w": 0}
    # FULL: every column of the old row.
    assert rif[1].value["before"] == {"id": 1, "v": "one", "w": 10} and rif[1].value["after"] == {"id": 1, "v": "uno", "w": 10}
    assert rif[2].value["before"] == {"id": 1, "v": "uno", "w": 10} and rif[2].value["after"] is None


def test_skipped_operations_tombstones_off_and_message_key_columns(pg, tmp_path):
    # message.key.columns that are not the replica identity need REPLICA IDENTITY FULL for deletes to carry them
    # (with DEFAULT the old tuple holds only `id`, and the key would get the columns' zero values, as in Debezium).
    pg.psql("CREATE TABLE public.kc (id int PRIMARY KEY, a int NOT NULL, b text NOT NULL, v text);"
            "ALTER TABLE public.kc REPLICA IDENTITY FULL", db="cdc")
    worker = json_worker(tmp_path, schemas=True).start()
    create_source(worker, pg, include="public.kc", **{"skipped.operations": "u", "tombstones.on.delete": "false",
                                                       "message.key.columns": "public.kc:a,b"})
    time.sleep(2)
    pg.psql("INSERT INTO public.kc VALUES (1, 10, 'x', 'one'); UPDATE public.kc SET v = 'uno' WHERE id = 1;"
            "INSERT INTO public.kc VALUES (2, 20, 'y', 'two'); DELETE FROM public.kc WHERE id = 1", db="cdc")
    pg.psql("INSERT INTO public.kc VALUES (3, 30, 'z', 'marker')", db="cdc")
    records = wait_records(worker, "dbserver1.public.kc", 4)
    time.sleep(1)
    records = read_topic(worker, "dbserver1.public.kc")
    worker.stop()
    ops = [r.value["payload"]["op"] if r.value else None for r in records]
    assert ops == ["c", "c", "d", "c"], ops  # no update (skipped), no tombstone after the delete
    assert records[0].key == {"schema": {"type": "struct", "fields": [{"type": "int32", "optional": False, "field": "a"},
                                                                     {"type": "string", "optional": False, "field": "b"}],
                                         "optional": False, "name": "dbserver1.public.kc.Key"},
                              "payload": {"a": 10, "b": "x"}}, records[0].key
    assert [r.key["payload"] for r in records] == [{"a": 10, "b": "x"}, {"a": 20, "b": "y"}, {"a": 10, "b": "x"}, {"a": 30, "b": "z"}]


def test_heartbeats_go_to_their_topic_and_advance_an_idle_slot(pg, tmp_path):
    pg.psql("CREATE TABLE public.quiet (id int PRIMARY KEY); CREATE TABLE public.busy (id int PRIMARY KEY)", db="cdc")
    worker = json_worker(tmp_path).start()
    create_source(worker, pg, include="public.quiet", **{"heartbeat.interval.ms": "500"})
    worker.wait_for(lambda: slot_confirmed(pg) is not None, timeout=30, what="the slot")
    first = slot_confirmed(pg)
    # Changes to a table that is not captured: WAL moves, the connector emits nothing for them.
    for i in range(5):
        pg.psql(f"INSERT INTO public.busy SELECT g FROM generate_series({i * 1000}, {i * 1000 + 999}) g", db="cdc")
    worker.wait_for(lambda: slot_confirmed(pg) > first, timeout=60, what="confirmed_flush_lsn to advance")
    beats = wait_records(worker, "__debezium-heartbeat.dbserver1", 2, timeout=30)
    worker.stop()
    assert all(b.key == {"serverName": "dbserver1"} for b in beats), beats[:3]
    assert all(set(b.value) == {"ts_ms"} and isinstance(b.value["ts_ms"], int) for b in beats), beats[:3]

"""Golden Debezium compatibility (issue 6): with JsonConverter schemas ENABLED for key and value, every event kind
of postgres-cdc.md §6 -- snapshot read, create, update, delete, tombstone, primary-key change (delete + tombstone +
create with the newkey/oldkey headers), logical decoding message, transaction metadata (BEGIN/END and the
`transaction` block), truncate and heartbeat -- is compared field by field (schema and payload, object key order
included) with the documents Debezium 3.6.3 produced for the same tables (§6, captured; the schemas of the
transaction, heartbeat and message records, which §6 shows without schemas, are Debezium's `SchemaFactory` /
`PostgresSchemaFactory` ones). Ignored: clock values (ts_ms/ts_us/ts_ns, source.ts_*), the values of lsn/txId (their
types and their consistency with `source.sequence` and `transaction.id` are checked) and `source.version`.
"""
import base64
import copy
import json

from pg_cdc import assert_same, create_source, json_worker, pg, read_topic, wait_records  # noqa: F401 (pg is a fixture)

# The captured envelope schema of dbserver1.inventory.customers (§6.4, create, schemas.enable=true), verbatim.
CUSTOMERS_ENVELOPE = json.loads('''{"type":"struct","fields":[{"type":"struct","fields":[{"type":"int32","optional":false,"default":0,"field":"id"},{"type":"string","optional":false,"field":"first_name"},{"type":"string","optional":false,"field":"last_name"},{"type":"string","optional":false,"field":"email"}],"optional":true,"name":"dbserver1.inventory.customers.Value","field":"before"},{"type":"struct","fields":[{"type":"int32","optional":false,"default":0,"field":"id"},{"type":"string","optional":false,"field":"first_name"},{"type":"string","optional":false,"field":"last_name"},{"type":"string","optional":false,"field":"email"}],"optional":true,"name":"dbserver1.inventory.customers.Value","field":"after"},{"type":"struct","fields":[{"type":"string","optional":false,"field":"version"},{"type":"string","optional":false,"field":"connector"},{"type":"string","optional":false,"field":"name"},{"type":"int64","optional":false,"field":"ts_ms"},{"type":"string","optional":true,"name":"io.debezium.data.Enum","version":1,"parameters":{"allowed":"true,first,first_in_data_collection,last_in_data_collection,last,false,incremental"},"default":"false","field":"snapshot"},{"type":"string","optional":false,"field":"db"},{"type":"string","optional":true,"field":"sequence"},{"type":"int64","optional":true,"field":"ts_us"},{"type":"int64","optional":true,"field":"ts_ns"},{"type":"string","optional":false,"field":"schema"},{"type":"string","optional":false,"field":"table"},{"type":"int64","optional":true,"field":"txId"},{"type":"int64","optional":true,"field":"lsn"},{"type":"int64","optional":true,"field":"xmin"},{"type":"string","optional":true,"field":"origin"},{"type":"int64","optional":true,"field":"origin_lsn"}],"optional":false,"name":"io.debezium.connector.postgresql.Source","version":1,"field":"source"},{"type":"struct","fields":[{"type":"string","optional":false,"field":"id"},{"type":"int64","optional":false,"field":"total_order"},{"type":"int64","optional":false,"field":"data_collection_order"}],"optional":true,"name":"event.block","version":1,"field":"transaction"},{"type":"string","optional":false,"field":"op"},{"type":"int64","optional":true,"field":"ts_ms"},{"type":"int64","optional":true,"field":"ts_us"},{"type":"int64","optional":true,"field":"ts_ns"}],"optional":false,"name":"dbserver1.inventory.customers.Envelope","version":2}
''')
CUSTOMERS_KEY = json.loads('''{"type":"struct","fields":[{"type":"int32","optional":false,"default":0,"field":"id"}],"optional":false,"name":"dbserver1.inventory.customers.Key"}''')
SOURCE = CUSTOMERS_ENVELOPE["fields"][2]
BLOCK = CUSTOMERS_ENVELOPE["fields"][3]


def struct(name, fields, optional=False, version=None, field=None):
    out = {"type": "struct", "fields": fields, "optional": optional}
    if name:
        out["name"] = name
    if version is not None:
        out["version"] = version
    if field:
        out["field"] = field
    return out


def envelope(table, row_fields):
    """The captured envelope with another table's row struct (same source/transaction blocks, same order)."""
    env = copy.deepcopy(CUSTOMERS_ENVELOPE)
    for i in (0, 1):
        env["fields"][i]["fields"] = row_fields
        env["fields"][i]["name"] = f"dbserver1.{table}.Value"
    env["name"] = f"dbserver1.{table}.Envelope"
    return env


# public.rif (id int PRIMARY KEY, v text), REPLICA IDENTITY FULL (pgoutput-samples.md, the §6 capture's table).
RIF_ENVELOPE = envelope("public.rif", [{"type": "int32", "optional": False, "field": "id"},
                                       {"type": "string", "optional": True, "field": "v"}])
RIF_KEY = struct("dbserver1.public.rif.Key", [{"type": "int32", "optional": False, "field": "id"}])
# §6.7 (captured key schema); value: PostgresSchemaFactory.logicalDecodingMessageMonitorValueSchema.
MESSAGE_KEY = json.loads('{"type":"struct","fields":[{"type":"string","optional":true,"field":"prefix"}],"optional":false,'
                         '"name":"io.debezium.connector.postgresql.MessageKey","version":1}')
MESSAGE_VALUE = struct("io.debezium.connector.postgresql.MessageValue", [
    {"type": "string", "optional": False, "field": "op"},
    {"type": "int64", "optional": True, "field": "ts_ms"},
    SOURCE, BLOCK,
    struct("io.debezium.connector.postgresql.Message", [{"type": "string", "optional": True, "field": "prefix"},
                                                        {"type": "bytes", "optional": True, "field": "content"}],
           version=1, field="message"),
], version=1)
# SchemaFactory.transactionKeySchema / transactionValueSchema / heartbeatKeySchema / heartbeatValueSchema.
TX_KEY = struct("io.debezium.connector.common.TransactionMetadataKey",
                [{"type": "string", "optional": False, "field": "id"}], version=1)
TX_VALUE = struct("io.debezium.connector.common.TransactionMetadataValue", [
    {"type": "string", "optional": False, "field": "status"},
    {"type": "string", "optional": False, "field": "id"},
    {"type": "int64", "optional": True, "field": "event_count"},
    {"type": "array", "items": struct("event.collection", [{"type": "string", "optional": False, "field": "data_collection"},
                                                           {"type": "int64", "optional": False, "field": "event_count"}],
                                      optional=True, version=1),
     "optional": True, "field": "data_collections"},
    {"type": "int64", "optional": False, "field": "ts_ms"},
], version=1)
HEARTBEAT_KEY = struct("io.debezium.connector.common.ServerNameKey",
                       [{"type": "string", "optional": False, "field": "serverName"}], version=1)
HEARTBEAT_VALUE = struct("io.debezium.connector.common.Heartbeat",
                         [{"type": "int64", "optional": False, "field": "ts_ms"}], version=1)

CLOCK = "<clock>"


def source(schema, table, snapshot="false", first_commit=False):
    return {"version": "<version>", "connector": "postgresql", "name": "dbserver1", "ts_ms": CLOCK, "snapshot": snapshot,
            "db": "cdc", "sequence": '[null,"<lsn>"]' if first_commit else '["<commit>","<lsn>"]',
            "ts_us": CLOCK, "ts_ns": CLOCK, "schema": schema, "table": table, "txId": "<txid>", "lsn": "<lsn>",
            "xmin": None, "origin": None, "origin_lsn": None}


def change(op, before, after, src, transaction=None):
    return {"before": before, "after": after, "source": src, "transaction": transaction, "op": op,
            "ts_ms": CLOCK, "ts_us": CLOCK, "ts_ns": CLOCK}


def block(total, per_table):
    return {"id": "<xid>:<lsn>", "total_order": total, "data_collection_order": per_table}


def normalize(doc, what):
    """Replaces the ignored values by placeholders after checking their types and their consistency."""
    doc = copy.deepcopy(doc)
    payload = doc.get("payload") if isinstance(doc, dict) else None
    if not isinstance(payload, dict):
        return doc
    for k in ("ts_ms", "ts_us", "ts_ns"):
        if isinstance(payload.get(k), int):
            payload[k] = CLOCK
    src = payload.get("source")
    if isinstance(src, dict):
        if isinstance(src.get("version"), str):
            src["version"] = "<version>"
        for k in ("ts_ms", "ts_us", "ts_ns"):
            if isinstance(src.get(k), int):
                src[k] = CLOCK
        lsn, txid = src.get("lsn"), src.get("txId")
        seq = src.get("sequence")
        if isinstance(seq, str) and isinstance(lsn, int):
            parts = json.loads(seq)
            assert isinstance(parts, list) and len(parts) == 2 and parts[1] == str(lsn), f"{what}: sequence {seq} vs lsn {lsn}"
            assert parts[0] is None or (parts[0].isdigit() and int(parts[0]) <= lsn), f"{what}: sequence {seq}"
            src["sequence"] = '[null,"<lsn>"]' if parts[0] is None else '["<commit>","<lsn>"]'
        if isinstance(lsn, int) and lsn > 0:
            src["lsn"] = "<lsn>"
        if isinstance(txid, int) and txid > 0:
            src["txId"] = "<txid>"
        tx = payload.get("transaction")
        if isinstance(tx, dict) and isinstance(tx.get("id"), str):
            xid, _, at = tx["id"].partition(":")
            assert xid == str(txid) and at == str(lsn), f"{what}: transaction.id {tx['id']} vs txId {txid} lsn {lsn}"
            tx["id"] = "<xid>:<lsn>"
    if isinstance(payload.get("status"), str) and isinstance(payload.get("id"), str):  # transaction metadata
        xid, _, at = payload["id"].partition(":")
        assert xid.isdigit() and at.isdigit(), f"{what}: transaction id {payload['id']}"
        payload["id"] = "<xid>:<lsn>"
    if isinstance(doc.get("schema"), dict) and doc["schema"].get("name") == TX_KEY["name"] and isinstance(payload.get("id"), str):
        payload["id"] = "<xid>:<lsn>"
    return doc


def check(rec, key_schema, key, value_schema, value, what):
    expected_key = None if key_schema is None else {"schema": key_schema, "payload": key}
    expected_value = None if value_schema is None else {"schema": value_schema, "payload": value}
    assert_same(expected_key, normalize(rec.key, what + " key"), what + " key")
    assert_same(expected_value, normalize(rec.value, what + " value"), what + " value")


SALLY = {"id": 1, "first_name": "Sally", "last_name": "Thomas", "email": "sally.thomas@acme.com"}
SETUP = ("CREATE SCHEMA inventory;"
         "CREATE TABLE inventory.customers (id SERIAL, first_name VARCHAR(255) NOT NULL, last_name VARCHAR(255) NOT NULL,"
         " email VARCHAR(255) NOT NULL, PRIMARY KEY(id));"
         "INSERT INTO inventory.customers (first_name,last_name,email) VALUES ('Sally','Thomas','sally.thomas@acme.com');"
         "CREATE TABLE public.rif (id int PRIMARY KEY, v text); ALTER TABLE public.rif REPLICA IDENTITY FULL;")
INCLUDE = "inventory.customers,public.rif"


def test_golden_snapshot_crud_tombstone_key_change_and_message(pg, tmp_path):
    pg.psql(SETUP + "INSERT INTO public.rif VALUES (5, 'five'), (6, NULL)", db="cdc")
    worker = json_worker(tmp_path, schemas=True).start()
    create_source(worker, pg, include=INCLUDE)
    wait_records(worker, "dbserver1.public.rif", 2)
    pg.psql("INSERT INTO inventory.customers (first_name,last_name,email) VALUES ('Anne','Kretchmar','annek@noanswer.org')", db="cdc")
    pg.psql("UPDATE inventory.customers SET first_name='Anne Marie' WHERE id=2", db="cdc")
    pg.psql("DELETE FROM inventory.customers WHERE id=2", db="cdc")
    pg.psql("UPDATE inventory.customers SET id=100 WHERE id=1", db="cdc")
    pg.psql("BEGIN; SELECT pg_logical_emit_message(true, 'dbz', 'transactional hello'); COMMIT", db="cdc")
    customers = wait_records(worker, "dbserver1.inventory.customers", 8)
    rif = read_topic(worker, "dbserver1.public.rif")
    messages = wait_records(worker, "dbserver1.message", 1)
    worker.stop()

    ops = [r.value["payload"]["op"] if r.value else None for r in customers]
    assert ops == ["r", "c", "u", "d", None, "d", None, "c"], ops
    check(customers[0], CUSTOMERS_KEY, {"id": 1}, CUSTOMERS_ENVELOPE,
          change("r", None, SALLY, source("inventory", "customers", snapshot="first", first_commit=True)), "snapshot read")
    check(rif[0], RIF_KEY, {"id": 5}, RIF_ENVELOPE,
          change("r", None, {"id": 5, "v": "five"}, source("public", "rif", snapshot="first_in_data_collection", first_commit=True)),
          "snapshot read (first of 2nd table)")
    check(rif[1], RIF_KEY, {"id": 6}, RIF_ENVELOPE,
          change("r", None, {"id": 6, "v": None}, source("public", "rif", snapshot="last", first_commit=True)),
          "snapshot read (last)")
    snap_lsn = rif[1].value["payload"]["source"]["lsn"]
    assert customers[0].value["payload"]["source"]["lsn"] == snap_lsn  # the consistent point, for every snapshot row

    anne = {"id": 2, "first_name": "Anne", "last_name": "Kretchmar", "email": "annek@noanswer.org"}
    check(customers[1], CUSTOMERS_KEY, {"id": 2}, CUSTOMERS_ENVELOPE,
          change("c", None, anne, source("inventory", "customers", first_commit=True)), "create")
    check(customers[2], CUSTOMERS_KEY, {"id": 2}, CUSTOMERS_ENVELOPE,
          change("u", None, dict(anne, first_name="Anne Marie"), source("inventory", "customers")), "update")
    check(customers[3], CUSTOMERS_KEY, {"id": 2}, CUSTOMERS_ENVELOPE,
          change("d", {"id": 2, "first_name": "", "last_name": "", "email": ""}, None, source("inventory", "customers")), "delete")
    check(customers[4], CUSTOMERS_KEY, {"id": 2}, None, None, "tombstone")
    assert customers[4].raw_value is None
    # The update's sequence starts with the create's commit LSN (§6.4: lastCommitLsn = previous Commit end_lsn).
    update_seq = json.loads(customers[2].value["payload"]["source"]["sequence"])
    assert int(update_seq[0]) > customers[1].value["payload"]["source"]["lsn"]

    # §6.6 primary-key change: delete (newkey header) + tombstone (newkey) + create (oldkey header).
    check(customers[5], CUSTOMERS_KEY, {"id": 1}, CUSTOMERS_ENVELOPE,
          change("d", {"id": 1, "first_name": "", "last_name": "", "email": ""}, None, source("inventory", "customers")),
          "key change: delete")
    check(customers[6], CUSTOMERS_KEY, {"id": 1}, None, None, "key change: tombstone")
    check(customers[7], CUSTOMERS_KEY, {"id": 100}, CUSTOMERS_ENVELOPE,
          change("c", None, dict(SALLY, id=100), source("inventory", "customers")), "key change: create")
    for rec, header, key in ((customers[5], "__debezium.newkey", "100"), (customers[6], "__debezium.newkey", "100"),
                             (customers[7], "__debezium.oldkey", "1")):
        assert header in rec.headers, (header, rec.headers)
        assert key in rec.headers[header].decode(errors="replace"), (header, rec.headers[header])
    assert customers[5].value["payload"]["source"]["lsn"] == customers[7].value["payload"]["source"]["lsn"]

    # §6.7 logical decoding message.
    check(messages[0], MESSAGE_KEY, {"prefix": "dbz"}, MESSAGE_VALUE, {
        "op": "m", "ts_ms": CLOCK, "source": source("", ""), "transaction": None,
        "message": {"prefix": "dbz", "content": base64.b64encode(b"transactional hello").decode()}}, "logical message")


def test_golden_transaction_metadata_truncate_and_heartbeat(pg, tmp_path):
    pg.psql(SETUP, db="cdc")
    worker = json_worker(tmp_path, schemas=True).start()
    create_source(worker, pg, include=INCLUDE, **{"provide.transaction.metadata": "true", "skipped.operations": "none",
                                                   "heartbeat.interval.ms": "1000"})
    wait_records(worker, "dbserver1.inventory.customers", 1)
    pg.psql("BEGIN; INSERT INTO inventory.customers (first_name,last_name,email) VALUES ('Tx','One','tx1@example.com');"
            "INSERT INTO public.rif VALUES (7, 'seven'); COMMIT", db="cdc")
    pg.psql("TRUNCATE public.rif", db="cdc")
    txs = wait_records(worker, "dbserver1.transaction", 4)
    customers = wait_records(worker, "dbserver1.inventory.customers", 2)
    rif = wait_records(worker, "dbserver1.public.rif", 2)
    beats = wait_records(worker, "__debezium-heartbeat.dbserver1", 1, timeout=30)
    worker.stop()

    assert len(txs) == 4, txs
    tx_one = dict(schema="inventory", table="customers")
    check(customers[1], CUSTOMERS_KEY, {"id": 2}, CUSTOMERS_ENVELOPE,
          change("c", None, {"id": 2, "first_name": "Tx", "last_name": "One", "email": "tx1@example.com"},
                 source(**tx_one, first_commit=True), transaction=block(1, 1)), "create in a transaction")
    check(rif[0], RIF_KEY, {"id": 7}, RIF_ENVELOPE,
          change("c", None, {"id": 7, "v": "seven"}, source("public", "rif", first_commit=True), transaction=block(2, 1)),
          "second create in the transaction")
    check(rif[1], None, None, RIF_ENVELOPE,
          change("t", None, None, source("public", "rif"), transaction=block(1, 1)), "truncate")
    assert rif[1].raw_key is None

    check(txs[0], TX_KEY, {"id": "<xid>:<lsn>"}, TX_VALUE,
          {"status": "BEGIN", "id": "<xid>:<lsn>", "event_count": None, "data_collections": None, "ts_ms": CLOCK}, "BEGIN")
    check(txs[1], TX_KEY, {"id": "<xid>:<lsn>"}, TX_VALUE,
          {"status": "END", "id": "<xid>:<lsn>", "event_count": 2,
           "data_collections": [{"data_collection": "inventory.customers", "event_count": 1},
                                {"data_collection": "public.rif", "event_count": 1}], "ts_ms": CLOCK}, "END")
    check(txs[2], TX_KEY, {"id": "<xid>:<lsn>"}, TX_VALUE,
          {"status": "BEGIN", "id": "<xid>:<lsn>", "event_count": None, "data_collections": None, "ts_ms": CLOCK}, "BEGIN (truncate)")
    check(txs[3], TX_KEY, {"id": "<xid>:<lsn>"}, TX_VALUE,
          {"status": "END", "id": "<xid>:<lsn>", "event_count": 1,
           "data_collections": [{"data_collection": "public.rif", "event_count": 1}], "ts_ms": CLOCK}, "END (truncate)")
    # §6.9: BEGIN's id = xid + first change LSN, END's = xid + commit end LSN; the key equals the value's id.
    create_src = customers[1].value["payload"]["source"]
    begin_id, end_id = txs[0].value["payload"]["id"], txs[1].value["payload"]["id"]
    assert begin_id == f"{create_src['txId']}:{create_src['lsn']}", (begin_id, create_src)
    assert end_id.split(":")[0] == str(create_src["txId"]) and int(end_id.split(":")[1]) > rif[0].value["payload"]["source"]["lsn"]
    assert txs[0].key["payload"]["id"] == begin_id and txs[1].key["payload"]["id"] == end_id

    check(beats[-1], HEARTBEAT_KEY, {"serverName": "dbserver1"}, HEARTBEAT_VALUE, {"ts_ms": CLOCK}, "heartbeat")

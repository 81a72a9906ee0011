"""Type mapping end to end (issue 6, postgres-cdc.md §5.1): one table with every common PostgreSQL type; the
snapshot row (op r) and a streamed insert (op c) of the same values, read with JsonConverter schemas enabled, carry
for every column Debezium's Connect schema (type, logical name, version, parameters, optional) and Debezium's JSON
value, with the defaults decimal.handling.mode=precise and time.precision.mode=adaptive; numeric columns are also
checked with decimal.handling.mode=string and =double. A row of NULLs and a row of special values (NaN, ±Infinity,
infinity timestamps) are checked too."""
import copy

import pytest

from pg_cdc import create_source, diff, json_worker, pg, wait_records  # noqa: F401 (pg is a fixture)

COLUMNS = [  # name, SQL type, SQL literal, schema (without optional/field), JSON value (precise mode)
    ("c_int2", "int2", "32767", {"type": "int16"}, 32767),
    ("c_int4", "int4", "1000000", {"type": "int32"}, 1000000),
    ("c_int8", "int8", "9223372036854775807", {"type": "int64"}, 9223372036854775807),
    ("c_num", "numeric(10,2)", "12345.67", {"type": "bytes", "name": "org.apache.kafka.connect.data.Decimal", "version": 1,
                                            "parameters": {"scale": "2", "connect.decimal.precision": "10"}}, "EtaH"),
    ("c_numneg", "numeric(10,2)", "-1.5", {"type": "bytes", "name": "org.apache.kafka.connect.data.Decimal", "version": 1,
                                           "parameters": {"scale": "2", "connect.decimal.precision": "10"}}, "/2o="),
    ("c_numfree", "numeric", "3.14159265358979323846",
     {"type": "struct", "fields": [{"type": "int32", "optional": False, "field": "scale"},
                                   {"type": "bytes", "optional": False, "field": "value"}],
      "name": "io.debezium.data.VariableScaleDecimal", "version": 1, "doc": "Variable scaled decimal"},
     {"scale": 20, "value": "EQfV61tbpNfG"}),
    ("c_float4", "float4", "1.5", {"type": "float"}, 1.5),
    ("c_float8", "float8", "2.718281828459045", {"type": "double"}, 2.718281828459045),
    ("c_bool", "bool", "true", {"type": "boolean"}, True),
    ("c_text", "text", "'hello ''world'' ü €'", {"type": "string"}, "hello 'world' ü €"),
    ("c_varchar", "varchar(20)", "'abc'", {"type": "string"}, "abc"),
    ("c_char", "char(5)", "'ab'", {"type": "string"}, "ab   "),
    ("c_bytea", "bytea", "'\\xdeadbeef00'", {"type": "bytes"}, "3q2+7wA="),
    ("c_date", "date", "'2024-03-01'", {"type": "int32", "name": "io.debezium.time.Date", "version": 1}, 19783),
    ("c_time", "time", "'12:34:56.5'", {"type": "int64", "name": "io.debezium.time.MicroTime", "version": 1}, 45296500000),
    ("c_time3", "time(3)", "'10:34:56.5'", {"type": "int32", "name": "io.debezium.time.Time", "version": 1}, 38096500),
    ("c_timetz", "timetz", "'12:34:56+05:30'", {"type": "string", "name": "io.debezium.time.ZonedTime", "version": 1}, "07:04:56Z"),
    ("c_ts", "timestamp", "'2024-03-01 12:34:56.789012'",
     {"type": "int64", "name": "io.debezium.time.MicroTimestamp", "version": 1}, 1709296496789012),
    ("c_ts3", "timestamp(3)", "'2024-03-01 12:34:56.789'",
     {"type": "int64", "name": "io.debezium.time.Timestamp", "version": 1}, 1709296496789),
    ("c_tstz", "timestamptz", "'2024-03-01 12:34:56.789012+02'",
     {"type": "string", "name": "io.debezium.time.ZonedTimestamp", "version": 1}, "2024-03-01T10:34:56.789012Z"),
    ("c_tstz0", "timestamptz", "'2024-03-01 10:34:56+00'",
     {"type": "string", "name": "io.debezium.time.ZonedTimestamp", "version": 1}, "2024-03-01T10:34:56.000000Z"),
    ("c_interval", "interval", "'1 year 2 mons 3 days 04:05:06.789'",
     {"type": "int64", "name": "io.debezium.time.MicroDuration", "version": 1}, 37091106789000),
    ("c_uuid", "uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'",
     {"type": "string", "name": "io.debezium.data.Uuid", "version": 1}, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
    ("c_json", "json", "'{\"a\": 1, \"b\": [1,2]}'", {"type": "string", "name": "io.debezium.data.Json", "version": 1},
     '{"a": 1, "b": [1,2]}'),
    ("c_jsonb", "jsonb", "'{\"a\": 1, \"b\": [1,2]}'", {"type": "string", "name": "io.debezium.data.Json", "version": 1},
     '{"a": 1, "b": [1, 2]}'),
    ("c_enum", "mood", "'happy'", {"type": "string", "name": "io.debezium.data.Enum", "version": 1,
                                   "parameters": {"allowed": "sad,ok,happy"}}, "happy"),
    ("c_int_arr", "int4[]", "'{1,2,NULL,4}'", {"type": "array", "items": {"type": "int32", "optional": True}}, [1, 2, None, 4]),
    ("c_text_arr", "text[]", "'{x,\"y z\",\"q\\\"uote\",NULL}'", {"type": "array", "items": {"type": "string", "optional": True}},
     ["x", "y z", 'q"uote', None]),
    ("c_num_arr", "numeric[]", "'{1.5,NULL}'",
     {"type": "array", "items": {"type": "struct", "fields": [{"type": "int32", "optional": False, "field": "scale"},
                                                               {"type": "bytes", "optional": False, "field": "value"}],
                                 "optional": True, "name": "io.debezium.data.VariableScaleDecimal", "version": 1,
                                 "doc": "Variable scaled decimal"}},
     [{"scale": 1, "value": "Dw=="}, None]),
    ("c_inet", "inet", "'192.168.0.1/24'", {"type": "string"}, "192.168.0.1/24"),
]

# Special values (row 3): column -> (SQL literal, JSON value in precise mode).
SPECIAL = {
    "c_float4": ("'NaN'", "NaN"), "c_float8": ("'-Infinity'", "-Infinity"), "c_numfree": ("'0.000'", {"scale": 0, "value": "AA=="}),
    "c_ts": ("'infinity'", 9223372036825200000), "c_tstz": ("'-infinity'", "-infinity"), "c_interval": ("'-1 days -02:00:00'", -93600000000),
    "c_date": ("'0044-03-15 BC'", -703383), "c_time": ("'23:59:59.999999'", 86399999999), "c_int_arr": ("'{}'", []),
}

NUMERIC_MODES = {  # column -> (schema, value) in the other decimal.handling.mode values
    "string": {"c_num": ({"type": "string"}, "12345.67"), "c_numneg": ({"type": "string"}, "-1.50"),
               "c_numfree": ({"type": "string"}, "3.14159265358979323846"),
               "c_num_arr": ({"type": "array", "items": {"type": "string", "optional": True}}, ["1.5", None])},
    "double": {"c_num": ({"type": "double"}, 12345.67), "c_numneg": ({"type": "double"}, -1.5),
               "c_numfree": ({"type": "double"}, 3.141592653589793),
               "c_num_arr": ({"type": "array", "items": {"type": "double", "optional": True}}, [1.5, None])},
}

SETUP = ("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');"
         "CREATE TABLE public.types (id int PRIMARY KEY, "
         + ", ".join(f"{name} {sqltype}" for name, sqltype, *_ in COLUMNS) + ")")


def insert(row_id, literals):
    return (f"INSERT INTO public.types (id, {', '.join(n for n, *_ in COLUMNS)}) VALUES ({row_id}, "
            + ", ".join(literals) + ")")


def expected(mode):
    fields = [{"type": "int32", "optional": False, "field": "id"}]
    values = {"id": None}
    for name, _, _, schema, value in COLUMNS:
        if mode in NUMERIC_MODES and name in NUMERIC_MODES[mode]:
            schema, value = NUMERIC_MODES[mode][name]
        field = dict(schema)
        field["optional"] = True
        # JsonConverter's order: type, fields/items, optional, name, version, doc, parameters, field.
        order = ["type", "fields", "items", "optional", "name", "version", "doc", "parameters"]
        fields.append({k: field[k] for k in order if k in field} | {"field": name})
        values[name] = value
    return fields, values


@pytest.mark.parametrize("mode", ["precise", "string", "double"])
def test_every_common_type_in_snapshot_and_stream(pg, tmp_path, mode):
    pg.psql(SETUP + ";" + insert(1, [c[2] for c in COLUMNS]), db="cdc")
    worker = json_worker(tmp_path, schemas=True).start()
    extra = {} if mode == "precise" else {"decimal.handling.mode": mode}
    create_source(worker, pg, include="public.types", **extra)
    wait_records(worker, "dbserver1.public.types", 1)
    pg.psql(insert(2, [c[2] for c in COLUMNS]), db="cdc")
    pg.psql("INSERT INTO public.types (id) VALUES (3)", db="cdc")
    special = [SPECIAL[c[0]][0] if c[0] in SPECIAL else "NULL" for c in COLUMNS]
    pg.psql(insert(4, special), db="cdc")
    records = wait_records(worker, "dbserver1.public.types", 4)
    worker.stop()

    fields, values = expected(mode)
    problems = []
    for rec, row_id, op in zip(records, (1, 2, 3, 4), ("r", "c", "c", "c")):
        after_schema = rec.value["schema"]["fields"][1]
        payload = rec.value["payload"]
        assert payload["op"] == op, payload
        problems += [f"row {row_id} schema: {p}" for p in diff(fields, after_schema["fields"])]
        want = dict(values, id=row_id)
        if row_id == 3:
            want = {k: (row_id if k == "id" else None) for k in want}
        if row_id == 4:
            want = {k: (row_id if k == "id" else None) for k in want}
            for name, (_, value) in SPECIAL.items():
                if mode != "precise" and name == "c_numfree":
                    value = "0.000" if mode == "string" else 0.0
                want[name] = value
        problems += [f"row {row_id} ({op}): {p}" for p in diff(want, payload["after"])]
    assert not problems, f"decimal.handling.mode={mode}:\n  " + "\n  ".join(problems)

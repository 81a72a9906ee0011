import ConnectAPI
import Testing

@testable import SQLiteConnector

@Suite("SQLiteSink auto.create, auto.evolve and types")
struct SchemaEvolutionTests {
    @Test func autoCreateMapsConnectAndDebeziumTypes() async throws {
        let dir = try TemporaryDirectory()
        let (task, _) = try await startedTask(
            dir, ["topics": "types", "auto.create": "true", "pk.mode": "record_value", "pk.fields": "id"])
        let vsd = try SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal")
            .field("scale", .int32).field("value", .bytes).optional().build()
        let schema = try SchemaBuilder.struct()
            .field("id", .int32)
            .field("flag", .boolean)
            .field("small", .int8)
            .field("ratio", .float32)
            .field("label", .string)
            .field("raw", .bytes)
            .field("price", ConnectDecimal.builder(scale: 2).build())
            .field("day", ConnectDate.schema)
            .field("at", ConnectTime.schema)
            .field("ts", ConnectTimestamp.schema)
            .field("dbz_day", SchemaBuilder.int32().name("io.debezium.time.Date").build())
            .field("dbz_micro_time", SchemaBuilder.int64().name("io.debezium.time.MicroTime").build())
            .field("dbz_micro_ts", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").build())
            .field("dbz_nano_ts", SchemaBuilder.int64().name("io.debezium.time.NanoTimestamp").build())
            .field("dbz_ms_ts", SchemaBuilder.int64().name("io.debezium.time.Timestamp").build())
            .field("zoned", SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").build())
            .field("any_numeric", vsd)
            .field("list", SchemaBuilder.array(.int32).build())
            .field("missing", .optionalString)
            .build()
        let row = try Struct(schema: schema)
            .putting("id", .int32(1))
            .putting("flag", true)
            .putting("small", .int8(-3))
            .putting("ratio", .float32(0.5))
            .putting("label", "héllo")
            .putting("raw", ConnectValue(bytes: [0xDE, 0xAD]))
            .putting("price", .decimal(try #require(ConnectDecimal("-12.50"))))
            .putting("day", .date(try #require(ConnectDate(year: 2024, month: 3, day: 1))))
            .putting("at", .time(try #require(ConnectTime(hour: 12, minute: 34, second: 56, millisecond: 789))))
            .putting("ts", .timestamp(ConnectTimestamp(millisecondsSinceEpoch: 1_709_296_496_789)))
            .putting("dbz_day", .int32(19783))
            .putting("dbz_micro_time", .int64(45_296_500_000))
            .putting("dbz_micro_ts", .int64(1_709_296_496_789_012))
            .putting("dbz_nano_ts", .int64(-1))
            .putting("dbz_ms_ts", .int64(1_709_296_496_789))
            .putting("zoned", "2024-03-01T10:34:56.789012Z")
            .putting("any_numeric", .struct(try Struct(schema: vsd).putting("scale", .int32(3)).putting("value", ConnectValue(bytes: [0x30, 0x39]))))
            .putting("list", .array([.int32(1), .int32(2)]))
        try await task.put([Records.row(topic: "types", offset: 0, row)])
        let probe = DatabaseProbe(path: dir.database)
        let types = try probe.columnTypes("types")
        #expect(types == [
            "id": "INTEGER", "flag": "INTEGER", "small": "INTEGER", "ratio": "REAL", "label": "TEXT", "raw": "BLOB",
            "price": "NUMERIC", "day": "TEXT", "at": "TEXT", "ts": "TEXT", "dbz_day": "TEXT", "dbz_micro_time": "TEXT",
            "dbz_micro_ts": "TEXT", "dbz_nano_ts": "TEXT", "dbz_ms_ts": "TEXT", "zoned": "TEXT", "any_numeric": "NUMERIC",
            "list": "TEXT", "missing": "TEXT",
        ])
        let values = try probe.rows("""
            SELECT id, flag, small, ratio, label, raw, price, day, at, ts, dbz_day, dbz_micro_time, dbz_micro_ts,
                   dbz_nano_ts, dbz_ms_ts, zoned, any_numeric, list, missing, date(day), typeof(price) FROM types
            """)
        #expect(values == [[
            .integer(1), .integer(1), .integer(-3), .real(0.5), .text("héllo"), .blob([0xDE, 0xAD]), .real(-12.5),
            .text("2024-03-01"), .text("12:34:56.789"), .text("2024-03-01T12:34:56.789Z"), .text("2024-03-01"),
            .text("12:34:56.500000"), .text("2024-03-01T12:34:56.789012"), .text("1969-12-31T23:59:59.999999999"),
            .text("2024-03-01T12:34:56.789"), .text("2024-03-01T10:34:56.789012Z"), .real(12.345), .text("[1,2]"), .null,
            .text("2024-03-01"), .text("real"),
        ]])
        try await task.stop()
    }

    @Test func autoEvolveAddsNullableColumnsAndWithoutItTheRecordIsErrant() async throws {
        let dir = try TemporaryDirectory()
        let v1 = try SchemaBuilder.struct().field("id", .int64).field("a", .string).build()
        let v2 = try SchemaBuilder.struct().field("id", .int64).field("a", .string).field("b", .optionalInt32).build()
        let first = Records.row(offset: 0, try Struct(schema: v1).putting("id", .int64(1)).putting("a", "x"))
        let second = Records.row(offset: 1, try Struct(schema: v2).putting("id", .int64(2)).putting("a", "y").putting("b", .int32(7)))
        let base = ["topics": "t", "auto.create": "true", "pk.mode": "record_value", "pk.fields": "id", "insert.mode": "upsert"]

        let (strict, context) = try await startedTask(dir, base.merging(["name": "strict"]) { $1 })
        try await strict.put([first, second])
        let reports = try #require(context.reporter).all
        #expect(reports.map(\.record.kafkaOffset) == [1])
        #expect(reports.first?.message.contains("has no column b and auto.evolve is disabled") == true)
        try await strict.stop()

        let (evolving, _) = try await startedTask(dir, base.merging(["name": "evolving", "auto.evolve": "true"]) { $1 })
        try await evolving.put([first, second])
        let probe = DatabaseProbe(path: dir.database)
        #expect(try probe.rows("SELECT id, a, b FROM t ORDER BY id") == [[.integer(1), .text("x"), .null], [.integer(2), .text("y"), .integer(7)]])
        #expect(try probe.rows("SELECT \"notnull\" FROM pragma_table_info('t') WHERE name = 'b'") == [[.integer(0)]])
        try await evolving.stop()
    }

    @Test func aTypeMismatchWithAnExistingColumnIsErrant() async throws {
        let dir = try TemporaryDirectory()
        try DatabaseProbe(path: dir.database).execute("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER)")
        let (task, context) = try await startedTask(dir, ["topics": "t", "pk.mode": "record_value", "pk.fields": "id", "insert.mode": "upsert"])
        try await task.put([
            try Records.json(offset: 0, key: nil, value: #"{"id":1,"n":"not a number"}"#, schemas: false),
            try Records.json(offset: 1, key: nil, value: #"{"id":2,"n":"12"}"#, schemas: false),
        ])
        #expect(try DatabaseProbe(path: dir.database).rows("SELECT id, n FROM t") == [[.integer(2), .integer(12)]])
        #expect(try #require(context.reporter).all.first?.message.contains("column n of table t does not take TEXT") == true)
        try await task.stop()
    }

    @Test func missingTableWithoutAutoCreateIsErrant() async throws {
        let dir = try TemporaryDirectory()
        let (task, context) = try await startedTask(dir, ["topics": "t"])
        try await task.put([try Records.json(offset: 0, key: nil, value: #"{"id":1}"#, schemas: false)])
        #expect(try #require(context.reporter).all.first?.message.contains("does not exist and auto.create is disabled") == true)
        try await task.stop()
    }
}

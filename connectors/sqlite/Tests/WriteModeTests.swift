import ConnectAPI
import Testing

@testable import SQLiteConnector

@Suite("SQLiteSink write modes")
struct WriteModeTests {
    static let keySchema = try! SchemaBuilder.struct().name("Key").field("id", .int64).build()
    static let valueSchema = try! SchemaBuilder.struct().name("Value")
        .field("id", .int64).field("name", .optionalString).field("score", .optionalFloat64).build()

    func key(_ id: Int64) -> ConnectValue { .struct(try! Struct(schema: Self.keySchema).putting("id", .int64(id))) }

    func value(_ id: Int64, _ name: String?, _ score: Double? = nil) -> Struct {
        try! Struct(schema: Self.valueSchema).putting("id", .int64(id))
            .putting("name", name.map { .string($0) } ?? .null).putting("score", score.map { .float64($0) } ?? .null)
    }

    func record(_ offset: Int64, _ id: Int64, _ name: String?, _ score: Double? = nil) -> SinkRecord {
        Records.row(offset: offset, key: key(id), keySchema: Self.keySchema, value(id, name, score))
    }

    @Test func insertModeWritesRowsAndReportsADuplicateKey() async throws {
        let dir = try TemporaryDirectory()
        let (task, context) = try await startedTask(
            dir, ["topics": "t", "auto.create": "true", "pk.mode": "record_key", "insert.mode": "insert"])
        try await task.put([record(0, 1, "a", 1.5), record(1, 2, "b"), record(2, 1, "again")])
        let rows = try DatabaseProbe(path: dir.database).rows("SELECT id, name, score FROM t ORDER BY id")
        #expect(rows == [[.integer(1), .text("a"), .real(1.5)], [.integer(2), .text("b"), .null]])
        let reports = try #require(context.reporter).all
        #expect(reports.count == 1)
        #expect(reports.first?.record.kafkaOffset == 2)
        #expect(reports.first?.message.contains("UNIQUE constraint failed") == true)
        try await task.stop()
    }

    @Test func upsertUpdatesOnlyTheCarriedColumnsInPlace() async throws {
        let dir = try TemporaryDirectory()
        let probe = DatabaseProbe(path: dir.database)
        try probe.execute("""
            CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL, note TEXT);
            CREATE TABLE deleted (id INTEGER);
            CREATE TRIGGER t_deleted AFTER DELETE ON t BEGIN INSERT INTO deleted VALUES (old.id); END;
            INSERT INTO t VALUES (1, 'old', 0.5, 'kept');
            """)
        let (task, _) = try await startedTask(dir, ["topics": "t", "pk.mode": "record_key", "insert.mode": "upsert"])
        try await task.put([record(0, 1, "new", 2.0), record(1, 2, "two")])
        #expect(try probe.rows("SELECT rowid, id, name, score, note FROM t ORDER BY id") == [
            [.integer(1), .integer(1), .text("new"), .real(2.0), .text("kept")],
            [.integer(2), .integer(2), .text("two"), .null, .null],
        ])
        #expect(try probe.rows("SELECT count(*) FROM deleted") == [[.integer(0)]], "no delete-and-reinsert")
        try await task.stop()
    }

    @Test func updateModeChangesExistingRowsOnly() async throws {
        let dir = try TemporaryDirectory()
        let probe = DatabaseProbe(path: dir.database)
        try probe.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL); INSERT INTO t VALUES (1, 'x', 1);")
        let (task, _) = try await startedTask(dir, ["topics": "t", "pk.mode": "record_key", "insert.mode": "update"])
        try await task.put([record(0, 1, "updated", 9), record(1, 5, "absent")])
        #expect(try probe.rows("SELECT id, name, score FROM t") == [[.integer(1), .text("updated"), .real(9)]])
        try await task.stop()
    }

    @Test func tombstonesDeleteWhenEnabledAndAreIgnoredOtherwise() async throws {
        let dir = try TemporaryDirectory()
        let probe = DatabaseProbe(path: dir.database)
        let settings = ["topics": "t", "auto.create": "true", "pk.mode": "record_key", "insert.mode": "upsert"]
        var (task, _) = try await startedTask(dir, settings.merging(["delete.enabled": "true"]) { $1 })
        try await task.put([
            record(0, 1, "a"), record(1, 2, "b"),
            Records.row(offset: 2, key: key(1), keySchema: Self.keySchema, nil),
        ])
        #expect(try probe.rows("SELECT id FROM t ORDER BY id") == [[.integer(2)]])
        try await task.stop()
        (task, _) = try await startedTask(dir, settings.merging(["name": "other"]) { $1 })
        try await task.put([Records.row(offset: 0, key: key(2), keySchema: Self.keySchema, nil)])
        #expect(try probe.rows("SELECT id FROM t ORDER BY id") == [[.integer(2)]], "delete.enabled=false keeps the row")
        try await task.stop()
    }

    @Test func compositeStructKeysAndKafkaAndRecordValueModes() async throws {
        let dir = try TemporaryDirectory()
        let probe = DatabaseProbe(path: dir.database)
        let ks = try SchemaBuilder.struct().field("region", .string).field("n", .int32).build()
        let vs = try SchemaBuilder.struct().field("region", .string).field("n", .int32).field("v", .optionalString).build()
        func composite(_ offset: Int64, _ region: String, _ n: Int32, _ v: String) throws -> SinkRecord {
            let k = try Struct(schema: ks).putting("region", .string(region)).putting("n", .int32(n))
            let row = try Struct(schema: vs).putting("region", .string(region)).putting("n", .int32(n)).putting("v", .string(v))
            return Records.row(topic: "c", offset: offset, key: .struct(k), keySchema: ks, row)
        }
        let (task, _) = try await startedTask(
            dir, ["topics": "c", "auto.create": "true", "pk.mode": "record_key", "insert.mode": "upsert"])
        try await task.put([
            try composite(0, "eu", 1, "a"), try composite(1, "us", 1, "b"), try composite(2, "eu", 1, "c"),
        ])
        #expect(try probe.rows("SELECT region, n, v FROM c ORDER BY region") == [
            [.text("eu"), .integer(1), .text("c")], [.text("us"), .integer(1), .text("b")],
        ])
        let pk = try probe.rows("SELECT name FROM pragma_table_info('c') WHERE pk > 0 ORDER BY pk")
        #expect(pk == [[.text("region")], [.text("n")]])
        try await task.stop()

        let (kafka, _) = try await startedTask(
            dir, ["name": "k", "topics": "c", "table.name.format": "kafka_${topic}", "auto.create": "true", "pk.mode": "kafka"])
        try await kafka.put([try composite(7, "eu", 1, "x")])
        #expect(try probe.rows("SELECT __connect_topic, __connect_partition, __connect_offset, v FROM kafka_c") == [
            [.text("c"), .integer(0), .integer(7), .text("x")],
        ])
        try await kafka.stop()

        let (byValue, _) = try await startedTask(
            dir, [
                "name": "v", "topics": "c", "table.name.format": "value_${topic}", "auto.create": "true",
                "pk.mode": "record_value", "pk.fields": "region", "insert.mode": "upsert",
            ])
        try await byValue.put([try composite(0, "eu", 1, "x"), try composite(1, "eu", 2, "y")])
        #expect(try probe.rows("SELECT region, n, v FROM value_c") == [[.text("eu"), .integer(2), .text("y")]])
        try await byValue.stop()
    }

    @Test func primitiveKeysNeedOnePkFieldAndMissingKeysAreErrant() async throws {
        let dir = try TemporaryDirectory()
        let (task, context) = try await startedTask(
            dir, ["topics": "t", "auto.create": "true", "pk.mode": "record_key", "pk.fields": "id", "insert.mode": "upsert"])
        let vs = try SchemaBuilder.struct().field("name", .string).build()
        let row = try Struct(schema: vs).putting("name", "n")
        try await task.put([
            Records.row(offset: 0, key: .int64(42), keySchema: .int64, row),
            Records.row(offset: 1, row),
        ])
        #expect(try DatabaseProbe(path: dir.database).rows("SELECT id, name FROM t") == [[.integer(42), .text("n")]])
        let reports = try #require(context.reporter).all
        #expect(reports.map(\.record.kafkaOffset) == [1])
        #expect(reports.first?.message.contains("needs a record key") == true)
        try await task.stop()
    }

    @Test func fieldFiltersChooseTheValueColumns() async throws {
        let dir = try TemporaryDirectory()
        let (task, _) = try await startedTask(
            dir, [
                "topics": "t", "auto.create": "true", "pk.mode": "record_key", "insert.mode": "upsert",
                "fields.whitelist": "name,score", "fields.exclude": "score",
            ])
        try await task.put([record(0, 1, "a", 3)])
        let types = try DatabaseProbe(path: dir.database).columnTypes("t")
        #expect(Set(types.keys) == ["id", "name"])
        try await task.stop()
    }

    @Test func schemalessMapsBecomeColumnsByKey() async throws {
        let dir = try TemporaryDirectory()
        let (task, _) = try await startedTask(
            dir, [
                "topics": "events.v1-raw", "auto.create": "true", "auto.evolve": "true", "pk.mode": "record_key",
                "insert.mode": "upsert",
            ])
        try await task.put([
            try Records.json(
                topic: "events.v1-raw", offset: 0, key: #"{"id":1}"#,
                value: #"{"id":1,"n":5,"x":1.25,"ok":true,"tags":["a","b"],"meta":{"k":"v"},"none":null}"#, schemas: false),
            try Records.json(topic: "events.v1-raw", offset: 1, key: #"{"id":2}"#, value: #"{"id":2,"later":"yes"}"#, schemas: false),
        ])
        let probe = DatabaseProbe(path: dir.database)
        #expect(try probe.rows("SELECT id, n, x, ok, tags, meta, later FROM events_v1_raw ORDER BY id") == [
            [.integer(1), .integer(5), .real(1.25), .integer(1), .text(#"["a","b"]"#), .text(#"{"k":"v"}"#), .null],
            [.integer(2), .null, .null, .null, .null, .null, .text("yes")],
        ])
        #expect(try probe.columnTypes("events_v1_raw")["none"] == nil, "a schemaless null adds no column")
        try await task.stop()
    }
}

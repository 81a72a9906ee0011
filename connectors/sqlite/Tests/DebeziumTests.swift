import ConnectAPI
import Testing

@testable import SQLiteConnector

@Suite("SQLiteSink Debezium change events")
struct DebeziumTests {
    static let settings = [
        "topics": "dbserver1.inventory.customers", "auto.create": "true", "insert.mode": "upsert",
        "pk.mode": "record_key", "delete.enabled": "true",
    ]
    static let topic = "dbserver1.inventory.customers"
    static let table = "dbserver1_inventory_customers"

    func event(_ offset: Int64, id: Int, op: String, before: String = "null", after: String = "null", schemas: Bool) throws -> SinkRecord {
        try Records.json(
            topic: Self.topic, offset: offset, key: DebeziumFixtures.key(id, schemas: schemas),
            value: DebeziumFixtures.event(op: op, before: before, after: after, schemas: schemas), schemas: schemas)
    }

    func tombstone(_ offset: Int64, id: Int, schemas: Bool) throws -> SinkRecord {
        try Records.json(topic: Self.topic, offset: offset, key: DebeziumFixtures.key(id, schemas: schemas), value: nil, schemas: schemas)
    }

    @Test(arguments: [true, false])
    func createUpdateDeleteAndTombstone(schemas: Bool) async throws {
        let dir = try TemporaryDirectory()
        let (task, context) = try await startedTask(dir, Self.settings)
        let row = DebeziumFixtures.row
        try await task.put([
            try event(0, id: 1, op: "r", after: row(1, "Sally", "Thomas", "sally.thomas@acme.com"), schemas: schemas),
            try event(1, id: 2, op: "c", after: row(2, "Anne", "Kretchmar", "annek@noanswer.org"), schemas: schemas),
            try event(2, id: 2, op: "u", after: row(2, "Anne Marie", "Kretchmar", "annek@noanswer.org"), schemas: schemas),
            try event(3, id: 3, op: "c", after: row(3, "Tx", "One", "tx1@example.com"), schemas: schemas),
        ])
        let probe = DatabaseProbe(path: dir.database)
        #expect(try probe.rows("SELECT id, first_name, last_name, email FROM \(Self.table) ORDER BY id") == [
            [.integer(1), .text("Sally"), .text("Thomas"), .text("sally.thomas@acme.com")],
            [.integer(2), .text("Anne Marie"), .text("Kretchmar"), .text("annek@noanswer.org")],
            [.integer(3), .text("Tx"), .text("One"), .text("tx1@example.com")],
        ])
        #expect(try probe.columnTypes(Self.table) == ["id": "INTEGER", "first_name": "TEXT", "last_name": "TEXT", "email": "TEXT"])
        try await task.put([
            try event(4, id: 2, op: "d", before: row(2, "", "", ""), schemas: schemas),
            try tombstone(5, id: 2, schemas: schemas),
            try tombstone(6, id: 3, schemas: schemas),
        ])
        #expect(try probe.rows("SELECT id FROM \(Self.table) ORDER BY id") == [[.integer(1)]])
        #expect(try #require(context.reporter).all.isEmpty)
        try await task.stop()
    }

    @Test(arguments: [true, false])
    func theCapturedCreateDocumentIsApplied(schemas: Bool) async throws {
        let dir = try TemporaryDirectory()
        let (task, _) = try await startedTask(dir, Self.settings)
        try await task.put([
            try Records.json(
                topic: Self.topic, offset: 0, key: DebeziumFixtures.key(2, schemas: schemas),
                value: schemas ? DebeziumFixtures.capturedCreate : DebeziumFixtures.capturedCreatePlain, schemas: schemas),
        ])
        #expect(try DatabaseProbe(path: dir.database).rows("SELECT id, first_name FROM \(Self.table)") == [[.integer(2), .text("Anne")]])
        try await task.stop()
    }

    @Test(arguments: [true, false])
    func theToastPlaceholderLeavesTheColumnUntouched(schemas: Bool) async throws {
        let dir = try TemporaryDirectory()
        let (task, _) = try await startedTask(dir, Self.settings)
        let row = DebeziumFixtures.row
        try await task.put([
            try event(0, id: 7, op: "c", after: row(7, "Big", "Document", "big@example.com"), schemas: schemas),
            try event(1, id: 7, op: "u", after: row(7, "Bigger", "__debezium_unavailable_value", "big@example.com"), schemas: schemas),
        ])
        #expect(try DatabaseProbe(path: dir.database).rows("SELECT first_name, last_name FROM \(Self.table)") == [
            [.text("Bigger"), .text("Document")],
        ])
        try await task.stop()
    }

    @Test func deletesAreIgnoredWithoutDeleteEnabledAndOtherOpsAreSkipped() async throws {
        let dir = try TemporaryDirectory()
        var settings = Self.settings
        settings["delete.enabled"] = "false"
        let (task, context) = try await startedTask(dir, settings)
        let row = DebeziumFixtures.row
        try await task.put([
            try event(0, id: 1, op: "c", after: row(1, "a", "b", "c"), schemas: true),
            try event(1, id: 1, op: "d", before: row(1, "", "", ""), schemas: true),
            try tombstone(2, id: 1, schemas: true),
            try event(3, id: 1, op: "t", schemas: false),
        ])
        #expect(try DatabaseProbe(path: dir.database).rows("SELECT id FROM \(Self.table)") == [[.integer(1)]])
        #expect(try #require(context.reporter).all.isEmpty)
        #expect(await task.counters.applied == 4)
        try await task.stop()
    }

    @Test func envelopeModeNoneWritesTheEnvelopeAsARow() async throws {
        let dir = try TemporaryDirectory()
        let (task, _) = try await startedTask(
            dir, ["topics": Self.topic, "auto.create": "true", "envelope.mode": "none", "fields.include": "op"])
        try await task.put([try event(0, id: 1, op: "c", after: DebeziumFixtures.row(1, "a", "b", "c"), schemas: false)])
        #expect(try DatabaseProbe(path: dir.database).rows("SELECT op FROM \(Self.table)") == [[.text("c")]])
        try await task.stop()
    }
}

import ConnectAPI
import Foundation
import Testing

@testable import SQLiteConnector

@Suite("SQLiteSink database errors")
struct DatabaseErrorTests {
    static let settings = ["topics": "t", "auto.create": "true", "insert.mode": "upsert", "pk.mode": "record_key"]

    func record(_ offset: Int64) throws -> SinkRecord {
        try Records.json(offset: offset, key: #"{"id":\#(offset)}"#, value: #"{"id":\#(offset)}"#, schemas: false)
    }

    @Test func aLockedDatabaseIsARetriableErrorUntilRetriesRunOut() async throws {
        let dir = try TemporaryDirectory()
        let (task, context) = try await startedTask(
            dir, Self.settings.merging(["sqlite.busy.timeout.ms": "50", "max.retries": "2", "retry.backoff.ms": "7"]) { $1 })
        let other = try SQLiteConnection(path: dir.database, busyTimeoutMs: 0)
        try other.execute("BEGIN IMMEDIATE")
        for attempt in 1...3 {
            do {
                try await task.put([try record(0)])
                Issue.record("put succeeded while the database was locked")
            } catch let error as ConnectError {
                #expect(error.isRetriable == (attempt <= 2), "attempt \(attempt): \(error)")
                #expect(error.message.contains("locked"))
            }
        }
        #expect(context.timeouts == [7, 7])
        try other.execute("ROLLBACK")
        other.close()
        try await task.put([try record(0)])
        #expect(try DatabaseProbe(path: dir.database).rows("SELECT id FROM t") == [[.integer(0)]])
        try await task.stop()
    }

    @Test func aReadOnlyDatabaseFailsAtStartWithAClearMessage() async throws {
        let dir = try TemporaryDirectory()
        var settings = Self.settings
        if getuid() == 0 {
            // Root writes through file modes; a read-only file system gives the same refusal.
            settings["sqlite.path"] = "/proc/self/sink.db"
        } else {
            try DatabaseProbe(path: dir.database).execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
            chmod(dir.database, 0o444)
            chmod(dir.path, 0o555)
        }
        defer { chmod(dir.path, 0o755) }
        await #expect {
            _ = try await startedTask(dir, settings)
        } throws: { error in
            let text = "\(error)"
            return text.contains("Cannot open SQLite database")
                && (text.contains("read-only") || text.contains("cannot be opened"))
        }
    }

    @Test func theConfigurationIsCheckedAcrossKeys() throws {
        #expect(throws: ConnectError.self) { try SQLiteSinkConfig(properties: ["connection.url": "jdbc:postgresql://x/db"]) }
        #expect(throws: ConnectError.self) { try SQLiteSinkConfig(properties: ["sqlite.path": "/tmp/x.db", "insert.mode": "upsert"]) }
        #expect(throws: ConnectError.self) {
            try SQLiteSinkConfig(properties: ["sqlite.path": "/tmp/x.db", "delete.enabled": "true", "pk.mode": "record_value"])
        }
        #expect(throws: ConnectError.self) { try SQLiteSinkConfig(properties: [:]) }
        let config = try SQLiteSinkConfig(properties: [
            "connection.url": "jdbc:sqlite:/data/sink.db?journal_mode=WAL", "insert.mode": "UPSERT", "pk.mode": "record_key",
            "table.name.format": "kafka_${topic}",
        ])
        #expect(config.path == "/data/sink.db")
        #expect(config.insertMode == .upsert)
        #expect(config.batchSize == 3000)
        #expect(config.synchronous == "NORMAL")
        #expect(config.tableName(forTopic: "db.public.orders-v2") == "kafka_db_public_orders_v2")
        let raw = try SQLiteSinkConfig(properties: ["sqlite.path": "x.db", "table.name.sanitize.chars": ""])
        #expect(raw.tableName(forTopic: "a.b") == "a.b")
    }

    @Test func thePluginAnswersToTheJdbcSinkClassName() async throws {
        #expect(sqliteSinkPlugin.matches("io.confluent.connect.jdbc.JdbcSinkConnector"))
        #expect(sqliteSinkPlugin.matches("SQLiteSink"))
        #expect(sqliteSinkPlugin.matches("io.tributary.connect.sqlite.SQLiteSinkConnector"))
        let connector = SQLiteSinkConnector()
        let results = await connector.validate(["connection.url": "jdbc:sqlite:/tmp/x.db", "insert.mode": "upsert"])
        #expect(results.errorCount == 1)
        #expect(results["insert.mode"]?.errors.first?.contains("needs a primary key") == true)
    }
}

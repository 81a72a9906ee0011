import ConnectAPI
import ConnectConverters
import Foundation
import Logging
import Synchronization

@testable import SQLiteConnector

/// A sink task context that records what the task asks of the runtime (seeks, timeouts) and reports errant
/// records to an in-memory list (or has no reporter, as with `errors.tolerance=none` and no DLQ).
final class RecordingSinkContext: SinkTaskContext {
    struct State {
        var seeks: [TopicPartitionRef: Int64] = [:]
        var timeouts: [Int64] = []
    }

    let configs: [String: String]
    let reporter: CollectingReporter?
    private let state = Mutex(State())

    init(configs: [String: String], tolerant: Bool = true) {
        self.configs = configs
        self.reporter = tolerant ? CollectingReporter() : nil
    }

    var assignment: Set<TopicPartitionRef> { [] }
    var errantRecordReporter: (any ErrantRecordReporter)? { reporter }
    var seeks: [TopicPartitionRef: Int64] { state.withLock { $0.seeks } }
    var timeouts: [Int64] { state.withLock { $0.timeouts } }

    func offset(_ offsets: [TopicPartitionRef: Int64]) {
        state.withLock { for (partition, offset) in offsets { $0.seeks[partition] = offset } }
    }
    func timeout(milliseconds: Int64) { state.withLock { $0.timeouts.append(milliseconds) } }
    func pause(_ partitions: Set<TopicPartitionRef>) {}
    func resume(_ partitions: Set<TopicPartitionRef>) {}
    func requestCommit() {}
}

/// Keeps every errant record with its error message.
final class CollectingReporter: ErrantRecordReporter {
    private let reports = Mutex<[(SinkRecord, String)]>([])

    func report(_ record: SinkRecord, error: any Error) async throws {
        reports.withLock { $0.append((record, "\(error)")) }
    }

    var all: [(record: SinkRecord, message: String)] { reports.withLock { $0.map { ($0.0, $0.1) } } }
}

/// A fresh directory under the system temporary directory, removed when the value goes away.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "tributary-sqlite-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        chmod(path, 0o755)
        try? FileManager.default.removeItem(atPath: path)
    }

    var database: String { path + "/sink.db" }
}

/// Reads a database the way a user would, with its own connection.
struct DatabaseProbe {
    let path: String

    func rows(_ sql: String) throws -> [[SQLValue]] {
        let db = try SQLiteConnection(path: path, busyTimeoutMs: 1000)
        defer { db.close() }
        return try db.query(sql)
    }

    func execute(_ sql: String) throws {
        let db = try SQLiteConnection(path: path, busyTimeoutMs: 1000)
        defer { db.close() }
        try db.execute(sql)
    }

    /// Column name → declared type.
    func columnTypes(_ table: String) throws -> [String: String] {
        var types: [String: String] = [:]
        for row in try rows("PRAGMA table_info(\"\(table)\")") {
            if case .text(let name) = row[1], case .text(let type) = row[2] { types[name] = type }
        }
        return types
    }
}

/// Builds sink records the way the runtime does.
enum Records {
    static let jsonWithSchemas = JsonConverter(settings: {
        var settings = JsonConverterConfig()
        settings.schemasEnabled = true
        return settings
    }())

    static let jsonWithoutSchemas = JsonConverter(settings: {
        var settings = JsonConverterConfig()
        settings.schemasEnabled = false
        return settings
    }())

    /// A record from JSON key and value documents (nil = null), through JsonConverter.
    static func json(
        topic: String = "t", partition: Int32 = 0, offset: Int64, key: String?, value: String?, schemas: Bool
    ) throws -> SinkRecord {
        let converter = schemas ? jsonWithSchemas : jsonWithoutSchemas
        let k = try key.map { try converter.deserialize(Array($0.utf8)) } ?? SchemaAndValue(schema: nil, value: .null)
        let v = try value.map { try converter.deserialize(Array($0.utf8)) } ?? SchemaAndValue(schema: nil, value: .null)
        return SinkRecord(
            topic: topic, kafkaPartition: partition, keySchema: k.schema, key: k.value, valueSchema: v.schema,
            value: v.value, kafkaOffset: offset)
    }

    /// A record with a struct value (and optionally a key).
    static func row(
        topic: String = "t", partition: Int32 = 0, offset: Int64, key: ConnectValue = .null, keySchema: Schema? = nil,
        _ value: Struct?
    ) -> SinkRecord {
        SinkRecord(
            topic: topic, kafkaPartition: partition, keySchema: keySchema, key: key, valueSchema: value?.schema,
            value: value.map { .struct($0) } ?? .null, kafkaOffset: offset)
    }
}

/// A started task over a fresh database with the given settings (plus connection.url and name).
func startedTask(
    _ directory: TemporaryDirectory, _ settings: [String: String], tolerant: Bool = true
) async throws -> (SQLiteSinkTask, RecordingSinkContext) {
    var config = settings
    config["connection.url"] = config["connection.url"] ?? "jdbc:sqlite:" + directory.database
    config["name"] = config["name"] ?? "sqlite-test"
    let context = RecordingSinkContext(configs: config, tolerant: tolerant)
    let task = SQLiteSinkTask()
    try await task.start(config: config, context: context)
    return (task, context)
}

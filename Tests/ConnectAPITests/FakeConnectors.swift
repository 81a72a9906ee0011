import ConnectAPI
import Synchronization

// A minimal source and sink written only against ConnectAPI, to prove the SPI is implementable the way
// a plugin author would do it: actors for connectors and tasks, lock-protected classes for contexts.

enum LineSourceConfig {
    static let definition = ConfigDefinition()
        .define("lines", .list, importance: .high, documentation: "The lines to emit.")
        .define("topic", .string, validator: .nonEmptyString, importance: .high, documentation: "The topic.")
        .define("batch.size", .int, default: 2, validator: .atLeast(1), importance: .low, documentation: "Lines per poll.")
}

actor LineSourceConnector: SourceConnector {
    nonisolated let version = "1.2.3"
    nonisolated var config: ConfigDefinition { LineSourceConfig.definition }
    private var settings: [String: String] = [:]
    private(set) var stopped = false

    func start(config: [String: String], context: any SourceConnectorContext) async throws {
        _ = try LineSourceConfig.definition.parse(config)
        settings = config
    }

    func taskConfigs(maxTasks: Int) async throws -> [[String: String]] { [settings] }

    func stop() async throws { stopped = true }

    nonisolated func makeTask() -> any SourceTask { LineSourceTask() }

    nonisolated func exactlyOnceSupport(config: [String: String]) -> ExactlyOnceSupport? { .supported }
}

actor LineSourceTask: SourceTask {
    nonisolated let version = "1.2.3"
    private var lines: [String] = []
    private var topic = ""
    private var batchSize = 1
    private var position: Int64 = 0
    private(set) var acknowledged: [Int64] = []
    private(set) var commits = 0

    static let partition: SourcePartition = ["source": "memory"]

    func start(config: [String: String], context: any SourceTaskContext) async throws {
        let parsed = try LineSourceConfig.definition.parse(config)
        lines = parsed.list("lines") ?? []
        topic = parsed.string("topic") ?? ""
        batchSize = Int(parsed.int("batch.size") ?? 1)
        position = try await context.offsetStorageReader.offset(for: Self.partition)?["position"]?.intValue ?? 0
    }

    func poll() async throws -> [SourceRecord] {
        if position >= lines.count {
            // Wait for more data; cancellation (the runtime stopping us) ends the wait at once.
            try await Task.sleep(for: .seconds(60))
            return []
        }
        var records: [SourceRecord] = []
        while records.count < batchSize && position < lines.count {
            let line = lines[Int(position)]
            position += 1
            var headers = ConnectHeaders()
            headers.addInt64("line.number", position)
            records.append(SourceRecord(
                sourcePartition: Self.partition,
                sourceOffset: ["position": .int(position)],
                topic: topic,
                keySchema: nil,
                key: nil,
                valueSchema: .string,
                value: .string(line),
                headers: headers
            ))
        }
        return records
    }

    func commit() async throws { commits += 1 }

    func commitRecord(_ record: SourceRecord, metadata: SourceRecord.Metadata?) async throws {
        if let offset = metadata?.offset { acknowledged.append(offset) }
    }

    func stop() async throws {}
}

/// Offsets kept in memory, as the runtime's reader would return them.
struct MemoryOffsetReader: OffsetStorageReader {
    var stored: [SourcePartition: SourceOffset]

    func offsets(for partitions: [SourcePartition]) async throws -> [SourcePartition: SourceOffset] {
        stored.filter { partitions.contains($0.key) }
    }
}

struct FakeSourceTaskContext: SourceTaskContext {
    var configs: [String: String]
    var offsetStorageReader: any OffsetStorageReader
}

final class FakeConnectorContext: SourceConnectorContext, SinkConnectorContext {
    let offsetStorageReader: any OffsetStorageReader = MemoryOffsetReader(stored: [:])
    private let state = Mutex<(reconfigurations: Int, errors: [String])>((0, []))

    var reconfigurations: Int { state.withLock { $0.reconfigurations } }

    func requestTaskReconfiguration() { state.withLock { $0.reconfigurations += 1 } }
    func raiseError(_ error: any Error) { state.withLock { $0.errors.append(String(describing: error)) } }
}

// MARK: Sink

/// A table of rows in memory plus the consumed offsets it has made durable, like a SQLite sink would.
actor MemoryTableSinkTask: SinkTask {
    nonisolated let version = "0.9.0"
    private var context: (any SinkTaskContext)?
    private var pending: [SinkRecord] = []
    private(set) var rows: [ConnectValue: ConnectValue] = [:]
    private(set) var durableOffsets: [TopicPartitionRef: OffsetAndMetadata] = [:]
    private(set) var opened: Set<TopicPartitionRef> = []
    /// Offsets "stored in the target", used to seek on open.
    private let storedPositions: [TopicPartitionRef: Int64]

    init(storedPositions: [TopicPartitionRef: Int64] = [:]) {
        self.storedPositions = storedPositions
    }

    func start(config: [String: String], context: any SinkTaskContext) async throws {
        self.context = context
    }

    func open(partitions: Set<TopicPartitionRef>) async throws {
        opened.formUnion(partitions)
        for partition in partitions {
            if let position = storedPositions[partition] { context?.offset(partition: partition, offset: position) }
        }
    }

    func put(_ records: [SinkRecord]) async throws {
        if records.contains(where: { $0.value == "unavailable" }) {
            context?.timeout(milliseconds: 250)
            throw ConnectError.retriable("target busy")
        }
        pending += records
    }

    func flush(currentOffsets: [TopicPartitionRef: OffsetAndMetadata]) async throws {
        for record in pending {
            rows[record.key] = record.value
            if let partition = record.originalTopicPartition {
                durableOffsets[partition] = OffsetAndMetadata(offset: record.originalKafkaOffset + 1)
            }
        }
        pending.removeAll()
    }

    func preCommit(currentOffsets: [TopicPartitionRef: OffsetAndMetadata]) async throws -> [TopicPartitionRef: OffsetAndMetadata] {
        try await flush(currentOffsets: currentOffsets)
        return durableOffsets.filter { currentOffsets[$0.key] != nil }
    }

    func close(partitions: Set<TopicPartitionRef>) async throws { opened.subtract(partitions) }

    func stop() async throws {}
}

actor MemoryTableSinkConnector: SinkConnector {
    nonisolated let version = "0.9.0"
    nonisolated var config: ConfigDefinition {
        ConfigDefinition().define("table", .string, importance: .high, documentation: "Target table.")
    }
    private var settings: [String: String] = [:]

    func start(config: [String: String], context: any SinkConnectorContext) async throws { settings = config }
    func taskConfigs(maxTasks: Int) async throws -> [[String: String]] { Array(repeating: settings, count: maxTasks) }
    func stop() async throws {}
    nonisolated func makeTask() -> any SinkTask { MemoryTableSinkTask() }

    func validate(_ config: [String: String]) async -> [ConfigValueInfo] {
        var values = self.config.validate(config)
        if config["table"] == "forbidden" {
            values.addError("Table forbidden is reserved", to: "table")
        }
        return values
    }
}

/// Records what a sink task asked the runtime for.
final class FakeSinkTaskContext: SinkTaskContext {
    struct Requests {
        var seeks: [TopicPartitionRef: Int64] = [:]
        var paused: Set<TopicPartitionRef> = []
        var commitRequests = 0
        var timeoutMilliseconds: Int64?
    }

    let configs: [String: String]
    let assignment: Set<TopicPartitionRef>
    private let state = Mutex(Requests())

    init(configs: [String: String], assignment: Set<TopicPartitionRef>) {
        self.configs = configs
        self.assignment = assignment
    }

    var requests: Requests { state.withLock { $0 } }

    func offset(_ offsets: [TopicPartitionRef: Int64]) { state.withLock { $0.seeks.merge(offsets) { _, new in new } } }
    func timeout(milliseconds: Int64) { state.withLock { $0.timeoutMilliseconds = milliseconds } }
    func pause(_ partitions: Set<TopicPartitionRef>) { state.withLock { $0.paused.formUnion(partitions) } }
    func resume(_ partitions: Set<TopicPartitionRef>) { state.withLock { $0.paused.subtract(partitions) } }
    func requestCommit() { state.withLock { $0.commitRequests += 1 } }
}

let lineSourcePlugin = ConnectorPlugin.source(
    className: "io.tributary.connect.test.LineSourceConnector",
    aliases: ["Lines"],
    version: "1.2.3"
) { LineSourceConnector() }

let memoryTableSinkPlugin = ConnectorPlugin.sink(
    className: "io.tributary.connect.test.MemoryTableSink",
    version: "0.9.0"
) { MemoryTableSinkConnector() }

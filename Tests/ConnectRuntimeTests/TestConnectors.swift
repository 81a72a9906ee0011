import ConnectAPI
import Synchronization

/// Shared, lock-protected observations of the test connectors.
final class Observations: Sendable {
    struct State {
        var sinkValues: [String] = []
        var sourceStarts: [ContinuousClock.Instant] = []
        var sinkFlushes = 0
        var resumedFrom: [Int64?] = []
    }

    let state = Mutex(State())

    func append(_ values: [String]) { state.withLock { $0.sinkValues += values } }
    var sinkValues: [String] { state.withLock { $0.sinkValues } }
    var sourceStarts: [ContinuousClock.Instant] { state.withLock { $0.sourceStarts } }
    var resumedFrom: [Int64?] { state.withLock { $0.resumedFrom } }
}

/// Registries of observations by connector name (plugins are made by factories without arguments).
enum TestRegistry {
    static let observations = Mutex<[String: Observations]>([:])

    static func observations(for name: String) -> Observations {
        observations.withLock { all in
            if let existing = all[name] { return existing }
            let created = Observations()
            all[name] = created
            return created
        }
    }
}

/// A source producing "<n>" for n = 0, 1, 2 … up to `count`, with offset `{"n": n}` under partition `{"seq": name}`;
/// `fail.starts` makes the first starts throw; `password` is a PASSWORD key.
final class SequenceSourceConnector: SourceConnector {
    let version = "1.0.0"
    var config: ConfigDefinition {
        ConfigDefinition()
            .define("topic", .string, importance: .high, documentation: "Topic.")
            .define("count", .long, default: 1_000_000, importance: .low, documentation: "How many.")
            .define("fail.starts", .int, default: 0, importance: .low, documentation: "Failing starts.")
            .define("password", .password, default: nil, importance: .low, documentation: "A secret.")
    }
    private let settings = Mutex<[String: String]>([:])

    func start(config: [String: String], context: any SourceConnectorContext) async throws {
        _ = try self.config.parse(config)
        settings.withLock { $0 = config }
    }

    func taskConfigs(maxTasks: Int) async throws -> [[String: String]] { [settings.withLock { $0 }] }
    func stop() async throws {}
    func makeTask() -> any SourceTask { SequenceSourceTask() }
}

final class SequenceSourceTask: SourceTask {
    let version = "1.0.0"
    private struct State {
        var next: Int64 = 0
        var topic = ""
        var name = ""
        var count: Int64 = 0
        var gauges = TaskGauges()
    }
    private let state = Mutex(State())

    func start(config: [String: String], context: any SourceTaskContext) async throws {
        let name = config["name"] ?? ""
        let observations = TestRegistry.observations(for: name)
        let starts = observations.state.withLock { state in
            state.sourceStarts.append(.now)
            return state.sourceStarts.count
        }
        if starts <= Int(config["fail.starts"] ?? "0") ?? 0 {
            throw ConnectError(.connect, "start number \(starts) fails on purpose")
        }
        let offset = try await context.offsetStorageReader.offset(for: ["seq": .string(name)])
        let resumed = offset?["n"]?.intValue
        observations.state.withLock { $0.resumedFrom.append(resumed) }
        state.withLock {
            $0.next = (resumed ?? -1) + 1
            $0.topic = config["topic"] ?? "seq"
            $0.name = name
            $0.count = Int64(config["count"] ?? "") ?? 1_000_000
            $0.gauges = context.gauges
        }
    }

    func poll() async throws -> [SourceRecord] {
        let batch: [SourceRecord] = state.withLock { state in
            var records: [SourceRecord] = []
            while state.next < state.count && records.count < 100 {
                records.append(
                    SourceRecord(
                        sourcePartition: ["seq": .string(state.name)], sourceOffset: ["n": .int(state.next)],
                        topic: state.topic, valueSchema: .string, value: .string(String(state.next))))
                state.next += 1
            }
            state.gauges.set("records_made", labels: ["kind": "sequence"], to: Double(state.next))
            return records
        }
        if batch.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        return batch
    }

    func stop() async throws {}
}

/// A sink connector handing its configuration to one task of the kind `makeTaskBody` makes.
final class OneTaskSinkConnector: SinkConnector {
    let version = "1.0.0"
    var config: ConfigDefinition { ConfigDefinition() }
    private let settings = Mutex<[String: String]>([:])
    private let makeTaskBody: @Sendable () -> any SinkTask

    init(_ makeTask: @escaping @Sendable () -> any SinkTask) { self.makeTaskBody = makeTask }

    func start(config: [String: String], context: any SinkConnectorContext) async throws {
        settings.withLock { $0 = config }
    }

    func taskConfigs(maxTasks: Int) async throws -> [[String: String]] { [settings.withLock { $0 }] }
    func stop() async throws {}
    func makeTask() -> any SinkTask { makeTaskBody() }
}

/// A sink task collecting string values.
final class CollectingSinkTask: SinkTask {
    let version = "1.0.0"
    private let name = Mutex("")

    func start(config: [String: String], context: any SinkTaskContext) async throws {
        name.withLock { $0 = config["name"] ?? "" }
    }

    func put(_ records: [SinkRecord]) async throws {
        let values = records.map { record -> String in
            if case .string(let text) = record.value { return text }
            return String(describing: record.value)
        }
        TestRegistry.observations(for: name.withLock { $0 }).append(values)
    }

    func flush(currentOffsets: [TopicPartitionRef: OffsetAndMetadata]) async throws {
        TestRegistry.observations(for: name.withLock { $0 }).state.withLock { $0.sinkFlushes += 1 }
    }

    func stop() async throws {}
}

/// A sink task collecting string values slowly (`put.delay.ms`), which once asks for a seek back to `seek.to` in
/// the put holding the value `seek.at`, and once fails with a retriable error in the put holding `retriable.at`.
final class SeekingSinkTask: SinkTask {
    let version = "1.0.0"
    private struct State {
        var name = ""
        var config: [String: String] = [:]
        var context: (any SinkTaskContext)?
        var sought = false
        var failed = false
    }
    private let state = Mutex(State())

    func start(config: [String: String], context: any SinkTaskContext) async throws {
        state.withLock {
            $0.name = config["name"] ?? ""
            $0.config = config
            $0.context = context
        }
    }

    func put(_ records: [SinkRecord]) async throws {
        let values = records.map { record -> String in
            if case .string(let text) = record.value { return text }
            return String(describing: record.value)
        }
        let (name, config) = state.withLock { ($0.name, $0.config) }
        try await Task.sleep(for: .milliseconds(Int(config["put.delay.ms"] ?? "0") ?? 0))
        let fail = state.withLock { state -> Bool in
            guard !state.failed, let at = config["retriable.at"], values.contains(at) else { return false }
            state.failed = true
            return true
        }
        if fail { throw ConnectError(.retriable, "retriable failure on purpose") }
        TestRegistry.observations(for: name).append(values)
        let seek = state.withLock { state -> (any SinkTaskContext)? in
            guard !state.sought, let at = config["seek.at"], values.contains(at) else { return nil }
            state.sought = true
            return state.context
        }
        if let seek, let first = records.first, let partition = first.kafkaPartition, let to = Int64(config["seek.to"] ?? "") {
            seek.offset([TopicPartitionRef(topic: first.topic, partition: partition): to])
            TestRegistry.observations(for: name).state.withLock { $0.resumedFrom.append(Int64(values.last ?? "")) }
        }
    }

    func stop() async throws {}
}

let testPlugins: [ConnectorPlugin] = [
    .source(className: "test.SequenceSourceConnector", version: "1.0.0") { SequenceSourceConnector() },
    .sink(className: "test.CollectingSinkConnector", version: "1.0.0") { OneTaskSinkConnector { CollectingSinkTask() } },
    .sink(className: "test.SeekingSinkConnector", version: "1.0.0") { OneTaskSinkConnector { SeekingSinkTask() } },
]

import ConnectAPI
import ConnectConverters
import Logging
import NIOCore
import Synchronization

/// Requests a sink task makes through its context (seeks, pauses, commit, timeout), applied by the runner after
/// the current call returns.
final class SinkTaskRequests: Sendable {
    private struct State {
        var seeks: [TopicPartitionRef: Int64] = [:]
        var pause: Set<TopicPartitionRef> = []
        var resume: Set<TopicPartitionRef> = []
        var commitRequested = false
        var timeoutMs: Int64?
        var assignment: Set<TopicPartitionRef> = []
    }

    private let state = Mutex(State())

    func seek(_ offsets: [TopicPartitionRef: Int64]) {
        state.withLock { for (partition, offset) in offsets { $0.seeks[partition] = offset } }
    }

    func takeSeeks() -> [TopicPartitionRef: Int64] {
        state.withLock { state in
            defer { state.seeks = [:] }
            return state.seeks
        }
    }

    func pause(_ partitions: Set<TopicPartitionRef>) {
        state.withLock {
            $0.pause.formUnion(partitions)
            $0.resume.subtract(partitions)
        }
    }

    func resume(_ partitions: Set<TopicPartitionRef>) {
        state.withLock {
            $0.resume.formUnion(partitions)
            $0.pause.subtract(partitions)
        }
    }

    func takePauseChanges() -> (pause: Set<TopicPartitionRef>, resume: Set<TopicPartitionRef>) {
        state.withLock { state in
            defer {
                state.pause = []
                state.resume = []
            }
            return (state.pause, state.resume)
        }
    }

    /// Whether the task asked for seeks or pause changes that have not been applied yet.
    var hasPositionRequests: Bool {
        state.withLock { !$0.seeks.isEmpty || !$0.pause.isEmpty || !$0.resume.isEmpty }
    }

    func requestCommit() { state.withLock { $0.commitRequested = true } }

    func takeCommitRequest() -> Bool {
        state.withLock { state in
            defer { state.commitRequested = false }
            return state.commitRequested
        }
    }

    func setTimeout(_ ms: Int64) { state.withLock { $0.timeoutMs = ms } }

    func takeTimeout() -> Int64? {
        state.withLock { state in
            defer { state.timeoutMs = nil }
            return state.timeoutMs
        }
    }

    func setAssignment(_ assignment: Set<TopicPartitionRef>) { state.withLock { $0.assignment = assignment } }

    var assignment: Set<TopicPartitionRef> { state.withLock { $0.assignment } }
}

/// The ``SinkTaskContext`` the runtime hands a sink task.
struct RuntimeSinkTaskContext: SinkTaskContext {
    let configs: [String: String]
    let logger: Logger
    let requests: SinkTaskRequests
    let reporter: ErrantReporter?

    var assignment: Set<TopicPartitionRef> { requests.assignment }
    var errantRecordReporter: (any ErrantRecordReporter)? { reporter }

    func offset(_ offsets: [TopicPartitionRef: Int64]) { requests.seek(offsets) }
    func timeout(milliseconds: Int64) { requests.setTimeout(milliseconds) }
    func pause(_ partitions: Set<TopicPartitionRef>) { requests.pause(partitions) }
    func resume(_ partitions: Set<TopicPartitionRef>) { requests.resume(partitions) }
    func requestCommit() { requests.requestCommit() }
}

/// KIP-610's reporter: a record the task could not write goes to the DLQ (when configured); with
/// `errors.tolerance=none` the report fails the task instead.
struct ErrantReporter: ErrantRecordReporter {
    let dlq: DeadLetterQueue?
    let tolerance: Bool

    private static let json = JsonConverter(settings: {
        var settings = JsonConverterConfig()
        settings.schemasEnabled = false
        return settings
    }())

    func report(_ record: SinkRecord, error: any Error) async throws {
        guard tolerance else { throw ToleranceExceededError(stage: .taskPut, cause: error) }
        guard let dlq else { return }
        let key = (try? Self.json.serialize(schema: record.keySchema, value: record.key)).map { ByteBuffer(bytes: $0) }
        let value = (try? Self.json.serialize(schema: record.valueSchema, value: record.value)).map {
            ByteBuffer(bytes: $0)
        }
        try await dlq.report(
            key: key, value: value, headers: HeaderConversion.toRecordHeaders(record.headers),
            origin: record.originalKafkaPartition.map {
                DeadLetterQueue.Origin(topic: record.originalTopic, partition: $0, offset: record.originalKafkaOffset)
            },
            stage: .taskPut, error: error)
    }
}

/// The worker side of a sink connector: receives records read from Kafka and writes them out (Kafka's `SinkTask`).
///
/// ## Lifecycle
///
/// ``start(config:context:)`` → ``open(partitions:)`` when partitions are assigned → ``put(_:)`` with each
/// batch → ``preCommit(currentOffsets:)`` before each consumer offset commit → ``close(partitions:)`` when
/// partitions are revoked → ``stop()``.
///
/// ## Delivery
///
/// The runtime commits, per partition, the offset ``preCommit(currentOffsets:)`` returns, and redelivers
/// everything after it on restart. The default `preCommit` calls ``flush(currentOffsets:)`` and returns the
/// offsets of everything passed to `put`, which is right for a task that writes synchronously in `put`.
/// A task that buffers returns only what is durable. A task that stores offsets in the target system
/// itself (exactly once) seeks to them with ``SinkTaskContext/offset(_:)`` in ``open(partitions:)`` and may
/// return an empty map. Use ``SinkRecord/originalTopicPartition`` and ``SinkRecord/originalKafkaOffset``
/// for offsets, since transforms may rename topics.
///
/// ## Concurrency
///
/// As for ``SourceTask``: an `actor` or a lock-protected `final class`; the runtime calls one method at a time.
///
/// ## Errors
///
/// A ``ConnectError`` with code ``ConnectError/Code/retriable`` thrown from ``put(_:)`` makes the runtime
/// redeliver the same batch (after ``SinkTaskContext/timeout(milliseconds:)``, if set); any other error fails
/// the task. Records that are individually bad can go to ``SinkTaskContext/errantRecordReporter``.
public protocol SinkTask: AnyObject, Sendable {
    /// The task's version; usually the connector's.
    var version: String { get }

    /// Starts the task with one of the maps from ``Connector/taskConfigs(maxTasks:)``.
    func start(config: [String: String], context: any SinkTaskContext) async throws

    /// Newly assigned partitions; set up per-partition writers and seek if offsets are stored externally.
    /// The default does nothing.
    func open(partitions: Set<TopicPartitionRef>) async throws

    /// Writes (or buffers) a batch of records, in offset order per partition. The batch may be empty.
    func put(_ records: [SinkRecord]) async throws

    /// Makes everything passed to ``put(_:)`` so far durable. The default does nothing.
    func flush(currentOffsets: [TopicPartitionRef: OffsetAndMetadata]) async throws

    /// The offsets that are safe to commit, given the offsets following the last records passed to `put`.
    /// The default flushes and returns `currentOffsets`.
    func preCommit(currentOffsets: [TopicPartitionRef: OffsetAndMetadata]) async throws -> [TopicPartitionRef: OffsetAndMetadata]

    /// Partitions being revoked; write out their buffered records and drop their writers.
    /// The default does nothing.
    func close(partitions: Set<TopicPartitionRef>) async throws

    /// Stops the task and releases its resources.
    func stop() async throws
}

extension SinkTask {
    /// Does nothing.
    public func open(partitions: Set<TopicPartitionRef>) async throws {}

    /// Does nothing.
    public func flush(currentOffsets: [TopicPartitionRef: OffsetAndMetadata]) async throws {}

    /// Flushes, then returns `currentOffsets`.
    public func preCommit(
        currentOffsets: [TopicPartitionRef: OffsetAndMetadata]
    ) async throws -> [TopicPartitionRef: OffsetAndMetadata] {
        try await flush(currentOffsets: currentOffsets)
        return currentOffsets
    }

    /// Does nothing.
    public func close(partitions: Set<TopicPartitionRef>) async throws {}
}

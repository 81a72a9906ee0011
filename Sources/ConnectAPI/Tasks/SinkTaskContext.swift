public import Logging

/// What the runtime offers a running sink task (Kafka's `SinkTaskContext`). Implemented by the runtime.
///
/// The control methods only record a request, which the runtime applies after the current call
/// (`put`, `open`…) returns; they are safe to call from any task.
public protocol SinkTaskContext: Sendable {
    /// The task's configuration, as passed to ``SinkTask/start(config:context:)``.
    var configs: [String: String] { get }
    /// The logger to use, with `connector.name` and `task.id` metadata set. The default discards everything.
    var logger: Logger { get }
    /// The partitions currently assigned to the task.
    var assignment: Set<TopicPartitionRef> { get }
    /// Reports records that cannot be written, if the runtime supports it (the default is `nil`).
    var errantRecordReporter: (any ErrantRecordReporter)? { get }

    /// Rewinds or advances consumption: the next records of each partition start at its offset. Used by sinks
    /// that store their offsets in the target system (call it from ``SinkTask/open(partitions:)``).
    func offset(_ offsets: [TopicPartitionRef: Int64])
    /// Asks for `put` to be called again after this many milliseconds if it throws a retriable error.
    func timeout(milliseconds: Int64)
    /// Stops fetching from these partitions until ``resume(_:)``; records already fetched may still arrive.
    func pause(_ partitions: Set<TopicPartitionRef>)
    /// Resumes fetching from paused partitions.
    func resume(_ partitions: Set<TopicPartitionRef>)
    /// Asks for an offset commit (and so ``SinkTask/preCommit(currentOffsets:)``) as soon as possible.
    func requestCommit()
}

extension SinkTaskContext {
    /// Seeks one partition; see ``offset(_:)``.
    public func offset(partition: TopicPartitionRef, offset: Int64) {
        self.offset([partition: offset])
    }

    /// A logger that discards everything.
    public var logger: Logger { Logger.discarding }
    /// No reporter.
    public var errantRecordReporter: (any ErrantRecordReporter)? { nil }
}

public import Logging

/// What the runtime offers a running source task (Kafka's `SourceTaskContext`). Implemented by the runtime.
public protocol SourceTaskContext: Sendable {
    /// The task's configuration, as passed to ``SourceTask/start(config:context:)``.
    var configs: [String: String] { get }
    /// Reads committed offsets, to resume after a restart.
    var offsetStorageReader: any OffsetStorageReader { get }
    /// The logger to use, with `connector.name` and `task.id` metadata set. The default discards everything.
    var logger: Logger { get }
    /// Lets the task define transaction boundaries; `nil` (the default) unless exactly-once support with
    /// `transaction.boundary=connector` is in effect.
    var transactionContext: (any TransactionContext)? { get }
    /// Gauges the task publishes (progress, lag), shown in its REST status and in `GET /metrics`. The default
    /// is a fresh, unread set.
    var gauges: TaskGauges { get }
}

extension SourceTaskContext {
    /// A logger that discards everything.
    public var logger: Logger { Logger.discarding }
    /// No transaction context.
    public var transactionContext: (any TransactionContext)? { nil }
    /// A set nobody reads.
    public var gauges: TaskGauges { TaskGauges() }
}

/// The worker side of a source connector: reads the external system and returns records (Kafka's `SourceTask`).
///
/// ## Lifecycle
///
/// ``start(config:context:)`` → ``poll()`` repeatedly → ``stop()``. While polling, the runtime converts and
/// produces each batch; after the broker acknowledges a record it calls ``commitRecord(_:metadata:)``, and
/// after offsets have been written to the offsets topic it calls ``commit()``. A source that must confirm
/// progress upstream (a PostgreSQL replication slot) does so in ``commit()``, for the offsets it has
/// been told are durable, never earlier.
///
/// ## Concurrency
///
/// Tasks are reference types that the runtime calls from its own Swift tasks, so they must be `Sendable`:
/// an `actor` is the simplest choice; a `final class` with its state behind a `Mutex` also works. The
/// runtime never overlaps two calls of `start`, `poll` and `stop`, but ``commit()`` and
/// ``commitRecord(_:metadata:)`` may arrive while ``poll()`` is suspended. To stop a task, the runtime
/// cancels the Swift task running ``poll()`` and calls ``stop()`` once poll has returned; ``poll()`` must
/// therefore honour cancellation (return `[]` or throw `CancellationError`) instead of waiting forever.
/// Do blocking I/O off the cooperative thread pool (a dedicated thread or executor), not inside `poll`.
///
/// ## Errors
///
/// A ``ConnectError`` with code ``ConnectError/Code/retriable`` thrown from ``poll()`` makes the runtime call
/// it again; any other error fails the task.
public protocol SourceTask: AnyObject, Sendable {
    /// The task's version; usually the connector's.
    var version: String { get }

    /// Starts the task with one of the maps from ``Connector/taskConfigs(maxTasks:)``; load the last committed
    /// offset through ``SourceTaskContext/offsetStorageReader`` here.
    func start(config: [String: String], context: any SourceTaskContext) async throws

    /// The next records. Suspend until some are available, but not much longer than a second:
    /// returning `[]` lets the runtime check for pause and shutdown. Honour Task cancellation.
    func poll() async throws -> [SourceRecord]

    /// Called after the offsets of records returned so far have been committed to the offsets topic.
    /// The default does nothing.
    func commit() async throws

    /// Called after one record was acknowledged by the broker (`metadata` set) or dropped by a
    /// transform (`metadata` nil). The default does nothing.
    func commitRecord(_ record: SourceRecord, metadata: SourceRecord.Metadata?) async throws

    /// Stops the task and releases its resources. Called once, after the last ``poll()`` has returned.
    func stop() async throws
}

extension SourceTask {
    /// Does nothing.
    public func commit() async throws {}

    /// Does nothing.
    public func commitRecord(_ record: SourceRecord, metadata: SourceRecord.Metadata?) async throws {}
}

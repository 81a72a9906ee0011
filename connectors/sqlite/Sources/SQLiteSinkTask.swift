public import ConnectAPI
import Logging

/// The task of SQLiteSink: writes records into SQLite tables, exactly once.
///
/// Each `put` writes its records in transactions of up to `batch.size` records; every transaction also stores,
/// in `tributary_sink_offsets`, the offset after the last record of each partition it wrote. The rows and their
/// offsets therefore become durable together or not at all. ``open(partitions:)`` reads the stored offsets and
/// seeks the consumer to them, and records below a stored offset are skipped, so a crash at any moment neither
/// loses nor repeats a row. ``preCommit(currentOffsets:)`` returns the stored offsets, so the consumer group
/// (and its lag) follows the database.
///
/// Records that cannot be written go to the errant-record reporter (the DLQ, per `errors.tolerance`); without
/// one the task fails. Transient database errors (locked, disk full, I/O) roll the transaction back and make the
/// runtime redeliver the batch after `retry.backoff.ms`, up to `max.retries` times in a row.
public actor SQLiteSinkTask: SinkTask {
    /// The task's version, the plugin's.
    public nonisolated let version = SQLiteConnectorPlugins.version

    private var session: SinkSession?

    /// A new, unstarted task.
    public init() {}

    /// Opens the database (WAL, `synchronous`, busy timeout) and creates the offsets table.
    /// - Throws: ``ConnectError`` for a bad configuration, or a database that cannot be opened or written.
    public func start(config: [String: String], context: any SinkTaskContext) async throws {
        let settings = try SQLiteSinkConfig(properties: config)
        session = try SinkSession(config: settings, context: context)
        context.logger.info(
            "SQLite sink writing",
            metadata: [
                "sqlite.path": "\(settings.path)", "insert.mode": "\(settings.insertMode.rawValue)",
                "pk.mode": "\(settings.pkMode.rawValue)",
            ])
    }

    /// Reads the stored offsets of the new partitions and seeks to them.
    /// - Throws: ``ConnectError`` when the offsets cannot be read.
    public func open(partitions: Set<TopicPartitionRef>) async throws {
        try running().open(partitions)
    }

    /// Writes the records (those below a stored offset are skipped) in transactions with their offsets.
    /// - Throws: ``ConnectError``: retriable after a transient database error, otherwise fatal.
    public func put(_ records: [SinkRecord]) async throws {
        try await running().put(records)
    }

    /// Everything passed to `put` is committed already; nothing to do.
    public func flush(currentOffsets: [TopicPartitionRef: OffsetAndMetadata]) async throws {}

    /// The offsets stored in the database for the given partitions (what the consumer group may commit).
    public func preCommit(
        currentOffsets: [TopicPartitionRef: OffsetAndMetadata]
    ) async throws -> [TopicPartitionRef: OffsetAndMetadata] {
        guard let session else { return [:] }
        return session.committedOffsets(for: Set(currentOffsets.keys))
    }

    /// Forgets the revoked partitions' offsets (another task may write them now).
    public func close(partitions: Set<TopicPartitionRef>) async throws {
        session?.close(partitions)
    }

    /// Closes the database.
    public func stop() async throws {
        session?.shutDown()
        session = nil
    }

    /// Rows written, records skipped as already written, and records reported as errant since `start`.
    var counters: SinkSession.Counters { session?.counters ?? SinkSession.Counters() }

    private func running() throws(ConnectError) -> SinkSession {
        guard let session else { throw ConnectError(.illegalWorkerState, "SQLiteSinkTask is not started") }
        return session
    }
}

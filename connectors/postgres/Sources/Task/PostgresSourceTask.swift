public import ConnectAPI
import Logging
import Synchronization

/// The PostgreSQL source task: a ``ReplicationPump`` on its own queue produces records; `poll` drains them;
/// `commit` confirms to PostgreSQL the `lsn_resume` of the offset the runtime has durably committed.
public final class PostgresSourceTask: SourceTask {
    /// The task's version.
    public let version = PostgresConnectorPlugins.version

    private struct Running {
        var shared: PumpShared
        var executor: PGExecutor
        var partition: SourcePartition
        var context: any SourceTaskContext
    }

    private let running = Mutex<Running?>(nil)

    /// A new, unstarted task.
    public init() {}

    /// Parses the configuration, reads the committed offset and starts the pump.
    /// - Throws: ``ConnectError`` (`config`) for bad settings.
    public func start(config: [String: String], context: any SourceTaskContext) async throws {
        let settings = try PostgresSourceConfig(properties: config)
        let identity = ConnectorIdentity(serverName: settings.topicPrefix, version: PostgresConnectorPlugins.version)
        let events = EventBuilder(identity: identity, rows: RowConverter(placeholder: settings.placeholder),
                                  tombstonesOnDelete: settings.tombstonesOnDelete)
        let stored = try await context.offsetStorageReader.offset(for: events.partition).flatMap(SourceOffsets.init)
        let shared = PumpShared(capacity: 20_000)
        var logger = context.logger
        logger[metadataKey: "postgres.slot"] = "\(settings.slotName)"
        if let stored { logger.info("resuming", metadata: ["lsn.resume": "\(stored.resumeLSN)", "snapshot.completed": "\(stored.snapshotCompleted)"]) }
        let pump = ReplicationPump(config: settings, shared: shared, logger: logger, events: events, stored: stored,
                                   gauges: context.gauges)
        let executor = PGExecutor(label: "tributary.postgres.\(settings.slotName)")
        executor.start { pump.run() }
        running.withLock { $0 = Running(shared: shared, executor: executor, partition: events.partition, context: context) }
    }

    /// The next records; waits up to half a second when none are ready.
    /// - Throws: ``ConnectError`` when the pump failed (slot missing or invalidated, bad server setup, …).
    public func poll() async throws -> [SourceRecord] {
        guard let shared = running.withLock({ $0?.shared }) else { return [] }
        let deadline = ContinuousClock.now + .milliseconds(500)
        while true {
            let (records, failure) = shared.take(max: 2000)
            if !records.isEmpty { return records }
            if let failure { throw failure }
            if Task.isCancelled || ContinuousClock.now >= deadline { return [] }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Confirms the committed offset's resume LSN to PostgreSQL (through the pump's next status update).
    public func commit() async throws {
        guard let (shared, partition, context) = running.withLock({ r in r.map { ($0.shared, $0.partition, $0.context) } }) else { return }
        guard let offset = try await context.offsetStorageReader.offset(for: partition).flatMap(SourceOffsets.init),
              offset.snapshotCompleted else { return }
        shared.requestConfirm(offset.resumeLSN)
    }

    /// Stops the pump (final status update, end of COPY, optional slot drop) and waits for it.
    public func stop() async throws {
        guard let current = running.withLock({ r -> Running? in defer { r = nil }; return r }) else { return }
        current.shared.requestStop()
        _ = try? await current.executor.run { true }
    }
}

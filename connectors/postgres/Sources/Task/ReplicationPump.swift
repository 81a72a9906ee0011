public import ConnectAPI
public import Logging
#if canImport(Glibc)
import Glibc
#endif

/// Owns the PostgreSQL connections of one task on a dedicated serial queue: runs the snapshot, streams the
/// slot, turns pgoutput into records and pushes them into the bounded ``PumpShared`` buffer; answers
/// keepalives and sends standby status updates (with the LSN `commit()` confirmed) even while the buffer is
/// full; reconnects with backoff after a connection loss and resumes after the last record it pushed.
///
/// Thread safety (`@unchecked Sendable`): every stored `var` is touched only by ``run()``, which executes on
/// the pump's serial `PGExecutor` queue; the task talks to it only through ``shared``.
final class ReplicationPump: @unchecked Sendable {
    let config: PostgresSourceConfig
    let shared: PumpShared
    let logger: Logger
    let events: EventBuilder
    let stored: SourceOffsets?
    /// Snapshot progress and slot lag, for the task's REST status and `/metrics`.
    let gauges: TaskGauges

    // Confined to the pump queue.
    var catalogConnection: PGConnection?
    var replication: PGConnection?
    var decoder = PgOutputDecoder()
    var relations: [UInt32: PgRelation] = [:]
    var models: [UInt32: TableModel] = [:]
    var facts: [UInt32: (TableID, TableFacts)] = [:]
    var transaction: OpenTransaction?
    var pending: SourceRecord?
    var lastCompletedEnd: LSN = .zero
    var lastCommitForSequence: LSN?
    var idlePosition: LSN = .zero
    var lastHeartbeatPosition: LSN = .zero
    var nextHeartbeat: ContinuousClock.Instant = .now
    var dedupe: (commit: LSN, throughIndex: Int64)?
    var snapshotDone = false
    var snapshotProgress: (table: String, key: [String])?
    var sessions = 0
    var lastStatus: ContinuousClock.Instant = .now - .seconds(60)
    var lastSentConfirm: LSN = .zero
    var lastLagLog: ContinuousClock.Instant = .now
    var lastLagProbe: ContinuousClock.Instant = .now - .seconds(60)
    /// Whether this session asked for pgoutput proto 2 streaming (`streaming=true` on PostgreSQL ≥ 14).
    var streamingActive = false
    /// Whether the "server too old for streaming" warning was logged.
    var warnedStreamingUnsupported = false
    /// The task's spool directory, made when it first streams.
    var spoolDirectory: SpoolDirectory?
    /// The spooled in-progress transactions, by top-level xid.
    var spools: [UInt32: StreamSpool] = [:]
    /// The top-level xid of the open Stream Start … Stream Stop block.
    var streamBlockXid: UInt32?

    /// The state of the transaction being decoded.
    struct OpenTransaction {
        var xid: UInt32
        var commitLSN: LSN
        var commitMicros: Int64
        var firstLSN: LSN
        var nextIndex: Int64 = 0
        var lastPushedIndex: Int64 = -1
        var pendingIndex: Int64 = -1
        var perTable: [String: Int64] = [:]
        var tableOrder: [String] = []
        var origin: String?
        var originLSN: LSN?
        var skipThrough: Int64 = -1
    }

    /// Raised inside the pump when a stop was requested.
    struct Stopped: Error {}
    /// A failure retrying cannot fix: the task fails with this message.
    struct Fatal: Error { let message: String }

    init(config: PostgresSourceConfig, shared: PumpShared, logger: Logger, events: EventBuilder, stored: SourceOffsets?,
         gauges: TaskGauges = TaskGauges()) {
        self.config = config
        self.gauges = gauges
        self.shared = shared
        self.logger = logger
        self.events = events
        self.stored = stored
        if let stored, stored.snapshotCompleted {
            lastCompletedEnd = stored.resumeLSN
            if let commit = stored.commitLSN, let index = stored.eventIndex { dedupe = (commit, index) }
        } else if let stored, let table = stored.snapshotTable {
            snapshotProgress = (table, stored.snapshotKey)
        }
    }

    /// Runs sessions until stopped or failed; reconnects with exponential backoff after connection losses.
    func run() {
        var backoffMs = 500
        while !shared.stopRequested {
            do {
                try session()
                break
            } catch is Stopped {
                break
            } catch let error as PostgresError where error.kind == .connection {
                logger.warning("PostgreSQL connection lost; reconnecting", metadata: [
                    "error": "\(error)", "retry.in.ms": "\(backoffMs)", "resume.lsn": "\(lastCompletedEnd)",
                ])
                endSession()
                if !sleepUnlessStopped(milliseconds: backoffMs) { break }
                backoffMs = min(backoffMs * 2, config.maxRetryWaitMs)
                continue
            } catch let fatal as Fatal {
                logger.error("PostgreSQL source failed", metadata: ["error": "\(fatal.message)"])
                shared.fail(ConnectError(.connect, fatal.message))
                break
            } catch let error as PostgresError {
                shared.fail(ConnectError(.connect, "PostgreSQL: \(error)"))
                break
            } catch {
                shared.fail(ConnectError(.connect, "PostgreSQL source: \(error)"))
                break
            }
        }
        shutdown()
    }

    private func shutdown() {
        if let replication, replication.isHealthy {
            sendStatus(force: true)
            replication.endCopy()
        }
        replication = nil
        discardSpools()
        spoolDirectory?.remove()
        spoolDirectory = nil
        if config.dropSlotOnStop && shared.failure == nil, let catalog = catalogConnection {
            _ = try? catalog.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active",
                                     parameters: [config.slotName])
        }
        catalogConnection = nil
    }

    private func endSession() {
        if let open = transaction, open.lastPushedIndex >= 0 {
            dedupe = (open.commitLSN, open.lastPushedIndex)
        }
        transaction = nil
        pending = nil
        discardSpools()
        replication = nil
        catalogConnection = nil
    }

    /// Sleeps in small steps; `false` when a stop was requested meanwhile.
    func sleepUnlessStopped(milliseconds: Int) -> Bool {
        var left = milliseconds
        while left > 0 {
            if shared.stopRequested { return false }
            usleep(UInt32(min(left, 50)) * 1000)
            left -= 50
        }
        return !shared.stopRequested
    }

    /// Hands a record to the buffer, waiting (and keeping the replication connection alive) while it is full.
    func push(_ record: SourceRecord) throws {
        while !shared.tryPush(record) {
            if shared.stopRequested { throw Stopped() }
            if replication != nil { sendStatus(force: false) }
            usleep(2000)
        }
    }

    private func session() throws {
        sessions += 1
        let app = "tributary-\(config.topicPrefix)"
        let catalogConnection = try PGConnection(conninfo: config.conninfo(replication: false, applicationName: app))
        self.catalogConnection = catalogConnection
        let catalog = Catalog(connection: catalogConnection)
        try Preflight.check(catalog, config)
        if case .failure(let error) = Result(catching: { () throws(PostgresError) in try catalog.ensurePublication(config) }) {
            if error.kind == .server { throw Fatal(message: "cannot set up publication \"\(config.publicationName)\": \(error)") }
            throw error
        }
        let replication = try PGConnection(conninfo: config.conninfo(replication: true, applicationName: app))
        let slot = try catalog.slot(config.slotName)
        if let slot {
            if slot.walStatus == "lost" {
                throw Fatal(message: "replication slot \"\(config.slotName)\" has been invalidated (wal_status=lost: it exceeded max_slot_wal_keep_size); changes since LSN \(slot.confirmedFlush.map(String.init(describing:)) ?? "?") are gone. Drop the slot and the connector's offsets to take a new snapshot, or set snapshot.mode=when_needed")
            }
            if let plugin = slot.plugin, plugin != "pgoutput" {
                throw Fatal(message: "replication slot \"\(config.slotName)\" uses plugin \(plugin), not pgoutput; choose another slot.name")
            }
        }
        let streamedBefore = stored?.snapshotCompleted == true || snapshotDone
        var needsSnapshot = !snapshotDone && snapshotWanted(slotExists: slot != nil)
        var snapshotName: String?
        var consistentPoint: LSN?
        if slot == nil {
            if streamedBefore && !(config.snapshotMode == .whenNeeded || config.snapshotMode == .always) {
                throw Fatal(message: "replication slot \"\(config.slotName)\" does not exist, but the stored offsets say the connector streamed up to LSN \(lastCompletedEnd); changes made since then cannot be recovered. To start over, delete the connector's offsets (or set snapshot.mode=when_needed for a new snapshot)")
            }
            if streamedBefore {
                logger.warning("replication slot missing; taking a new snapshot (snapshot.mode=\(config.snapshotMode.rawValue))")
                needsSnapshot = config.snapshotMode != .noData
                lastCompletedEnd = .zero
                dedupe = nil
            }
            let command = "CREATE_REPLICATION_SLOT \(SQLText.identifier(config.slotName)) LOGICAL pgoutput \(needsSnapshot ? "EXPORT_SNAPSHOT" : "NOEXPORT_SNAPSHOT")"
            let result: QueryResult
            switch Result(catching: { () throws(PostgresError) in try replication.execute(command) }) {
            case .success(let rows): result = rows
            case .failure(let error):
                if error.kind == .server { throw Fatal(message: "cannot create replication slot \"\(config.slotName)\": \(error)") }
                throw error
            }
            consistentPoint = result.value(0, "consistent_point").flatMap { LSN($0) }
            snapshotName = result.value(0, "snapshot_name")
            logger.info("created replication slot", metadata: ["slot": "\(config.slotName)", "consistent.point": "\(consistentPoint.map(String.init(describing:)) ?? "?")"])
        }
        self.replication = replication
        if needsSnapshot {
            let position = consistentPoint ?? slot?.confirmedFlush ?? .zero
            try runSnapshot(exportedSnapshot: snapshotName, position: position)
            snapshotDone = true
        }
        if config.snapshotMode == .initialOnly && snapshotDone {
            logger.info("snapshot.mode=initial_only: snapshot finished; not streaming")
            while sleepUnlessStopped(milliseconds: 1000) {}
            throw Stopped()
        }
        try startStreaming(replication)
        try streamLoop(replication, catalog: catalog)
    }

    private func snapshotWanted(slotExists: Bool) -> Bool {
        let incomplete = stored == nil || stored?.snapshotCompleted == false
        switch config.snapshotMode {
        case .noData: return false
        case .always: return true
        case .initial, .initialOnly: return incomplete
        case .whenNeeded: return incomplete || !slotExists
        }
    }
}

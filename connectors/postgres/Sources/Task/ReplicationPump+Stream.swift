#if canImport(Glibc)
import Glibc
#endif
import ConnectAPI
import Logging

/// Streaming: START_REPLICATION, the CopyBoth loop, status updates, heartbeats and pgoutput → records.
extension ReplicationPump {
    func startStreaming(_ replication: PGConnection) throws {
        decoder = PgOutputDecoder()
        relations = [:]
        models = [:]
        discardSpools()
        streamingActive = try negotiateStreaming(serverVersion: replication.serverVersion)
        let publication = SQLText.literal(SQLText.identifier(config.publicationName))
        let options = streamingActive
            ? "proto_version '2', publication_names \(publication), messages 'true', streaming 'on'"
            : "proto_version '1', publication_names \(publication), messages 'true'"
        let command = "START_REPLICATION SLOT \(SQLText.identifier(config.slotName)) LOGICAL \(lastCompletedEnd) (\(options))"
        // A slot is still active for a moment after the previous session's connection closed (its walsender has
        // not exited yet, e.g. right after a worker restart): ask again shortly before backing off as for a
        // connection loss.
        var result = Result(catching: { () throws(PostgresError) in try replication.execute(command) })
        var attempts = 1
        while case .failure(let error) = result, error.sqlState == "55006", attempts < 20 {
            guard sleepUnlessStopped(milliseconds: 50) else { throw Stopped() }
            attempts += 1
            result = Result(catching: { () throws(PostgresError) in try replication.execute(command) })
        }
        if case .failure(let error) = result {
            guard error.kind == .server else { throw error }
            if error.sqlState == "55006" { throw PostgresError(.connection, "slot is still active: \(error)") }
            if error.sqlState == "42704" {
                throw Fatal(message: "replication slot \"\(config.slotName)\" does not exist: \(error)")
            }
            throw Fatal(message: "START_REPLICATION failed: \(error). If the slot was invalidated, drop it and the connector's offsets to take a new snapshot")
        }
        logger.info("streaming started", metadata: ["slot": "\(config.slotName)", "from.lsn": "\(lastCompletedEnd)",
                                                  "proto.version": "\(streamingActive ? 2 : 1)"])
        nextHeartbeat = .now + .milliseconds(max(config.heartbeatIntervalMs, 1))
    }

    func streamLoop(_ replication: PGConnection, catalog: Catalog) throws {
        while true {
            if shared.stopRequested { throw Stopped() }
            if config.heartbeatIntervalMs > 0, ContinuousClock.now >= nextHeartbeat {
                try heartbeat(catalog)
                nextHeartbeat = .now + .milliseconds(config.heartbeatIntervalMs)
            }
            switch try replication.readCopyData(timeoutMs: 100) {
            case .message(let bytes):
                let frame: ReplicationFrame
                do { frame = try ReplicationFrame(parsing: bytes) } catch { throw Fatal(message: "\(error)") }
                try handle(frame)
            case .timeout:
                break
            case .ended(let error):
                if let error, error.kind == .server {
                    throw Fatal(message: "the replication stream ended with an error: \(error)")
                }
                throw error ?? PostgresError(.connection, "the server ended the replication stream")
            }
            sendStatus(force: false)
            probeSlotLag(catalog)
        }
    }

    /// Every 10 s: the WAL the slot retains, as the `slot_retained_wal_bytes` gauge (logged every minute).
    func probeSlotLag(_ catalog: Catalog) {
        guard ContinuousClock.now - lastLagProbe >= .seconds(10) else { return }
        lastLagProbe = .now
        guard let retained = try? catalog.slotRetainedBytes(config.slotName) else { return }
        gauges.set("slot_retained_wal_bytes", labels: ["slot": config.slotName], to: Double(retained))
        if ContinuousClock.now - lastLagLog >= .seconds(60) {
            logger.info("slot lag", metadata: ["slot": "\(config.slotName)", "retained.wal.bytes": "\(retained)"])
            lastLagLog = .now
        }
    }

    /// Sends a standby status update when due (every `status.update.interval.ms`), when the confirmed LSN
    /// moved, or when forced. Errors surface on the next read.
    func sendStatus(force: Bool) {
        guard let replication else { return }
        let confirm = shared.confirmLSN
        let due = ContinuousClock.now - lastStatus >= .milliseconds(config.statusIntervalMs)
        guard force || due || confirm != lastSentConfirm else { return }
        let update = StandbyStatusUpdate(write: confirm, flush: confirm, apply: confirm,
                                         clock: PgTimestamp.pgMicros(unixMicros: WallClock.nanos() / 1000), replyRequested: false)
        do {
            try replication.writeCopyData(update.encoded())
            lastStatus = .now
            lastSentConfirm = confirm
        } catch {
            logger.debug("status update failed", metadata: ["error": "\(error)"])
        }
    }

    private func heartbeat(_ catalog: Catalog) throws {
        guard transaction == nil else { return }
        _ = try catalog.connection.execute(config.heartbeatQuery)
        let position = max(lastCompletedEnd, idlePosition)
        if position > lastHeartbeatPosition {
            let offset = SourceOffsets.stream(lsn: position, resume: position, commit: nil, txId: nil, index: nil,
                                              commitMicros: WallClock.nanos() / 1000)
            try push(try events.heartbeat(offset: offset))
            lastHeartbeatPosition = position
        }
    }

    func handle(_ frame: ReplicationFrame) throws {
        switch frame {
        case .keepalive(let keepalive):
            if idleAdvanceAllowed && keepalive.walEnd > idlePosition { idlePosition = keepalive.walEnd }
            if keepalive.replyRequested { sendStatus(force: true) }
        case .xLogData(let data):
            // Inside a stream block every message but Stream Stop goes to the transaction's spool as it arrived.
            if decoder.inStream, data.payload.first != UInt8(ascii: "E") {
                try spool(data.payload, lsn: data.dataStart)
                return
            }
            let message: PgOutputMessage
            do { message = try decoder.decode(data.payload) } catch { throw Fatal(message: "\(error) (at LSN \(data.dataStart))") }
            try apply(message, lsn: data.dataStart)
        }
    }

    /// Turns one pgoutput message into records (or state); stream messages go to ``ReplicationPump+Streaming``.
    func apply(_ message: PgOutputMessage, lsn: LSN) throws {
        switch message {
        case .begin(let begin):
            var open = OpenTransaction(xid: begin.xid, commitLSN: begin.finalLSN, commitMicros: PgTimestamp.unixMicros(begin.commitTime),
                                       firstLSN: lsn)
            if let dedupe, dedupe.commit == begin.finalLSN { open.skipThrough = dedupe.throughIndex }
            transaction = open
            if config.transactionMetadata {
                try emit(try events.transactionMarker(status: "BEGIN", id: "\(begin.xid):\(lsn.int64Value)", eventCount: nil,
                                                      collections: nil, commitMillis: open.commitMicros / 1000, offset: offset(lsn)))
            }
        case .origin(let origin):
            transaction?.origin = origin.name
            transaction?.originLSN = origin.originLSN
        case .relation(let relation):
            try learn(relation)
        case .type:
            break
        case .insert(let insert):
            guard let model = try model(insert.relationOID), !config.skippedOperations.contains("c") else { return }
            let after = try events.rows.row(model, insert.newTuple)
            try emitChange(model, op: "c", before: nil, after: after, lsn: lsn)
        case .update(let update):
            guard let model = try model(update.relationOID), !config.skippedOperations.contains("u") else { return }
            let after = try events.rows.row(model, update.newTuple, oldTuple: update.oldKind == .full ? update.oldTuple : nil)
            var before: Struct?
            var oldKey: Struct?
            if let tuple = update.oldTuple {
                let row = try events.rows.row(model, tuple)
                before = row
                oldKey = try events.rows.key(model, row: row)
            }
            let newKey = try events.rows.key(model, row: after)
            if let oldKey, let newKey, oldKey != newKey {
                try emitKeyChange(model, before: before, after: after, oldKey: oldKey, newKey: newKey, lsn: lsn)
            } else {
                try emitChange(model, op: "u", before: update.oldKind == .full ? before : nil, after: after, lsn: lsn)
            }
        case .delete(let delete):
            guard let model = try model(delete.relationOID), !config.skippedOperations.contains("d") else { return }
            let before = try events.rows.row(model, delete.oldTuple)
            try emitChange(model, op: "d", before: before, after: nil, lsn: lsn)
        case .truncate(let truncate):
            guard !config.skippedOperations.contains("t") else { return }
            for oid in truncate.relationOIDs {
                guard let model = try model(oid) else { continue }
                try emitChange(model, op: "t", before: nil, after: nil, lsn: lsn, keyless: true)
            }
        case .message(let message):
            if message.prefix == PostgresSourceConfig.heartbeatMessagePrefix {
                if idleAdvanceAllowed && message.lsn > idlePosition { idlePosition = message.lsn }
                return
            }
            guard !config.excludedMessagePrefixes.contains(message.prefix) else { return }
            let source = sourceInfo(schema: "", table: "", lsn: message.lsn)
            let block = transaction.map { TransactionBlock(id: "\($0.xid):\(message.lsn.int64Value)", totalOrder: $0.nextIndex + 1, dataCollectionOrder: 1) }
            try emit(try events.message(message, source: source, transaction: config.transactionMetadata ? block : nil, offset: offset(message.lsn)))
        case .commit(let commit):
            try finish(endLSN: commit.endLSN, lsn: lsn)
        case .streamStart(let start) where streamingActive:
            try streamStart(start, lsn: lsn)
        case .streamStop where streamingActive:
            streamBlockXid = nil
            updateSpoolGauges()
        case .streamAbort(let abort) where streamingActive:
            try streamAbort(abort)
        case .streamCommit(let commit) where streamingActive:
            try streamCommit(commit, lsn: lsn)
        case .streamStart, .streamStop, .streamCommit, .streamAbort, .beginPrepare, .prepare, .commitPrepared,
             .rollbackPrepared, .streamPrepare:
            let negotiated = streamingActive ? "proto_version 2 with streaming" : "proto_version 1 without streaming"
            throw Fatal(message: "unexpected pgoutput message \(message) for \(negotiated) and without two_phase")
        }
    }

    private func finish(endLSN: LSN, lsn: LSN) throws {
        guard let open = transaction else { return }
        if config.transactionMetadata {
            let collections = open.tableOrder.map { ($0, open.perTable[$0] ?? 0) }
            try emit(try events.transactionMarker(status: "END", id: "\(open.xid):\(endLSN.int64Value)",
                                                  eventCount: collections.reduce(0) { $0 + $1.1 }, collections: collections,
                                                  commitMillis: open.commitMicros / 1000, offset: offset(lsn)))
        }
        if var last = pending {
            last.sourceOffset?["lsn_resume"] = .int(endLSN.int64Value)
            pending = nil
            try push(last)
        }
        transaction = nil
        if let dedupe, dedupe.commit == open.commitLSN { self.dedupe = nil }
        lastCompletedEnd = endLSN
        lastCommitForSequence = endLSN
    }

    /// The offset of the next record of the open transaction (or of a record outside one).
    private func offset(_ lsn: LSN) -> SourceOffset {
        SourceOffsets.stream(lsn: lsn, resume: lastCompletedEnd, commit: transaction?.commitLSN, txId: transaction?.xid,
                             index: transaction?.nextIndex, commitMicros: transaction?.commitMicros ?? WallClock.nanos() / 1000)
    }

    private func sourceInfo(schema: String, table: String, lsn: LSN) -> SourceInfo {
        SourceInfo(timestampMicros: transaction?.commitMicros ?? WallClock.nanos() / 1000, snapshot: "false", db: config.database,
                   schema: schema, table: table, txId: transaction.map { Int64($0.xid) }, lsn: lsn,
                   lastCommitLSN: lastCommitForSequence, origin: transaction?.origin, originLSN: transaction?.originLSN)
    }

    private func block(_ model: TableModel, lsn: LSN) -> TransactionBlock? {
        guard config.transactionMetadata, let open = transaction else { return nil }
        let table = model.id.description
        return TransactionBlock(id: "\(open.xid):\(lsn.int64Value)", totalOrder: open.perTable.values.reduce(0, +) + 1,
                                dataCollectionOrder: (open.perTable[table] ?? 0) + 1)
    }

    /// Counts the event for the transaction's metadata (its END marker and each event's order in the block).
    private func countEvent(_ model: TableModel) {
        guard config.transactionMetadata else { return }
        let table = model.id.description
        if transaction?.perTable[table] == nil { transaction?.tableOrder.append(table) }
        transaction?.perTable[table, default: 0] += 1
    }

    private func emitChange(_ model: TableModel, op: String, before: Struct?, after: Struct?, lsn: LSN, keyless: Bool = false) throws {
        var key: Struct?
        if !keyless, let row = after ?? before { key = try events.rows.key(model, row: row) }
        let source = sourceInfo(schema: model.id.schema, table: model.id.table, lsn: lsn)
        let record = try events.envelope(model, op: op, before: before, after: after, key: key, source: source,
                                         transaction: block(model, lsn: lsn), offset: offset(lsn))
        countEvent(model)
        try emit(record)
        if op == "d", config.tombstonesOnDelete, let key {
            try emit(events.tombstone(model, key: key, offset: offset(lsn)))
        }
    }

    private func emitKeyChange(_ model: TableModel, before: Struct?, after: Struct, oldKey: Struct, newKey: Struct, lsn: LSN) throws {
        let source = sourceInfo(schema: model.id.schema, table: model.id.table, lsn: lsn)
        var deleteHeaders = ConnectHeaders()
        try deleteHeaders.add("__debezium.newkey", .struct(newKey), schema: model.keySchema)
        var createHeaders = ConnectHeaders()
        try createHeaders.add("__debezium.oldkey", .struct(oldKey), schema: model.keySchema)
        countEvent(model)
        try emit(try events.envelope(model, op: "d", before: before, after: nil, key: oldKey, source: source,
                                     transaction: block(model, lsn: lsn), offset: offset(lsn), headers: deleteHeaders))
        if config.tombstonesOnDelete {
            try emit(events.tombstone(model, key: oldKey, offset: offset(lsn), headers: deleteHeaders))
        }
        countEvent(model)
        try emit(try events.envelope(model, op: "c", before: nil, after: after, key: newKey, source: source,
                                     transaction: block(model, lsn: lsn), offset: offset(lsn), headers: createHeaders))
    }

    /// Numbers a record within its transaction, drops it if a previous session already pushed it, and keeps
    /// the newest one back until the next record or the Commit (which gives it the transaction's end LSN).
    private func emit(_ record: SourceRecord) throws {
        guard let index = transaction?.nextIndex, let skipThrough = transaction?.skipThrough else {
            try push(record)
            return
        }
        transaction?.nextIndex = index + 1
        if index <= skipThrough { return }
        let previous = pending
        let previousIndex = transaction?.pendingIndex ?? -1
        pending = record
        transaction?.pendingIndex = index
        if let previous {
            try push(previous)
            transaction?.lastPushedIndex = previousIndex
        }
    }

    private func learn(_ relation: PgRelation) throws {
        let previous = relations[relation.oid]
        relations[relation.oid] = relation
        if previous == relation, models[relation.oid] != nil { return }
        models[relation.oid] = nil
        if previous != nil || facts[relation.oid] == nil {
            guard let catalog = catalogConnection else { return }
            facts[relation.oid] = try currentFacts(Catalog(connection: catalog), for: relation)
        }
    }

    /// The table's catalog facts, read again for up to `factsSettleMillis` while they lack a column of the
    /// Relation (see ``TableFacts/describes(_:)``). A column that stays missing was dropped by a later
    /// transaction; the facts read last are kept and that column falls back to what pgoutput says.
    private func currentFacts(_ catalog: Catalog, for relation: PgRelation) throws -> (TableID, TableFacts)? {
        var read = try catalog.facts(oid: relation.oid)
        var waited = 0
        while let facts = read?.1, !facts.describes(relation.columns), waited < Self.factsSettleMillis {
            usleep(5_000)
            waited += 5
            read = try catalog.facts(oid: relation.oid)
        }
        if let facts = read?.1, !facts.describes(relation.columns) {
            logger.debug("catalog facts lack columns of the Relation message (dropped since?)", metadata: [
                "table": "\(relation.namespace).\(relation.name)"])
        }
        return read
    }

    /// How long ``currentFacts(_:for:)`` waits for the catalog to show a Relation's columns.
    static var factsSettleMillis: Int { 500 }

    private func model(_ oid: UInt32) throws -> TableModel? {
        if let model = models[oid] { return model }
        guard let relation = relations[oid] else {
            throw Fatal(message: "pgoutput sent a change for relation \(oid) before its Relation message")
        }
        let id = TableID(schema: relation.namespace, table: relation.name)
        guard config.filters.includes(id) else { return nil }
        let model = try TableModel(id: id, oid: oid, relationColumns: relation.columns, replicaIdentity: relation.replicaIdentity,
                                   facts: facts[oid]?.1, topicPrefix: config.topicPrefix, keyOverride: config.keyColumns[id],
                                   options: config.typeOptions, includeColumn: config.filters.includesColumn)
        models[oid] = model
        return model
    }
}

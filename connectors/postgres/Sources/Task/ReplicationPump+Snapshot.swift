import ConnectAPI
import Logging

/// The initial snapshot: every captured table read in primary-key order, in chunks, inside one
/// REPEATABLE READ transaction that imported the slot's exported snapshot (or, when resuming after a crash,
/// a fresh one), so each chunk's last key in the offsets lets a restart continue after it.
extension ReplicationPump {
    /// A read row kept back one step so that the `source.snapshot` marker (first/last…) can be decided.
    private struct PendingRow {
        var model: TableModel
        var row: Struct
        var key: Struct?
        var keyText: [String]
        var firstOverall: Bool
        var firstInTable: Bool
        var lastInTable = false
    }

    func runSnapshot(exportedSnapshot: String?, position: LSN) throws {
        let connection = try PGConnection(conninfo: config.conninfo(replication: false, applicationName: "tributary-\(config.topicPrefix)-snapshot"))
        try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        if let exportedSnapshot { try connection.execute("SET TRANSACTION SNAPSHOT \(SQLText.literal(exportedSnapshot))") }
        let txIdText = try connection.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text").rows.first?.first ?? nil
        let txId = txIdText.flatMap { Int64($0) }
        let catalog = Catalog(connection: connection)
        let tables = try catalog.capturedTables(config.filters)
        let resume = snapshotProgress
        logger.info("snapshot started", metadata: [
            "tables": "\(tables.count)", "consistent.point": "\(position)", "exported": "\(exportedSnapshot != nil)",
            "resume.table": "\(resume?.table ?? "-")",
        ])
        var pending: PendingRow?
        var first = resume == nil
        gauges.set("snapshot_running", to: 1)
        gauges.set("snapshot_tables_total", to: Double(tables.count))
        for (index, table) in tables.enumerated() {
            gauges.set("snapshot_tables_remaining", to: Double(tables.count - index))
            if let resume, table.id.description < resume.table { continue }
            guard let (_, facts) = try catalog.facts(oid: table.oid) else { continue }
            let model = try TableModel(id: table.id, oid: table.oid, relationColumns: facts.publishedColumns,
                                       replicaIdentity: facts.replicaIdentity, facts: facts, topicPrefix: config.topicPrefix,
                                       keyOverride: config.keyColumns[table.id], options: config.typeOptions,
                                       includeColumn: config.filters.includesColumn)
            let order = facts.primaryKey
            var lastKey: [String]? = resume.flatMap { $0.table == table.id.description && !$0.key.isEmpty && !order.isEmpty ? $0.key : nil }
            let columnList = facts.publishedColumns.map { SQLText.identifier($0.name) }.joined(separator: ", ")
            let keyIndices = order.compactMap { name in facts.publishedColumns.firstIndex { $0.name == name } }
            var done: Int64 = 0
            var firstInTable = true
            if order.isEmpty {
                try connection.execute("DECLARE tributary_snapshot NO SCROLL CURSOR FOR SELECT \(columnList) FROM \(table.id.quoted)")
            }
            while true {
                if shared.stopRequested { throw Stopped() }
                let rows: QueryResult
                if order.isEmpty {
                    rows = try connection.execute("FETCH \(config.snapshotChunkSize) FROM tributary_snapshot")
                } else {
                    let keyList = order.map(SQLText.identifier).joined(separator: ", ")
                    if let lastKey {
                        let placeholders = (1...lastKey.count).map { "$\($0)" }.joined(separator: ", ")
                        rows = try connection.execute("SELECT \(columnList) FROM \(table.id.quoted) WHERE (\(keyList)) > (\(placeholders)) ORDER BY \(keyList) LIMIT \(config.snapshotChunkSize)",
                                                      parameters: lastKey)
                    } else {
                        rows = try connection.execute("SELECT \(columnList) FROM \(table.id.quoted) ORDER BY \(keyList) LIMIT \(config.snapshotChunkSize)")
                    }
                }
                for cells in rows.rows {
                    let tuple = cells.map { $0.map(PgTupleValue.text) ?? .null }
                    let row = try events.rows.row(model, tuple)
                    let keyText = keyIndices.map { cells[$0] ?? "" }
                    if let previous = pending { try release(previous, final: false, position: position, txId: txId) }
                    pending = PendingRow(model: model, row: row, key: try events.rows.key(model, row: row), keyText: keyText,
                                         firstOverall: first, firstInTable: firstInTable)
                    first = false
                    firstInTable = false
                    lastKey = keyText
                }
                done += Int64(rows.rows.count)
                let tableLabel = ["table": table.id.description]
                gauges.set("snapshot_rows_scanned", labels: tableLabel, to: Double(done))
                gauges.set("snapshot_rows_estimated", labels: tableLabel, to: Double(max(table.estimatedRows, done)))
                if rows.rows.count > 0 {
                    logger.info("snapshot progress", metadata: ["table": "\(table.id)", "rows.done": "\(done)", "rows.estimated": "\(table.estimatedRows)"])
                }
                if rows.rows.count < config.snapshotChunkSize { break }
            }
            if order.isEmpty { try connection.execute("CLOSE tributary_snapshot") }
            if pending?.model.oid == table.oid { pending?.lastInTable = true }
            logger.info("snapshot of table finished", metadata: ["table": "\(table.id)", "rows": "\(done)"])
        }
        if let last = pending { try release(last, final: true, position: position, txId: txId) }
        try connection.execute("COMMIT")
        gauges.set("snapshot_running", to: 0)
        gauges.set("snapshot_tables_remaining", to: 0)
        snapshotProgress = nil
        if position > lastCompletedEnd { lastCompletedEnd = position }
        logger.info("snapshot finished", metadata: ["consistent.point": "\(position)"])
    }

    private func release(_ row: PendingRow, final: Bool, position: LSN, txId: Int64?) throws {
        let marker = final ? "last" : row.firstOverall ? "first" : row.firstInTable ? "first_in_data_collection"
            : row.lastInTable ? "last_in_data_collection" : "true"
        let now = WallClock.nanos() / 1000
        let source = SourceInfo(timestampMicros: now, snapshot: marker, db: config.database, schema: row.model.id.schema,
                                table: row.model.id.table, txId: txId, lsn: position, lastCommitLSN: nil, origin: nil, originLSN: nil)
        let offset = SourceOffsets.snapshot(lsn: position, txId: txId, table: row.model.id, key: row.keyText, completed: final, micros: now)
        try push(try events.envelope(row.model, op: "r", before: nil, after: row.row, key: row.key, source: source,
                                     transaction: nil, offset: offset))
        snapshotProgress = (row.model.id.description, row.keyText)
    }
}

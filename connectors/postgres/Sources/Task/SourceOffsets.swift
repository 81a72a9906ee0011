public import ConnectAPI

/// The connector's source offsets (partition `{"server": <topic.prefix>}`), written with every record:
///
/// - `lsn`: the event's LSN (the consistent point for snapshot rows);
/// - `lsn_resume`: where streaming restarts after this record is durable — the end LSN of the last transaction
///   all of whose records precede (or are) this one; this is also the LSN confirmed to PostgreSQL in `commit()`;
/// - `lsn_commit`, `txId`, `event_index`: the record's transaction (commit LSN, xid) and its position in it,
///   so a transaction re-sent after a restart skips the records already written;
/// - `snapshot_completed` and, during the snapshot, `snapshot` (`INITIAL`), `snapshot_table`,
///   `snapshot_key_count` and `snapshot_key_<i>` (the text of the last written row's key).
struct SourceOffsets: Hashable, Sendable {
    /// Where streaming restarts (and the LSN safe to confirm).
    var resumeLSN: LSN
    /// Commit LSN of the last record's transaction, if it is a data record.
    var commitLSN: LSN?
    /// Position of the last record within that transaction.
    var eventIndex: Int64?
    /// Whether the snapshot finished.
    var snapshotCompleted: Bool
    /// The snapshot's table and last key, while the snapshot is running.
    var snapshotTable: String?
    /// The last written snapshot row's key, as text.
    var snapshotKey: [String]

    /// Reads a stored offset; `nil` when it is not one of ours.
    init?(_ offset: SourceOffset) {
        guard let resume = offset["lsn_resume"]?.intValue ?? offset["lsn"]?.intValue else { return nil }
        resumeLSN = LSN(rawValue: UInt64(bitPattern: resume))
        commitLSN = offset["lsn_commit"]?.intValue.map { LSN(rawValue: UInt64(bitPattern: $0)) }
        eventIndex = offset["event_index"]?.intValue
        snapshotCompleted = offset["snapshot_completed"]?.booleanValue ?? true
        snapshotTable = offset["snapshot_table"]?.stringValue
        let count = Int(offset["snapshot_key_count"]?.intValue ?? 0)
        snapshotKey = (0..<max(0, min(count, 64))).compactMap { offset["snapshot_key_\($0)"]?.stringValue }
    }

    /// The offset of a streamed record.
    static func stream(lsn: LSN, resume: LSN, commit: LSN?, txId: UInt32?, index: Int64?, commitMicros: Int64) -> SourceOffset {
        var offset = SourceOffset(minimumCapacity: 8)  // room for all seven keys: no regrowth per record
        offset["lsn"] = .int(lsn.int64Value)
        offset["lsn_resume"] = .int(resume.int64Value)
        offset["ts_usec"] = .int(commitMicros)
        offset["snapshot_completed"] = true
        if let commit { offset["lsn_commit"] = .int(commit.int64Value) }
        if let txId { offset["txId"] = .int(Int64(txId)) }
        if let index { offset["event_index"] = .int(index) }
        return offset
    }

    /// The offset of a snapshot row.
    static func snapshot(lsn: LSN, txId: Int64?, table: TableID, key: [String], completed: Bool, micros: Int64) -> SourceOffset {
        var offset: SourceOffset = [
            "lsn": .int(lsn.int64Value), "lsn_resume": .int(lsn.int64Value), "ts_usec": .int(micros), "snapshot": "INITIAL",
            "snapshot_completed": .boolean(completed), "last_snapshot_record": .boolean(completed),
        ]
        if let txId { offset["txId"] = .int(txId) }
        if !completed {
            offset["snapshot_table"] = .string(table.description)
            offset["snapshot_key_count"] = .int(Int64(key.count))
            for (i, part) in key.enumerated() { offset["snapshot_key_\(i)"] = .string(part) }
        }
        return offset
    }
}

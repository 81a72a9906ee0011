import KafkaRecords
import NIOCore

/// The work of one compaction pass, done off the partition's actor on immutable closed segments: find the
/// latest offset of every key, then write each segment again without the records a later one supersedes and
/// without tombstones older than `delete.retention.ms`. Offsets never change.
struct Compactor {
    /// A closed segment as the pass sees it.
    struct Input: Sendable {
        var baseOffset: Int64
        var file: SegmentFile
        var size: Int
        var path: String
    }

    /// A rewritten segment, durable at `cleanedPath`.
    struct Output: Sendable {
        var baseOffset: Int64
        var cleanedPath: String
        var size: Int
        var file: SegmentFile
        var recordsKept: Int
        var recordsRemoved: Int
    }

    let deleteRetentionMs: Int64
    let nowMs: Int64

    /// Key → offset of its latest record across `inputs`.
    func buildOffsetMap(_ inputs: [Input]) throws -> [ByteBuffer: Int64] {
        var map: [ByteBuffer: Int64] = [:]
        for input in inputs {
            try forEachBatch(in: input) { header, _, batch in
                guard let batch, !header.attributes.isControl else { return }
                for record in batch.records {
                    guard let key = record.key else { continue }
                    // Copy the key so that the map does not pin whole read windows in memory.
                    map[ByteBuffer(bytes: key.readableBytesView)] = batch.offset(of: record)
                }
            }
        }
        return map
    }

    /// Writes `input` without superseded records and expired tombstones to `<base>.log.cleaned`, fsynced.
    func clean(_ input: Input, latest: [ByteBuffer: Int64]) throws -> Output {
        let cleanedPath = input.path + ".cleaned"
        let out = try SegmentFile(path: cleanedPath, create: true)
        try out.truncate(to: 0)
        var position = 0
        var kept = 0
        var removed = 0
        var pending = ByteBuffer()
        func drain() throws {
            guard pending.readableBytes > 0 else { return }
            try out.write(pending, at: position)
            position += pending.readableBytes
            pending.clear()
        }
        try forEachBatch(in: input) { header, raw, batch in
            guard let batch, !header.attributes.isControl else {
                // Control batches (and batches that cannot be decoded) are kept as they are.
                var copy = raw
                pending.writeBuffer(&copy)
                return
            }
            let survivors = batch.records.filter { record in
                guard let key = record.key else { return true }
                guard latest[key] == batch.offset(of: record) else { return false }
                if record.value == nil {
                    let (expiry, overflow) = batch.timestamp(of: record).addingReportingOverflow(deleteRetentionMs)
                    return overflow || expiry > nowMs
                }
                return true
            }
            removed += batch.records.count - survivors.count
            kept += survivors.count
            guard !survivors.isEmpty else { return }
            if survivors.count == batch.records.count {
                var original = raw
                pending.writeBuffer(&original)
            } else {
                var rewritten = try Self.rebatch(batch, keeping: survivors)
                pending.writeBuffer(&rewritten)
            }
            if pending.readableBytes >= 1 << 20 { try drain() }
        }
        try drain()
        try out.syncData()
        return Output(
            baseOffset: input.baseOffset, cleanedPath: cleanedPath, size: position, file: out, recordsKept: kept,
            recordsRemoved: removed)
    }

    /// A batch of the surviving records with their original offsets: base offset moves to the first survivor.
    static func rebatch(_ batch: RecordBatch, keeping survivors: [Record]) throws -> ByteBuffer {
        guard let first = survivors.first, let last = survivors.last else { return ByteBuffer() }
        let shift = first.offsetDelta
        var header = batch.header
        header.baseOffset = batch.header.baseOffset + Int64(shift)
        header.lastOffsetDelta = last.offsetDelta - shift
        if header.baseSequence >= 0 { header.baseSequence = header.baseSequence &+ shift }
        let records = survivors.map { record in
            var moved = record
            moved.offsetDelta -= shift
            return moved
        }
        return try RecordBatch.encode(header: header, records: records)
    }

    /// Calls `body` with every batch of the segment, decoded (nil when the batch cannot be decoded).
    private func forEachBatch(in input: Input, _ body: (RecordBatchHeader, ByteBuffer, RecordBatch?) throws -> Void)
        throws
    {
        var scanner = SegmentScanner(file: input.file, limit: input.size, windowSize: SegmentScanner.batchWindow)
        var position = 0
        while position < input.size, let header = try scanner.header(at: position) {
            if let bytes = try scanner.bytes(at: position, length: header.totalSize) {
                var reader = bytes
                let batch = try? RecordBatch.decode(from: &reader, verifyCRC: false)
                try body(header, bytes, batch)
            }
            position += header.totalSize
        }
    }
}

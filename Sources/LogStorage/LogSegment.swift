import KafkaRecords
import NIOCore

/// One segment of a partition's log: `<base>.log` with batches exactly as appended (offsets assigned), and its
/// sparse `<base>.index` and `<base>.timeindex`. Owned and mutated by one `PartitionLog` only.
final class LogSegment {
    /// The offset of the segment's first possible record; also its file name.
    let baseOffset: Int64
    let directory: String
    private(set) var file: SegmentFile
    /// Bytes of batches in the log file.
    private(set) var size: Int
    /// The offset after the segment's last batch (base when empty).
    private(set) var nextOffset: Int64
    private(set) var offsetIndex = OffsetIndex()
    private(set) var timeIndex = TimeIndex()
    /// The largest batch maxTimestamp, or -1.
    private(set) var maxTimestamp: Int64 = -1
    /// The offset of the batch that carries `maxTimestamp`.
    private(set) var offsetOfMaxTimestamp: Int64
    /// Wall-clock time the segment was created (or its file's modification time when opened).
    private(set) var rollingBaseTimeMs: Int64
    /// The first batch's max timestamp, if it has one: `segment.ms` then measures record time from it, as Kafka does.
    private(set) var firstBatchTimestamp: Int64?
    private var bytesSinceLastIndexEntry = 0
    /// `index.interval.bytes` of the topic.
    var indexIntervalBytes: Int
    /// Whether the index files lag behind the in-memory indexes.
    private(set) var indexesDirty = true
    /// Whether appended bytes may not be fsynced yet.
    var hasUnsyncedData = false

    static func fileName(_ baseOffset: Int64, _ suffix: String) -> String {
        let digits = String(baseOffset)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + suffix
    }

    var logPath: String { directory + "/" + Self.fileName(baseOffset, ".log") }
    var indexPath: String { directory + "/" + Self.fileName(baseOffset, ".index") }
    var timeIndexPath: String { directory + "/" + Self.fileName(baseOffset, ".timeindex") }
    var isEmpty: Bool { size == 0 }

    private init(
        directory: String, baseOffset: Int64, file: SegmentFile, size: Int, nowMs: Int64, indexIntervalBytes: Int
    ) {
        self.indexIntervalBytes = indexIntervalBytes
        self.directory = directory
        self.baseOffset = baseOffset
        self.file = file
        self.size = size
        self.nextOffset = baseOffset
        self.offsetOfMaxTimestamp = baseOffset
        self.rollingBaseTimeMs = nowMs
    }

    /// Creates a new, empty segment file.
    static func create(directory: String, baseOffset: Int64, nowMs: Int64, indexIntervalBytes: Int)
        throws(LogStorageError) -> LogSegment
    {
        let path = directory + "/" + fileName(baseOffset, ".log")
        let file = try SegmentFile(path: path, create: true)
        try file.truncate(to: 0)
        let segment = LogSegment(
            directory: directory, baseOffset: baseOffset, file: file, size: 0, nowMs: nowMs,
            indexIntervalBytes: indexIntervalBytes)
        try? FileSystem.remove(segment.indexPath)
        try? FileSystem.remove(segment.timeIndexPath)
        return segment
    }

    /// Opens an existing segment, loading its index files when they are consistent, else rebuilding them.
    static func open(directory: String, baseOffset: Int64, nowMs: Int64, indexIntervalBytes: Int)
        throws(LogStorageError) -> LogSegment
    {
        let path = directory + "/" + fileName(baseOffset, ".log")
        let file = try SegmentFile(path: path, create: false)
        let size = try file.size()
        let segment = LogSegment(
            directory: directory, baseOffset: baseOffset, file: file, size: size,
            nowMs: FileSystem.modificationTimeMs(path) ?? nowMs, indexIntervalBytes: indexIntervalBytes)
        try segment.loadIndexesOrRebuild()
        return segment
    }

    private func loadIndexesOrRebuild() throws(LogStorageError) {
        if let indexBytes = try? FileSystem.readWhole(indexPath),
            let index = OffsetIndex.decode(indexBytes, logSize: size),
            let timeBytes = try? FileSystem.readWhole(timeIndexPath),
            let times = TimeIndex.decode(timeBytes),
            times.last.map({ Int64($0.relativeOffset) + baseOffset >= baseOffset }) ?? true
        {
            offsetIndex = index
            timeIndex = times
            // Walk the tail after the last index entry to find the end offset and the newest timestamps.
            var scanner = SegmentScanner(file: file, limit: size)
            var position = index.lastPosition
            var consistent = true
            if let last = times.last {
                maxTimestamp = last.timestamp
                offsetOfMaxTimestamp = baseOffset + Int64(last.relativeOffset)
            }
            while position < size {
                guard let header = try scanner.header(at: position), header.baseOffset >= baseOffset else {
                    consistent = false
                    break
                }
                noteBatch(header, position: position, indexing: false)
                position += header.totalSize
            }
            bytesSinceLastIndexEntry = size - index.lastPosition
            if index.lastPosition > 0, let first = try scanner.header(at: 0) {
                firstBatchTimestamp = first.maxTimestamp >= 0 ? first.maxTimestamp : nil
            }
            if consistent {
                indexesDirty = false
                return
            }
        }
        try rebuildIndexes()
    }

    /// Rebuilds both indexes and the end offset by walking every batch header (no CRC checks).
    func rebuildIndexes() throws(LogStorageError) {
        offsetIndex.removeAll()
        timeIndex.removeAll()
        resetTracking()
        var scanner = SegmentScanner(file: file, limit: size)
        var position = 0
        while position < size, let header = try scanner.header(at: position) {
            noteBatch(header, position: position, indexing: true)
            position += header.totalSize
        }
        indexesDirty = true
    }

    private func resetTracking() {
        nextOffset = baseOffset
        firstBatchTimestamp = nil
        maxTimestamp = -1
        offsetOfMaxTimestamp = baseOffset
        bytesSinceLastIndexEntry = 0
    }

    /// Records a batch at `position` in the in-memory state: end offset, timestamps, and index entries every
    /// `index.interval.bytes`.
    private func noteBatch(_ header: RecordBatchHeader, position: Int, indexing: Bool) {
        if indexing && bytesSinceLastIndexEntry > indexIntervalBytes {
            offsetIndex.append(relativeOffset: Int32(header.baseOffset - baseOffset), position: Int32(position))
            if maxTimestamp >= 0 {
                timeIndex.append(
                    timestamp: maxTimestamp, relativeOffset: Int32(offsetOfMaxTimestamp - baseOffset))
            }
            bytesSinceLastIndexEntry = 0
        }
        bytesSinceLastIndexEntry += header.totalSize
        if header.maxTimestamp > maxTimestamp {
            maxTimestamp = header.maxTimestamp
            offsetOfMaxTimestamp = header.lastOffset
        }
        if position == 0 { firstBatchTimestamp = header.maxTimestamp >= 0 ? header.maxTimestamp : nil }
        nextOffset = max(nextOffset, header.nextOffset)
    }

    /// Appends batches that already carry their offsets; `batches` lists each batch's header and position
    /// relative to the start of `bytes`.
    func append(_ bytes: ByteBuffer, batches: [(header: RecordBatchHeader, position: Int)]) throws(LogStorageError) {
        let start = size
        do {
            try file.write(bytes, at: start)
        } catch {
            try? file.truncate(to: start)
            throw error
        }
        size += bytes.readableBytes
        hasUnsyncedData = true
        for batch in batches {
            noteBatch(batch.header, position: start + batch.position, indexing: true)
        }
        indexesDirty = true
    }

    /// How long the segment has been rolling by Kafka's rule: record time since the first batch when timestamps
    /// are known, else wall time since creation.
    func timeWaitedForRoll(now: Int64, incomingMaxTimestamp: Int64) -> Int64 {
        if let first = firstBatchTimestamp, incomingMaxTimestamp >= 0 { return incomingMaxTimestamp - first }
        return now - rollingBaseTimeMs
    }

    /// Bytes the offset index would take after one more entry.
    var offsetIndexSize: Int { offsetIndex.sizeInBytes }

    /// The file position to start scanning from for `offset`.
    func startPosition(for offset: Int64) -> Int {
        offsetIndex.position(forRelativeOffset: Int32(clamping: offset - baseOffset))
    }

    /// Finds the first batch whose last offset is ≥ `offset`: its position and header.
    func locate(offset: Int64, scanner: inout SegmentScanner) throws(LogStorageError)
        -> (position: Int, header: RecordBatchHeader)?
    {
        var position = startPosition(for: offset)
        while position < size, let header = try scanner.header(at: position) {
            if header.lastOffset >= offset { return (position, header) }
            position += header.totalSize
        }
        return nil
    }

    /// The position to start scanning for the first record with timestamp ≥ `timestamp`.
    func startPosition(forTimestamp timestamp: Int64) -> Int {
        let relative = timeIndex.relativeOffset(forTimestampAtLeast: timestamp)
        return offsetIndex.position(forRelativeOffset: relative)
    }

    /// Re-validates every batch (frame, CRC, record structure, offsets), truncating at the first invalid one
    /// and rebuilding the indexes. Returns the number of bytes cut.
    func recover(expectedFirstOffset: Int64?, allowGaps: Bool) throws(LogStorageError)
        -> Int
    {
        offsetIndex.removeAll()
        timeIndex.removeAll()
        resetTracking()
        var scanner = SegmentScanner(file: file, limit: size, windowSize: SegmentScanner.batchWindow)
        var position = 0
        var expected = expectedFirstOffset ?? baseOffset
        while position < size {
            guard let (header, _) = try? scanner.validatedBatch(at: position) else { break }
            let inOrder = allowGaps ? header.baseOffset >= expected : header.baseOffset == expected
            guard inOrder, header.lastOffset - baseOffset <= Int64(Int32.max) else { break }
            noteBatch(header, position: position, indexing: true)
            expected = header.nextOffset
            position += header.totalSize
        }
        let cut = size - position
        if cut > 0 {
            try file.truncate(to: position)
            size = position
            try file.syncData()
        }
        indexesDirty = true
        return cut
    }

    /// Cuts the segment so that it ends before `offset` (used by recovery of later segments' failures and tests).
    func truncate(before offset: Int64) throws(LogStorageError) {
        var scanner = SegmentScanner(file: file, limit: size)
        guard let (position, _) = try locate(offset: offset, scanner: &scanner) else { return }
        try file.truncate(to: position)
        size = position
        try rebuildIndexes()
    }

    /// Writes both index files (adding a final time index entry for the newest timestamp) and fsyncs them.
    func writeIndexes() throws(LogStorageError) {
        guard indexesDirty else { return }
        if maxTimestamp >= 0 {
            timeIndex.append(timestamp: maxTimestamp, relativeOffset: Int32(offsetOfMaxTimestamp - baseOffset))
        }
        try FileSystem.writeAtomically(offsetIndex.encoded(), to: indexPath)
        try FileSystem.writeAtomically(timeIndex.encoded(), to: timeIndexPath)
        indexesDirty = false
    }

    /// fsyncs the log file if it has unsynced appends.
    func syncIfNeeded() throws(LogStorageError) {
        guard hasUnsyncedData else { return }
        try file.syncData()
        hasUnsyncedData = false
    }

    /// Replaces the segment's file with a compacted one that is already at `logPath`, with its new indexes.
    func adoptCompacted(file newFile: SegmentFile, size newSize: Int) throws(LogStorageError) {
        file = newFile
        size = newSize
        try rebuildIndexes()
        try writeIndexes()
    }

    /// Unlinks the segment's files; open readers keep their descriptor.
    func deleteFiles() throws(LogStorageError) {
        try FileSystem.remove(logPath)
        try FileSystem.remove(indexPath)
        try FileSystem.remove(timeIndexPath)
    }
}

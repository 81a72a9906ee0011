import Dispatch
import KafkaRecords
import Logging
import NIOCore

/// The log of one partition: an ordered list of segments, the last one active, with appends that assign
/// offsets, reads by offset and timestamp, group-committed flushes, retention and compaction.
///
/// The high watermark equals the log end offset (one node: every appended batch is committed); what is durable
/// across power loss is what `flush()` has covered (`recoveryPoint`).
public actor PartitionLog {
    /// Which partition this is.
    public nonisolated let topicPartition: TopicPartition
    /// The partition's directory.
    public nonisolated let directory: String
    /// The topic's storage settings.
    public private(set) var config: LogConfig
    /// The first offset still readable.
    public internal(set) var logStartOffset: Int64
    /// Every offset below this is fsynced.
    public internal(set) var recoveryPoint: Int64

    var segments: [LogSegment]
    let clock: MillisecondClock
    let logger: Logger
    let ioQueue: DispatchQueue
    /// Set after a failed write or fsync: the partition then refuses appends (what is on disk is uncertain).
    var failure: LogStorageError?
    var unflushedMessages: Int64 = 0
    /// When the oldest write not yet covered by a flush happened.
    public internal(set) var oldestUnflushedWriteMs: Int64?
    var flushRound: (target: Int64, task: Task<Void, any Error>)?
    /// Offsets below this were covered by the last compaction pass.
    var cleanedUpTo: Int64 = 0
    var isClosed = false
    var producers = ProducerStateTable()

    /// Opens the partition in `directory`, creating it if needed; after an unclean shutdown the segments from
    /// the recovery point on are re-validated and the log is cut at the first invalid or torn batch.
    public init(
        topicPartition: TopicPartition,
        directory: String,
        config: LogConfig,
        recoveryPoint: Int64 = 0,
        logStartOffset: Int64 = 0,
        needsRecovery: Bool,
        clock: @escaping MillisecondClock = systemMillisecondClock,
        logger: Logger = Logger(label: "tributary.log"),
        ioQueue: DispatchQueue = DispatchQueue(label: "tributary.log.io")
    ) throws(LogStorageError) {
        self.topicPartition = topicPartition
        self.directory = directory
        self.config = config
        self.clock = clock
        self.logger = logger
        self.ioQueue = ioQueue
        let loaded = try LogLoader.load(
            directory: directory, config: config, recoveryPoint: recoveryPoint, logStartOffset: logStartOffset,
            needsRecovery: needsRecovery, nowMs: clock(), logger: logger)
        self.segments = loaded.segments
        self.logStartOffset = loaded.logStartOffset
        self.recoveryPoint = loaded.recoveryPoint
        self.producers = try Self.rebuildProducerState(loaded.segments)
    }

    /// Replays every batch header of the log into the idempotent-producer table (reading headers only: a log of
    /// large batches is not read whole at start).
    private static func rebuildProducerState(_ segments: [LogSegment]) throws(LogStorageError) -> ProducerStateTable {
        var table = ProducerStateTable()
        for segment in segments {
            var scanner = SegmentScanner(file: segment.file, limit: segment.size)
            var position = 0
            while position < segment.size, let header = try scanner.header(at: position) {
                table.record(header)
                position += header.totalSize
            }
        }
        return table
    }

    var active: LogSegment { segments[segments.count - 1] }
    /// Bytes read from the segment files since the log was opened (opening included).
    public var segmentBytesRead: Int { segments.reduce(0) { $0 + $1.file.bytesRead } }

    /// The offset the next appended record gets.
    public var logEndOffset: Int64 { active.nextOffset }
    /// The offset after the last record consumers may read (equal to the log end offset on one node).
    public var highWatermark: Int64 { logEndOffset }
    /// Total bytes of all segments.
    public var sizeInBytes: Int { segments.reduce(0) { $0 + $1.size } }
    /// The segments, oldest first.
    public var segmentInfos: [SegmentInfo] {
        segments.map {
            SegmentInfo(baseOffset: $0.baseOffset, sizeInBytes: $0.size, nextOffset: $0.nextOffset, maxTimestamp: $0.maxTimestamp)
        }
    }

    /// Replaces the topic's settings (they apply from the next append, roll, retention or compaction).
    public func updateConfig(_ config: LogConfig) {
        self.config = config
        for segment in segments { segment.indexIntervalBytes = config.indexIntervalBytes }
    }

    func checkUsable() throws(LogStorageError) {
        if isClosed { throw LogStorageError(.closed, "\(topicPartition) is closed") }
        if let failure {
            throw LogStorageError(.logDirectoryFailed, "\(topicPartition) is offline after: \(failure.message)")
        }
    }

    // MARK: Append

    /// Validates the batches in `records` (a Produce request's records field), assigns their offsets by
    /// rewriting baseOffset and partitionLeaderEpoch in place, and appends them as one write. Flushes first
    /// when `flush.messages` is reached. The bytes are stored exactly as given apart from those fields (and,
    /// for LogAppendTime topics, the timestamp type bit, maxTimestamp and CRC).
    public func append(_ records: ByteBuffer, leaderEpoch: Int32 = 0) async throws(LogStorageError) -> AppendResult {
        try checkUsable()
        var buffer = records
        let now = clock()
        var batches = try validateForAppend(buffer)
        var producerView = producers
        for (index, batch) in batches.enumerated() {
            switch try producerView.check(batch.header, partition: topicPartition) {
            case .append:
                var assigned = batch.header
                assigned.baseOffset = logEndOffset + Int64(index)  // provisional; only sequences matter here
                producerView.record(assigned)
            case .duplicate(let original):
                guard batches.count == 1 else {
                    throw LogStorageError(.invalidBatch, "\(topicPartition): a retried batch must be appended alone")
                }
                return AppendResult(
                    firstOffset: original.firstOffset, lastOffset: original.lastOffset, logAppendTime: -1,
                    logStartOffset: logStartOffset, recordCount: Int(batch.header.recordCount), isDuplicate: true)
            }
        }
        let recordCount = batches.reduce(0) { $0 + Int($1.header.recordCount) }
        let offsetSpan = batches.reduce(Int64(0)) { $0 + Int64($1.header.lastOffsetDelta) + 1 }
        let incomingMaxTimestamp = batches.reduce(Int64(-1)) { max($0, $1.header.maxTimestamp) }
        try maybeRoll(
            incomingBytes: buffer.readableBytes, lastOffset: logEndOffset + offsetSpan - 1,
            incomingMaxTimestamp: config.usesLogAppendTime ? now : incomingMaxTimestamp, now: now)

        let firstOffset = logEndOffset
        var next = firstOffset
        let appendTime = config.usesLogAppendTime ? now : -1
        for index in batches.indices {
            let position = buffer.readerIndex + batches[index].position
            buffer.setInteger(next, at: position + RecordBatchHeader.FieldOffset.baseOffset)
            buffer.setInteger(leaderEpoch, at: position + RecordBatchHeader.FieldOffset.partitionLeaderEpoch)
            batches[index].header.baseOffset = next
            batches[index].header.partitionLeaderEpoch = leaderEpoch
            if config.usesLogAppendTime {
                var attributes = batches[index].header.attributes
                attributes.timestampType = .logAppendTime
                buffer.setInteger(attributes.rawValue, at: position + RecordBatchHeader.FieldOffset.attributes)
                buffer.setInteger(now, at: position + RecordBatchHeader.FieldOffset.maxTimestamp)
                RecordBatchValidator.updateCRC(in: &buffer, batchAt: position)
                batches[index].header.attributes = attributes
                batches[index].header.maxTimestamp = now
            }
            next = batches[index].header.nextOffset
        }
        do {
            try active.append(buffer, batches: batches)
        } catch {
            if (try? active.file.size()) != active.size { failure = error }
            throw error
        }
        for batch in batches { producers.record(batch.header) }
        unflushedMessages += Int64(recordCount)
        if oldestUnflushedWriteMs == nil { oldestUnflushedWriteMs = now }
        let result = AppendResult(
            firstOffset: firstOffset, lastOffset: next - 1, logAppendTime: appendTime, logStartOffset: logStartOffset,
            recordCount: recordCount)
        if unflushedMessages >= config.flushMessages { try await flush() }
        return result
    }

    private func validateForAppend(_ buffer: ByteBuffer) throws(LogStorageError)
        -> [(header: RecordBatchHeader, position: Int)]
    {
        var batches: [(header: RecordBatchHeader, position: Int)] = []
        var index = buffer.readerIndex
        // Compacted topics decode every batch anyway to check keys (which validates the records), so the
        // structural walk would be work done twice there.
        let compact = config.cleanupPolicy.compact
        let depth: RecordBatchValidator.Depth = compact ? .frame : .uncompressedRecords
        while index < buffer.writerIndex {
            let header: RecordBatchHeader
            do {
                header = try RecordBatchValidator.validate(in: buffer, at: index, depth: depth)
            } catch {
                throw LogStorageError(
                    .invalidBatch, "\(topicPartition): batch \(batches.count) at byte \(index - buffer.readerIndex): \(error)")
            }
            guard header.totalSize <= config.maxMessageBytes else {
                throw LogStorageError(
                    .messageTooLarge,
                    "\(topicPartition): batch of \(header.totalSize) bytes exceeds max.message.bytes \(config.maxMessageBytes)")
            }
            guard header.recordCount > 0 else {
                throw LogStorageError(.invalidBatch, "\(topicPartition): batch \(batches.count) has no records")
            }
            if compact { try requireKeys(in: buffer, at: index, header: header, batchNumber: batches.count) }
            batches.append((header, index - buffer.readerIndex))
            index += header.totalSize
        }
        guard !batches.isEmpty else {
            throw LogStorageError(.invalidBatch, "\(topicPartition): the records hold no batch")
        }
        return batches
    }

    /// Compacted topics cannot take records without keys (Kafka rejects them the same way); the full decode
    /// also validates every record, compressed or not. Control batches carry no user records.
    private func requireKeys(in buffer: ByteBuffer, at index: Int, header: RecordBatchHeader, batchNumber: Int)
        throws(LogStorageError)
    {
        guard !header.attributes.isControl, var bytes = buffer.getSlice(at: index, length: header.totalSize) else {
            return
        }
        let batch: RecordBatch
        do {
            batch = try RecordBatch.decode(from: &bytes, verifyCRC: false)
        } catch {
            throw LogStorageError(
                .invalidBatch, "\(topicPartition): batch \(batchNumber) at byte \(index - buffer.readerIndex): \(error)")
        }
        if batch.records.contains(where: { $0.key == nil }) {
            throw LogStorageError(
                .invalidBatch, "\(topicPartition): compacted topic cannot accept a record without a key")
        }
    }

    /// Starts a new active segment when the incoming bytes would overflow `segment.bytes`, the active segment is
    /// older than `segment.ms`, its index is full, or the offsets would not fit relative to its base.
    func maybeRoll(incomingBytes: Int, lastOffset: Int64, incomingMaxTimestamp: Int64, now: Int64)
        throws(LogStorageError)
    {
        let segment = active
        guard !segment.isEmpty else { return }
        let full = segment.size + incomingBytes > config.segmentBytes
        let old = segment.timeWaitedForRoll(now: now, incomingMaxTimestamp: incomingMaxTimestamp) > config.segmentMs
        let indexFull = segment.offsetIndexSize + OffsetIndex.entrySize > config.segmentIndexBytes
        let offsetsOverflow = lastOffset - segment.baseOffset > Int64(Int32.max)
        if full || old || indexFull || offsetsOverflow { try roll(now: now) }
    }

    /// Closes the active segment (fsyncing it and writing its indexes) and starts a new one at the log end.
    func roll(now: Int64) throws(LogStorageError) {
        let previous = active
        do {
            try previous.syncIfNeeded()
            try previous.writeIndexes()
            let segment = try LogSegment.create(
                directory: directory, baseOffset: previous.nextOffset, nowMs: now,
                indexIntervalBytes: config.indexIntervalBytes)
            try FileSystem.syncDirectory(directory)
            segments.append(segment)
            recoveryPoint = max(recoveryPoint, previous.nextOffset)
        } catch {
            failure = error
            throw error
        }
        logger.debug("rolled segment", metadata: ["partition": "\(topicPartition)", "offset": "\(active.baseOffset)"])
    }

    /// Closes the active segment now and starts a new one (empty segments are not rolled).
    public func rollSegment() throws(LogStorageError) {
        try checkUsable()
        guard !active.isEmpty else { return }
        try roll(now: clock())
    }

    // MARK: Flush (group commit)

    /// Makes everything appended so far durable. Concurrent callers share fsyncs: while one fsync runs, callers
    /// wait for it, and the next fsync covers all that was appended meanwhile.
    public func flush() async throws(LogStorageError) {
        try checkUsable()
        let target = logEndOffset
        while recoveryPoint < target {
            if let round = flushRound {
                do {
                    try await round.task.value
                } catch {
                    throw (error as? LogStorageError) ?? LogStorageError(.io, "\(error)")
                }
                recoveryPoint = max(recoveryPoint, round.target)
                if flushRound?.task == round.task { flushRound = nil }
                continue
            }
            let roundTarget = logEndOffset
            let files = segments.filter(\.hasUnsyncedData).map(\.file)
            for segment in segments { segment.hasUnsyncedData = false }
            unflushedMessages = 0
            oldestUnflushedWriteMs = nil
            let queue = ioQueue
            let task = Task<Void, any Error> { try await Self.syncData(of: files, on: queue) }
            flushRound = (roundTarget, task)
            do {
                try await task.value
            } catch {
                let failed = (error as? LogStorageError) ?? LogStorageError(.io, "\(error)")
                failure = failed
                if flushRound?.task == task { flushRound = nil }
                throw failed
            }
            recoveryPoint = max(recoveryPoint, roundTarget)
            if flushRound?.task == task { flushRound = nil }
        }
    }

    private static func syncData(of files: [SegmentFile], on queue: DispatchQueue) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            queue.async {
                do {
                    for file in files { try file.syncData() }
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Flushes when the oldest unflushed write is older than `flush.ms`.
    public func flushIfDue(now: Int64) async throws(LogStorageError) {
        guard let oldest = oldestUnflushedWriteMs, config.flushMs != Int64.max, now - oldest >= config.flushMs else {
            return
        }
        try await flush()
    }

    /// Flushes, writes the index files and refuses further use.
    public func close() async throws(LogStorageError) {
        guard !isClosed else { return }
        if failure == nil {
            try await flush()
            for segment in segments { try segment.writeIndexes() }
        }
        isClosed = true
    }

    // MARK: Read

    /// Whole batches from the one holding `offset`, up to `maxBytes` (at least one batch, as Kafka does), and
    /// none at or after `maxOffset` (default: the high watermark).
    public func read(from offset: Int64, maxBytes: Int, maxOffset: Int64? = nil) throws(LogStorageError)
        -> LogReadResult
    {
        if isClosed { throw LogStorageError(.closed, "\(topicPartition) is closed") }
        let end = min(maxOffset ?? highWatermark, logEndOffset)
        var result = LogReadResult(
            region: nil, highWatermark: highWatermark, logStartOffset: logStartOffset, logEndOffset: logEndOffset)
        guard offset >= logStartOffset, offset <= logEndOffset else {
            throw LogStorageError(
                .offsetOutOfRange,
                "\(topicPartition): offset \(offset) is outside [\(logStartOffset), \(logEndOffset)]")
        }
        guard offset < end else { return result }
        var index = segmentIndex(containing: offset)
        while index < segments.count {
            let segment = segments[index]
            var scanner = SegmentScanner(file: segment.file, limit: segment.size)
            if let (position, first) = try segment.locate(offset: offset, scanner: &scanner) {
                guard first.baseOffset < end else { return result }
                var length = first.totalSize
                var next = position + length
                while next < segment.size, let header = try scanner.header(at: next),
                    length + header.totalSize <= maxBytes, header.baseOffset < end
                {
                    length += header.totalSize
                    next += header.totalSize
                }
                result.region = FileRegion(file: segment.file, position: position, length: length)
                return result
            }
            index += 1
        }
        return result
    }

    /// The index of the last segment whose base offset is ≤ `offset` (0 if none).
    func segmentIndex(containing offset: Int64) -> Int {
        var low = 0
        var high = segments.count - 1
        var found = 0
        while low <= high {
            let mid = (low + high) / 2
            if segments[mid].baseOffset <= offset {
                found = mid
                low = mid + 1
            } else {
                high = mid - 1
            }
        }
        return found
    }

    /// The first record at or after `timestamp` (ListOffsets by time), or nil when every record is older.
    public func offset(forTimestamp timestamp: Int64) throws(LogStorageError) -> TimestampOffset? {
        for segment in segments where segment.maxTimestamp >= timestamp {
            var scanner = SegmentScanner(file: segment.file, limit: segment.size)
            var position = segment.startPosition(forTimestamp: timestamp)
            while position < segment.size, let header = try scanner.header(at: position) {
                if header.maxTimestamp >= timestamp, header.lastOffset >= logStartOffset,
                    var bytes = try scanner.bytes(at: position, length: header.totalSize)
                {
                    let batch: RecordBatch
                    do {
                        batch = try RecordBatch.decode(from: &bytes)
                    } catch {
                        throw LogStorageError(.invalidBatch, "\(topicPartition) at offset \(header.baseOffset): \(error)")
                    }
                    for record in batch.records {
                        let recordOffset = batch.offset(of: record)
                        let recordTime = batch.timestamp(of: record)
                        if recordTime >= timestamp && recordOffset >= logStartOffset {
                            return TimestampOffset(offset: recordOffset, timestamp: recordTime)
                        }
                    }
                }
                position += header.totalSize
            }
        }
        return nil
    }

    /// The offset and timestamp of the batch with the largest timestamp (ListOffsets MAX_TIMESTAMP).
    public func offsetOfMaxTimestamp() -> TimestampOffset? {
        guard let segment = segments.max(by: { $0.maxTimestamp < $1.maxTimestamp }), segment.maxTimestamp >= 0 else {
            return nil
        }
        return TimestampOffset(offset: segment.offsetOfMaxTimestamp, timestamp: segment.maxTimestamp)
    }
}

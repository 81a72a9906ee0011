import KafkaRecords

extension PartitionLog {
    /// Deletes whole segments past `retention.ms` (newest timestamp older than the limit) or `retention.bytes`
    /// (oldest first while the log stays at or above the limit without them), and segments wholly before the
    /// log start offset. Returns how many segments were deleted. Only for `cleanup.policy` with delete, except
    /// that segments before the log start offset always go.
    @discardableResult
    public func applyRetention() throws(LogStorageError) -> Int {
        try checkUsable()
        let now = clock()
        var deleted = 0
        if config.cleanupPolicy.delete && config.retentionMs >= 0 {
            deleted += try deleteOldestSegments { segment in
                let newest = segment.maxTimestamp >= 0 ? segment.maxTimestamp : segment.rollingBaseTimeMs
                return !segment.isEmpty && now - newest > self.config.retentionMs
            }
        }
        if config.cleanupPolicy.delete && config.retentionBytes >= 0 {
            var excess = Int64(sizeInBytes) - config.retentionBytes
            deleted += try deleteOldestSegments { segment in
                guard excess - Int64(segment.size) >= 0 else { return false }
                excess -= Int64(segment.size)
                return true
            }
        }
        deleted += try deleteSegmentsBeforeLogStart()
        return deleted
    }

    /// Deletes segments from the oldest while `shouldDelete` says so; when that includes the active segment the
    /// log is rolled first so that an empty active segment remains.
    private func deleteOldestSegments(_ shouldDelete: (LogSegment) -> Bool) throws(LogStorageError) -> Int {
        var count = 0
        while count < segments.count && shouldDelete(segments[count]) { count += 1 }
        guard count > 0 else { return 0 }
        if count == segments.count { try roll(now: clock()) }
        let doomed = Array(segments.prefix(count))
        segments.removeFirst(count)
        for segment in doomed { try segment.deleteFiles() }
        try FileSystem.syncDirectory(directory)
        logStartOffset = max(logStartOffset, segments[0].baseOffset)
        recoveryPoint = max(recoveryPoint, logStartOffset)
        return count
    }

    private func deleteSegmentsBeforeLogStart() throws(LogStorageError) -> Int {
        var count = 0
        while count + 1 < segments.count && segments[count + 1].baseOffset <= logStartOffset { count += 1 }
        guard count > 0 else { return 0 }
        var remaining = count
        return try deleteOldestSegments { _ in
            remaining -= 1
            return remaining >= 0
        }
    }

    /// Advances the log start offset to `offset` (DeleteRecords; -1 means the high watermark) and deletes the
    /// segments wholly before it. Returns the new log start offset.
    @discardableResult
    public func deleteRecords(before offset: Int64) throws(LogStorageError) -> Int64 {
        try checkUsable()
        let target = offset == -1 ? highWatermark : offset
        guard target >= 0, target <= highWatermark else {
            throw LogStorageError(
                .offsetOutOfRange, "\(topicPartition): cannot delete records before \(offset), high watermark \(highWatermark)")
        }
        if target > logStartOffset {
            logStartOffset = target
            _ = try deleteSegmentsBeforeLogStart()
        }
        return logStartOffset
    }
}

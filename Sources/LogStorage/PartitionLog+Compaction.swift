import KafkaRecords
import NIOCore

/// What one compaction pass did.
public struct CompactionResult: Hashable, Sendable {
    /// Segments rewritten.
    public var segmentsCleaned: Int
    /// Records kept in them.
    public var recordsKept: Int
    /// Records dropped (superseded values and expired tombstones).
    public var recordsRemoved: Int
    /// Bytes before and after.
    public var bytesBefore: Int
    public var bytesAfter: Int
}

extension PartitionLog {
    /// Whether a compaction pass is due: compacted topic, and the share of closed, lag-eligible bytes not yet
    /// covered by a pass is at least `min.cleanable.dirty.ratio` (or the oldest is past `max.compaction.lag.ms`).
    public func needsCompaction() -> Bool {
        guard config.cleanupPolicy.compact, failure == nil, !isClosed else { return false }
        let eligible = eligibleForCompaction(now: clock())
        guard !eligible.isEmpty else { return false }
        let total = eligible.reduce(0) { $0 + $1.size }
        let dirty = eligible.filter { $0.nextOffset > cleanedUpTo }.reduce(0) { $0 + $1.size }
        guard total > 0, dirty > 0 else { return false }
        if Double(dirty) / Double(total) >= config.minCleanableDirtyRatio { return true }
        let oldestDirty = eligible.first { $0.nextOffset > cleanedUpTo }
        if let oldestDirty, oldestDirty.maxTimestamp >= 0, config.maxCompactionLagMs != Int64.max,
            clock() - oldestDirty.maxTimestamp > config.maxCompactionLagMs
        {
            return true
        }
        return false
    }

    /// Closed segments, oldest first, up to the first one holding a record younger than `min.compaction.lag.ms`.
    func eligibleForCompaction(now: Int64) -> [LogSegment] {
        var eligible: [LogSegment] = []
        for segment in segments.dropLast() {
            guard segment.maxTimestamp < 0 || now - segment.maxTimestamp >= config.minCompactionLagMs else { break }
            eligible.append(segment)
        }
        return eligible
    }

    /// Compacts the closed segments: keeps the latest record per key, drops tombstones older than
    /// `delete.retention.ms`, preserves offsets. The rewriting happens off the actor, so appends and reads go
    /// on meanwhile; the cleaned segments are swapped in at the end (durably: `.cleaned` → `.swap` → `.log`).
    @discardableResult
    public func compact() async throws -> CompactionResult {
        try checkUsable()
        let now = clock()
        let chosen = eligibleForCompaction(now: now)
        var result = CompactionResult(segmentsCleaned: 0, recordsKept: 0, recordsRemoved: 0, bytesBefore: 0, bytesAfter: 0)
        guard !chosen.isEmpty else { return result }
        let inputs = chosen.map { Compactor.Input(baseOffset: $0.baseOffset, file: $0.file, size: $0.size, path: $0.logPath) }
        let compactor = Compactor(deleteRetentionMs: config.deleteRetentionMs, nowMs: now)
        let outputs = try await Self.runOffActor(compactor, inputs)

        // Back on the actor: swap in every cleaned segment whose original is still there, unchanged.
        for output in outputs {
            guard let segment = segments.first(where: { $0.baseOffset == output.baseOffset }),
                segment !== segments.last, chosen.contains(where: { $0 === segment }),
                let input = inputs.first(where: { $0.baseOffset == output.baseOffset }), segment.size == input.size
            else {
                try? FileSystem.remove(output.cleanedPath)
                continue
            }
            let swapPath = segment.logPath + ".swap"
            try FileSystem.rename(output.cleanedPath, swapPath)
            try FileSystem.syncDirectory(directory)
            try FileSystem.remove(segment.indexPath)
            try FileSystem.remove(segment.timeIndexPath)
            try FileSystem.rename(swapPath, segment.logPath)
            try FileSystem.syncDirectory(directory)
            try segment.adoptCompacted(file: output.file, size: output.size)
            result.segmentsCleaned += 1
            result.recordsKept += output.recordsKept
            result.recordsRemoved += output.recordsRemoved
            result.bytesBefore += input.size
            result.bytesAfter += output.size
        }
        if let last = chosen.last { cleanedUpTo = max(cleanedUpTo, last.nextOffset) }
        return result
    }

    @concurrent
    private static func runOffActor(_ compactor: Compactor, _ inputs: [Compactor.Input]) async throws
        -> [Compactor.Output]
    {
        let latest = try compactor.buildOffsetMap(inputs)
        var outputs: [Compactor.Output] = []
        for input in inputs {
            try Task.checkCancellation()
            outputs.append(try compactor.clean(input, latest: latest))
        }
        return outputs
    }
}

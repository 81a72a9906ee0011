import Logging

/// Opens a partition directory: finishes or discards interrupted compaction swaps, loads segments, and after an
/// unclean shutdown re-validates from the recovery point, cutting the log at the first invalid batch.
enum LogLoader {
    struct Loaded {
        var segments: [LogSegment]
        var logStartOffset: Int64
        var recoveryPoint: Int64
    }

    static func load(
        directory: String, config: LogConfig, recoveryPoint: Int64, logStartOffset: Int64, needsRecovery: Bool,
        nowMs: Int64, logger: Logger
    ) throws(LogStorageError) -> Loaded {
        try FileSystem.createDirectory(directory)
        var names = try FileSystem.list(directory)
        for name in names where name.hasSuffix(".cleaned") || name.hasSuffix(".deleted") || name.hasSuffix(".tmp") {
            try FileSystem.remove(directory + "/" + name)
        }
        for name in names where name.hasSuffix(".log.swap") {
            // A compaction had its cleaned segment durable and was swapping it in: finish the swap.
            let base = String(name.dropLast(".log.swap".count))
            try FileSystem.remove(directory + "/" + base + ".index")
            try FileSystem.remove(directory + "/" + base + ".timeindex")
            try FileSystem.rename(directory + "/" + name, directory + "/" + base + ".log")
            logger.info("completed interrupted compaction swap", metadata: ["segment": "\(directory)/\(base)"])
        }
        names = try FileSystem.list(directory)
        let bases = names.compactMap { name -> Int64? in
            guard name.hasSuffix(".log"), name.count == 24 else { return nil }
            return Int64(name.dropLast(4))
        }.sorted()
        let baseSet = Set(bases.map { LogSegment.fileName($0, "") })
        for name in names where name.hasSuffix(".index") || name.hasSuffix(".timeindex") {
            let stem = String(name.prefix(while: { $0 != "." }))
            if !baseSet.contains(stem) { try FileSystem.remove(directory + "/" + name) }
        }

        var segments: [LogSegment] = []
        for base in bases {
            segments.append(
                try LogSegment.open(
                    directory: directory, baseOffset: base, nowMs: nowMs, indexIntervalBytes: config.indexIntervalBytes))
        }
        var recoveredTo = recoveryPoint
        if needsRecovery && !segments.isEmpty {
            recoveredTo = try recover(
                &segments, from: recoveryPoint, allowGaps: config.cleanupPolicy.compact, directory: directory,
                logger: logger)
        }
        if segments.isEmpty {
            let base = max(logStartOffset, 0)
            segments.append(
                try LogSegment.create(
                    directory: directory, baseOffset: base, nowMs: nowMs, indexIntervalBytes: config.indexIntervalBytes))
            try FileSystem.syncDirectory(directory)
        }
        let end = segments[segments.count - 1].nextOffset
        let start = min(max(logStartOffset, segments[0].baseOffset), end)
        return Loaded(segments: segments, logStartOffset: start, recoveryPoint: min(max(recoveredTo, start), end))
    }

    /// Re-validates every segment that may hold bytes at or after `recoveryPoint`; returns the new recovery point.
    private static func recover(
        _ segments: inout [LogSegment], from recoveryPoint: Int64, allowGaps: Bool, directory: String, logger: Logger
    ) throws(LogStorageError) -> Int64 {
        var first = segments.count - 1
        for index in segments.indices {
            let upper = index + 1 < segments.count ? segments[index + 1].baseOffset : Int64.max
            if upper > recoveryPoint {
                first = index
                break
            }
        }
        var index = first
        while index < segments.count {
            let segment = segments[index]
            let cut = try segment.recover(expectedFirstOffset: nil, allowGaps: allowGaps)
            if cut > 0 {
                logger.warning(
                    "truncated invalid or torn batches during recovery",
                    metadata: [
                        "segment": "\(segment.logPath)", "bytes": "\(cut)", "offset": "\(segment.nextOffset)",
                    ])
            }
            let nextIndex = index + 1
            let brokenChain =
                nextIndex < segments.count
                && (cut > 0 || (!allowGaps && segments[nextIndex].baseOffset != segment.nextOffset)
                    || segments[nextIndex].baseOffset < segment.nextOffset)
            if brokenChain {
                for later in segments[nextIndex...] {
                    logger.warning("deleting segment after the recovered log end", metadata: ["segment": "\(later.logPath)"])
                    try later.deleteFiles()
                }
                segments.removeSubrange(nextIndex...)
            }
            try segment.file.syncData()
            try segment.writeIndexes()
            index += 1
        }
        try FileSystem.syncDirectory(directory)
        return segments[segments.count - 1].nextOffset
    }
}

import KafkaRecords
import LogStorage
import NIOCore
import Testing

@Suite struct CompactionTests {
    /// 1,000,000 records over 10,000 keys (record n has key n % 10000 and value "n"); the last write of keys
    /// 0..<1000 is a tombstone. Then compaction keeps the latest value per live key, offsets unchanged; tombstones
    /// stay within delete.retention.ms and go after it; concurrent reads never fail.
    @Test func keepsLatestValuePerKeyAndDropsExpiredTombstones() async throws {
        let dir = TemporaryDirectory("compact")
        defer { dir.remove() }
        let clock = ManualClock()
        var config = LogConfig()
        config.cleanupPolicy = .compact
        config.segmentBytes = 2 * 1024 * 1024
        config.deleteRetentionMs = 3_600_000
        let log = try PartitionLog(
            topicPartition: TopicPartition("compacted", 0), directory: dir.path, config: config, needsRecovery: false,
            clock: clock.read, logger: quietLogger)
        let total = 1_000_000
        let keys = 10_000
        let perBatch = 500
        var n = 0
        while n < total {
            var builder = RecordBatchBuilder(compression: n % 3 == 0 ? .lz4 : .none)
            for i in n..<(n + perBatch) {
                let key = i % keys
                let isTombstone = key < 1000 && i >= total - keys
                builder.append(
                    key: Array("key-\(key)".utf8), value: isTombstone ? nil : Array("\(i)".utf8),
                    timestamp: clock.current)
            }
            _ = try await log.append(try builder.build())
            n += perBatch
        }
        // Close the active segment so that every record is in a closed (compactable) segment.
        var tail = RecordBatchBuilder()
        tail.append(key: Array("tail".utf8), value: Array("tail".utf8), timestamp: clock.current)
        try await log.rollSegment()
        _ = try await log.append(try tail.build())
        let sizeBefore = await log.sizeInBytes

        // Compact while a reader walks the log over and over.
        let reader = Task { () -> Int in
            var passes = 0
            while !Task.isCancelled {
                let batches = try await readAll(log)
                precondition(!batches.isEmpty)
                passes += 1
            }
            return passes
        }
        let first = try await log.compact()
        reader.cancel()
        let passes = try await reader.value
        #expect(passes >= 1, "reads ran during compaction")
        #expect(first.segmentsCleaned > 0)
        #expect(await log.sizeInBytes < sizeBefore / 50)

        let afterFirst = records(of: try await readAll(log))
        try verify(afterFirst, total: total, keys: keys, tombstonesExpected: true)

        // After delete.retention.ms the tombstones go too.
        clock.advance(by: 3_600_001)
        let second = try await log.compact()
        #expect(second.recordsRemoved == 1000)
        let afterSecond = records(of: try await readAll(log))
        try verify(afterSecond, total: total, keys: keys, tombstonesExpected: false)

        // The compacted log survives a reopen with recovery.
        try await log.close()
        let reopened = try PartitionLog(
            topicPartition: TopicPartition("compacted", 0), directory: dir.path, config: config, needsRecovery: true,
            clock: clock.read, logger: quietLogger)
        let afterReopen = records(of: try await readAll(reopened))
        #expect(afterReopen.count == afterSecond.count)
        #expect(afterReopen.map(\.offset) == afterSecond.map(\.offset))
    }

    private func verify(
        _ records: [(offset: Int64, key: String?, value: String?)], total: Int, keys: Int, tombstonesExpected: Bool
    ) throws {
        var seen: [String: (offset: Int64, value: String?)] = [:]
        var previous: Int64 = -1
        for record in records {
            #expect(record.offset > previous, "offsets stay in order")
            previous = record.offset
            guard let key = record.key, key != "tail" else { continue }
            #expect(seen[key] == nil, "one record per key after compaction: \(key)")
            seen[key] = (record.offset, record.value)
            if let value = record.value { #expect(value == "\(record.offset)", "offset unchanged for \(key)") }
        }
        for key in 0..<keys {
            let lastWrite = Int64(total - keys + key)
            let entry = seen["key-\(key)"]
            if key < 1000 {
                if tombstonesExpected {
                    #expect(entry?.offset == lastWrite && entry?.value == nil, "tombstone for key-\(key) kept")
                } else {
                    #expect(entry == nil, "deleted key-\(key) is gone")
                }
            } else {
                #expect(entry?.offset == lastWrite && entry?.value == "\(lastWrite)", "latest value of key-\(key)")
            }
        }
    }

    @Test func recordsYoungerThanMinCompactionLagAreKept() async throws {
        let dir = TemporaryDirectory("compact-lag")
        defer { dir.remove() }
        let clock = ManualClock()
        var config = LogConfig()
        config.cleanupPolicy = .compact
        config.minCompactionLagMs = 60_000
        let log = try PartitionLog(
            topicPartition: TopicPartition("c", 0), directory: dir.path, config: config, needsRecovery: false,
            clock: clock.read, logger: quietLogger)
        for n in 0..<10 {
            var builder = RecordBatchBuilder()
            builder.append(key: Array("same".utf8), value: Array("\(n)".utf8), timestamp: clock.current)
            _ = try await log.append(try builder.build())
            try await log.rollSegment()
        }
        #expect(try await log.compact().segmentsCleaned == 0, "everything is younger than the lag")
        clock.advance(by: 60_000)
        #expect(await log.needsCompaction())
        try await log.compact()
        #expect(records(of: try await readAll(log)).map(\.value) == ["9"])
    }

    @Test func compactedTopicsRejectRecordsWithoutKeys() async throws {
        let dir = TemporaryDirectory("compact-keys")
        defer { dir.remove() }
        var config = LogConfig()
        config.cleanupPolicy = .compact
        let log = try PartitionLog(
            topicPartition: TopicPartition("c", 0), directory: dir.path, config: config, needsRecovery: false,
            logger: quietLogger)
        var builder = RecordBatchBuilder()
        builder.append(key: nil as [UInt8]?, value: Array("v".utf8), timestamp: 1)
        let batch = try builder.build()
        await #expect(throws: LogStorageError.self) { _ = try await log.append(batch) }
    }
}

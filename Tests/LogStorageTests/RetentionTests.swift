import KafkaRecords
import LogStorage
import NIOCore
import Testing

@Suite struct RetentionTests {
    @Test func deletesSegmentsPastRetentionMs() async throws {
        let dir = TemporaryDirectory("retention-time")
        defer { dir.remove() }
        let clock = ManualClock()
        var config = LogConfig()
        config.segmentBytes = 1000
        config.retentionMs = 60_000
        let log = try PartitionLog(
            topicPartition: TopicPartition("t", 0), directory: dir.path, config: config, needsRecovery: false,
            clock: clock.read, logger: quietLogger)
        let old = clock.current - 3_600_000
        for n in 0..<30 { _ = try await log.append(try makeBatch(first: n * 3, count: 3, timestamp: old)) }
        let oldEnd = await log.logEndOffset
        for n in 30..<40 { _ = try await log.append(try makeBatch(first: n * 3, count: 3, timestamp: clock.current)) }
        let before = await log.segmentInfos.count
        let deleted = try await log.applyRetention()
        #expect(deleted > 0)
        #expect(await log.segmentInfos.count == before - deleted)
        let start = await log.logStartOffset
        #expect(start > 0 && start <= oldEnd, "only segments whose newest record is old are deleted")
        let remaining = records(of: try await readAll(log))
        #expect(remaining.first?.offset == start)
        #expect(remaining.last?.offset == 119)
        await #expect(throws: LogStorageError.self) { try await log.read(from: 0, maxBytes: 100) }

        // Once everything is old, the whole log goes, leaving an empty active segment at the log end.
        clock.advance(by: 7_200_000)
        try await log.applyRetention()
        #expect(await log.logStartOffset == 120)
        #expect(await log.logEndOffset == 120)
        #expect(try await log.append(try makeBatch(first: 0, count: 1)).firstOffset == 120)
    }

    @Test func deletesOldestSegmentsPastRetentionBytes() async throws {
        let dir = TemporaryDirectory("retention-size")
        defer { dir.remove() }
        var config = LogConfig()
        config.segmentBytes = 1000
        config.retentionBytes = 3000
        let log = try PartitionLog(
            topicPartition: TopicPartition("t", 0), directory: dir.path, config: config, needsRecovery: false,
            logger: quietLogger)
        for n in 0..<100 { _ = try await log.append(try makeBatch(first: n * 3, count: 3)) }
        let sizeBefore = await log.sizeInBytes
        #expect(sizeBefore > 6000)
        let deleted = try await log.applyRetention()
        #expect(deleted > 0)
        let sizeAfter = await log.sizeInBytes
        #expect(sizeAfter <= 3000 + 1000, "within one segment of retention.bytes")
        #expect(sizeAfter >= 3000 - 1000)
        let remaining = records(of: try await readAll(log))
        #expect(remaining.last?.offset == 299)
        #expect(remaining.first?.offset == (await log.logStartOffset))
    }

    @Test func deleteRecordsAdvancesLogStart() async throws {
        let dir = TemporaryDirectory("delete-records")
        defer { dir.remove() }
        var config = LogConfig()
        config.segmentBytes = 600
        let log = try PartitionLog(
            topicPartition: TopicPartition("t", 0), directory: dir.path, config: config, needsRecovery: false,
            logger: quietLogger)
        for n in 0..<30 { _ = try await log.append(try makeBatch(first: n * 3, count: 3)) }
        let segmentsBefore = await log.segmentInfos.count
        #expect(try await log.deleteRecords(before: 50) == 50)
        #expect(await log.logStartOffset == 50)
        #expect(await log.segmentInfos.count < segmentsBefore)
        #expect(await log.segmentInfos.first.map { $0.baseOffset <= 50 } == true)
        await #expect(throws: LogStorageError.self) { try await log.read(from: 49, maxBytes: 100) }
        #expect(try await log.read(from: 50, maxBytes: 100).region != nil)
        await #expect(throws: LogStorageError.self) { try await log.deleteRecords(before: 91) }
        #expect(try await log.deleteRecords(before: -1) == 90)
    }
}

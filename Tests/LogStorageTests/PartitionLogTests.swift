import Foundation
import KafkaRecords
import LogStorage
import NIOCore
import Testing

@Suite struct PartitionLogTests {
    @Test func appendAssignsOffsetsAndReadReturnsWholeBatches() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let log = try openPartitionT0(dir.path)
        let first = try await log.append(try makeBatch(first: 0, count: 3))
        let second = try await log.append(try makeBatch(first: 3, count: 2))
        #expect(first.firstOffset == 0 && first.lastOffset == 2)
        #expect(second.firstOffset == 3 && second.lastOffset == 4)
        #expect(await log.logEndOffset == 5)
        #expect(await log.highWatermark == 5)

        let result = try await log.read(from: 3, maxBytes: 1 << 20)
        let batches = try RecordBatch.decodeAll(try result.readBytes())
        #expect(batches.map(\.baseOffset) == [3])
        #expect(records(of: batches).map(\.value) == ["value-3", "value-4"])
        // A read from inside a batch returns that whole batch, as Kafka does.
        let inside = try RecordBatch.decodeAll(try await log.read(from: 1, maxBytes: 1 << 20).readBytes())
        #expect(inside.map(\.baseOffset) == [0, 3])
        // maxBytes smaller than a batch still returns the first whole batch.
        let small = try RecordBatch.decodeAll(try await log.read(from: 0, maxBytes: 10).readBytes())
        #expect(small.map(\.baseOffset) == [0])
        // At the end: nothing; past the end or before the start: out of range.
        #expect(try await log.read(from: 5, maxBytes: 100).region == nil)
        await #expect(throws: LogStorageError.self) { try await log.read(from: 6, maxBytes: 100) }
        await #expect(throws: LogStorageError.self) { try await log.read(from: -1, maxBytes: 100) }
    }

    @Test func storedBytesAreExactlyTheAppendedBatchWithItsOffset() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let log = try openPartitionT0(dir.path)
        _ = try await log.append(try makeBatch(count: 4))
        let original = try makeBatch(first: 10, count: 2, compression: .zstd)
        _ = try await log.append(original)
        let stored = try await log.read(from: 4, maxBytes: 1 << 20).readBytes()
        var expected = original
        expected.setInteger(Int64(4), at: expected.readerIndex)
        expected.setInteger(Int32(0), at: expected.readerIndex + 12)
        #expect(stored == expected, "only baseOffset and leader epoch change; the CRC stays valid")
        #expect(try RecordBatch.decodeAll(stored).first?.records.count == 2)
    }

    @Test func invalidBatchesAreRejectedWithTheirCause() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        var config = LogConfig()
        config.maxMessageBytes = 200
        let log = try PartitionLog(
            topicPartition: TopicPartition("t", 0), directory: dir.path, config: config, needsRecovery: false,
            logger: quietLogger)
        var corrupt = try makeBatch()
        corrupt.setInteger(UInt8(0xFF), at: corrupt.writerIndex - 1)
        do {
            _ = try await log.append(corrupt)
            Issue.record("a corrupt batch was accepted")
        } catch {
            #expect(error.code == .invalidBatch)
            #expect(error.message.contains("CRC"))
        }
        let oversized = try makeBatch(count: 3, valueSize: 200)
        do {
            _ = try await log.append(oversized)
            Issue.record("an oversized batch was accepted")
        } catch {
            #expect(error.code == .messageTooLarge)
        }
        #expect(await log.logEndOffset == 0, "nothing was appended")
    }

    @Test func rollsSegmentsAndKeepsIndexesAcrossReopen() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        var config = LogConfig()
        config.segmentBytes = 4096
        config.indexIntervalBytes = 256
        let log = try PartitionLog(
            topicPartition: TopicPartition("t", 0), directory: dir.path, config: config, needsRecovery: false,
            logger: quietLogger)
        for n in 0..<200 { _ = try await log.append(try makeBatch(first: n * 2, count: 2, valueSize: 50)) }
        let segments = await log.segmentInfos
        #expect(segments.count > 5)
        #expect(segments.allSatisfy { $0.sizeInBytes <= 4096 })
        try await log.close()

        let reopened = try PartitionLog(
            topicPartition: TopicPartition("t", 0), directory: dir.path, config: config, needsRecovery: false,
            logger: quietLogger)
        #expect(await reopened.logEndOffset == 400)
        for offset in stride(from: Int64(0), to: 400, by: 37) {
            let bytes = try await reopened.read(from: offset, maxBytes: 1).readBytes()
            let batches = try RecordBatch.decodeAll(bytes)
            #expect(batches.count == 1)
            #expect(batches[0].baseOffset <= offset && batches[0].lastOffset >= offset)
        }
        #expect(records(of: try await readAll(reopened)).map(\.offset) == Array(0..<400))
    }

    /// Opening a log replays its batch headers into the idempotent-producer table; a log of large batches must
    /// not be read whole for that (it was: 1 MiB windows read every byte, so start-up time grew with the data).
    @Test func reopeningReadsBatchHeadersNotWholeBatches() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let log = try openPartitionT0(dir.path)
        _ = try await log.append(try makeBatch(count: 1, valueSize: 1_000_000))
        try await log.close()
        // 39 more copies of the stored batch with the next offsets, written straight to the segment file (the
        // CRC does not cover the base offset); appending them through the log takes long in a debug build.
        let segmentPath = dir.path + "/00000000000000000000.log"
        let stored = try Data(contentsOf: URL(fileURLWithPath: segmentPath))
        var copies = Data()
        for offset in Int64(1)..<40 {
            var copy = stored
            withUnsafeBytes(of: offset.bigEndian) { copy.replaceSubrange(0..<8, with: $0) }
            copies.append(copy)
        }
        let file = try FileHandle(forWritingTo: URL(fileURLWithPath: segmentPath))
        try file.seekToEnd()
        try file.write(contentsOf: copies)
        try file.close()

        let reopened = try openPartitionT0(dir.path)
        #expect(await reopened.logEndOffset == 40)
        let size = await reopened.sizeInBytes
        let read = await reopened.segmentBytesRead
        #expect(read < size / 20, "opening a \(size)-byte log read \(read) bytes of it")
        try await reopened.close()
    }

    @Test func findsOffsetsByTimestamp() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        var config = LogConfig()
        config.segmentBytes = 2048
        config.indexIntervalBytes = 100
        let log = try PartitionLog(
            topicPartition: TopicPartition("t", 0), directory: dir.path, config: config, needsRecovery: false,
            logger: quietLogger)
        // Batch n has records at times 1000n, 1000n+1, 1000n+2.
        for n in 0..<100 { _ = try await log.append(try makeBatch(first: n * 3, count: 3, timestamp: Int64(n) * 1000)) }
        #expect(try await log.offset(forTimestamp: 0) == TimestampOffset(offset: 0, timestamp: 0))
        #expect(try await log.offset(forTimestamp: 5001) == TimestampOffset(offset: 16, timestamp: 5001))
        #expect(try await log.offset(forTimestamp: 5003) == TimestampOffset(offset: 18, timestamp: 6000))
        #expect(try await log.offset(forTimestamp: 99_002) == TimestampOffset(offset: 299, timestamp: 99_002))
        #expect(try await log.offset(forTimestamp: 99_003) == nil)
        #expect(await log.offsetOfMaxTimestamp()?.timestamp == 99_002)
    }

    @Test func groupCommitServesConcurrentFlushes() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let log = try openPartitionT0(dir.path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<50 {
                group.addTask {
                    _ = try await log.append(try makeBatch(first: n, count: 1))
                    try await log.flush()
                }
            }
            try await group.waitForAll()
        }
        #expect(await log.recoveryPoint == 50)
        #expect(await log.logEndOffset == 50)
    }

    @Test func flushMessagesTriggersFlush() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        var config = LogConfig()
        config.flushMessages = 5
        let log = try PartitionLog(
            topicPartition: TopicPartition("t", 0), directory: dir.path, config: config, needsRecovery: false,
            logger: quietLogger)
        _ = try await log.append(try makeBatch(first: 0, count: 3))
        #expect(await log.recoveryPoint == 0)
        _ = try await log.append(try makeBatch(first: 3, count: 3))
        #expect(await log.recoveryPoint == 6)
    }

    @Test func logAppendTimeStampsBrokerTime() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let clock = ManualClock(1_900_000_000_000)
        var config = LogConfig()
        config.messageTimestampType = "LogAppendTime"
        let log = try PartitionLog(
            topicPartition: TopicPartition("t", 0), directory: dir.path, config: config, needsRecovery: false,
            clock: clock.read, logger: quietLogger)
        let result = try await log.append(try makeBatch(timestamp: 5))
        #expect(result.logAppendTime == 1_900_000_000_000)
        let all = try await readAll(log)
        let batch = all[0]
        #expect(batch.header.attributes.timestampType == .logAppendTime)
        #expect(batch.records.allSatisfy { batch.timestamp(of: $0) == 1_900_000_000_000 })
    }
}

import Foundation
import KafkaRecords
import LogStorage
import NIOCore
import Testing

@Suite struct RecoveryTests {
    /// A closed log of `batchCount` batches in one segment; returns the batches' (base offset, position, size).
    private func makeLog(at path: String, batchCount: Int) async throws -> [(base: Int64, position: Int, size: Int)] {
        let log = try PartitionLog(
            topicPartition: TopicPartition("t", 0), directory: path, config: LogConfig(), needsRecovery: false,
            logger: quietLogger)
        var layout: [(Int64, Int, Int)] = []
        var position = 0
        for n in 0..<batchCount {
            let batch = try makeBatch(first: n * 3, count: 3, valueSize: n % 5 * 40)
            let result = try await log.append(batch)
            layout.append((result.firstOffset, position, batch.readableBytes))
            position += batch.readableBytes
        }
        try await log.close()
        return layout
    }

    @Test(arguments: 0..<60)
    func tornOrFlippedTailIsCutAtTheLastValidBatch(seed: Int) async throws {
        let dir = TemporaryDirectory("torn")
        defer { dir.remove() }
        let layout = try await makeLog(at: dir.path, batchCount: 40)
        let segment = dir.path + "/00000000000000000000.log"
        let handle = try #require(FileHandle(forUpdatingAtPath: segment))
        let fileSize = layout.last.map { $0.position + $0.size } ?? 0
        var random = SystemRandomNumberGenerator()
        // Damage one of the last ten batches.
        let victim = layout[layout.count - 1 - (seed % 10)]
        let position = victim.position + Int.random(in: 0..<victim.size, using: &random)
        var expectedEnd = victim.base
        if seed % 2 == 0 {
            try handle.truncate(atOffset: UInt64(position))
        } else {
            try handle.seek(toOffset: UInt64(position))
            let original = try #require(handle.readData(ofLength: 1).first)
            try handle.seek(toOffset: UInt64(position))
            handle.write(Data([original ^ UInt8(1 << Int.random(in: 0..<8, using: &random))]))
            let within = position - victim.position
            if (12..<16).contains(within) {
                // partitionLeaderEpoch is not covered by the CRC and carries no meaning to recovery: harmless.
                expectedEnd = layout.last.map { $0.base + 3 } ?? 0
            }
        }
        try handle.close()
        _ = fileSize
        // Indexes of a damaged log cannot be trusted; recovery must not need them.
        try? FileManager.default.removeItem(atPath: dir.path + "/00000000000000000000.index")

        let log = try PartitionLog(
            topicPartition: TopicPartition("t", 0), directory: dir.path, config: LogConfig(), needsRecovery: true,
            logger: quietLogger)
        #expect(await log.logEndOffset == expectedEnd, "seed \(seed): damage at byte \(position)")
        let survivors = records(of: try await readAll(log))
        #expect(survivors.map(\.offset) == Array(0..<expectedEnd))
        #expect(survivors.allSatisfy { $0.value?.hasPrefix("value-\($0.offset)") == true })
        let appended = try await log.append(try makeBatch(first: 999, count: 2))
        #expect(appended.firstOffset == expectedEnd)
        let tail = records(of: try await readAll(log, from: expectedEnd))
        #expect(tail.map(\.value) == ["value-999", "value-1000"])
    }

    @Test func cleanShutdownSkipsRecoveryAndUncleanRecovers() async throws {
        let dir = TemporaryDirectory("manager")
        defer { dir.remove() }
        do {
            let manager = try LogManager(configuration: .init(dataDirectory: dir.path), logger: quietLogger)
            try await manager.createTopic("events", partitions: 2, config: ["segment.bytes": "1024"])
            let log = try await manager.requireLog(TopicPartition("events", 1))
            for n in 0..<20 { _ = try await log.append(try makeBatch(first: n * 3, count: 3)) }
            try await manager.close()
        }
        #expect(FileManager.default.fileExists(atPath: dir.path + "/.clean-shutdown"))
        let checkpoint = try String(contentsOfFile: dir.path + "/recovery-point-offset-checkpoint", encoding: .utf8)
        #expect(checkpoint.hasPrefix("0\n2\n"))
        #expect(checkpoint.contains("events 1 60"))
        do {
            let manager = try LogManager(configuration: .init(dataDirectory: dir.path), logger: quietLogger)
            #expect(manager.hadCleanShutdown)
            #expect(!FileManager.default.fileExists(atPath: dir.path + "/.clean-shutdown"), "the marker is consumed")
            #expect(await manager.topic("events")?.partitionCount == 2)
            #expect(try await manager.config(of: "events").segmentBytes == 1024)
            let log = try await manager.requireLog(TopicPartition("events", 1))
            #expect(await log.logEndOffset == 60)
            _ = try await log.append(try makeBatch(first: 60, count: 3))
            // No close: the next open is unclean and must recover the tail.
        }
        let manager = try LogManager(configuration: .init(dataDirectory: dir.path), logger: quietLogger)
        #expect(!manager.hadCleanShutdown)
        let log = try await manager.requireLog(TopicPartition("events", 1))
        #expect(await log.logEndOffset == 63)
        #expect(records(of: try await readAll(log)).map(\.offset) == Array(0..<63))
    }

    @Test func missingOrCorruptIndexesAreRebuilt() async throws {
        let dir = TemporaryDirectory("index")
        defer { dir.remove() }
        var config = LogConfig()
        config.indexIntervalBytes = 64
        do {
            let log = try PartitionLog(
                topicPartition: TopicPartition("t", 0), directory: dir.path, config: config, needsRecovery: false,
                logger: quietLogger)
            for n in 0..<50 { _ = try await log.append(try makeBatch(first: n * 3, count: 3)) }
            try await log.close()
        }
        try FileManager.default.removeItem(atPath: dir.path + "/00000000000000000000.timeindex")
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: dir.path + "/00000000000000000000.index"))
        let log = try PartitionLog(
            topicPartition: TopicPartition("t", 0), directory: dir.path, config: config, needsRecovery: false,
            logger: quietLogger)
        #expect(await log.logEndOffset == 150)
        for offset in stride(from: Int64(0), to: 150, by: 11) {
            let batches = try RecordBatch.decodeAll(try await log.read(from: offset, maxBytes: 1).readBytes())
            #expect(batches.first.map { $0.baseOffset <= offset && $0.lastOffset >= offset } == true)
        }
        #expect(try await log.offset(forTimestamp: 1_800_000_000_001)?.offset == 1)
    }

    @Test func interruptedCompactionSwapIsCompletedOrDiscarded() async throws {
        let dir = TemporaryDirectory("swap")
        defer { dir.remove() }
        do {
            let log = try openPartitionT0(dir.path)
            _ = try await log.append(try makeBatch(first: 0, count: 3))
            try await log.close()
        }
        let segment = dir.path + "/00000000000000000000.log"
        // A leftover .cleaned file is discarded; a .swap file is what compaction finished, so it replaces the log.
        try Data([9, 9, 9]).write(to: URL(fileURLWithPath: segment + ".cleaned"))
        let replacement = try makeBatch(first: 100, count: 1)
        try Data(replacement.readableBytesView).write(to: URL(fileURLWithPath: segment + ".swap"))
        let log = try PartitionLog(
            topicPartition: TopicPartition("t", 0), directory: dir.path, config: LogConfig(), needsRecovery: true,
            logger: quietLogger)
        #expect(!FileManager.default.fileExists(atPath: segment + ".cleaned"))
        #expect(!FileManager.default.fileExists(atPath: segment + ".swap"))
        #expect(records(of: try await readAll(log)).map(\.value) == ["value-100"])
    }
}

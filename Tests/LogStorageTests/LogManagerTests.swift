import Foundation
import KafkaRecords
import LogStorage
import NIOCore
import Testing

@Suite struct LogManagerTests {
    @Test func topicLifecycleIsPersisted() async throws {
        let dir = TemporaryDirectory("topics")
        defer { dir.remove() }
        do {
            let manager = try LogManager(configuration: .init(dataDirectory: dir.path), logger: quietLogger)
            try await manager.createTopic("orders", partitions: 3, config: ["cleanup.policy": "compact"])
            try await manager.createTopic("logs.app-1_x", partitions: 1)
            await #expect(throws: LogStorageError.self) { try await manager.createTopic("orders", partitions: 1) }
            await #expect(throws: LogStorageError.self) { try await manager.createTopic("bad/name", partitions: 1) }
            await #expect(throws: LogStorageError.self) { try await manager.createTopic("..", partitions: 1) }
            await #expect(throws: LogStorageError.self) { try await manager.createTopic("zero", partitions: 0) }
            do {
                try await manager.createTopic("typo", partitions: 1, config: ["retention.msec": "5"])
                Issue.record("an unknown config key was accepted")
            } catch {
                #expect(error.code == .invalidConfig)
                #expect(error.message.contains("retention.msec"))
            }
            try await manager.createPartitions("orders", count: 5)
            await #expect(throws: LogStorageError.self) { try await manager.createPartitions("orders", count: 2) }
            try await manager.alterTopicConfig("logs.app-1_x", overrides: ["retention.ms": "1000"])
            _ = try await manager.requireLog(TopicPartition("orders", 4)).append(try makeBatch())
            try await manager.deleteTopic("logs.app-1_x")
            #expect(!FileManager.default.fileExists(atPath: dir.path + "/logs.app-1_x-0"))
            try await manager.close()
        }
        let manager = try LogManager(configuration: .init(dataDirectory: dir.path), logger: quietLogger)
        #expect(await manager.allTopics.map(\.name) == ["orders"])
        #expect(await manager.topic("orders")?.partitionCount == 5)
        #expect(try await manager.config(of: "orders").cleanupPolicy == .compact)
        #expect(try await manager.requireLog(TopicPartition("orders", 4)).logEndOffset == 3)
        await #expect(throws: LogStorageError.self) { try await manager.requireLog(TopicPartition("orders", 5)) }
        try await manager.close()
    }

    @Test func flushMsFlushesInTheBackground() async throws {
        let dir = TemporaryDirectory("flush-ms")
        defer { dir.remove() }
        let clock = ManualClock()
        var configuration = LogManager.Configuration(dataDirectory: dir.path)
        configuration.flushSchedulerIntervalMs = 10
        let manager = try LogManager(configuration: configuration, clock: clock.read, logger: quietLogger)
        try await manager.createTopic("t", partitions: 1, config: ["flush.ms": "500"])
        let log = try await manager.requireLog(TopicPartition("t", 0))
        _ = try await log.append(try makeBatch(count: 2))
        let background = Task { await manager.runBackgroundTasks() }
        try await Task.sleep(nanoseconds: 100_000_000)
        #expect(await log.recoveryPoint == 0, "not yet due")
        clock.advance(by: 600)
        var waited = 0
        while await log.recoveryPoint == 0 && waited < 200 {
            try await Task.sleep(nanoseconds: 10_000_000)
            waited += 1
        }
        #expect(await log.recoveryPoint == 2)
        background.cancel()
        await background.value
        try await manager.close()
    }

    @Test func configValuesAreValidatedWithKafkaNames() throws {
        let defaults = LogConfig()
        #expect(defaults.segmentBytes == 1_073_741_824)
        #expect(defaults.retentionMs == 604_800_000)
        #expect(defaults.maxMessageBytes == 1_048_588)
        let parsed = try defaults.applying([
            "cleanup.policy": "compact,delete", "segment.ms": "1000", "message.timestamp.type": "LogAppendTime",
        ])
        #expect(parsed.cleanupPolicy == .compactAndDelete)
        #expect(parsed.usesLogAppendTime)
        #expect(throws: LogStorageError.self) { try defaults.applying(["segment.bytes": "ten"]) }
        #expect(throws: LogStorageError.self) { try defaults.applying(["cleanup.policy": "shred"]) }
        #expect(throws: LogStorageError.self) { try defaults.applying(["retention.ms": "-5"]) }
        #expect(throws: LogStorageError.self) { try defaults.applying(["message.timestamp.type": "Now"]) }
        #expect(Set(defaults.properties.keys) == Set(LogConfig.keys))
    }
}

import ConnectAPI
import Foundation
import Testing

@Suite("Connector SPI is implementable")
struct ConnectorSPITests {
    @Test func sourceRunsFromItsStoredOffset() async throws {
        guard case .source(let connector) = lineSourcePlugin.makeConnector() else {
            Issue.record("expected a source connector")
            return
        }
        let connectorContext = FakeConnectorContext()
        let config = ["lines": "a,b,c,d,e", "topic": "lines", "batch.size": "2"]
        try await connector.start(config: config, context: connectorContext)
        let taskConfigs = try await connector.taskConfigs(maxTasks: 4)
        #expect(taskConfigs == [config])
        #expect(connector.exactlyOnceSupport(config: config) == .supported)
        #expect(connector.canDefineTransactionBoundaries(config: config) == .unsupported)

        let task = connector.makeTask()
        let reader = MemoryOffsetReader(stored: [LineSourceTask.partition: ["position": 1]])
        try await task.start(config: taskConfigs[0], context: FakeSourceTaskContext(configs: taskConfigs[0], offsetStorageReader: reader))

        let first = try await task.poll()
        #expect(first.map(\.value) == ["b", "c"])
        #expect(first.map(\.sourceOffset) == [["position": 2], ["position": 3]])
        #expect(first.allSatisfy { $0.sourcePartition == ["source": "memory"] && $0.topic == "lines" })
        #expect(first.first?.headers.lastWithName("line.number")?.value == .int64(2))
        for (index, record) in first.enumerated() {
            try await task.commitRecord(record, metadata: .init(topic: "lines", partition: 0, offset: Int64(index), timestamp: nil))
        }
        try await task.commit()
        let second = try await task.poll()
        #expect(second.map(\.value) == ["d", "e"])
        try await task.stop()
        try await connector.stop()
        let source = try #require(task as? LineSourceTask)
        #expect(await source.acknowledged == [0, 1])
        #expect(await source.commits == 1)
    }

    @Test func sourcePollHonoursCancellation() async throws {
        let task = LineSourceTask()
        try await task.start(
            config: ["lines": "", "topic": "t"],
            context: FakeSourceTaskContext(configs: [:], offsetStorageReader: MemoryOffsetReader(stored: [:]))
        )
        let polling = Task { try await task.poll() }
        polling.cancel()
        await #expect(throws: CancellationError.self) { try await polling.value }
        try await task.stop()
    }

    @Test func connectorStartRejectsBadConfig() async {
        let connector = LineSourceConnector()
        let error = await #expect(throws: ConnectError.self) {
            try await connector.start(config: ["lines": "a"], context: FakeConnectorContext())
        }
        #expect(error?.message == "Missing required configuration \"topic\" which has no default value.")
        let values = await connector.validate(["lines": "a", "batch.size": "0"])
        #expect(values.errorCount == 2)
    }

    @Test func contextRequestsReachTheRuntime() {
        let context = FakeConnectorContext()
        context.requestTaskReconfiguration()
        context.raiseError(ConnectError.connect("lost connection"))
        #expect(context.reconfigurations == 1)
    }

    @Test func sinkCommitsOnlyWhatIsDurable() async throws {
        let orders0 = TopicPartitionRef(topic: "orders", partition: 0)
        let orders1 = TopicPartitionRef(topic: "orders", partition: 1)
        let task = MemoryTableSinkTask(storedPositions: [orders1: 17])
        let context = FakeSinkTaskContext(configs: ["table": "orders"], assignment: [orders0, orders1])
        try await task.start(config: context.configs, context: context)
        try await task.open(partitions: context.assignment)
        #expect(context.requests.seeks == [orders1: 17])

        let batch = (0..<3).map { offset in
            SinkRecord(topic: "orders", kafkaPartition: 0, keySchema: .int64, key: .int64(offset % 2),
                       valueSchema: .string, value: .string("v\(offset)"), kafkaOffset: offset)
        }
        try await task.put(batch)
        #expect(await task.durableOffsets.isEmpty)
        let committed = try await task.preCommit(currentOffsets: [orders0: OffsetAndMetadata(offset: 3)])
        #expect(committed == [orders0: OffsetAndMetadata(offset: 3)])
        #expect(await task.rows == [.int64(0): "v2", .int64(1): "v1"])

        let busy = SinkRecord(topic: "orders", kafkaPartition: 0, valueSchema: .string, value: "unavailable", kafkaOffset: 3)
        let error = await #expect(throws: ConnectError.self) { try await task.put([busy]) }
        #expect(error?.isRetriable == true)
        #expect(context.requests.timeoutMilliseconds == 250)

        context.pause([orders0])
        context.resume([orders0])
        context.requestCommit()
        #expect(context.requests.paused.isEmpty && context.requests.commitRequests == 1)

        try await task.close(partitions: [orders0])
        #expect(await task.opened == [orders1])
        try await task.stop()
    }

    @Test func defaultPreCommitFlushesAndReturnsCurrentOffsets() async throws {
        final class WritesInPut: SinkTask, @unchecked Sendable {
            // Only touched by the test's single sequential caller.
            var written: [SinkRecord] = []
            let version = "1"
            func start(config: [String: String], context: any SinkTaskContext) async throws {}
            func put(_ records: [SinkRecord]) async throws { written += records }
            func stop() async throws {}
        }
        let task = WritesInPut()
        let offsets = [TopicPartitionRef(topic: "t", partition: 0): OffsetAndMetadata(offset: 10)]
        #expect(try await task.preCommit(currentOffsets: offsets) == offsets)
        try await task.open(partitions: [])
        try await task.close(partitions: [])
    }

    @Test func sinkConnectorAddsItsOwnValidation() async throws {
        guard case .sink(let connector) = memoryTableSinkPlugin.makeConnector() else {
            Issue.record("expected a sink connector")
            return
        }
        try await connector.start(config: ["table": "t"], context: FakeConnectorContext())
        #expect(try await connector.taskConfigs(maxTasks: 2).count == 2)
        #expect(connector.makeTask().version == "0.9.0")
        let values = await connector.validate(["table": "forbidden"])
        #expect(values["table"]?.errors == ["Table forbidden is reserved"])
        #expect(try await connector.alterOffsets(config: [:], offsets: [TopicPartitionRef(topic: "t", partition: 0): nil]) == false)
    }

    @Test func pluginsDescribeThemselves() throws {
        #expect(lineSourcePlugin.type == .source)
        #expect(memoryTableSinkPlugin.type == .sink)
        #expect(lineSourcePlugin.acceptedNames == [
            "io.tributary.connect.test.LineSourceConnector", "Lines", "LineSourceConnector", "LineSource",
        ])
        #expect(lineSourcePlugin.matches("LineSource"))
        #expect(!lineSourcePlugin.matches("MemoryTableSink"))
        #expect(memoryTableSinkPlugin.matches("MemoryTableSink"))
        #expect(lineSourcePlugin.configDefinition.names == ["lines", "topic", "batch.size"])
        #expect(lineSourcePlugin.makeConnector().connector.version == "1.2.3")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try String(decoding: encoder.encode(lineSourcePlugin.info), as: UTF8.self)
        #expect(json == #"{"class":"io.tributary.connect.test.LineSourceConnector","type":"source","version":"1.2.3"}"#)
    }
}

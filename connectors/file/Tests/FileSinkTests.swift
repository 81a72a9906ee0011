import ConnectAPI
import Foundation
import Glibc
import Testing

@testable import FileConnector

@Suite("FileSink")
struct FileSinkTests {
    func record(_ value: ConnectValue, offset: Int64 = 0, schema: Schema? = nil) -> SinkRecord {
        SinkRecord(topic: "t", kafkaPartition: 0, valueSchema: schema, value: value, kafkaOffset: offset)
    }

    func started(_ path: String) async throws -> FileSinkTask {
        let task = FileSinkTask()
        let config = ["file": path, "topics": "t"]
        try await task.start(config: config, context: TestSinkTaskContext(configs: config))
        return task
    }

    func contents(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func writesOneLinePerRecordInKafkasToStringForm() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("out.txt")
        let task = try await started(path)
        let schema = try SchemaBuilder.struct().name("Row").field("id", .int32).field("name", .string).build()
        let row = try Struct(schema: schema).putting("id", .int32(7)).putting("name", .string("x"))
        try await task.put([
            record(.string("plain line"), schema: .string),
            record(ConnectValue(bytes: Array("bytes ok".utf8) + [0xFF])),
            record(.int64(42)),
            record(.null),
            record(.array([.int32(1), .int32(2)])),
            record(.struct(row)),
        ])
        try await task.flush(currentOffsets: [:])
        let lines = try contents(path).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 7)
        #expect(lines[0] == "plain line")
        #expect(lines[1] == "bytes ok\u{FFFD}")
        #expect(lines[2] == "42")
        #expect(lines[3] == "null")
        #expect(lines[4] == "[1, 2]")
        #expect(lines[5] == ConnectValue.struct(row).description)
        #expect(lines[6] == "")
        try await task.stop()
    }

    @Test func putBuffersAndFlushWritesAndSyncs() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("out.txt")
        let task = try await started(path)
        try await task.put((0..<100).map { record(.string("line \($0)"), offset: Int64($0)) })
        // Small batches stay in memory until the runtime flushes before committing offsets.
        #expect(try contents(path).isEmpty)
        #expect(task.syncCount == 0)
        let partition = TopicPartitionRef(topic: "t", partition: 0)
        let committed = try await task.preCommit(currentOffsets: [partition: OffsetAndMetadata(offset: 100)])
        #expect(committed == [partition: OffsetAndMetadata(offset: 100)])
        #expect(task.syncCount == 1)
        #expect(try contents(path) == (0..<100).map { "line \($0)\n" }.joined())
        try await task.flush(currentOffsets: [:])
        #expect(task.syncCount == 2)
        try await task.stop()
    }

    @Test func largeBatchesAreWrittenBeforeTheFlush() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("out.txt")
        let task = try await started(path)
        let line = String(repeating: "x", count: 199)
        try await task.put((0..<6_000).map { record(.string(line), offset: Int64($0)) })
        let size = try #require(FileStatus.of(path: path)?.size)
        #expect(size >= Int64(SinkOutputFile.writeThreshold))
        #expect(size % 200 == 0, "writes end at line boundaries")
        try await task.stop()
        let finalSize = try #require(FileStatus.of(path: path)).size
        #expect(finalSize == 1_200_000)
    }

    @Test func appendsToAnExistingFileAndStopFlushes() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("out.txt")
        try append("existing\n", to: path)
        let task = try await started(path)
        try await task.put([record(.string("new"))])
        try await task.stop()
        #expect(try contents(path) == "existing\nnew\n")
    }

    @Test func unopenableFileFailsStartInKafkasWords() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("missing-directory/out.txt")
        let task = FileSinkTask()
        let config = ["file": path]
        let error = try await #require(throws: ConnectError.self) {
            try await task.start(config: config, context: TestSinkTaskContext(configs: config))
        }
        #expect(error.message == "Couldn't find or create file '\(path)' for FileStreamSinkTask")
        #expect(error.cause?.contains("No such file or directory") == true)
        await #expect(throws: ConnectError.self) { try await task.put([record(.string("x"))]) }
    }

    @Test func connectorRunsOneTaskAndDefinesFile() async throws {
        let connector = FileSinkConnector()
        let config = ["file": "/tmp/out.txt", "topics": "a,b"]
        try await connector.start(config: config, context: TestConnectorContext())
        #expect(try await connector.taskConfigs(maxTasks: 3) == [config])
        #expect(connector.config.names == ["file"])
        #expect(connector.config["file"]?.hasDefault == true)
        #expect(await connector.validate(config).errorCount == 0)
        #expect(try FileSinkConfig(properties: [:]).path == nil)
    }
}

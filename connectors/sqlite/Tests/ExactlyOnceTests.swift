import ConnectAPI
import Testing

@testable import SQLiteConnector

@Suite("SQLiteSink exactly once")
struct ExactlyOnceTests {
    static let settings = [
        "topics": "t", "auto.create": "true", "insert.mode": "upsert", "pk.mode": "record_key", "batch.size": "4",
    ]

    func records(_ range: Range<Int64>, partition: Int32 = 0) throws -> [SinkRecord] {
        try range.map { offset in
            let id = Int64(partition) * 100 + offset % 5
            let seq = Int64(partition) * 1000 + offset
            return try Records.json(
                partition: partition, offset: offset, key: #"{"id":\#(id)}"#, value: #"{"id":\#(id),"seq":\#(seq)}"#,
                schemas: false)
        }
    }

    @Test func aRestartSeeksToTheStoredOffsetsAndSkipsWhatWasWritten() async throws {
        let dir = try TemporaryDirectory()
        let probe = DatabaseProbe(path: dir.database)
        try probe.execute("""
            CREATE TABLE t (id INTEGER PRIMARY KEY, seq INTEGER);
            CREATE TABLE applied (seq INTEGER);
            CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN INSERT INTO applied VALUES (new.seq); END;
            CREATE TRIGGER t_upd AFTER UPDATE ON t BEGIN INSERT INTO applied VALUES (new.seq); END;
            """)
        let p0 = TopicPartitionRef(topic: "t", partition: 0)
        let p1 = TopicPartitionRef(topic: "t", partition: 1)

        let (first, firstContext) = try await startedTask(dir, Self.settings)
        try await first.open(partitions: [p0, p1])
        #expect(firstContext.seeks.isEmpty, "nothing stored yet")
        try await first.put(try records(0..<10) + records(0..<3, partition: 1))
        let committed = try await first.preCommit(currentOffsets: [
            p0: OffsetAndMetadata(offset: 10), p1: OffsetAndMetadata(offset: 3),
        ])
        #expect(committed == [p0: OffsetAndMetadata(offset: 10), p1: OffsetAndMetadata(offset: 3)])
        // A crash: the task is never stopped, the consumer group never got an offset commit.

        let (second, secondContext) = try await startedTask(dir, Self.settings)
        try await second.open(partitions: [p0, p1])
        #expect(secondContext.seeks == [p0: 10, p1: 3])
        // The runtime redelivers from an older group offset anyway: everything below the stored offsets is skipped.
        try await second.put(try records(5..<14) + records(0..<4, partition: 1))
        #expect(await second.counters.skippedAsWritten == 8)
        #expect(try probe.rows("SELECT seq, count(*) FROM applied GROUP BY seq HAVING count(*) > 1").isEmpty)
        #expect(try probe.rows("SELECT count(*), count(DISTINCT seq) FROM applied") == [[.integer(18), .integer(18)]])
        #expect(try probe.rows("SELECT topic, \"partition\", next_offset FROM tributary_sink_offsets ORDER BY \"partition\"") == [
            [.text("t"), .integer(0), .integer(14)], [.text("t"), .integer(1), .integer(4)],
        ])
        #expect(try await second.preCommit(currentOffsets: [p0: OffsetAndMetadata(offset: 14)]) == [p0: OffsetAndMetadata(offset: 14)])
        try await second.stop()
    }

    @Test func offsetsAreKeptPerConnectorName() async throws {
        let dir = try TemporaryDirectory()
        let p0 = TopicPartitionRef(topic: "t", partition: 0)
        let (a, _) = try await startedTask(dir, Self.settings.merging(["name": "a"]) { $1 })
        try await a.put(try records(0..<3))
        try await a.stop()
        let (b, bContext) = try await startedTask(dir, Self.settings.merging(["name": "b"]) { $1 })
        try await b.open(partitions: [p0])
        #expect(bContext.seeks.isEmpty)
        try await b.stop()
        let (again, againContext) = try await startedTask(dir, Self.settings.merging(["name": "a"]) { $1 })
        try await again.open(partitions: [p0])
        #expect(againContext.seeks == [p0: 3])
        try await again.stop()
    }

    @Test func anErrantRecordWithoutToleranceFailsAndCommitsNothingOfItsTransaction() async throws {
        let dir = try TemporaryDirectory()
        let (task, _) = try await startedTask(dir, Self.settings.merging(["batch.size": "100"]) { $1 }, tolerant: false)
        var batch = try records(0..<3)
        batch.append(try Records.json(offset: 3, key: nil, value: #"{"id":9}"#, schemas: false))
        await #expect(throws: ConnectError.self) { try await task.put(batch) }
        let probe = DatabaseProbe(path: dir.database)
        #expect(try probe.rows("SELECT count(*) FROM tributary_sink_offsets") == [[.integer(0)]])
        #expect(try probe.rows("SELECT count(*) FROM sqlite_master WHERE name = 't'") == [[.integer(0)]], "CREATE rolled back")
        try await task.stop()
    }

    @Test func errantRecordsCountAsConsumed() async throws {
        let dir = try TemporaryDirectory()
        let p0 = TopicPartitionRef(topic: "t", partition: 0)
        let (task, context) = try await startedTask(dir, Self.settings)
        try await task.put([try Records.json(offset: 0, key: nil, value: #"{"id":9}"#, schemas: false)])
        #expect(try #require(context.reporter).all.count == 1)
        #expect(try await task.preCommit(currentOffsets: [p0: OffsetAndMetadata(offset: 1)]) == [p0: OffsetAndMetadata(offset: 1)])
        try await task.stop()
    }
}

import ConnectAPI
import Foundation
import Glibc
import Testing

@testable import FileConnector

@Suite("FileTailSource task")
struct FileTailSourceTaskTests {
    /// A config for small test files: 16-byte fingerprints, fast scans and polls.
    static func config(_ files: String, _ extra: [String: String] = [:]) -> [String: String] {
        var config = [
            "files": files, "topic": "lines", "fingerprint.bytes": "16", "scan.interval.ms": "0",
            "poll.interval.ms": "5", "rotate.wait.ms": "0",
        ]
        config.merge(extra) { $1 }
        return config
    }

    @Test func recordsAreStringLinesKeyedByPathWithHeadersAndExactOffsets() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append(sequenceLines(0..<3) + "partial", to: path)
        let task = try await startedSourceTask(Self.config(path), store: MemoryOffsetStore())
        let records = try await task.poll()
        #expect(records.map(\.text) == ["seq=000000 payload", "seq=000001 payload", "seq=000002 payload"])
        let lineLength = Int64("seq=000000 payload\n".utf8.count)
        for (index, record) in records.enumerated() {
            #expect(record.topic == "lines")
            #expect(record.valueSchema == .string)
            #expect(record.keySchema == .string)
            #expect(record.key == .string(path))
            #expect(record.timestamp == nil)
            #expect(record.kafkaPartition == nil)
            #expect(record.headers.lastWithName("file")?.value == .string(path))
            #expect(record.headers.lastWithName("offset")?.value == .string(String(Int64(index) * lineLength)))
            #expect(record.sourceOffset?["position"] == .int(Int64(index + 1) * lineLength))
            #expect(record.sourceOffset?["filename"] == .string(path))
            let fingerprint = try #require(record.sourcePartition.flatMap(FileTailOffsets.fingerprint(of:)))
            #expect(fingerprint.headLength == 16)
        }
        #expect(Set(records.compactMap(\.sourcePartition)).count == 1)
        // The unfinished line is returned once its newline arrives.
        try append("\n", to: path)
        #expect(try await task.poll().map(\.text) == ["partial"])
        try await task.stop()
    }

    @Test func keyNoneAndHeadersDisabledGiveKafkaShapedRecords() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append(sequenceLines(0..<2), to: path)
        let config = Self.config(path, ["key": "none", "headers.enable": "false"])
        let task = try await startedSourceTask(config, store: MemoryOffsetStore())
        let records = try await task.poll()
        #expect(records.count == 2)
        #expect(records.allSatisfy { $0.key == .null && $0.keySchema == nil && $0.headers.isEmpty })
        try await task.stop()
    }

    @Test func pollReturnsAtMostBatchSizeRecords() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append(sequenceLines(0..<25), to: path)
        let task = try await startedSourceTask(Self.config(path, ["batch.size": "10"]), store: MemoryOffsetStore())
        #expect(try await task.poll().count == 10)
        #expect(try await task.poll().count == 10)
        #expect(try await task.poll().compactMap(\.sequence) == Array(20..<25))
        try await task.stop()
    }

    @Test func emptyPollWaitsForNewLinesFirst() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append(sequenceLines(0..<1), to: path)
        let task = try await startedSourceTask(Self.config(path, ["poll.interval.ms": "100"]), store: MemoryOffsetStore())
        #expect(try await task.poll().count == 1)
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try await task.poll().isEmpty)
        let elapsed = clock.now - start
        // It waits for new lines before giving up (the upper bound, about a second, is not asserted: under a loaded
        // test run the scheduler alone can take longer).
        #expect(elapsed >= .milliseconds(900), "empty poll took \(elapsed)")
        try await task.stop()
    }

    @Test func pollPicksUpLinesWrittenWhileItWaits() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append(sequenceLines(0..<1), to: path)
        let task = try await startedSourceTask(Self.config(path), store: MemoryOffsetStore())
        #expect(try await task.poll().count == 1)
        async let later: Void = {
            try await Task.sleep(for: .milliseconds(200))
            try append(sequenceLines(1..<2), to: path)
        }()
        // A poll in progress picks the line up (no timing assertion: under CI load the write itself may come late,
        // so empty polls are allowed before it, but the line arrives once and alone).
        var records: [SourceRecord] = []
        for _ in 0..<20 where records.isEmpty {
            records = try await task.poll()
        }
        try await later
        #expect(records.compactMap(\.sequence) == [1])
        try await task.stop()
    }

    /// A cancelled poll ends with no records and no error (how fast is not asserted: timing belongs to benchmarks).
    @Test func cancelledPollReturnsEmpty() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append(sequenceLines(0..<1), to: path)
        let task = try await startedSourceTask(Self.config(path, ["poll.interval.ms": "1000"]), store: MemoryOffsetStore())
        #expect(try await task.poll().count == 1)
        let polling = Task { try await task.poll() }
        try await Task.sleep(for: .milliseconds(50))
        polling.cancel()
        #expect(try await polling.value.isEmpty)
        try await task.stop()
    }

    @Test func resumesExactlyAfterTheLastCommittedRecord() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append(sequenceLines(0..<10), to: path)
        let store = MemoryOffsetStore()
        let first = try await startedSourceTask(Self.config(dir.file("*.log")), store: store)
        let records = try await first.poll()
        #expect(records.count == 10)
        // Only the first seven records were acknowledged by the broker before the task stopped.
        store.commit(records.prefix(7))
        try await first.stop()

        try append(sequenceLines(10..<12), to: path)
        let second = try await startedSourceTask(Self.config(dir.file("*.log")), store: store)
        let resumed = try await second.drain(committingTo: store)
        #expect(resumed.compactMap(\.sequence) == Array(7..<12))
        #expect(resumed.first?.sourcePartition == records[0].sourcePartition)
        #expect(resumed.first?.headers.lastWithName("offset")?.value == records[6].sourceOffset?["position"].map { .string($0.description) })
        #expect(store.lookups.first?.contains(records[0].sourcePartition ?? [:]) == true)
        try await second.stop()
    }

    @Test func fileRenamedWhileStoppedKeepsItsOffsetAndIsNotReadAgain() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append(sequenceLines(0..<10), to: path)
        let store = MemoryOffsetStore()
        let config = Self.config(dir.file("app.log*"))
        let first = try await startedSourceTask(config, store: store)
        #expect(try await first.drain(committingTo: store).count == 10)
        try await first.stop()

        // Rotated while stopped: more lines reach the old file, then it is renamed and a new file created.
        try append(sequenceLines(10..<13), to: path)
        try rename(path, path + ".1")
        try append(sequenceLines(13..<16), to: path)
        let second = try await startedSourceTask(config, store: store)
        let resumed = try await second.drain(committingTo: store)
        let sequence = checkRecordOrderAndUniqueness(resumed)
        #expect(Set(sequence) == Set(10..<16))
        #expect(resumed.filter { $0.key == .string(path + ".1") }.compactMap(\.sequence) == [10, 11, 12])
        try await second.stop()
    }

    @Test func copytruncateWhileStoppedContinuesOnTheCopy() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append(sequenceLines(0..<10), to: path)
        let store = MemoryOffsetStore()
        let config = Self.config(dir.file("app.log*"))
        let first = try await startedSourceTask(config, store: store)
        #expect(try await first.drain(committingTo: store).count == 10)
        try await first.stop()

        try append(sequenceLines(10..<15), to: path)
        try copyFile(path, path + ".1")
        try overwrite(path, with: sequenceLines(15..<20))
        let second = try await startedSourceTask(config, store: store)
        let resumed = try await second.drain(committingTo: store)
        let sequence = checkRecordOrderAndUniqueness(resumed)
        #expect(sequence.sorted() == Array(10..<20))
        try await second.stop()
    }

    @Test func copyShorterThanWhatWasReadIsNotReadAgainAfterARestart() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        let store = MemoryOffsetStore()
        let config = Self.config(dir.file("app.log*"))
        // copytruncate's copy is taken, then two more lines reach the original and are read before the
        // truncation: the copy is shorter than the committed position of its content.
        try append(sequenceLines(0..<8), to: path)
        try copyFile(path, path + ".1")
        try append(sequenceLines(8..<10), to: path)
        let first = try await startedSourceTask(Self.config(path), store: store)
        #expect(try await first.drain(committingTo: store).count == 10)
        try await first.stop()

        try overwrite(path, with: sequenceLines(20..<25))
        let second = try await startedSourceTask(config, store: store)
        let resumed = try await second.drain(committingTo: store)
        #expect(checkRecordOrderAndUniqueness(resumed) == Array(20..<25))
        try append(sequenceLines(8..<9), to: path + ".1")
        #expect(try await second.poll().compactMap(\.sequence) == [8], "the skipped copy is tailed from its end")
        try await second.stop()
    }

    @Test func newFileWithTheSameHeadAtTheSamePathIsReadFromItsStart() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        let store = MemoryOffsetStore()
        let config = Self.config(path)
        try append(sequenceLines(0..<10), to: path)
        let first = try await startedSourceTask(config, store: store)
        #expect(try await first.drain(committingTo: store).count == 10)
        try await first.stop()

        // Rotated away and deleted while stopped; the new file starts with the same bytes but is shorter.
        try rename(path, path + ".1")
        unlink(path + ".1")
        try append(sequenceLines(0..<3), to: path)
        let second = try await startedSourceTask(config, store: store)
        #expect(try await second.drain(committingTo: store).compactMap(\.sequence) == [0, 1, 2])
        try await second.stop()
    }

    @Test func readFromEndSkipsExistingLinesOfUnknownFiles() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append(sequenceLines(0..<5), to: path)
        let task = try await startedSourceTask(Self.config(path, ["read.from": "end"]), store: MemoryOffsetStore())
        #expect(try await task.poll().isEmpty)
        try append(sequenceLines(5..<7), to: path)
        #expect(try await task.poll().compactMap(\.sequence) == [5, 6])
        try await task.stop()
    }

    @Test func multilineKeysJoinContinuationLines() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append("2024-01-01 first\n  at a\n  at b\n2024-01-02 second\n2024-01-03 third\n", to: path)
        let config = Self.config(path, ["multiline.pattern": "^[[:space:]]", "multiline.match": "after"])
        let task = try await startedSourceTask(config, store: MemoryOffsetStore())
        let records = try await task.drain(committingTo: nil)
        #expect(records.map(\.text).prefix(2) == ["2024-01-01 first\n  at a\n  at b", "2024-01-02 second"])
        try await task.stop()
    }

    @Test func stoppedTaskPollsNothing() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append(sequenceLines(0..<5), to: path)
        let task = try await startedSourceTask(Self.config(path), store: MemoryOffsetStore())
        try await task.stop()
        #expect(try await task.poll().isEmpty)
    }

    @Test func badConfigurationFailsStartWithAConfigError() async throws {
        let task = FileTailSourceTask()
        let config = ["file": "/tmp/x.log", "topic": "a,b"]
        await #expect {
            try await task.start(
                config: config,
                context: TestSourceTaskContext(configs: config, offsetStorageReader: MemoryOffsetStore())
            )
        } throws: { error in
            (error as? ConnectError)?.code == .config
        }
    }
}

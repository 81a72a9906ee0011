import ConnectAPI
import Glibc
import Testing

@testable import FileConnector

/// Lines `seq=<n>;` (7 bytes for n < 10, 8 below 100): `shortSequenceLines(0..<100)` is 790 bytes.
func shortSequenceLines(_ range: Range<Int>) -> String {
    range.map { "seq=\($0);\n" }.joined()
}

/// The first-line fingerprint rule (Vector's checksum rule): a file is identified by its first line, or its
/// first `fingerprint.bytes` bytes when that line is longer, and is read as soon as that head is complete.
@Suite("FileTailer first-line fingerprints")
struct FirstLineFingerprintTests {
    @Test func headIsTheFirstLineOrTheLimit() {
        func head(_ text: String, limit: Int) -> FileHead? {
            Array(text.utf8).withUnsafeBytes { FileHead.measure($0, limit: limit) }
        }
        #expect(head("ab\ncd\n", limit: 1024)?.length == 3)
        #expect(head("ab\ncd\n", limit: 2)?.length == 2)
        #expect(head("ab\ncd\n", limit: 3)?.length == 3)
        #expect(head("\nrest", limit: 8)?.length == 1)
        #expect(head("abcdefgh", limit: 8)?.length == 8)
        #expect(head("abcdefg", limit: 8) == nil)
        #expect(head("", limit: 8) == nil)
        #expect(head("ab\ncd\n", limit: 1024) == head("ab\nxy", limit: 1024))
        #expect(head("ab\ncd\n", limit: 1024) != head("ax\ncd\n", limit: 1024))
    }

    @Test func smallFileOfShortLinesIsReadCompletelyAtOnce() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        let text = shortSequenceLines(0..<100)
        #expect(text.utf8.count == 790)
        try append(text, to: path)
        var tailer = try FileTailer(configuration: FileTailerConfiguration(paths: [path]))
        let lines = tailer.poll()
        #expect(lines.compactMap(sequenceNumber) == Array(0..<100))
        #expect(lines.last?.endPosition == 790)
        #expect(lines.first?.fingerprint.headLength == "seq=0;\n".utf8.count)
        #expect(tailer.trackedFiles.map(\.state) == [.reading])
        try append(shortSequenceLines(100..<101), to: path)
        #expect(tailer.poll().compactMap(sequenceNumber) == [100])
    }

    @Test func fileStreamSourceConfigReadsASmallFileAtOnce() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("input.txt")
        try append(shortSequenceLines(0..<100), to: path)
        // A Kafka FileStreamSource configuration, unchanged: no fingerprint or scan settings.
        let config = ["connector.class": "FileStreamSource", "file": path, "topic": "connect-test"]
        let task = try await startedSourceTask(config, store: MemoryOffsetStore())
        let records = try await task.poll()
        #expect(records.compactMap(\.sequence) == Array(0..<100))
        #expect(records.last?.sourceOffset?[FileTailOffsets.positionKey] == .int(790))
        try await task.stop()
    }

    @Test(arguments: [ReadFrom.beginning, .end])
    func incompleteFirstLineWaitsAndIsReadFromZeroOnceComplete(readFrom: ReadFrom) throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        // Found by the first scan with an unfinished first line: with read.from=end it holds no complete
        // line yet, so it too is read from byte 0 once the line is complete.
        try append("first", to: path)
        var tailer = try FileTailer(
            configuration: testConfiguration([path], fingerprintBytes: 1024, readFrom: readFrom)
        )
        #expect(tailer.poll().isEmpty)
        #expect(tailer.trackedFiles.isEmpty, "an unfinished first line cannot be fingerprinted yet")
        try append(" li", to: path)
        #expect(tailer.poll().isEmpty)
        #expect(tailer.trackedFiles.isEmpty)
        #expect(tailer.poll().isEmpty)
        try append("ne\nsecond line\nthi", to: path)
        let lines = tailer.poll()
        #expect(lines.map(\.string) == ["first line", "second line"])
        #expect(lines.first?.startPosition == 0)
        #expect(lines.first?.fingerprint.headLength == "first line\n".utf8.count)
        try append("rd line\n", to: path)
        #expect(tailer.pollTexts() == ["third line"])
        let events = tailer.takeEvents()
        #expect(events.contains { if case .opened(_, _, 0) = $0 { return true } else { return false } })
    }

    @Test func emptyFileWaitsThenIsReadFromItsStart() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append("", to: path)
        var tailer = try FileTailer(configuration: testConfiguration([path], fingerprintBytes: 1024))
        #expect(tailer.poll().isEmpty)
        #expect(tailer.trackedFiles.isEmpty)
        try append("one\ntwo\n", to: path)
        #expect(tailer.pollTexts() == ["one", "two"])
    }

    @Test func longFirstLineIsIdentifiedByItsFirstFingerprintBytes() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append("abcdefghij", to: path)
        var tailer = try FileTailer(configuration: testConfiguration([path], fingerprintBytes: 8))
        #expect(tailer.poll().isEmpty)
        #expect(tailer.trackedFiles.first?.fingerprint.headLength == 8)
        try append("k\nnext\n", to: path)
        #expect(tailer.pollTexts() == ["abcdefghijk", "next"])
    }

    @Test func filesSharingAFirstLineAreBothReadEachOnce() throws {
        let dir = try TemporaryDirectory()
        let header = "id,name\n"
        try append(header + shortSequenceLines(0..<20), to: dir.file("a.csv"))
        try append(header + shortSequenceLines(100..<105), to: dir.file("b.csv"))
        var tailer = try FileTailer(configuration: testConfiguration([dir.file("*.csv")], fingerprintBytes: 1024))
        var lines = tailer.drain()
        // c.csv holds only the header when it is first seen: as far as it goes it equals a.csv and b.csv,
        // so it cannot be told from a copy yet; it is read from its start once its rows differ.
        try append(header, to: dir.file("c.csv"))
        lines += tailer.drain()
        try append(shortSequenceLines(20..<22), to: dir.file("a.csv"))
        try append(shortSequenceLines(105..<107), to: dir.file("b.csv"))
        try append(shortSequenceLines(200..<203), to: dir.file("c.csv"))
        lines += tailer.drain()

        let rows = lines.filter { $0.string != "id,name" }
        let sequence = checkOrderAndUniqueness(rows)
        #expect(Set(sequence) == Set(Array(0..<22) + Array(100..<107) + Array(200..<203)))
        #expect(sequence.count == 22 + 7 + 3)
        #expect(lines.filter { $0.string == "id,name" }.count == 3, "each file's header once")
        let byPath = Dictionary(grouping: rows, by: \.path)
        #expect(byPath[dir.file("a.csv")]?.compactMap(sequenceNumber) == Array(0..<22))
        #expect(byPath[dir.file("b.csv")]?.compactMap(sequenceNumber) == Array(100..<107))
        #expect(byPath[dir.file("c.csv")]?.compactMap(sequenceNumber) == Array(200..<203))
        let fingerprints = Set(lines.map(\.fingerprint))
        #expect(fingerprints.count == 3)
        #expect(Set(fingerprints.map(\.checksum)).count == 1, "same head")
        #expect(Set(fingerprints.map(\.inode)).count == 3, "told apart by inode")
        #expect(lines.filter { $0.startPosition == 0 }.count == 3, "each file from its first byte")
    }

    @Test func newFileWithTheFirstLineOfAClosedOneIsRead() throws {
        let dir = try TemporaryDirectory()
        let header = "id,name\n"
        try append(header + shortSequenceLines(0..<300), to: dir.file("a.csv"))
        var tailer = try FileTailer(configuration: testConfiguration([dir.file("*.csv")], fingerprintBytes: 1024))
        #expect(tailer.drain().count == 301)
        #expect(unlink(dir.file("a.csv")) == 0)
        #expect(tailer.drain().isEmpty)
        #expect(tailer.trackedFiles.isEmpty, "a.csv is closed and remembered as retired")
        // Much shorter than what was read of a.csv: only its first bytes can be compared.
        try append(header + shortSequenceLines(500..<520), to: dir.file("b.csv"))
        let lines = tailer.drain()
        #expect(lines.first?.string == "id,name")
        #expect(lines.dropFirst().compactMap(sequenceNumber) == Array(500..<520))
    }

    @Test func renamedFileWithAShortFirstLineIsNotReadAgain() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        let banner = "start\n"
        try append(banner + shortSequenceLines(0..<10), to: path)
        var tailer = try FileTailer(
            configuration: testConfiguration([dir.file("app.log*")], fingerprintBytes: 1024, rotateWait: .seconds(30))
        )
        var clock = TestClock()
        let first = tailer.poll(now: clock.now)
        #expect(first.count == 11)
        let fingerprint = try #require(first.first?.fingerprint)
        #expect(fingerprint.headLength == banner.utf8.count)
        try rename(path, path + ".1")
        try append(shortSequenceLines(10..<12), to: path + ".1")
        try append(banner + shortSequenceLines(100..<102), to: path)
        clock.advance(milliseconds: 10)
        let second = tailer.poll(now: clock.now)
        let old = second.filter { $0.fingerprint == fingerprint }
        #expect(old.compactMap(sequenceNumber) == [10, 11])
        #expect(old.allSatisfy { $0.path == path + ".1" })
        let new = second.filter { $0.fingerprint != fingerprint }
        #expect(new.map(\.string) == ["start", "seq=100;", "seq=101;"])
        #expect(new.first?.fingerprint.checksum == fingerprint.checksum)
        #expect(tailer.takeEvents().contains(.renamed(from: path, to: path + ".1", fingerprint: fingerprint)))
        clock.advance(milliseconds: 10)
        #expect(tailer.poll(now: clock.now).isEmpty)
    }

    @Test func copytruncateWithTheSameFirstLineContinuesOnTheCopy() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.csv")
        let header = "id,name\n"
        try append(header + shortSequenceLines(10..<60), to: path)
        var tailer = try FileTailer(configuration: testConfiguration([dir.file("app.csv*")], fingerprintBytes: 1024))
        let first = tailer.poll()
        #expect(first.count == 51)
        try append(shortSequenceLines(60..<99), to: path)
        try copyFile(path, path + ".1")
        // The truncated file starts again with the same header, so its head is unchanged and it is longer
        // than what was read: only the last bytes read reveal the truncation.
        try overwrite(path, with: header + shortSequenceLines(110..<160))
        #expect((FileStatus.of(path: path)?.size ?? 0) > (first.last?.endPosition ?? .max))
        let second = tailer.drain()
        let rows = (first + second).filter { $0.string != "id,name" }
        #expect(checkOrderAndUniqueness(rows).sorted() == Array(10..<99) + Array(110..<160))
        let continued = second.filter { $0.fingerprint == first[0].fingerprint }
        #expect(continued.compactMap(sequenceNumber) == Array(60..<99))
        #expect(continued.allSatisfy { $0.path == path + ".1" })
        let restarted = second.filter { $0.fingerprint != first[0].fingerprint }
        #expect(restarted.first?.string == "id,name")
        #expect(restarted.first?.startPosition == 0)
        #expect(restarted.first?.fingerprint.generation == 1, "same head on the same inode: a new generation")
    }

    @Test func copytruncateWithANewFirstLineGetsANewFingerprint() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append(shortSequenceLines(0..<50), to: path)
        var tailer = try FileTailer(configuration: testConfiguration([dir.file("app.log*")], fingerprintBytes: 1024))
        let first = tailer.poll()
        try append(shortSequenceLines(50..<60), to: path)
        try copyFile(path, path + ".1")
        try overwrite(path, with: shortSequenceLines(60..<65))
        let second = tailer.drain()
        expectExactlyOnce(checkOrderAndUniqueness(first + second), 0..<65)
        let restarted = second.filter { $0.fingerprint != first[0].fingerprint }
        #expect(restarted.compactMap(sequenceNumber) == Array(60..<65))
        #expect(restarted.first?.fingerprint.checksum != first[0].fingerprint.checksum)
        #expect(restarted.first?.fingerprint.headLength == "seq=60;\n".utf8.count)
    }

    @Test func tailerResumesAShortFirstLineFile() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append(shortSequenceLines(0..<20), to: path)
        let configuration = testConfiguration([dir.file("*.log")], fingerprintBytes: 1024)
        var first = try FileTailer(configuration: configuration)
        let lines = first.poll()
        #expect(lines.count == 20)
        let acknowledged = lines[11]
        try rename(path, dir.file("app.old.log"))
        try append(shortSequenceLines(20..<22), to: dir.file("app.old.log"))
        var second = try FileTailer(configuration: configuration)
        second.resume(from: [acknowledged.fingerprint: acknowledged.endPosition])
        let resumed = second.poll()
        #expect(resumed.compactMap(sequenceNumber) == Array(12..<22))
        #expect(resumed.allSatisfy { $0.fingerprint == acknowledged.fingerprint })
    }
}

@Suite("FileTailSource first-line fingerprints")
struct FirstLineFingerprintSourceTests {
    /// Default `fingerprint.bytes` (1024), fast scans and polls.
    static func config(_ files: String) -> [String: String] {
        ["files": files, "topic": "lines", "scan.interval.ms": "0", "poll.interval.ms": "5", "rotate.wait.ms": "0"]
    }

    @Test func resumesAShortFirstLineFileAfterARestart() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append(shortSequenceLines(0..<100), to: path)
        let store = MemoryOffsetStore()
        let config = Self.config(dir.file("app.log*"))
        let first = try await startedSourceTask(config, store: store)
        let records = try await first.poll()
        #expect(records.count == 100)
        store.commit(records.prefix(60))
        try await first.stop()

        // More lines, then rotated (renamed) while stopped; the new file has a short first line too.
        try append(shortSequenceLines(100..<110), to: path)
        try rename(path, path + ".1")
        try append(shortSequenceLines(200..<203), to: path)
        let second = try await startedSourceTask(config, store: store)
        let resumed = try await second.drain(committingTo: store)
        let sequence = checkRecordOrderAndUniqueness(resumed)
        #expect(Set(sequence) == Set(Array(60..<110) + Array(200..<203)))
        #expect(resumed.filter { $0.key == .string(path + ".1") }.compactMap(\.sequence) == Array(60..<110))
        #expect(resumed.first { $0.key == .string(path + ".1") }?.sourcePartition == records[0].sourcePartition)
        try await second.stop()

        let third = try await startedSourceTask(config, store: store)
        #expect(try await third.poll().isEmpty)
        try await third.stop()
    }

    @Test func offsetStoredUnderAFullFingerprintBytesHeadStillResumes() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        let text = shortSequenceLines(0..<200)
        try append(text, to: path)
        let status = try #require(FileStatus.of(path: path))
        // The partition an earlier version stored: the checksum of the first 1024 bytes.
        let legacy = FileFingerprint(
            checksum: Array(text.utf8.prefix(1024)).withUnsafeBytes { FileFingerprint.checksum(of: $0) },
            headLength: 1024,
            device: status.key.device,
            inode: status.key.inode
        )
        let position = Int64(shortSequenceLines(0..<150).utf8.count)
        let store = MemoryOffsetStore([
            FileTailOffsets.partition(for: legacy): FileTailOffsets.offset(position: position, path: path)
        ])
        let config = Self.config(path)
        let first = try await startedSourceTask(config, store: store)
        let resumed = try await first.drain(committingTo: store)
        #expect(resumed.compactMap(\.sequence) == Array(150..<200))
        let fingerprint = try #require(resumed.first?.sourcePartition.flatMap(FileTailOffsets.fingerprint(of:)))
        #expect(fingerprint.headLength == "seq=0;\n".utf8.count, "continued under the first-line fingerprint")
        try await first.stop()

        // Both partitions are stored now; the newer one wins and the older one is not used again.
        try append(shortSequenceLines(200..<203), to: path)
        let second = try await startedSourceTask(config, store: store)
        #expect(try await second.drain(committingTo: store).compactMap(\.sequence) == Array(200..<203))
        try await second.stop()
    }
}

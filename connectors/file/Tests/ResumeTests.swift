import Glibc
import Testing

@testable import FileConnector

@Suite("FileTailer resume")
struct ResumeTests {
    @Test func resumesByFingerprintAfterARename() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append(sequenceLines(0..<10), to: path)
        let configuration = testConfiguration([dir.file("*.log")], fingerprintBytes: 16)
        var first = try FileTailer(configuration: configuration)
        let lines = first.poll()
        #expect(lines.count == 10)
        // The connector stored the offset of the last line the broker acknowledged: line 6.
        let acknowledged = lines[6]
        let stored = [acknowledged.fingerprint: acknowledged.endPosition]

        try rename(path, dir.file("app.old.log"))
        try append(sequenceLines(10..<12), to: dir.file("app.old.log"))
        try append(sequenceLines(100..<102), to: dir.file("other.log"))

        var second = try FileTailer(configuration: configuration)
        second.resume(from: stored)
        let resumed = second.poll()
        let old = resumed.filter { $0.fingerprint == acknowledged.fingerprint }
        #expect(old.compactMap(sequenceNumber) == Array(7..<12))
        #expect(old.first?.startPosition == acknowledged.endPosition)
        #expect(old.allSatisfy { $0.path == dir.file("app.old.log") })
        #expect(resumed.filter { $0.fingerprint != acknowledged.fingerprint }.compactMap(sequenceNumber) == [100, 101])
        #expect(
            second.takeEvents().contains(
                .resumed(
                    path: dir.file("app.old.log"),
                    fingerprint: acknowledged.fingerprint,
                    position: acknowledged.endPosition
                )
            )
        )
    }

    @Test func unknownFilesFollowReadFromAndOffsetsRoundTrip() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append(sequenceLines(0..<5), to: path)
        try append(sequenceLines(50..<55), to: dir.file("b.log"))
        let configuration = testConfiguration([dir.file("*.log")], fingerprintBytes: 16, readFrom: .end)
        var first = try FileTailer(configuration: configuration)
        #expect(first.poll().isEmpty)
        try append(sequenceLines(5..<7), to: path)
        #expect(first.poll().compactMap(sequenceNumber) == [5, 6])
        let offsets = first.offsets
        #expect(offsets.count == 2)

        try append(sequenceLines(7..<8), to: path)
        try append(sequenceLines(55..<56), to: dir.file("b.log"))
        try append(sequenceLines(90..<91), to: dir.file("c.log"))
        var second = try FileTailer(configuration: configuration)
        second.resume(from: offsets)
        // app.log and b.log resume where the first tailer stopped; c.log is unknown and starts at its end.
        #expect(second.poll().compactMap(sequenceNumber).sorted() == [7, 55])
        try append(sequenceLines(91..<92), to: dir.file("c.log"))
        #expect(second.poll().compactMap(sequenceNumber) == [91])
    }

    @Test func fileCopiedWhileStoppedResumesOnTheCopy() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append(sequenceLines(0..<10), to: path)
        let configuration = testConfiguration([dir.file("app.log*")], fingerprintBytes: 16)
        var first = try FileTailer(configuration: configuration)
        #expect(first.poll().count == 10)
        let offsets = first.offsets
        // copytruncate happened while the connector was down, after more lines were written.
        try append(sequenceLines(10..<15), to: path)
        try copyFile(path, path + ".1")
        try overwrite(path, with: sequenceLines(15..<20))
        var second = try FileTailer(configuration: configuration)
        second.resume(from: offsets)
        let lines = second.poll()
        let sequence = checkOrderAndUniqueness(lines)
        expectExactlyOnce(sequence, 10..<20)
    }

    @Test func storedPositionBeyondTheEndRestartsTheFile() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append(sequenceLines(0..<10), to: path)
        let configuration = testConfiguration([path], fingerprintBytes: 16)
        var first = try FileTailer(configuration: configuration)
        #expect(first.poll().count == 10)
        let offsets = first.offsets
        try overwrite(path, with: sequenceLines(0..<3))
        var second = try FileTailer(configuration: configuration)
        second.resume(from: offsets)
        let lines = second.poll()
        #expect(lines.compactMap(sequenceNumber) == [0, 1, 2])
        #expect(lines.first.map { offsets[$0.fingerprint] == nil } == true)
    }
}

/// Copies a file byte for byte (like `cp`, a new inode).
func copyFile(_ from: String, _ to: String) throws {
    let source = open(from, O_RDONLY | O_CLOEXEC)
    guard source >= 0 else { throw TestFailure("open \(from)") }
    defer { close(source) }
    let destination = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard destination >= 0 else { throw TestFailure("open \(to)") }
    defer { close(destination) }
    var buffer = [UInt8](repeating: 0, count: 64 << 10)
    while true {
        let n = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
        if n < 0 { throw TestFailure("read") }
        if n == 0 { return }
        try writeAll(destination, Array(buffer[0..<n]))
    }
}

import Dispatch
import Foundation
import Glibc
import Testing

@testable import FileConnector

@Suite("FileTailer rotation")
struct RotationTests {
    @Test(arguments: [8, 16, 1024])
    func renameAndCreateWhileAWriterAppends(fingerprintBytes: Int) throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append("", to: path)
        let total = 20_000
        let rotations = 4
        let done = DispatchSemaphore(value: 0)
        let shared = SharedCounters()
        Thread.detachNewThread {
            defer { done.signal() }
            var fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
            var rotation = 0
            var seq = 0
            while seq < total || rotation < rotations {
                // Rotate every ~total/rotations lines, but only once the tailer has discovered the current
                // file: a file renamed out of the patterns before any scan saw it cannot be found.
                if seq >= (rotation + 1) * (total / (rotations + 1)), rotation < rotations, shared.opened > rotation {
                    rotation += 1
                    close(fd)
                    // logrotate `create`: rename away, create a new file, the writer reopens it.
                    guard Glibc.rename(path, path + ".\(rotation)") == 0 else { return shared.fail("rename") }
                    fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
                }
                guard fd >= 0 else { return shared.fail("open") }
                do { try writeAll(fd, Array(sequenceLines(seq..<(seq + 1)).utf8)) } catch {
                    return shared.fail("write")
                }
                seq += 1
            }
            shared.written = seq
            close(fd)
        }
        var configuration = testConfiguration(
            [path],
            fingerprintBytes: fingerprintBytes,
            rotateWait: .milliseconds(100)
        )
        configuration.maxBytesPerPoll = 64 << 10
        var tailer = try FileTailer(configuration: configuration)
        var lines: [TailedLine] = []
        var events: [TailEvent] = []
        func pollOnce(now: ContinuousClock.Instant = .now) {
            lines += tailer.poll(now: now)
            events += tailer.takeEvents()
            shared.opened = events.filter { if case .opened = $0 { return true } else { return false } }.count
        }
        while done.wait(timeout: .now() + .microseconds(200)) == .timedOut { pollOnce() }
        for _ in 0..<3 { pollOnce() }
        pollOnce(now: .now + .seconds(1))
        #expect(shared.failure == nil)
        let sequence = checkOrderAndUniqueness(lines)
        expectExactlyOnce(sequence, 0..<shared.written)
        #expect(Set(lines.map(\.fingerprint)).count == rotations + 1)
        #expect(tailer.trackedFiles.count == 1)
        #expect(events.filter { if case .closed = $0 { return true } else { return false } }.count == rotations)
    }

    @Test func renamedFileInsideThePatternKeepsItsIdentity() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append(sequenceLines(0..<5), to: path)
        var tailer = try FileTailer(configuration: testConfiguration([dir.file("app.log*")]))
        let first = tailer.poll()
        try rename(path, path + ".1")
        try append(sequenceLines(5..<8), to: path + ".1")
        try append(sequenceLines(8..<10), to: path)
        let second = tailer.poll()
        #expect(second.compactMap(sequenceNumber) == Array(5..<10))
        #expect(second.prefix(3).allSatisfy { $0.fingerprint == first[0].fingerprint && $0.path == path + ".1" })
        #expect(second.last?.fingerprint != first[0].fingerprint)
        #expect(tailer.takeEvents().contains(.renamed(from: path, to: path + ".1", fingerprint: first[0].fingerprint)))
    }

    @Test func newFileWithTheSameHeadAtTheSamePathIsNew() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        let banner = "== service banner v1 ==\n"
        try append(banner + "old 1\nold 2\n", to: path)
        var tailer = try FileTailer(
            configuration: testConfiguration([path], fingerprintBytes: 16, rotateWait: .seconds(30))
        )
        var clock = TestClock()
        #expect(tailer.pollTexts(now: clock.now) == ["== service banner v1 ==", "old 1", "old 2"])
        try rename(path, path + ".1")
        try append(banner + "new 1\n", to: path)
        clock.advance(milliseconds: 10)
        #expect(tailer.pollTexts(now: clock.now) == ["== service banner v1 ==", "new 1"])
        try append("old 3\n", to: path + ".1")
        clock.advance(milliseconds: 10)
        #expect(tailer.pollTexts(now: clock.now) == ["old 3"])
    }

    @Test(arguments: [8, 16, 1024])
    func copytruncateContinuesOnTheCopyAndRestartsTheOriginal(fingerprintBytes: Int) throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append(sequenceLines(0..<50), to: path)
        var tailer = try FileTailer(
            configuration: testConfiguration([dir.file("app.log*")], fingerprintBytes: fingerprintBytes)
        )
        let first = tailer.poll()
        #expect(first.compactMap(sequenceNumber) == Array(0..<50))
        // Lines 50..<100 are written but not read before the rotation: the tailer lags.
        try append(sequenceLines(50..<100), to: path)
        try copyFile(path, path + ".1")
        // Truncate and refill quickly: the new content is as long as what was already read, so
        // only the changed head checksum reveals the truncation.
        try overwrite(path, with: sequenceLines(100..<150))
        #expect(FileStatus.of(path: path)?.size == Int64(first.last?.endPosition ?? 0))
        let second = tailer.drain()
        let sequence = checkOrderAndUniqueness(first + second)
        expectExactlyOnce(sequence, 0..<150)
        let continued = second.filter { $0.fingerprint == first[0].fingerprint }
        #expect(continued.compactMap(sequenceNumber) == Array(50..<100))
        #expect(continued.allSatisfy { $0.path == path + ".1" })
        #expect(continued.first?.startPosition == first.last?.endPosition)
        let events = tailer.takeEvents()
        #expect(events.contains { if case .truncated = $0 { return true } else { return false } })
        #expect(events.contains { if case .continuedOnCopy = $0 { return true } else { return false } })
        // A later copy of the new content is not read again.
        try copyFile(path, path + ".2")
        #expect(tailer.poll().isEmpty)
        #expect(tailer.takeEvents().contains { if case .duplicateIgnored = $0 { return true } else { return false } })
    }

    @Test func copyOfAFileThatWasFullyReadIsNotReread() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append(sequenceLines(0..<20), to: path)
        var tailer = try FileTailer(configuration: testConfiguration([dir.file("app.log*")]))
        #expect(tailer.poll().count == 20)
        try copyFile(path, path + ".1")
        #expect(tailer.poll().isEmpty)
        try overwrite(path, with: "")
        #expect(tailer.poll().isEmpty)
        try append(sequenceLines(20..<25), to: path)
        #expect(tailer.poll().compactMap(sequenceNumber) == Array(20..<25))
    }

    /// The case of Vector's `file_rotate_truncate_correctness` harness test.
    @Test func lineAppendedToTheCopyAfterTruncationIsRead() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("f")
        var tailer = try FileTailer(configuration: testConfiguration([dir.file("*")]))
        try append("First line\n", to: path)
        #expect(tailer.pollTexts() == ["First line"])
        try copyFile(path, dir.file("f0"))
        try overwrite(path, with: "")
        try append("New file line\n", to: path)
        #expect(tailer.pollTexts() == ["New file line"])
        try append("Last line\n", to: dir.file("f0"))
        #expect(tailer.pollTexts() == ["Last line"])
    }

    @Test func copytruncateWithoutTheCopyInThePatternLosesOnlyTheUnreadTail() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append(sequenceLines(0..<10), to: path)
        var tailer = try FileTailer(configuration: testConfiguration([path]))
        #expect(tailer.poll().count == 10)
        try append(sequenceLines(10..<20), to: path)
        try copyFile(path, dir.file("elsewhere"))
        try overwrite(path, with: sequenceLines(20..<25))
        #expect(tailer.drain().compactMap(sequenceNumber) == Array(20..<25))
    }

    @Test func unlinkedFileIsDrainedThenClosed() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        let writer = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        #expect(writer >= 0)
        defer { close(writer) }
        try writeAll(writer, Array(sequenceLines(0..<100).utf8))
        var configuration = testConfiguration([path], rotateWait: .milliseconds(50))
        configuration.maxBytesPerPoll = 200
        var tailer = try FileTailer(configuration: configuration)
        var clock = TestClock()
        var lines = tailer.poll(now: clock.now)
        #expect(lines.count < 100)
        #expect(unlink(path) == 0)
        try writeAll(writer, Array(sequenceLines(100..<110).utf8))
        lines += tailer.drain(now: clock.now)
        #expect(lines.compactMap(sequenceNumber) == Array(0..<110))
        #expect(tailer.trackedFiles.map(\.state) == [.draining])
        clock.advance(milliseconds: 50)
        #expect(tailer.poll(now: clock.now).isEmpty)
        #expect(tailer.trackedFiles.isEmpty)
        let events = tailer.takeEvents()
        #expect(events.contains { if case .unreachable = $0 { return true } else { return false } })
        #expect(
            events.contains {
                if case .closed(_, _, let position) = $0 { return position == 110 * 19 } else { return false }
            }
        )
    }
}

/// Counters shared between a writer thread and the polling test thread.
final class SharedCounters: @unchecked Sendable {
    private let lock = NSLock()
    private var openedValue = 0
    private var writtenValue = 0
    private var message: String?

    var opened: Int {
        get { locked { openedValue } }
        set { locked { openedValue = newValue } }
    }

    var written: Int {
        get { locked { writtenValue } }
        set { locked { writtenValue = newValue } }
    }

    var failure: String? { locked { message } }

    func fail(_ text: String) { locked { message = message ?? text } }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}

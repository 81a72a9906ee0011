import Foundation
import Glibc
import Testing

@testable import FileConnector

/// Path of Debian's logrotate, if installed.
let logrotatePath: String? = ["/usr/sbin/logrotate", "/usr/bin/logrotate", "/sbin/logrotate"].first {
    access($0, X_OK) == 0
}

/// Runs real `logrotate -f` while a writer thread appends sequence-numbered lines, then checks the tailer's output.
@Suite("FileTailer with real logrotate", .enabled(if: logrotatePath != nil, "logrotate is not installed"))
struct LogrotateTests {
    enum Mode: String, CaseIterable, Sendable {
        case create
        case copytruncate
    }

    @Test(arguments: Mode.allCases)
    func everySequenceNumberArrivesOnceAndInOrder(mode: Mode) throws {
        let logrotate = try #require(logrotatePath)
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        let config = dir.file("logrotate.conf")
        try overwrite(
            config,
            with: "\(path) {\n    rotate 20\n    \(mode.rawValue)\n    missingok\n    nocompress\n}\n"
        )
        try append("", to: path)

        let writer = SequenceWriter(path: path, reopenOnRotation: mode == .create)
        Thread.detachNewThread { writer.run() }
        var tailer = try FileTailer(
            configuration: FileTailerConfiguration(
                paths: [dir.file("app.log*")],
                rotateWait: .milliseconds(200),
                scanInterval: .zero
            )
        )
        var lines: [TailedLine] = []
        func pollFor(_ condition: () -> Bool) {
            while !condition() {
                lines += tailer.poll()
                usleep(300)
            }
        }
        let rotations = 4
        for _ in 0..<rotations {
            let target = writer.written + 2_000
            pollFor { writer.written >= target }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: logrotate)
            process.arguments = ["-f", "-s", dir.file("state"), config]
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            pollFor { !process.isRunning }
            process.waitUntilExit()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationStatus == 0, "logrotate failed: \(message)")
        }
        let target = writer.written + 2_000
        pollFor { writer.written >= target }
        writer.stop()
        pollFor { writer.finished }
        lines += tailer.drain()
        lines += tailer.drain(now: .now + .seconds(1))

        let total = writer.written
        let events = tailer.takeEvents()
        let continued = events.filter { if case .continuedOnCopy = $0 { return true } else { return false } }.count
        let truncations = events.filter { if case .truncated = $0 { return true } else { return false } }.count
        let duplicates = events.filter { if case .duplicateIgnored = $0 { return true } else { return false } }.count
        let sequence = checkOrderAndUniqueness(lines)
        let read = Set(sequence)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("app.log") }
        #expect(files.count == rotations + 1)
        switch mode {
        case .create:
            expectExactlyOnce(sequence, 0..<total)
            print(
                "logrotate create: \(total) lines written, \(read.count) read, \(Set(lines.map(\.fingerprint)).count) streams"
            )
        case .copytruncate:
            // Lines written between logrotate's copy and its truncate exist in no file; the tailer may or
            // may not have read them before the truncation. Everything that is on disk must be read.
            var onDisk = Set<Int>()
            for name in files { onDisk.formUnion(try completeSequenceNumbers(in: dir.file(name))) }
            #expect(onDisk.isSubset(of: read), "unread: \(onDisk.subtracting(read).sorted().prefix(20))")
            #expect(read.isSubset(of: Set(0..<total)))
            let lost = Set(0..<total).subtracting(read)
            #expect(lost.count < total / 10, "lost \(lost.count) of \(total) (inherent copytruncate window)")
            print(
                "logrotate copytruncate: \(total) lines written, \(read.count) read, \(lost.count) in no file and not read; "
                    + "\(truncations) truncations, \(continued) continued on a copy, \(duplicates) copies ignored"
            )
        }
    }
}

/// Sequence numbers of the newline-terminated lines of a file.
func completeSequenceNumbers(in path: String) throws -> [Int] {
    let data = try String(contentsOfFile: path, encoding: .utf8)
    var lines = data.split(separator: "\n", omittingEmptySubsequences: false)
    lines.removeLast()
    return lines.compactMap { line in
        guard let range = line.range(of: "seq=") else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
    }
}

/// Appends `seq=N` lines to a file on a background thread, like an application logging steadily.
final class SequenceWriter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var stopping = false
    private var done = false
    let path: String
    let reopenOnRotation: Bool

    init(path: String, reopenOnRotation: Bool) {
        self.path = path
        self.reopenOnRotation = reopenOnRotation
    }

    var written: Int { locked { count } }
    var finished: Bool { locked { done } }
    func stop() { locked { stopping = true } }

    func run() {
        var fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        var seq = 0
        while fd >= 0 && !locked({ stopping }) {
            if reopenOnRotation, isRotated(fd) {
                // The application notices the rename (as after a SIGHUP) and reopens the new file.
                let reopened = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
                if reopened >= 0 {
                    close(fd)
                    fd = reopened
                }
            }
            let line = Array(sequenceLines(seq..<(seq + 1)).utf8)
            guard (try? writeAll(fd, line)) != nil else { break }
            seq += 1
            locked { count = seq }
            if seq % 20 == 0 { usleep(100) }
        }
        if fd >= 0 { close(fd) }
        locked { done = true }
    }

    private func isRotated(_ fd: Int32) -> Bool {
        var mine = stat()
        var current = stat()
        guard fstat(fd, &mine) == 0 else { return false }
        guard stat(path, &current) == 0 else { return false }
        return mine.st_ino != current.st_ino || mine.st_dev != current.st_dev
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}

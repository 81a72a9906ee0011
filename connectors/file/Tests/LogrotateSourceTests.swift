import ConnectAPI
import Foundation
import Glibc
import Testing

@testable import FileConnector

/// The FileTailSource task under real `logrotate -f` with a writer appending sequence-numbered lines, including
/// a rotation while the task is stopped and a restart from the committed offsets.
@Suite("FileTailSource with real logrotate", .enabled(if: logrotatePath != nil, "logrotate is not installed"))
struct LogrotateSourceTests {
    @Test(arguments: LogrotateTests.Mode.allCases)
    func everyLineIsDeliveredOnceAndInOrderAcrossRotationsAndARestart(mode: LogrotateTests.Mode) async throws {
        let logrotate = try #require(logrotatePath)
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        let rotateConfig = dir.file("logrotate.conf")
        try overwrite(
            rotateConfig,
            with: "\(path) {\n    rotate 20\n    \(mode.rawValue)\n    missingok\n    nocompress\n}\n"
        )
        try append("", to: path)
        let config = [
            "files": dir.file("app.log*"), "topic": "logs", "rotate.wait.ms": "200", "scan.interval.ms": "0",
            "poll.interval.ms": "5", "batch.size": "500",
        ]
        let store = MemoryOffsetStore()
        let writer = SequenceWriter(path: path, reopenOnRotation: mode == .create)
        Thread.detachNewThread { writer.run() }

        var records: [SourceRecord] = []
        let logs = LogCapture()
        var task = try await startedSourceTask(config, store: store, logs: logs)
        func pollUntil(_ condition: () -> Bool) async throws {
            while !condition() {
                let batch = try await task.poll()
                store.commit(batch)
                records += batch
            }
        }
        func rotate(whilePolling: Bool) async throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: logrotate)
            process.arguments = ["-f", "-s", dir.file("state"), rotateConfig]
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            if whilePolling { try await pollUntil { !process.isRunning } }
            process.waitUntilExit()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationStatus == 0, "logrotate failed: \(message)")
        }

        let rotations = 4
        for rotation in 0..<rotations {
            let target = writer.written + 2_000
            try await pollUntil { writer.written >= target }
            if rotation == 2 {
                // Stop (everything returned so far is committed), rotate while stopped, restart from the offsets.
                try await task.stop()
                let stoppedAt = writer.written
                while writer.written < stoppedAt + 500 { usleep(1000) }
                try await rotate(whilePolling: false)
                let rotatedAt = writer.written
                while writer.written < rotatedAt + 1_500 { usleep(1000) }
                task = try await startedSourceTask(config, store: store, logs: logs)
            } else {
                try await rotate(whilePolling: true)
            }
        }
        let target = writer.written + 2_000
        try await pollUntil { writer.written >= target }
        writer.stop()
        try await pollUntil { writer.finished }
        records += try await task.drain(committingTo: store)
        try await task.stop()

        let total = writer.written
        let sequence = checkRecordOrderAndUniqueness(records)
        let read = Set(sequence)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("app.log") }
        #expect(files.count == rotations + 1)
        let streams = Set(records.map(\.fingerprintText)).count
        if sequence.count != read.count {
            var bySeq: [Int: [SourceRecord]] = [:]
            for record in records { if let seq = record.sequence { bySeq[seq, default: []].append(record) } }
            let dupes = bySeq.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }
            for (seq, copies) in dupes.prefix(3) + dupes.suffix(3) {
                print("dup \(seq): " + copies.map { "\($0.fingerprintText) \($0.sourceOffset ?? [:])" }.joined(separator: " | "))
            }
            for line in logs.all { print(line) }
            print("stored: \(store.offsets)")
            for lookup in store.lookups { print("lookup of \(lookup.count): \(lookup.map { $0["fingerprint"]?.description ?? "" }.sorted())") }
        }
        switch mode {
        case .create:
            expectExactlyOnce(sequence, 0..<total)
            print("FileTailSource + logrotate create: \(total) lines written, \(read.count) delivered, \(streams) streams")
        case .copytruncate:
            // Lines written between logrotate's copy and its truncate exist in no file; everything on disk must arrive.
            var onDisk = Set<Int>()
            for name in files { onDisk.formUnion(try completeSequenceNumbers(in: dir.file(name))) }
            #expect(onDisk.isSubset(of: read), "not delivered: \(onDisk.subtracting(read).sorted().prefix(20))")
            #expect(read.isSubset(of: Set(0..<total)))
            let lost = Set(0..<total).subtracting(read)
            // Bound loosely: while the task is stopped nothing can read the copy-to-truncate window.
            #expect(lost.count < total / 4, "lost \(lost.count) of \(total) (inherent copytruncate window)")
            print(
                "FileTailSource + logrotate copytruncate: \(total) lines written, \(read.count) delivered, "
                    + "\(lost.count) in no file and not read, \(streams) streams"
            )
        }
    }
}

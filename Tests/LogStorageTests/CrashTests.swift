import Foundation
import KafkaRecords
import LogStorage
import NIOCore
import Testing

/// Kills a real writer process (`tributary debug log-writer`) with SIGKILL at random moments while it appends
/// and flushes, then reopens its data directory: every batch whose flush had returned must be there, identical,
/// offsets must be a gap-free prefix, and opening must never fail.
@Suite struct CrashTests {
    static var tributaryBinary: String? {
        if let path = ProcessInfo.processInfo.environment["TRIBUTARY_BIN"] { return path }
        let candidates = [Bundle.main.bundlePath, CommandLine.arguments.first ?? ""].map {
            URL(fileURLWithPath: $0).deletingLastPathComponent().appendingPathComponent("tributary").path
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test func flushedBatchesSurviveSIGKILL() async throws {
        let binary = try #require(Self.tributaryBinary, "build the tributary executable first (swift build)")
        let dir = TemporaryDirectory("crash")
        defer { dir.remove() }
        var highestFlushed: Int64 = 0
        var kills = 0
        for round in 0..<32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["debug", "log-writer", "--dir", dir.path, "--seed", String(round + 1)]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let delay = UInt64.random(in: 30_000_000...400_000_000)
            try await Task.sleep(nanoseconds: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal, "round \(round): the writer was still running")
            kills += 1
            let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            for line in printed.split(separator: "\n") where line.hasPrefix("flushed ") {
                if let offset = Int64(line.dropFirst("flushed ".count)) { highestFlushed = max(highestFlushed, offset) }
            }
            try await verify(directory: dir.path, flushed: highestFlushed, round: round)
        }
        #expect(kills >= 30)
        #expect(highestFlushed > 0, "the writer made progress")
    }

    private func verify(directory: String, flushed: Int64, round: Int) async throws {
        let manager = try LogManager(configuration: .init(dataDirectory: directory), logger: quietLogger)
        if flushed == 0, (try? await manager.requireLog(TopicPartition("crash", 0))) == nil {
            // Killed before the writer created its topic (a slow start): nothing was flushed, so nothing must be there.
            try await manager.close()
            return
        }
        let log = try await manager.requireLog(TopicPartition("crash", 0))
        let end = await log.logEndOffset
        #expect(end >= flushed, "round \(round): log end \(end) is below the flushed offset \(flushed)")
        var offset: Int64 = 0
        while offset < end {
            let bytes = try await log.read(from: offset, maxBytes: 1 << 20).readBytes()
            let batches = try RecordBatch.decodeAll(bytes)
            try #require(!batches.isEmpty)
            for batch in batches {
                #expect(batch.baseOffset == offset, "round \(round): gap or overlap at \(offset)")
                #expect(batch.records.count == Int(offset % 7 + 1))
                for record in batch.records {
                    let recordOffset = batch.offset(of: record)
                    let expectedValue = (0..<(20 + Int(recordOffset * 37 % 2000))).map {
                        UInt8(truncatingIfNeeded: recordOffset &* 31 &+ Int64($0))
                    }
                    #expect(record.key.map { Array($0.readableBytesView) } == Array("k\(recordOffset)".utf8))
                    #expect(record.value.map { Array($0.readableBytesView) } == expectedValue)
                    #expect(batch.timestamp(of: record) == 1_700_000_000_000 + recordOffset)
                }
                offset = batch.lastOffset + 1
            }
        }
        #expect(offset == end)
        try await manager.close()
    }
}

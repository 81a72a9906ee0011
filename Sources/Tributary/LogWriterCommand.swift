import ArgumentParser
import KafkaRecords
import LogStorage
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// `tributary debug log-writer`: appends a deterministic workload to a log and prints `flushed <offset>` after
/// every flush that returned, until killed or done. The crash test kills it at random moments.
struct LogWriterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log-writer",
        abstract: "Append a deterministic workload, printing each durable offset (for crash tests)."
    )

    @Option(help: "The data directory.") var dir: String
    @Option(help: "The topic to append to (created with one partition if missing).") var topic = "crash"
    @Option(help: "Stop after this many batches.") var batches = 1_000_000
    @Option(help: "segment.bytes of a newly created topic.") var segmentBytes = 262_144
    @Option(help: "Seed of the flush cadence.") var seed: UInt64 = 1

    func run() async throws {
        let manager = try LogManager(configuration: .init(dataDirectory: dir))
        if await manager.topic(topic) == nil {
            try await manager.createTopic(topic, partitions: 1, config: ["segment.bytes": String(segmentBytes)])
        }
        let log = try await manager.requireLog(TopicPartition(topic, 0))
        var random = seed
        for _ in 0..<batches {
            let base = await log.logEndOffset
            let result = try await log.append(try CrashWorkload.batch(baseOffset: base))
            precondition(result.firstOffset == base, "offsets must be assigned in order")
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            if (random >> 33) % 4 == 0 {
                try await log.flush()
                print("flushed \(await log.logEndOffset)")
                fflush(nil)
            }
        }
        try await manager.close()
    }
}

/// The crash test's workload: the batch that starts at offset `b` holds `b % 7 + 1` records, and the record at
/// offset `o` has key `k<o>`, timestamp `1_700_000_000_000 + o` and a value of `20 + o * 37 % 2000` bytes where
/// byte `j` is `(o * 31 + j) & 0xFF`, so any reader can tell exactly what each offset must hold.
enum CrashWorkload {
    static func batch(baseOffset: Int64) throws -> ByteBuffer {
        var builder = RecordBatchBuilder()
        for offset in baseOffset..<(baseOffset + baseOffset % 7 + 1) {
            builder.append(key: key(offset), value: value(offset), timestamp: 1_700_000_000_000 + offset)
        }
        return try builder.build()
    }

    static func key(_ offset: Int64) -> [UInt8] { Array("k\(offset)".utf8) }

    static func value(_ offset: Int64) -> [UInt8] {
        let length = 20 + Int(offset * 37 % 2000)
        return (0..<length).map { UInt8(truncatingIfNeeded: offset &* 31 &+ Int64($0)) }
    }
}

import ArgumentParser
import Foundation
import KafkaRecords
import LogStorage
import Logging
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// `tributary bench log`: appends record batches to a partition log with a flush every N bytes and compares
/// with a plain write + fdatasync loop of the same bytes run right before and after in the same process; then
/// reads the log back, and measures CRC-32C.
struct BenchLogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Log append/read throughput against a write+fdatasync loop of the same bytes."
    )

    @Option(help: "Bytes to append per run.") var totalBytes = 256 * 1024 * 1024
    @Option(help: "Bytes of each record's value.") var recordSize = 1024
    @Option(help: "Records per batch.") var recordsPerBatch = 16
    @Option(help: "fsync after this many appended bytes.") var flushBytes = 1024 * 1024
    @Option(help: "Directory for the benchmark's files (removed afterwards).") var dir = "data/bench-log"
    @Option(help: "Alternate baseline and log runs this many times.") var rounds = 5

    func run() async throws {
        let batch = try makeBatch()
        let batchCount = max(1, totalBytes / batch.readableBytes)
        let bytes = batchCount * batch.readableBytes
        print("bench log: \(batchCount) batches of \(batch.readableBytes) bytes (\(recordsPerBatch) × \(recordSize)-byte records), fdatasync every \(flushBytes) bytes, \(mb(bytes)) MB per run")
        try? removeTree(dir)
        try makeDirectory(dir)
        defer { try? removeTree(dir) }

        var baselines: [Double] = []
        var appends: [Double] = []
        var reads: [Double] = []
        var plainReads: [Double] = []
        var ratios: [Double] = []
        baselines.append(try baseline(batch: batch, count: batchCount, path: dir + "/baseline-0"))
        for round in 0..<rounds {
            let (append, read) = try await logRun(batch: batch, count: batchCount, directory: dir + "/log-\(round)")
            appends.append(append)
            reads.append(read)
            plainReads.append(try plainRead(path: dir + "/baseline-\(round)"))
            baselines.append(try baseline(batch: batch, count: batchCount, path: dir + "/baseline-\(round + 1)"))
            try? removeTree(dir + "/baseline-\(round)")
            ratios.append(append / ((baselines[round] + baselines[round + 1]) / 2))
            print(String(format: "  round %d: baseline %.0f MB/s, log append %.0f MB/s, log read %.0f MB/s, plain pread %.0f MB/s, then baseline %.0f MB/s",
                round + 1, baselines[round], append, read, plainReads[round], baselines[round + 1]))
        }
        let baselineMedian = median(baselines)
        let appendMedian = median(appends)
        let crc = crcThroughput()
        print(String(format: "write+fdatasync bound (median of %d): %.0f MB/s", baselines.count, baselineMedian))
        print(String(format: "log append (median of %d):           %.0f MB/s", appends.count, appendMedian))
        print(String(format: "append / bound, per round against the baselines right before and after: median %.2f (rounds: %@; goal >= 0.80)", median(ratios), ratios.map { String(format: "%.2f", $0) }.joined(separator: " ")))
        print(String(format: "log read, page cache (median):       %.0f MB/s  (plain pread %.0f MB/s; goal >= 2000)", median(reads), median(plainReads)))
        print(String(format: "CRC32C %@: %.1f GB/s (portable tables %.1f GB/s; goal >= 5)", CRC32C.usesHardware ? "SSE4.2" : "portable", crc.selected, crc.portable))
    }

    private func makeBatch() throws -> ByteBuffer {
        var builder = RecordBatchBuilder()
        let value = (0..<recordSize).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        for index in 0..<recordsPerBatch {
            builder.append(key: Array("key-\(index)".utf8), value: value, timestamp: 1_700_000_000_000 + Int64(index))
        }
        return try builder.build()
    }

    /// The bound: the same batches written with write(2) to a new file, fdatasync every `flushBytes`.
    private func baseline(batch: ByteBuffer, count: Int, path: String) throws -> Double {
        let fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0o644)
        guard fd >= 0 else { throw BenchError("open \(path): errno \(errno)") }
        defer { close(fd) }
        let start = monotonicSeconds()
        var sinceFlush = 0
        try batch.withUnsafeReadableBytes { raw in
            for _ in 0..<count {
                var written = 0
                while written < raw.count {
                    let n = write(fd, raw.baseAddress! + written, raw.count - written)
                    guard n > 0 else { throw BenchError("write: errno \(errno)") }
                    written += n
                }
                sinceFlush += raw.count
                if sinceFlush >= flushBytes {
                    guard fdatasync(fd) == 0 else { throw BenchError("fdatasync: errno \(errno)") }
                    sinceFlush = 0
                }
            }
        }
        guard fdatasync(fd) == 0 else { throw BenchError("fdatasync: errno \(errno)") }
        return Double(count * batch.readableBytes) / (monotonicSeconds() - start) / 1e6
    }

    /// The same batches through `PartitionLog.append` and `flush()`; then a read-back of the whole log.
    private func logRun(batch: ByteBuffer, count: Int, directory: String) async throws -> (Double, Double) {
        var logger = Logger(label: "tributary.bench")
        logger.logLevel = .warning
        let manager = try LogManager(configuration: .init(dataDirectory: directory), logger: logger)
        try await manager.createTopic("bench", partitions: 1)
        let log = try await manager.requireLog(TopicPartition("bench", 0))
        let start = monotonicSeconds()
        var sinceFlush = 0
        for _ in 0..<count {
            _ = try await log.append(batch)
            sinceFlush += batch.readableBytes
            if sinceFlush >= flushBytes {
                try await log.flush()
                sinceFlush = 0
            }
        }
        try await log.flush()
        let appendRate = Double(count * batch.readableBytes) / (monotonicSeconds() - start) / 1e6

        let readStart = monotonicSeconds()
        var offset: Int64 = 0
        var readBytes = 0
        var buffer = ByteBuffer()
        let end = await log.logEndOffset
        while offset < end {
            let result = try await log.read(from: offset, maxBytes: 1024 * 1024)
            guard let region = result.region else { break }
            try region.readBytes(into: &buffer)
            readBytes += buffer.readableBytes
            guard let last = RecordBatchHeader.nextOffset(afterBatchesIn: buffer) else { break }
            offset = last
        }
        let readRate = Double(readBytes) / (monotonicSeconds() - readStart) / 1e6
        guard readBytes == count * batch.readableBytes else {
            throw BenchError("read back \(readBytes) bytes, appended \(count * batch.readableBytes)")
        }
        try await manager.close()
        try? removeTree(directory)
        return (appendRate, readRate)
    }

    /// A plain pread loop over a baseline file, 1 MiB at a time, into one reused buffer.
    private func plainRead(path: String) throws -> Double {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw BenchError("open \(path): errno \(errno)") }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 1024 * 1024)
        var total = 0
        let start = monotonicSeconds()
        while true {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(total)) }
            if n <= 0 { break }
            total += n
        }
        return Double(total) / (monotonicSeconds() - start) / 1e6
    }

    private func crcThroughput() -> (selected: Double, portable: Double) {
        let data = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
        func measure(_ body: (UnsafeRawBufferPointer) -> UInt32) -> Double {
            data.withUnsafeBytes { raw in
                var sink: UInt32 = 0
                var bytes = 0
                let start = monotonicSeconds()
                while monotonicSeconds() - start < 0.5 {
                    for _ in 0..<64 { sink ^= body(raw) }
                    bytes += 64 * raw.count
                }
                let rate = Double(bytes) / (monotonicSeconds() - start) / 1e9
                return sink == 0x1234_5678 ? rate + 0 : rate
            }
        }
        return (measure { CRC32C.checksum($0) }, measure { CRC32C.portableChecksum($0) })
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func mb(_ bytes: Int) -> String { String(format: "%.0f", Double(bytes) / 1e6) }

func makeDirectory(_ path: String) throws {
    var prefix = ""
    for part in path.split(separator: "/") {
        prefix += (prefix.isEmpty && !path.hasPrefix("/") ? "" : "/") + part
        if mkdir(prefix, 0o755) != 0 && errno != EEXIST { throw BenchError("mkdir \(prefix): errno \(errno)") }
    }
}

func removeTree(_ path: String) throws {
    var info = stat()
    guard lstat(path, &info) == 0 else { return }
    if (info.st_mode & S_IFMT) == S_IFDIR {
        guard let dir = opendir(path) else { return }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        closedir(dir)
        for name in names { try removeTree(path + "/" + name) }
        rmdir(path)
    } else {
        unlink(path)
    }
}

import Foundation
import KafkaRecords
import LogStorage
import Logging
import NIOCore

/// A fresh directory under the system temp dir, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init(_ name: String = "log") {
        path = NSTemporaryDirectory() + "tributary-\(name)-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// A clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now: Int64

    init(_ start: Int64 = 1_800_000_000_000) { now = start }

    func advance(by milliseconds: Int64) { lock.withLock { now += milliseconds } }
    var read: MillisecondClock { { [self] in lock.withLock { now } } }
    var current: Int64 { lock.withLock { now } }
}

let quietLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return logger
}()

/// Partition t-0 opened in `path` with the default config, without recovery.
func openPartitionT0(_ path: String) throws -> PartitionLog {
    try PartitionLog(
        topicPartition: TopicPartition("t", 0), directory: path, config: LogConfig(), needsRecovery: false,
        logger: quietLogger)
}

/// A batch of `count` records with keys `key-<n>` and values `value-<n>`, n from `first`.
func makeBatch(
    first: Int = 0, count: Int = 3, timestamp: Int64 = 1_800_000_000_000, valueSize: Int = 0,
    compression: CompressionCodec = .none
) throws -> ByteBuffer {
    var builder = RecordBatchBuilder(compression: compression)
    for n in first..<(first + count) {
        let padding = String(repeating: "x", count: valueSize)
        builder.append(
            key: Array("key-\(n)".utf8), value: Array("value-\(n)\(padding)".utf8), timestamp: timestamp + Int64(n - first))
    }
    return try builder.build()
}

/// Every batch of the log from `from`, decoded.
func readAll(_ log: PartitionLog, from: Int64 = -1) async throws -> [RecordBatch] {
    var offset = from >= 0 ? from : await log.logStartOffset
    var batches: [RecordBatch] = []
    let end = await log.logEndOffset
    while offset < end {
        let result = try await log.read(from: offset, maxBytes: 1 << 20)
        guard result.region != nil else { break }
        let decoded = try RecordBatch.decodeAll(try result.readBytes())
        guard let last = decoded.last else { break }
        batches.append(contentsOf: decoded)
        offset = last.lastOffset + 1
    }
    return batches
}

/// (offset, key, value) of every record of the batches.
func records(of batches: [RecordBatch]) -> [(offset: Int64, key: String?, value: String?)] {
    batches.flatMap { batch in
        batch.records.map { record in
            (batch.offset(of: record), record.key.map { String(buffer: $0) }, record.value.map { String(buffer: $0) })
        }
    }
}

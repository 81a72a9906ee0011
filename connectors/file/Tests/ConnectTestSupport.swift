import ConnectAPI
import Foundation
import Logging
import Synchronization
import Testing

@testable import FileConnector

/// Source offsets kept in memory, committed the way the runtime does after the broker acknowledged records.
final class MemoryOffsetStore: OffsetStorageReader {
    private let state = Mutex<(offsets: [SourcePartition: SourceOffset], lookups: [[SourcePartition]])>(([:], []))

    init(_ offsets: [SourcePartition: SourceOffset] = [:]) {
        state.withLock { $0.offsets = offsets }
    }

    func offsets(for partitions: [SourcePartition]) async throws -> [SourcePartition: SourceOffset] {
        state.withLock { state in
            state.lookups.append(partitions)
            var found: [SourcePartition: SourceOffset] = [:]
            for partition in partitions {
                if let offset = state.offsets[partition] { found[partition] = offset }
            }
            return found
        }
    }

    /// Stores the offset of each record, in order, so the last one per partition wins.
    func commit(_ records: some Sequence<SourceRecord>) {
        state.withLock { state in
            for record in records {
                if let partition = record.sourcePartition, let offset = record.sourceOffset {
                    state.offsets[partition] = offset
                }
            }
        }
    }

    /// Every offset stored.
    var offsets: [SourcePartition: SourceOffset] { state.withLock { $0.offsets } }
    /// The partitions asked for by each lookup.
    var lookups: [[SourcePartition]] { state.withLock { $0.lookups } }
}

/// A source task context around an offset reader.
struct TestSourceTaskContext: SourceTaskContext {
    var configs: [String: String]
    var offsetStorageReader: any OffsetStorageReader
    var logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
}

/// A sink task context that records nothing: FileSink never seeks, pauses or requests commits.
struct TestSinkTaskContext: SinkTaskContext {
    var configs: [String: String]
    var assignment: Set<TopicPartitionRef> = []

    func offset(_ offsets: [TopicPartitionRef: Int64]) {}
    func timeout(milliseconds: Int64) {}
    func pause(_ partitions: Set<TopicPartitionRef>) {}
    func resume(_ partitions: Set<TopicPartitionRef>) {}
    func requestCommit() {}
}

/// A started FileTailSource task over `store`.
func startedSourceTask(
    _ config: [String: String],
    store: MemoryOffsetStore,
    logs: LogCapture? = nil
) async throws -> FileTailSourceTask {
    let task = FileTailSourceTask()
    var context = TestSourceTaskContext(configs: config, offsetStorageReader: store)
    if let logs { context.logger = logs.logger }
    try await task.start(config: config, context: context)
    return task
}

extension FileTailSourceTask {
    /// Polls until a poll returns nothing, committing every batch to `store`; returns every record.
    func drain(committingTo store: MemoryOffsetStore?, limit: Int = 10_000) async throws -> [SourceRecord] {
        var all: [SourceRecord] = []
        for _ in 0..<limit {
            let batch = try await poll()
            if batch.isEmpty { break }
            store?.commit(batch)
            all += batch
        }
        return all
    }
}

extension SourceRecord {
    /// The value as a string (FileTailSource values are strings).
    var text: String { value.stringValue ?? "" }

    /// The `seq=N` number of the line.
    var sequence: Int? {
        guard let range = text.range(of: "seq=") else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    /// The fingerprint string of the partition.
    var fingerprintText: String { sourcePartition?[FileTailOffsets.fingerprintKey]?.stringValue ?? "" }
}

/// Checks that no sequence number appears twice and that they increase within each partition; returns them.
func checkRecordOrderAndUniqueness(
    _ records: [SourceRecord],
    sourceLocation: SourceLocation = #_sourceLocation
) -> [Int] {
    var seen = Set<Int>()
    var lastPerPartition: [String: Int] = [:]
    var duplicates = 0
    var outOfOrder = 0
    var all: [Int] = []
    for record in records {
        guard let seq = record.sequence else {
            Issue.record("unparsable line \(record.text)", sourceLocation: sourceLocation)
            continue
        }
        if !seen.insert(seq).inserted { duplicates += 1 }
        if let last = lastPerPartition[record.fingerprintText], seq <= last { outOfOrder += 1 }
        lastPerPartition[record.fingerprintText] = seq
        all.append(seq)
    }
    #expect(duplicates == 0, "\(duplicates) duplicate lines", sourceLocation: sourceLocation)
    #expect(outOfOrder == 0, "\(outOfOrder) lines out of order within their file", sourceLocation: sourceLocation)
    return all
}

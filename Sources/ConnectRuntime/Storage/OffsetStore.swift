public import ConnectAPI
import KafkaClient
import Logging
import NIOCore

/// Source offsets of every connector, kept in the compacted `connect-offsets` topic and cached in memory
/// (Kafka Connect's `KafkaOffsetBackingStore`). Writes return once the broker acknowledged them.
public actor OffsetStore {
    private let log: CompactedTopicLog
    private let logger: Logger
    private var offsets: [String: [SourcePartition: SourceOffset]] = [:]

    init(log: CompactedTopicLog, logger: Logger) {
        self.log = log
        self.logger = logger
    }

    /// Reads the topic to its end; later records win, tombstones remove.
    func start() async throws {
        for record in try await log.start() {
            guard let key = record.key, let parsed = OffsetJSON.parseKey(key) else {
                logger.warning("Ignoring an offsets record whose key is not [connector, {partition}]")
                continue
            }
            if let value = record.value {
                guard let offset = OffsetJSON.parseValue(value) else {
                    logger.warning("Ignoring an offsets record whose value is not a JSON object of primitives")
                    continue
                }
                offsets[parsed.connector, default: [:]][parsed.partition] = offset
            } else {
                offsets[parsed.connector]?[parsed.partition] = nil
            }
        }
    }

    /// The committed offsets of a connector.
    public func offsets(of connector: String) -> [SourcePartition: SourceOffset] {
        offsets[connector] ?? [:]
    }

    /// Writes offsets (a `nil` offset writes a tombstone); returns after every write is acknowledged.
    func write(connector: String, _ changes: [SourcePartition: SourceOffset?]) async throws {
        guard !changes.isEmpty else { return }
        let ordered = Array(changes)
        try await log.send(
            ordered.map { (OffsetJSON.key(connector: connector, partition: $0.key), $0.value.map(OffsetJSON.value)) })
        for (partition, offset) in ordered {
            offsets[connector, default: [:]][partition] = offset
        }
    }

    /// Writes tombstones for every partition of a connector.
    func delete(connector: String) async throws {
        let partitions = offsets[connector].map { Array($0.keys) } ?? []
        try await write(connector: connector, Dictionary(uniqueKeysWithValues: partitions.map { ($0, nil) }))
        offsets[connector] = nil
    }

    func close() async {
        await log.close()
    }
}

/// An ``OffsetStorageReader`` over one connector's committed offsets.
struct ConnectorOffsetReader: OffsetStorageReader {
    let store: OffsetStore
    let connector: String

    func offsets(for partitions: [SourcePartition]) async throws -> [SourcePartition: SourceOffset] {
        let all = await store.offsets(of: connector)
        var result: [SourcePartition: SourceOffset] = [:]
        for partition in partitions {
            if let offset = all[partition] { result[partition] = offset }
        }
        return result
    }
}

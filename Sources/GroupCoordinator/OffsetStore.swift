/// The committed offsets of one group, keyed by topic-partition (Kafka's `OffsetMetadataManager.Offsets`).
public struct OffsetStore: Hashable, Sendable {
    /// The committed offsets.
    public private(set) var offsets: [TopicPartition: CommittedOffset]

    /// An empty store.
    public init() {
        self.offsets = [:]
    }

    /// True when nothing is committed.
    public var isEmpty: Bool { offsets.isEmpty }

    /// The committed offset of one partition.
    public subscript(topic: String, partition: Int32) -> CommittedOffset? {
        offsets[TopicPartition(topic: topic, partition: partition)]
    }

    /// True when the metadata string exceeds `offset.metadata.max.bytes` (counted like Java's `String.length()`).
    public static func isMetadataTooLarge(_ metadata: String?, limit: Int) -> Bool {
        guard let metadata else { return false }
        return metadata.utf16.count > limit
    }

    /// Stores (or replaces) one partition's committed offset.
    public mutating func commit(
        topic: String,
        partition: Int32,
        offset: Int64,
        leaderEpoch: Int32,
        metadata: String,
        commitTimestamp: Int64
    ) {
        put(
            TopicPartition(topic: topic, partition: partition),
            CommittedOffset(
                offset: offset,
                leaderEpoch: leaderEpoch,
                metadata: metadata,
                commitTimestamp: commitTimestamp
            )
        )
    }

    /// Stores (or replaces) one partition's committed offset.
    public mutating func put(_ partition: TopicPartition, _ committed: CommittedOffset) {
        offsets[partition] = committed
    }

    /// Forgets one partition's committed offset and returns it.
    @discardableResult
    public mutating func remove(_ partition: TopicPartition) -> CommittedOffset? {
        offsets.removeValue(forKey: partition)
    }

    /// The committed partitions in topic, partition order.
    public var sortedPartitions: [TopicPartition] {
        offsets.keys.sorted()
    }

    /// The offsets of the listed partitions (missing ones as offset -1), or of all when `topics` is nil.
    public func fetch(_ topics: [OffsetFetchTopic]?) -> [OffsetFetchTopicResult] {
        guard let topics else {
            var byTopic: [(String, [OffsetFetchPartitionResult])] = []
            for key in sortedPartitions {
                guard let committed = offsets[key] else { continue }
                let entry = Self.entry(key.partition, committed)
                if let last = byTopic.indices.last, byTopic[last].0 == key.topic {
                    byTopic[last].1.append(entry)
                } else {
                    byTopic.append((key.topic, [entry]))
                }
            }
            return byTopic.map { OffsetFetchTopicResult(name: $0.0, partitions: $0.1) }
        }
        return topics.map { topic in
            OffsetFetchTopicResult(
                name: topic.name,
                partitions: topic.partitions.map { index in
                    guard let committed = offsets[TopicPartition(topic: topic.name, partition: index)] else {
                        return .missing(index)
                    }
                    return Self.entry(index, committed)
                }
            )
        }
    }

    private static func entry(_ partition: Int32, _ committed: CommittedOffset) -> OffsetFetchPartitionResult {
        OffsetFetchPartitionResult(
            partition: partition,
            offset: committed.offset,
            leaderEpoch: committed.leaderEpoch,
            metadata: committed.metadata,
            errorCode: .none
        )
    }
}

/// A topic name and partition index.
public struct TopicPartition: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The topic name.
    public var topic: String
    /// The partition index.
    public var partition: Int32

    /// Creates a topic-partition.
    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    /// Orders by topic, then partition.
    public static func < (lhs: TopicPartition, rhs: TopicPartition) -> Bool {
        (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition)
    }

    /// `topic-partition`, as Kafka prints it.
    public var description: String { "\(topic)-\(partition)" }
}

/// One committed offset, as `OffsetAndMetadata` holds it.
public struct CommittedOffset: Hashable, Sendable {
    /// The committed offset.
    public var offset: Int64
    /// The leader epoch of the record before the offset, -1 if unknown.
    public var leaderEpoch: Int32
    /// The client's metadata string ("" if none).
    public var metadata: String
    /// When the coordinator accepted the commit.
    public var commitTimestamp: Int64
    /// The explicit expiry of old (v1) commits; nil for current ones.
    public var expireTimestamp: Int64?

    /// Creates a committed offset.
    public init(
        offset: Int64,
        leaderEpoch: Int32 = -1,
        metadata: String = "",
        commitTimestamp: Int64,
        expireTimestamp: Int64? = nil
    ) {
        self.offset = offset
        self.leaderEpoch = leaderEpoch
        self.metadata = metadata
        self.commitTimestamp = commitTimestamp
        self.expireTimestamp = expireTimestamp
    }
}

/// One partition of an OffsetCommit request.
public struct OffsetCommitPartition: Hashable, Sendable {
    /// The partition index.
    public var partition: Int32
    /// The offset to commit.
    public var offset: Int64
    /// The committed leader epoch (OffsetCommit v6+), -1 if unknown.
    public var leaderEpoch: Int32
    /// The metadata string; nil is stored as "".
    public var metadata: String?

    /// Creates a partition commit.
    public init(partition: Int32, offset: Int64, leaderEpoch: Int32 = -1, metadata: String? = nil) {
        self.partition = partition
        self.offset = offset
        self.leaderEpoch = leaderEpoch
        self.metadata = metadata
    }
}

/// One topic of an OffsetCommit request.
public struct OffsetCommitTopic: Hashable, Sendable {
    /// The topic name.
    public var name: String
    /// The partitions to commit.
    public var partitions: [OffsetCommitPartition]

    /// Creates a topic commit.
    public init(name: String, partitions: [OffsetCommitPartition]) {
        self.name = name
        self.partitions = partitions
    }
}

/// An OffsetCommit request for one group.
public struct OffsetCommitInput: Hashable, Sendable {
    /// The committing member, empty for simple consumers and admin clients.
    public var memberId: String
    /// The static member's `group.instance.id`, if any.
    public var groupInstanceId: String?
    /// The member's generation, -1 for simple consumers.
    public var generationId: Int32
    /// The request version: v9+ answers GROUP_ID_NOT_FOUND for a missing group, older ones ILLEGAL_GENERATION.
    public var version: Int16
    /// The offsets to commit.
    public var topics: [OffsetCommitTopic]

    /// Creates a commit input.
    public init(
        memberId: String = "",
        groupInstanceId: String? = nil,
        generationId: Int32 = -1,
        version: Int16 = 8,
        topics: [OffsetCommitTopic]
    ) {
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.generationId = generationId
        self.version = version
        self.topics = topics
    }
}

/// The outcome for one partition of an OffsetCommit.
public struct OffsetCommitPartitionResult: Hashable, Sendable {
    /// The partition index.
    public var partition: Int32
    /// The error, or `.none`.
    public var errorCode: GroupErrorCode

    /// Creates a partition outcome.
    public init(partition: Int32, errorCode: GroupErrorCode) {
        self.partition = partition
        self.errorCode = errorCode
    }
}

/// The outcome for one topic of an OffsetCommit.
public struct OffsetCommitTopicResult: Hashable, Sendable {
    /// The topic name.
    public var name: String
    /// One outcome per requested partition, in request order.
    public var partitions: [OffsetCommitPartitionResult]

    /// Creates a topic outcome.
    public init(name: String, partitions: [OffsetCommitPartitionResult]) {
        self.name = name
        self.partitions = partitions
    }
}

/// The body of an OffsetCommit response.
public struct OffsetCommitResult: Hashable, Sendable {
    /// One outcome per requested topic, in request order.
    public var topics: [OffsetCommitTopicResult]

    /// Creates a commit outcome.
    public init(topics: [OffsetCommitTopicResult]) {
        self.topics = topics
    }
}

/// One topic of an OffsetFetch request.
public struct OffsetFetchTopic: Hashable, Sendable {
    /// The topic name.
    public var name: String
    /// The partitions to look up.
    public var partitions: [Int32]

    /// Creates a topic lookup.
    public init(name: String, partitions: [Int32]) {
        self.name = name
        self.partitions = partitions
    }
}

/// The committed offset of one partition as OffsetFetch returns it.
public struct OffsetFetchPartitionResult: Hashable, Sendable {
    /// The partition index.
    public var partition: Int32
    /// The committed offset, -1 if none.
    public var offset: Int64
    /// The committed leader epoch, -1 if none.
    public var leaderEpoch: Int32
    /// The committed metadata, "" if none.
    public var metadata: String
    /// The error, or `.none`.
    public var errorCode: GroupErrorCode

    /// Creates a partition entry.
    public init(partition: Int32, offset: Int64, leaderEpoch: Int32, metadata: String, errorCode: GroupErrorCode) {
        self.partition = partition
        self.offset = offset
        self.leaderEpoch = leaderEpoch
        self.metadata = metadata
        self.errorCode = errorCode
    }

    /// The entry for a partition without a committed offset.
    public static func missing(_ partition: Int32) -> OffsetFetchPartitionResult {
        OffsetFetchPartitionResult(partition: partition, offset: -1, leaderEpoch: -1, metadata: "", errorCode: .none)
    }
}

/// The committed offsets of one topic as OffsetFetch returns them.
public struct OffsetFetchTopicResult: Hashable, Sendable {
    /// The topic name.
    public var name: String
    /// The partitions.
    public var partitions: [OffsetFetchPartitionResult]

    /// Creates a topic entry.
    public init(name: String, partitions: [OffsetFetchPartitionResult]) {
        self.name = name
        self.partitions = partitions
    }
}

/// The answer to an OffsetFetch for one group.
public struct OffsetFetchResult: Hashable, Sendable {
    /// A group-level error (OffsetFetch v2+), or `.none`.
    public var errorCode: GroupErrorCode
    /// The topics, in request order (or sorted by name when all were requested).
    public var topics: [OffsetFetchTopicResult]

    /// Creates a fetch answer.
    public init(errorCode: GroupErrorCode = .none, topics: [OffsetFetchTopicResult]) {
        self.errorCode = errorCode
        self.topics = topics
    }
}

/// OffsetCommit request (key 8), v2–v9: a group commits offsets for partitions; v8+ flexible.
public struct OffsetCommitRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.offsetCommit
    public static let versions: ClosedRange<Int16> = 2...9
    public static let firstFlexibleVersion: Int16? = 8

    /// The offsets to commit for one topic.
    public struct Topic: Hashable, Sendable {
        public var name: String
        public var partitions: [Partition]

        public init(name: String, partitions: [Partition]) {
            self.name = name
            self.partitions = partitions
        }
    }

    /// The offset to commit for one partition.
    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        public var committedOffset: Int64
        /// The leader epoch of the partition (v6+; -1 before or when unknown).
        public var committedLeaderEpoch: Int32
        // CommitTimestamp (v1 only) is not in our version range.
        /// Metadata the client wants kept with the offset (nullable).
        public var committedMetadata: String?

        public init(
            partitionIndex: Int32,
            committedOffset: Int64,
            committedLeaderEpoch: Int32 = -1,
            committedMetadata: String? = nil
        ) {
            self.partitionIndex = partitionIndex
            self.committedOffset = committedOffset
            self.committedLeaderEpoch = committedLeaderEpoch
            self.committedMetadata = committedMetadata
        }
    }

    public var groupId: String
    /// The generation (classic protocol) or member epoch (consumer protocol); -1 for simple (assign()) consumers.
    public var generationIdOrMemberEpoch: Int32
    /// The member id; "" for simple consumers.
    public var memberId: String
    /// Static membership id (v7+, nullable).
    public var groupInstanceId: String?
    /// How long to retain the offsets, in ms (v2–4 only; -1 = broker default).
    public var retentionTimeMs: Int64
    public var topics: [Topic]

    public init(
        groupId: String,
        generationIdOrMemberEpoch: Int32 = -1,
        memberId: String = "",
        groupInstanceId: String? = nil,
        retentionTimeMs: Int64 = -1,
        topics: [Topic]
    ) {
        self.groupId = groupId
        self.generationIdOrMemberEpoch = generationIdOrMemberEpoch
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.retentionTimeMs = retentionTimeMs
        self.topics = topics
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        groupId = try reader.readString("GroupId")
        generationIdOrMemberEpoch = try reader.readInt32("GenerationIdOrMemberEpoch")
        memberId = try reader.readString("MemberId")
        groupInstanceId = version >= 7 ? try reader.readNullableString("GroupInstanceId") : nil
        retentionTimeMs = (2...4).contains(version) ? try reader.readInt64("RetentionTimeMs") : -1
        let flexible = reader.flexible
        // index + offset (+ epoch v6+) + metadata (+ tags): 4 + 8 (+4) + 2 classic; 4 + 8 + 4 + 1 + 1 compact.
        let minimumPartition = flexible ? 18 : (version >= 6 ? 18 : 14)
        // name + partitions (+ tags): 2 + 4 classic; 1 + 1 + 1 compact.
        topics = try reader.readArray("Topics", minimumElementSize: flexible ? 3 : 6) {
            (t: inout WireReader) throws(KafkaProtocolError) in
            let name = try t.readString("Topics.Name")
            let partitions = try t.readArray("Partitions", minimumElementSize: minimumPartition) {
                (p: inout WireReader) throws(KafkaProtocolError) in
                let index = try p.readInt32("PartitionIndex")
                let offset = try p.readInt64("CommittedOffset")
                let epoch = version >= 6 ? try p.readInt32("CommittedLeaderEpoch") : -1
                let metadata = try p.readNullableString("CommittedMetadata")
                try p.skipTaggedFields()
                return Partition(
                    partitionIndex: index,
                    committedOffset: offset,
                    committedLeaderEpoch: epoch,
                    committedMetadata: metadata
                )
            }
            try t.skipTaggedFields()
            return Topic(name: name, partitions: partitions)
        }
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeString(groupId)
        writer.writeInt32(generationIdOrMemberEpoch)
        writer.writeString(memberId)
        if version >= 7 { writer.writeNullableString(groupInstanceId) }
        if (2...4).contains(version) { writer.writeInt64(retentionTimeMs) }
        writer.writeArray(topics) { t, topic in
            t.writeString(topic.name)
            t.writeArray(topic.partitions) { p, partition in
                p.writeInt32(partition.partitionIndex)
                p.writeInt64(partition.committedOffset)
                if version >= 6 { p.writeInt32(partition.committedLeaderEpoch) }
                p.writeNullableString(partition.committedMetadata)
                p.writeEmptyTaggedFields()
            }
            t.writeEmptyTaggedFields()
        }
        writer.writeEmptyTaggedFields()
    }
}

/// OffsetCommit response, v2–v9: an error code per committed partition.
public struct OffsetCommitResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.offsetCommit
    public static let versions: ClosedRange<Int16> = 2...9
    public static let firstFlexibleVersion: Int16? = 8

    /// The results for one topic.
    public struct Topic: Hashable, Sendable {
        public var name: String
        public var partitions: [Partition]

        public init(name: String, partitions: [Partition]) {
            self.name = name
            self.partitions = partitions
        }
    }

    /// The result for one partition.
    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        public var errorCode: KafkaErrorCode

        public init(partitionIndex: Int32, errorCode: KafkaErrorCode = .none) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
        }
    }

    /// Throttle time in ms (v3+).
    public var throttleTimeMs: Int32
    public var topics: [Topic]

    public init(throttleTimeMs: Int32 = 0, topics: [Topic]) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        throttleTimeMs = version >= 3 ? try reader.readInt32("ThrottleTimeMs") : 0
        let flexible = reader.flexible
        topics = try reader.readArray("Topics", minimumElementSize: flexible ? 3 : 6) {
            (t: inout WireReader) throws(KafkaProtocolError) in
            let name = try t.readString("Topics.Name")
            // index + error (+ tags): 4 + 2 (+1).
            let partitions = try t.readArray("Partitions", minimumElementSize: flexible ? 7 : 6) {
                (p: inout WireReader) throws(KafkaProtocolError) in
                let index = try p.readInt32("PartitionIndex")
                let error = KafkaErrorCode(rawValue: try p.readInt16("ErrorCode"))
                try p.skipTaggedFields()
                return Partition(partitionIndex: index, errorCode: error)
            }
            try t.skipTaggedFields()
            return Topic(name: name, partitions: partitions)
        }
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        if version >= 3 { writer.writeInt32(throttleTimeMs) }
        writer.writeArray(topics) { t, topic in
            t.writeString(topic.name)
            t.writeArray(topic.partitions) { p, partition in
                p.writeInt32(partition.partitionIndex)
                p.writeInt16(partition.errorCode.rawValue)
                p.writeEmptyTaggedFields()
            }
            t.writeEmptyTaggedFields()
        }
        writer.writeEmptyTaggedFields()
    }
}

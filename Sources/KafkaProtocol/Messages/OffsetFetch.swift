/// OffsetFetch request (key 9), v1–v8: committed offsets of one group (v1–7) or several groups (v8); v6+ flexible.
public struct OffsetFetchRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.offsetFetch
    public static let versions: ClosedRange<Int16> = 1...8
    public static let firstFlexibleVersion: Int16? = 6

    /// The partitions wanted for one topic.
    public struct Topic: Hashable, Sendable {
        public var name: String
        public var partitionIndexes: [Int32]

        public init(name: String, partitionIndexes: [Int32]) {
            self.name = name
            self.partitionIndexes = partitionIndexes
        }
    }

    /// One group whose offsets are wanted (v8+).
    public struct Group: Hashable, Sendable {
        public var groupId: String
        // MemberId and MemberEpoch (v9+) are not in our version range.
        /// The topics wanted, or nil for all topics with committed offsets.
        public var topics: [Topic]?

        public init(groupId: String, topics: [Topic]? = nil) {
            self.groupId = groupId
            self.topics = topics
        }
    }

    /// The group (v1–7 only; "" from v8).
    public var groupId: String
    /// The topics wanted (v1–7 only; [] from v8); nil (v2–7) = all topics. Not nullable in v1: nil is written as
    /// an empty array there, and a null array is rejected.
    public var topics: [Topic]?
    /// The groups wanted (v8+ only; empty before).
    public var groups: [Group]
    /// Whether to answer UNSTABLE_OFFSET_COMMIT for partitions with pending transactional offsets (v7+).
    public var requireStable: Bool

    public init(groupId: String = "", topics: [Topic]? = [], groups: [Group] = [], requireStable: Bool = false) {
        self.groupId = groupId
        self.topics = topics
        self.groups = groups
        self.requireStable = requireStable
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        let flexible = reader.flexible
        // name + partition indexes (+ tags): 2 + 4 classic; 1 + 1 + 1 compact.
        let minimumTopic = flexible ? 3 : 6
        let readTopic = { (t: inout WireReader) throws(KafkaProtocolError) -> Topic in
            let name = try t.readString("Topics.Name")
            let indexes = try t.readArray("PartitionIndexes", minimumElementSize: 4) {
                (p: inout WireReader) throws(KafkaProtocolError) in
                try p.readInt32("PartitionIndex")
            }
            try t.skipTaggedFields()
            return Topic(name: name, partitionIndexes: indexes)
        }
        if version <= 7 {
            groupId = try reader.readString("GroupId")
            topics = try reader.readNullableArray("Topics", minimumElementSize: minimumTopic, readTopic)
            if version < 2 && topics == nil {
                throw KafkaProtocolError(.invalidLength, "Topics is null but may not be before v2")
            }
            groups = []
        } else {
            groupId = ""
            topics = []
            // group id + topics (+ tags): 1 + 1 + 1 compact (v8 is flexible).
            groups = try reader.readArray("Groups", minimumElementSize: flexible ? 3 : 6) {
                (g: inout WireReader) throws(KafkaProtocolError) in
                let id = try g.readString("Groups.GroupId")
                let groupTopics = try g.readNullableArray("Groups.Topics", minimumElementSize: minimumTopic, readTopic)
                try g.skipTaggedFields()
                return Group(groupId: id, topics: groupTopics)
            }
        }
        requireStable = version >= 7 ? try reader.readBool("RequireStable") : false
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        let writeTopic = { (t: inout WireWriter, topic: Topic) in
            t.writeString(topic.name)
            t.writeArray(topic.partitionIndexes) { p, index in p.writeInt32(index) }
            t.writeEmptyTaggedFields()
        }
        if version <= 7 {
            writer.writeString(groupId)
            writer.writeNullableArray(version >= 2 ? topics : (topics ?? []), writeTopic)
        } else {
            writer.writeArray(groups) { g, group in
                g.writeString(group.groupId)
                g.writeNullableArray(group.topics, writeTopic)
                g.writeEmptyTaggedFields()
            }
        }
        if version >= 7 { writer.writeBool(requireStable) }
        writer.writeEmptyTaggedFields()
    }
}

/// OffsetFetch response, v1–v8: committed offsets per partition, for one group (v1–7) or per group (v8).
public struct OffsetFetchResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.offsetFetch
    public static let versions: ClosedRange<Int16> = 1...8
    public static let firstFlexibleVersion: Int16? = 6

    /// The offsets of one topic.
    public struct Topic: Hashable, Sendable {
        public var name: String
        public var partitions: [Partition]

        public init(name: String, partitions: [Partition]) {
            self.name = name
            self.partitions = partitions
        }
    }

    /// The committed offset of one partition (-1 and nil metadata if none).
    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        public var committedOffset: Int64
        /// The leader epoch of the committed offset (v5+; -1 before or when unknown).
        public var committedLeaderEpoch: Int32
        /// The metadata committed with the offset (nullable).
        public var metadata: String?
        public var errorCode: KafkaErrorCode

        public init(
            partitionIndex: Int32,
            committedOffset: Int64,
            committedLeaderEpoch: Int32 = -1,
            metadata: String? = nil,
            errorCode: KafkaErrorCode = .none
        ) {
            self.partitionIndex = partitionIndex
            self.committedOffset = committedOffset
            self.committedLeaderEpoch = committedLeaderEpoch
            self.metadata = metadata
            self.errorCode = errorCode
        }
    }

    /// The offsets of one group (v8+).
    public struct Group: Hashable, Sendable {
        public var groupId: String
        public var topics: [Topic]
        /// The group-level error.
        public var errorCode: KafkaErrorCode

        public init(groupId: String, topics: [Topic], errorCode: KafkaErrorCode = .none) {
            self.groupId = groupId
            self.topics = topics
            self.errorCode = errorCode
        }
    }

    /// Throttle time in ms (v3+).
    public var throttleTimeMs: Int32
    /// Per-topic offsets (v1–7 only; empty from v8).
    public var topics: [Topic]
    /// The top-level (group or coordinator) error (v2–7 only; none otherwise).
    public var errorCode: KafkaErrorCode
    /// Per-group offsets (v8+ only; empty before).
    public var groups: [Group]

    public init(
        throttleTimeMs: Int32 = 0,
        topics: [Topic] = [],
        errorCode: KafkaErrorCode = .none,
        groups: [Group] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
        self.errorCode = errorCode
        self.groups = groups
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        throttleTimeMs = version >= 3 ? try reader.readInt32("ThrottleTimeMs") : 0
        let flexible = reader.flexible
        // index + offset (+ epoch v5+) + metadata + error (+ tags): 4 + 8 (+4) + 2 + 2 classic; 4+8+4+1+2+1 compact.
        let minimumPartition = flexible ? 20 : (version >= 5 ? 20 : 16)
        let readTopic = { (t: inout WireReader) throws(KafkaProtocolError) -> Topic in
            let name = try t.readString("Topics.Name")
            let partitions = try t.readArray("Partitions", minimumElementSize: minimumPartition) {
                (p: inout WireReader) throws(KafkaProtocolError) in
                let index = try p.readInt32("PartitionIndex")
                let offset = try p.readInt64("CommittedOffset")
                let epoch = version >= 5 ? try p.readInt32("CommittedLeaderEpoch") : -1
                let metadata = try p.readNullableString("Metadata")
                let error = KafkaErrorCode(rawValue: try p.readInt16("ErrorCode"))
                try p.skipTaggedFields()
                return Partition(
                    partitionIndex: index,
                    committedOffset: offset,
                    committedLeaderEpoch: epoch,
                    metadata: metadata,
                    errorCode: error
                )
            }
            try t.skipTaggedFields()
            return Topic(name: name, partitions: partitions)
        }
        // name + partitions (+ tags): 2 + 4 classic; 1 + 1 + 1 compact.
        let minimumTopic = flexible ? 3 : 6
        if version <= 7 {
            topics = try reader.readArray("Topics", minimumElementSize: minimumTopic, readTopic)
            errorCode = version >= 2 ? KafkaErrorCode(rawValue: try reader.readInt16("ErrorCode")) : .none
            groups = []
        } else {
            topics = []
            errorCode = .none
            // group id + topics + error (+ tags): 1 + 1 + 2 + 1 compact (v8 is flexible).
            groups = try reader.readArray("Groups", minimumElementSize: flexible ? 5 : 8) {
                (g: inout WireReader) throws(KafkaProtocolError) in
                let id = try g.readString("Groups.GroupId")
                let groupTopics = try g.readArray("Groups.Topics", minimumElementSize: minimumTopic, readTopic)
                let error = KafkaErrorCode(rawValue: try g.readInt16("Groups.ErrorCode"))
                try g.skipTaggedFields()
                return Group(groupId: id, topics: groupTopics, errorCode: error)
            }
        }
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        if version >= 3 { writer.writeInt32(throttleTimeMs) }
        let writeTopic = { (t: inout WireWriter, topic: Topic) in
            t.writeString(topic.name)
            t.writeArray(topic.partitions) { p, partition in
                p.writeInt32(partition.partitionIndex)
                p.writeInt64(partition.committedOffset)
                if version >= 5 { p.writeInt32(partition.committedLeaderEpoch) }
                p.writeNullableString(partition.metadata)
                p.writeInt16(partition.errorCode.rawValue)
                p.writeEmptyTaggedFields()
            }
            t.writeEmptyTaggedFields()
        }
        if version <= 7 {
            writer.writeArray(topics, writeTopic)
            if version >= 2 { writer.writeInt16(errorCode.rawValue) }
        } else {
            writer.writeArray(groups) { g, group in
                g.writeString(group.groupId)
                g.writeArray(group.topics, writeTopic)
                g.writeInt16(group.errorCode.rawValue)
                g.writeEmptyTaggedFields()
            }
        }
        writer.writeEmptyTaggedFields()
    }
}

/// ListOffsets request (key 2), v1–v7 (flexible from v6): the offset for a timestamp per partition
/// (-1 latest, -2 earliest, -3 max timestamp from v7).
public struct ListOffsetsRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.listOffsets
    public static let versions: ClosedRange<Int16> = 1...7
    public static let firstFlexibleVersion: Int16? = 6

    /// The partitions asked about in one topic.
    public struct Topic: Hashable, Sendable {
        /// The topic name.
        public var name: String
        /// Each partition asked about.
        public var partitions: [Partition]

        public init(name: String, partitions: [Partition]) {
            self.name = name
            self.partitions = partitions
        }
    }

    /// One partition and the timestamp to look up.
    public struct Partition: Hashable, Sendable {
        /// The partition index.
        public var partitionIndex: Int32
        /// The leader epoch the client knows, for fencing, or -1 (v4+).
        public var currentLeaderEpoch: Int32
        /// The timestamp to look up, or -1 (latest), -2 (earliest), -3 (max timestamp, v7+).
        public var timestamp: Int64

        public init(partitionIndex: Int32, currentLeaderEpoch: Int32 = -1, timestamp: Int64) {
            self.partitionIndex = partitionIndex
            self.currentLeaderEpoch = currentLeaderEpoch
            self.timestamp = timestamp
        }
    }

    /// The requesting broker's id, or -1 for a consumer.
    public var replicaId: Int32
    /// 0 read_uncommitted, 1 read_committed (v2+).
    public var isolationLevel: Int8
    /// Each topic asked about.
    public var topics: [Topic]

    public init(replicaId: Int32 = -1, isolationLevel: Int8 = 0, topics: [Topic]) {
        self.replicaId = replicaId
        self.isolationLevel = isolationLevel
        self.topics = topics
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        let flexible = reader.flexible
        replicaId = try reader.readInt32("ReplicaId")
        isolationLevel = version >= 2 ? try reader.readInt8("IsolationLevel") : 0
        topics = try reader.readArray("Topics", minimumElementSize: flexible ? 3 : 6) {
            (topic: inout WireReader) throws(KafkaProtocolError) in
            let name = try topic.readString("Name")
            let partitions = try topic.readArray("Partitions", minimumElementSize: flexible ? 17 : 12) {
                (partition: inout WireReader) throws(KafkaProtocolError) in
                let index = try partition.readInt32("PartitionIndex")
                let epoch = version >= 4 ? try partition.readInt32("CurrentLeaderEpoch") : -1
                let timestamp = try partition.readInt64("Timestamp")
                try partition.skipTaggedFields()
                return Partition(partitionIndex: index, currentLeaderEpoch: epoch, timestamp: timestamp)
            }
            try topic.skipTaggedFields()
            return Topic(name: name, partitions: partitions)
        }
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeInt32(replicaId)
        if version >= 2 { writer.writeInt8(isolationLevel) }
        writer.writeArray(topics) { topic, value in
            topic.writeString(value.name)
            topic.writeArray(value.partitions) { partition, entry in
                partition.writeInt32(entry.partitionIndex)
                if version >= 4 { partition.writeInt32(entry.currentLeaderEpoch) }
                partition.writeInt64(entry.timestamp)
                partition.writeEmptyTaggedFields()
            }
            topic.writeEmptyTaggedFields()
        }
        writer.writeEmptyTaggedFields()
    }
}

/// ListOffsets response, v1–v7: the offset found (and its timestamp) per partition.
public struct ListOffsetsResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.listOffsets
    public static let versions: ClosedRange<Int16> = 1...7
    public static let firstFlexibleVersion: Int16? = 6

    /// The answers for one topic.
    public struct Topic: Hashable, Sendable {
        /// The topic name.
        public var name: String
        /// Each partition answered.
        public var partitions: [Partition]

        public init(name: String, partitions: [Partition]) {
            self.name = name
            self.partitions = partitions
        }
    }

    /// The answer for one partition.
    public struct Partition: Hashable, Sendable {
        /// The partition index.
        public var partitionIndex: Int32
        /// The error, or `.none`.
        public var errorCode: KafkaErrorCode
        /// The timestamp of the returned offset, or -1.
        public var timestamp: Int64
        /// The returned offset, or -1.
        public var offset: Int64
        /// The leader epoch of the returned offset, or -1 (v4+).
        public var leaderEpoch: Int32

        public init(
            partitionIndex: Int32,
            errorCode: KafkaErrorCode = .none,
            timestamp: Int64 = -1,
            offset: Int64 = -1,
            leaderEpoch: Int32 = -1
        ) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
            self.timestamp = timestamp
            self.offset = offset
            self.leaderEpoch = leaderEpoch
        }
    }

    /// How long the request was throttled, in milliseconds (v2+).
    public var throttleTimeMs: Int32
    /// Each topic answered.
    public var topics: [Topic]

    public init(throttleTimeMs: Int32 = 0, topics: [Topic]) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        let flexible = reader.flexible
        throttleTimeMs = version >= 2 ? try reader.readInt32("ThrottleTimeMs") : 0
        topics = try reader.readArray("Topics", minimumElementSize: flexible ? 3 : 6) {
            (topic: inout WireReader) throws(KafkaProtocolError) in
            let name = try topic.readString("Name")
            let partitions = try topic.readArray("Partitions", minimumElementSize: flexible ? 27 : 22) {
                (partition: inout WireReader) throws(KafkaProtocolError) in
                let index = try partition.readInt32("PartitionIndex")
                let errorCode = KafkaErrorCode(rawValue: try partition.readInt16("ErrorCode"))
                let timestamp = try partition.readInt64("Timestamp")
                let offset = try partition.readInt64("Offset")
                let epoch = version >= 4 ? try partition.readInt32("LeaderEpoch") : -1
                try partition.skipTaggedFields()
                return Partition(
                    partitionIndex: index,
                    errorCode: errorCode,
                    timestamp: timestamp,
                    offset: offset,
                    leaderEpoch: epoch
                )
            }
            try topic.skipTaggedFields()
            return Topic(name: name, partitions: partitions)
        }
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        if version >= 2 { writer.writeInt32(throttleTimeMs) }
        writer.writeArray(topics) { topic, value in
            topic.writeString(value.name)
            topic.writeArray(value.partitions) { partition, entry in
                partition.writeInt32(entry.partitionIndex)
                partition.writeInt16(entry.errorCode.rawValue)
                partition.writeInt64(entry.timestamp)
                partition.writeInt64(entry.offset)
                if version >= 4 { partition.writeInt32(entry.leaderEpoch) }
                partition.writeEmptyTaggedFields()
            }
            topic.writeEmptyTaggedFields()
        }
        writer.writeEmptyTaggedFields()
    }
}

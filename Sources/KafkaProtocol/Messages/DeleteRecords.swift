/// DeleteRecords request (key 21), v0–v2 (flexible from v2): move partitions' log start offsets forward.
public struct DeleteRecordsRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.deleteRecords
    public static let versions: ClosedRange<Int16> = 0...2
    public static let firstFlexibleVersion: Int16? = 2

    /// One partition to delete records from.
    public struct Partition: Hashable, Sendable {
        /// The partition index.
        public var partitionIndex: Int32
        /// Delete every record before this offset (-1 = the high watermark).
        public var offset: Int64

        public init(partitionIndex: Int32, offset: Int64) {
            self.partitionIndex = partitionIndex
            self.offset = offset
        }
    }

    /// One topic to delete records from.
    public struct Topic: Hashable, Sendable {
        /// The topic name.
        public var name: String
        /// The partitions to delete records from.
        public var partitions: [Partition]

        public init(name: String, partitions: [Partition]) {
            self.name = name
            self.partitions = partitions
        }
    }

    /// The topics to delete records from.
    public var topics: [Topic]
    /// How long to wait in ms for the deletion to complete.
    public var timeoutMs: Int32

    public init(topics: [Topic], timeoutMs: Int32 = 0) {
        self.topics = topics
        self.timeoutMs = timeoutMs
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        let flexible = reader.flexible
        topics = try reader.readArray("Topics", minimumElementSize: flexible ? 3 : 6) {
            (r: inout WireReader) throws(KafkaProtocolError) in
            let name = try r.readString("Name")
            let partitions = try r.readArray("Partitions", minimumElementSize: flexible ? 13 : 12) {
                (p: inout WireReader) throws(KafkaProtocolError) in
                let partitionIndex = try p.readInt32("PartitionIndex")
                let offset = try p.readInt64("Offset")
                try p.skipTaggedFields()
                return Partition(partitionIndex: partitionIndex, offset: offset)
            }
            try r.skipTaggedFields()
            return Topic(name: name, partitions: partitions)
        }
        timeoutMs = try reader.readInt32("TimeoutMs")
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeArray(topics) { w, topic in
            w.writeString(topic.name)
            w.writeArray(topic.partitions) { p, partition in
                p.writeInt32(partition.partitionIndex)
                p.writeInt64(partition.offset)
                p.writeEmptyTaggedFields()
            }
            w.writeEmptyTaggedFields()
        }
        writer.writeInt32(timeoutMs)
        writer.writeEmptyTaggedFields()
    }
}

/// DeleteRecords response, v0–v2: throttle time and each partition's new low watermark.
public struct DeleteRecordsResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.deleteRecords
    public static let versions: ClosedRange<Int16> = 0...2
    public static let firstFlexibleVersion: Int16? = 2

    /// The result for one partition.
    public struct Partition: Hashable, Sendable {
        /// The partition index.
        public var partitionIndex: Int32
        /// The partition's low watermark after the deletion.
        public var lowWatermark: Int64
        public var errorCode: KafkaErrorCode

        public init(partitionIndex: Int32, lowWatermark: Int64, errorCode: KafkaErrorCode = .none) {
            self.partitionIndex = partitionIndex
            self.lowWatermark = lowWatermark
            self.errorCode = errorCode
        }
    }

    /// The results for one topic.
    public struct Topic: Hashable, Sendable {
        /// The topic name.
        public var name: String
        /// The results for each partition.
        public var partitions: [Partition]

        public init(name: String, partitions: [Partition]) {
            self.name = name
            self.partitions = partitions
        }
    }

    /// Throttle time in ms.
    public var throttleTimeMs: Int32
    /// The results for each topic.
    public var topics: [Topic]

    public init(throttleTimeMs: Int32 = 0, topics: [Topic]) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        let flexible = reader.flexible
        throttleTimeMs = try reader.readInt32("ThrottleTimeMs")
        topics = try reader.readArray("Topics", minimumElementSize: flexible ? 3 : 6) {
            (r: inout WireReader) throws(KafkaProtocolError) in
            let name = try r.readString("Name")
            let partitions = try r.readArray("Partitions", minimumElementSize: flexible ? 15 : 14) {
                (p: inout WireReader) throws(KafkaProtocolError) in
                let partitionIndex = try p.readInt32("PartitionIndex")
                let lowWatermark = try p.readInt64("LowWatermark")
                let errorCode = KafkaErrorCode(rawValue: try p.readInt16("ErrorCode"))
                try p.skipTaggedFields()
                return Partition(partitionIndex: partitionIndex, lowWatermark: lowWatermark, errorCode: errorCode)
            }
            try r.skipTaggedFields()
            return Topic(name: name, partitions: partitions)
        }
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeInt32(throttleTimeMs)
        writer.writeArray(topics) { w, topic in
            w.writeString(topic.name)
            w.writeArray(topic.partitions) { p, partition in
                p.writeInt32(partition.partitionIndex)
                p.writeInt64(partition.lowWatermark)
                p.writeInt16(partition.errorCode.rawValue)
                p.writeEmptyTaggedFields()
            }
            w.writeEmptyTaggedFields()
        }
        writer.writeEmptyTaggedFields()
    }
}

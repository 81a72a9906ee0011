import NIOCore

/// Fetch request (key 1), v4–v12 (flexible from v12), by topic name. The tagged field ClusterId (top level,
/// tag 0, v12+) is skipped on read and never written.
public struct FetchRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.fetch
    public static let versions: ClosedRange<Int16> = 4...12
    public static let firstFlexibleVersion: Int16? = 12

    /// The partitions to fetch from one topic.
    public struct Topic: Hashable, Sendable {
        /// The topic name.
        public var topic: String
        /// The partitions to fetch.
        public var partitions: [Partition]

        public init(topic: String, partitions: [Partition]) {
            self.topic = topic
            self.partitions = partitions
        }
    }

    /// One partition to fetch and where to start.
    public struct Partition: Hashable, Sendable {
        /// The partition index.
        public var partition: Int32
        /// The leader epoch the client knows, or -1 (v9+).
        public var currentLeaderEpoch: Int32
        /// The offset to fetch from.
        public var fetchOffset: Int64
        /// The epoch of the last fetched record, or -1 (v12+).
        public var lastFetchedEpoch: Int32
        /// The follower's log start offset, or -1 for consumers (v5+).
        public var logStartOffset: Int64
        /// The most bytes to return for this partition (KIP-74: at least one batch is always returned).
        public var partitionMaxBytes: Int32

        public init(
            partition: Int32,
            currentLeaderEpoch: Int32 = -1,
            fetchOffset: Int64,
            lastFetchedEpoch: Int32 = -1,
            logStartOffset: Int64 = -1,
            partitionMaxBytes: Int32
        ) {
            self.partition = partition
            self.currentLeaderEpoch = currentLeaderEpoch
            self.fetchOffset = fetchOffset
            self.lastFetchedEpoch = lastFetchedEpoch
            self.logStartOffset = logStartOffset
            self.partitionMaxBytes = partitionMaxBytes
        }
    }

    /// Partitions an incremental fetch session should stop tracking, for one topic.
    public struct ForgottenTopic: Hashable, Sendable {
        /// The topic name.
        public var topic: String
        /// The partition indexes to forget.
        public var partitions: [Int32]

        public init(topic: String, partitions: [Int32]) {
            self.topic = topic
            self.partitions = partitions
        }
    }

    /// The follower's broker id, or -1 for a consumer.
    public var replicaId: Int32
    /// The longest to wait for `minBytes`, in milliseconds.
    public var maxWaitMs: Int32
    /// The fewest bytes to accumulate before answering.
    public var minBytes: Int32
    /// The most bytes to return in total.
    public var maxBytes: Int32
    /// 0 read_uncommitted, 1 read_committed.
    public var isolationLevel: Int8
    /// The fetch session id, 0 for none (v7+).
    public var sessionId: Int32
    /// The fetch session epoch, -1 for a full fetch without a session (v7+).
    public var sessionEpoch: Int32
    /// The topics to fetch.
    public var topics: [Topic]
    /// In an incremental fetch, the partitions to remove from the session (v7+).
    public var forgottenTopicsData: [ForgottenTopic]
    /// The consumer's rack, or "" (v11+).
    public var rackId: String

    public init(
        replicaId: Int32 = -1,
        maxWaitMs: Int32,
        minBytes: Int32,
        maxBytes: Int32 = Int32.max,
        isolationLevel: Int8 = 0,
        sessionId: Int32 = 0,
        sessionEpoch: Int32 = -1,
        topics: [Topic],
        forgottenTopicsData: [ForgottenTopic] = [],
        rackId: String = ""
    ) {
        self.replicaId = replicaId
        self.maxWaitMs = maxWaitMs
        self.minBytes = minBytes
        self.maxBytes = maxBytes
        self.isolationLevel = isolationLevel
        self.sessionId = sessionId
        self.sessionEpoch = sessionEpoch
        self.topics = topics
        self.forgottenTopicsData = forgottenTopicsData
        self.rackId = rackId
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        let flexible = reader.flexible
        replicaId = try reader.readInt32("ReplicaId")
        maxWaitMs = try reader.readInt32("MaxWaitMs")
        minBytes = try reader.readInt32("MinBytes")
        maxBytes = try reader.readInt32("MaxBytes")
        isolationLevel = try reader.readInt8("IsolationLevel")
        if version >= 7 {
            sessionId = try reader.readInt32("SessionId")
            sessionEpoch = try reader.readInt32("SessionEpoch")
        } else {
            sessionId = 0
            sessionEpoch = -1
        }
        // partition, fetch offset, max bytes; + log start offset (v5+), leader epochs (v9+, v12+) and tags.
        let partitionSize = flexible ? 33 : (version >= 5 ? 24 : 16)
        topics = try reader.readArray("Topics", minimumElementSize: flexible ? 3 : 6) {
            (topic: inout WireReader) throws(KafkaProtocolError) in
            let name = try topic.readString("Topic")
            let partitions = try topic.readArray("Partitions", minimumElementSize: partitionSize) {
                (partition: inout WireReader) throws(KafkaProtocolError) in
                let index = try partition.readInt32("Partition")
                let currentLeaderEpoch = version >= 9 ? try partition.readInt32("CurrentLeaderEpoch") : -1
                let fetchOffset = try partition.readInt64("FetchOffset")
                let lastFetchedEpoch = version >= 12 ? try partition.readInt32("LastFetchedEpoch") : -1
                let logStartOffset = version >= 5 ? try partition.readInt64("LogStartOffset") : -1
                let maxBytes = try partition.readInt32("PartitionMaxBytes")
                try partition.skipTaggedFields()
                return Partition(
                    partition: index,
                    currentLeaderEpoch: currentLeaderEpoch,
                    fetchOffset: fetchOffset,
                    lastFetchedEpoch: lastFetchedEpoch,
                    logStartOffset: logStartOffset,
                    partitionMaxBytes: maxBytes
                )
            }
            try topic.skipTaggedFields()
            return Topic(topic: name, partitions: partitions)
        }
        if version >= 7 {
            forgottenTopicsData = try reader.readArray("ForgottenTopicsData", minimumElementSize: flexible ? 3 : 6) {
                (forgotten: inout WireReader) throws(KafkaProtocolError) in
                let name = try forgotten.readString("Topic")
                let partitions = try forgotten.readArray("Partitions", minimumElementSize: 4) {
                    (index: inout WireReader) throws(KafkaProtocolError) in try index.readInt32("Partitions")
                }
                try forgotten.skipTaggedFields()
                return ForgottenTopic(topic: name, partitions: partitions)
            }
        } else {
            forgottenTopicsData = []
        }
        rackId = version >= 11 ? try reader.readString("RackId") : ""
        try reader.skipTaggedFields()  // ClusterId (tag 0)
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeInt32(replicaId)
        writer.writeInt32(maxWaitMs)
        writer.writeInt32(minBytes)
        writer.writeInt32(maxBytes)
        writer.writeInt8(isolationLevel)
        if version >= 7 {
            writer.writeInt32(sessionId)
            writer.writeInt32(sessionEpoch)
        }
        writer.writeArray(topics) { topic, value in
            topic.writeString(value.topic)
            topic.writeArray(value.partitions) { partition, entry in
                partition.writeInt32(entry.partition)
                if version >= 9 { partition.writeInt32(entry.currentLeaderEpoch) }
                partition.writeInt64(entry.fetchOffset)
                if version >= 12 { partition.writeInt32(entry.lastFetchedEpoch) }
                if version >= 5 { partition.writeInt64(entry.logStartOffset) }
                partition.writeInt32(entry.partitionMaxBytes)
                partition.writeEmptyTaggedFields()
            }
            topic.writeEmptyTaggedFields()
        }
        if version >= 7 {
            writer.writeArray(forgottenTopicsData) { forgotten, value in
                forgotten.writeString(value.topic)
                forgotten.writeArray(value.partitions) { $0.writeInt32($1) }
                forgotten.writeEmptyTaggedFields()
            }
        }
        if version >= 11 { writer.writeString(rackId) }
        writer.writeEmptyTaggedFields()
    }
}

/// The records of one Fetch response partition: bytes in memory, or bytes the broker will send from a file.
public enum FetchRecords: Hashable, Sendable {
    /// Record batches in memory, or null. Decoding always yields this case.
    case bytes(ByteBuffer?)
    /// `length` bytes the caller sends itself (e.g. from a log segment) where `handle` says.
    case external(length: Int, handle: Int)

    /// No records (null).
    public static let null = FetchRecords.bytes(nil)

    /// The number of record bytes, not counting the length prefix.
    public var length: Int {
        switch self {
        case .bytes(let buffer): buffer?.readableBytes ?? 0
        case .external(let length, _): length
        }
    }
}

/// A piece of an encoded Fetch response body: bytes to send, or a run of external record bytes.
public enum FetchResponseChunk: Sendable, Equatable {
    /// Encoded bytes.
    case bytes(ByteBuffer)
    /// `length` bytes of the records identified by `handle`, which the caller sends in place of this chunk.
    case external(handle: Int, length: Int)

    /// The number of bytes this chunk stands for on the wire.
    public var length: Int {
        switch self {
        case .bytes(let buffer): buffer.readableBytes
        case .external(_, let length): length
        }
    }
}

/// Fetch response, v4–v12: records and offsets per partition. The tagged fields DivergingEpoch (tag 0),
/// CurrentLeader (tag 1) and SnapshotId (tag 2) of each partition (v12+) are skipped on read and never written.
///
/// Records can be `.external`, so a broker can send them from a file: `encodeChunks(version:)` gives the body as
/// byte chunks around them.
public struct FetchResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.fetch
    public static let versions: ClosedRange<Int16> = 4...12
    public static let firstFlexibleVersion: Int16? = 12

    /// The answers for one topic.
    public struct TopicResponse: Hashable, Sendable {
        /// The topic name.
        public var topic: String
        /// Each partition answered.
        public var partitions: [PartitionData]

        public init(topic: String, partitions: [PartitionData]) {
            self.topic = topic
            self.partitions = partitions
        }
    }

    /// The answer for one partition.
    public struct PartitionData: Hashable, Sendable {
        /// The partition index.
        public var partitionIndex: Int32
        /// The error, or `.none`.
        public var errorCode: KafkaErrorCode
        /// The high watermark.
        public var highWatermark: Int64
        /// The last stable offset, or -1.
        public var lastStableOffset: Int64
        /// The log start offset, or -1 (v5+).
        public var logStartOffset: Int64
        /// The aborted transactions in the returned range (read_committed), or null.
        public var abortedTransactions: [AbortedTransaction]?
        /// The replica the consumer should fetch from next, or -1 (v11+).
        public var preferredReadReplica: Int32
        /// The record batches.
        public var records: FetchRecords

        public init(
            partitionIndex: Int32,
            errorCode: KafkaErrorCode = .none,
            highWatermark: Int64,
            lastStableOffset: Int64 = -1,
            logStartOffset: Int64 = -1,
            abortedTransactions: [AbortedTransaction]? = nil,
            preferredReadReplica: Int32 = -1,
            records: FetchRecords = .null
        ) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
            self.highWatermark = highWatermark
            self.lastStableOffset = lastStableOffset
            self.logStartOffset = logStartOffset
            self.abortedTransactions = abortedTransactions
            self.preferredReadReplica = preferredReadReplica
            self.records = records
        }
    }

    /// One aborted transaction overlapping the returned records.
    public struct AbortedTransaction: Hashable, Sendable {
        /// The producer id of the transaction.
        public var producerId: Int64
        /// The first offset of the transaction.
        public var firstOffset: Int64

        public init(producerId: Int64, firstOffset: Int64) {
            self.producerId = producerId
            self.firstOffset = firstOffset
        }
    }

    /// How long the request was throttled, in milliseconds.
    public var throttleTimeMs: Int32
    /// The top-level error, or `.none` (v7+).
    public var errorCode: KafkaErrorCode
    /// The fetch session id, or 0 (v7+).
    public var sessionId: Int32
    /// Each topic answered.
    public var responses: [TopicResponse]

    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = .none,
        sessionId: Int32 = 0,
        responses: [TopicResponse]
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.sessionId = sessionId
        self.responses = responses
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        let flexible = reader.flexible
        throttleTimeMs = try reader.readInt32("ThrottleTimeMs")
        if version >= 7 {
            errorCode = KafkaErrorCode(rawValue: try reader.readInt16("ErrorCode"))
            sessionId = try reader.readInt32("SessionId")
        } else {
            errorCode = .none
            sessionId = 0
        }
        // index, error, HWM, LSO, aborted (length), records (length); + log start (v5+), replica (v11+), tags.
        let partitionSize = flexible ? 37 : (version >= 11 ? 42 : (version >= 5 ? 38 : 30))
        responses = try reader.readArray("Responses", minimumElementSize: flexible ? 3 : 6) {
            (topic: inout WireReader) throws(KafkaProtocolError) in
            let name = try topic.readString("Topic")
            let partitions = try topic.readArray("Partitions", minimumElementSize: partitionSize) {
                (partition: inout WireReader) throws(KafkaProtocolError) in
                try Self.readPartition(from: &partition, version: version)
            }
            try topic.skipTaggedFields()
            return TopicResponse(topic: name, partitions: partitions)
        }
        try reader.skipTaggedFields()
    }

    private static func readPartition(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError)
        -> PartitionData
    {
        let index = try reader.readInt32("PartitionIndex")
        let errorCode = KafkaErrorCode(rawValue: try reader.readInt16("ErrorCode"))
        let highWatermark = try reader.readInt64("HighWatermark")
        let lastStableOffset = try reader.readInt64("LastStableOffset")
        let logStartOffset = version >= 5 ? try reader.readInt64("LogStartOffset") : -1
        let aborted = try reader.readNullableArray("AbortedTransactions", minimumElementSize: reader.flexible ? 17 : 16)
        {
            (entry: inout WireReader) throws(KafkaProtocolError) in
            let producerId = try entry.readInt64("ProducerId")
            let firstOffset = try entry.readInt64("FirstOffset")
            try entry.skipTaggedFields()
            return AbortedTransaction(producerId: producerId, firstOffset: firstOffset)
        }
        let preferredReadReplica = version >= 11 ? try reader.readInt32("PreferredReadReplica") : -1
        let records = try reader.readNullableBytes("Records")
        try reader.skipTaggedFields()  // DivergingEpoch (0), CurrentLeader (1), SnapshotId (2)
        return PartitionData(
            partitionIndex: index,
            errorCode: errorCode,
            highWatermark: highWatermark,
            lastStableOffset: lastStableOffset,
            logStartOffset: logStartOffset,
            abortedTransactions: aborted,
            preferredReadReplica: preferredReadReplica,
            records: .bytes(records)
        )
    }

    /// Encodes the body. `.external` records cannot be read from here: they are written as `length` zero bytes
    /// (so sizes stay right); use `encodeChunks(version:)` to send responses that have them.
    public func encode(into writer: inout WireWriter, version: Int16) {
        var marks: [ExternalMark]? = nil
        write(into: &writer, version: version, marks: &marks)
    }

    /// The body as chunks: encoded bytes, with an `.external` chunk in place of each `.external` records value
    /// (whose length prefix is in the bytes before it). Sending the chunks in order, each external one as its
    /// `length` bytes, sends exactly what `encode(into:)` would for those bytes.
    public func encodeChunks(version: Int16) -> [FetchResponseChunk] {
        var writer = WireWriter(flexible: Self.isFlexible(version))
        var recorded: [ExternalMark]? = []
        write(into: &writer, version: version, marks: &recorded)
        let marks = recorded ?? []
        let body = writer.buffer
        var chunks: [FetchResponseChunk] = []
        chunks.reserveCapacity(marks.count * 2 + 1)
        var start = body.readerIndex
        for mark in marks {
            if mark.offset > start, let slice = body.getSlice(at: start, length: mark.offset - start) {
                chunks.append(.bytes(slice))
            }
            chunks.append(.external(handle: mark.handle, length: mark.length))
            start = mark.offset
        }
        if body.writerIndex > start, let slice = body.getSlice(at: start, length: body.writerIndex - start) {
            chunks.append(.bytes(slice))
        }
        return chunks
    }

    /// The size of the encoded body of `version`, counting each `.external` records value as its `length`.
    public func encodedSize(version: Int16) -> Int {
        encodeChunks(version: version).reduce(0) { $0 + $1.length }
    }

    /// Where an external records value goes: the body offset right after its length prefix.
    private struct ExternalMark {
        var offset: Int
        var handle: Int
        var length: Int
    }

    /// Encodes the body; with `marks` non-nil, external records get only their length prefix and are recorded.
    private func write(into writer: inout WireWriter, version: Int16, marks: inout [ExternalMark]?) {
        writer.writeInt32(throttleTimeMs)
        if version >= 7 {
            writer.writeInt16(errorCode.rawValue)
            writer.writeInt32(sessionId)
        }
        writer.writeArray(responses) { topic, response in
            topic.writeString(response.topic)
            topic.writeArray(response.partitions) { partition, value in
                partition.writeInt32(value.partitionIndex)
                partition.writeInt16(value.errorCode.rawValue)
                partition.writeInt64(value.highWatermark)
                partition.writeInt64(value.lastStableOffset)
                if version >= 5 { partition.writeInt64(value.logStartOffset) }
                partition.writeNullableArray(value.abortedTransactions) { entry, aborted in
                    entry.writeInt64(aborted.producerId)
                    entry.writeInt64(aborted.firstOffset)
                    entry.writeEmptyTaggedFields()
                }
                if version >= 11 { partition.writeInt32(value.preferredReadReplica) }
                switch value.records {
                case .bytes(let buffer):
                    partition.writeNullableBytes(buffer)
                case .external(let length, let handle):
                    if partition.flexible {
                        partition.writeUnsignedVarint(UInt32(length + 1))
                    } else {
                        partition.writeInt32(Int32(length))
                    }
                    if marks != nil {
                        marks?.append(
                            ExternalMark(offset: partition.buffer.writerIndex, handle: handle, length: length)
                        )
                    } else {
                        partition.buffer.writeRepeatingByte(0, count: length)
                    }
                }
                partition.writeEmptyTaggedFields()
            }
            topic.writeEmptyTaggedFields()
        }
        writer.writeEmptyTaggedFields()
    }
}

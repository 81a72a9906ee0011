import NIOCore

/// Produce request (key 0), v3–v9 (flexible from v9): record batches to append, per topic and partition.
public struct ProduceRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.produce
    public static let versions: ClosedRange<Int16> = 3...9
    public static let firstFlexibleVersion: Int16? = 9

    /// The records for one topic.
    public struct TopicData: Hashable, Sendable {
        /// The topic name.
        public var name: String
        /// Each partition to produce to.
        public var partitionData: [PartitionData]

        public init(name: String, partitionData: [PartitionData]) {
            self.name = name
            self.partitionData = partitionData
        }
    }

    /// The records for one partition.
    public struct PartitionData: Hashable, Sendable {
        /// The partition index.
        public var index: Int32
        /// The record data (opaque RecordBatch bytes, not parsed here), or null.
        public var records: ByteBuffer?

        public init(index: Int32, records: ByteBuffer?) {
            self.index = index
            self.records = records
        }
    }

    /// The transactional id, or null if the producer is not transactional.
    public var transactionalId: String?
    /// Acknowledgements required: 0 none (no response is sent), 1 the leader, -1 the full ISR.
    public var acks: Int16
    /// How long to wait for the acknowledgements, in milliseconds.
    public var timeoutMs: Int32
    /// Each topic to produce to.
    public var topicData: [TopicData]

    public init(transactionalId: String? = nil, acks: Int16, timeoutMs: Int32, topicData: [TopicData]) {
        self.transactionalId = transactionalId
        self.acks = acks
        self.timeoutMs = timeoutMs
        self.topicData = topicData
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        let flexible = reader.flexible
        transactionalId = try reader.readNullableString("TransactionalId")
        acks = try reader.readInt16("Acks")
        timeoutMs = try reader.readInt32("TimeoutMs")
        topicData = try reader.readArray("TopicData", minimumElementSize: flexible ? 3 : 6) {
            (topic: inout WireReader) throws(KafkaProtocolError) in
            let name = try topic.readString("Name")
            let partitions = try topic.readArray("PartitionData", minimumElementSize: flexible ? 6 : 8) {
                (partition: inout WireReader) throws(KafkaProtocolError) in
                let index = try partition.readInt32("Index")
                let records = try partition.readNullableBytes("Records")
                try partition.skipTaggedFields()
                return PartitionData(index: index, records: records)
            }
            try topic.skipTaggedFields()
            return TopicData(name: name, partitionData: partitions)
        }
        try reader.skipTaggedFields()
    }

    public func encodedSizeHint(version: Int16) -> Int {
        // Lengths and tags take at most 4 bytes each; the records are copied as they are.
        let head = 4 + (transactionalId?.utf8.count ?? 0) + 2 + 4 + 5 + 1
        return topicData.reduce(head) { size, topic in
            topic.partitionData.reduce(size + 4 + topic.name.utf8.count + 5 + 1) { size, partition in
                size + 4 + 4 + (partition.records?.readableBytes ?? 0) + 1
            }
        }
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeNullableString(transactionalId)
        writer.writeInt16(acks)
        writer.writeInt32(timeoutMs)
        writer.writeArray(topicData) { topic, data in
            topic.writeString(data.name)
            topic.writeArray(data.partitionData) { partition, value in
                partition.writeInt32(value.index)
                partition.writeNullableBytes(value.records)
                partition.writeEmptyTaggedFields()
            }
            topic.writeEmptyTaggedFields()
        }
        writer.writeEmptyTaggedFields()
    }
}

/// Produce response, v3–v9: the outcome per partition. The tagged fields CurrentLeader (partition, tag 0) and
/// NodeEndpoints (top level, tag 0) of v10+ are skipped on read and never written.
public struct ProduceResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.produce
    public static let versions: ClosedRange<Int16> = 3...9
    public static let firstFlexibleVersion: Int16? = 9

    /// The outcome for one topic.
    public struct TopicResponse: Hashable, Sendable {
        /// The topic name.
        public var name: String
        /// Each partition produced to within the topic.
        public var partitionResponses: [PartitionResponse]

        public init(name: String, partitionResponses: [PartitionResponse]) {
            self.name = name
            self.partitionResponses = partitionResponses
        }
    }

    /// The outcome for one partition.
    public struct PartitionResponse: Hashable, Sendable {
        /// The partition index.
        public var index: Int32
        /// The error, or `.none`.
        public var errorCode: KafkaErrorCode
        /// The offset assigned to the first record.
        public var baseOffset: Int64
        /// The broker's append time when the topic uses LogAppendTime, else -1.
        public var logAppendTimeMs: Int64
        /// The log start offset (v5+).
        public var logStartOffset: Int64
        /// The records that caused the batch to be dropped (v8+).
        public var recordErrors: [BatchIndexAndErrorMessage]
        /// The error message summarising why the batch was dropped, or null (v8+).
        public var errorMessage: String?

        public init(
            index: Int32,
            errorCode: KafkaErrorCode = .none,
            baseOffset: Int64,
            logAppendTimeMs: Int64 = -1,
            logStartOffset: Int64 = -1,
            recordErrors: [BatchIndexAndErrorMessage] = [],
            errorMessage: String? = nil
        ) {
            self.index = index
            self.errorCode = errorCode
            self.baseOffset = baseOffset
            self.logAppendTimeMs = logAppendTimeMs
            self.logStartOffset = logStartOffset
            self.recordErrors = recordErrors
            self.errorMessage = errorMessage
        }
    }

    /// One record that caused its batch to be dropped.
    public struct BatchIndexAndErrorMessage: Hashable, Sendable {
        /// The index of the record within the batch.
        public var batchIndex: Int32
        /// Why the record was rejected, or null.
        public var batchIndexErrorMessage: String?

        public init(batchIndex: Int32, batchIndexErrorMessage: String? = nil) {
            self.batchIndex = batchIndex
            self.batchIndexErrorMessage = batchIndexErrorMessage
        }
    }

    /// Each topic produced to.
    public var responses: [TopicResponse]
    /// How long the request was throttled, in milliseconds.
    public var throttleTimeMs: Int32

    public init(responses: [TopicResponse], throttleTimeMs: Int32 = 0) {
        self.responses = responses
        self.throttleTimeMs = throttleTimeMs
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        let flexible = reader.flexible
        // index, error, base offset, append time (v2+); log start offset from v5; two more lengths from v8.
        let partitionSize = flexible ? 33 : (version >= 8 ? 36 : (version >= 5 ? 30 : 22))
        responses = try reader.readArray("Responses", minimumElementSize: flexible ? 3 : 6) {
            (topic: inout WireReader) throws(KafkaProtocolError) in
            let name = try topic.readString("Name")
            let partitions = try topic.readArray("PartitionResponses", minimumElementSize: partitionSize) {
                (partition: inout WireReader) throws(KafkaProtocolError) in
                try Self.readPartition(from: &partition, version: version)
            }
            try topic.skipTaggedFields()
            return TopicResponse(name: name, partitionResponses: partitions)
        }
        throttleTimeMs = try reader.readInt32("ThrottleTimeMs")
        try reader.skipTaggedFields()  // NodeEndpoints (tag 0, v10+)
    }

    private static func readPartition(
        from reader: inout WireReader,
        version: Int16
    ) throws(KafkaProtocolError) -> PartitionResponse {
        let index = try reader.readInt32("Index")
        let errorCode = KafkaErrorCode(rawValue: try reader.readInt16("ErrorCode"))
        let baseOffset = try reader.readInt64("BaseOffset")
        let logAppendTimeMs = try reader.readInt64("LogAppendTimeMs")
        let logStartOffset = version >= 5 ? try reader.readInt64("LogStartOffset") : -1
        var recordErrors: [BatchIndexAndErrorMessage] = []
        var errorMessage: String?
        if version >= 8 {
            recordErrors = try reader.readArray("RecordErrors", minimumElementSize: 6) {
                (entry: inout WireReader) throws(KafkaProtocolError) in
                let batchIndex = try entry.readInt32("BatchIndex")
                let message = try entry.readNullableString("BatchIndexErrorMessage")
                try entry.skipTaggedFields()
                return BatchIndexAndErrorMessage(batchIndex: batchIndex, batchIndexErrorMessage: message)
            }
            errorMessage = try reader.readNullableString("ErrorMessage")
        }
        try reader.skipTaggedFields()  // CurrentLeader (tag 0, v10+)
        return PartitionResponse(
            index: index,
            errorCode: errorCode,
            baseOffset: baseOffset,
            logAppendTimeMs: logAppendTimeMs,
            logStartOffset: logStartOffset,
            recordErrors: recordErrors,
            errorMessage: errorMessage
        )
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeArray(responses) { topic, response in
            topic.writeString(response.name)
            topic.writeArray(response.partitionResponses) { partition, value in
                partition.writeInt32(value.index)
                partition.writeInt16(value.errorCode.rawValue)
                partition.writeInt64(value.baseOffset)
                partition.writeInt64(value.logAppendTimeMs)
                if version >= 5 { partition.writeInt64(value.logStartOffset) }
                if version >= 8 {
                    partition.writeArray(value.recordErrors) { entry, error in
                        entry.writeInt32(error.batchIndex)
                        entry.writeNullableString(error.batchIndexErrorMessage)
                        entry.writeEmptyTaggedFields()
                    }
                    partition.writeNullableString(value.errorMessage)
                }
                partition.writeEmptyTaggedFields()
            }
            topic.writeEmptyTaggedFields()
        }
        writer.writeInt32(throttleTimeMs)
        writer.writeEmptyTaggedFields()
    }
}

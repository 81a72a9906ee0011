/// A record consumed from Kafka and handed to a sink task, with its Kafka offset (Kafka's `SinkRecord`).
///
/// Transforms may change the topic and partition; ``originalTopic``, ``originalKafkaPartition`` and
/// ``originalKafkaOffset`` keep where the record was really read (KIP-793), which is what the task must
/// use when it reports offsets from ``SinkTask/preCommit(currentOffsets:)``.
public struct SinkRecord: ConnectRecord, Hashable {
    public var topic: String
    public var kafkaPartition: Int32?
    public var keySchema: Schema?
    public var key: ConnectValue
    public var valueSchema: Schema?
    public var value: ConnectValue
    public var timestamp: Int64?
    public var headers: ConnectHeaders
    /// The offset of the record in its partition.
    public var kafkaOffset: Int64
    /// What ``timestamp`` means.
    public var timestampType: TimestampType
    /// The topic the record was consumed from, before any transform.
    public let originalTopic: String
    /// The partition the record was consumed from, before any transform.
    public let originalKafkaPartition: Int32?
    /// The offset the record was consumed at, before any transform.
    public let originalKafkaOffset: Int64

    /// Creates a sink record as read from Kafka; the originals are the given topic, partition and offset.
    public init(
        topic: String,
        kafkaPartition: Int32,
        keySchema: Schema? = nil,
        key: ConnectValue = .null,
        valueSchema: Schema?,
        value: ConnectValue,
        kafkaOffset: Int64,
        timestamp: Int64? = nil,
        timestampType: TimestampType = .noTimestampType,
        headers: ConnectHeaders = ConnectHeaders()
    ) {
        self.init(
            topic: topic,
            kafkaPartition: kafkaPartition,
            keySchema: keySchema,
            key: key,
            valueSchema: valueSchema,
            value: value,
            kafkaOffset: kafkaOffset,
            timestamp: timestamp,
            timestampType: timestampType,
            headers: headers,
            originalTopic: topic,
            originalKafkaPartition: kafkaPartition,
            originalKafkaOffset: kafkaOffset
        )
    }

    /// Creates a sink record with explicit originals (for runtimes and tests replaying transformed records).
    public init(
        topic: String,
        kafkaPartition: Int32?,
        keySchema: Schema?,
        key: ConnectValue,
        valueSchema: Schema?,
        value: ConnectValue,
        kafkaOffset: Int64,
        timestamp: Int64?,
        timestampType: TimestampType,
        headers: ConnectHeaders,
        originalTopic: String,
        originalKafkaPartition: Int32?,
        originalKafkaOffset: Int64
    ) {
        self.topic = topic
        self.kafkaPartition = kafkaPartition
        self.keySchema = keySchema
        self.key = key
        self.valueSchema = valueSchema
        self.value = value
        self.kafkaOffset = kafkaOffset
        self.timestamp = timestamp
        self.timestampType = timestampType
        self.headers = headers
        self.originalTopic = originalTopic
        self.originalKafkaPartition = originalKafkaPartition
        self.originalKafkaOffset = originalKafkaOffset
    }

    /// The partition the record was really consumed from, before transforms; `nil` only if it was never known.
    public var originalTopicPartition: TopicPartitionRef? {
        originalKafkaPartition.map { TopicPartitionRef(topic: originalTopic, partition: $0) }
    }

    public func newRecord(
        topic: String,
        kafkaPartition: Int32?,
        keySchema: Schema?,
        key: ConnectValue,
        valueSchema: Schema?,
        value: ConnectValue,
        timestamp: Int64?,
        headers: ConnectHeaders
    ) -> SinkRecord {
        SinkRecord(
            topic: topic,
            kafkaPartition: kafkaPartition,
            keySchema: keySchema,
            key: key,
            valueSchema: valueSchema,
            value: value,
            kafkaOffset: kafkaOffset,
            timestamp: timestamp,
            timestampType: timestampType,
            headers: headers,
            originalTopic: originalTopic,
            originalKafkaPartition: originalKafkaPartition,
            originalKafkaOffset: originalKafkaOffset
        )
    }

    public var description: String {
        "SinkRecord{kafkaOffset=\(kafkaOffset), timestampType=\(timestampType)} "
            + "ConnectRecord{topic='\(topic)', kafkaPartition=\(kafkaPartition.map(String.init) ?? "null"), "
            + "key=\(key), keySchema=\(keySchema.map(\.description) ?? "null"), value=\(value), "
            + "valueSchema=\(valueSchema.map(\.description) ?? "null"), timestamp=\(timestamp.map(String.init) ?? "null"), "
            + "headers=\(headers)}"
    }
}

extension SinkRecord {
    /// What a record timestamp means, with Kafka's names (`NoTimestampType`, `CreateTime`, `LogAppendTime`).
    public enum TimestampType: String, Hashable, Sendable, CustomStringConvertible {
        /// No timestamp (old message formats).
        case noTimestampType = "NoTimestampType"
        /// Set by the producer.
        case createTime = "CreateTime"
        /// Set by the broker when appending.
        case logAppendTime = "LogAppendTime"

        public var description: String { rawValue }
    }
}

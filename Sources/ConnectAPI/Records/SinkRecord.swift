/// A record consumed from Kafka and handed to a sink task, with its Kafka offset (Kafka's `SinkRecord`).
///
/// Transforms may change the topic and partition; ``originalTopic``, ``originalKafkaPartition`` and
/// ``originalKafkaOffset`` keep where the record was really read (KIP-793), which is what the task must
/// use when it reports offsets from ``SinkTask/preCommit(currentOffsets:)``.
public struct SinkRecord: ConnectRecord, Hashable {
    private struct Fields: Hashable, Sendable {
        var topic: String
        var kafkaPartition: Int32?
        var keySchema: Schema?
        var key: ConnectValue
        var valueSchema: Schema?
        var value: ConnectValue
        var timestamp: Int64?
        var headers: ConnectHeaders
        var kafkaOffset: Int64
        var timestampType: TimestampType
        let originalTopic: String
        let originalKafkaPartition: Int32?
        let originalKafkaOffset: Int64
    }

    /// The fields, shared by copies of the record (a record is copied several times between the runtime and
    /// the task: batches, runs, retries).
    private var storage: SharedFields<Fields>

    private mutating func change(_ body: (inout Fields) -> Void) {
        storage = storage.changed(body)
    }

    public var topic: String {
        get { storage.fields.topic }
        set { change { $0.topic = newValue } }
    }
    public var kafkaPartition: Int32? {
        get { storage.fields.kafkaPartition }
        set { change { $0.kafkaPartition = newValue } }
    }
    public var keySchema: Schema? {
        get { storage.fields.keySchema }
        set { change { $0.keySchema = newValue } }
    }
    public var key: ConnectValue {
        get { storage.fields.key }
        set { change { $0.key = newValue } }
    }
    public var valueSchema: Schema? {
        get { storage.fields.valueSchema }
        set { change { $0.valueSchema = newValue } }
    }
    public var value: ConnectValue {
        get { storage.fields.value }
        set { change { $0.value = newValue } }
    }
    public var timestamp: Int64? {
        get { storage.fields.timestamp }
        set { change { $0.timestamp = newValue } }
    }
    public var headers: ConnectHeaders {
        get { storage.fields.headers }
        set { change { $0.headers = newValue } }
    }
    /// The offset of the record in its partition.
    public var kafkaOffset: Int64 {
        get { storage.fields.kafkaOffset }
        set { change { $0.kafkaOffset = newValue } }
    }
    /// What ``timestamp`` means.
    public var timestampType: TimestampType {
        get { storage.fields.timestampType }
        set { change { $0.timestampType = newValue } }
    }
    /// The topic the record was consumed from, before any transform.
    public var originalTopic: String { storage.fields.originalTopic }
    /// The partition the record was consumed from, before any transform.
    public var originalKafkaPartition: Int32? { storage.fields.originalKafkaPartition }
    /// The offset the record was consumed at, before any transform.
    public var originalKafkaOffset: Int64 { storage.fields.originalKafkaOffset }

    /// Compares every field (records sharing their storage are equal without looking).
    public static func == (lhs: SinkRecord, rhs: SinkRecord) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    /// Hashes every field.
    public func hash(into hasher: inout Hasher) {
        storage.fields.hash(into: &hasher)
    }

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
        storage = SharedFields(
            Fields(
                topic: topic, kafkaPartition: kafkaPartition, keySchema: keySchema, key: key, valueSchema: valueSchema,
                value: value, timestamp: timestamp, headers: headers, kafkaOffset: kafkaOffset, timestampType: timestampType,
                originalTopic: originalTopic, originalKafkaPartition: originalKafkaPartition,
                originalKafkaOffset: originalKafkaOffset))
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

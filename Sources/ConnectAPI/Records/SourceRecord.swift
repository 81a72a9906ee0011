/// A record produced by a source task, with the source partition and offset that locate it in the
/// external system (Kafka's `SourceRecord`).
///
/// After the record is written, the runtime stores `sourceOffset` under `sourcePartition` in the offsets
/// topic; on restart the task reads it back through ``OffsetStorageReader`` and resumes after it. A record
/// with `nil` partition or offset carries no resume position.
public struct SourceRecord: ConnectRecord, Hashable {
    /// Where in the external system the record comes from, e.g. `["filename": "/var/log/app.log"]`.
    public var sourcePartition: SourcePartition?
    /// How far the source has been read once this record is written, e.g. `["position": 4096]`.
    public var sourceOffset: SourceOffset?
    public var topic: String
    public var kafkaPartition: Int32?
    public var keySchema: Schema?
    public var key: ConnectValue
    public var valueSchema: Schema?
    public var value: ConnectValue
    public var timestamp: Int64?
    public var headers: ConnectHeaders

    /// Creates a source record; only the topic and value are required.
    public init(
        sourcePartition: SourcePartition?,
        sourceOffset: SourceOffset?,
        topic: String,
        kafkaPartition: Int32? = nil,
        keySchema: Schema? = nil,
        key: ConnectValue = .null,
        valueSchema: Schema?,
        value: ConnectValue,
        timestamp: Int64? = nil,
        headers: ConnectHeaders = ConnectHeaders()
    ) {
        self.sourcePartition = sourcePartition
        self.sourceOffset = sourceOffset
        self.topic = topic
        self.kafkaPartition = kafkaPartition
        self.keySchema = keySchema
        self.key = key
        self.valueSchema = valueSchema
        self.value = value
        self.timestamp = timestamp
        self.headers = headers
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
    ) -> SourceRecord {
        SourceRecord(
            sourcePartition: sourcePartition,
            sourceOffset: sourceOffset,
            topic: topic,
            kafkaPartition: kafkaPartition,
            keySchema: keySchema,
            key: key,
            valueSchema: valueSchema,
            value: value,
            timestamp: timestamp,
            headers: headers
        )
    }

    public var description: String {
        "SourceRecord{sourcePartition=\(sourcePartition.map(String.init(describing:)) ?? "null"), "
            + "sourceOffset=\(sourceOffset.map(String.init(describing:)) ?? "null")} "
            + "ConnectRecord{topic='\(topic)', kafkaPartition=\(kafkaPartition.map(String.init) ?? "null"), "
            + "key=\(key), keySchema=\(keySchema.map(\.description) ?? "null"), value=\(value), "
            + "valueSchema=\(valueSchema.map(\.description) ?? "null"), timestamp=\(timestamp.map(String.init) ?? "null"), "
            + "headers=\(headers)}"
    }
}

extension SourceRecord {
    /// Where the producer wrote a source record, passed to ``SourceTask/commitRecord(_:metadata:)``
    /// (the parts of Kafka's `RecordMetadata` a task can use).
    public struct Metadata: Hashable, Sendable {
        /// The topic written to (after transforms).
        public var topic: String
        /// The partition written to.
        public var partition: Int32
        /// The offset assigned by the broker, if known.
        public var offset: Int64?
        /// The timestamp the broker stored, if known.
        public var timestamp: Int64?

        /// Creates metadata.
        public init(topic: String, partition: Int32, offset: Int64?, timestamp: Int64?) {
            self.topic = topic
            self.partition = partition
            self.offset = offset
            self.timestamp = timestamp
        }
    }
}

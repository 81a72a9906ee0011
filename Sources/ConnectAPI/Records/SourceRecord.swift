/// A record produced by a source task, with the source partition and offset that locate it in the
/// external system (Kafka's `SourceRecord`).
///
/// After the record is written, the runtime stores `sourceOffset` under `sourcePartition` in the offsets
/// topic; on restart the task reads it back through ``OffsetStorageReader`` and resumes after it. A record
/// with `nil` partition or offset carries no resume position.
public struct SourceRecord: ConnectRecord, Hashable {
    private struct Fields: Hashable, Sendable {
        var sourcePartition: SourcePartition?
        var sourceOffset: SourceOffset?
        var topic: String
        var kafkaPartition: Int32?
        var keySchema: Schema?
        var key: ConnectValue
        var valueSchema: Schema?
        var value: ConnectValue
        var timestamp: Int64?
        var headers: ConnectHeaders
    }

    /// The fields, shared by copies of the record (a record is copied several times between the runtime and
    /// the task: batches, runs, retries).
    private var storage: SharedFields<Fields>

    private mutating func change(_ body: (inout Fields) -> Void) {
        storage = storage.changed(body)
    }

    /// Where in the external system the record comes from, e.g. `["filename": "/var/log/app.log"]`.
    public var sourcePartition: SourcePartition? {
        get { storage.fields.sourcePartition }
        set { change { $0.sourcePartition = newValue } }
    }
    /// How far the source has been read once this record is written, e.g. `["position": 4096]`.
    public var sourceOffset: SourceOffset? {
        get { storage.fields.sourceOffset }
        set { change { $0.sourceOffset = newValue } }
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

    /// Compares every field (records sharing their storage are equal without looking).
    public static func == (lhs: SourceRecord, rhs: SourceRecord) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    /// Hashes every field.
    public func hash(into hasher: inout Hasher) {
        storage.fields.hash(into: &hasher)
    }

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
        storage = SharedFields(
            Fields(
                sourcePartition: sourcePartition, sourceOffset: sourceOffset, topic: topic, kafkaPartition: kafkaPartition,
                keySchema: keySchema, key: key, valueSchema: valueSchema, value: value, timestamp: timestamp, headers: headers))
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

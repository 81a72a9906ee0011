/// The fields every Connect record has, whichever way it flows (Kafka's `ConnectRecord`).
///
/// Both ``SourceRecord`` and ``SinkRecord`` are value types with mutable properties, so a transform may
/// simply change a copy. ``newRecord(topic:kafkaPartition:keySchema:key:valueSchema:value:timestamp:headers:)``
/// is Kafka's copy-with constructor: it keeps what is specific to the record kind (source partition and
/// offset, or the Kafka offset and the original topic/partition/offset of a sink record). The `with…`
/// helpers are shorthands built on it.
public protocol ConnectRecord: Sendable, CustomStringConvertible {
    /// The topic the record is written to or was read from.
    var topic: String { get set }
    /// The partition, or `nil` to let the producer's partitioner choose (source records only).
    var kafkaPartition: Int32? { get set }
    /// The key schema, or `nil` for a schemaless key.
    var keySchema: Schema? { get set }
    /// The key; ``ConnectValue/null`` for no key.
    var key: ConnectValue { get set }
    /// The value schema, or `nil` for a schemaless value.
    var valueSchema: Schema? { get set }
    /// The value; ``ConnectValue/null`` is a tombstone.
    var value: ConnectValue { get set }
    /// The record timestamp in milliseconds since the epoch, or `nil` for none.
    var timestamp: Int64? { get set }
    /// The record headers.
    var headers: ConnectHeaders { get set }

    /// A record of the same kind with these common fields and this record's kind-specific fields.
    func newRecord(
        topic: String,
        kafkaPartition: Int32?,
        keySchema: Schema?,
        key: ConnectValue,
        valueSchema: Schema?,
        value: ConnectValue,
        timestamp: Int64?,
        headers: ConnectHeaders
    ) -> Self
}

extension ConnectRecord {
    /// Kafka's seven-argument `newRecord`: keeps this record's headers.
    public func newRecord(
        topic: String,
        kafkaPartition: Int32?,
        keySchema: Schema?,
        key: ConnectValue,
        valueSchema: Schema?,
        value: ConnectValue,
        timestamp: Int64?
    ) -> Self {
        newRecord(
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

    /// A copy with another topic (and optionally another partition); everything else is kept.
    public func withTopic(_ topic: String) -> Self {
        newRecord(
            topic: topic,
            kafkaPartition: kafkaPartition,
            keySchema: keySchema,
            key: key,
            valueSchema: valueSchema,
            value: value,
            timestamp: timestamp
        )
    }

    /// A copy with another key and key schema.
    public func withKey(_ key: ConnectValue, schema: Schema?) -> Self {
        newRecord(
            topic: topic,
            kafkaPartition: kafkaPartition,
            keySchema: schema,
            key: key,
            valueSchema: valueSchema,
            value: value,
            timestamp: timestamp
        )
    }

    /// A copy with another value and value schema.
    public func withValue(_ value: ConnectValue, schema: Schema?) -> Self {
        newRecord(
            topic: topic,
            kafkaPartition: kafkaPartition,
            keySchema: keySchema,
            key: key,
            valueSchema: schema,
            value: value,
            timestamp: timestamp
        )
    }

    /// A copy with another timestamp.
    public func withTimestamp(_ timestamp: Int64?) -> Self {
        newRecord(
            topic: topic,
            kafkaPartition: kafkaPartition,
            keySchema: keySchema,
            key: key,
            valueSchema: valueSchema,
            value: value,
            timestamp: timestamp
        )
    }

    /// A copy with other headers.
    public func withHeaders(_ headers: ConnectHeaders) -> Self {
        newRecord(
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

    /// Whether the value is null, i.e. the record is a tombstone.
    public var isTombstone: Bool { value.isNull }
}

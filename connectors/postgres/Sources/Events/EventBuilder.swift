public import ConnectAPI

/// Builds Debezium-shaped Connect records: data change envelopes, tombstones, key-change triples,
/// truncate and logical-message events, transaction metadata and heartbeats.
struct EventBuilder: Sendable {
    /// Logical server name and version.
    let identity: ConnectorIdentity
    /// Tuple conversion.
    var rows: RowConverter
    /// `tombstones.on.delete`.
    var tombstonesOnDelete: Bool
    /// The one source partition of the connector, as Debezium: `{"server": <topic.prefix>}` (made once, not per event).
    let partition: SourcePartition

    /// A builder for the connector with this identity.
    init(identity: ConnectorIdentity, rows: RowConverter, tombstonesOnDelete: Bool) {
        self.identity = identity
        self.rows = rows
        self.tombstonesOnDelete = tombstonesOnDelete
        partition = ["server": .string(identity.serverName)]
    }

    /// One record with the envelope for `op`.
    func envelope(_ model: TableModel, op: String, before: Struct?, after: Struct?, key: Struct?, source: SourceInfo,
                  transaction: TransactionBlock?, offset: SourceOffset, headers: ConnectHeaders = ConnectHeaders())
        throws(ConnectError) -> SourceRecord {
        let now = WallClock.nanos()
        // In the order of DebeziumSchemas.envelope, without per-field checks: the rows are structs of the model's
        // row schema (the envelope's before/after schema), the rest values this builder makes of the fields' types.
        let value = Struct(schema: model.envelopeSchema, validatedValues: [
            before.map { .struct($0) } ?? .null, after.map { .struct($0) } ?? .null,
            .struct(source.value(connector: identity)), try Self.block(transaction), .string(op),
            .int64(now / 1_000_000), .int64(now / 1000), .int64(now),
        ])
        return SourceRecord(sourcePartition: partition, sourceOffset: offset, topic: model.topic,
                            keySchema: key == nil ? nil : model.keySchema, key: key.map { .struct($0) } ?? .null,
                            valueSchema: model.envelopeSchema, value: .struct(value), timestamp: now / 1_000_000,
                            headers: headers)
    }

    private static func block(_ transaction: TransactionBlock?) throws(ConnectError) -> ConnectValue {
        guard let transaction else { return .null }
        return .struct(try transaction.value())
    }

    /// The tombstone that follows a delete: same key, null value.
    func tombstone(_ model: TableModel, key: Struct, offset: SourceOffset, headers: ConnectHeaders = ConnectHeaders()) -> SourceRecord {
        SourceRecord(sourcePartition: partition, sourceOffset: offset, topic: model.topic, keySchema: model.keySchema,
                     key: .struct(key), valueSchema: nil, value: .null, headers: headers)
    }

    /// `<prefix>.message` record for a logical decoding message.
    func message(_ message: PgLogicalMessage, source: SourceInfo, transaction: TransactionBlock?, offset: SourceOffset)
        throws(ConnectError) -> SourceRecord {
        let key = try Struct(schema: DebeziumSchemas.messageKey).putting("prefix", .string(message.prefix))
        let block = try Struct(schema: DebeziumSchemas.messageBlock)
            .putting("prefix", .string(message.prefix)).putting("content", ConnectValue(bytes: message.content))
        let now = WallClock.nanos()
        var value = try Struct(schema: DebeziumSchemas.messageValue)
        try value.put("op", "m")
        try value.put("ts_ms", .int64(now / 1_000_000))
        try value.put("source", .struct(source.value(connector: identity)))
        try value.put("transaction", try Self.block(transaction))
        try value.put("message", .struct(block))
        return SourceRecord(sourcePartition: partition, sourceOffset: offset, topic: TopicNames.sanitize("\(identity.serverName).message"),
                            keySchema: DebeziumSchemas.messageKey, key: .struct(key), valueSchema: DebeziumSchemas.messageValue,
                            value: .struct(value), timestamp: now / 1_000_000)
    }

    /// `__debezium-heartbeat.<prefix>` record carrying the current offset.
    func heartbeat(offset: SourceOffset) throws(ConnectError) -> SourceRecord {
        let key = try Struct(schema: DebeziumSchemas.heartbeatKey).putting("serverName", .string(identity.serverName))
        let nowMs = WallClock.nanos() / 1_000_000
        let value = try Struct(schema: DebeziumSchemas.heartbeatValue).putting("ts_ms", .int64(nowMs))
        return SourceRecord(sourcePartition: partition, sourceOffset: offset,
                            topic: TopicNames.sanitize("__debezium-heartbeat.\(identity.serverName)"),
                            keySchema: DebeziumSchemas.heartbeatKey, key: .struct(key), valueSchema: DebeziumSchemas.heartbeatValue,
                            value: .struct(value), timestamp: nowMs)
    }

    /// `<prefix>.transaction` BEGIN or END record.
    func transactionMarker(status: String, id: String, eventCount: Int64?, collections: [(String, Int64)]?, commitMillis: Int64,
                           offset: SourceOffset) throws(ConnectError) -> SourceRecord {
        let key = try Struct(schema: DebeziumSchemas.transactionKey).putting("id", .string(id))
        var value = try Struct(schema: DebeziumSchemas.transactionValue)
        try value.put("status", .string(status))
        try value.put("id", .string(id))
        try value.put("event_count", eventCount.map { .int64($0) } ?? .null)
        if let collections {
            var entries: [ConnectValue] = []
            for (name, count) in collections {
                entries.append(.struct(try Struct(schema: DebeziumSchemas.dataCollection)
                    .putting("data_collection", .string(name)).putting("event_count", .int64(count))))
            }
            try value.put("data_collections", .array(entries))
        }
        try value.put("ts_ms", .int64(commitMillis))
        return SourceRecord(sourcePartition: partition, sourceOffset: offset,
                            topic: TopicNames.sanitize("\(identity.serverName).transaction"),
                            keySchema: DebeziumSchemas.transactionKey, key: .struct(key),
                            valueSchema: DebeziumSchemas.transactionValue, value: .struct(value), timestamp: commitMillis)
    }
}

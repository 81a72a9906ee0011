public import ConnectAPI

/// The fixed Connect schemas of Debezium's PostgreSQL events (names and field order as Debezium 3.x emits them).
public enum DebeziumSchemas {
    /// The values `source.snapshot` may take.
    public static let snapshotValues = "true,first,first_in_data_collection,last_in_data_collection,last,false,incremental"

    private static func build(_ builder: SchemaBuilder) -> Schema {
        do throws(ConnectError) {
            return try builder.build()
        } catch {
            preconditionFailure("invalid built-in schema: \(error)")
        }
    }

    /// `io.debezium.connector.postgresql.Source` v1.
    public static let source: Schema = build(
        SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source").version(1)
            .field("version", .string)
            .field("connector", .string)
            .field("name", .string)
            .field("ts_ms", .int64)
            .field("snapshot", SchemaBuilder.string().optional().name("io.debezium.data.Enum").version(1)
                .parameter("allowed", snapshotValues).defaultValue(.string("false")))
            .field("db", .string)
            .field("sequence", .optionalString)
            .field("ts_us", .optionalInt64)
            .field("ts_ns", .optionalInt64)
            .field("schema", .string)
            .field("table", .string)
            .field("txId", .optionalInt64)
            .field("lsn", .optionalInt64)
            .field("xmin", .optionalInt64)
            .field("origin", .optionalString)
            .field("origin_lsn", .optionalInt64)
    )

    /// `event.block` v1: the `transaction` field of data events.
    public static let transactionBlock: Schema = build(
        SchemaBuilder.struct().optional().name("event.block").version(1)
            .field("id", .string)
            .field("total_order", .int64)
            .field("data_collection_order", .int64)
    )

    /// `io.debezium.data.VariableScaleDecimal` v1: numeric without a declared scale.
    public static let variableScaleDecimal: Schema = build(variableScaleDecimalBuilder)

    /// The builder of ``variableScaleDecimal``, to make optional copies.
    public static var variableScaleDecimalBuilder: SchemaBuilder {
        SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal").version(1).doc("Variable scaled decimal")
            .field("scale", .int32)
            .field("value", .bytes)
    }

    /// The envelope of one table: `before`, `after`, `source`, `transaction`, `op`, `ts_ms`, `ts_us`, `ts_ns`.
    public static func envelope(name: String, row: Schema) throws(ConnectError) -> Schema {
        try SchemaBuilder.struct().name(name).version(2)
            .field("before", row)
            .field("after", row)
            .field("source", source)
            .field("transaction", transactionBlock)
            .field("op", .string)
            .field("ts_ms", .optionalInt64)
            .field("ts_us", .optionalInt64)
            .field("ts_ns", .optionalInt64)
            .build()
    }

    /// Key of `<prefix>.message` records.
    public static let messageKey: Schema = build(
        SchemaBuilder.struct().name("io.debezium.connector.postgresql.MessageKey").version(1).field("prefix", .optionalString)
    )

    /// The `message` block of a logical decoding message event.
    public static let messageBlock: Schema = build(
        SchemaBuilder.struct().name("io.debezium.connector.postgresql.Message").version(1)
            .field("prefix", .optionalString)
            .field("content", .optionalBytes)
    )

    /// Value of `<prefix>.message` records.
    public static let messageValue: Schema = build(
        SchemaBuilder.struct().name("io.debezium.connector.postgresql.MessageValue").version(1)
            .field("op", .string)
            .field("ts_ms", .optionalInt64)
            .field("source", source)
            .field("transaction", transactionBlock)
            .field("message", messageBlock)
    )

    /// Key of heartbeat records.
    public static let heartbeatKey: Schema = build(
        SchemaBuilder.struct().name("io.debezium.connector.common.ServerNameKey").version(1).field("serverName", .string)
    )

    /// Value of heartbeat records.
    public static let heartbeatValue: Schema = build(
        SchemaBuilder.struct().name("io.debezium.connector.common.Heartbeat").version(1).field("ts_ms", .int64)
    )

    /// Key of transaction metadata records.
    public static let transactionKey: Schema = build(
        SchemaBuilder.struct().name("io.debezium.connector.common.TransactionMetadataKey").version(1).field("id", .string)
    )

    /// One entry of `data_collections` in a transaction END record (`event.collection` v1, optional).
    public static let dataCollection: Schema = build(
        SchemaBuilder.struct().optional().name("event.collection").version(1).field("data_collection", .string).field("event_count", .int64)
    )

    /// Value of transaction metadata records.
    public static let transactionValue: Schema = build(
        SchemaBuilder.struct().name("io.debezium.connector.common.TransactionMetadataValue").version(1)
            .field("status", .string)
            .field("id", .string)
            .field("event_count", .optionalInt64)
            .field("data_collections", SchemaBuilder.array(dataCollection).optional())
            .field("ts_ms", .int64)
    )
}

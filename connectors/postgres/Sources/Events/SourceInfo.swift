public import ConnectAPI
#if canImport(Glibc)
import Glibc
#endif

/// The values of an event's `source` block.
struct SourceInfo: Sendable {
    /// Commit time (streaming) or snapshot time, Unix µs.
    var timestampMicros: Int64
    /// `true`, `first`, `last`, … for snapshot rows; `false` when streaming.
    var snapshot: String
    /// Database name.
    var db: String
    /// Schema name (empty for messages).
    var schema: String
    /// Table name (empty for messages).
    var table: String
    /// Transaction id.
    var txId: Int64?
    /// Event LSN.
    var lsn: LSN?
    /// Commit end LSN of the previous transaction of this session, for `sequence`.
    var lastCommitLSN: LSN?
    /// Replication origin name, if any.
    var origin: String?
    /// Replication origin LSN, if any.
    var originLSN: LSN?

    /// `["<lastCommitLsn>","<lsn>"]` with `null` for unknown parts, as Debezium writes `sequence`.
    var sequence: String {
        let last = lastCommitLSN.map { "\"\($0.int64Value)\"" } ?? "null"
        let current = lsn.map { "\"\($0.int64Value)\"" } ?? "null"
        return "[\(last),\(current)]"
    }

    /// The `source` struct, its values in ``DebeziumSchemas/source``'s field order (`xmin` stays null). Built
    /// without per-field checks (this runs for every event): every value here has its field's type, as
    /// `DebeziumSchemaTests` checks with and without the optional parts.
    func value(connector: ConnectorIdentity) -> Struct {
        Struct(schema: DebeziumSchemas.source, validatedValues: [
            .string(connector.version), .string("postgresql"), .string(connector.serverName),
            .int64(timestampMicros / 1000), .string(snapshot), .string(db), .string(sequence), .int64(timestampMicros),
            .int64(timestampMicros &* 1000), .string(schema), .string(table), txId.map { .int64($0) } ?? .null,
            lsn.map { .int64($0.int64Value) } ?? .null, .null, origin.map { .string($0) } ?? .null,
            originLSN.map { .int64($0.int64Value) } ?? .null,
        ])
    }
}

/// Who emits the events: the logical server name (`topic.prefix`) and the connector version.
struct ConnectorIdentity: Sendable {
    /// `topic.prefix`.
    var serverName: String
    /// `source.version`.
    var version: String
}

/// The `transaction` block of a data event.
struct TransactionBlock: Sendable {
    /// `<xid>:<lsn>`.
    var id: String
    /// Position of the event in its transaction, from 1.
    var totalOrder: Int64
    /// Position of the event among its table's events in the transaction, from 1.
    var dataCollectionOrder: Int64

    /// The `event.block` struct.
    func value() throws(ConnectError) -> Struct {
        try Struct(schema: DebeziumSchemas.transactionBlock)
            .putting("id", .string(id))
            .putting("total_order", .int64(totalOrder))
            .putting("data_collection_order", .int64(dataCollectionOrder))
    }
}

/// Wall-clock time without Foundation.
enum WallClock {
    /// Unix time in nanoseconds.
    static func nanos() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}

extension Struct {
    /// Sets the field at `index` of the schema, checked as `put` by name is (for schemas this module builds,
    /// whose field order it knows): no lookup by name on the per-event path.
    /// - Throws: ``ConnectError`` (`data`) for an index out of range or a value that does not fit.
    mutating func put(at index: Int, _ value: ConnectValue) throws(ConnectError) {
        let fields = schema.fields
        guard fields.indices.contains(index) else { throw .data("\(index) is not a valid field index") }
        try put(fields[index], value)
    }
}

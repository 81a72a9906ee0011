import NIOCore

extension Schema {
    /// Whether the schema's name is one of Kafka's four logical types (Decimal, Date, Time, Timestamp).
    public var isLogical: Bool {
        switch name {
        case ConnectDecimal.logicalName, ConnectDate.logicalName, ConnectTime.logicalName, ConnectTimestamp.logicalName:
            true
        default:
            false
        }
    }

    /// Turns a physical value into the logical value this schema expects: `BYTES` into a decimal, `INT32`
    /// into a date or time, `INT64` into a timestamp. Values of other schemas, null, and values that are
    /// already logical are returned unchanged. This is what a converter does after decoding a field.
    /// - Throws: ``ConnectError`` (`data`) when the physical value does not fit (e.g. a time out of range).
    public func toLogical(_ physical: ConnectValue) throws(ConnectError) -> ConnectValue {
        switch (name, physical) {
        case (ConnectDecimal.logicalName, .bytes(let buffer)):
            return .decimal(try ConnectDecimal.toLogical(self, buffer.readableBytesView))
        case (ConnectDate.logicalName, .int32(let days)):
            return .date(try ConnectDate.toLogical(self, days))
        case (ConnectTime.logicalName, .int32(let milliseconds)):
            return .time(try ConnectTime.toLogical(self, milliseconds))
        case (ConnectTimestamp.logicalName, .int64(let milliseconds)):
            return .timestamp(try ConnectTimestamp.toLogical(self, milliseconds))
        default:
            return physical
        }
    }

    /// Turns a logical value into its physical encoding under this schema: a decimal into `BYTES`, a date
    /// or time into `INT32`, a timestamp into `INT64`. Other values are returned unchanged. This is what a
    /// converter does before encoding a field.
    /// - Throws: ``ConnectError`` (`data`) when the logical value does not match the schema (wrong name or scale).
    public func fromLogical(_ value: ConnectValue) throws(ConnectError) -> ConnectValue {
        switch value {
        case .decimal(let decimal):
            return ConnectValue(bytes: try ConnectDecimal.fromLogical(self, decimal))
        case .date(let date):
            return .int32(try ConnectDate.fromLogical(self, date))
        case .time(let time):
            return .int32(try ConnectTime.fromLogical(self, time))
        case .timestamp(let timestamp):
            return .int64(try ConnectTimestamp.fromLogical(self, timestamp))
        default:
            return value
        }
    }
}

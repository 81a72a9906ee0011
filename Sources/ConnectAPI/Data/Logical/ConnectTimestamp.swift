/// An instant as milliseconds since 1970-01-01T00:00:00Z (the logical value of Kafka's `Timestamp` type).
///
/// Kafka encodes it as `INT64` milliseconds since the Unix epoch, negative before 1970.
public struct ConnectTimestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Milliseconds since the epoch; negative before.
    public var millisecondsSinceEpoch: Int64

    /// A timestamp from milliseconds since the epoch.
    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// The timestamp of a date at a time of day, both in UTC.
    public init(date: ConnectDate, time: ConnectTime) {
        self.millisecondsSinceEpoch = date.millisecondsSinceEpoch + Int64(time.millisecondsOfDay)
    }

    /// The UTC date of this instant (rounding towards the past, so 1969-12-31T23:59 is on 1969-12-31).
    public var date: ConnectDate {
        let days = millisecondsSinceEpoch.floorDivided(by: CivilCalendar.millisecondsPerDay)
        return ConnectDate(daysSinceEpoch: Int32(clamping: days))
    }

    /// The UTC time of day of this instant.
    public var timeOfDay: ConnectTime {
        let days = millisecondsSinceEpoch.floorDivided(by: CivilCalendar.millisecondsPerDay)
        let remainder = millisecondsSinceEpoch - days * CivilCalendar.millisecondsPerDay
        // 0 <= remainder < one day, always valid.
        return try! ConnectTime(millisecondsOfDay: Int32(remainder))
    }

    /// ISO 8601 in UTC: `yyyy-MM-ddTHH:mm:ss.SSSZ`.
    public var description: String { "\(date)T\(timeOfDay)Z" }

    public static func < (lhs: ConnectTimestamp, rhs: ConnectTimestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }
}

/// Kafka's `org.apache.kafka.connect.data.Timestamp` logical type: `INT64` milliseconds since the epoch.
extension ConnectTimestamp {
    /// The schema name of the timestamp logical type.
    public static let logicalName = "org.apache.kafka.connect.data.Timestamp"

    /// A builder for the timestamp schema (version 1, as Kafka's `Timestamp.builder`).
    public static func builder() -> SchemaBuilder { SchemaBuilder.int64().name(logicalName).version(1) }

    /// The required timestamp schema (Kafka's `Timestamp.SCHEMA`).
    public static let schema = Schema(type: .int64, name: logicalName, version: 1)

    /// The `INT64` encoding of a timestamp (Kafka's `Timestamp.fromLogical`).
    /// - Throws: ``ConnectError`` (`data`) when the schema is not a timestamp schema.
    public static func fromLogical(_ schema: Schema, _ value: ConnectTimestamp) throws(ConnectError) -> Int64 {
        guard schema.name == logicalName else {
            throw .data("Requested conversion of Timestamp object but the schema does not match.")
        }
        return value.millisecondsSinceEpoch
    }

    /// The timestamp encoded by an `INT64` (Kafka's `Timestamp.toLogical`).
    /// - Throws: ``ConnectError`` (`data`) when the schema is not a timestamp schema.
    public static func toLogical(_ schema: Schema, _ value: Int64) throws(ConnectError) -> ConnectTimestamp {
        guard schema.name == logicalName else {
            throw .data("Requested conversion of Timestamp object but the schema does not match.")
        }
        return ConnectTimestamp(millisecondsSinceEpoch: value)
    }
}

extension Int64 {
    /// Division rounding towards negative infinity.
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? quotient - 1 : quotient
    }
}

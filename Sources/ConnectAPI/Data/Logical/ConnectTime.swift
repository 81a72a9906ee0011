/// A time of day without date or zone, as milliseconds since midnight (the logical value of Kafka's `Time` type).
///
/// Kafka encodes it as `INT32` milliseconds since midnight and accepts 0 through 86 400 000 inclusive,
/// so PostgreSQL's `24:00:00` is representable.
public struct ConnectTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Milliseconds since midnight, 0...86_400_000.
    public let millisecondsOfDay: Int32

    /// The largest value Kafka accepts: one full day.
    public static let maxMilliseconds: Int32 = 86_400_000

    /// A time from milliseconds since midnight.
    /// - Throws: ``ConnectError`` (`data`) with Kafka's message outside 0...86 400 000.
    public init(millisecondsOfDay: Int32) throws(ConnectError) {
        guard millisecondsOfDay >= 0 && millisecondsOfDay <= Self.maxMilliseconds else {
            throw .data("Time values must use number of milliseconds greater than 0 and less than 86400000")
        }
        self.millisecondsOfDay = millisecondsOfDay
    }

    /// A time from hours (0–23, or 24 with everything else zero), minutes, seconds and milliseconds.
    /// - Returns: `nil` for an impossible time.
    public init?(hour: Int, minute: Int, second: Int, millisecond: Int = 0) {
        guard (0...24).contains(hour), (0...59).contains(minute), (0...59).contains(second),
            (0...999).contains(millisecond)
        else { return nil }
        let total = ((hour * 60 + minute) * 60 + second) * 1000 + millisecond
        guard total <= Int(Self.maxMilliseconds) else { return nil }
        self.millisecondsOfDay = Int32(total)
    }

    /// Hour, minute, second and millisecond.
    public var components: (hour: Int, minute: Int, second: Int, millisecond: Int) {
        let total = Int(millisecondsOfDay)
        return (total / 3_600_000, total / 60_000 % 60, total / 1000 % 60, total % 1000)
    }

    /// `HH:mm:ss.SSS`.
    public var description: String {
        let (h, m, s, ms) = components
        return "\(CivilCalendar.padded(h, 2)):\(CivilCalendar.padded(m, 2)):\(CivilCalendar.padded(s, 2)).\(CivilCalendar.padded(ms, 3))"
    }

    public static func < (lhs: ConnectTime, rhs: ConnectTime) -> Bool { lhs.millisecondsOfDay < rhs.millisecondsOfDay }
}

/// Kafka's `org.apache.kafka.connect.data.Time` logical type: `INT32` milliseconds since midnight.
extension ConnectTime {
    /// The schema name of the time logical type.
    public static let logicalName = "org.apache.kafka.connect.data.Time"

    /// A builder for the time schema (version 1, as Kafka's `Time.builder`).
    public static func builder() -> SchemaBuilder { SchemaBuilder.int32().name(logicalName).version(1) }

    /// The required time schema (Kafka's `Time.SCHEMA`).
    public static let schema = Schema(type: .int32, name: logicalName, version: 1)

    /// The `INT32` encoding of a time (Kafka's `Time.fromLogical`).
    /// - Throws: ``ConnectError`` (`data`) when the schema is not a time schema.
    public static func fromLogical(_ schema: Schema, _ value: ConnectTime) throws(ConnectError) -> Int32 {
        guard schema.name == logicalName else {
            throw .data("Requested conversion of Time object but the schema does not match.")
        }
        return value.millisecondsOfDay
    }

    /// The time encoded by an `INT32` (Kafka's `Time.toLogical`).
    /// - Throws: ``ConnectError`` (`data`) when the schema is not a time schema or the value is out of range.
    public static func toLogical(_ schema: Schema, _ value: Int32) throws(ConnectError) -> ConnectTime {
        guard schema.name == logicalName else {
            throw .data("Requested conversion of Date object but the schema does not match.")
        }
        return try ConnectTime(millisecondsOfDay: value)
    }
}

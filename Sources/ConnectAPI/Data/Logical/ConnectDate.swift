/// A calendar date without time or zone, as days since 1970-01-01 (the logical value of Kafka's `Date` type).
///
/// Kafka encodes it as `INT32` days since the Unix epoch, negative before 1970; Kafka's Java value is a
/// `java.util.Date` at midnight UTC, which ``init(millisecondsSinceEpoch:)`` and ``millisecondsSinceEpoch`` mirror.
public struct ConnectDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01; negative before.
    public var daysSinceEpoch: Int32

    /// A date from days since 1970-01-01.
    public init(daysSinceEpoch: Int32) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// A date from a proleptic Gregorian year, month (1–12) and day (1–31).
    /// - Returns: `nil` for an impossible date or one outside the `INT32` day range.
    public init?(year: Int, month: Int, day: Int) {
        guard CivilCalendar.isValid(year: year, month: month, day: day),
            let days = Int32(exactly: CivilCalendar.days(year: year, month: month, day: day))
        else { return nil }
        self.daysSinceEpoch = days
    }

    /// A date from a Unix time in milliseconds that must be exactly midnight UTC.
    /// - Throws: ``ConnectError`` (`data`) with Kafka's message when a time of day is set.
    public init(millisecondsSinceEpoch: Int64) throws(ConnectError) {
        let (days, remainder) = millisecondsSinceEpoch.quotientAndRemainder(dividingBy: CivilCalendar.millisecondsPerDay)
        guard remainder == 0, let days32 = Int32(exactly: days) else {
            throw .data("Kafka Connect Date type should not have any time fields set to non-zero values.")
        }
        self.daysSinceEpoch = days32
    }

    /// Midnight UTC of this date, in milliseconds since the epoch.
    public var millisecondsSinceEpoch: Int64 { Int64(daysSinceEpoch) * CivilCalendar.millisecondsPerDay }

    /// The proleptic Gregorian year, month (1–12) and day (1–31).
    public var components: (year: Int, month: Int, day: Int) { CivilCalendar.civil(days: Int(daysSinceEpoch)) }

    /// ISO 8601 `yyyy-MM-dd`.
    public var description: String {
        let (year, month, day) = components
        return "\(CivilCalendar.padded(year, 4))-\(CivilCalendar.padded(month, 2))-\(CivilCalendar.padded(day, 2))"
    }

    public static func < (lhs: ConnectDate, rhs: ConnectDate) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }
}

/// Kafka's `org.apache.kafka.connect.data.Date` logical type: `INT32` days since the epoch.
extension ConnectDate {
    /// The schema name of the date logical type.
    public static let logicalName = "org.apache.kafka.connect.data.Date"

    /// A builder for the date schema (version 1, as Kafka's `Date.builder`).
    public static func builder() -> SchemaBuilder { SchemaBuilder.int32().name(logicalName).version(1) }

    /// The required date schema (Kafka's `Date.SCHEMA`).
    public static let schema = Schema(type: .int32, name: logicalName, version: 1)

    /// The `INT32` encoding of a date (Kafka's `Date.fromLogical`).
    /// - Throws: ``ConnectError`` (`data`) when the schema is not a date schema.
    public static func fromLogical(_ schema: Schema, _ value: ConnectDate) throws(ConnectError) -> Int32 {
        guard schema.name == logicalName else {
            throw .data("Requested conversion of Date object but the schema does not match.")
        }
        return value.daysSinceEpoch
    }

    /// The date encoded by an `INT32` (Kafka's `Date.toLogical`).
    /// - Throws: ``ConnectError`` (`data`) when the schema is not a date schema.
    public static func toLogical(_ schema: Schema, _ value: Int32) throws(ConnectError) -> ConnectDate {
        guard schema.name == logicalName else {
            throw .data("Requested conversion of Date object but the schema does not match.")
        }
        return ConnectDate(daysSinceEpoch: value)
    }
}

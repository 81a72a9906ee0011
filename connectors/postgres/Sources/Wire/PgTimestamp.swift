/// Conversions of PostgreSQL's wire timestamps: signed microseconds since 2000-01-01 00:00:00 UTC.
public enum PgTimestamp {
    /// Microseconds between the Unix epoch and PostgreSQL's epoch (2000-01-01).
    public static let epochOffsetMicros: Int64 = 946_684_800_000_000

    /// Unix microseconds for a PostgreSQL wire timestamp.
    public static func unixMicros(_ pgMicros: Int64) -> Int64 { pgMicros &+ epochOffsetMicros }

    /// A PostgreSQL wire timestamp for Unix microseconds.
    public static func pgMicros(unixMicros: Int64) -> Int64 { unixMicros &- epochOffsetMicros }
}

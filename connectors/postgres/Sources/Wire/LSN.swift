/// A PostgreSQL WAL position (`XLogRecPtr`): a 64-bit byte offset, printed `X/X` as PostgreSQL does.
public struct LSN: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The position as an unsigned 64-bit integer.
    public var rawValue: UInt64

    /// The invalid position `0/0`.
    public static let zero = LSN(rawValue: 0)

    /// A position from its integer value.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// Parses PostgreSQL's `%X/%X` text form, e.g. `0/19AD080`.
    /// - Returns: `nil` when the text is not two hexadecimal halves separated by `/`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let high = UInt32(parts[0], radix: 16), let low = UInt32(parts[1], radix: 16) else {
            return nil
        }
        rawValue = UInt64(high) << 32 | UInt64(low)
    }

    /// The position as Debezium stores it in offsets and `source.lsn` (a signed 64-bit integer).
    public var int64Value: Int64 { Int64(bitPattern: rawValue) }

    /// `X/X`, PostgreSQL's text form.
    public var description: String {
        String(rawValue >> 32, radix: 16, uppercase: true) + "/"
            + String(rawValue & 0xFFFF_FFFF, radix: 16, uppercase: true)
    }

    /// Orders by WAL position.
    public static func < (lhs: LSN, rhs: LSN) -> Bool { lhs.rawValue < rhs.rawValue }
}

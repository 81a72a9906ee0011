/// An error encoding or decoding a `__consumer_offsets` record, with a named cause.
public struct CoordinatorRecordError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem this is; new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case truncated = "truncated"
            case invalidLength = "invalid length"
            case trailingBytes = "trailing bytes"
            case unknownRecordType = "unknown record type"
            case unsupportedVersion = "unsupported version"
            case invalidUTF8 = "invalid UTF-8"
            case fieldTooLong = "field too long"
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The bytes end inside a field.
        public static let truncated = Code(.truncated)
        /// A length or count is negative (where null is not allowed) or beyond the remaining bytes.
        public static let invalidLength = Code(.invalidLength)
        /// Bytes are left after the last field.
        public static let trailingBytes = Code(.trailingBytes)
        /// The key version names a record type this coordinator does not keep (e.g. consumer-protocol records).
        public static let unknownRecordType = Code(.unknownRecordType)
        /// The value version is newer than this decoder knows.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// A string is not valid UTF-8.
        public static let invalidUTF8 = Code(.invalidUTF8)
        /// A string or byte field is too long for its length prefix.
        public static let fieldTooLong = Code(.fieldTooLong)

        public var description: String { base.rawValue }
    }

    /// The kind of problem.
    public var code: Code
    /// What exactly was wrong, for people.
    public var message: String

    /// Creates an error with a code and a message naming the cause.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

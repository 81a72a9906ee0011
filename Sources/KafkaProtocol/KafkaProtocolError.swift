/// A request or response that cannot be decoded, with the field that failed.
public struct KafkaProtocolError: Error, Hashable, CustomStringConvertible, Sendable {
    /// What kind of problem this is; new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case truncated = "truncated"
            case invalidLength = "invalid length"
            case frameTooLarge = "frame too large"
            case varintOverflow = "varint overflow"
            case invalidString = "invalid string"
            case unsupportedVersion = "unsupported version"
            case unknownApiKey = "unknown API key"
            case trailingBytes = "trailing bytes"
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The bytes end inside a field.
        public static let truncated = Code(.truncated)
        /// A length or count is negative (other than -1 for null) or larger than the bytes left.
        public static let invalidLength = Code(.invalidLength)
        /// A frame's size prefix exceeds `socket.request.max.bytes`.
        public static let frameTooLarge = Code(.frameTooLarge)
        /// An unsigned varint is longer than 5 (int32) or 10 (int64) bytes.
        public static let varintOverflow = Code(.varintOverflow)
        /// A string is not valid UTF-8.
        public static let invalidString = Code(.invalidString)
        /// The API version is not one this codec knows.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// The API key is not one this codec knows.
        public static let unknownApiKey = Code(.unknownApiKey)
        /// Bytes are left after the body.
        public static let trailingBytes = Code(.trailingBytes)

        public var description: String { base.rawValue }
    }

    /// The kind of problem.
    public var code: Code
    /// What exactly was wrong, naming the field.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

/// An error decoding, validating, compressing or decompressing record batches, with a named cause.
public struct KafkaRecordsError: Error, Hashable, CustomStringConvertible, Sendable {
    /// What kind of problem this is; new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case badMagic = "bad magic"
            case crcMismatch = "CRC mismatch"
            case lengthBeyondBuffer = "length beyond buffer"
            case recordCountMismatch = "record count mismatch"
            case varintOverflow = "varint overflow"
            case invalidLength = "invalid length"
            case truncated = "truncated"
            case trailingBytes = "trailing bytes"
            case invalidOffsetDelta = "invalid offset delta"
            case unsupportedCompression = "unsupported compression"
            case compressionFailed = "compression failed"
            case decompressionFailed = "decompression failed"
            case decompressedTooLarge = "decompressed size too large"
            case invalidControlRecord = "invalid control record"
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The magic byte is not 2 (only RecordBatch v2 is supported).
        public static let badMagic = Code(.badMagic)
        /// The stored CRC-32C does not match the bytes it covers.
        public static let crcMismatch = Code(.crcMismatch)
        /// A length field points past the end of the available bytes.
        public static let lengthBeyondBuffer = Code(.lengthBeyondBuffer)
        /// The header's record count disagrees with the records found.
        public static let recordCountMismatch = Code(.recordCountMismatch)
        /// A varint has more bytes than its type allows.
        public static let varintOverflow = Code(.varintOverflow)
        /// A length field is negative or smaller than the structure it frames.
        public static let invalidLength = Code(.invalidLength)
        /// The bytes end inside a structure.
        public static let truncated = Code(.truncated)
        /// A record or batch has bytes left over after its last field.
        public static let trailingBytes = Code(.trailingBytes)
        /// Record offset deltas are not 0, 1, 2… or disagree with lastOffsetDelta.
        public static let invalidOffsetDelta = Code(.invalidOffsetDelta)
        /// The attributes name a compression codec that does not exist.
        public static let unsupportedCompression = Code(.unsupportedCompression)
        /// A compression library reported an error while compressing.
        public static let compressionFailed = Code(.compressionFailed)
        /// A compressed payload is malformed.
        public static let decompressionFailed = Code(.decompressionFailed)
        /// A compressed payload expands beyond the allowed size.
        public static let decompressedTooLarge = Code(.decompressedTooLarge)
        /// A control batch holds a record that is not a valid control record.
        public static let invalidControlRecord = Code(.invalidControlRecord)

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

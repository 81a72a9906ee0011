import NIOCore

/// One header of a record: a UTF-8 key and a nullable byte value.
public struct RecordHeader: Hashable, Sendable {
    /// The header name.
    public var key: String
    /// The header value; nil is a null value, distinct from empty.
    public var value: ByteBuffer?

    /// Creates a header.
    public init(key: String, value: ByteBuffer?) {
        self.key = key
        self.value = value
    }

    /// Creates a header from bytes.
    public init(key: String, bytes: [UInt8]?) {
        self.key = key
        self.value = bytes.map { ByteBuffer(bytes: $0) }
    }
}

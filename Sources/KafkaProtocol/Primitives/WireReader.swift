import NIOCore

/// Reads Kafka's primitive types from a message body; `flexible` selects the compact encodings (KIP-482).
///
/// Every length and count is checked against the bytes left before anything is allocated or sliced.
public struct WireReader {
    /// The unread bytes.
    public var buffer: ByteBuffer
    /// Whether the message version is flexible: compact strings, bytes and arrays, and tagged fields.
    public let flexible: Bool

    /// Wraps a body.
    public init(_ buffer: ByteBuffer, flexible: Bool) {
        self.buffer = buffer
        self.flexible = flexible
    }

    /// Bytes left.
    public var remaining: Int { buffer.readableBytes }

    public mutating func readInt8(_ field: StaticString = "int8") throws(KafkaProtocolError) -> Int8 {
        guard let value = buffer.readInteger(as: Int8.self) else { throw truncated(field) }
        return value
    }

    public mutating func readBool(_ field: StaticString = "boolean") throws(KafkaProtocolError) -> Bool {
        try readInt8(field) != 0
    }

    public mutating func readInt16(_ field: StaticString = "int16") throws(KafkaProtocolError) -> Int16 {
        guard let value = buffer.readInteger(as: Int16.self) else { throw truncated(field) }
        return value
    }

    public mutating func readInt32(_ field: StaticString = "int32") throws(KafkaProtocolError) -> Int32 {
        guard let value = buffer.readInteger(as: Int32.self) else { throw truncated(field) }
        return value
    }

    public mutating func readUInt32(_ field: StaticString = "uint32") throws(KafkaProtocolError) -> UInt32 {
        guard let value = buffer.readInteger(as: UInt32.self) else { throw truncated(field) }
        return value
    }

    public mutating func readInt64(_ field: StaticString = "int64") throws(KafkaProtocolError) -> Int64 {
        guard let value = buffer.readInteger(as: Int64.self) else { throw truncated(field) }
        return value
    }

    public mutating func readFloat64(_ field: StaticString = "float64") throws(KafkaProtocolError) -> Double {
        Double(bitPattern: UInt64(bitPattern: try readInt64(field)))
    }

    /// An unsigned LEB128 varint of at most 5 bytes.
    public mutating func readUnsignedVarint(_ field: StaticString = "uvarint") throws(KafkaProtocolError) -> UInt32 {
        var result: UInt32 = 0
        for index in 0..<5 {
            guard let byte = buffer.readInteger(as: UInt8.self) else { throw truncated(field) }
            if index == 4 && byte > 0x0F {
                throw KafkaProtocolError(.varintOverflow, "\(field): unsigned varint exceeds 32 bits")
            }
            result |= UInt32(byte & 0x7F) << (7 * UInt32(index))
            if byte & 0x80 == 0 { return result }
        }
        throw KafkaProtocolError(.varintOverflow, "\(field): unsigned varint longer than 5 bytes")
    }

    /// A 16-byte UUID.
    public mutating func readUUID(_ field: StaticString = "uuid") throws(KafkaProtocolError) -> KafkaUUID {
        guard let (high, low) = buffer.readMultipleIntegers(as: (UInt64, UInt64).self) else { throw truncated(field) }
        return KafkaUUID(high: high, low: low)
    }

    /// A length: int16 (strings) or int32 (bytes, arrays) when not flexible, uvarint N+1 when flexible; nil = null.
    private mutating func readLength(_ field: StaticString, classicWidth: Int) throws(KafkaProtocolError) -> Int? {
        let length: Int
        if flexible {
            let raw = try readUnsignedVarint(field)
            if raw == 0 { return nil }
            length = Int(raw) - 1
        } else if classicWidth == 2 {
            length = Int(try readInt16(field))
        } else {
            length = Int(try readInt32(field))
        }
        if length == -1 { return nil }
        guard length >= 0 else { throw KafkaProtocolError(.invalidLength, "\(field): length \(length)") }
        return length
    }

    public mutating func readNullableString(_ field: StaticString = "string") throws(KafkaProtocolError) -> String? {
        guard let length = try readLength(field, classicWidth: 2) else { return nil }
        guard let bytes = buffer.readSlice(length: length) else {
            throw KafkaProtocolError(.invalidLength, "\(field): string of \(length) bytes, \(remaining) left")
        }
        guard let string = String(validating: bytes.readableBytesView, as: UTF8.self) else {
            throw KafkaProtocolError(.invalidString, "\(field) is not valid UTF-8")
        }
        return string
    }

    public mutating func readString(_ field: StaticString = "string") throws(KafkaProtocolError) -> String {
        guard let string = try readNullableString(field) else {
            throw KafkaProtocolError(.invalidLength, "\(field) is null but may not be")
        }
        return string
    }

    public mutating func readNullableBytes(_ field: StaticString = "bytes") throws(KafkaProtocolError) -> ByteBuffer? {
        guard let length = try readLength(field, classicWidth: 4) else { return nil }
        guard let bytes = buffer.readSlice(length: length) else {
            throw KafkaProtocolError(.invalidLength, "\(field): \(length) bytes, \(remaining) left")
        }
        return bytes
    }

    public mutating func readBytes(_ field: StaticString = "bytes") throws(KafkaProtocolError) -> ByteBuffer {
        try readNullableBytes(field) ?? ByteBuffer()
    }

    /// An array whose element takes at least `minimumElementSize` bytes (used to bound the count before reserving).
    public mutating func readNullableArray<Element>(
        _ field: StaticString = "array", minimumElementSize: Int = 1,
        _ element: (inout WireReader) throws(KafkaProtocolError) -> Element
    ) throws(KafkaProtocolError) -> [Element]? {
        guard let count = try readLength(field, classicWidth: 4) else { return nil }
        guard count <= remaining / max(minimumElementSize, 1) else {
            throw KafkaProtocolError(.invalidLength, "\(field): \(count) elements cannot fit in \(remaining) bytes")
        }
        var elements: [Element] = []
        elements.reserveCapacity(count)
        for _ in 0..<count { elements.append(try element(&self)) }
        return elements
    }

    public mutating func readArray<Element>(
        _ field: StaticString = "array", minimumElementSize: Int = 1,
        _ element: (inout WireReader) throws(KafkaProtocolError) -> Element
    ) throws(KafkaProtocolError) -> [Element] {
        try readNullableArray(field, minimumElementSize: minimumElementSize, element) ?? []
    }

    /// Skips a tagged-field section (flexible versions only; a no-op otherwise).
    public mutating func skipTaggedFields() throws(KafkaProtocolError) {
        guard flexible else { return }
        let count = try readUnsignedVarint("tagged field count")
        for _ in 0..<count {
            _ = try readUnsignedVarint("tag")
            let size = Int(try readUnsignedVarint("tag size"))
            guard buffer.readableBytes >= size else {
                throw KafkaProtocolError(.invalidLength, "tagged field of \(size) bytes, \(remaining) left")
            }
            buffer.moveReaderIndex(forwardBy: size)
        }
    }

    /// Fails if bytes are left over.
    public func expectEnd(_ what: String) throws(KafkaProtocolError) {
        guard remaining == 0 else {
            throw KafkaProtocolError(.trailingBytes, "\(remaining) bytes left after \(what)")
        }
    }

    private func truncated(_ field: StaticString) -> KafkaProtocolError {
        KafkaProtocolError(.truncated, "\(field): the message ends before it")
    }
}

/// A Kafka UUID (topic ids): 16 bytes, all zero for "none".
public struct KafkaUUID: Hashable, Sendable {
    public var high: UInt64
    public var low: UInt64

    /// The all-zero UUID.
    public static let zero = KafkaUUID(high: 0, low: 0)

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }
}

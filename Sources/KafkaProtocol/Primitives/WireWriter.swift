import NIOCore

/// Writes Kafka's primitive types into a message body; `flexible` selects the compact encodings. Tagged-field
/// sections are always written empty (old librdkafka mis-skips non-empty ones).
public struct WireWriter {
    /// The bytes written so far.
    public var buffer: ByteBuffer
    /// Whether the message version is flexible.
    public let flexible: Bool

    /// Starts writing into `buffer`.
    public init(_ buffer: ByteBuffer = ByteBuffer(), flexible: Bool) {
        self.buffer = buffer
        self.flexible = flexible
    }

    public mutating func writeInt8(_ value: Int8) { buffer.writeInteger(value) }
    public mutating func writeBool(_ value: Bool) { buffer.writeInteger(Int8(value ? 1 : 0)) }
    public mutating func writeInt16(_ value: Int16) { buffer.writeInteger(value) }
    public mutating func writeInt32(_ value: Int32) { buffer.writeInteger(value) }
    public mutating func writeUInt32(_ value: UInt32) { buffer.writeInteger(value) }
    public mutating func writeInt64(_ value: Int64) { buffer.writeInteger(value) }
    public mutating func writeFloat64(_ value: Double) { buffer.writeInteger(Int64(bitPattern: value.bitPattern)) }
    public mutating func writeUUID(_ value: KafkaUUID) { buffer.writeMultipleIntegers(value.high, value.low) }

    public mutating func writeUnsignedVarint(_ value: UInt32) {
        var remaining = value
        while remaining >= 0x80 {
            buffer.writeInteger(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        buffer.writeInteger(UInt8(remaining))
    }

    private mutating func writeLength(_ length: Int?, classicWidth: Int) {
        if flexible {
            writeUnsignedVarint(length.map { UInt32($0 + 1) } ?? 0)
        } else if classicWidth == 2 {
            writeInt16(Int16(length ?? -1))
        } else {
            writeInt32(Int32(length ?? -1))
        }
    }

    public mutating func writeNullableString(_ value: String?) {
        guard let value else {
            writeLength(nil, classicWidth: 2)
            return
        }
        writeLength(value.utf8.count, classicWidth: 2)
        buffer.writeString(value)
    }

    public mutating func writeString(_ value: String) { writeNullableString(value) }

    public mutating func writeNullableBytes(_ value: ByteBuffer?) {
        guard var value else {
            writeLength(nil, classicWidth: 4)
            return
        }
        writeLength(value.readableBytes, classicWidth: 4)
        buffer.writeBuffer(&value)
    }

    public mutating func writeBytes(_ value: ByteBuffer) { writeNullableBytes(value) }

    public mutating func writeNullableArray<Element>(
        _ elements: [Element]?, _ element: (inout WireWriter, Element) -> Void
    ) {
        guard let elements else {
            writeLength(nil, classicWidth: 4)
            return
        }
        writeLength(elements.count, classicWidth: 4)
        for value in elements { element(&self, value) }
    }

    public mutating func writeArray<Element>(_ elements: [Element], _ element: (inout WireWriter, Element) -> Void) {
        writeNullableArray(elements, element)
    }

    /// An empty tagged-field section (flexible versions only).
    public mutating func writeEmptyTaggedFields() {
        if flexible { writeUnsignedVarint(0) }
    }
}

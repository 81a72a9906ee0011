import NIOCore

/// Zig-zag variable-length integers as used inside RecordBatch v2 records (protobuf sint32/sint64).
public enum Varint {
    /// Bytes a zig-zag varint of `value` occupies.
    public static func size(of value: Int64) -> Int {
        var encoded = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        var size = 1
        while encoded >= 0x80 {
            encoded >>= 7
            size += 1
        }
        return size
    }

    /// Bytes a zig-zag varint of an `Int` occupies.
    public static func size(of value: Int) -> Int { size(of: Int64(value)) }
}

extension ByteBuffer {
    /// Writes a zig-zag varint (signed, as in record fields).
    @discardableResult
    public mutating func writeZigZagVarint(_ value: Int64) -> Int {
        var encoded = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        var written = 0
        while encoded >= 0x80 {
            written += writeInteger(UInt8(truncatingIfNeeded: encoded) | 0x80)
            encoded >>= 7
        }
        written += writeInteger(UInt8(encoded))
        return written
    }

    /// Reads a zig-zag varint of at most `maxBytes` bytes (5 for int32 fields, 10 for int64 fields).
    public mutating func readZigZagVarint(maxBytes: Int) throws(KafkaRecordsError) -> Int64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var index = readerIndex
        for _ in 0..<maxBytes {
            guard let byte = getInteger(at: index, as: UInt8.self) else {
                throw KafkaRecordsError(.truncated, "varint ends at byte \(index) of the buffer")
            }
            index += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                moveReaderIndex(to: index)
                let decoded = Int64(bitPattern: (result >> 1) ^ (0 &- (result & 1)))
                if maxBytes <= 5 {
                    guard decoded >= Int64(Int32.min), decoded <= Int64(Int32.max) else {
                        throw KafkaRecordsError(.varintOverflow, "varint \(decoded) does not fit in 32 bits")
                    }
                }
                return decoded
            }
            shift += 7
        }
        throw KafkaRecordsError(.varintOverflow, "varint longer than \(maxBytes) bytes")
    }

    /// Reads a zig-zag varint that must fit in 32 bits.
    public mutating func readZigZagVarint32() throws(KafkaRecordsError) -> Int32 {
        Int32(truncatingIfNeeded: try readZigZagVarint(maxBytes: 5))
    }

    /// Reads a zig-zag varint that must fit in 64 bits.
    public mutating func readZigZagVarint64() throws(KafkaRecordsError) -> Int64 {
        try readZigZagVarint(maxBytes: 10)
    }
}

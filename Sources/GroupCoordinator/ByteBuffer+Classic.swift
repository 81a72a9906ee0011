import NIOCore

/// Kafka's classic (non-flexible) primitives: int16-length strings, int32-length bytes.
extension ByteBuffer {
    /// The longest string an int16 length prefix can carry.
    static let maxClassicStringBytes = Int(Int16.max)

    mutating func writeClassicString(_ string: String, field: String) throws(CoordinatorRecordError) {
        let count = string.utf8.count
        guard count <= Self.maxClassicStringBytes else {
            throw CoordinatorRecordError(.fieldTooLong, "\(field) has \(count) bytes, more than 32767")
        }
        writeInteger(Int16(count))
        writeString(string)
    }

    mutating func writeNullableClassicString(_ string: String?, field: String) throws(CoordinatorRecordError) {
        guard let string else {
            writeInteger(Int16(-1))
            return
        }
        try writeClassicString(string, field: field)
    }

    mutating func writeClassicBytes(_ bytes: ByteBuffer, field: String) throws(CoordinatorRecordError) {
        guard bytes.readableBytes <= Int(Int32.max) else {
            throw CoordinatorRecordError(.fieldTooLong, "\(field) has \(bytes.readableBytes) bytes")
        }
        writeInteger(Int32(bytes.readableBytes))
        writeImmutableBuffer(bytes)
    }

    mutating func readClassicInt16(field: String) throws(CoordinatorRecordError) -> Int16 {
        guard let value = readInteger(as: Int16.self) else { throw Self.truncated(field) }
        return value
    }

    mutating func readClassicInt32(field: String) throws(CoordinatorRecordError) -> Int32 {
        guard let value = readInteger(as: Int32.self) else { throw Self.truncated(field) }
        return value
    }

    mutating func readClassicInt64(field: String) throws(CoordinatorRecordError) -> Int64 {
        guard let value = readInteger(as: Int64.self) else { throw Self.truncated(field) }
        return value
    }

    mutating func readNullableClassicString(field: String) throws(CoordinatorRecordError) -> String? {
        let length = Int(try readClassicInt16(field: field))
        if length == -1 { return nil }
        guard length >= 0 else {
            throw CoordinatorRecordError(.invalidLength, "\(field) length \(length)")
        }
        guard length <= readableBytes else {
            throw CoordinatorRecordError(.invalidLength, "\(field) length \(length) beyond \(readableBytes) bytes")
        }
        guard let bytes = readBytes(length: length) else { throw Self.truncated(field) }
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw CoordinatorRecordError(.invalidUTF8, "\(field) is not UTF-8")
        }
        return string
    }

    mutating func readClassicString(field: String) throws(CoordinatorRecordError) -> String {
        guard let string = try readNullableClassicString(field: field) else {
            throw CoordinatorRecordError(.invalidLength, "\(field) is null")
        }
        return string
    }

    mutating func readClassicBytes(field: String) throws(CoordinatorRecordError) -> ByteBuffer {
        let length = Int(try readClassicInt32(field: field))
        guard length >= 0 else {
            throw CoordinatorRecordError(.invalidLength, "\(field) length \(length)")
        }
        guard length <= readableBytes, let slice = readSlice(length: length) else {
            throw CoordinatorRecordError(.invalidLength, "\(field) length \(length) beyond \(readableBytes) bytes")
        }
        return slice
    }

    /// Reads an array count and checks that `count * minimumElementBytes` bytes can follow.
    mutating func readClassicArrayCount(field: String, minimumElementBytes: Int) throws(CoordinatorRecordError) -> Int {
        let count = Int(try readClassicInt32(field: field))
        guard count >= 0 else {
            throw CoordinatorRecordError(.invalidLength, "\(field) count \(count)")
        }
        guard count <= readableBytes / max(1, minimumElementBytes) else {
            throw CoordinatorRecordError(.invalidLength, "\(field) count \(count) beyond \(readableBytes) bytes")
        }
        return count
    }

    func expectFullyConsumed(_ what: String) throws(CoordinatorRecordError) {
        guard readableBytes == 0 else {
            throw CoordinatorRecordError(.trailingBytes, "\(readableBytes) bytes after \(what)")
        }
    }

    private static func truncated(_ field: String) -> CoordinatorRecordError {
        CoordinatorRecordError(.truncated, "bytes end inside \(field)")
    }
}

/// A bounds-checked big-endian reader over one message's bytes; every read either succeeds or throws
/// a ``WireError`` naming the field, and lengths are checked against the remaining bytes before allocating.
struct ByteReader {
    private let bytes: [UInt8]
    /// The index of the next unread byte.
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    /// Bytes not read yet.
    var remaining: Int { bytes.count - offset }

    /// Whether every byte has been read.
    var isAtEnd: Bool { offset >= bytes.count }

    private func need(_ count: Int, _ field: String) throws(WireError) {
        guard count >= 0, remaining >= count else {
            throw WireError(context: field, offset: offset, reason: "needs \(count) bytes, \(remaining) left")
        }
    }

    mutating func uint8(_ field: String) throws(WireError) -> UInt8 {
        try need(1, field)
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func uint16(_ field: String) throws(WireError) -> UInt16 {
        try need(2, field)
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    mutating func uint32(_ field: String) throws(WireError) -> UInt32 {
        try need(4, field)
        var value: UInt32 = 0
        for i in 0..<4 { value = value << 8 | UInt32(bytes[offset + i]) }
        offset += 4
        return value
    }

    mutating func uint64(_ field: String) throws(WireError) -> UInt64 {
        try need(8, field)
        var value: UInt64 = 0
        for i in 0..<8 { value = value << 8 | UInt64(bytes[offset + i]) }
        offset += 8
        return value
    }

    mutating func int16(_ field: String) throws(WireError) -> Int16 { Int16(bitPattern: try uint16(field)) }
    mutating func int32(_ field: String) throws(WireError) -> Int32 { Int32(bitPattern: try uint32(field)) }
    mutating func int64(_ field: String) throws(WireError) -> Int64 { Int64(bitPattern: try uint64(field)) }
    mutating func lsn(_ field: String) throws(WireError) -> LSN { LSN(rawValue: try uint64(field)) }

    /// A NUL-terminated UTF-8 string (the NUL is consumed, not returned).
    mutating func cString(_ field: String) throws(WireError) -> String {
        guard let end = bytes[offset...].firstIndex(of: 0) else {
            throw WireError(context: field, offset: offset, reason: "string without a terminating NUL")
        }
        defer { offset = end + 1 }
        return String(decoding: bytes[offset..<end], as: UTF8.self)
    }

    /// Exactly `count` bytes; `count` is checked against what is left before anything is allocated.
    mutating func bytes(_ count: Int, _ field: String) throws(WireError) -> [UInt8] {
        try need(count, field)
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// Throws unless every byte has been consumed.
    func expectEnd(_ context: String) throws(WireError) {
        guard isAtEnd else {
            throw WireError(context: context, offset: offset, reason: "\(remaining) unexpected trailing bytes")
        }
    }
}

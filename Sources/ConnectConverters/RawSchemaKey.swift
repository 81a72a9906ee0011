#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The exact bytes of an envelope's `"schema"` value, as a cache key: records of one topic carry byte-identical
/// schemas, so the parsed ``Schema`` can be reused without parsing or hashing a ``JSONNode`` tree.
struct RawSchemaKey: Hashable, Sendable {
    /// The bytes (a slice of the record while looking up; an own copy once stored).
    let bytes: ArraySlice<UInt8>

    /// A key for looking up: refers to `bytes` without copying.
    init(borrowing bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
    }

    /// A key for storing: its own copy of `bytes`, so a cache entry does not keep a whole record alive.
    init(copying bytes: ArraySlice<UInt8>) {
        self.bytes = ArraySlice(Array(bytes))
    }

    static func == (lhs: RawSchemaKey, rhs: RawSchemaKey) -> Bool {
        guard lhs.bytes.count == rhs.bytes.count else { return false }
        return lhs.bytes.withUnsafeBytes { left in
            rhs.bytes.withUnsafeBytes { right in
                guard let l = left.baseAddress, let r = right.baseAddress else { return true }
                return memcmp(l, r, left.count) == 0
            }
        }
    }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}

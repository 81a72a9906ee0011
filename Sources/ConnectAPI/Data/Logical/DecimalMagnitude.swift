/// An unsigned integer of any size as little-endian 32-bit limbs: just enough arithmetic for
/// ``ConnectDecimal`` to convert between two's complement bytes and decimal digits without Foundation.
struct DecimalMagnitude: Equatable {
    /// Least significant limb first; no trailing (most significant) zero limbs; empty means zero.
    private(set) var limbs: [UInt32]

    init() { limbs = [] }

    init(_ value: UInt64) {
        limbs = [UInt32(truncatingIfNeeded: value), UInt32(truncatingIfNeeded: value >> 32)]
        normalize()
    }

    /// The magnitude of big-endian unsigned bytes.
    init(bigEndianBytes bytes: some Collection<UInt8>) {
        var limbs: [UInt32] = []
        limbs.reserveCapacity(bytes.count / 4 + 1)
        var current: UInt32 = 0
        var shift: UInt32 = 0
        for byte in bytes.reversed() {
            current |= UInt32(byte) << shift
            shift += 8
            if shift == 32 {
                limbs.append(current)
                current = 0
                shift = 0
            }
        }
        if shift > 0 { limbs.append(current) }
        self.limbs = limbs
        normalize()
    }

    var isZero: Bool { limbs.isEmpty }

    /// Big-endian unsigned bytes without leading zeros (empty for zero).
    var bigEndianBytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(limbs.count * 4)
        for limb in limbs.reversed() {
            bytes.append(UInt8(truncatingIfNeeded: limb >> 24))
            bytes.append(UInt8(truncatingIfNeeded: limb >> 16))
            bytes.append(UInt8(truncatingIfNeeded: limb >> 8))
            bytes.append(UInt8(truncatingIfNeeded: limb))
        }
        return Array(bytes.drop { $0 == 0 })
    }

    /// self = self * factor + addend.
    mutating func multiply(by factor: UInt32, adding addend: UInt32 = 0) {
        var carry = UInt64(addend)
        for i in limbs.indices {
            let product = UInt64(limbs[i]) * UInt64(factor) + carry
            limbs[i] = UInt32(truncatingIfNeeded: product)
            carry = product >> 32
        }
        if carry > 0 { limbs.append(UInt32(carry)) }
        normalize()
    }

    /// self = self / divisor; returns the remainder.
    @discardableResult
    mutating func divide(by divisor: UInt32) -> UInt32 {
        var remainder: UInt64 = 0
        for i in limbs.indices.reversed() {
            let current = (remainder << 32) | UInt64(limbs[i])
            limbs[i] = UInt32(current / UInt64(divisor))
            remainder = current % UInt64(divisor)
        }
        normalize()
        return UInt32(remainder)
    }

    /// Decimal digits, most significant first; `"0"` for zero.
    var decimalString: String {
        if isZero { return "0" }
        var chunks: [UInt32] = []
        var rest = self
        while !rest.isZero {
            chunks.append(rest.divide(by: 1_000_000_000))
        }
        var text = String(chunks.last!)
        for chunk in chunks.dropLast().reversed() {
            let digits = String(chunk)
            text += String(repeating: "0", count: 9 - digits.count) + digits
        }
        return text
    }

    private mutating func normalize() {
        while let last = limbs.last, last == 0 { limbs.removeLast() }
    }
}

/// Conversions between signed magnitudes and minimal big-endian two's complement bytes, the encoding of
/// Kafka's `BigInteger.toByteArray()`.
enum TwosComplement {
    /// Minimal two's complement bytes (at least one byte) of a signed magnitude.
    static func bytes(negative: Bool, magnitude: DecimalMagnitude) -> [UInt8] {
        var bytes = [0] + magnitude.bigEndianBytes
        if negative && !magnitude.isZero {
            negate(&bytes)
        }
        return minimized(bytes)
    }

    /// The sign and magnitude of two's complement bytes (empty means zero).
    static func signAndMagnitude(of bytes: [UInt8]) -> (negative: Bool, magnitude: DecimalMagnitude) {
        guard let first = bytes.first, first & 0x80 != 0 else {
            return (false, DecimalMagnitude(bigEndianBytes: bytes))
        }
        var positive = [0xFF] + bytes
        negate(&positive)
        return (true, DecimalMagnitude(bigEndianBytes: positive))
    }

    /// The shortest form with the same value: redundant leading 0x00 / 0xFF sign bytes removed.
    static func minimized(_ bytes: [UInt8]) -> [UInt8] {
        guard !bytes.isEmpty else { return [0] }
        var start = 0
        while start < bytes.count - 1 {
            let byte = bytes[start]
            let nextHighBit = bytes[start + 1] & 0x80
            if (byte == 0x00 && nextHighBit == 0) || (byte == 0xFF && nextHighBit != 0) {
                start += 1
            } else {
                break
            }
        }
        return Array(bytes[start...])
    }

    /// In-place two's complement negation (invert, add one).
    private static func negate(_ bytes: inout [UInt8]) {
        var carry = true
        for i in bytes.indices.reversed() {
            let inverted = ~bytes[i]
            if carry {
                let (sum, overflow) = inverted.addingReportingOverflow(1)
                bytes[i] = sum
                carry = overflow
            } else {
                bytes[i] = inverted
            }
        }
    }
}

/// An arbitrary-precision decimal number: an unscaled integer and a scale, value = unscaled × 10^-scale
/// (the logical value of Kafka's `Decimal` type, Java's `BigDecimal`).
///
/// The unscaled integer is kept in the wire encoding Kafka uses for `org.apache.kafka.connect.data.Decimal`:
/// big-endian two's complement, in the fewest bytes (Java's `BigInteger.toByteArray()`). Equality is Java's
/// `BigDecimal.equals`: the same unscaled value *and* the same scale, so `1.0 != 1.00`.
///
/// ```swift
/// let price = ConnectDecimal("-12.50")!          // unscaled -1250, scale 2
/// price.unscaledBytes                              // [0xFB, 0x1E]
/// ```
public struct ConnectDecimal: Hashable, Sendable, CustomStringConvertible, LosslessStringConvertible {
    /// The unscaled value as minimal big-endian two's complement bytes (at least one byte).
    public let unscaledBytes: [UInt8]
    /// The number of digits after the decimal point; negative scales multiply by powers of ten.
    public let scale: Int32

    /// A decimal from the two's complement bytes of its unscaled value (as read from the wire) and a scale.
    public init(unscaledBytes: some Collection<UInt8>, scale: Int32) {
        self.unscaledBytes = TwosComplement.minimized(Array(unscaledBytes))
        self.scale = scale
    }

    /// A decimal from a 64-bit unscaled value and a scale: `ConnectDecimal(unscaled: 1250, scale: 2)` is 12.50.
    public init(unscaled: Int64, scale: Int32) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8)
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: unscaled >> Int64(shift)))
        }
        self.init(unscaledBytes: bytes, scale: scale)
    }

    /// Parses a decimal such as `-12.50`, `+3`, `.5`, `1e3` or `1.25E-2`. The scale is the number of
    /// fraction digits minus the exponent, as Java's `new BigDecimal(String)`: `"12.50"` has scale 2.
    /// - Returns: `nil` when the text is not a decimal number.
    public init?(_ description: String) {
        var utf8 = Substring(description).utf8[...]
        var negative = false
        if let sign = utf8.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            utf8 = utf8.dropFirst()
        }
        var magnitude = DecimalMagnitude()
        var digitCount = 0
        var fractionDigits = 0
        var seenPoint = false
        while let byte = utf8.first {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                magnitude.multiply(by: 10, adding: UInt32(byte - UInt8(ascii: "0")))
                digitCount += 1
                if seenPoint { fractionDigits += 1 }
            } else if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                break
            }
            utf8 = utf8.dropFirst()
        }
        guard digitCount > 0 else { return nil }
        var exponent = 0
        if let marker = utf8.first, marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") {
            guard let parsed = Int32(String(decoding: utf8.dropFirst(), as: UTF8.self)) else { return nil }
            exponent = Int(parsed)
            utf8 = utf8[utf8.endIndex...]
        }
        guard utf8.isEmpty else { return nil }
        let scale = fractionDigits - exponent
        guard let scale32 = Int32(exactly: scale) else { return nil }
        self.unscaledBytes = TwosComplement.bytes(negative: negative, magnitude: magnitude)
        self.scale = scale32
    }

    /// Whether the value is below zero.
    public var isNegative: Bool { unscaledBytes[0] & 0x80 != 0 }

    /// Whether the value is zero (at any scale).
    public var isZero: Bool { unscaledBytes == [0] }

    /// The unscaled value, if it fits in 64 bits.
    public var unscaledInt64: Int64? {
        guard unscaledBytes.count <= 8 else { return nil }
        var value: Int64 = isNegative ? -1 : 0
        for byte in unscaledBytes {
            value = (value << 8) | Int64(byte)
        }
        return value
    }

    /// The nearest `Double` (for sinks that store floating point).
    public var doubleValue: Double { Double(description) ?? .nan }

    /// The same value at another scale, if no non-zero digit is lost: `12.50` rescaled to 3 is `12.500`,
    /// to 1 is `12.5`, to 0 is `nil`.
    public func rescaled(to newScale: Int32) -> ConnectDecimal? {
        if newScale == scale { return self }
        var (negative, magnitude) = TwosComplement.signAndMagnitude(of: unscaledBytes)
        if newScale > scale {
            for _ in 0..<(Int(newScale) - Int(scale)) { magnitude.multiply(by: 10) }
        } else {
            for _ in 0..<(Int(scale) - Int(newScale)) {
                if magnitude.divide(by: 10) != 0 { return nil }
            }
        }
        if magnitude.isZero { negative = false }
        return ConnectDecimal(unscaledBytes: TwosComplement.bytes(negative: negative, magnitude: magnitude), scale: newScale)
    }

    /// The plain decimal notation, without exponent (Java's `BigDecimal.toPlainString()`): `-12.50`, `0.001`, `1200`.
    public var description: String {
        let (negative, magnitude) = TwosComplement.signAndMagnitude(of: unscaledBytes)
        var digits = magnitude.decimalString
        if scale < 0 {
            if !magnitude.isZero { digits += String(repeating: "0", count: -Int(scale)) }
        } else if scale > 0 {
            let fraction = Int(scale)
            if digits.count <= fraction {
                digits = String(repeating: "0", count: fraction - digits.count + 1) + digits
            }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -fraction))
        }
        return negative ? "-" + digits : digits
    }
}

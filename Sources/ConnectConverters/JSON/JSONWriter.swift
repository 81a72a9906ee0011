#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Serializes ``JSONNode`` trees exactly as Jackson's default `ObjectMapper` does: compact (no whitespace),
/// members in order, non-ASCII written as raw UTF-8, control characters escaped (`\n`, `\u001F`),
/// doubles/floats in Java's `Double.toString`/`Float.toString` format, NaN and infinities as strings.
public enum JSONWriter {
    /// The UTF-8 bytes of `node`.
    public static func write(_ node: JSONNode) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(node, into: &out)
        return out
    }

    /// Appends the UTF-8 bytes of `node` to `out`.
    public static func write(_ node: JSONNode, into out: inout [UInt8]) {
        switch node {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let v): writeInt(v, into: &out)
        case .bigInteger(let s), .decimal(let s): out.append(contentsOf: s.utf8)
        case .double(let d):
            if d.isFinite {
                out.append(contentsOf: JavaNumberFormat.doubleToString(d).utf8)
            } else {
                writeString(d.isNaN ? "NaN" : (d < 0 ? "-Infinity" : "Infinity"), into: &out)
            }
        case .float(let f):
            if f.isFinite {
                out.append(contentsOf: JavaNumberFormat.floatToString(f).utf8)
            } else {
                writeString(f.isNaN ? "NaN" : (f < 0 ? "-Infinity" : "Infinity"), into: &out)
            }
        case .string(let s): writeString(s, into: &out)
        case .binary(let bytes):
            out.append(UInt8(ascii: "\""))
            Base64.encode(bytes, into: &out)
            out.append(UInt8(ascii: "\""))
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, member) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(member.name, into: &out)
                out.append(UInt8(ascii: ":"))
                write(member.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Appends the decimal digits of `value` (as `String(value)` spells it) without making a string.
    static func writeInt(_ value: Int64, into out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        if magnitude < 10 {
            out.append(UInt8(ascii: "0") + UInt8(magnitude))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for the 20 digits of UInt64.max
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while magnitude > 0 {
                buffer[23 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            out.append(contentsOf: buffer[(24 - count)...])
        }
    }

    /// Writes a quoted string with Jackson's escaping rules.
    static func writeString(_ string: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings need no escaping: one bulk copy.
        let copied: Bool? = string.utf8.withContiguousStorageIfAvailable { bytes in
            for byte in bytes where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if copied == true {
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0..<0x20:
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// Java's `Double.toString`/`Float.toString` (JDK 19+, shortest-uniquely-identifying digits) and
/// `BigDecimal.toString` formats.
public enum JavaNumberFormat {
    /// `1.0`, `0.001`, `1.0E7`, `-4.9E-324`, `2.718281828459045`, as Java prints a finite double.
    public static func doubleToString(_ value: Double) -> String {
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        var (digits, exponent) = shortestDigits(String(describing: value.magnitude))
        if digits.count == 1, let two = twoDigitCandidate(Double(value.magnitude), roundTrips: { Double($0) == value.magnitude }) {
            (digits, exponent) = two
        }
        return (value < 0 ? "-" : "") + format(digits: digits, exponent: exponent)
    }

    /// `1.0`, `1.0E10`, `3.4028235E38`, as Java prints a finite float.
    public static func floatToString(_ value: Float) -> String {
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        var (digits, exponent) = shortestDigits(String(describing: value.magnitude))
        if digits.count == 1, let two = twoDigitCandidate(Double(value.magnitude), roundTrips: { Float($0) == value.magnitude }) {
            (digits, exponent) = two
        }
        return (value < 0 ? "-" : "") + format(digits: digits, exponent: exponent)
    }

    /// Java's `BigDecimal.toString()` for an unscaled integer text (optionally signed) and a scale:
    /// plain notation when `scale >= 0` and the adjusted exponent is at least -6, otherwise scientific (`1.23E+5`).
    public static func bigDecimalToString(unscaled: String, scale: Int) -> String {
        var digits = Substring(unscaled)
        var sign = ""
        if digits.first == "-" {
            sign = "-"
            digits = digits.dropFirst()
        }
        let adjusted = -scale + (digits.count - 1)
        if scale >= 0 && adjusted >= -6 {
            if scale == 0 { return sign + digits }
            if digits.count > scale {
                let split = digits.index(digits.endIndex, offsetBy: -scale)
                return sign + digits[..<split] + "." + digits[split...]
            }
            return sign + "0." + String(repeating: "0", count: scale - digits.count) + digits
        }
        var mantissa = String(digits.first!)
        if digits.count > 1 { mantissa += "." + digits.dropFirst() }
        return sign + mantissa + "E" + (adjusted >= 0 ? "+" : "") + String(adjusted)
    }

    /// Splits Swift's shortest description (`1e-05`, `0.001`, `12.5`, `1e+16`) into significant digits
    /// and the exponent `e` such that value = d.ddd × 10^e.
    static func shortestDigits(_ description: String) -> (digits: [UInt8], exponent: Int) {
        var mantissa = Substring(description)
        var exp = 0
        if let e = mantissa.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exp = Int(mantissa[mantissa.index(after: e)...]) ?? 0
            mantissa = mantissa[..<e]
        }
        var digits: [UInt8] = []
        var pointPosition = 0
        var seenPoint = false
        for byte in mantissa.utf8 {
            if byte == UInt8(ascii: ".") {
                seenPoint = true
            } else {
                digits.append(byte)
                if !seenPoint { pointPosition += 1 }
            }
        }
        var leading = 0
        while leading < digits.count - 1, digits[leading] == UInt8(ascii: "0") { leading += 1 }
        digits.removeFirst(leading)
        pointPosition -= leading
        while digits.count > 1, digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return (digits, pointPosition - 1 + exp)
    }

    /// Java prefers, when a single digit suffices, the closest two-digit decimal if it also round-trips
    /// (so `Double.MIN_VALUE` prints `4.9E-324`, not `5.0E-324`).
    private static func twoDigitCandidate(_ value: Double, roundTrips: (String) -> Bool) -> (digits: [UInt8], exponent: Int)? {
        var buffer = [CChar](repeating: 0, count: 64)
        let count = withVaList([value]) { args in
            buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, 64, "%.1e", args) }
        }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer.prefix(Int(count)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard roundTrips(text) else { return nil }
        let result = shortestDigits(text)
        return result
    }

    private static func format(digits: [UInt8], exponent: Int) -> String {
        let digitString = String(decoding: digits, as: UTF8.self)
        if exponent >= -3 && exponent < 7 {
            if exponent < 0 {
                return "0." + String(repeating: "0", count: -exponent - 1) + digitString
            }
            let integerCount = exponent + 1
            if digits.count <= integerCount {
                return digitString + String(repeating: "0", count: integerCount - digits.count) + ".0"
            }
            let integerPart = String(decoding: digits[..<integerCount], as: UTF8.self)
            let fraction = String(decoding: digits[integerCount...], as: UTF8.self)
            return integerPart + "." + fraction
        }
        let first = String(decoding: digits[..<1], as: UTF8.self)
        let rest = digits.count > 1 ? String(decoding: digits[1...], as: UTF8.self) : "0"
        return first + "." + rest + "E" + String(exponent)
    }
}

/// Standard base64 (RFC 4648 alphabet, `=` padding), as Jackson's default `MIME_NO_LINEFEEDS` variant.
public enum Base64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The base64 text of `bytes`.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        var out: [UInt8] = []
        encode(Array(bytes), into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func encode(_ bytes: [UInt8], into out: inout [UInt8]) {
        var i = 0
        while i + 3 <= bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)])
            out.append(alphabet[Int(n & 63)])
            i += 3
        }
        let remaining = bytes.count - i
        if remaining == 1 {
            let n = UInt32(bytes[i]) << 16
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(contentsOf: [UInt8(ascii: "="), UInt8(ascii: "=")])
        } else if remaining == 2 {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)])
            out.append(UInt8(ascii: "="))
        }
    }

    /// Decodes base64 text (padding optional); `nil` when it is not valid base64.
    public static func decode(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        values.reserveCapacity(text.utf8.count)
        var padding = 0
        for byte in text.utf8 {
            let v: UInt8
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): v = byte - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): v = byte - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = byte - UInt8(ascii: "0") + 52
            case UInt8(ascii: "+"): v = 62
            case UInt8(ascii: "/"): v = 63
            case UInt8(ascii: "="):
                padding += 1
                continue
            default: return nil
            }
            if padding > 0 { return nil }
            values.append(v)
        }
        if padding > 2 { return nil }
        if values.count % 4 == 1 { return nil }
        if padding > 0, (values.count + padding) % 4 != 0 { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(values.count * 3 / 4)
        var i = 0
        while i + 4 <= values.count {
            let n = UInt32(values[i]) << 18 | UInt32(values[i + 1]) << 12 | UInt32(values[i + 2]) << 6 | UInt32(values[i + 3])
            out.append(UInt8(n >> 16 & 0xFF))
            out.append(UInt8(n >> 8 & 0xFF))
            out.append(UInt8(n & 0xFF))
            i += 4
        }
        let remaining = values.count - i
        if remaining == 2 {
            let n = UInt32(values[i]) << 18 | UInt32(values[i + 1]) << 12
            out.append(UInt8(n >> 16 & 0xFF))
        } else if remaining == 3 {
            let n = UInt32(values[i]) << 18 | UInt32(values[i + 1]) << 12 | UInt32(values[i + 2]) << 6
            out.append(UInt8(n >> 16 & 0xFF))
            out.append(UInt8(n >> 8 & 0xFF))
        }
        return out
    }
}

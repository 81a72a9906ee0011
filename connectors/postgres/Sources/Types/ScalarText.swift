public import ConnectAPI

/// Parsers for PostgreSQL's non-temporal text output: bytea hex, bit strings, money and array literals.
enum ScalarText {
    /// `\xdeadbeef` → bytes.
    static func byteaHex(_ text: Substring) -> [UInt8]? {
        guard text.hasPrefix("\\x") else { return nil }
        let hex = text.utf8.dropFirst(2)
        guard hex.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(hex.count / 2)
        var high: UInt8?
        for c in hex {
            guard let nibble = hexValue(c) else { return nil }
            if let h = high { out.append(h << 4 | nibble); high = nil } else { high = nibble }
        }
        return out
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// A bit string (`101`) as Debezium's Bits bytes: the number it spells, little-endian, without
    /// trailing zero bytes (Java's `BitSet.toByteArray`).
    static func bits(_ text: Substring) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: (text.count + 7) / 8)
        for (position, c) in text.reversed().enumerated() {
            switch c {
            case "1": bytes[position / 8] |= 1 << UInt8(position % 8)
            case "0": break
            default: return nil
            }
        }
        while let last = bytes.last, last == 0 { bytes.removeLast() }
        return bytes
    }

    /// `$1,234.50` / `-$1.00` → `1234.50` / `-1.00`.
    static func moneyDigits(_ text: Substring) -> String {
        String(text.filter { $0.isNumber || $0 == "-" || $0 == "." })
    }

    /// Elements of a one-dimensional array literal `{a,"b c",NULL}`; `nil` elements are SQL NULLs.
    /// Nested arrays are returned as their raw text.
    static func arrayElements(_ text: Substring) -> [String?]? {
        var body = text
        if body.first == "[", let eq = body.firstIndex(of: "=") { body = body[body.index(after: eq)...] }
        guard body.first == "{", body.last == "}" else { return nil }
        let inner = body.dropFirst().dropLast()
        var elements: [String?] = []
        if inner.isEmpty { return elements }
        var current = ""
        var quoted = false
        var wasQuoted = false
        var escaped = false
        var depth = 0
        for c in inner {
            if escaped { current.append(c); escaped = false; continue }
            if quoted {
                if c == "\\" { escaped = true } else if c == "\"" { quoted = false } else { current.append(c) }
                continue
            }
            switch c {
            case "\"": quoted = true; wasQuoted = true
            case "{": depth += 1; current.append(c)
            case "}": depth -= 1; current.append(c)
            case "," where depth == 0:
                elements.append(!wasQuoted && current.uppercased() == "NULL" ? nil : current)
                current = ""
                wasQuoted = false
            default: current.append(c)
            }
        }
        elements.append(!wasQuoted && current.uppercased() == "NULL" ? nil : current)
        return elements
    }
}

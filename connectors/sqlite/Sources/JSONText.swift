import ConnectAPI

/// Compact JSON text for Connect values that have no column of their own (arrays, maps, nested structs).
enum JSONText {
    /// The JSON text of a value; bytes become base64 strings, logical values strings or numbers.
    static func encode(_ value: ConnectValue) -> String {
        var out = ""
        write(value, into: &out, depth: 0)
        return out
    }

    private static func write(_ value: ConnectValue, into out: inout String, depth: Int) {
        guard depth < 64 else {
            out += "null"
            return
        }
        switch value {
        case .null: out += "null"
        case .int8(let v): out += String(v)
        case .int16(let v): out += String(v)
        case .int32(let v): out += String(v)
        case .int64(let v): out += String(v)
        case .float32(let v): out += v.isFinite ? String(v) : "null"
        case .float64(let v): out += v.isFinite ? String(v) : "null"
        case .boolean(let v): out += v ? "true" : "false"
        case .string(let v): writeString(v, into: &out)
        case .bytes: writeString(Base64.encode(value.byteArray ?? []), into: &out)
        case .decimal(let d): out += d.description
        case .date(let d): writeString(d.description, into: &out)
        case .time(let t): writeString(t.description, into: &out)
        case .timestamp(let t): writeString(t.description, into: &out)
        case .array(let elements):
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                write(element, into: &out, depth: depth + 1)
            }
            out += "]"
        case .map(let entries):
            out += "{"
            for (i, entry) in entries.enumerated() {
                if i > 0 { out += "," }
                if case .string(let key) = entry.key {
                    writeString(key, into: &out)
                } else {
                    writeString(encode(entry.key), into: &out)
                }
                out += ":"
                write(entry.value, into: &out, depth: depth + 1)
            }
            out += "}"
        case .struct(let row):
            out += "{"
            for (i, field) in row.schema.fields.enumerated() {
                if i > 0 { out += "," }
                writeString(field.name, into: &out)
                out += ":"
                write(row.get(field), into: &out, depth: depth + 1)
            }
            out += "}"
        }
    }

    private static func writeString(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

/// Standard base64 (RFC 4648, padded), as Kafka's JsonConverter writes bytes.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The base64 text of some bytes.
    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let b0 = UInt32(bytes[index])
            let b1 = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
            let b2 = index + 2 < bytes.count ? UInt32(bytes[index + 2]) : 0
            let triple = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(triple >> 18 & 63)])
            out.append(alphabet[Int(triple >> 12 & 63)])
            out.append(index + 1 < bytes.count ? alphabet[Int(triple >> 6 & 63)] : UInt8(ascii: "="))
            out.append(index + 2 < bytes.count ? alphabet[Int(triple & 63)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}

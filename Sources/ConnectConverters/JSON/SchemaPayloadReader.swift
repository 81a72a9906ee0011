import ConnectAPI
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads an envelope's `"payload"` straight into Connect data for a known schema, without building a
/// ``JSONNode`` tree: the converter's fast path for the common shapes (structs of booleans, integers,
/// floating-point numbers, strings, base64 bytes and decimals, Date/Time/Timestamp, arrays and nested structs;
/// unescaped strings; members in any order).
///
/// It gives up — returns `nil`, and the caller parses the record the general way — on anything it does not
/// handle exactly as ``JsonConverter/convertToConnect(_:_:)`` over ``JSONParser`` would: escapes, unknown or
/// repeated members, nulls and missing fields that need a default, numeric decimals, maps, numbers the
/// general path would convert with rounding, and every malformed or mismatching input. So a result it returns is
/// the general path's result, and errors always come from the general path.
struct SchemaPayloadReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    /// The next byte to read.
    private(set) var position: Int

    /// The deepest struct nesting read here; deeper documents go the general way (its limit is 1000).
    static let maxDepth = 64

    /// A reader of `bytes` from `position`.
    init(_ bytes: UnsafeBufferPointer<UInt8>, position: Int) {
        self.bytes = bytes
        self.position = position
    }

    /// Whether only JSON whitespace is left.
    mutating func atEndAfterWhitespace() -> Bool {
        skipWhitespace()
        return position == bytes.count
    }

    /// Consumes `byte` (after whitespace); `false` when the next byte is another one.
    mutating func expect(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// Consumes exactly `literal`'s bytes (no whitespace skipped); `false` when they differ.
    mutating func expect(bytes literal: UnsafeBufferPointer<UInt8>) -> Bool {
        guard literal.count <= bytes.count - position else { return false }
        if let base = bytes.baseAddress, let other = literal.baseAddress, memcmp(base + position, other, literal.count) != 0 {
            return false
        }
        position += literal.count
        return true
    }

    /// The value at the current position for `schema`, or `nil` to take the general path.
    mutating func value(_ schema: Schema, depth: Int) -> ConnectValue? {
        skipWhitespace()
        guard position < bytes.count else { return nil }
        if bytes[position] == UInt8(ascii: "n") {
            // The general path returns the default (replace.null.with.default) or fails unless optional.
            guard consumeLiteral("null"), schema.defaultValue == nil, schema.isOptional else { return nil }
            return .null
        }
        if let name = schema.name {
            switch name {
            case ConnectDate.logicalName:
                guard let v = integer(), let days = Int32(exactly: v) else { return nil }
                return (try? ConnectDate.toLogical(schema, days)).map { .date($0) }
            case ConnectTime.logicalName:
                guard let v = integer(), let ms = Int32(exactly: v) else { return nil }
                return (try? ConnectTime.toLogical(schema, ms)).map { .time($0) }
            case ConnectTimestamp.logicalName:
                guard let v = integer() else { return nil }
                return (try? ConnectTimestamp.toLogical(schema, v)).map { .timestamp($0) }
            case ConnectDecimal.logicalName:
                // Base64 of the unscaled bytes, as JsonConverter writes decimals (numeric decimals go the general way).
                guard let text = string(), let unscaled = Base64.decode(text), !unscaled.isEmpty else { return nil }
                return (try? ConnectDecimal.toLogical(schema, unscaled)).map { .decimal($0) }
            default:
                break
            }
        }
        switch schema.type {
        case .boolean:
            if consumeLiteral("true") { return .boolean(true) }
            if consumeLiteral("false") { return .boolean(false) }
            return nil
        case .int8:
            return integer().map { .int8(Int8(truncatingIfNeeded: $0)) }
        case .int16:
            return integer().map { .int16(Int16(truncatingIfNeeded: $0)) }
        case .int32:
            return integer().map { .int32(Int32(truncatingIfNeeded: $0)) }
        case .int64:
            return integer().map { .int64($0) }
        case .float32:
            return floating().map { .float32(Float($0)) }
        case .float64:
            return floating().map { .float64($0) }
        case .string:
            return string().map { .string($0) }
        case .struct:
            return structValue(schema, depth: depth + 1).map { .struct($0) }
        case .bytes:
            guard let text = string(), let decoded = Base64.decode(text) else { return nil }
            return ConnectValue(bytes: decoded)
        case .array:
            guard let elementSchema = schema.valueSchema else { return nil }
            return arrayValue(elementSchema, depth: depth + 1).map { .array($0) }
        case .map:
            return nil
        }
    }

    /// The elements of a JSON array, each read for `elementSchema`; `nil` to take the general path.
    private mutating func arrayValue(_ elementSchema: Schema, depth: Int) -> [ConnectValue]? {
        guard depth <= Self.maxDepth, position < bytes.count, bytes[position] == UInt8(ascii: "[") else { return nil }
        position += 1
        var elements: [ConnectValue] = []
        if expect(UInt8(ascii: "]")) { return elements }
        while true {
            guard let element = value(elementSchema, depth: depth) else { return nil }
            elements.append(element)
            skipWhitespace()
            guard position < bytes.count else { return nil }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
            } else if bytes[position] == UInt8(ascii: "]") {
                position += 1
                return elements
            } else {
                return nil
            }
        }
    }

    private mutating func structValue(_ schema: Schema, depth: Int) -> Struct? {
        let fields = schema.fields
        guard depth <= Self.maxDepth, fields.count <= 64, position < bytes.count, bytes[position] == UInt8(ascii: "{")
        else { return nil }
        // Every value read here has its field's type (primitives by the schema type, logical types through their
        // `toLogical`, structs of their own schema), which is all `Struct.put` would check.
        var values = [ConnectValue](repeating: .null, count: fields.count)
        position += 1
        var seen: UInt64 = 0
        var next = 0
        if !expect(UInt8(ascii: "}")) {
            while true {
                guard expect(UInt8(ascii: "\"")), let index = memberIndex(fields, expected: next),
                    seen & (1 << UInt64(index)) == 0, expect(UInt8(ascii: ":"))
                else { return nil }
                seen |= 1 << UInt64(index)
                next = index + 1
                guard let value = value(fields[index].schema, depth: depth) else { return nil }
                values[index] = value
                skipWhitespace()
                guard position < bytes.count else { return nil }
                if bytes[position] == UInt8(ascii: ",") {
                    position += 1
                } else if bytes[position] == UInt8(ascii: "}") {
                    position += 1
                    break
                } else {
                    return nil
                }
            }
        }
        // A missing member is null for the general path too: fine only when that needs no default.
        let all: UInt64 = fields.count == 64 ? ~0 : (1 << UInt64(fields.count)) - 1
        if seen != all {
            for field in fields where seen & (1 << UInt64(field.index)) == 0 {
                guard field.schema.defaultValue == nil, field.schema.isOptional else { return nil }
            }
        }
        return Struct(schema: schema, validatedValues: values)
    }

    /// The index of the field named by the unescaped member name after the opening quote (the field at
    /// `expected` tried first), with the closing quote consumed; `nil` for escapes or an unknown name.
    private mutating func memberIndex(_ fields: [Field], expected: Int) -> Int? {
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            position += 1
        }
        guard position < bytes.count else { return nil }
        let name = UnsafeBufferPointer(rebasing: bytes[start..<position])
        position += 1
        if expected < fields.count, Self.equal(name, fields[expected].name) { return expected }
        for field in fields where field.index != expected && Self.equal(name, field.name) { return field.index }
        return nil
    }

    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ name: String) -> Bool {
        var name = name
        return name.withUTF8 { utf8 in
            guard utf8.count == bytes.count else { return false }
            for i in 0..<utf8.count where utf8[i] != bytes[i] { return false }
            return true
        }
    }

    /// An integer literal that fits `Int64` (the general path's `.int` node); `nil` for fractions, exponents,
    /// bigger integers and anything that is not a number.
    private mutating func integer() -> Int64? {
        var negative = false
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        guard position < bytes.count, Self.isDigit(bytes[position]) else { return nil }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            // Accumulate negatively so Int64.min parses.
            var value: Int64 = 0
            while position < bytes.count, Self.isDigit(bytes[position]) {
                let digit = Int64(bytes[position] - UInt8(ascii: "0"))
                let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
                let (next, o2) = shifted.subtractingReportingOverflow(digit)
                guard !o1, !o2 else { return nil }
                value = next
                position += 1
            }
            guard numberEnds() else { return nil }
            if negative { return value }
            return value == .min ? nil : -value
        }
        guard numberEnds() else { return nil }
        return 0
    }

    /// A number as the general path's `floatingValue` reads it (integers exactly, other literals through
    /// `Double(String)`), or the `"NaN"`/`"Infinity"`/`"-Infinity"` strings.
    private mutating func floating() -> Double? {
        guard position < bytes.count else { return nil }
        if bytes[position] == UInt8(ascii: "\"") {
            switch string() {
            case "NaN": return .nan
            case "Infinity": return .infinity
            case "-Infinity": return -.infinity
            default: return nil
            }
        }
        let start = position
        if let v = integer() { return Double(v) }
        position = start
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count, Self.isDigit(bytes[position]) else { return nil }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, Self.isDigit(bytes[position]) { return nil }
        } else {
            while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard position < bytes.count, Self.isDigit(bytes[position]) else { return nil }
            while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < bytes.count, Self.isDigit(bytes[position]) else { return nil }
            while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
        }
        guard position - start <= JSONParser.maxNumberLength, numberEnds() else { return nil }
        return Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self))
    }

    /// Whether the number just read is not followed by another number character (the general parser would then
    /// fail on it, e.g. a leading zero).
    private func numberEnds() -> Bool {
        guard position < bytes.count else { return true }
        switch bytes[position] {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"),
            UInt8(ascii: "-"), UInt8(ascii: "+"):
            return false
        default:
            return true
        }
    }

    /// A string without escapes or control characters, valid UTF-8; `nil` otherwise.
    private mutating func string() -> String? {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return nil }
        position += 1
        let start = position
        var bits: UInt8 = 0
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: bytes[start..<position])
                position += 1
                if bits < 0x80 { return String(decoding: run, as: UTF8.self) }
                return String(validating: run, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            bits |= byte
            position += 1
        }
        return nil
    }

    private mutating func consumeLiteral(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard count <= bytes.count - position else { return false }
        let pointer = literal.utf8Start
        for i in 0..<count where bytes[position + i] != pointer[i] { return false }
        position += count
        return true
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}

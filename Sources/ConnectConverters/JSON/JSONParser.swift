/// A strict, bounded RFC 8259 JSON parser producing ``JSONNode`` trees.
///
/// Limits follow Jackson's default `StreamReadConstraints`: nesting depth 1000, number literals of at most
/// 1000 characters. Input must be valid UTF-8; lone surrogate escapes become U+FFFD. Only whitespace may
/// follow the root value.
public struct JSONParser {
    /// A parse failure with the byte offset where it was detected.
    public struct Error: Swift.Error, Hashable, Sendable, CustomStringConvertible {
        /// What was wrong.
        public var message: String
        /// Byte offset into the input.
        public var offset: Int
        public var description: String { "\(message) at offset \(offset)" }
    }

    /// The deepest nesting of arrays and objects accepted.
    public static let defaultMaxDepth = 1000
    /// The longest number literal accepted.
    public static let maxNumberLength = 1000

    let bytes: [UInt8]
    var position = 0
    let maxDepth: Int

    init(_ bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// Parses one JSON document. Empty or all-whitespace input returns `nil` (Jackson's missing node).
    public static func parse(_ bytes: some Collection<UInt8>, maxDepth: Int = defaultMaxDepth) throws(Error) -> JSONNode? {
        var parser = JSONParser(Array(bytes), maxDepth: maxDepth)
        parser.skipWhitespace()
        if parser.position == parser.bytes.count { return nil }
        let node = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.position != parser.bytes.count {
            throw parser.error("Unexpected trailing content")
        }
        return node
    }

    func error(_ message: String) -> Error {
        Error(message: message, offset: position)
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    mutating func parseValue(depth: Int) throws(Error) -> JSONNode {
        guard position < bytes.count else { throw error("Unexpected end of input") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("Unexpected character '\(Unicode.Scalar(bytes[position]))'")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(Error) {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw error("Unexpected end of input") }
        let ptr = literal.utf8Start
        for i in 0..<count where bytes[position + i] != ptr[i] {
            throw error("Invalid literal")
        }
        position += count
    }

    private mutating func parseObject(depth: Int) throws(Error) -> JSONNode {
        guard depth <= maxDepth else { throw error("Nesting depth exceeds maximum allowed (\(maxDepth))") }
        position += 1
        var members: [JSONNode.Member] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw error("Expected a member name")
            }
            let name = try parseString()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw error("Expected ':'") }
            position += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            members.append(JSONNode.Member(name, value))
            skipWhitespace()
            guard position < bytes.count else { throw error("Unexpected end of input") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
            } else if bytes[position] == UInt8(ascii: "}") {
                position += 1
                return .object(members)
            } else {
                throw error("Expected ',' or '}'")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(Error) -> JSONNode {
        guard depth <= maxDepth else { throw error("Nesting depth exceeds maximum allowed (\(maxDepth))") }
        position += 1
        var elements: [JSONNode] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard position < bytes.count else { throw error("Unexpected end of input") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
            } else if bytes[position] == UInt8(ascii: "]") {
                position += 1
                return .array(elements)
            } else {
                throw error("Expected ',' or ']'")
            }
        }
    }

    private mutating func parseNumber() throws(Error) -> JSONNode {
        let start = position
        var isIntegral = true
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count, isDigit(bytes[position]) else { throw error("Invalid number") }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) { throw error("Leading zeroes not allowed") }
        } else {
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            isIntegral = false
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else { throw error("Invalid number: missing fraction digits") }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            isIntegral = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < bytes.count, isDigit(bytes[position]) else { throw error("Invalid number: missing exponent digits") }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        guard position - start <= Self.maxNumberLength else {
            throw Error(message: "Number value length exceeds the maximum allowed (\(Self.maxNumberLength))", offset: start)
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isIntegral {
            if let value = Int64(text) { return .int(value) }
            return .bigInteger(text)
        }
        return .decimal(text)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    mutating func parseString() throws(Error) -> String {
        position += 1  // opening quote
        if let string = try parseUnescapedString() { return string }
        var out: [UInt8] = []
        var runStart = position
        while true {
            guard position < bytes.count else { throw error("Unterminated string") }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                out.append(contentsOf: bytes[runStart..<position])
                position += 1
                break
            } else if byte == UInt8(ascii: "\\") {
                out.append(contentsOf: bytes[runStart..<position])
                position += 1
                try parseEscape(into: &out)
                runStart = position
            } else if byte < 0x20 {
                throw error("Illegal unquoted control character in string")
            } else {
                position += 1
            }
        }
        guard let string = String(validating: out, as: UTF8.self) else {
            throw error("Invalid UTF-8 in string")
        }
        return string
    }

    /// The common case without escapes, straight from the input (ASCII needs no validation); `nil`, with the
    /// position unchanged, when the string has an escape or a control character or is unterminated.
    private mutating func parseUnescapedString() throws(Error) -> String? {
        let start = position
        var bits: UInt8 = 0
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let run = bytes[start..<position]
                position += 1
                if bits < 0x80 { return String(decoding: run, as: UTF8.self) }
                guard let string = String(validating: run, as: UTF8.self) else {
                    throw error("Invalid UTF-8 in string")
                }
                return string
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            bits |= byte
            position += 1
        }
        position = start
        return nil
    }

    private mutating func parseEscape(into out: inout [UInt8]) throws(Error) {
        guard position < bytes.count else { throw error("Unterminated escape") }
        let byte = bytes[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "/"): out.append(0x2F)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalarValue = try parseHex4()
            if (0xD800...0xDBFF).contains(scalarValue) {
                // High surrogate: combine with a following low surrogate escape if there is one.
                if position + 6 <= bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                    let save = position
                    position += 2
                    let low = try parseHex4()
                    if (0xDC00...0xDFFF).contains(low) {
                        scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        position = save
                        scalarValue = 0xFFFD
                    }
                } else {
                    scalarValue = 0xFFFD
                }
            } else if (0xDC00...0xDFFF).contains(scalarValue) {
                scalarValue = 0xFFFD
            }
            let scalar = Unicode.Scalar(scalarValue) ?? "\u{FFFD}"
            out.append(contentsOf: String(Character(scalar)).utf8)
        default:
            throw Error(message: "Unrecognized character escape", offset: position - 1)
        }
    }

    private mutating func parseHex4() throws(Error) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("Unterminated unicode escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("Invalid hex digit in unicode escape")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }
}

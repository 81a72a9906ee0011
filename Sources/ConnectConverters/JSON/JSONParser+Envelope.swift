/// A document parsed by ``JSONParser/parseEnvelope(_:rawMember:resolve:)``: the root, and the bytes of its
/// `rawMember` object member, which was left unparsed (its value `null` in `root`) when `resolve` recognised them.
struct JSONEnvelope<Resolved> {
    /// The document's root; `nil` for an empty document.
    var root: JSONNode?
    /// The bytes of the last root member named `rawMember` whose value is an object, if any.
    var rawValue: ArraySlice<UInt8>?
    /// What `resolve` made of `rawValue`; when set, that member's value in `root` is `null` and was not parsed.
    var resolved: Resolved?
}

extension JSONParser {
    /// Parses a document like ``parse(_:maxDepth:)`` (the same result, the same errors), except that an object
    /// value of a root member named `rawMember` is first located by its brackets and handed to `resolve` as bytes;
    /// when `resolve` recognises them the value is skipped instead of parsed. `resolve` must only recognise bytes
    /// that once parsed as a whole JSON value in this position: then skipping them is the same as parsing them.
    static func parseEnvelope<Resolved>(
        _ bytes: some Collection<UInt8>,
        rawMember: String,
        resolve: (ArraySlice<UInt8>) -> Resolved?
    ) throws(Error) -> JSONEnvelope<Resolved> {
        var parser = JSONParser(Array(bytes), maxDepth: defaultMaxDepth)
        var envelope = JSONEnvelope<Resolved>()
        parser.skipWhitespace()
        if parser.position == parser.bytes.count { return envelope }
        if parser.bytes[parser.position] == UInt8(ascii: "{") {
            envelope.root = try parser.parseRootObject(rawMember: rawMember, into: &envelope, resolve: resolve)
        } else {
            envelope.root = try parser.parseValue(depth: 0)
        }
        parser.skipWhitespace()
        if parser.position != parser.bytes.count {
            throw parser.error("Unexpected trailing content")
        }
        return envelope
    }

    /// `parseObject` at the root, with `rawMember` values offered to `resolve`.
    private mutating func parseRootObject<Resolved>(
        rawMember: String,
        into envelope: inout JSONEnvelope<Resolved>,
        resolve: (ArraySlice<UInt8>) -> Resolved?
    ) throws(Error) -> JSONNode {
        let depth = 1
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
            let value: JSONNode
            if name == rawMember, position < bytes.count, bytes[position] == UInt8(ascii: "{") {
                let start = position
                if let end = Self.endOfObject(in: bytes, from: start), let resolved = resolve(bytes[start..<end]) {
                    envelope.rawValue = bytes[start..<end]
                    envelope.resolved = resolved
                    position = end
                    value = .null
                } else {
                    value = try parseValue(depth: depth)
                    envelope.rawValue = bytes[start..<position]
                    envelope.resolved = nil
                }
            } else {
                value = try parseValue(depth: depth)
            }
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

    /// Where the object starting at `start` ends, by its brackets and strings only (no validation): exact for
    /// valid JSON; `nil` when the brackets do not close.
    static func endOfObject(in bytes: [UInt8], from start: Int) -> Int? {
        var depth = 0
        var index = start
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if inString {
                if byte == UInt8(ascii: "\\") {
                    index += 1
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
        }
        return nil
    }
}

/// Kafka's `ConfigDef.parseType` for string input: the rules and messages for each type.
enum ConfigParsing {
    /// Parses a raw string for a key of this type.
    /// - Throws: ``ConnectError`` (`config`) phrased as Kafka's, quoting the raw value.
    static func parse(name: String, raw: String, type: ConfigType) throws(ConnectError) -> ConfigValue {
        let trimmed = trim(raw)
        switch type {
        case .boolean:
            switch trimmed.lowercased() {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            default: throw .invalidConfig(name: name, value: raw, message: "Expected value to be either true or false")
            }
        case .password:
            return .password(Password(trimmed))
        case .string:
            return .string(trimmed)
        case .int:
            guard let v = Int32(trimmed) else { throw notANumber(name, raw, type) }
            return .int(v)
        case .short:
            guard let v = Int16(trimmed) else { throw notANumber(name, raw, type) }
            return .short(v)
        case .long:
            guard let v = Int64(trimmed) else { throw notANumber(name, raw, type) }
            return .long(v)
        case .double:
            guard let v = Double(trimmed) else { throw notANumber(name, raw, type) }
            return .double(v)
        case .list:
            return .list(splitList(trimmed))
        case .class:
            guard !trimmed.isEmpty else {
                throw .invalidConfig(name: name, value: raw, message: "Class \(raw) could not be found.")
            }
            return .className(trimmed)
        }
    }

    /// Converts an already typed value to a key's type where Kafka would (an integer for a `LONG` or
    /// `DOUBLE` key, a string parsed for any type); `nil` when it cannot.
    static func coerce(name: String, _ value: ConfigValue, to type: ConfigType) -> ConfigValue? {
        if value.type == type { return value }
        switch (value, type) {
        case (.string(let s), _): return try? parse(name: name, raw: s, type: type)
        case (.long(let v), .int): return Int32(exactly: v).map { .int($0) }
        case (.long(let v), .short): return Int16(exactly: v).map { .short($0) }
        case (.long(let v), .double): return .double(Double(v))
        case (.int(let v), .long): return .long(Int64(v))
        case (.int(let v), .double): return .double(Double(v))
        case (.short(let v), .long): return .long(Int64(v))
        case (.short(let v), .int): return .int(Int32(v))
        case (.short(let v), .double): return .double(Double(v))
        case (.list(let v), .string): return .string(v.joined(separator: ","))
        default: return nil
        }
    }

    /// A comma-separated list: empty input is an empty list; whitespace around each comma is dropped;
    /// empty elements are kept (`"a,,b"` is three elements), as Kafka's `\s*,\s*` split.
    static func splitList(_ trimmed: String) -> [String] {
        if trimmed.isEmpty { return [] }
        return trimmed.split(separator: ",", omittingEmptySubsequences: false).map { trim(String($0)) }
    }

    /// Java's `String.trim()`: drops leading and trailing characters up to U+0020.
    static func trim(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { $0.value > 0x20 }) else { return "" }
        let last = scalars.lastIndex(where: { $0.value > 0x20 })!
        return String(scalars[first...last])
    }

    private static func notANumber(_ name: String, _ raw: String, _ type: ConfigType) -> ConnectError {
        .invalidConfig(name: name, value: raw, message: "Not a number of type \(type)")
    }
}

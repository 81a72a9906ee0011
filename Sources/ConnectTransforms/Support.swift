import ConnectAPI
import Synchronization

/// Single message transforms and predicates with Kafka's names and config keys.
public enum ConnectTransformsModule {}

/// Which part of a record a `$Key`/`$Value` transform variant operates on.
public enum RecordPart: Sendable, Hashable {
    /// The record key and key schema.
    case key
    /// The record value and value schema.
    case value
}

extension ConnectRecord {
    /// The schema of the given part.
    func operatingSchema(_ part: RecordPart) -> Schema? { part == .key ? keySchema : valueSchema }
    /// The value of the given part.
    func operatingValue(_ part: RecordPart) -> ConnectValue { part == .key ? key : value }
    /// A copy with the given part replaced.
    func replacing(_ part: RecordPart, schema: Schema?, value: ConnectValue) -> Self {
        part == .key ? withKey(value, schema: schema) : withValue(value, schema: schema)
    }
}

/// A thread-safe map from input schema to derived schema (Kafka's `SynchronizedCache<LRUCache>`, unbounded here).
final class SchemaCache: Sendable {
    private let storage = Mutex<[Schema: Schema]>([:])

    init() {}

    /// The cached schema for `key`, computing and storing it on a miss.
    func get(_ key: Schema, orMake make: (Schema) throws -> Schema) throws -> Schema {
        if let hit = storage.withLock({ $0[key] }) { return hit }
        let made = try make(key)
        storage.withLock { $0[key] = made }
        return made
    }
}

/// Kafka's `Requirements` checks, with its messages.
enum Requirements {
    static func requireMap(_ value: ConnectValue, _ purpose: String) throws(ConnectError) -> [ConnectValue.MapEntry] {
        guard case .map(let entries) = value else {
            throw .data("Only Map objects supported in absence of schema for [\(purpose)], found: \(value.kindName)")
        }
        return entries
    }

    static func requireMapOrNull(_ value: ConnectValue, _ purpose: String) throws(ConnectError) -> [ConnectValue.MapEntry]? {
        if value.isNull { return nil }
        return try requireMap(value, purpose)
    }

    static func requireStruct(_ value: ConnectValue, _ purpose: String) throws(ConnectError) -> Struct {
        guard case .struct(let s) = value else {
            throw .data("Only Struct objects supported for [\(purpose)], found: \(value.kindName)")
        }
        return s
    }

    static func requireStructOrNull(_ value: ConnectValue, _ purpose: String) throws(ConnectError) -> Struct? {
        if value.isNull { return nil }
        return try requireStruct(value, purpose)
    }

    static func requireSinkRecord<R: ConnectRecord>(_ record: R, _ purpose: String) throws(ConnectError) -> SinkRecord {
        guard let sink = record as? SinkRecord else {
            throw .data("Only SinkRecord supported for [\(purpose)], found: \(type(of: record))")
        }
        return sink
    }
}

extension Array where Element == ConnectValue.MapEntry {
    /// The value under a string key, or `.null`.
    func get(_ key: String) -> ConnectValue {
        first { $0.key == .string(key) }?.value ?? .null
    }

    /// Sets (replacing in place) or appends a string-keyed entry.
    mutating func put(_ key: String, _ value: ConnectValue) {
        if let index = firstIndex(where: { $0.key == .string(key) }) {
            self[index].value = value
        } else {
            append(ConnectValue.MapEntry(key: .string(key), value: value))
        }
    }

    /// Removes a string-keyed entry.
    mutating func remove(_ key: String) {
        removeAll { $0.key == .string(key) }
    }
}

/// A struct builder copying name, version, doc and parameters of `schema` (Kafka's `SchemaUtil.copySchemaBasics`).
func copySchemaBasics(_ schema: Schema, _ builder: SchemaBuilder = .struct()) -> SchemaBuilder {
    var b = builder
    if let name = schema.name { b = b.name(name) }
    if let version = schema.version { b = b.version(version) }
    if let doc = schema.doc { b = b.doc(doc) }
    if !schema.parameters.isEmpty { b = b.parameters(schema.parameters) }
    return b
}

extension Schema {
    /// This schema made optional (unchanged when already optional).
    func asOptional() throws -> Schema {
        if isOptional { return self }
        return try SchemaBuilder(copying: self).optional().build()
    }
}

/// A validator refusing an empty list (Kafka's `NonEmptyListValidator`).
extension ConfigValidator {
    static let nonEmptyList = ConfigValidator(description: "non-empty list") { name, value in
        if case .list(let items)? = value, items.isEmpty {
            throw ConnectError.invalidConfig(name: name, value: "[]", message: "Empty list")
        }
        if value == nil {
            throw ConnectError.invalidConfig(name: name, value: nil, message: "Empty list")
        }
    }
}

/// A compiled regular expression that can be stored in `Sendable` values.
struct SendableRegex: @unchecked Sendable {
    let pattern: String
    let regex: Regex<AnyRegexOutput>

    init(_ pattern: String) throws {
        self.pattern = pattern
        self.regex = try Regex(pattern)
    }

    /// Whether the whole string matches (Java's `Matcher.matches()`).
    func matchesWhole(_ s: String) -> Bool { (try? regex.wholeMatch(in: s)) != nil }

    /// The replacement applied to a whole-string match, with Java's `$n` and `\` escapes; `nil` if no match.
    func replaceWhole(_ s: String, with replacement: String) -> String? {
        guard let match = try? regex.wholeMatch(in: s) else { return nil }
        var out = ""
        var chars = Array(replacement)[...]
        while let c = chars.popFirst() {
            if c == "\\", let next = chars.popFirst() {
                out.append(next)
            } else if c == "$", let d = chars.first, let n = d.wholeNumberValue {
                chars.removeFirst()
                var group = n
                while let d2 = chars.first, let n2 = d2.wholeNumberValue, group * 10 + n2 < match.output.count {
                    group = group * 10 + n2
                    chars.removeFirst()
                }
                if group < match.output.count, let sub = match.output[group].substring {
                    out += sub
                }
            } else {
                out.append(c)
            }
        }
        return out
    }
}

/// Kafka's `replace.null.with.default` key (KIP-1040): whether a null struct field reads as its schema default.
let replaceNullWithDefaultKey = "replace.null.with.default"

extension ConfigDefinition {
    /// A copy defining `replace.null.with.default` (boolean, default true).
    func definingReplaceNullWithDefault() -> ConfigDefinition {
        define(replaceNullWithDefaultKey, .boolean, default: true, importance: .medium,
               documentation: "Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.")
    }
}

extension Struct {
    /// A field's value, with its default for null only when `replaceNullWithDefault` is true.
    func value(_ field: Field, replaceNullWithDefault: Bool) -> ConnectValue {
        replaceNullWithDefault ? get(field) : ((try? getWithoutDefault(field.name)) ?? .null)
    }
}

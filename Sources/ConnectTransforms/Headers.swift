public import ConnectAPI

/// Adds a header with a literal value to every record (Kafka's `InsertHeader`, keys `header` and `value.literal`).
///
/// The literal is parsed as Kafka's `Values.parseString` does for simple values: `true`/`false` become
/// booleans, integers the smallest fitting integer type, decimals `FLOAT64`, anything else a string.
public struct InsertHeader: Transformation {
    var header = ""
    var literal: (schema: Schema, value: ConnectValue) = (.string, "")

    /// An unconfigured transform.
    public init() {}

    public var config: ConfigDefinition {
        ConfigDefinition()
            .define("header", .string, validator: .nonNull, importance: .high, documentation: "The name of the header.")
            .define("value.literal", .string, validator: .nonNull, importance: .high,
                    documentation: "The literal value that is to be set as the header value on all records.")
    }

    public mutating func configure(_ configs: [String: String]) throws {
        let c = try config.parse(configs)
        header = c.string("header") ?? ""
        literal = Self.parseLiteral(c.string("value.literal") ?? "")
    }

    static func parseLiteral(_ text: String) -> (schema: Schema, value: ConnectValue) {
        switch text.lowercased() {
        case "true": return (.boolean, .boolean(true))
        case "false": return (.boolean, .boolean(false))
        default: break
        }
        if let v = Int8(text) { return (.int8, .int8(v)) }
        if let v = Int16(text) { return (.int16, .int16(v)) }
        if let v = Int32(text) { return (.int32, .int32(v)) }
        if let v = Int64(text) { return (.int64, .int64(v)) }
        if text.contains("."), let v = Double(text), v.isFinite { return (.float64, .float64(v)) }
        return (.string, .string(text))
    }

    public func apply<R: ConnectRecord>(_ record: R) throws -> R? {
        var headers = record.headers
        headers.add(ConnectHeader(key: header, schema: literal.schema, value: literal.value))
        return record.withHeaders(headers)
    }
}

/// Removes every header with one of the listed names (Kafka's `DropHeaders`, key `headers`).
public struct DropHeaders: Transformation {
    var names: Set<String> = []

    /// An unconfigured transform.
    public init() {}

    public var config: ConfigDefinition {
        ConfigDefinition().define("headers", .list, validator: .nonEmptyList, importance: .high,
                                  documentation: "The name of the headers to be removed.")
    }

    public mutating func configure(_ configs: [String: String]) throws {
        names = Set(try config.parse(configs).list("headers") ?? [])
    }

    public func apply<R: ConnectRecord>(_ record: R) throws -> R? {
        var headers = record.headers
        headers.apply { names.contains($0.key) ? nil : $0 }
        return record.withHeaders(headers)
    }
}

/// Copies or moves fields of the key or value into headers (Kafka's `HeaderFrom$Key`/`$Value`).
///
/// Keys `fields` and `headers` (lists of the same length, paired in order) and `operation` (`move` or `copy`).
public struct HeaderFrom: Transformation {
    static let purpose = "header extraction"

    /// The part this instance modifies.
    public let part: RecordPart
    var fields: [String] = []
    var headerNames: [String] = []
    var move = false
    var replaceNullWithDefault = true
    private let cache = SchemaCache()

    /// An unconfigured transform for the key or the value.
    public init(part: RecordPart) {
        self.part = part
    }

    public var config: ConfigDefinition {
        ConfigDefinition()
            .define("fields", .list, validator: .nonEmptyList, importance: .high,
                    documentation: "Field names in the record whose values are to be copied or moved to headers.")
            .define("headers", .list, validator: .nonEmptyList, importance: .high,
                    documentation: "Header names, in the same order as the field names listed in the fields configuration property.")
            .define("operation", .string, validator: .in("move", "copy"), importance: .high,
                    documentation: "Either <code>move</code> if the fields are to be moved to the headers (removed from the key/value), or <code>copy</code> if the fields are to be copied to the headers (retained in the key/value).")
            .definingReplaceNullWithDefault()
    }

    public mutating func configure(_ configs: [String: String]) throws {
        let c = try config.parse(configs)
        fields = c.list("fields") ?? []
        headerNames = c.list("headers") ?? []
        guard fields.count == headerNames.count else {
            throw ConnectError(.config, "'fields' config must have the same number of elements as 'headers' config.")
        }
        move = c.string("operation") == "move"
        replaceNullWithDefault = c.bool(replaceNullWithDefaultKey) ?? true
    }

    public func apply<R: ConnectRecord>(_ record: R) throws -> R? {
        let value = record.operatingValue(part)
        var headers = record.headers
        if let schema = record.operatingSchema(part) {
            let input = try Requirements.requireStruct(value, Self.purpose)
            for (field, header) in zip(fields, headerNames) {
                guard let f = schema.field(named: field) else {
                    throw ConnectError.data("\(field) is not a valid field name")
                }
                headers.add(ConnectHeader(key: header, schema: f.schema, value: input.value(f, replaceNullWithDefault: replaceNullWithDefault)))
            }
            guard move else { return record.withHeaders(headers) }
            let updatedSchema = try cache.get(schema) { schema in
                var builder = copySchemaBasics(schema)
                if schema.isOptional { builder = builder.optional() }
                for f in schema.fields where !fields.contains(f.name) { builder = builder.field(f.name, f.schema) }
                return try builder.build()
            }
            var updated = try Struct(schema: updatedSchema)
            for f in updatedSchema.fields {
                if let original = schema.field(named: f.name) {
                    try updated.put(f, input.value(original, replaceNullWithDefault: replaceNullWithDefault))
                }
            }
            return record.replacing(part, schema: updatedSchema, value: .struct(updated)).withHeaders(headers)
        } else {
            var map = try Requirements.requireMap(value, Self.purpose)
            for (field, header) in zip(fields, headerNames) {
                headers.add(ConnectHeader(key: header, schema: nil, value: map.get(field)))
                if move { map.remove(field) }
            }
            return record.replacing(part, schema: nil, value: .map(map)).withHeaders(headers)
        }
    }
}

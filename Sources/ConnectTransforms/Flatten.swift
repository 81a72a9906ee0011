public import ConnectAPI

/// Flattens nested structs (with schema) or maps (without) into one level, joining field names with
/// `delimiter` (default `.`) (Kafka's `Flatten$Key`/`$Value`).
public struct Flatten: Transformation {
    static let purpose = "flattening"

    /// The part this instance modifies.
    public let part: RecordPart
    var delimiter = "."
    private let cache = SchemaCache()

    /// An unconfigured transform for the key or the value.
    public init(part: RecordPart) {
        self.part = part
    }

    public var config: ConfigDefinition {
        ConfigDefinition().define("delimiter", .string, default: ".", importance: .medium,
                                  documentation: "Delimiter to insert between field names from the input record when generating field names for the output record")
    }

    public mutating func configure(_ configs: [String: String]) throws {
        delimiter = try config.parse(configs).string("delimiter") ?? "."
    }

    func fieldName(_ prefix: String, _ name: String) -> String {
        prefix.isEmpty ? name : prefix + delimiter + name
    }

    public func apply<R: ConnectRecord>(_ record: R) throws -> R? {
        let value = record.operatingValue(part)
        if let schema = record.operatingSchema(part) {
            let input = try Requirements.requireStructOrNull(value, Self.purpose)
            let updatedSchema = try cache.get(schema) { schema in
                var builder = copySchemaBasics(schema)
                if schema.isOptional { builder = builder.optional() }
                try buildSchema(schema, "", &builder, optional: schema.isOptional)
                return try builder.build()
            }
            guard let input else { return record.replacing(part, schema: updatedSchema, value: .null) }
            var updated = try Struct(schema: updatedSchema)
            try flatten(input, "", &updated)
            return record.replacing(part, schema: updatedSchema, value: .struct(updated))
        } else {
            guard let map = try Requirements.requireMapOrNull(value, Self.purpose) else { return record }
            var out: [ConnectValue.MapEntry] = []
            try flatten(map, "", &out)
            return record.replacing(part, schema: nil, value: .map(out))
        }
    }

    private func flatten(_ map: [ConnectValue.MapEntry], _ prefix: String, _ out: inout [ConnectValue.MapEntry]) throws {
        for entry in map {
            guard case .string(let key) = entry.key else {
                throw ConnectError.data("Flatten transformation does not support map keys of type \(entry.key.kindName) for record without schemas.")
            }
            let name = fieldName(prefix, key)
            switch entry.value {
            case .map(let nested): try flatten(nested, name, &out)
            case .struct:
                throw ConnectError.data("Flatten transformation does not support STRUCT for record without schemas (for field \(name)).")
            default: out.put(name, entry.value)
            }
        }
    }

    private func buildSchema(_ schema: Schema, _ prefix: String, _ builder: inout SchemaBuilder, optional: Bool) throws {
        for field in schema.fields {
            let name = fieldName(prefix, field.name)
            let fieldOptional = optional || field.schema.isOptional
            switch field.schema.type {
            case .struct:
                try buildSchema(field.schema, name, &builder, optional: fieldOptional)
            case .map:
                throw ConnectError.data("Flatten transformation does not support MAP for record with schemas (for field \(name)).")
            default:
                var fieldBuilder = SchemaBuilder(copying: field.schema)
                if fieldOptional { fieldBuilder = fieldBuilder.optional() }
                builder = builder.field(name, fieldBuilder)
            }
        }
    }

    private func flatten(_ value: Struct, _ prefix: String, _ out: inout Struct) throws {
        for field in value.schema.fields {
            let name = fieldName(prefix, field.name)
            let fieldValue = value.get(field)
            if field.schema.type == .struct {
                if case .struct(let nested) = fieldValue { try flatten(nested, name, &out) }
            } else {
                try out.put(name, fieldValue)
            }
        }
    }
}

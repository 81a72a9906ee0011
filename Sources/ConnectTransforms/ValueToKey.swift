public import ConnectAPI

/// Replaces the key with a struct or map of the listed value fields (Kafka's `ValueToKey`, key `fields`).
public struct ValueToKey: Transformation {
    static let purpose = "copying fields from value to key"

    var fields: [String] = []
    private let cache = SchemaCache()

    /// An unconfigured transform.
    public init() {}

    public var config: ConfigDefinition {
        ConfigDefinition().define("fields", .list, validator: .nonEmptyList, importance: .high,
                                  documentation: "Field names on the record value to extract as the record key.")
    }

    public mutating func configure(_ configs: [String: String]) throws {
        fields = try config.parse(configs).list("fields") ?? []
    }

    public func apply<R: ConnectRecord>(_ record: R) throws -> R? {
        if let schema = record.valueSchema {
            let value = try Requirements.requireStruct(record.value, Self.purpose)
            let keySchema = try cache.get(schema) { schema in
                var builder = SchemaBuilder.struct()
                for name in fields {
                    guard let field = schema.field(named: name) else {
                        throw ConnectError.data("Field does not exist: \(name)")
                    }
                    builder = builder.field(name, field.schema)
                }
                return try builder.build()
            }
            var key = try Struct(schema: keySchema)
            for name in fields { try key.put(name, try value.get(name)) }
            return record.withKey(.struct(key), schema: keySchema)
        } else {
            let value = try Requirements.requireMap(record.value, Self.purpose)
            var key: [ConnectValue.MapEntry] = []
            for name in fields { key.put(name, value.get(name)) }
            return record.withKey(.map(key), schema: nil)
        }
    }
}

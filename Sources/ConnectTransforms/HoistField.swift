public import ConnectAPI

/// Wraps the key or value in a struct (with schema) or map (without) under one field
/// (Kafka's `HoistField$Key`/`$Value`, key `field`).
public struct HoistField: Transformation {
    /// The part this instance modifies.
    public let part: RecordPart
    var fieldName = ""
    private let cache = SchemaCache()

    /// An unconfigured transform for the key or the value.
    public init(part: RecordPart) {
        self.part = part
    }

    public var config: ConfigDefinition {
        ConfigDefinition().define("field", .string, validator: .nonEmptyString, importance: .medium,
                                  documentation: "Field name for the single field that will be created in the resulting Struct or Map.")
    }

    public mutating func configure(_ configs: [String: String]) throws {
        fieldName = try config.parse(configs).string("field") ?? ""
    }

    public func apply<R: ConnectRecord>(_ record: R) throws -> R? {
        let value = record.operatingValue(part)
        if let schema = record.operatingSchema(part) {
            let updatedSchema = try cache.get(schema) { try SchemaBuilder.struct().field(fieldName, $0).build() }
            var updated = try Struct(schema: updatedSchema)
            try updated.put(fieldName, value)
            return record.replacing(part, schema: updatedSchema, value: .struct(updated))
        } else {
            return record.replacing(part, schema: nil, value: .map([.init(key: .string(fieldName), value: value)]))
        }
    }
}

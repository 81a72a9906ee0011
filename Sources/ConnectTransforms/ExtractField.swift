public import ConnectAPI

/// Replaces the key or value with one of its fields (Kafka's `ExtractField$Key`/`$Value`, key `field`).
public struct ExtractField: Transformation {
    static let purpose = "field extraction"

    /// The part this instance modifies.
    public let part: RecordPart
    var fieldName = ""
    var replaceNullWithDefault = true

    /// An unconfigured transform for the key or the value.
    public init(part: RecordPart) {
        self.part = part
    }

    public var config: ConfigDefinition {
        ConfigDefinition().define("field", .string, validator: .nonEmptyString, importance: .medium,
                                  documentation: "Field name to extract.")
            .definingReplaceNullWithDefault()
    }

    public mutating func configure(_ configs: [String: String]) throws {
        let c = try config.parse(configs)
        fieldName = c.string("field") ?? ""
        replaceNullWithDefault = c.bool(replaceNullWithDefaultKey) ?? true
    }

    public func apply<R: ConnectRecord>(_ record: R) throws -> R? {
        let value = record.operatingValue(part)
        if let schema = record.operatingSchema(part) {
            let input = try Requirements.requireStructOrNull(value, Self.purpose)
            guard let field = schema.field(named: fieldName) else {
                throw ConnectError.data("Unknown field: \(fieldName)")
            }
            return record.replacing(part, schema: field.schema, value: input.map { $0.value(field, replaceNullWithDefault: replaceNullWithDefault) } ?? .null)
        } else {
            let map = try Requirements.requireMapOrNull(value, Self.purpose)
            return record.replacing(part, schema: nil, value: map?.get(fieldName) ?? .null)
        }
    }
}

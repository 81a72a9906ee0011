public import ConnectAPI

/// Inserts record metadata and a static value as fields of the key or value (Kafka's `InsertField$Key`/`$Value`).
///
/// Keys `topic.field`, `partition.field`, `offset.field` (sink records only), `timestamp.field`,
/// `static.field` + `static.value`; a field name ending in `!` makes the new field required, `?` (the default) optional.
public struct InsertField: Transformation {
    struct Spec: Sendable {
        var name: String
        var optional: Bool

        static func parse(_ spec: String?) -> Spec? {
            guard let spec, !spec.isEmpty else { return nil }
            if spec.hasSuffix("?") { return Spec(name: String(spec.dropLast()), optional: true) }
            if spec.hasSuffix("!") { return Spec(name: String(spec.dropLast()), optional: false) }
            return Spec(name: spec, optional: true)
        }
    }

    static let purpose = "field insertion"

    /// The part this instance modifies.
    public let part: RecordPart
    var topicField: Spec?
    var partitionField: Spec?
    var offsetField: Spec?
    var timestampField: Spec?
    var staticField: Spec?
    var staticValue: String?
    var replaceNullWithDefault = true
    private let cache = SchemaCache()

    /// An unconfigured transform for the key or the value.
    public init(part: RecordPart) {
        self.part = part
    }

    public var config: ConfigDefinition {
        ConfigDefinition()
            .define("topic.field", .string, default: nil, importance: .medium,
                    documentation: "Field name for Kafka topic. Suffix with ! to make this a required field, or ? to keep it optional (the default).")
            .define("partition.field", .string, default: nil, importance: .medium,
                    documentation: "Field name for Kafka partition. Suffix with ! to make this a required field, or ? to keep it optional (the default).")
            .define("offset.field", .string, default: nil, importance: .medium,
                    documentation: "Field name for Kafka offset - only applicable to sink connectors. Suffix with ! to make this a required field, or ? to keep it optional (the default).")
            .define("timestamp.field", .string, default: nil, importance: .medium,
                    documentation: "Field name for record timestamp. Suffix with ! to make this a required field, or ? to keep it optional (the default).")
            .define("static.field", .string, default: nil, importance: .medium,
                    documentation: "Field name for static data field. Suffix with ! to make this a required field, or ? to keep it optional (the default).")
            .define("static.value", .string, default: nil, importance: .medium,
                    documentation: "Static field value, if field name configured.")
            .definingReplaceNullWithDefault()
    }

    public mutating func configure(_ configs: [String: String]) throws {
        let c = try config.parse(configs)
        topicField = Spec.parse(c.string("topic.field"))
        partitionField = Spec.parse(c.string("partition.field"))
        offsetField = Spec.parse(c.string("offset.field"))
        timestampField = Spec.parse(c.string("timestamp.field"))
        staticField = Spec.parse(c.string("static.field"))
        staticValue = c.string("static.value")
        replaceNullWithDefault = c.bool(replaceNullWithDefaultKey) ?? true
    }

    public func apply<R: ConnectRecord>(_ record: R) throws -> R? {
        let value = record.operatingValue(part)
        if value.isNull { return record }
        if let schema = record.operatingSchema(part) {
            let input = try Requirements.requireStruct(value, Self.purpose)
            let updatedSchema = try cache.get(schema, orMake: makeUpdatedSchema)
            var updated = try Struct(schema: updatedSchema)
            for field in input.schema.fields {
                try updated.put(field.name, input.value(field, replaceNullWithDefault: replaceNullWithDefault))
            }
            if let topicField { try updated.put(topicField.name, .string(record.topic)) }
            if let partitionField, let p = record.kafkaPartition { try updated.put(partitionField.name, .int32(p)) }
            if let offsetField {
                try updated.put(offsetField.name, .int64(try Requirements.requireSinkRecord(record, Self.purpose).kafkaOffset))
            }
            if let timestampField, let ts = record.timestamp {
                try updated.put(timestampField.name, .timestamp(ConnectTimestamp(millisecondsSinceEpoch: ts)))
            }
            if let staticField, let staticValue { try updated.put(staticField.name, .string(staticValue)) }
            try updated.validate()
            return record.replacing(part, schema: updatedSchema, value: .struct(updated))
        } else {
            var map = try Requirements.requireMap(value, Self.purpose)
            if let topicField { map.put(topicField.name, .string(record.topic)) }
            if let partitionField, let p = record.kafkaPartition { map.put(partitionField.name, .int32(p)) }
            if let offsetField {
                map.put(offsetField.name, .int64(try Requirements.requireSinkRecord(record, Self.purpose).kafkaOffset))
            }
            if let timestampField, let ts = record.timestamp { map.put(timestampField.name, .int64(ts)) }
            if let staticField, let staticValue { map.put(staticField.name, .string(staticValue)) }
            return record.replacing(part, schema: nil, value: .map(map))
        }
    }

    private func makeUpdatedSchema(_ schema: Schema) throws -> Schema {
        guard schema.type == .struct else {
            throw ConnectError.data("Only Struct objects supported for [\(Self.purpose)], found: \(schema.type)")
        }
        var builder = copySchemaBasics(schema)
        for field in schema.fields { builder = builder.field(field.name, field.schema) }
        if let f = topicField { builder = builder.field(f.name, f.optional ? Schema.optionalString : Schema.string) }
        if let f = partitionField { builder = builder.field(f.name, f.optional ? Schema.optionalInt32 : Schema.int32) }
        if let f = offsetField { builder = builder.field(f.name, f.optional ? Schema.optionalInt64 : Schema.int64) }
        if let f = timestampField {
            builder = builder.field(f.name, f.optional ? ConnectTimestamp.builder().optional() : ConnectTimestamp.builder())
        }
        if let f = staticField { builder = builder.field(f.name, f.optional ? Schema.optionalString : Schema.string) }
        return try builder.build()
    }
}

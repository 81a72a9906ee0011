import ConnectAPI

/// The columns of struct rows with struct keys of one (key schema, value schema) pair, worked out once for
/// `pk.mode=record_key` without `pk.fields`: which fields are keys, which value fields are written after the key,
/// include and exclude filters, and how each is mapped. A stream of records sharing their schemas then maps each
/// row by field index, without looking at the schemas again.
final class StructRowPlan {
    /// One planned column: where its value is and how it is mapped.
    struct PlannedField {
        /// The field's index in its struct.
        let index: Int
        /// The column name.
        let name: String
        /// What a null field reads as (its schema's default).
        let defaultValue: ConnectValue?
        /// The schema type when the field has no logical name (mapped by type alone); `nil` maps it under its schema.
        let plainType: SchemaType?
    }

    let keySchema: Schema
    let valueSchema: Schema
    let keyFields: [PlannedField]
    let valueFields: [PlannedField]
    /// The schemas of the key and value fields, for the fields with a logical name.
    let keyFieldSchemas: [Schema]
    let valueFieldSchemas: [Schema]

    /// The plan for these schemas under the connector's field filters; `nil` for a key without fields (the general
    /// path names that problem).
    init?(keySchema: Schema, valueSchema: Schema, config: SQLiteSinkConfig) {
        guard !keySchema.fields.isEmpty else { return nil }
        self.keySchema = keySchema
        self.valueSchema = valueSchema
        keyFields = keySchema.fields.map(Self.planned)
        keyFieldSchemas = keySchema.fields.map(\.schema)
        let keyNames = Set(keySchema.fields.map(\.name))
        let written = valueSchema.fields.filter { field in
            !keyNames.contains(field.name)
                && (config.includeFields.isEmpty || config.includeFields.contains(field.name))
                && !(config.excludeFields.contains(field.name))
        }
        valueFields = written.map(Self.planned)
        valueFieldSchemas = written.map(\.schema)
    }

    /// Whether records with these schemas follow this plan (the same schema objects).
    func fits(key: Schema, value: Schema) -> Bool {
        key === keySchema && value === valueSchema
    }

    private static func planned(_ field: Field) -> PlannedField {
        PlannedField(
            index: field.index, name: field.name, defaultValue: field.schema.defaultValue,
            plainType: field.schema.name == nil ? field.schema.type : nil)
    }
}

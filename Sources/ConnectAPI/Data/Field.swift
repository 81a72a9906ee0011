/// One named field of a struct schema: its name, its position and its schema (Kafka's `Field`).
public struct Field: Hashable, Sendable, CustomStringConvertible {
    /// The field name, unique within its struct.
    public let name: String
    /// The zero-based position of the field in its struct.
    public let index: Int
    /// The schema of the field's values.
    public let schema: Schema

    /// Creates a field. Normally ``SchemaBuilder`` does this, assigning indexes in order.
    public init(name: String, index: Int, schema: Schema) {
        self.name = name
        self.index = index
        self.schema = schema
    }

    public var description: String { "Field{name=\(name), index=\(index), schema=\(schema)}" }
}

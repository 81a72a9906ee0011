/// A value together with its schema, `nil` schema meaning schemaless (Kafka's `SchemaAndValue`).
public struct SchemaAndValue: Hashable, Sendable {
    /// The schema, or `nil` for schemaless data.
    public var schema: Schema?
    /// The value.
    public var value: ConnectValue

    /// Creates a pair.
    public init(schema: Schema?, value: ConnectValue) {
        self.schema = schema
        self.value = value
    }

    /// No schema and a null value (Kafka's `SchemaAndValue.NULL`).
    public static let null = SchemaAndValue(schema: nil, value: .null)
}

/// One record header as Connect sees it: a key, an optional schema and a value (Kafka's `Header`).
public struct ConnectHeader: Hashable, Sendable, CustomStringConvertible {
    /// The header key; several headers may share it.
    public var key: String
    /// The schema of the value, or `nil` when the value is schemaless.
    public var schema: Schema?
    /// The header value.
    public var value: ConnectValue

    /// Creates a header without checking the value against the schema.
    public init(key: String, schema: Schema?, value: ConnectValue) {
        self.key = key
        self.schema = schema
        self.value = value
    }

    /// This header with another key, same schema and value (Kafka's `Header.rename`).
    public func renamed(_ key: String) -> ConnectHeader {
        ConnectHeader(key: key, schema: schema, value: value)
    }

    /// This header with another schema and value, same key (Kafka's `Header.with`).
    public func with(schema: Schema?, value: ConnectValue) -> ConnectHeader {
        ConnectHeader(key: key, schema: schema, value: value)
    }

    public var description: String { "ConnectHeader(key=\(key), value=\(value), schema=\(schema.map(\.description) ?? "null"))" }
}

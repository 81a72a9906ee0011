/// A fluent, value-type builder for ``Schema`` (Kafka's `SchemaBuilder`).
///
/// Every modifier returns a changed copy, so builders can be shared and specialised freely.
/// Mistakes (a field on a non-struct, a duplicate field name, a default that does not fit) are collected
/// and reported by ``build()``, which throws a ``ConnectError`` with code ``ConnectError/Code/schemaBuilder``.
///
/// ```swift
/// let value = try SchemaBuilder.struct()
///     .name("shop.public.orders.Value")
///     .field("id", .int64)
///     .field("note", .optionalString)
///     .field("amount", ConnectDecimal.schema(scale: 2))
///     .field("tags", SchemaBuilder.array(.string).optional())
///     .build()
/// ```
///
/// Setting a property twice keeps the last value (Kafka refuses a second call).
public struct SchemaBuilder: Sendable {
    /// The type being built.
    public let type: SchemaType
    private var isOptional = false
    private var defaultValue: ConnectValue?
    private var name: String?
    private var version: Int32?
    private var doc: String?
    private var parameters: [String: String] = [:]
    private var fields: [(name: String, schema: Schema)] = []
    private var keySchema: Schema?
    private var valueSchema: Schema?
    private var problems: [String] = []

    /// A builder for a schema of this type; arrays and maps need their element schemas set with
    /// ``array(_:)`` and ``map(_:_:)`` instead.
    public init(type: SchemaType) {
        self.type = type
    }

    /// A builder that starts from every property of an existing schema (Kafka's `SchemaUtil.copySchemaBasics`
    /// plus the fields and element schemas).
    public init(copying schema: Schema) {
        self.type = schema.type
        self.isOptional = schema.isOptional
        self.defaultValue = schema.defaultValue
        self.name = schema.name
        self.version = schema.version
        self.doc = schema.doc
        self.parameters = schema.parameters
        self.fields = schema.fields.map { ($0.name, $0.schema) }
        self.keySchema = schema.keySchema
        self.valueSchema = schema.valueSchema
    }

    // MARK: Starting points

    /// An `INT8` builder.
    public static func int8() -> SchemaBuilder { SchemaBuilder(type: .int8) }
    /// An `INT16` builder.
    public static func int16() -> SchemaBuilder { SchemaBuilder(type: .int16) }
    /// An `INT32` builder.
    public static func int32() -> SchemaBuilder { SchemaBuilder(type: .int32) }
    /// An `INT64` builder.
    public static func int64() -> SchemaBuilder { SchemaBuilder(type: .int64) }
    /// A `FLOAT32` builder.
    public static func float32() -> SchemaBuilder { SchemaBuilder(type: .float32) }
    /// A `FLOAT64` builder.
    public static func float64() -> SchemaBuilder { SchemaBuilder(type: .float64) }
    /// A `BOOLEAN` builder.
    public static func boolean() -> SchemaBuilder { SchemaBuilder(type: .boolean) }
    /// A `STRING` builder.
    public static func string() -> SchemaBuilder { SchemaBuilder(type: .string) }
    /// A `BYTES` builder.
    public static func bytes() -> SchemaBuilder { SchemaBuilder(type: .bytes) }
    /// A `STRUCT` builder; add fields with ``field(_:_:)``.
    public static func `struct`() -> SchemaBuilder { SchemaBuilder(type: .struct) }

    /// An `ARRAY` builder whose elements have `valueSchema`.
    public static func array(_ valueSchema: Schema) -> SchemaBuilder {
        var builder = SchemaBuilder(type: .array)
        builder.valueSchema = valueSchema
        return builder
    }

    /// A `MAP` builder with these key and value schemas.
    public static func map(_ keySchema: Schema, _ valueSchema: Schema) -> SchemaBuilder {
        var builder = SchemaBuilder(type: .map)
        builder.keySchema = keySchema
        builder.valueSchema = valueSchema
        return builder
    }

    // MARK: Modifiers

    /// Marks the schema optional: its value may be null.
    public func optional() -> SchemaBuilder { with { $0.isOptional = true } }

    /// Marks the schema required (the default).
    public func required() -> SchemaBuilder { with { $0.isOptional = false } }

    /// Sets the value used for a null struct field; checked against the schema by ``build()``.
    public func defaultValue(_ value: ConnectValue) -> SchemaBuilder {
        with { $0.defaultValue = value.isNull ? nil : value }
    }

    /// Sets the schema name.
    public func name(_ name: String) -> SchemaBuilder { with { $0.name = name } }

    /// Sets the schema version.
    public func version(_ version: Int32) -> SchemaBuilder { with { $0.version = version } }

    /// Sets the documentation.
    public func doc(_ doc: String) -> SchemaBuilder { with { $0.doc = doc } }

    /// Adds (or replaces) one parameter.
    public func parameter(_ name: String, _ value: String) -> SchemaBuilder {
        with { $0.parameters[name] = value }
    }

    /// Adds (or replaces) several parameters.
    public func parameters(_ parameters: [String: String]) -> SchemaBuilder {
        with { $0.parameters.merge(parameters) { _, new in new } }
    }

    /// Appends a field to a struct schema; its index is its position.
    public func field(_ name: String, _ schema: Schema) -> SchemaBuilder {
        with { builder in
            if builder.type != .struct {
                builder.problems.append("Cannot create fields on type \(builder.type)")
            } else if name.isEmpty {
                builder.problems.append("fieldName cannot be null.")
            } else if builder.fields.contains(where: { $0.name == name }) {
                builder.problems.append("Cannot create field because of field name duplication \(name)")
            } else {
                builder.fields.append((name, schema))
            }
        }
    }

    /// Appends a field whose schema is still a builder; its problems are reported by this builder's ``build()``.
    public func field(_ name: String, _ schema: SchemaBuilder) -> SchemaBuilder {
        do throws(ConnectError) {
            return field(name, try schema.build())
        } catch {
            return with { $0.problems.append("Invalid schema for field \(name): \(error.message)") }
        }
    }

    // MARK: Building

    /// The schema, or the first problem found while building it.
    /// - Throws: ``ConnectError`` with code ``ConnectError/Code/schemaBuilder`` for a misuse, and
    ///   with Kafka's wording `Invalid default value` when the default does not fit the schema.
    public func build() throws(ConnectError) -> Schema {
        if let problem = problems.first {
            throw ConnectError(.schemaBuilder, problem)
        }
        if type == .array && valueSchema == nil {
            throw ConnectError(.schemaBuilder, "Array schema requires a value schema")
        }
        if type == .map && (keySchema == nil || valueSchema == nil) {
            throw ConnectError(.schemaBuilder, "Map schema requires key and value schemas")
        }
        let fieldList = fields.enumerated().map { Field(name: $0.element.name, index: $0.offset, schema: $0.element.schema) }
        let withoutDefault = Schema(
            type: type,
            isOptional: isOptional,
            defaultValue: nil,
            name: name,
            version: version,
            doc: doc,
            parameters: parameters,
            fields: fieldList,
            keySchema: keySchema,
            valueSchema: valueSchema
        )
        guard let defaultValue else { return withoutDefault }
        do {
            try withoutDefault.validateValue(defaultValue)
        } catch {
            throw ConnectError(.schemaBuilder, "Invalid default value", cause: error)
        }
        return Schema(
            type: type,
            isOptional: isOptional,
            defaultValue: defaultValue,
            name: name,
            version: version,
            doc: doc,
            parameters: parameters,
            fields: fieldList,
            keySchema: keySchema,
            valueSchema: valueSchema
        )
    }

    private func with(_ change: (inout SchemaBuilder) -> Void) -> SchemaBuilder {
        var copy = self
        change(&copy)
        return copy
    }
}

/// A structured record value: a struct ``Schema`` plus one value per field (Kafka's `Struct`).
///
/// `Struct` is a value type. ``put(_:_:)`` checks each value against its field's schema, as Kafka does;
/// ``validate()`` additionally checks that every required field without a default has been set.
/// Reading a null field returns its schema's default, if any.
///
/// ```swift
/// var row = try Struct(schema: valueSchema)
/// try row.put("id", .int64(42))
/// try row.put("note", "first order")
/// try row.validate()
/// ```
public struct Struct: Hashable, Sendable, CustomStringConvertible {
    /// The struct schema this value follows.
    public let schema: Schema
    private var values: [ConnectValue]

    /// An empty struct (every field null) for a `STRUCT` schema.
    /// - Throws: ``ConnectError`` (`data`) when the schema is not a struct schema.
    public init(schema: Schema) throws(ConnectError) {
        guard schema.type == .struct else {
            throw .data("Not a struct schema: \(schema)")
        }
        self.schema = schema
        self.values = Array(repeating: .null, count: schema.fields.count)
    }

    /// A struct of values already known to fit their fields (one per field, in field order), for readers in this
    /// package that produce only such values: no per-field validation.
    package init(schema: Schema, validatedValues values: [ConnectValue]) {
        precondition(schema.type == .struct && values.count == schema.fields.count, "values do not match the struct schema")
        self.schema = schema
        self.values = values
    }

    /// The value of a field, or its schema's default when the field is null.
    /// - Throws: ``ConnectError`` (`data`) when the schema has no such field.
    public func get(_ fieldName: String) throws(ConnectError) -> ConnectValue {
        get(try lookup(fieldName))
    }

    /// The value of a field of this struct's schema, or its default when the field is null.
    public func get(_ field: Field) -> ConnectValue {
        let value = values[field.index]
        if value.isNull, let fallback = field.schema.defaultValue { return fallback }
        return value
    }

    /// The value of a field as stored, ignoring defaults.
    /// - Throws: ``ConnectError`` (`data`) when the schema has no such field.
    public func getWithoutDefault(_ fieldName: String) throws(ConnectError) -> ConnectValue {
        values[try lookup(fieldName).index]
    }

    /// The value stored at a field index (no default applied), for readers in this package that worked out the
    /// indexes from this struct's schema beforehand.
    package func storedValue(at index: Int) -> ConnectValue {
        values[index]
    }

    /// The value of a field of this struct's schema as stored, ignoring defaults (no lookup by name); `.null`
    /// for a field whose index this schema does not have.
    public func getWithoutDefault(_ field: Field) -> ConnectValue {
        values.indices.contains(field.index) ? values[field.index] : .null
    }

    /// The value of a field (with default), or `nil` when the schema has no field of that name.
    public subscript(_ fieldName: String) -> ConnectValue? {
        schema.field(named: fieldName).map { get($0) }
    }

    /// Sets a field after checking the value against the field's schema.
    /// - Throws: ``ConnectError`` (`data`) for an unknown field or a value that does not fit.
    public mutating func put(_ fieldName: String, _ value: ConnectValue) throws(ConnectError) {
        try put(try lookup(fieldName), value)
    }

    /// Sets a field of this struct's schema after checking the value against the field's schema.
    /// - Throws: ``ConnectError`` (`data`) for a field of another schema or a value that does not fit.
    public mutating func put(_ field: Field, _ value: ConnectValue) throws(ConnectError) {
        guard field.index < schema.fields.count, schema.fields[field.index] == field else {
            throw .data("\(field.name) is not a valid field name")
        }
        try Schema.validateValue(field: field.name, schema: field.schema, value: value)
        values[field.index] = value
    }

    /// A copy with one field set, for building structs in one expression.
    public func putting(_ fieldName: String, _ value: ConnectValue) throws(ConnectError) -> Struct {
        var copy = self
        try copy.put(fieldName, value)
        return copy
    }

    /// Checks every field: required fields without a default must be set, and every value must fit
    /// (nested structs are validated too), as Kafka's `Struct.validate()`.
    /// - Throws: ``ConnectError`` (`data`) naming the first field that fails.
    public func validate() throws(ConnectError) {
        for field in schema.fields {
            let value = values[field.index]
            if value.isNull && (field.schema.isOptional || field.schema.defaultValue != nil) {
                continue
            }
            try Schema.validateValue(field: field.name, schema: field.schema, value: value)
        }
    }

    /// `Struct{id=42,note=first order}`: the non-null fields, as Kafka prints structs.
    public var description: String {
        let parts = schema.fields.compactMap { field -> String? in
            let value = values[field.index]
            return value.isNull ? nil : "\(field.name)=\(value)"
        }
        return "Struct{" + parts.joined(separator: ",") + "}"
    }

    private func lookup(_ fieldName: String) throws(ConnectError) -> Field {
        guard let field = schema.field(named: fieldName) else {
            throw .data("\(fieldName) is not a valid field name")
        }
        return field
    }
}

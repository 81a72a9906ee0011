/// An immutable description of Connect data: a type plus optionality, default, name, version, doc,
/// parameters, and for containers the element, key/value or field schemas (Kafka's `Schema`/`ConnectSchema`).
///
/// `Schema` is a `final class` whose stored properties are all constants, so it behaves as a value:
/// two schemas are equal (`==`) when every property is equal, recursively, exactly as Kafka's
/// `ConnectSchema.equals`. The reference form keeps copies cheap and allows recursion; the hash is computed once.
///
/// Build schemas with ``SchemaBuilder``, or use the shared constants such as ``Schema/int32`` and
/// ``Schema/optionalString``:
///
/// ```swift
/// let key = try SchemaBuilder.struct().name("shop.orders.Key")
///     .field("id", .int64)
///     .build()
/// ```
public final class Schema: Hashable, Sendable, CustomStringConvertible {
    /// The physical type.
    public let type: SchemaType
    /// Whether the value may be null.
    public let isOptional: Bool
    /// The value used when a struct field holds null; `nil` when there is no default.
    public let defaultValue: ConnectValue?
    /// The schema name, e.g. a record name or a logical type name such as ``ConnectDecimal/logicalName``.
    public let name: String?
    /// The schema version, if versioned.
    public let version: Int32?
    /// Human-readable documentation.
    public let doc: String?
    /// Extra string properties, e.g. the `scale` of a decimal. Empty when there are none.
    public let parameters: [String: String]
    /// The fields of a struct schema, in order; empty for every other type.
    public let fields: [Field]
    /// The key schema of a map schema; `nil` for every other type.
    public let keySchema: Schema?
    /// The element schema of an array schema, or the value schema of a map schema; `nil` otherwise.
    public let valueSchema: Schema?

    private let fieldIndexByName: [String: Int]
    private let precomputedHash: Int

    init(
        type: SchemaType,
        isOptional: Bool = false,
        defaultValue: ConnectValue? = nil,
        name: String? = nil,
        version: Int32? = nil,
        doc: String? = nil,
        parameters: [String: String] = [:],
        fields: [Field] = [],
        keySchema: Schema? = nil,
        valueSchema: Schema? = nil
    ) {
        self.type = type
        self.isOptional = isOptional
        self.defaultValue = defaultValue.flatMap { $0.isNull ? nil : $0 }
        self.name = name
        self.version = version
        self.doc = doc
        self.parameters = parameters
        self.fields = type == .struct ? fields : []
        self.keySchema = type == .map ? keySchema : nil
        self.valueSchema = type == .map || type == .array ? valueSchema : nil
        var index: [String: Int] = [:]
        for field in self.fields { index[field.name] = field.index }
        self.fieldIndexByName = index
        var hasher = Hasher()
        hasher.combine(type)
        hasher.combine(isOptional)
        hasher.combine(self.defaultValue)
        hasher.combine(name)
        hasher.combine(version)
        hasher.combine(doc)
        hasher.combine(parameters)
        hasher.combine(self.fields)
        hasher.combine(self.keySchema)
        hasher.combine(self.valueSchema)
        self.precomputedHash = hasher.finalize()
    }

    /// The field with this name, for struct schemas; `nil` if there is none.
    public func field(named name: String) -> Field? {
        fieldIndexByName[name].map { fields[$0] }
    }

    /// The field names of a struct schema, in order.
    public var fieldNames: [String] { fields.map(\.name) }

    public static func == (lhs: Schema, rhs: Schema) -> Bool {
        if lhs === rhs { return true }
        return lhs.precomputedHash == rhs.precomputedHash
            && lhs.type == rhs.type
            && lhs.isOptional == rhs.isOptional
            && lhs.name == rhs.name
            && lhs.version == rhs.version
            && lhs.doc == rhs.doc
            && lhs.defaultValue == rhs.defaultValue
            && lhs.parameters == rhs.parameters
            && lhs.fields == rhs.fields
            && lhs.keySchema == rhs.keySchema
            && lhs.valueSchema == rhs.valueSchema
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(precomputedHash)
    }

    /// `Schema{name:TYPE}` or `Schema{TYPE}`, as Kafka prints schemas.
    public var description: String {
        if let name { return "Schema{\(name):\(type)}" }
        return "Schema{\(type)}"
    }
}

/// The physical type of a Connect schema, as in Kafka's `Schema.Type`.
///
/// The raw value is Kafka's upper-case name (`INT32`), which is also what error messages print;
/// ``lowercaseName`` is the lower-case form Kafka's `Type.getName()` returns.
public enum SchemaType: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// 8-bit signed integer.
    case int8 = "INT8"
    /// 16-bit signed integer.
    case int16 = "INT16"
    /// 32-bit signed integer.
    case int32 = "INT32"
    /// 64-bit signed integer.
    case int64 = "INT64"
    /// 32-bit IEEE 754 floating point number.
    case float32 = "FLOAT32"
    /// 64-bit IEEE 754 floating point number.
    case float64 = "FLOAT64"
    /// Boolean value.
    case boolean = "BOOLEAN"
    /// Character string (UTF-8 when serialized).
    case string = "STRING"
    /// Sequence of bytes.
    case bytes = "BYTES"
    /// Ordered sequence of elements that all share the schema's ``Schema/valueSchema``.
    case array = "ARRAY"
    /// Key/value pairs whose keys and values share ``Schema/keySchema`` and ``Schema/valueSchema``.
    case map = "MAP"
    /// An ordered set of named fields, each with its own schema.
    case `struct` = "STRUCT"

    /// Whether this is a primitive (non-container) type.
    public var isPrimitive: Bool {
        switch self {
        case .array, .map, .struct: false
        default: true
        }
    }

    /// The lower-case name, e.g. `int32`, as Kafka's `Schema.Type.getName()`.
    public var lowercaseName: String { rawValue.lowercased() }

    public var description: String { rawValue }
}

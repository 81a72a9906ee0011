public import NIOCore

/// One piece of Connect data: a primitive, a container, a ``Struct`` or a logical value (Kafka's `Object` values).
///
/// Each case matches one ``SchemaType``; the four logical cases carry Kafka's logical types
/// (``ConnectDecimal``, ``ConnectDate``, ``ConnectTime``, ``ConnectTimestamp``) and are what a value with a
/// logical schema must hold, as Kafka expects a `BigDecimal` or `java.util.Date` there. Converters turn logical
/// values into their physical encoding with ``Schema/fromLogical(_:)`` and back with ``Schema/toLogical(_:)``.
///
/// Values without a schema ("schemaless" data, as JSON without `schemas.enable`) use the same cases.
/// Equality is structural; map equality depends on entry order (the order is kept, as in Kafka's
/// ordered maps), and floating point values compare as Swift does (`nan != nan`).
public enum ConnectValue: Hashable, Sendable {
    /// The absent value (Kafka's `null`): a tombstone value, a null key or an unset optional field.
    case null
    /// An `INT8` value.
    case int8(Int8)
    /// An `INT16` value.
    case int16(Int16)
    /// An `INT32` value.
    case int32(Int32)
    /// An `INT64` value.
    case int64(Int64)
    /// A `FLOAT32` value.
    case float32(Float)
    /// A `FLOAT64` value.
    case float64(Double)
    /// A `BOOLEAN` value.
    case boolean(Bool)
    /// A `STRING` value.
    case string(String)
    /// A `BYTES` value: the buffer's readable bytes.
    case bytes(ByteBuffer)
    /// An `ARRAY` value.
    case array([ConnectValue])
    /// A `MAP` value, as key/value entries in insertion order.
    case map([MapEntry])
    /// A `STRUCT` value.
    case `struct`(Struct)
    /// A decimal: the logical value for a ``ConnectDecimal/logicalName`` (`BYTES`) schema.
    case decimal(ConnectDecimal)
    /// A calendar date: the logical value for a ``ConnectDate/logicalName`` (`INT32`) schema.
    case date(ConnectDate)
    /// A time of day: the logical value for a ``ConnectTime/logicalName`` (`INT32`) schema.
    case time(ConnectTime)
    /// An instant: the logical value for a ``ConnectTimestamp/logicalName`` (`INT64`) schema.
    case timestamp(ConnectTimestamp)

    /// One key/value entry of a ``ConnectValue/map(_:)`` value.
    public struct MapEntry: Hashable, Sendable {
        /// The entry key.
        public var key: ConnectValue
        /// The entry value.
        public var value: ConnectValue

        /// Creates an entry.
        public init(key: ConnectValue, value: ConnectValue) {
            self.key = key
            self.value = value
        }
    }
}

extension ConnectValue {
    /// A `BYTES` value holding a copy of these bytes.
    public init(bytes: some Sequence<UInt8>) {
        self = .bytes(ByteBuffer(bytes: bytes))
    }

    /// A `MAP` value with string keys, entries sorted by key so the result is deterministic.
    public init(stringKeyedMap dictionary: [String: ConnectValue]) {
        self = .map(dictionary.sorted { $0.key < $1.key }.map { MapEntry(key: .string($0.key), value: $0.value) })
    }
}

extension ConnectValue: ExpressibleByNilLiteral {
    /// `nil` is ``ConnectValue/null``.
    public init(nilLiteral: ()) {
        self = .null
    }
}

extension ConnectValue: ExpressibleByStringLiteral {
    /// A string literal is a ``ConnectValue/string(_:)`` value.
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension ConnectValue: ExpressibleByBooleanLiteral {
    /// `true`/`false` are ``ConnectValue/boolean(_:)`` values.
    public init(booleanLiteral value: Bool) {
        self = .boolean(value)
    }
}

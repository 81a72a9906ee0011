public import NIOCore

/// Typed field getters, as Kafka's `Struct.getInt32(name)` and friends.
///
/// Each checks that the field's schema has the expected type and returns `nil` for a null field.
/// Unlike Kafka's typed getters, these return the field's default for a null field, like ``Struct/get(_:)``.
extension Struct {
    /// An `INT8` field.
    public func getInt8(_ fieldName: String) throws(ConnectError) -> Int8? {
        try typed(fieldName, .int8).int8Value
    }
    /// An `INT16` field.
    public func getInt16(_ fieldName: String) throws(ConnectError) -> Int16? {
        try typed(fieldName, .int16).int16Value
    }
    /// An `INT32` field (not a logical date or time).
    public func getInt32(_ fieldName: String) throws(ConnectError) -> Int32? {
        try typed(fieldName, .int32).int32Value
    }
    /// An `INT64` field (not a logical timestamp).
    public func getInt64(_ fieldName: String) throws(ConnectError) -> Int64? {
        try typed(fieldName, .int64).int64Value
    }
    /// A `FLOAT32` field.
    public func getFloat32(_ fieldName: String) throws(ConnectError) -> Float? {
        try typed(fieldName, .float32).float32Value
    }
    /// A `FLOAT64` field.
    public func getFloat64(_ fieldName: String) throws(ConnectError) -> Double? {
        try typed(fieldName, .float64).float64Value
    }
    /// A `BOOLEAN` field.
    public func getBoolean(_ fieldName: String) throws(ConnectError) -> Bool? {
        try typed(fieldName, .boolean).booleanValue
    }
    /// A `STRING` field.
    public func getString(_ fieldName: String) throws(ConnectError) -> String? {
        try typed(fieldName, .string).stringValue
    }
    /// A `BYTES` field (not a logical decimal).
    public func getBytes(_ fieldName: String) throws(ConnectError) -> ByteBuffer? {
        try typed(fieldName, .bytes).bytesValue
    }
    /// An `ARRAY` field.
    public func getArray(_ fieldName: String) throws(ConnectError) -> [ConnectValue]? {
        try typed(fieldName, .array).arrayValue
    }
    /// A `MAP` field.
    public func getMap(_ fieldName: String) throws(ConnectError) -> [ConnectValue.MapEntry]? {
        try typed(fieldName, .map).mapValue
    }
    /// A `STRUCT` field.
    public func getStruct(_ fieldName: String) throws(ConnectError) -> Struct? {
        try typed(fieldName, .struct).structValue
    }
    /// A ``ConnectDecimal`` field.
    public func getDecimal(_ fieldName: String) throws(ConnectError) -> ConnectDecimal? {
        try typed(fieldName, .bytes).decimalValue
    }
    /// A ``ConnectDate`` field.
    public func getDate(_ fieldName: String) throws(ConnectError) -> ConnectDate? {
        try typed(fieldName, .int32).dateValue
    }
    /// A ``ConnectTime`` field.
    public func getTime(_ fieldName: String) throws(ConnectError) -> ConnectTime? {
        try typed(fieldName, .int32).timeValue
    }
    /// A ``ConnectTimestamp`` field.
    public func getTimestamp(_ fieldName: String) throws(ConnectError) -> ConnectTimestamp? {
        try typed(fieldName, .int64).timestampValue
    }

    private func typed(_ fieldName: String, _ type: SchemaType) throws(ConnectError) -> ConnectValue {
        guard let field = schema.field(named: fieldName) else {
            throw .data("\(fieldName) is not a valid field name")
        }
        guard field.schema.type == type else {
            throw .data("Field '\(fieldName)' is not of type \(type)")
        }
        return get(field)
    }
}

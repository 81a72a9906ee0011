public import NIOCore

/// Typed header adders: each chooses the schema for the value, as Kafka's `ConnectHeaders.addInt32` and friends.
extension ConnectHeaders {
    /// Appends a `STRING` header; `nil` adds a null value with the optional string schema.
    public mutating func addString(_ key: String, _ value: String?) {
        add(ConnectHeader(key: key, schema: value == nil ? .optionalString : .string, value: value.map { .string($0) } ?? .null))
    }

    /// Appends a `BOOLEAN` header.
    public mutating func addBoolean(_ key: String, _ value: Bool) {
        add(ConnectHeader(key: key, schema: .boolean, value: .boolean(value)))
    }

    /// Appends an `INT8` header.
    public mutating func addInt8(_ key: String, _ value: Int8) {
        add(ConnectHeader(key: key, schema: .int8, value: .int8(value)))
    }

    /// Appends an `INT16` header.
    public mutating func addInt16(_ key: String, _ value: Int16) {
        add(ConnectHeader(key: key, schema: .int16, value: .int16(value)))
    }

    /// Appends an `INT32` header.
    public mutating func addInt32(_ key: String, _ value: Int32) {
        add(ConnectHeader(key: key, schema: .int32, value: .int32(value)))
    }

    /// Appends an `INT64` header.
    public mutating func addInt64(_ key: String, _ value: Int64) {
        add(ConnectHeader(key: key, schema: .int64, value: .int64(value)))
    }

    /// Appends a `FLOAT32` header.
    public mutating func addFloat32(_ key: String, _ value: Float) {
        add(ConnectHeader(key: key, schema: .float32, value: .float32(value)))
    }

    /// Appends a `FLOAT64` header.
    public mutating func addFloat64(_ key: String, _ value: Double) {
        add(ConnectHeader(key: key, schema: .float64, value: .float64(value)))
    }

    /// Appends a `BYTES` header.
    public mutating func addBytes(_ key: String, _ value: ByteBuffer) {
        add(ConnectHeader(key: key, schema: .bytes, value: .bytes(value)))
    }

    /// Appends a decimal header with a decimal schema of the value's scale.
    public mutating func addDecimal(_ key: String, _ value: ConnectDecimal) {
        add(ConnectHeader(key: key, schema: ConnectDecimal.schema(scale: value.scale), value: .decimal(value)))
    }

    /// Appends a date header with ``ConnectDate/schema``.
    public mutating func addDate(_ key: String, _ value: ConnectDate) {
        add(ConnectHeader(key: key, schema: ConnectDate.schema, value: .date(value)))
    }

    /// Appends a time header with ``ConnectTime/schema``.
    public mutating func addTime(_ key: String, _ value: ConnectTime) {
        add(ConnectHeader(key: key, schema: ConnectTime.schema, value: .time(value)))
    }

    /// Appends a timestamp header with ``ConnectTimestamp/schema``.
    public mutating func addTimestamp(_ key: String, _ value: ConnectTimestamp) {
        add(ConnectHeader(key: key, schema: ConnectTimestamp.schema, value: .timestamp(value)))
    }

    /// Appends a struct header with the struct's own schema.
    /// - Throws: ``ConnectError`` (`data`) when the struct does not pass ``Struct/validate()``.
    public mutating func addStruct(_ key: String, _ value: Struct) throws(ConnectError) {
        try value.validate()
        add(ConnectHeader(key: key, schema: value.schema, value: .struct(value)))
    }
}

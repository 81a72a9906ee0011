/// The shared primitive schemas, as Kafka's `Schema.INT32_SCHEMA`, `Schema.OPTIONAL_STRING_SCHEMA` and so on.
extension Schema {
    /// Required `INT8`.
    public static let int8 = Schema(type: .int8)
    /// Required `INT16`.
    public static let int16 = Schema(type: .int16)
    /// Required `INT32`.
    public static let int32 = Schema(type: .int32)
    /// Required `INT64`.
    public static let int64 = Schema(type: .int64)
    /// Required `FLOAT32`.
    public static let float32 = Schema(type: .float32)
    /// Required `FLOAT64`.
    public static let float64 = Schema(type: .float64)
    /// Required `BOOLEAN`.
    public static let boolean = Schema(type: .boolean)
    /// Required `STRING`.
    public static let string = Schema(type: .string)
    /// Required `BYTES`.
    public static let bytes = Schema(type: .bytes)

    /// Optional `INT8`.
    public static let optionalInt8 = Schema(type: .int8, isOptional: true)
    /// Optional `INT16`.
    public static let optionalInt16 = Schema(type: .int16, isOptional: true)
    /// Optional `INT32`.
    public static let optionalInt32 = Schema(type: .int32, isOptional: true)
    /// Optional `INT64`.
    public static let optionalInt64 = Schema(type: .int64, isOptional: true)
    /// Optional `FLOAT32`.
    public static let optionalFloat32 = Schema(type: .float32, isOptional: true)
    /// Optional `FLOAT64`.
    public static let optionalFloat64 = Schema(type: .float64, isOptional: true)
    /// Optional `BOOLEAN`.
    public static let optionalBoolean = Schema(type: .boolean, isOptional: true)
    /// Optional `STRING`.
    public static let optionalString = Schema(type: .string, isOptional: true)
    /// Optional `BYTES`.
    public static let optionalBytes = Schema(type: .bytes, isOptional: true)

    /// The shared schema of a primitive type, required or optional, as Kafka's `SchemaBuilder.type(t).build()`.
    /// - Returns: `nil` for `ARRAY`, `MAP` and `STRUCT`, which need more than a type.
    public static func primitive(_ type: SchemaType, optional: Bool = false) -> Schema? {
        switch (type, optional) {
        case (.int8, false): .int8
        case (.int16, false): .int16
        case (.int32, false): .int32
        case (.int64, false): .int64
        case (.float32, false): .float32
        case (.float64, false): .float64
        case (.boolean, false): .boolean
        case (.string, false): .string
        case (.bytes, false): .bytes
        case (.int8, true): .optionalInt8
        case (.int16, true): .optionalInt16
        case (.int32, true): .optionalInt32
        case (.int64, true): .optionalInt64
        case (.float32, true): .optionalFloat32
        case (.float64, true): .optionalFloat64
        case (.boolean, true): .optionalBoolean
        case (.string, true): .optionalString
        case (.bytes, true): .optionalBytes
        case (.array, _), (.map, _), (.struct, _): nil
        }
    }

    /// This schema with ``isOptional`` set, everything else unchanged (useful for Debezium's optional
    /// `before`/`after` envelopes built from one row schema).
    public func asOptional() -> Schema {
        if isOptional { return self }
        return copy(isOptional: true)
    }

    /// This schema with ``isOptional`` cleared, everything else unchanged.
    public func asRequired() -> Schema {
        if !isOptional { return self }
        return copy(isOptional: false)
    }

    private func copy(isOptional: Bool) -> Schema {
        Schema(
            type: type,
            isOptional: isOptional,
            defaultValue: defaultValue,
            name: name,
            version: version,
            doc: doc,
            parameters: parameters,
            fields: fields,
            keySchema: keySchema,
            valueSchema: valueSchema
        )
    }
}

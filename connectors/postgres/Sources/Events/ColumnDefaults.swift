public import ConnectAPI

/// Column defaults as Debezium reports them in schemas: a literal default is parsed with the column's
/// conversion; a function default (`nextval(...)`, `now()`) becomes the type's zero value.
enum ColumnDefaults {
    /// The schema default for a `pg_get_expr` default expression, or `nil` when none can be given.
    static func value(expression: String, kind: ColumnKind, schema: Schema) -> ConnectValue? {
        var text = Substring(expression)
        if text.hasPrefix("'"), let close = text.dropFirst().firstIndex(of: "'") {
            text = text[text.index(after: text.startIndex)..<close]
            return kind.convert(String(text)).map { ColumnKind.conform($0, to: schema) }
        }
        if expression.uppercased() == "NULL" || expression.hasPrefix("NULL::") { return nil }
        if let cast = text.firstRange(of: "::") { text = text[..<cast.lowerBound] }
        if text.hasPrefix("("), text.hasSuffix(")") { text = text.dropFirst().dropLast() }
        if text.contains("(") { return zero(of: schema) }
        return kind.convert(String(text)).map { ColumnKind.conform($0, to: schema) } ?? zero(of: schema)
    }

    /// The zero of a schema's type: Debezium's fallback for function defaults and for NOT NULL columns
    /// missing from a delete's old key.
    static func zero(of schema: Schema) -> ConnectValue? {
        if schema.name == ConnectDecimal.logicalName, let scale = try? ConnectDecimal.scale(of: schema) {
            return .decimal(ConnectDecimal(unscaled: 0, scale: scale))
        }
        switch schema.type {
        case .int8: return .int8(0)
        case .int16: return .int16(0)
        case .int32: return schema.name == ConnectDate.logicalName ? .date(ConnectDate(daysSinceEpoch: 0))
            : schema.name == ConnectTime.logicalName ? (try? ConnectTime(millisecondsOfDay: 0)).map { .time($0) } : .int32(0)
        case .int64: return schema.name == ConnectTimestamp.logicalName ? .timestamp(ConnectTimestamp(millisecondsSinceEpoch: 0)) : .int64(0)
        case .float32: return .float32(0)
        case .float64: return .float64(0)
        case .boolean: return .boolean(false)
        case .string: return .string("")
        case .bytes: return ConnectValue(bytes: [UInt8]())
        case .array: return .array([])
        case .struct:
            guard schema.name == DebeziumSchemas.variableScaleDecimal.name else { return nil }
            return (try? Struct(schema: schema).putting("scale", .int32(0)).putting("value", ConnectValue(bytes: [0]))).map { .struct($0) }
        case .map: return .map([])
        }
    }
}

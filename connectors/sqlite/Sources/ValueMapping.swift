import ConnectAPI

/// A value ready for SQLite, with the column type the sink declares for it when it creates the column.
struct MappedValue: Hashable, Sendable {
    /// What is bound.
    var value: SQLValue
    /// The declared type of a column created for it; `nil` when nothing is known (a schemaless null).
    var type: SQLColumnType?
}

/// The type mapping of the README: Connect schema types, Kafka's logical types and Debezium's semantic
/// types → SQLite column types and stored values.
enum ValueMapping {
    /// Debezium's semantic type names (schema names) the mapping knows.
    enum Debezium {
        static let date = "io.debezium.time.Date"
        static let time = "io.debezium.time.Time"
        static let microTime = "io.debezium.time.MicroTime"
        static let nanoTime = "io.debezium.time.NanoTime"
        static let timestamp = "io.debezium.time.Timestamp"
        static let microTimestamp = "io.debezium.time.MicroTimestamp"
        static let nanoTimestamp = "io.debezium.time.NanoTimestamp"
        static let variableScaleDecimal = "io.debezium.data.VariableScaleDecimal"
    }

    /// Maps a value under its schema (or, without one, by the value's own kind).
    /// - Throws: ``ConnectError`` (`data`) when the value does not fit its logical type.
    static func map(_ value: ConnectValue, schema: Schema?) throws(ConnectError) -> MappedValue {
        if let schema, let name = schema.name {
            if let mapped = try mapNamed(name, value, schema: schema) { return mapped }
        }
        return try mapPlain(value, schemaType: schema?.type)
    }

    /// The column type for a schema, even when the value at hand is null.
    static func columnType(for schema: Schema) -> SQLColumnType {
        switch schema.name {
        case ConnectDecimal.logicalName, Debezium.variableScaleDecimal: return .numeric
        case ConnectDate.logicalName, ConnectTime.logicalName, ConnectTimestamp.logicalName, Debezium.date, Debezium.time,
            Debezium.microTime, Debezium.nanoTime, Debezium.timestamp, Debezium.microTimestamp, Debezium.nanoTimestamp:
            return .text
        default: break
        }
        switch schema.type {
        case .int8, .int16, .int32, .int64, .boolean: return .integer
        case .float32, .float64: return .real
        case .string, .array, .map, .struct: return .text
        case .bytes: return .blob
        }
    }

    private static func mapNamed(_ name: String, _ value: ConnectValue, schema: Schema) throws(ConnectError) -> MappedValue? {
        if value.isNull { return MappedValue(value: .null, type: columnType(for: schema)) }
        switch (name, value) {
        case (ConnectDecimal.logicalName, .decimal(let decimal)):
            return numeric(decimal)
        case (ConnectDecimal.logicalName, .bytes):
            return numeric(try ConnectDecimal.toLogical(schema, value.byteArray ?? []))
        case (ConnectDate.logicalName, .date(let date)):
            return text(date.description)
        case (ConnectDate.logicalName, .int32(let days)), (Debezium.date, .int32(let days)):
            return text(TimeText.date(days: Int64(days)))
        case (ConnectTime.logicalName, .time(let time)):
            return text(time.description)
        case (ConnectTime.logicalName, .int32(let ms)), (Debezium.time, .int32(let ms)):
            return text(TimeText.time(units: Int64(ms), digits: 3))
        case (ConnectTimestamp.logicalName, .timestamp(let timestamp)):
            return text(TimeText.timestamp(units: timestamp.millisecondsSinceEpoch, digits: 3, zulu: true))
        case (ConnectTimestamp.logicalName, .int64(let ms)):
            return text(TimeText.timestamp(units: ms, digits: 3, zulu: true))
        case (Debezium.microTime, .int64(let us)):
            return text(TimeText.time(units: us, digits: 6))
        case (Debezium.nanoTime, .int64(let ns)):
            return text(TimeText.time(units: ns, digits: 9))
        case (Debezium.timestamp, .int64(let ms)):
            return text(TimeText.timestamp(units: ms, digits: 3, zulu: false))
        case (Debezium.microTimestamp, .int64(let us)):
            return text(TimeText.timestamp(units: us, digits: 6, zulu: false))
        case (Debezium.nanoTimestamp, .int64(let ns)):
            return text(TimeText.timestamp(units: ns, digits: 9, zulu: false))
        case (Debezium.variableScaleDecimal, .struct(let row)):
            guard let scale = row["scale"]?.int32Value, let bytes = row["value"]?.byteArray else {
                throw .data("VariableScaleDecimal needs an int32 scale and bytes value, got \(row)")
            }
            return numeric(ConnectDecimal(unscaledBytes: bytes, scale: scale))
        default:
            return nil
        }
    }

    /// Maps a value by its kind, `schemaType` giving a null's column type (for schemas without a logical name).
    static func mapPlain(_ value: ConnectValue, schemaType: SchemaType?) throws(ConnectError) -> MappedValue {
        switch value {
        case .null:
            return MappedValue(value: .null, type: schemaType.map { plainType($0) })
        case .int8(let v): return MappedValue(value: .integer(Int64(v)), type: .integer)
        case .int16(let v): return MappedValue(value: .integer(Int64(v)), type: .integer)
        case .int32(let v): return MappedValue(value: .integer(Int64(v)), type: .integer)
        case .int64(let v): return MappedValue(value: .integer(v), type: .integer)
        case .boolean(let v): return MappedValue(value: .integer(v ? 1 : 0), type: .integer)
        case .float32(let v): return MappedValue(value: v.isNaN ? .null : .real(Double(v)), type: .real)
        case .float64(let v): return MappedValue(value: v.isNaN ? .null : .real(v), type: .real)
        case .string(let v): return text(v)
        case .bytes: return MappedValue(value: .blob(value.byteArray ?? []), type: .blob)
        case .decimal(let d): return numeric(d)
        case .date(let d): return text(d.description)
        case .time(let t): return text(t.description)
        case .timestamp(let t): return text(TimeText.timestamp(units: t.millisecondsSinceEpoch, digits: 3, zulu: true))
        case .array, .map, .struct: return text(JSONText.encode(value))
        }
    }

    private static func plainType(_ type: SchemaType) -> SQLColumnType {
        switch type {
        case .int8, .int16, .int32, .int64, .boolean: .integer
        case .float32, .float64: .real
        case .string, .array, .map, .struct: .text
        case .bytes: .blob
        }
    }

    private static func text(_ value: String) -> MappedValue { MappedValue(value: .text(value), type: .text) }

    private static func numeric(_ decimal: ConnectDecimal) -> MappedValue {
        MappedValue(value: .text(decimal.description), type: .numeric)
    }
}

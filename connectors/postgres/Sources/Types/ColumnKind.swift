public import ConnectAPI

/// How one column's text value becomes a Connect value; chosen once per column from its type OID and typmod.
indirect enum ColumnKind: Hashable, Sendable {
    case boolean
    case int16
    case int32
    case int64
    case float32
    case float64
    case string
    case bytes
    /// numeric(p,s) in `precise` mode: Kafka Decimal with scale s.
    case decimal(scale: Int32)
    /// numeric without typmod in `precise` mode: io.debezium.data.VariableScaleDecimal.
    case variableScaleDecimal
    /// numeric or money in `double` mode.
    case decimalAsDouble
    /// numeric or money in `string` mode.
    case decimalAsString
    /// money in `precise` mode: Decimal with a fixed scale.
    case money(scale: Int32)
    case debeziumDate
    case connectDate
    case microTime
    case milliTime
    case connectTime
    case zonedTime
    case microTimestamp
    case milliTimestamp
    case connectTimestamp
    /// timestamptz as ISO-8601 text with this many fraction digits.
    case zonedTimestamp(digits: Int)
    case microDuration
    /// bit(1).
    case bit
    /// bit(n>1) / varbit: io.debezium.data.Bits.
    case bits
    /// An array whose elements convert as the wrapped kind.
    case array(ColumnKind)

    /// The Connect value of a text value, or `nil` when the text does not parse (the column becomes null).
    func convert(_ text: String) -> ConnectValue? {
        let t = Substring(text)
        switch self {
        case .boolean: return t == "t" ? .boolean(true) : t == "f" ? .boolean(false) : nil
        case .int16: return Int16(t).map { .int16($0) }
        case .int32: return Int32(t).map { .int32($0) }
        case .int64: return Int64(t).map { .int64($0) }
        case .float32: return Self.float(t).map { .float32(Float($0)) }
        case .float64: return Self.float(t).map { .float64($0) }
        case .string: return .string(text)
        case .bytes: return ScalarText.byteaHex(t).map { ConnectValue(bytes: $0) }
        case .decimal(let scale):
            guard let value = ConnectDecimal(text), value.scale == scale else {
                return ConnectDecimal(text).flatMap { Self.rescaled($0, to: scale) }.map { .decimal($0) }
            }
            return .decimal(value)
        case .variableScaleDecimal:
            guard let value = ConnectDecimal(text) else { return nil }
            let normalized = value.isZero ? ConnectDecimal(unscaled: 0, scale: 0) : value
            guard let built = try? Struct(schema: DebeziumSchemas.variableScaleDecimal)
                .putting("scale", .int32(normalized.scale))
                .putting("value", ConnectValue(bytes: normalized.unscaledBytes)) else { return nil }
            return .struct(built)
        case .decimalAsDouble: return Double(ScalarText.moneyDigits(t)).map { .float64($0) }
        case .decimalAsString: return .string(text.hasPrefix("$") || text.hasPrefix("-$") ? ScalarText.moneyDigits(t) : text)
        case .money(let scale):
            return ConnectDecimal(ScalarText.moneyDigits(t)).flatMap { Self.rescaled($0, to: scale) }.map { .decimal($0) }
        case .debeziumDate: return TemporalText.date(t).flatMap { Int32(exactly: $0) }.map { .int32($0) }
        case .connectDate: return TemporalText.date(t).flatMap { Int32(exactly: $0) }.map { .date(ConnectDate(daysSinceEpoch: $0)) }
        case .microTime: return TemporalText.timeOfDay(t).map { .int64($0) }
        case .milliTime: return TemporalText.timeOfDay(t).flatMap { Int32(exactly: $0 / 1000) }.map { .int32($0) }
        case .connectTime:
            return TemporalText.timeOfDay(t).flatMap { Int32(exactly: min($0 / 1000, 86_399_999)) }
                .flatMap { try? ConnectTime(millisecondsOfDay: $0) }.map { .time($0) }
        case .zonedTime: return TemporalText.zonedTimeUTC(t).map { .string(TemporalText.isoTimeUTC(micros: $0)) }
        case .microTimestamp: return TemporalText.timestamp(t, zoned: false).map { .int64($0) }
        case .milliTimestamp: return TemporalText.timestamp(t, zoned: false).map { .int64($0 / 1000) }
        case .connectTimestamp:
            return TemporalText.timestamp(t, zoned: false).map { .timestamp(ConnectTimestamp(millisecondsSinceEpoch: $0 / 1000)) }
        case .zonedTimestamp(let digits):
            if t == "infinity" || t == "-infinity" { return .string(text) }
            return TemporalText.timestamp(t, zoned: true).map { .string(TemporalText.isoUTC(micros: $0, digits: digits)) }
        case .microDuration: return TemporalText.intervalMicros(t).map { .int64($0) }
        case .bit: return t == "1" ? .boolean(true) : t == "0" ? .boolean(false) : nil
        case .bits: return ScalarText.bits(t).map { ConnectValue(bytes: $0) }
        case .array(let element):
            guard let items = ScalarText.arrayElements(t) else { return nil }
            return .array(items.map { item in item.flatMap { element.convert($0) } ?? .null })
        }
    }

    /// The value with every struct in it rebuilt on `schema`: conversions build VariableScaleDecimal structs on the
    /// required built-in schema, but an optional column (or array element) has its own optional copy, and Connect
    /// accepts a struct only under its exact schema.
    static func conform(_ value: ConnectValue, to schema: Schema) -> ConnectValue {
        switch value {
        case .struct(let nested) where nested.schema != schema && schema.type == .struct:
            guard var rebuilt = try? Struct(schema: schema) else { return value }
            for field in schema.fields {
                guard let old = try? nested.getWithoutDefault(field.name) else { continue }
                try? rebuilt.put(field, conform(old, to: field.schema))
            }
            return .struct(rebuilt)
        case .array(let items):
            guard let element = schema.valueSchema else { return value }
            return .array(items.map { conform($0, to: element) })
        default:
            return value
        }
    }

    private static func float(_ text: Substring) -> Double? {
        switch text {
        case "NaN": .nan
        case "Infinity": .infinity
        case "-Infinity": -.infinity
        default: Double(text)
        }
    }

    /// The same number with more fraction digits (PostgreSQL already prints numeric(p,s) with s digits).
    private static func rescaled(_ value: ConnectDecimal, to scale: Int32) -> ConnectDecimal? {
        if value.scale == scale { return value }
        guard value.scale < scale else { return nil }
        let text = value.description
        let zeros = String(repeating: "0", count: Int(scale - value.scale))
        return ConnectDecimal(text.contains(".") || value.scale > 0 ? text + zeros : text + "." + zeros)
    }
}

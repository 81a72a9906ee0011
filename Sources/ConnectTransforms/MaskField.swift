public import ConnectAPI

/// Replaces the listed fields with a "zero" of their type, or with `replacement` (Kafka's `MaskField$Key`/`$Value`).
public struct MaskField: Transformation {
    static let purpose = "mask fields"

    /// The part this instance modifies.
    public let part: RecordPart
    var fields: Set<String> = []
    var replacement: String?

    /// An unconfigured transform for the key or the value.
    public init(part: RecordPart) {
        self.part = part
    }

    public var config: ConfigDefinition {
        ConfigDefinition()
            .define("fields", .list, validator: .nonEmptyList, importance: .high, documentation: "Names of fields to mask.")
            .define("replacement", .string, default: nil, validator: .ifNotNull(.nonEmptyString), importance: .low,
                    documentation: "Custom value replacement, that will be applied to all 'fields' values (numeric or non-empty string values only).")
    }

    public mutating func configure(_ configs: [String: String]) throws {
        let c = try config.parse(configs)
        fields = Set(c.list("fields") ?? [])
        replacement = c.string("replacement")
    }

    public func apply<R: ConnectRecord>(_ record: R) throws -> R? {
        let value = record.operatingValue(part)
        if value.isNull { return record }
        if record.operatingSchema(part) != nil {
            let input = try Requirements.requireStruct(value, Self.purpose)
            var updated = try Struct(schema: input.schema)
            for field in input.schema.fields {
                let original = input.get(field)
                try updated.put(field, fields.contains(field.name) ? try masked(original) : original)
            }
            return record.replacing(part, schema: record.operatingSchema(part), value: .struct(updated))
        } else {
            var map = try Requirements.requireMap(value, Self.purpose)
            for index in map.indices {
                if case .string(let name) = map[index].key, fields.contains(name) {
                    map[index].value = try masked(map[index].value)
                }
            }
            return record.replacing(part, schema: nil, value: .map(map))
        }
    }

    func masked(_ value: ConnectValue) throws -> ConnectValue {
        if value.isNull { return .null }
        if let replacement { return try replaced(value, replacement) }
        switch value {
        case .boolean: return .boolean(false)
        case .int8: return .int8(0)
        case .int16: return .int16(0)
        case .int32: return .int32(0)
        case .int64: return .int64(0)
        case .float32: return .float32(0)
        case .float64: return .float64(0)
        case .decimal(let d): return .decimal(ConnectDecimal(unscaled: 0, scale: d.scale))
        case .date: return .date(ConnectDate(daysSinceEpoch: 0))
        case .time: return .time(try ConnectTime(millisecondsOfDay: 0))
        case .timestamp: return .timestamp(ConnectTimestamp(millisecondsSinceEpoch: 0))
        case .string: return .string("")
        case .map: return .map([])
        case .array: return .array([])
        default: throw ConnectError.data("Cannot mask value of type: \(value.kindName)")
        }
    }

    private func replaced(_ value: ConnectValue, _ replacement: String) throws -> ConnectValue {
        func invalid() -> ConnectError {
            .data("Unable to convert \(replacement) (\(value.kindName)) to number", cause: nil)
        }
        switch value {
        case .string: return .string(replacement)
        case .int8: guard let v = Int8(replacement) else { throw invalid() }; return .int8(v)
        case .int16: guard let v = Int16(replacement) else { throw invalid() }; return .int16(v)
        case .int32: guard let v = Int32(replacement) else { throw invalid() }; return .int32(v)
        case .int64: guard let v = Int64(replacement) else { throw invalid() }; return .int64(v)
        case .float32: guard let v = Float(replacement) else { throw invalid() }; return .float32(v)
        case .float64: guard let v = Double(replacement) else { throw invalid() }; return .float64(v)
        case .decimal(let d):
            guard let parsed = ConnectDecimal(replacement) else { throw invalid() }
            _ = d
            return .decimal(parsed)
        default:
            throw ConnectError.data("Cannot mask value of type \(value.kindName) with custom replacement.")
        }
    }
}

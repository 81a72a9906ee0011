public import ConnectAPI

/// Converts a timestamp field, or the whole key or value, between `string`, `unix`, `Date`, `Time` and
/// `Timestamp` (Kafka's `TimestampConverter$Key`/`$Value`).
///
/// Keys `field` (empty: the whole value), `target.type`, `format` (a `SimpleDateFormat` pattern, required
/// for `string` input or output), `unix.precision` (`seconds`, `milliseconds`, `microseconds`, `nanoseconds`).
public struct TimestampConverter: Transformation {
    static let purpose = "converting timestamp formats"
    static let dayMillis: Int64 = 86_400_000

    /// The kinds of timestamp representation.
    enum Kind: String, Sendable, CaseIterable {
        case string, unix, date = "Date", time = "Time", timestamp = "Timestamp"
    }

    /// The part this instance modifies.
    public let part: RecordPart
    var field = ""
    var targetType = Kind.timestamp
    var format: JavaDateFormat?
    var precision = "milliseconds"
    var replaceNullWithDefault = true
    private let cache = SchemaCache()

    /// An unconfigured transform for the key or the value.
    public init(part: RecordPart) {
        self.part = part
    }

    public var config: ConfigDefinition {
        ConfigDefinition()
            .define("field", .string, default: "", importance: .high,
                    documentation: "The field containing the timestamp, or empty if the entire value is a timestamp")
            .define("target.type", .string, validator: .in("string", "unix", "Date", "Time", "Timestamp"), importance: .high,
                    documentation: "The desired timestamp representation: string, unix, Date, Time, or Timestamp")
            .define("format", .string, default: "", importance: .medium,
                    documentation: "A SimpleDateFormat-compatible format for the timestamp. Used to generate the output when type=string or used to parse the input if the input is a string.")
            .define("unix.precision", .string, default: "milliseconds",
                    validator: .in("nanoseconds", "microseconds", "milliseconds", "seconds"), importance: .low,
                    documentation: "The desired Unix precision for the timestamp: seconds, milliseconds, microseconds, or nanoseconds. Used to generate the output when type=unix or used to parse the input if the input is a Long.")
            .definingReplaceNullWithDefault()
    }

    public mutating func configure(_ configs: [String: String]) throws {
        let c = try config.parse(configs)
        field = c.string("field") ?? ""
        let type = c.string("target.type") ?? ""
        guard let kind = Kind(rawValue: type) else {
            throw ConnectError(.config, "Unknown timestamp type in TimestampConverter: \(type). Valid values are \(Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        targetType = kind
        let pattern = c.string("format") ?? ""
        if kind == .string && pattern.isEmpty {
            throw ConnectError(.config, "TimestampConverter requires format option to be specified when using string timestamps")
        }
        format = pattern.isEmpty ? nil : JavaDateFormat(pattern)
        precision = c.string("unix.precision") ?? "milliseconds"
        replaceNullWithDefault = c.bool(replaceNullWithDefaultKey) ?? true
    }

    func outputSchema(optional: Bool) -> Schema {
        switch targetType {
        case .string: optional ? .optionalString : .string
        case .unix: optional ? .optionalInt64 : .int64
        case .date: (try? (optional ? ConnectDate.builder().optional() : ConnectDate.builder()).build()) ?? ConnectDate.schema
        case .time: (try? (optional ? ConnectTime.builder().optional() : ConnectTime.builder()).build()) ?? ConnectTime.schema
        case .timestamp:
            (try? (optional ? ConnectTimestamp.builder().optional() : ConnectTimestamp.builder()).build()) ?? ConnectTimestamp.schema
        }
    }

    public func apply<R: ConnectRecord>(_ record: R) throws -> R? {
        let value = record.operatingValue(part)
        if let schema = record.operatingSchema(part) {
            if field.isEmpty {
                let kind = try Self.kind(of: schema)
                return record.replacing(part, schema: outputSchema(optional: schema.isOptional), value: try convert(value, from: kind))
            }
            let input = try Requirements.requireStructOrNull(value, Self.purpose)
            let updatedSchema = try cache.get(schema) { schema in
                var builder = copySchemaBasics(schema)
                if schema.isOptional { builder = builder.optional() }
                for f in schema.fields {
                    builder = builder.field(f.name, f.name == field ? outputSchema(optional: f.schema.isOptional) : f.schema)
                }
                return try builder.build()
            }
            guard let input else { return record.replacing(part, schema: updatedSchema, value: .null) }
            var updated = try Struct(schema: updatedSchema)
            for f in schema.fields {
                let v = input.value(f, replaceNullWithDefault: replaceNullWithDefault)
                try updated.put(f.name, f.name == field ? try convert(v, from: try Self.kind(of: f.schema)) : v)
            }
            return record.replacing(part, schema: updatedSchema, value: .struct(updated))
        } else {
            if field.isEmpty {
                return record.replacing(part, schema: nil, value: try convert(value, from: nil))
            }
            guard var map = try Requirements.requireMapOrNull(value, Self.purpose) else { return record }
            map.put(field, try convert(map.get(field), from: nil))
            return record.replacing(part, schema: nil, value: .map(map))
        }
    }

    static func kind(of schema: Schema) throws -> Kind {
        switch schema.name {
        case ConnectTimestamp.logicalName: return .timestamp
        case ConnectDate.logicalName: return .date
        case ConnectTime.logicalName: return .time
        default:
            if schema.type == .int64 { return .unix }
            if schema.type == .string { return .string }
            throw ConnectError.data("Schema \(schema) does not correspond to a known timestamp type format")
        }
    }

    static func inferKind(_ value: ConnectValue) throws -> Kind {
        switch value {
        case .timestamp: return .timestamp
        case .date: return .date
        case .time: return .time
        case .int64: return .unix
        case .string: return .string
        default: throw ConnectError.data("TimestampConverter does not support \(value.kindName) objects as timestamps")
        }
    }

    /// Converts a timestamp of `kind` (inferred from the value when `nil`) to the target type.
    func convert(_ value: ConnectValue, from kind: Kind?) throws -> ConnectValue {
        if value.isNull { return .null }
        let millis = try toMillis(value, kind ?? Self.inferKind(value))
        switch targetType {
        case .string:
            guard let format else {
                throw ConnectError(.config, "TimestampConverter requires format option to be specified when using string timestamps")
            }
            return .string(format.format(milliseconds: millis))
        case .unix:
            switch precision {
            case "seconds": return .int64(millis.floorDiv(1000))
            case "microseconds": return .int64(millis * 1000)
            case "nanoseconds": return .int64(millis * 1_000_000)
            default: return .int64(millis)
            }
        case .date:
            return .date(ConnectDate(daysSinceEpoch: Int32(clamping: millis.floorDiv(Self.dayMillis))))
        case .time:
            let ms = millis - millis.floorDiv(Self.dayMillis) * Self.dayMillis
            return .time(try ConnectTime(millisecondsOfDay: Int32(ms)))
        case .timestamp:
            return .timestamp(ConnectTimestamp(millisecondsSinceEpoch: millis))
        }
    }

    private func toMillis(_ value: ConnectValue, _ kind: Kind) throws -> Int64 {
        switch (kind, value) {
        case (.timestamp, .timestamp(let t)): return t.millisecondsSinceEpoch
        case (.timestamp, .int64(let v)): return v
        case (.date, .date(let d)): return d.millisecondsSinceEpoch
        case (.date, .int32(let v)): return Int64(v) * Self.dayMillis
        case (.time, .time(let t)): return Int64(t.millisecondsOfDay)
        case (.time, .int32(let v)): return Int64(v)
        case (.unix, .int64(let v)):
            switch precision {
            case "seconds": return v * 1000
            case "microseconds": return v / 1000
            case "nanoseconds": return v / 1_000_000
            default: return v
            }
        case (.string, .string(let s)):
            guard let format else {
                throw ConnectError(.config, "TimestampConverter requires format option to be specified when using string timestamps")
            }
            guard let ms = format.parse(s) else {
                throw ConnectError.data("Could not parse timestamp: value (\(s)) does not match pattern (\(format.pattern))")
            }
            return ms
        default:
            throw ConnectError.data("Expected \(kind.rawValue) timestamp, found \(value.kindName)")
        }
    }
}

extension Int64 {
    func floorDiv(_ divisor: Int64) -> Int64 {
        let (q, r) = quotientAndRemainder(dividingBy: divisor)
        return r < 0 ? q - 1 : q
    }
}

public import ConnectAPI
import Foundation

/// Casts fields, or the whole key or value, to another primitive type (Kafka's `Cast$Key`/`$Value`).
///
/// Key `spec`: a list of `field:type` pairs, or a single `type` to cast the whole value. Output types are
/// `int8`, `int16`, `int32`, `int64`, `float32`, `float64`, `boolean` and `string`; `bytes` and logical
/// values can be cast from (to `string`, or numbers from decimals and dates).
public struct Cast: Transformation {
    static let purpose = "cast types"
    static let wholeValue = ""
    static let outputTypes: [SchemaType] = [.int8, .int16, .int32, .int64, .float32, .float64, .boolean, .string]
    static let inputTypes: [SchemaType] = outputTypes + [.bytes]

    /// The part this instance modifies.
    public let part: RecordPart
    var casts: [(field: String, type: SchemaType)] = []
    var wholeValueCastType: SchemaType?
    var replaceNullWithDefault = true
    private let cache = SchemaCache()

    /// An unconfigured transform for the key or the value.
    public init(part: RecordPart) {
        self.part = part
    }

    public var config: ConfigDefinition {
        ConfigDefinition().define("spec", .list, validator: .nonEmptyList, importance: .high,
                                  documentation: "List of fields and the type to cast them to of the form field1:type,field2:type to cast fields of Maps or Structs. A single type to cast the entire value. Valid types are int8, int16, int32, int64, float32, float64, boolean, and string. Note that binary fields can only be cast to string.")
            .definingReplaceNullWithDefault()
    }

    public mutating func configure(_ configs: [String: String]) throws {
        let parsed = try config.parse(configs)
        let specs = parsed.list("spec") ?? []
        replaceNullWithDefault = parsed.bool(replaceNullWithDefaultKey) ?? true
        casts = []
        wholeValueCastType = nil
        for mapping in specs {
            let parts = mapping.split(separator: ":", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
            guard parts.count <= 2 else {
                throw ConnectError.invalidConfig(name: "spec", value: specs.joined(separator: ","), message: "Invalid cast mapping: \(mapping)")
            }
            let typeName = parts.count == 1 ? parts[0] : parts[1]
            guard let type = SchemaType(rawValue: typeName.uppercased()) else {
                throw ConnectError(.config, "Invalid type found in casting spec: \(typeName)", configName: "spec")
            }
            guard Self.outputTypes.contains(type) else {
                throw ConnectError(.config, "Cast transformation does not support casting to \(type); supported types are \(Self.outputTypes.map(\.rawValue))", configName: "spec")
            }
            if parts.count == 1 {
                wholeValueCastType = type
            } else {
                casts.append((parts[0], type))
            }
        }
        if wholeValueCastType != nil && specs.count > 1 {
            throw ConnectError(.config, "Cast transformations that specify a type to cast the entire value to may ony specify a single cast in their spec", configName: "spec")
        }
    }

    func target(for field: String) -> SchemaType? { casts.first { $0.field == field }?.type }

    public func apply<R: ConnectRecord>(_ record: R) throws -> R? {
        let value = record.operatingValue(part)
        if let schema = record.operatingSchema(part) {
            let updatedSchema = try cache.get(schema, orMake: buildSchema)
            if let wholeValueCastType {
                return record.replacing(part, schema: updatedSchema, value: try Self.cast(schema, value, to: wholeValueCastType))
            }
            guard let input = try Requirements.requireStructOrNull(value, Self.purpose) else {
                return record.replacing(part, schema: updatedSchema, value: .null)
            }
            var updated = try Struct(schema: updatedSchema)
            for field in schema.fields {
                let original = input.value(field, replaceNullWithDefault: replaceNullWithDefault)
                if let type = target(for: field.name) {
                    try updated.put(field.name, try Self.cast(field.schema, original, to: type))
                } else {
                    try updated.put(field.name, original)
                }
            }
            return record.replacing(part, schema: updatedSchema, value: .struct(updated))
        } else {
            if let wholeValueCastType {
                return record.replacing(part, schema: nil, value: try Self.cast(nil, value, to: wholeValueCastType))
            }
            guard var map = try Requirements.requireMapOrNull(value, Self.purpose) else { return record }
            for index in map.indices {
                if case .string(let name) = map[index].key, let type = target(for: name) {
                    map[index].value = try Self.cast(nil, map[index].value, to: type)
                }
            }
            return record.replacing(part, schema: nil, value: .map(map))
        }
    }

    private func buildSchema(_ schema: Schema) throws -> Schema {
        func converted(_ original: Schema, _ type: SchemaType) throws -> Schema {
            var builder = SchemaBuilder(type: type)
            if original.isOptional { builder = builder.optional() }
            if let d = original.defaultValue { builder = builder.defaultValue(try Self.cast(original, d, to: type)) }
            return try builder.build()
        }
        if let wholeValueCastType { return try converted(schema, wholeValueCastType) }
        guard schema.type == .struct else {
            throw ConnectError.data("Only Struct objects supported for [\(Self.purpose)], found: \(schema.type)")
        }
        var builder = copySchemaBasics(schema)
        for field in schema.fields {
            if let type = target(for: field.name) {
                builder = builder.field(field.name, try converted(field.schema, type))
            } else {
                builder = builder.field(field.name, field.schema)
            }
        }
        return try builder.build()
    }

    /// Casts one value (with its schema, if known) to a primitive type.
    static func cast(_ schema: Schema?, _ value: ConnectValue, to type: SchemaType) throws -> ConnectValue {
        if value.isNull { return .null }
        let isLogical: Bool = switch value {
        case .decimal, .date, .time, .timestamp: true
        default: false
        }
        guard let inferred = schema?.type ?? value.schemaType else {
            throw ConnectError.data("Cast transformation was passed a value of type \(value.kindName) which is not supported by Connect's data API")
        }
        guard Self.inputTypes.contains(inferred) || isLogical else {
            throw ConnectError.data("Cast transformation does not support casting from \(inferred); supported types are \(Self.inputTypes.map(\.rawValue))")
        }
        if case .bytes = value, type != .string {
            throw ConnectError.data("Unexpected type in Cast transformation: \(inferred)")
        }
        switch type {
        case .string: return .string(try string(value))
        case .boolean:
            if case .string(let s) = value { return .boolean(s.lowercased() == "true") }
            if case .boolean(let b) = value { return .boolean(b) }
            return .boolean(try integer(value) != 0)
        case .int8: return .int8(Int8(truncatingIfNeeded: try integer(value, parse: { Int8($0).map(Int64.init) })))
        case .int16: return .int16(Int16(truncatingIfNeeded: try integer(value, parse: { Int16($0).map(Int64.init) })))
        case .int32: return .int32(Int32(truncatingIfNeeded: try integer(value, parse: { Int32($0).map(Int64.init) })))
        case .int64: return .int64(try integer(value, parse: { Int64($0) }))
        case .float32: return .float32(Float(try floating(value)))
        case .float64: return .float64(try floating(value))
        default: throw ConnectError.data("Unexpected type in Cast transformation: \(type)")
        }
    }

    private static func integer(_ value: ConnectValue, parse: (String) -> Int64? = { Int64($0) }) throws -> Int64 {
        switch value {
        case .int8(let v): return Int64(v)
        case .int16(let v): return Int64(v)
        case .int32(let v): return Int64(v)
        case .int64(let v): return v
        case .float32(let v): return Int64(exactly: v.rounded(.towardZero)) ?? (v < 0 ? .min : .max)
        case .float64(let v): return Int64(exactly: v.rounded(.towardZero)) ?? (v < 0 ? .min : .max)
        case .boolean(let b): return b ? 1 : 0
        case .decimal(let d): return Int64(exactly: d.doubleValue.rounded(.towardZero)) ?? 0
        case .date(let d): return d.millisecondsSinceEpoch
        case .time(let t): return Int64(t.millisecondsOfDay)
        case .timestamp(let t): return t.millisecondsSinceEpoch
        case .string(let s):
            guard let v = parse(s.trimmingWhitespace()) else { throw ConnectError.data("For input string: \"\(s)\"") }
            return v
        default: throw ConnectError.data("Unexpected type in Cast transformation: \(value.kindName)")
        }
    }

    private static func floating(_ value: ConnectValue) throws -> Double {
        switch value {
        case .float32(let v): return Double(v)
        case .float64(let v): return v
        case .decimal(let d): return d.doubleValue
        case .string(let s):
            guard let v = Double(s.trimmingWhitespace()) else { throw ConnectError.data("For input string: \"\(s)\"") }
            return v
        default: return Double(try integer(value))
        }
    }

    private static func string(_ value: ConnectValue) throws -> String {
        switch value {
        case .bytes: return Data(value.byteArray ?? []).base64EncodedString()
        case .array, .map, .struct: return value.description
        default: return value.description
        }
    }
}

import ConnectAPI
import NIOCore

/// Writes a value with its schema straight to JSON bytes — exactly the bytes `JSONWriter.write` of
/// ``JsonConverter/convertToJson(_:_:)`` gives, without building the ``JSONNode`` tree: the converter's fast
/// path for primitives, strings, bytes, Decimal/Date/Time/Timestamp, arrays and structs.
///
/// It gives up — returns `false`, and the caller discards what it appended and takes the general path — for
/// maps, values without a schema, and every value the general path would reject, so errors always come from the
/// general path.
struct SchemaPayloadWriter {
    let replaceNullWithDefault: Bool
    let decimalFormat: DecimalFormat

    /// The deepest nesting written here; deeper values go the general way.
    static let maxDepth = 64

    /// Appends the JSON of `value` for `schema` to `out`; `false` (with `out` partly written) to take the general path.
    func write(_ schema: Schema, _ value: ConnectValue, into out: inout [UInt8], depth: Int = 0) -> Bool {
        guard depth <= Self.maxDepth else { return false }
        if value.isNull {
            if let fallback = schema.defaultValue, replaceNullWithDefault {
                return write(schema, fallback, into: &out, depth: depth + 1)
            }
            guard schema.isOptional else { return false }
            out.append(contentsOf: Self.null)
            return true
        }
        if let name = schema.name {
            switch name {
            case ConnectDecimal.logicalName:
                guard case .decimal(let decimal) = value else { return false }
                switch decimalFormat {
                case .base64:
                    guard let bytes = try? ConnectDecimal.fromLogical(schema, decimal) else { return false }
                    out.append(UInt8(ascii: "\""))
                    Base64.encode(bytes, into: &out)
                    out.append(UInt8(ascii: "\""))
                case .numeric:
                    let unscaled = ConnectDecimal(unscaledBytes: decimal.unscaledBytes, scale: 0).description
                    out.append(contentsOf: JavaNumberFormat.bigDecimalToString(unscaled: unscaled, scale: Int(decimal.scale)).utf8)
                }
                return true
            case ConnectDate.logicalName:
                guard case .date(let date) = value, let days = try? ConnectDate.fromLogical(schema, date) else { return false }
                JSONWriter.writeInt(Int64(days), into: &out)
                return true
            case ConnectTime.logicalName:
                guard case .time(let time) = value, let ms = try? ConnectTime.fromLogical(schema, time) else { return false }
                JSONWriter.writeInt(Int64(ms), into: &out)
                return true
            case ConnectTimestamp.logicalName:
                guard case .timestamp(let timestamp) = value, let ms = try? ConnectTimestamp.fromLogical(schema, timestamp)
                else { return false }
                JSONWriter.writeInt(ms, into: &out)
                return true
            default:
                break
            }
        }
        switch (schema.type, value) {
        case (.int8, .int8(let v)): JSONWriter.writeInt(Int64(v), into: &out)
        case (.int16, .int16(let v)): JSONWriter.writeInt(Int64(v), into: &out)
        case (.int32, .int32(let v)): JSONWriter.writeInt(Int64(v), into: &out)
        case (.int64, .int64(let v)): JSONWriter.writeInt(v, into: &out)
        case (.float32, .float32(let v)): JSONWriter.write(.float(v), into: &out)
        case (.float64, .float64(let v)): JSONWriter.write(.double(v), into: &out)
        case (.boolean, .boolean(let v)): out.append(contentsOf: v ? Self.true : Self.false)
        case (.string, .string(let v)): JSONWriter.writeString(v, into: &out)
        case (.bytes, .bytes(let buffer)):
            out.append(UInt8(ascii: "\""))
            Base64.encode(Array(buffer.readableBytesView), into: &out)
            out.append(UInt8(ascii: "\""))
        case (.array, .array(let elements)):
            guard let elementSchema = schema.valueSchema else { return false }
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                guard write(elementSchema, element, into: &out, depth: depth + 1) else { return false }
            }
            out.append(UInt8(ascii: "]"))
        case (.struct, .struct(let row)):
            guard row.schema == schema else { return false }
            out.append(UInt8(ascii: "{"))
            for (i, field) in row.schema.fields.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.writeString(field.name, into: &out)
                out.append(UInt8(ascii: ":"))
                guard write(field.schema, row.getWithoutDefault(field), into: &out, depth: depth + 1) else { return false }
            }
            out.append(UInt8(ascii: "}"))
        default:
            return false
        }
        return true
    }

    private static let null: [UInt8] = Array("null".utf8)
    private static let `true`: [UInt8] = Array("true".utf8)
    private static let `false`: [UInt8] = Array("false".utf8)
}

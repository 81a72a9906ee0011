public import NIOCore

extension ConnectValue {
    /// Whether this is ``ConnectValue/null``.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The physical schema type this value fits, or `nil` for ``ConnectValue/null``.
    /// Logical values report their encoding's type (a decimal is `BYTES`, a date `INT32`).
    public var schemaType: SchemaType? {
        switch self {
        case .null: nil
        case .int8: .int8
        case .int16: .int16
        case .int32, .date, .time: .int32
        case .int64, .timestamp: .int64
        case .float32: .float32
        case .float64: .float64
        case .boolean: .boolean
        case .string: .string
        case .bytes, .decimal: .bytes
        case .array: .array
        case .map: .map
        case .struct: .struct
        }
    }

    /// A short name of the case, used in error messages: `int32`, `string`, `struct`, `decimal`…
    public var kindName: String {
        switch self {
        case .null: "null"
        case .int8: "int8"
        case .int16: "int16"
        case .int32: "int32"
        case .int64: "int64"
        case .float32: "float32"
        case .float64: "float64"
        case .boolean: "boolean"
        case .string: "string"
        case .bytes: "bytes"
        case .array: "array"
        case .map: "map"
        case .struct: "struct"
        case .decimal: "decimal"
        case .date: "date"
        case .time: "time"
        case .timestamp: "timestamp"
        }
    }

    /// The payload of an ``ConnectValue/int8(_:)`` value.
    public var int8Value: Int8? { if case .int8(let v) = self { v } else { nil } }
    /// The payload of an ``ConnectValue/int16(_:)`` value.
    public var int16Value: Int16? { if case .int16(let v) = self { v } else { nil } }
    /// The payload of an ``ConnectValue/int32(_:)`` value.
    public var int32Value: Int32? { if case .int32(let v) = self { v } else { nil } }
    /// The payload of an ``ConnectValue/int64(_:)`` value.
    public var int64Value: Int64? { if case .int64(let v) = self { v } else { nil } }
    /// The payload of a ``ConnectValue/float32(_:)`` value.
    public var float32Value: Float? { if case .float32(let v) = self { v } else { nil } }
    /// The payload of a ``ConnectValue/float64(_:)`` value.
    public var float64Value: Double? { if case .float64(let v) = self { v } else { nil } }
    /// The payload of a ``ConnectValue/boolean(_:)`` value.
    public var booleanValue: Bool? { if case .boolean(let v) = self { v } else { nil } }
    /// The payload of a ``ConnectValue/string(_:)`` value.
    public var stringValue: String? { if case .string(let v) = self { v } else { nil } }
    /// The payload of a ``ConnectValue/bytes(_:)`` value.
    public var bytesValue: ByteBuffer? { if case .bytes(let v) = self { v } else { nil } }
    /// The payload of an ``ConnectValue/array(_:)`` value.
    public var arrayValue: [ConnectValue]? { if case .array(let v) = self { v } else { nil } }
    /// The entries of a ``ConnectValue/map(_:)`` value.
    public var mapValue: [MapEntry]? { if case .map(let v) = self { v } else { nil } }
    /// The payload of a ``ConnectValue/struct(_:)`` value.
    public var structValue: Struct? { if case .struct(let v) = self { v } else { nil } }
    /// The payload of a ``ConnectValue/decimal(_:)`` value.
    public var decimalValue: ConnectDecimal? { if case .decimal(let v) = self { v } else { nil } }
    /// The payload of a ``ConnectValue/date(_:)`` value.
    public var dateValue: ConnectDate? { if case .date(let v) = self { v } else { nil } }
    /// The payload of a ``ConnectValue/time(_:)`` value.
    public var timeValue: ConnectTime? { if case .time(let v) = self { v } else { nil } }
    /// The payload of a ``ConnectValue/timestamp(_:)`` value.
    public var timestampValue: ConnectTimestamp? { if case .timestamp(let v) = self { v } else { nil } }

    /// The readable bytes of a ``ConnectValue/bytes(_:)`` value, copied into an array.
    public var byteArray: [UInt8]? { bytesValue.map { Array($0.readableBytesView) } }

    /// The value of the first map entry whose key equals `key`.
    public subscript(mapKey key: ConnectValue) -> ConnectValue? {
        mapValue?.first { $0.key == key }?.value
    }
}

extension ConnectValue: CustomStringConvertible {
    /// A readable rendering in the spirit of Kafka's `toString`: numbers and strings as is, `null`,
    /// `[a, b]`, `{k=v}`, `Struct{…}`, bytes as a hex dump.
    public var description: String {
        switch self {
        case .null: "null"
        case .int8(let v): String(v)
        case .int16(let v): String(v)
        case .int32(let v): String(v)
        case .int64(let v): String(v)
        case .float32(let v): String(v)
        case .float64(let v): String(v)
        case .boolean(let v): String(v)
        case .string(let v): v
        case .bytes(let v): "0x" + v.readableBytesView.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
        case .array(let v): "[" + v.map(\.description).joined(separator: ", ") + "]"
        case .map(let v): "{" + v.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + "}"
        case .struct(let v): v.description
        case .decimal(let v): v.description
        case .date(let v): v.description
        case .time(let v): v.description
        case .timestamp(let v): v.description
        }
    }
}

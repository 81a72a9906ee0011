/// A value in a source partition or source offset map: null, a boolean, a 64-bit integer, a double or a string.
///
/// Kafka Connect allows only primitive values in these maps and stores them as schemaless JSON in the
/// offsets topic; reading them back yields JSON's types (every integer comes back as a `Long`, bytes as a
/// base64 string). This enum holds exactly what survives that round trip, so what a task stores is what it reads.
/// Literals work: `["filename": "/var/log/app.log"]`, `["position": 1024]`.
public enum OffsetValue: Hashable, Sendable, CustomStringConvertible {
    /// JSON `null`.
    case null
    /// JSON `true`/`false`.
    case boolean(Bool)
    /// A JSON integer.
    case int(Int64)
    /// A JSON number with a fraction or exponent.
    case double(Double)
    /// A JSON string.
    case string(String)

    /// The primitive ``ConnectValue`` as an offset value: integers widen to ``int(_:)``, floats to ``double(_:)``.
    /// - Returns: `nil` for bytes, containers, structs and logical values, which Kafka refuses in offsets.
    public init?(_ value: ConnectValue) {
        switch value {
        case .null: self = .null
        case .boolean(let v): self = .boolean(v)
        case .int8(let v): self = .int(Int64(v))
        case .int16(let v): self = .int(Int64(v))
        case .int32(let v): self = .int(Int64(v))
        case .int64(let v): self = .int(v)
        case .float32(let v): self = .double(Double(v))
        case .float64(let v): self = .double(v)
        case .string(let v): self = .string(v)
        default: return nil
        }
    }

    /// The payload of an ``int(_:)`` value.
    public var intValue: Int64? { if case .int(let v) = self { v } else { nil } }
    /// The payload of a ``string(_:)`` value.
    public var stringValue: String? { if case .string(let v) = self { v } else { nil } }
    /// The payload of a ``boolean(_:)`` value.
    public var booleanValue: Bool? { if case .boolean(let v) = self { v } else { nil } }
    /// The payload of a ``double(_:)`` value, or an ``int(_:)`` value converted.
    public var doubleValue: Double? {
        switch self {
        case .double(let v): v
        case .int(let v): Double(v)
        default: nil
        }
    }

    /// The same value as a ``ConnectValue`` (`INT64`, `FLOAT64`, `BOOLEAN`, `STRING` or null).
    public var connectValue: ConnectValue {
        switch self {
        case .null: .null
        case .boolean(let v): .boolean(v)
        case .int(let v): .int64(v)
        case .double(let v): .float64(v)
        case .string(let v): .string(v)
        }
    }

    public var description: String {
        switch self {
        case .null: "null"
        case .boolean(let v): String(v)
        case .int(let v): String(v)
        case .double(let v): String(v)
        case .string(let v): v
        }
    }
}

extension OffsetValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral
{
    /// `nil` is ``null``.
    public init(nilLiteral: ()) { self = .null }
    /// A boolean literal is ``boolean(_:)``.
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    /// An integer literal is ``int(_:)``.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// A float literal is ``double(_:)``.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// A string literal is ``string(_:)``.
    public init(stringLiteral value: String) { self = .string(value) }
}

/// Where a source task reads from, e.g. `["filename": "/var/log/app.log"]` or `["server": "inventory"]`
/// (Kafka's `sourcePartition` map). Serializers must sort keys so equal partitions give equal bytes.
public typealias SourcePartition = [String: OffsetValue]

/// How far a source task has read within a partition, e.g. `["position": 4096]` or `["lsn": 24023128]`
/// (Kafka's `sourceOffset` map).
public typealias SourceOffset = [String: OffsetValue]

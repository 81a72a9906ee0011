public import ConnectAPI
public import NIOCore

/// Kafka's `StringConverter`: values become their string form in UTF-8, bytes are read back as an
/// optional string. Only UTF-8 is supported for `converter.encoding` (and the legacy
/// `serializer.encoding`/`deserializer.encoding`).
public struct StringConverter: Converter {
    /// `converter.encoding`: the character encoding (only `UTF8`/`UTF-8`).
    public static let encodingConfig = "converter.encoding"

    /// The keys StringConverter accepts.
    public static let definition = ConfigDefinition()
        .define(JsonConverterConfig.typeConfig, .string, validator: .in("key", "value", "header"), importance: .low,
                documentation: "How this converter will be used.")
        .define(encodingConfig, .string, default: "UTF8", importance: .high,
                documentation: "The name of the Java character set to use for encoding strings as byte arrays.",
                group: "Converter", orderInGroup: 0, width: .medium, displayName: "Character encoding")

    /// What the converter is used for.
    public private(set) var type: ConverterType = .value

    /// A UTF-8 value converter.
    public init() {}

    public var config: ConfigDefinition { Self.definition }

    /// Applies the properties; rejects encodings other than UTF-8.
    public mutating func configure(_ configs: [String: String], isKey: Bool) throws {
        var properties = configs
        properties[JsonConverterConfig.typeConfig] = isKey ? ConverterType.key.rawValue : ConverterType.value.rawValue
        let parsed = try Self.definition.parse(properties)
        type = ConverterType(rawValue: parsed.string(JsonConverterConfig.typeConfig) ?? "value") ?? .value
        let legacy = isKey ? "key.serializer.encoding" : "value.serializer.encoding"
        for name in [Self.encodingConfig, "serializer.encoding", "deserializer.encoding", legacy] {
            guard let encoding = configs[name] else { continue }
            let normalized = String(encoding.uppercased().filter { $0 != "-" })
            guard normalized == "UTF8" else {
                throw ConnectError.invalidConfig(name: name, value: encoding, message: "Only UTF-8 is supported")
            }
        }
    }

    public func fromConnectData(topic: String, headers: ConnectHeaders?, schema: Schema?, value: ConnectValue) throws -> ByteBuffer? {
        guard let text = Self.stringForm(value) else { return nil }
        return ByteBuffer(string: text)
    }

    public func toConnectData(topic: String, headers: ConnectHeaders?, value: ByteBuffer?) throws -> SchemaAndValue {
        guard let value else { return SchemaAndValue(schema: .optionalString, value: .null) }
        return SchemaAndValue(schema: .optionalString, value: .string(String(decoding: value.readableBytesView, as: UTF8.self)))
    }

    /// Java's `toString()` of the value as Kafka's StringSerializer sees it; `nil` for null.
    static func stringForm(_ value: ConnectValue) -> String? {
        switch value {
        case .null: return nil
        case .string(let s): return s
        case .int8(let v): return String(v)
        case .int16(let v): return String(v)
        case .int32(let v): return String(v)
        case .int64(let v): return String(v)
        case .float32(let v): return v.isFinite ? JavaNumberFormat.floatToString(v) : (v.isNaN ? "NaN" : (v < 0 ? "-Infinity" : "Infinity"))
        case .float64(let v): return v.isFinite ? JavaNumberFormat.doubleToString(v) : (v.isNaN ? "NaN" : (v < 0 ? "-Infinity" : "Infinity"))
        case .boolean(let b): return b ? "true" : "false"
        case .decimal(let d): return JavaNumberFormat.bigDecimalToString(
            unscaled: ConnectDecimal(unscaledBytes: d.unscaledBytes, scale: 0).description, scale: Int(d.scale))
        default: return String(describing: value)
        }
    }
}

/// Kafka's `ByteArrayConverter`: bytes pass through unchanged; the schema must be absent or `BYTES`.
public struct ByteArrayConverter: Converter {
    /// The keys ByteArrayConverter accepts.
    public static let definition = ConfigDefinition()
        .define(JsonConverterConfig.typeConfig, .string, validator: .in("key", "value", "header"), importance: .low,
                documentation: "How this converter will be used.")

    /// A byte array converter.
    public init() {}

    public var config: ConfigDefinition { Self.definition }

    /// Nothing to configure.
    public mutating func configure(_ configs: [String: String], isKey: Bool) throws {}

    public func fromConnectData(topic: String, headers: ConnectHeaders?, schema: Schema?, value: ConnectValue) throws -> ByteBuffer? {
        if let schema, schema.type != .bytes {
            throw ConnectError.data("Invalid schema type for ByteArrayConverter: \(schema.type)")
        }
        switch value {
        case .null: return nil
        case .bytes(let buffer): return buffer
        default:
            throw ConnectError.data("ByteArrayConverter is not compatible with objects of type \(value.kindName)")
        }
    }

    public func toConnectData(topic: String, headers: ConnectHeaders?, value: ByteBuffer?) throws -> SchemaAndValue {
        SchemaAndValue(schema: .optionalBytes, value: value.map { .bytes($0) } ?? .null)
    }
}

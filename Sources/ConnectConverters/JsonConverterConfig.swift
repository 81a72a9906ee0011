public import ConnectAPI

/// How `JsonConverter` writes `Decimal` values (Kafka's `DecimalFormat`).
public enum DecimalFormat: String, Sendable, Hashable {
    /// Base64 of the unscaled two's-complement bytes (the default).
    case base64 = "BASE64"
    /// A JSON number in `BigDecimal.toString()` form.
    case numeric = "NUMERIC"
}

/// Whether a converter handles record keys, values or headers (Kafka's `ConverterType`).
public enum ConverterType: String, Sendable, Hashable {
    /// Record keys.
    case key
    /// Record values.
    case value
    /// Header values.
    case header
}

/// The parsed settings of a ``JsonConverter`` (Kafka's `JsonConverterConfig`).
public struct JsonConverterConfig: Sendable, Hashable {
    /// `schemas.enable`: write and expect the `{"schema":…,"payload":…}` envelope.
    public static let schemasEnableConfig = "schemas.enable"
    /// `schemas.cache.size`: the most schemas kept in the converter's caches.
    public static let schemasCacheSizeConfig = "schemas.cache.size"
    /// `decimal.format`: `BASE64` or `NUMERIC`.
    public static let decimalFormatConfig = "decimal.format"
    /// `replace.null.with.default`: write a null field as its schema default.
    public static let replaceNullWithDefaultConfig = "replace.null.with.default"
    /// `converter.type`: `key`, `value` or `header`.
    public static let typeConfig = "converter.type"

    /// The keys JsonConverter accepts, with Kafka's defaults and documentation.
    public static let definition = ConfigDefinition()
        .define(typeConfig, .string, validator: .in("key", "value", "header"), importance: .low,
                documentation: "How this converter will be used.")
        .define(schemasEnableConfig, .boolean, default: true, importance: .high,
                documentation: "Include schemas within each of the serialized values and keys.",
                group: "Schemas", orderInGroup: 0, width: .medium, displayName: "Enable Schemas")
        .define(schemasCacheSizeConfig, .int, default: 1000, importance: .high,
                documentation: "The maximum number of schemas that can be cached in this converter instance.",
                group: "Schemas", orderInGroup: 1, width: .medium, displayName: "Schema Cache Size")
        .define(decimalFormatConfig, .string, default: "BASE64", validator: .inCaseInsensitive("BASE64", "NUMERIC"),
                importance: .low,
                documentation: "Controls which format this converter will serialize decimals in. This value is case insensitive and can be either 'BASE64' (default) or 'NUMERIC'",
                group: "Serialization", orderInGroup: 0, width: .medium, displayName: "Decimal Format")
        .define(replaceNullWithDefaultConfig, .boolean, default: true, importance: .low,
                documentation: "Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.",
                group: "Serialization", orderInGroup: 1, width: .medium, displayName: "Replace null with default")

    /// Whether the envelope is written and required.
    public var schemasEnabled: Bool = true
    /// The schema cache size.
    public var schemaCacheSize: Int = 1000
    /// The decimal output format.
    public var decimalFormat: DecimalFormat = .base64
    /// Whether null fields are written as their schema default.
    public var replaceNullWithDefault: Bool = true
    /// What the converter is used for.
    public var type: ConverterType = .value

    /// The defaults.
    public init() {}

    /// Parses and validates string properties (Kafka's `new JsonConverterConfig(props)`).
    /// - Throws: ``ConnectError`` (`config`) with Kafka's wording.
    public init(_ properties: [String: String]) throws(ConnectError) {
        let parsed = try Self.definition.parse(properties)
        schemasEnabled = parsed.bool(Self.schemasEnableConfig) ?? true
        schemaCacheSize = Int(parsed.int(Self.schemasCacheSizeConfig) ?? 1000)
        decimalFormat = DecimalFormat(rawValue: (parsed.string(Self.decimalFormatConfig) ?? "BASE64").uppercased()) ?? .base64
        replaceNullWithDefault = parsed.bool(Self.replaceNullWithDefaultConfig) ?? true
        type = ConverterType(rawValue: parsed.string(Self.typeConfig) ?? "value") ?? .value
    }
}

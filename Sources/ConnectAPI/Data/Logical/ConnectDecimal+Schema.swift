/// Kafka's `org.apache.kafka.connect.data.Decimal` logical type: `BYTES` holding the unscaled value in
/// big-endian two's complement, with the scale in the schema parameter `scale`.
extension ConnectDecimal {
    /// The schema name of the decimal logical type.
    public static let logicalName = "org.apache.kafka.connect.data.Decimal"
    /// The schema parameter that holds the scale.
    public static let scaleParameter = "scale"

    /// A builder for a decimal schema with this scale (version 1, as Kafka's `Decimal.builder`).
    public static func builder(scale: Int32) -> SchemaBuilder {
        SchemaBuilder.bytes().name(logicalName).parameter(scaleParameter, String(scale)).version(1)
    }

    /// The required decimal schema with this scale.
    public static func schema(scale: Int32) -> Schema {
        Schema(type: .bytes, name: logicalName, version: 1, parameters: [scaleParameter: String(scale)])
    }

    /// The scale a decimal schema declares.
    /// - Throws: ``ConnectError`` (`data`) when the parameter is missing or not an integer.
    public static func scale(of schema: Schema) throws(ConnectError) -> Int32 {
        guard let text = schema.parameters[scaleParameter] else {
            throw .data("Invalid Decimal schema: scale parameter not found.")
        }
        guard let scale = Int32(text) else {
            throw .data("Invalid scale parameter found in Decimal schema: \(text)")
        }
        return scale
    }

    /// The wire bytes of a decimal for a decimal schema (Kafka's `Decimal.fromLogical`).
    /// - Throws: ``ConnectError`` (`data`) when the scales differ.
    public static func fromLogical(_ schema: Schema, _ value: ConnectDecimal) throws(ConnectError) -> [UInt8] {
        let schemaScale = try scale(of: schema)
        guard value.scale == schemaScale else {
            throw scaleMismatch(schemaScale: schemaScale, valueScale: value.scale)
        }
        return value.unscaledBytes
    }

    /// The decimal encoded by wire bytes under a decimal schema (Kafka's `Decimal.toLogical`).
    public static func toLogical(_ schema: Schema, _ bytes: some Collection<UInt8>) throws(ConnectError) -> ConnectDecimal {
        ConnectDecimal(unscaledBytes: bytes, scale: try scale(of: schema))
    }

    static func scaleMismatch(schemaScale: Int32, valueScale: Int32) -> ConnectError {
        .data(
            "Decimal value has mismatching scale for given Decimal schema. "
                + "Schema has scale \(schemaScale), value has scale \(valueScale)."
        )
    }
}

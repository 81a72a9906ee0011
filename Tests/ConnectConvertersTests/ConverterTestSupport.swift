import ConnectAPI
@testable import ConnectConverters
import NIOCore

/// A value converter with these properties (Kafka's defaults otherwise).
func makeValueConverter(_ configs: [String: String] = [:]) throws -> JsonConverter {
    var converter = JsonConverter()
    try converter.configure(configs, isKey: false)
    return converter
}

/// A conversion failure by its text, to compare errors.
struct ConversionFailure: Error, Equatable {
    let text: String
}

/// The converter's answer for a record value, or the error's text.
func conversionOutcome(_ converter: JsonConverter, _ text: String) -> Result<SchemaAndValue, ConversionFailure> {
    do {
        return .success(try converter.toConnectData(topic: "t", headers: nil, value: ByteBuffer(string: text)))
    } catch {
        return .failure(ConversionFailure(text: "\(error)"))
    }
}

/// What ``SchemaPayloadReader`` reads from a whole payload for `schema` (at the envelope's depth), or `nil` when
/// it gives up.
func fastPathRead(_ payload: String, schema: Schema) -> ConnectValue? {
    let bytes = Array(payload.utf8)
    return bytes.withUnsafeBufferPointer { buffer -> ConnectValue? in
        var reader = SchemaPayloadReader(buffer, position: 0)
        guard let value = reader.value(schema, depth: 1), reader.atEndAfterWhitespace() else { return nil }
        return value
    }
}

import ConnectAPI
import ConnectConverters
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

public import NIOCore

/// Turns Connect data into the bytes of a Kafka record key or value and back (Kafka's `Converter`).
public protocol Converter: Sendable {
    /// The configuration keys this converter accepts.
    var config: ConfigDefinition { get }
    /// Configures the converter once, before use; `isKey` says whether it converts record keys or values.
    mutating func configure(_ configs: [String: String], isKey: Bool) throws
    /// Serializes a value with its optional schema; `nil` means a null record key or value (a tombstone).
    func fromConnectData(topic: String, headers: ConnectHeaders?, schema: Schema?, value: ConnectValue) throws -> ByteBuffer?
    /// Deserializes record bytes (`nil` for a null key or value) into a value and its schema.
    func toConnectData(topic: String, headers: ConnectHeaders?, value: ByteBuffer?) throws -> SchemaAndValue
}

import ConnectAPI
import ConnectConverters
import KafkaRecords
import NIOCore

/// Kafka Connect's `SimpleHeaderConverter`, as far as the runtime needs it: strings as their UTF-8 bytes, bytes
/// as is, null as a null value, every other value as its schemaless JSON; read back, header values are strings.
enum HeaderConversion {
    /// Connect headers as record headers.
    static func toRecordHeaders(_ headers: ConnectHeaders) -> [RecordHeader] {
        guard !headers.isEmpty else { return [] }
        return headers.map { header in
            RecordHeader(key: header.key, bytes: bytes(of: header.value))
        }
    }

    private static let json = JsonConverter(settings: {
        var settings = JsonConverterConfig()
        settings.schemasEnabled = false
        return settings
    }())

    private static func bytes(of value: ConnectValue) -> [UInt8]? {
        switch value {
        case .null: nil
        case .string(let text): Array(text.utf8)
        case .bytes(let bytes): Array(bytes.readableBytesView)
        default: (try? json.serialize(schema: nil, value: value)) ?? Array(String(describing: value).utf8)
        }
    }

    /// Record headers as Connect headers with optional string values (bytes that are not UTF-8 stay bytes).
    static func toConnectHeaders(_ headers: [RecordHeader]) -> ConnectHeaders {
        guard !headers.isEmpty else { return ConnectHeaders() }
        return ConnectHeaders(headers.map { header in
            guard let value = header.value else {
                return ConnectHeader(key: header.key, schema: .optionalString, value: .null)
            }
            if let text = String(validating: value.readableBytesView, as: UTF8.self) {
                return ConnectHeader(key: header.key, schema: .optionalString, value: .string(text))
            }
            return ConnectHeader(key: header.key, schema: .optionalBytes, value: .bytes(value))
        })
    }
}

import ConnectAPI

/// How FileSink renders a record value as one line, like Kafka's `println(record.value())`.
enum SinkLineFormat {
    /// Appends the value's text and `\n`: strings as they are, bytes decoded as UTF-8 (invalid sequences
    /// become U+FFFD), `null` as `null`, other values in Connect's `toString` form (``ConnectValue/description``).
    static func append(_ value: ConnectValue, to buffer: inout [UInt8]) {
        switch value {
        case .string(let text):
            buffer.append(contentsOf: text.utf8)
        case .bytes:
            let bytes = value.byteArray ?? []
            buffer.append(contentsOf: String(decoding: bytes, as: UTF8.self).utf8)
        default:
            buffer.append(contentsOf: value.description.utf8)
        }
        buffer.append(0x0A)
    }
}

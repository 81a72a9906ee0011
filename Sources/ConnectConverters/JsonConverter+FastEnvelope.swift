import ConnectAPI

/// `deserialize`'s fast path for envelopes as JsonConverter writes them: `{"schema":` + the same schema bytes as
/// the previous record + `,"payload":` + a payload ``SchemaPayloadReader`` can read, then `}`.
extension JsonConverter {
    private static let head: StaticString = #"{"schema":"#
    private static let middle: StaticString = #","payload":"#

    /// The record's schema and value, or `nil` when the record is not of that shape (the caller then takes the
    /// general path, which gives the same result or the error).
    func deserializeKnownEnvelope(_ bytes: UnsafeBufferPointer<UInt8>, last: LastRawSchema.Entry) -> SchemaAndValue? {
        var reader = SchemaPayloadReader(bytes, position: 0)
        let matched = Self.head.withUTF8Buffer { reader.expect(bytes: $0) }
            && last.bytes.withUnsafeBufferPointer { reader.expect(bytes: $0) }
            && Self.middle.withUTF8Buffer { reader.expect(bytes: $0) }
        guard matched, last.gate.shouldTry() else { return nil }
        // The general parser reads the payload with its nesting at depth 1 (inside the envelope object).
        guard let value = reader.value(last.schema, depth: 1), reader.expect(UInt8(ascii: "}")),
            reader.atEndAfterWhitespace()
        else {
            last.gate.gaveUp()
            return nil
        }
        last.gate.succeeded()
        return SchemaAndValue(schema: last.schema, value: value)
    }
}

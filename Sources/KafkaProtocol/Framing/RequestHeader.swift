import NIOCore

/// A request header: v1 (api key, version, correlation id, nullable client id) and, for flexible request
/// versions, v2 (plus a tagged-field section). The client id is always a classic int16-length string.
public struct RequestHeader: Hashable, Sendable {
    public var apiKey: ApiKey
    public var apiVersion: Int16
    public var correlationId: Int32
    public var clientId: String?

    public init(apiKey: ApiKey, apiVersion: Int16, correlationId: Int32, clientId: String?) {
        self.apiKey = apiKey
        self.apiVersion = apiVersion
        self.correlationId = correlationId
        self.clientId = clientId
    }

    /// Reads the header fields common to all versions; the tagged fields of v2 are read by `skipFlexibleTags`.
    public static func read(from buffer: inout ByteBuffer) throws(KafkaProtocolError) -> RequestHeader {
        var reader = WireReader(buffer, flexible: false)
        let key = try reader.readInt16("request_api_key")
        let version = try reader.readInt16("request_api_version")
        let correlation = try reader.readInt32("correlation_id")
        let client = try reader.readNullableString("client_id")
        buffer = reader.buffer
        return RequestHeader(apiKey: ApiKey(rawValue: key), apiVersion: version, correlationId: correlation, clientId: client)
    }

    /// Skips the header's tagged fields (request header v2, used by flexible request versions).
    public static func skipFlexibleTags(from buffer: inout ByteBuffer) throws(KafkaProtocolError) {
        var reader = WireReader(buffer, flexible: true)
        try reader.skipTaggedFields()
        buffer = reader.buffer
    }

    /// Writes the header; `flexible` adds the empty tagged-field section of v2.
    public func write(into buffer: inout ByteBuffer, flexible: Bool) {
        // Written in place: a writer holding a second reference to `buffer` would copy its storage (all of a
        // frame's reserved capacity) on its first write.
        buffer.writeMultipleIntegers(apiKey.rawValue, apiVersion, correlationId)
        if let clientId {
            buffer.writeInteger(Int16(clientId.utf8.count))
            buffer.writeString(clientId)
        } else {
            buffer.writeInteger(Int16(-1))
        }
        if flexible { buffer.writeInteger(UInt8(0)) }
    }

    /// Where the correlation id sits in a written header, from its first byte.
    public static let correlationIdOffset = 4
}

/// A response header: v0 (correlation id) or v1 (plus an empty tagged-field section, flexible responses
/// except ApiVersions).
public struct ResponseHeader: Hashable, Sendable {
    public var correlationId: Int32

    public init(correlationId: Int32) { self.correlationId = correlationId }

    public func write(into buffer: inout ByteBuffer, flexible: Bool) {
        buffer.writeInteger(correlationId)
        if flexible { buffer.writeInteger(UInt8(0)) }
    }

    public static func read(from buffer: inout ByteBuffer, flexible: Bool) throws(KafkaProtocolError) -> ResponseHeader {
        var reader = WireReader(buffer, flexible: flexible)
        let correlation = try reader.readInt32("correlation_id")
        try reader.skipTaggedFields()
        buffer = reader.buffer
        return ResponseHeader(correlationId: correlation)
    }
}

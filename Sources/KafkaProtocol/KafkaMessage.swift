import NIOCore

/// The body of one API's request or response, encoded and decoded for every version it supports.
public protocol KafkaMessage: Sendable {
    /// The API this message belongs to.
    static var apiKey: ApiKey { get }
    /// Versions this codec reads and writes.
    static var versions: ClosedRange<Int16> { get }
    /// The first flexible version (compact encodings, tagged fields), or nil if none of ours is.
    static var firstFlexibleVersion: Int16? { get }

    /// Decodes the body of `version` (after the header).
    init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError)
    /// Encodes the body of `version`.
    func encode(into writer: inout WireWriter, version: Int16)
    /// About how many bytes the body of `version` encodes to, so that a frame can be reserved at once (0: small
    /// or not worth estimating; the buffer then grows as written).
    func encodedSizeHint(version: Int16) -> Int
}

extension KafkaMessage {
    /// Whether `version` uses the flexible encodings.
    public static func isFlexible(_ version: Int16) -> Bool {
        guard let first = firstFlexibleVersion else { return false }
        return version >= first
    }

    /// Decodes a whole body, checking the version and that nothing is left over.
    public static func decode(_ body: ByteBuffer, version: Int16) throws(KafkaProtocolError) -> Self {
        guard versions.contains(version) else {
            throw KafkaProtocolError(.unsupportedVersion, "\(apiKey) v\(version) (supported \(versions))")
        }
        var reader = WireReader(body, flexible: isFlexible(version))
        let message = try Self(from: &reader, version: version)
        try reader.expectEnd("\(apiKey) v\(version)")
        return message
    }

    /// Decodes a request body as Kafka's broker does: bytes after the last known field are ignored (Kafka's
    /// parsers never check for them, and clients rely on it); returns how many were left.
    public static func decodeLeniently(_ body: ByteBuffer, version: Int16) throws(KafkaProtocolError) -> (Self, Int) {
        guard versions.contains(version) else {
            throw KafkaProtocolError(.unsupportedVersion, "\(apiKey) v\(version) (supported \(versions))")
        }
        var reader = WireReader(body, flexible: isFlexible(version))
        let message = try Self(from: &reader, version: version)
        return (message, reader.remaining)
    }

    public func encodedSizeHint(version: Int16) -> Int { 0 }

    /// Encodes the body into a new buffer.
    public func encoded(version: Int16) -> ByteBuffer {
        var writer = WireWriter(flexible: Self.isFlexible(version))
        writer.buffer.reserveCapacity(encodedSizeHint(version: version))
        encode(into: &writer, version: version)
        return writer.buffer
    }
}

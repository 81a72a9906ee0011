import LogStorage
import NIOCore

/// A piece of an encoded response: bytes, or a range of a log file sent with sendfile.
public enum ResponseChunk: Sendable {
    case bytes(ByteBuffer)
    case file(LogStorage.FileRegion)

    /// Bytes this chunk puts on the wire.
    public var length: Int {
        switch self {
        case .bytes(let buffer): buffer.readableBytes
        case .file(let region): region.length
        }
    }
}

/// What a handler produced for one request: nothing (acks=0 Produce), or the body chunks after the header.
public enum HandlerOutcome: Sendable {
    /// Send no response (Produce with acks=0).
    case noResponse
    /// Send these body chunks.
    case body([ResponseChunk])
    /// Close the connection (a request Kafka also answers by closing).
    case closeConnection(reason: String)
    /// Send the body `finish` produces, in order, while later requests are already being handled.
    case deferredBody(@Sendable () async -> [ResponseChunk])
}

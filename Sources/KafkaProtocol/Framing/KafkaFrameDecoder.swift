import NIOCore

/// Splits a byte stream into Kafka frames (int32 size + payload), refusing sizes over `maxFrameBytes` before
/// reading or allocating the payload (`socket.request.max.bytes`, default 100 MiB).
public struct KafkaFrameDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    /// The largest payload accepted.
    public let maxFrameBytes: Int

    /// Creates a decoder.
    public init(maxFrameBytes: Int = 100 * 1024 * 1024) {
        self.maxFrameBytes = maxFrameBytes
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> ByteBuffer? {
        guard let size = buffer.getInteger(at: buffer.readerIndex, as: Int32.self) else { return nil }
        guard size >= 0 else { throw KafkaProtocolError(.invalidLength, "frame size \(size) is negative") }
        guard Int(size) <= maxFrameBytes else {
            throw KafkaProtocolError(.frameTooLarge, "frame of \(size) bytes exceeds the limit of \(maxFrameBytes)")
        }
        guard buffer.readableBytes >= 4 + Int(size) else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        return buffer.readSlice(length: Int(size))
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ByteBuffer? {
        try decode(buffer: &buffer)
    }
}

import LogStorage
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// The event-loop side of one client connection: hands each decoded frame to the connection's async loop and
/// pauses reading while too many requests are queued (Kafka handles one request per connection at a time).
final class KafkaConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    static let pauseAbove = 32
    static let resumeBelow = 8

    private let continuation: AsyncStream<ByteBuffer>.Continuation
    private let queued: NIOLockedValueBox<Int>
    private let logger: Logger

    init(continuation: AsyncStream<ByteBuffer>.Continuation, queued: NIOLockedValueBox<Int>, logger: Logger) {
        self.continuation = continuation
        self.queued = queued
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        let depth = queued.withLockedValue { count in
            count += 1
            return count
        }
        continuation.yield(frame)
        if depth > Self.pauseAbove { context.channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in } }
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.info("closing connection", metadata: ["reason": "\(error)"])
        continuation.finish()
        context.close(promise: nil)
    }
}

@available(*, unavailable)
extension KafkaConnectionHandler: Sendable {}

/// One accepted connection: its channel and the stream of frames its handler produces.
struct KafkaConnection: Sendable {
    let channel: any Channel
    let frames: AsyncStream<ByteBuffer>
    let queued: NIOLockedValueBox<Int>
    let clientAddress: String

    /// Takes a frame off the queue, resuming reads when the queue has drained.
    func dequeued() {
        let depth = queued.withLockedValue { count in
            count -= 1
            return count
        }
        if depth == KafkaConnectionHandler.resumeBelow {
            channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in }
        }
    }

    /// Writes response chunks in order, file ranges by sendfile. Responses made only of bytes are handed to the
    /// channel without waiting (the next request is processed meanwhile; order is kept by the channel); responses
    /// with file ranges wait until written, so the duplicated descriptors can be closed and memory stays bounded.
    func write(_ chunks: [ResponseChunk]) async throws {
        var handles: [NIOFileHandle] = []
        var last: EventLoopFuture<Void>?
        for (index, chunk) in chunks.enumerated() {
            let data: IOData
            switch chunk {
            case .bytes(let buffer):
                data = .byteBuffer(buffer)
            case .file(let region):
                let descriptor = dup(region.file.rawDescriptor)
                guard descriptor >= 0 else {
                    for handle in handles { try? handle.close() }
                    throw BrokerError.io("dup of \(region.file.path) failed: errno \(errno)")
                }
                let handle = NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: descriptor)
                handles.append(handle)
                data = .fileRegion(
                    NIOCore.FileRegion(fileHandle: handle, readerIndex: region.position, endIndex: region.position + region.length))
            }
            if index == chunks.count - 1 {
                last = channel.writeAndFlush(data)
            } else {
                channel.write(data, promise: nil)
            }
        }
        guard let last else { return }
        if handles.isEmpty {
            last.whenFailure { _ in }
            return
        }
        defer { for handle in handles { try? handle.close() } }
        try await last.get()
    }
}

#if canImport(Glibc)
import Glibc
#endif

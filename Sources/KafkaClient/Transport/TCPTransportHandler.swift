import KafkaProtocol
import NIOCore

/// One request on its way out: the frame (without size prefix) and where its response goes.
struct TCPOutboundRequest: Sendable {
    var frame: ByteBuffer
    var correlationId: Int32
    var response: KafkaResponsePromise?
}

/// Writes size-prefixed request frames and matches response frames to them in order (Kafka answers a connection's
/// requests in order), checking correlation ids; once the connection breaks every pending and later request fails.
final class TCPTransportHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = TCPOutboundRequest
    typealias OutboundOut = ByteBuffer

    private struct Pending {
        var correlationId: Int32
        var response: KafkaResponsePromise
    }

    private let broker: String
    private var pending = CircularBuffer<Pending>()
    private var broken: KafkaClientError?

    init(broker: String) {
        self.broker = broker
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let broken {
            request.response?.fail(broken)
            promise?.fail(broken)
            return
        }
        if let response = request.response {
            pending.append(Pending(correlationId: request.correlationId, response: response))
        }
        var prefix = context.channel.allocator.buffer(capacity: 4)
        prefix.writeInteger(Int32(request.frame.readableBytes))
        context.write(wrapOutboundOut(prefix), promise: nil)
        context.write(wrapOutboundOut(request.frame), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        guard let correlationId = frame.getInteger(at: frame.readerIndex, as: Int32.self) else {
            fail(context: context, "a response frame of \(frame.readableBytes) bytes has no correlation id")
            return
        }
        guard let oldest = pending.popFirst() else {
            fail(context: context, "a response with correlation id \(correlationId) arrived with no request in flight")
            return
        }
        guard oldest.correlationId == correlationId else {
            pending.prepend(oldest)
            fail(context: context, "response correlation id \(correlationId), expected \(oldest.correlationId)")
            return
        }
        oldest.response.succeed(frame)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? KafkaProtocolError, error.code == .frameTooLarge {
            fail(context: context, "response refused: \(error.message)")
        } else {
            fail(context: context, "connection failed: \(error)")
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(KafkaClientError(.connection, "the broker closed the connection", broker: broker))
        context.fireChannelInactive()
    }

    private func fail(context: ChannelHandlerContext, _ message: String) {
        failAll(KafkaClientError(.connection, message, broker: broker))
        context.close(promise: nil)
    }

    private func failAll(_ error: KafkaClientError) {
        if broken == nil { broken = error }
        let waiting = pending
        pending.removeAll()
        for request in waiting { request.response.fail(error) }
    }
}

@available(*, unavailable)
extension TCPTransportHandler: Sendable {}

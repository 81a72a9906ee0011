import KafkaProtocol
import NIOCore

/// One request on its way to the broker: the whole frame (size prefix included) and where its response goes.
struct BrokerClientRequest: Sendable {
    /// The API's name, for error messages.
    var api: String
    var correlationId: Int32
    var frame: ByteBuffer
    /// Completed with the response frame (after its size prefix); nil when the broker sends none (acks=0).
    var response: EventLoopPromise<ByteBuffer>?
}

/// Matches response frames to requests in flight by correlation id (Kafka answers in order on a connection),
/// and fails every request in flight, and all later ones, once the connection breaks.
final class BrokerClientHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = BrokerClientRequest
    typealias OutboundOut = ByteBuffer

    /// A request waiting for its response.
    private struct InFlight {
        var api: String
        var correlationId: Int32
        var promise: EventLoopPromise<ByteBuffer>
    }

    private let broker: String
    private var inFlight: [InFlight] = []
    private var inFlightStart = 0
    private var broken: BrokerClientError?

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
            inFlight.append(InFlight(api: request.api, correlationId: request.correlationId, promise: response))
        }
        context.write(wrapOutboundOut(request.frame), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        guard let correlationId = frame.getInteger(at: frame.readerIndex, as: Int32.self) else {
            fail(
                context: context,
                BrokerClientError(
                    .protocolViolation,
                    broker: broker,
                    api: nil,
                    "response frame of \(frame.readableBytes) bytes is too short for a correlation id"
                )
            )
            return
        }
        guard inFlightStart < inFlight.count else {
            fail(
                context: context,
                BrokerClientError(
                    .protocolViolation,
                    broker: broker,
                    api: nil,
                    "unexpected response with correlation id \(correlationId): no request is in flight"
                )
            )
            return
        }
        let oldest = inFlight[inFlightStart]
        guard oldest.correlationId == correlationId else {
            fail(
                context: context,
                BrokerClientError(
                    .protocolViolation,
                    broker: broker,
                    api: oldest.api,
                    "response has correlation id \(correlationId), expected \(oldest.correlationId)"
                )
            )
            return
        }
        inFlightStart += 1
        if inFlightStart == inFlight.count {
            inFlight.removeAll(keepingCapacity: true)
            inFlightStart = 0
        }
        oldest.promise.succeed(frame)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let message: String
        if let error = error as? KafkaProtocolError, error.code == .frameTooLarge {
            message = "response refused: \(error.message)"
        } else {
            message = "connection failed: \(error)"
        }
        let api = inFlightStart < inFlight.count ? inFlight[inFlightStart].api : nil
        fail(context: context, BrokerClientError(.connection, broker: broker, api: api, message))
    }

    func channelInactive(context: ChannelHandlerContext) {
        let api = inFlightStart < inFlight.count ? inFlight[inFlightStart].api : nil
        failAll(BrokerClientError(.connection, broker: broker, api: api, "the broker closed the connection"))
        context.fireChannelInactive()
    }

    /// Fails everything in flight, remembers the failure for later writes, and closes the connection.
    private func fail(context: ChannelHandlerContext, _ error: BrokerClientError) {
        failAll(error)
        context.close(promise: nil)
    }

    private func failAll(_ error: BrokerClientError) {
        if broken == nil { broken = error }
        let waiting = inFlight[inFlightStart...]
        inFlight = []
        inFlightStart = 0
        for request in waiting {
            var failure = error
            failure.api = request.api
            request.promise.fail(failure)
        }
    }
}

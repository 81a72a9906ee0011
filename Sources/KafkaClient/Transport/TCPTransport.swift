import KafkaProtocol
import NIOCore
import NIOPosix

/// Opens one TCP connection per broker with SwiftNIO (TCP_NODELAY, bounded response frames).
public struct TCPTransportFactory: KafkaTransportFactory {
    private let group: any EventLoopGroup

    /// Creates a factory using `group` (the shared NIO singleton by default).
    public init(eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.group = eventLoopGroup
    }

    public func connect(to address: BrokerAddress, options: KafkaTransportOptions) async throws -> any KafkaTransport {
        let broker = address.description
        let maxFrame = options.maxResponseBytes
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(.milliseconds(options.connectTimeoutMs))
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(KafkaFrameDecoder(maxFrameBytes: maxFrame))
                    )
                    try channel.pipeline.syncOperations.addHandler(TCPTransportHandler(broker: broker))
                }
            }
        do {
            let channel = try await bootstrap.connect(host: address.host, port: address.port).get()
            return TCPTransport(channel: channel)
        } catch {
            throw KafkaClientError(.connection, "cannot connect: \(describeConnectFailure(error))", broker: broker)
        }
    }
}

/// A `KafkaTransport` over one NIO TCP channel; requests are pipelined and matched in order.
final class TCPTransport: KafkaTransport {
    private let channel: any Channel

    init(channel: any Channel) {
        self.channel = channel
    }

    func send(_ frame: ByteBuffer, response: KafkaResponsePromise?) {
        let request = TCPOutboundRequest(frame: frame, correlationId: frame.requestCorrelationId ?? -1, response: response)
        let written = channel.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { error in
            response?.fail(KafkaClientError(.connection, "cannot send: \(error)"))
        }
        channel.writeAndFlush(request, promise: written)
    }

    var isActive: Bool { channel.isActive }

    func close() async {
        try? await channel.close()
    }
}

/// A short reason for a failed connect: the first underlying error rather than NIO's full report.
private func describeConnectFailure(_ error: any Error) -> String {
    if let error = error as? NIOConnectionError {
        if let failure = error.connectionErrors.first { return describeConnectFailure(failure.error) }
        if let dns = error.dnsAError ?? error.dnsAAAAError { return "cannot resolve \(error.host): \(dns)" }
    }
    if let error = error as? ChannelError, case .connectTimeout(let amount) = error {
        return "timed out after \(amount.nanoseconds / 1_000_000) ms"
    }
    return "\(error)"
}

import KafkaProtocol
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The Kafka listener: accepts connections, serves each one's requests strictly in order, and on graceful
/// shutdown stops accepting, lets in-flight requests finish, then closes the connections.
public final class KafkaServer: Service, Sendable {
    /// Deferred answers one connection may have outstanding before it stops reading more requests.
    static let maxDeferredPerConnection = 16

    private let host: String
    private let port: Int
    private let maxRequestBytes: Int
    private let router: RequestRouter
    private let logger: Logger
    private let connections = ConnectionRegistry()
    private let onListening: @Sendable (Int) -> Void
    private let metrics: BrokerMetrics

    /// Creates a server for `router`; `onListening` gets the bound port (useful with port 0).
    public init(
        host: String, port: Int, maxRequestBytes: Int, router: RequestRouter, metrics: BrokerMetrics = BrokerMetrics(),
        logger: Logger, onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.host = host
        self.port = port
        self.maxRequestBytes = maxRequestBytes
        self.router = router
        self.metrics = metrics
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        let maxRequestBytes = self.maxRequestBytes
        let logger = self.logger
        let server: NIOAsyncChannel<KafkaConnection, Never>
        do {
            server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .bind(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let (frames, continuation) = AsyncStream.makeStream(of: ByteBuffer.self)
                        let queued = NIOLockedValueBox(0)
                        let address = channel.remoteAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "?"
                        var connectionLogger = logger
                        connectionLogger[metadataKey: "client.address"] = "\(address)"
                        try channel.pipeline.syncOperations.addHandler(
                            ByteToMessageHandler(KafkaFrameDecoder(maxFrameBytes: maxRequestBytes)))
                        try channel.pipeline.syncOperations.addHandler(
                            KafkaConnectionHandler(continuation: continuation, queued: queued, logger: connectionLogger))
                        return KafkaConnection(channel: channel, frames: frames, queued: queued, clientAddress: address)
                    }
                }
        } catch {
            throw BrokerError.io("cannot listen on \(host):\(port): \(error)")
        }
        let boundPort = server.channel.localAddress?.port ?? port
        logger.info("broker listening", metadata: ["host": "\(host)", "port": "\(boundPort)"])
        onListening(boundPort)
        let connections = self.connections
        try await withGracefulShutdownHandler {
            try await server.executeThenClose { inbound in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in inbound {
                        group.addTask { await self.serve(connection) }
                    }
                }
            }
        } onGracefulShutdown: {
            logger.info("broker shutting down: finishing in-flight requests")
            connections.shutDown()
            server.channel.close(promise: nil)
        }
    }

    private func serve(_ connection: KafkaConnection) async {
        guard connections.add(connection.channel) else {
            try? await connection.channel.close()
            return
        }
        metrics.connectionOpened()
        defer {
            connections.remove(connection.channel)
            metrics.connectionClosed()
        }
        var logger = self.logger
        logger[metadataKey: "client.address"] = "\(connection.clientAddress)"
        // Deferred answers (acks=all produces waiting for their fsync) are written by a chain of tasks, each
        // waiting for the one before, so answers leave in request order while the next requests are handled.
        var previous: Task<Bool, Never>?
        var outstanding: [Task<Bool, Never>] = []
        for await frame in connection.frames {
            connection.dequeued()
            guard connections.beginRequest(connection.channel) else { break }
            let started = ContinuousClock.now
            let routed = await router.route(frame: frame, clientAddress: connection.clientAddress, logger: logger)
            var keepOpen = true
            switch routed {
            case .nothing:
                break
            case .respond(let chunks):
                if let before = previous, !(await before.value) {
                    keepOpen = false
                } else {
                    previous = nil
                    do {
                        try await connection.write(chunks)
                    } catch {
                        logger.debug("write failed", metadata: ["error": "\(error)"])
                        keepOpen = false
                    }
                }
            case .deferred(let finish):
                let before = previous
                let task = Task<Bool, Never> {
                    let chunks = await finish()
                    if let before, !(await before.value) { return false }
                    do {
                        try await connection.write(chunks)
                        return true
                    } catch {
                        return false
                    }
                }
                previous = task
                outstanding.append(task)
                if outstanding.count > Self.maxDeferredPerConnection {
                    let oldest = outstanding.removeFirst()
                    if !(await oldest.value) { keepOpen = false }
                }
            case .close(let reason):
                logger.info("closing connection", metadata: ["reason": "\(reason)"])
                metrics.requestFailed()
                keepOpen = false
            }
            metrics.requestServed(bytesIn: frame.readableBytes, duration: ContinuousClock.now - started)
            outstanding.removeAll { task in task.isCancelled }
            if !connections.endRequest(connection.channel) { keepOpen = false }
            if !keepOpen { break }
        }
        for task in outstanding { _ = await task.value }
        try? await connection.channel.close()
    }
}

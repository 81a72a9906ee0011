import NIOCore
import Synchronization

/// Opens transports that hand request frames to a function in this process (the embedded broker's request
/// router) instead of a socket, keeping the `KafkaTransport` contract: one transport's requests are handled one
/// after the other, in order, as a broker handles one connection's.
public struct InProcessTransportFactory: KafkaTransportFactory {
    /// What the handler does with one request.
    public enum Reply: Sendable {
        /// The response frame: response header and body, without the size prefix.
        case response(ByteBuffer)
        /// No response (Produce with acks=0).
        case none
        /// The response comes later (e.g. after an fsync); the next request is handled meanwhile.
        case deferred(@Sendable () async -> ByteBuffer)
        /// The broker closes the connection (a malformed or unsupported request).
        case close(String)
    }

    /// Handles one request frame (request header and body, without the size prefix) from the client at `client`.
    public typealias Handler = @Sendable (_ frame: ByteBuffer, _ client: String) async -> Reply

    private let handler: Handler
    private let clientAddress: String

    /// Creates a factory; `clientAddress` is what the broker sees as the peer (for logs and DescribeGroups).
    public init(clientAddress: String = "127.0.0.1:0", handler: @escaping Handler) {
        self.handler = handler
        self.clientAddress = clientAddress
    }

    public func connect(to address: BrokerAddress, options: KafkaTransportOptions) async throws -> any KafkaTransport {
        InProcessTransport(broker: address.description, client: clientAddress, handler: handler)
    }
}

/// One in-process "connection": a task takes the frames in order and hands them to the handler.
final class InProcessTransport: KafkaTransport {
    private typealias Request = (frame: ByteBuffer, response: KafkaResponsePromise?)

    private struct State {
        var open = true
        var pending: [ObjectIdentifier: KafkaResponsePromise] = [:]
    }

    private let broker: String
    private let requests: AsyncStream<Request>.Continuation
    private let state = Mutex(State())
    private let worker: Mutex<Task<Void, Never>?> = Mutex(nil)

    init(broker: String, client: String, handler: @escaping InProcessTransportFactory.Handler) {
        self.broker = broker
        let (stream, continuation) = AsyncStream.makeStream(of: Request.self)
        self.requests = continuation
        let task = Task { [weak self] in
            for await request in stream {
                let reply = await handler(request.frame, client)
                guard let self else { return }
                if !self.deliver(reply, to: request.response) { return }
            }
        }
        worker.withLock { $0 = task }
    }

    var isActive: Bool { state.withLock { $0.open } }

    func send(_ frame: ByteBuffer, response: KafkaResponsePromise?) {
        let accepted: Bool = state.withLock { state in
            guard state.open else { return false }
            if let response { state.pending[ObjectIdentifier(response)] = response }
            return true
        }
        guard accepted else {
            response?.fail(KafkaClientError(.connection, "the connection is closed", broker: broker))
            return
        }
        requests.yield((frame, response))
    }

    func close() async {
        shutDown(KafkaClientError(.connection, "the connection was closed", broker: broker))
        let task = worker.withLock { $0 }
        task?.cancel()
    }

    /// Completes `response` from `reply`; false when the broker closed the connection.
    private func deliver(_ reply: InProcessTransportFactory.Reply, to response: KafkaResponsePromise?) -> Bool {
        switch reply {
        case .response(let frame):
            complete(response) { $0.succeed(frame) }
        case .none:
            complete(response) { $0.fail(KafkaClientError(.protocolViolation, "the broker sent no response")) }
        case .deferred(let finish):
            Task {
                let frame = await finish()
                self.complete(response) { $0.succeed(frame) }
            }
        case .close(let reason):
            shutDown(KafkaClientError(.connection, "the broker closed the connection: \(reason)", broker: broker))
            return false
        }
        return true
    }

    private func complete(_ response: KafkaResponsePromise?, _ body: (KafkaResponsePromise) -> Void) {
        guard let response else { return }
        let known = state.withLock { $0.pending.removeValue(forKey: ObjectIdentifier(response)) != nil }
        if known { body(response) }
    }

    private func shutDown(_ error: KafkaClientError) {
        let waiting: [KafkaResponsePromise] = state.withLock { state in
            state.open = false
            defer { state.pending = [:] }
            return Array(state.pending.values)
        }
        requests.finish()
        for promise in waiting { promise.fail(error) }
    }
}

import NIOCore

/// A connection to one broker that carries request frames to it and response frames back.
///
/// Contract (the TCP transport and the embedded broker's in-process transport both keep it, so clients behave the
/// same over either):
/// - `frame` is one request exactly as Kafka puts it on the wire after the int32 size prefix: request header
///   (api key, version, correlation id, client id, tags for flexible versions) and body.
/// - Frames reach the broker in the order `send` is called, and the broker handles one transport's requests in
///   that order, as it does for one TCP connection (the idempotent producer relies on it).
/// - `response` is completed with the response frame (response header and body, no size prefix), or failed when
///   the connection breaks or the transport is closed. A nil `response` means the broker sends no response
///   (Produce with acks=0).
/// - `send` never blocks and never suspends; it may be called from any thread.
public protocol KafkaTransport: Sendable {
    /// Hands `frame` to the broker behind every frame sent before it; `response` receives the answer.
    func send(_ frame: ByteBuffer, response: KafkaResponsePromise?)
    /// Whether the transport can still carry requests (false once the connection broke or was closed).
    var isActive: Bool { get }
    /// Closes the transport; responses still pending fail.
    func close() async
}

/// Opens transports to brokers: over TCP by default, or in-process to an embedded broker.
public protocol KafkaTransportFactory: Sendable {
    /// Connects to the broker at `address`.
    func connect(to address: BrokerAddress, options: KafkaTransportOptions) async throws -> any KafkaTransport
}

/// Limits a transport applies to its connection.
public struct KafkaTransportOptions: Sendable, Hashable {
    /// How long connecting may take, in milliseconds (`socket.connection.setup.timeout.ms`). Default: 10000.
    public var connectTimeoutMs: Int64 = 10_000
    /// The largest response frame accepted, in bytes; larger ones break the connection. Default: 104857600 (100 MiB).
    public var maxResponseBytes: Int = 100 * 1024 * 1024

    /// Creates options with the defaults.
    public init() {}
}

extension ByteBuffer {
    /// The correlation id of the request frame (header v1/v2: api key, api version, then the correlation id).
    var requestCorrelationId: Int32? { getInteger(at: readerIndex + 4, as: Int32.self) }
}

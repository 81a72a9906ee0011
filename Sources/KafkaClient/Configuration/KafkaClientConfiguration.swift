/// Settings every Kafka client (producer, consumer, admin) shares, with Kafka's key names and defaults.
public struct KafkaClientConfiguration: Sendable {
    /// The brokers to bootstrap from (`bootstrap.servers`, comma-separated `host:port`). Default: 127.0.0.1:9092.
    public var bootstrapServers: [BrokerAddress] = [BrokerAddress(host: "127.0.0.1", port: 9092)]
    /// The id sent in every request header (`client.id`). Default: "" (each client picks its own, like Kafka's
    /// `producer-1`).
    public var clientId: String = ""
    /// How long to wait for each response, in milliseconds (`request.timeout.ms`); a request that times out closes
    /// its connection, as in Kafka's clients. Default: 30000.
    public var requestTimeoutMs: Int64 = 30_000
    /// How long to wait before retrying a failed request, in milliseconds (`retry.backoff.ms`). Default: 100.
    public var retryBackoffMs: Int64 = 100
    /// The longest backoff between retries, in milliseconds (`retry.backoff.max.ms`). Default: 1000.
    public var retryBackoffMaxMs: Int64 = 1000
    /// How old cached metadata may get before it is refreshed, in milliseconds (`metadata.max.age.ms`).
    /// Default: 300000.
    public var metadataMaxAgeMs: Int64 = 300_000
    /// How long a connection attempt may take, in milliseconds (`socket.connection.setup.timeout.ms`).
    /// Default: 10000.
    public var connectTimeoutMs: Int64 = 10_000
    /// The largest response frame accepted, in bytes (no Kafka key; bounds memory). Default: 104857600.
    public var maxResponseBytes: Int = 100 * 1024 * 1024
    /// How connections are opened: TCP by default; the embedded broker supplies an in-process factory.
    public var transportFactory: any KafkaTransportFactory = TCPTransportFactory()

    /// Creates a configuration with the defaults.
    public init() {}

    /// Creates a configuration from Kafka property keys; unknown keys are ignored (see `apply`).
    public init(properties: [String: String]) throws(KafkaClientError) {
        self.init()
        var reader = PropertyReader(properties)
        try apply(&reader)
    }

    /// The transport limits these settings imply.
    var transportOptions: KafkaTransportOptions {
        var options = KafkaTransportOptions()
        options.connectTimeoutMs = connectTimeoutMs
        options.maxResponseBytes = maxResponseBytes
        return options
    }

    mutating func apply(_ reader: inout PropertyReader) throws(KafkaClientError) {
        if let text = reader.string("bootstrap.servers") {
            guard let list = BrokerAddress.parseList(text) else {
                throw reader.invalid("bootstrap.servers", text, "expected host:port[,host:port...]")
            }
            bootstrapServers = list
        }
        if let value = reader.string("client.id") { clientId = value }
        if let value = try reader.int("request.timeout.ms", range: 1...Int64(Int32.max)) { requestTimeoutMs = value }
        if let value = try reader.int("retry.backoff.ms", range: 0...Int64(Int32.max)) { retryBackoffMs = value }
        if let value = try reader.int("retry.backoff.max.ms", range: 0...Int64(Int32.max)) {
            retryBackoffMaxMs = value
        }
        if let value = try reader.int("metadata.max.age.ms", range: 0...Int64.max) { metadataMaxAgeMs = value }
        if let value = try reader.int("socket.connection.setup.timeout.ms", range: 1...Int64(Int32.max)) {
            connectTimeoutMs = value
        }
        if let value = reader.string("security.protocol"), value.uppercased() != "PLAINTEXT" {
            throw reader.invalid("security.protocol", value, "only PLAINTEXT is supported")
        }
        // Accepted for compatibility, without effect: the transport manages its own sockets and buffers.
        for key in Self.acceptedKeys { _ = reader.string(key) }
    }

    /// Kafka keys that are accepted but have no effect here.
    static let acceptedKeys = [
        "socket.connection.setup.timeout.max.ms", "connections.max.idle.ms", "reconnect.backoff.ms",
        "reconnect.backoff.max.ms", "metrics.recording.level", "metrics.num.samples", "metrics.sample.window.ms",
        "client.dns.lookup", "send.buffer.bytes", "receive.buffer.bytes", "metric.reporters", "client.rack",
        "enable.metrics.push", "auto.include.jmx.reporter", "metadata.recovery.strategy",
    ]

    /// The entries of `properties` that start with `prefix`, with the prefix removed (Connect's `producer.*`,
    /// `consumer.*` and `admin.*` overrides).
    public static func properties(withPrefix prefix: String, in properties: [String: String]) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in properties where key.hasPrefix(prefix) {
            result[String(key.dropFirst(prefix.count))] = value
        }
        return result
    }

    /// The backoff before retry `attempt` (1-based): `retry.backoff.ms` doubling up to `retry.backoff.max.ms`.
    func backoffMs(attempt: Int) -> Int64 {
        let doublings = min(max(attempt - 1, 0), 20)
        let grown = retryBackoffMs.multipliedReportingOverflow(by: Int64(1) << doublings)
        return grown.overflow ? retryBackoffMaxMs : min(max(retryBackoffMaxMs, retryBackoffMs), grown.partialValue)
    }
}

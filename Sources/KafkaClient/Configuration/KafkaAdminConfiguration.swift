/// Admin client settings: the shared client settings plus the default operation timeout.
public struct KafkaAdminConfiguration: Sendable {
    /// Settings shared with the other clients (bootstrap servers, client id, timeouts, retry backoff).
    public var client = KafkaClientConfiguration()
    /// How long an admin operation may take, retries included, in milliseconds (`default.api.timeout.ms`).
    /// Default: 60000.
    public var defaultApiTimeoutMs: Int64 = 60_000

    /// Creates a configuration with the defaults.
    public init() {}

    /// Parses Kafka admin client properties; unknown keys are ignored.
    public init(properties: [String: String]) throws(KafkaClientError) {
        self.init()
        var reader = PropertyReader(properties)
        try client.apply(&reader)
        if let value = try reader.int("default.api.timeout.ms", range: 0...Int64(Int32.max)) {
            defaultApiTimeoutMs = value
        }
    }
}

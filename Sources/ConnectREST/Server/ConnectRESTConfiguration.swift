/// How the Kafka Connect–compatible REST listener is set up.
public struct ConnectRESTConfiguration: Hashable, Sendable {
    /// The address to bind. Default: `127.0.0.1` (loopback only, unlike Kafka Connect's all interfaces).
    public var host: String
    /// The TCP port; 0 picks a free one (see ``ConnectRESTServer/waitUntilListening()``). Default: 8083.
    public var port: Int
    /// When set, POST, PUT, PATCH and DELETE need `Authorization: Bearer <token>`; GETs stay open.
    /// Default: `nil` (no authentication).
    public var authToken: String?
    /// The largest request body accepted; larger ones are answered 413. Default: 1 MiB.
    public var maxBodyBytes: Int

    /// Creates a configuration; every parameter has the documented default.
    public init(host: String = "127.0.0.1", port: Int = 8083, authToken: String? = nil, maxBodyBytes: Int = 1 << 20) {
        self.host = host
        self.port = port
        self.authToken = authToken
        self.maxBodyBytes = maxBodyBytes
    }
}

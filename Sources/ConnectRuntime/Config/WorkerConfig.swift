/// The worker's settings, read from `worker.properties` with Kafka Connect's key names; the embedded broker's own
/// keys take a `broker.` prefix and are not read here.
public struct WorkerConfig: Sendable {
    /// Every property as given (converter and client settings are read from it by prefix).
    public var properties: [String: String]
    /// `bootstrap.servers`: a Kafka cluster to use instead of the embedded broker; `nil` means embedded.
    public var bootstrapServers: String?
    /// The REST listener's host, from `listeners` (`http://127.0.0.1:8083`).
    public var restHost: String = "127.0.0.1"
    /// The REST listener's port (0: any free port).
    public var restPort: Int = 8083
    /// `key.converter`.
    public var keyConverter = "org.apache.kafka.connect.json.JsonConverter"
    /// `value.converter`.
    public var valueConverter = "org.apache.kafka.connect.json.JsonConverter"
    /// `offset.storage.topic`.
    public var offsetStorageTopic = "connect-offsets"
    /// `offset.storage.partitions`.
    public var offsetStoragePartitions: Int32 = 25
    /// `config.storage.topic` (always one partition).
    public var configStorageTopic = "connect-configs"
    /// `status.storage.topic`.
    public var statusStorageTopic = "connect-status"
    /// `status.storage.partitions`.
    public var statusStoragePartitions: Int32 = 5
    /// `*.storage.replication.factor` (-1: the cluster's default).
    public var storageReplicationFactor: Int16 = -1
    /// `offset.flush.interval.ms`: how often source offsets and sink consumer offsets are committed.
    public var offsetFlushIntervalMs: Int64 = 60_000
    /// `offset.flush.timeout.ms`: how long a flush waits for outstanding records before giving up this round.
    public var offsetFlushTimeoutMs: Int64 = 5000
    /// `task.shutdown.graceful.timeout.ms`.
    public var taskShutdownGracefulTimeoutMs: Int64 = 5000
    /// `group.id`: reserved for the distributed mode (accepted, unused in standalone).
    public var groupId: String?
    /// `rest.auth.token`: the bearer token mutating REST calls need.
    public var restAuthToken: String?
    /// `tributary.restart.backoff.enable`: failed connectors and tasks restart by themselves.
    public var restartBackoffEnabled = true
    /// `tributary.restart.backoff.initial.ms`.
    public var restartBackoffInitialMs: Int64 = 1000
    /// `tributary.restart.backoff.max.ms`.
    public var restartBackoffMaxMs: Int64 = 60_000

    /// Defaults only (embedded broker, REST on 127.0.0.1:8083).
    public init() {
        properties = [:]
    }

    /// Parses worker properties.
    /// - Throws: ``RuntimeError`` naming the key and the bad value.
    public init(properties: [String: String]) throws {
        self.properties = properties
        if let value = properties["bootstrap.servers"]?.trimmed, !value.isEmpty { bootstrapServers = value }
        if let value = properties["listeners"]?.trimmed, !value.isEmpty {
            let first = value.split(separator: ",").first.map { String($0).trimmed } ?? value
            let (host, port) = try Self.parseListener(first)
            restHost = host
            restPort = port
        }
        if let value = properties["key.converter"]?.trimmed, !value.isEmpty { keyConverter = value }
        if let value = properties["value.converter"]?.trimmed, !value.isEmpty { valueConverter = value }
        if let value = properties["offset.storage.topic"]?.trimmed, !value.isEmpty { offsetStorageTopic = value }
        if let value = properties["config.storage.topic"]?.trimmed, !value.isEmpty { configStorageTopic = value }
        if let value = properties["status.storage.topic"]?.trimmed, !value.isEmpty { statusStorageTopic = value }
        offsetStoragePartitions = Int32(try Self.int(properties, "offset.storage.partitions", 1...100_000) ?? 25)
        statusStoragePartitions = Int32(try Self.int(properties, "status.storage.partitions", 1...100_000) ?? 5)
        if let factor = try Self.int(properties, "offset.storage.replication.factor", -1...Int64(Int16.max)) {
            storageReplicationFactor = Int16(factor)
        }
        offsetFlushIntervalMs = try Self.int(properties, "offset.flush.interval.ms", 1...Int64(Int32.max)) ?? 60_000
        offsetFlushTimeoutMs = try Self.int(properties, "offset.flush.timeout.ms", 1...Int64(Int32.max)) ?? 5000
        taskShutdownGracefulTimeoutMs =
            try Self.int(properties, "task.shutdown.graceful.timeout.ms", 0...Int64(Int32.max)) ?? 5000
        groupId = properties["group.id"]
        if let token = properties["rest.auth.token"]?.trimmed, !token.isEmpty { restAuthToken = token }
        if let value = properties["tributary.restart.backoff.enable"]?.trimmed.lowercased() {
            guard value == "true" || value == "false" else {
                throw RuntimeError("Invalid value \(value) for configuration tributary.restart.backoff.enable: "
                    + "Expected value to be either true or false")
            }
            restartBackoffEnabled = value == "true"
        }
        restartBackoffInitialMs =
            try Self.int(properties, "tributary.restart.backoff.initial.ms", 1...Int64(Int32.max)) ?? 1000
        restartBackoffMaxMs = try Self.int(properties, "tributary.restart.backoff.max.ms", 1...Int64(Int32.max)) ?? 60_000
        restartBackoffMaxMs = max(restartBackoffMaxMs, restartBackoffInitialMs)
    }

    /// The worker id shown in statuses: the REST listener's `host:port`.
    public var workerId: String { "\(restHost):\(restPort)" }

    /// Client settings for the internal producers, consumers and admin: the worker's top-level client keys.
    public var clientProperties: [String: String] {
        var result: [String: String] = [:]
        for key in ["client.id", "request.timeout.ms", "retry.backoff.ms", "retry.backoff.max.ms", "metadata.max.age.ms"] {
            if let value = properties[key] { result[key] = value }
        }
        if let bootstrapServers { result["bootstrap.servers"] = bootstrapServers }
        return result
    }

    static func parseListener(_ text: String) throws -> (String, Int) {
        var rest = Substring(text)
        if rest.hasPrefix("http://") {
            rest = rest.dropFirst("http://".count)
        } else if rest.contains("://") {
            throw RuntimeError("Invalid value \(text) for configuration listeners: only http:// listeners are supported")
        }
        guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]),
            (0...65535).contains(port)
        else {
            throw RuntimeError("Invalid value \(text) for configuration listeners: expected http://host:port")
        }
        var host = String(rest[..<colon])
        if host.isEmpty { host = "127.0.0.1" }  // Kafka binds every interface here; we stay on loopback
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host, port)
    }

    static func int(_ properties: [String: String], _ key: String, _ range: ClosedRange<Int64>) throws -> Int64? {
        guard let text = properties[key]?.trimmed else { return nil }
        guard let value = Int64(text) else {
            throw RuntimeError("Invalid value \(text) for configuration \(key): Not a number of type LONG")
        }
        guard range.contains(value) else {
            throw RuntimeError(
                "Invalid value \(value) for configuration \(key): Value must be in \(range.lowerBound)...\(range.upperBound)"
            )
        }
        return value
    }
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while let first = s.first, first.isWhitespace { s.removeFirst() }
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return String(s)
    }
}

import Foundation
import LogStorage

/// The broker's settings, parsed once from Kafka's broker keys (`listeners`, `log.dirs`, `log.*` topic defaults…).
public struct BrokerConfiguration: Sendable {
    /// Host and port to listen on (`listeners=PLAINTEXT://127.0.0.1:9092`).
    public var host = "127.0.0.1"
    public var port = 9092
    /// Host and port given to clients in Metadata (`advertised.listeners`, defaults to the listener).
    public var advertisedHost: String?
    public var advertisedPort: Int?
    /// The data directory (`log.dirs`; the first one when several are listed).
    public var logDirectory = "data"
    /// Partitions of auto-created topics and CreateTopics with -1 (`num.partitions`, default 1).
    public var numPartitions: Int32 = 1
    /// Whether Metadata for an unknown topic creates it (`auto.create.topics.enable`, default true).
    public var autoCreateTopics = true
    /// `default.replication.factor`: accepted as 1 only (one node).
    public var defaultReplicationFactor: Int16 = 1
    /// `group.initial.rebalance.delay.ms`, default 3000.
    public var groupInitialRebalanceDelayMs: Int64 = 3000
    /// `offsets.topic.num.partitions`, default 50.
    public var offsetsTopicPartitions: Int32 = 50
    /// `socket.request.max.bytes`, default 100 MiB.
    public var maxRequestBytes = 100 * 1024 * 1024
    /// `node.id` / `broker.id`, default 0.
    public var nodeId: Int32 = 0
    /// The cluster id reported in Metadata.
    public var clusterId = "tributary-cluster"
    /// Topic defaults from the `log.*` keys (`log.segment.bytes` → `segment.bytes`, …).
    public var topicDefaults = LogConfig()
    /// `log.retention.check.interval.ms`, `log.cleaner.backoff.ms`, `log.flush.offset.checkpoint.interval.ms`.
    public var retentionCheckIntervalMs: Int64 = 300_000
    public var cleanerBackoffMs: Int64 = 15_000
    public var checkpointIntervalMs: Int64 = 60_000

    /// Kafka's defaults.
    public init() {}

    /// The advertised host, or the listener's.
    public var effectiveAdvertisedHost: String { advertisedHost ?? host }
    /// The advertised port, or the listener's.
    public var effectiveAdvertisedPort: Int { advertisedPort ?? port }

    /// Broker `log.*` keys and the topic keys they set.
    static let logKeys: [String: String] = [
        "log.segment.bytes": "segment.bytes", "log.roll.ms": "segment.ms", "log.index.size.max.bytes": "segment.index.bytes",
        "log.retention.bytes": "retention.bytes", "log.cleanup.policy": "cleanup.policy",
        "log.cleaner.delete.retention.ms": "delete.retention.ms",
        "log.cleaner.min.compaction.lag.ms": "min.compaction.lag.ms",
        "log.cleaner.max.compaction.lag.ms": "max.compaction.lag.ms",
        "log.cleaner.min.cleanable.ratio": "min.cleanable.dirty.ratio", "message.max.bytes": "max.message.bytes",
        "log.message.timestamp.type": "message.timestamp.type", "log.index.interval.bytes": "index.interval.bytes",
        "log.flush.interval.messages": "flush.messages", "log.flush.interval.ms": "flush.ms",
    ]

    /// Parses Kafka broker properties; unknown keys are returned so the caller can warn about them.
    public init(properties: [String: String]) throws(BrokerConfigurationError) {
        self.init()
        _ = try apply(properties)
    }

    /// Applies properties, returning the keys it did not recognise.
    @discardableResult
    public mutating func apply(_ properties: [String: String]) throws(BrokerConfigurationError) -> [String] {
        var unknown: [String] = []
        var topicOverrides: [String: String] = [:]
        var retention: [Int: Int64] = [:]
        for (key, raw) in properties.sorted(by: { $0.key < $1.key }) {
            let value = raw.trimmingCharacters()
            switch key {
            case "listeners":
                (host, port) = try Self.listener(key, value)
            case "advertised.listeners":
                let (advertised, advertisedPort) = try Self.listener(key, value)
                self.advertisedHost = advertised
                self.advertisedPort = advertisedPort
            case "log.dirs", "log.dir":
                guard let first = value.split(separator: ",").first, !first.isEmpty else {
                    throw BrokerConfigurationError(key: key, value: raw, reason: "must name a directory")
                }
                logDirectory = String(first)
            case "num.partitions": numPartitions = try Self.int32(key, value, atLeast: 1)
            case "auto.create.topics.enable": autoCreateTopics = try Self.bool(key, value)
            case "default.replication.factor", "offsets.topic.replication.factor":
                guard value == "1" else {
                    throw BrokerConfigurationError(key: key, value: raw, reason: "this broker is one node: only 1 is possible")
                }
            case "group.initial.rebalance.delay.ms": groupInitialRebalanceDelayMs = try Self.int64(key, value, atLeast: 0)
            case "offsets.topic.num.partitions": offsetsTopicPartitions = try Self.int32(key, value, atLeast: 1)
            case "socket.request.max.bytes": maxRequestBytes = Int(try Self.int32(key, value, atLeast: 1024))
            case "node.id", "broker.id": nodeId = try Self.int32(key, value, atLeast: 0)
            case "cluster.id": clusterId = value
            case "log.retention.check.interval.ms": retentionCheckIntervalMs = try Self.int64(key, value, atLeast: 1)
            case "log.cleaner.backoff.ms": cleanerBackoffMs = try Self.int64(key, value, atLeast: 1)
            case "log.flush.offset.checkpoint.interval.ms": checkpointIntervalMs = try Self.int64(key, value, atLeast: 1)
            case "log.retention.ms": retention[3] = try Self.int64(key, value, atLeast: -1)
            case "log.retention.minutes": retention[2] = try Self.int64(key, value, atLeast: -1) * 60_000
            case "log.retention.hours": retention[1] = try Self.int64(key, value, atLeast: -1) * 3_600_000
            case "log.roll.hours":
                let hours = try Self.int64(key, value, atLeast: 1)
                if topicOverrides["segment.ms"] == nil { topicOverrides["segment.ms"] = String(hours * 3_600_000) }
            default:
                if let topicKey = Self.logKeys[key] {
                    topicOverrides[topicKey] = value
                } else {
                    unknown.append(key)
                }
            }
        }
        // Kafka's precedence: log.retention.ms over .minutes over .hours.
        if let (_, ms) = retention.max(by: { $0.key < $1.key }) { topicOverrides["retention.ms"] = String(ms < 0 ? -1 : ms) }
        do {
            topicDefaults = try topicDefaults.applying(topicOverrides)
        } catch {
            throw BrokerConfigurationError(key: "log.*", value: "", reason: error.message)
        }
        return unknown
    }

    private static func listener(_ key: String, _ value: String) throws(BrokerConfigurationError) -> (String, Int) {
        guard let first = value.split(separator: ",").first else {
            throw BrokerConfigurationError(key: key, value: value, reason: "expected PLAINTEXT://host:port")
        }
        var address = String(first)
        let parts = address.components(separatedBy: "://")
        if parts.count == 2 {
            guard parts[0] == "PLAINTEXT" else {
                throw BrokerConfigurationError(key: key, value: value, reason: "only PLAINTEXT listeners are supported")
            }
            address = parts[1]
        }
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
            (0...65535).contains(port)
        else {
            throw BrokerConfigurationError(key: key, value: value, reason: "expected PLAINTEXT://host:port")
        }
        var host = String(address[..<colon])
        if host.isEmpty { host = "127.0.0.1" }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host, port)
    }

    private static func int64(_ key: String, _ value: String, atLeast minimum: Int64) throws(BrokerConfigurationError) -> Int64 {
        guard let number = Int64(value), number >= minimum else {
            throw BrokerConfigurationError(key: key, value: value, reason: "must be an integer ≥ \(minimum)")
        }
        return number
    }

    private static func int32(_ key: String, _ value: String, atLeast minimum: Int32) throws(BrokerConfigurationError) -> Int32 {
        guard let number = Int32(value), number >= minimum else {
            throw BrokerConfigurationError(key: key, value: value, reason: "must be an integer ≥ \(minimum)")
        }
        return number
    }

    private static func bool(_ key: String, _ value: String) throws(BrokerConfigurationError) -> Bool {
        switch value.lowercased() {
        case "true": return true
        case "false": return false
        default: throw BrokerConfigurationError(key: key, value: value, reason: "must be true or false")
        }
    }
}

/// A broker property with a value that cannot be used, naming the key, the value and why.
public struct BrokerConfigurationError: Error, CustomStringConvertible, Sendable {
    public var key: String
    public var value: String
    public var reason: String

    public var description: String { "invalid broker config \(key)=\(value): \(reason)" }
}

extension String {
    func trimmingCharacters() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}

/// Consumer settings with Kafka's key names and the Java consumer's defaults.
public struct KafkaConsumerConfiguration: Sendable {
    /// Where a partition without a valid position starts (`auto.offset.reset`).
    public struct AutoOffsetReset: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case earliest, latest, none
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The log start offset.
        public static let earliest = AutoOffsetReset(.earliest)
        /// The end of the log (the high watermark, or the last stable offset for read_committed).
        public static let latest = AutoOffsetReset(.latest)
        /// No reset: `poll` throws `.noOffset`.
        public static let none = AutoOffsetReset(.none)

        /// Parses `earliest`, `latest` or `none` (and librdkafka's `smallest`/`beginning`, `largest`/`end`).
        public init?(name: String) {
            switch name.lowercased() {
            case "earliest", "smallest", "beginning": self = .earliest
            case "latest", "largest", "end": self = .latest
            case "none", "error": self = .none
            default: return nil
            }
        }

        public var description: String { base.rawValue }
    }

    /// Which records a fetch returns (`isolation.level`).
    public struct IsolationLevel: Hashable, Sendable, CustomStringConvertible {
        /// The wire value: 0 read_uncommitted, 1 read_committed.
        public var rawValue: Int8
        private init(_ rawValue: Int8) { self.rawValue = rawValue }

        /// Every record up to the high watermark.
        public static let readUncommitted = IsolationLevel(0)
        /// Only records below the last stable offset, without aborted transactions.
        public static let readCommitted = IsolationLevel(1)

        public var description: String { rawValue == 0 ? "read_uncommitted" : "read_committed" }
    }

    /// Settings shared with the other clients (bootstrap servers, client id, timeouts, retry backoff).
    public var client = KafkaClientConfiguration()
    /// The consumer group (`group.id`); nil for a consumer that only uses `assign`. Default: nil.
    public var groupId: String?
    /// A static member id (`group.instance.id`, KIP-345). Default: nil.
    public var groupInstanceId: String?
    /// Where to start without a committed offset, or after OFFSET_OUT_OF_RANGE (`auto.offset.reset`).
    /// Default: latest.
    public var autoOffsetReset: AutoOffsetReset = .latest
    /// Whether positions are committed periodically from `poll` and before a rebalance (`enable.auto.commit`).
    /// Default: true (only with a `group.id`).
    public var enableAutoCommit = true
    /// How often positions are auto-committed, in milliseconds (`auto.commit.interval.ms`). Default: 5000.
    public var autoCommitIntervalMs: Int64 = 5000
    /// How long the coordinator waits for a heartbeat before removing the member, in milliseconds
    /// (`session.timeout.ms`). Default: 45000.
    public var sessionTimeoutMs: Int32 = 45_000
    /// How often heartbeats are sent, in milliseconds (`heartbeat.interval.ms`). Default: 3000.
    public var heartbeatIntervalMs: Int64 = 3000
    /// The longest time between `poll` calls before the member leaves the group; also the rebalance timeout sent in
    /// JoinGroup, in milliseconds (`max.poll.interval.ms`). Default: 300000.
    public var maxPollIntervalMs: Int32 = 300_000
    /// The most records one `poll` returns (`max.poll.records`). Default: 500.
    public var maxPollRecords = 500
    /// The fewest bytes a fetch waits for (`fetch.min.bytes`). Default: 1.
    public var fetchMinBytes: Int32 = 1
    /// The longest a fetch waits for `fetch.min.bytes`, in milliseconds (`fetch.max.wait.ms`). Default: 500.
    public var fetchMaxWaitMs: Int32 = 500
    /// The most bytes one fetch response should hold (`fetch.max.bytes`). Default: 52428800.
    public var fetchMaxBytes: Int32 = 52_428_800
    /// The most bytes per partition in a fetch (`max.partition.fetch.bytes`); a larger first batch is still
    /// returned whole. Default: 1048576.
    public var maxPartitionFetchBytes: Int32 = 1_048_576
    /// Which records fetches return (`isolation.level`). Default: read_uncommitted.
    public var isolationLevel: IsolationLevel = .readUncommitted
    /// The assignors offered when joining, in order of preference (`partition.assignment.strategy`: range,
    /// roundrobin, or Kafka's class names for them). Default: [range]. (Java 3.x also offers cooperative-sticky,
    /// which this client does not implement.)
    public var partitionAssignmentStrategy: [AssignmentStrategy] = [.range]
    /// Whether CRC-32C of fetched batches is checked (`check.crcs`). Default: true.
    public var checkCRCs = true
    /// Whether subscribing asks the broker to create missing topics (`allow.auto.create.topics`). Default: true.
    public var allowAutoCreateTopics = true
    /// How long blocking calls such as `commit`, `committed` and `position` may take, in milliseconds
    /// (`default.api.timeout.ms`). Default: 60000.
    public var defaultApiTimeoutMs: Int64 = 60_000

    /// Creates a configuration with the defaults.
    public init() {}

    /// Parses Kafka consumer properties (`group.id`, `auto.offset.reset`, …); keys that are not consumer keys are
    /// ignored. Throws for invalid values.
    public init(properties: [String: String]) throws(KafkaClientError) {
        self.init()
        _ = try apply(properties)
    }

    /// Applies Kafka consumer properties on top of the current values; returns the keys it did not know.
    @discardableResult
    public mutating func apply(_ properties: [String: String]) throws(KafkaClientError) -> [String] {
        var reader = PropertyReader(properties)
        try client.apply(&reader)
        if let value = reader.string("group.id") { groupId = value.isEmpty ? nil : value }
        if let value = reader.string("group.instance.id") { groupInstanceId = value.isEmpty ? nil : value }
        if let text = reader.string("auto.offset.reset") {
            guard let reset = AutoOffsetReset(name: text) else {
                throw reader.invalid("auto.offset.reset", text, "expected earliest, latest or none")
            }
            autoOffsetReset = reset
        }
        if let value = try reader.bool("enable.auto.commit") { enableAutoCommit = value }
        if let value = try reader.int("auto.commit.interval.ms", range: 0...Int64(Int32.max)) {
            autoCommitIntervalMs = value
        }
        if let value = try reader.int32("session.timeout.ms", range: 1...Int32.max) { sessionTimeoutMs = value }
        if let value = try reader.int("heartbeat.interval.ms", range: 1...Int64(Int32.max)) {
            heartbeatIntervalMs = value
        }
        if let value = try reader.int32("max.poll.interval.ms", range: 1...Int32.max) { maxPollIntervalMs = value }
        if let value = try reader.int("max.poll.records", range: 1...Int64(Int32.max)) { maxPollRecords = Int(value) }
        if let value = try reader.int32("fetch.min.bytes", range: 0...Int32.max) { fetchMinBytes = value }
        if let value = try reader.int32("fetch.max.wait.ms", range: 0...Int32.max) { fetchMaxWaitMs = value }
        if let value = try reader.int32("fetch.max.bytes", range: 0...Int32.max) { fetchMaxBytes = value }
        if let value = try reader.int32("max.partition.fetch.bytes", range: 0...Int32.max) {
            maxPartitionFetchBytes = value
        }
        if let text = reader.string("isolation.level") {
            switch text.lowercased() {
            case "read_uncommitted": isolationLevel = .readUncommitted
            case "read_committed": isolationLevel = .readCommitted
            default: throw reader.invalid("isolation.level", text, "expected read_uncommitted or read_committed")
            }
        }
        if let names = reader.list("partition.assignment.strategy") {
            var strategies: [AssignmentStrategy] = []
            for name in names {
                guard let strategy = AssignmentStrategy(name: name) else {
                    throw reader.invalid("partition.assignment.strategy", name, "expected range or roundrobin")
                }
                if !strategies.contains(strategy) { strategies.append(strategy) }
            }
            guard !strategies.isEmpty else {
                throw reader.invalid("partition.assignment.strategy", "", "at least one assignor is needed")
            }
            partitionAssignmentStrategy = strategies
        }
        if let value = try reader.bool("check.crcs") { checkCRCs = value }
        if let value = try reader.bool("allow.auto.create.topics") { allowAutoCreateTopics = value }
        if let value = try reader.int("default.api.timeout.ms", range: 0...Int64(Int32.max)) {
            defaultApiTimeoutMs = value
        }
        for key in Self.acceptedKeys { _ = reader.string(key) }
        guard heartbeatIntervalMs < Int64(sessionTimeoutMs) else {
            throw KafkaClientError(.configuration, "heartbeat.interval.ms must be lower than session.timeout.ms")
        }
        return reader.unusedKeys
    }

    /// Consumer keys accepted for compatibility without effect.
    static let acceptedKeys = [
        "key.deserializer", "value.deserializer", "exclude.internal.topics", "interceptor.classes",
        "group.protocol", "group.remote.assignor", "client.rack", "enable.partition.eof",
    ]
}

/// A client-side partition assignor of the classic consumer protocol.
public struct AssignmentStrategy: Hashable, Sendable, CustomStringConvertible {
    /// The protocol name sent in JoinGroup (`range`, `roundrobin`).
    public var name: String
    private init(_ name: String) { self.name = name }

    /// Kafka's RangeAssignor: per topic, consecutive partition ranges to members sorted by id.
    public static let range = AssignmentStrategy("range")
    /// Kafka's RoundRobinAssignor: all partitions dealt to members in turn.
    public static let roundRobin = AssignmentStrategy("roundrobin")

    /// Parses `range`, `roundrobin`, or Kafka's assignor class names.
    public init?(name: String) {
        switch name.lowercased() {
        case "range", "org.apache.kafka.clients.consumer.rangeassignor": self = .range
        case "roundrobin", "org.apache.kafka.clients.consumer.roundrobinassignor": self = .roundRobin
        default: return nil
        }
    }

    public var description: String { name }
}

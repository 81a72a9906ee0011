/// A topic to create: name, partition count, replication factor (-1: the broker's defaults) and topic configs.
public struct NewTopic: Hashable, Sendable {
    /// The topic name.
    public var name: String
    /// The partition count, or -1 for the broker's `num.partitions`.
    public var numPartitions: Int32
    /// The replication factor, or -1 for the broker's `default.replication.factor`.
    public var replicationFactor: Int16
    /// Topic configs such as `cleanup.policy` or `retention.ms`.
    public var configs: [String: String]

    /// Creates a topic description.
    public init(name: String, numPartitions: Int32 = -1, replicationFactor: Int16 = -1, configs: [String: String] = [:]) {
        self.name = name
        self.numPartitions = numPartitions
        self.replicationFactor = replicationFactor
        self.configs = configs
    }
}

/// A topic and its partitions as the cluster describes them.
public struct TopicDescription: Hashable, Sendable {
    /// One partition's leadership and replicas.
    public struct Partition: Hashable, Sendable {
        /// The partition index.
        public var partition: Int32
        /// The leader's node id, or -1.
        public var leader: Int32
        /// The nodes holding replicas.
        public var replicas: [Int32]
        /// The nodes in sync with the leader.
        public var isr: [Int32]
    }

    /// The topic name.
    public var name: String
    /// Whether the topic is internal (e.g. `__consumer_offsets`).
    public var isInternal: Bool
    /// The partitions, by index.
    public var partitions: [Partition]
}

/// One config of a topic or broker as DescribeConfigs reports it.
public struct ConfigEntry: Hashable, Sendable {
    /// Where a config value comes from (Kafka's `ConfigSource`).
    public struct Source: Hashable, Sendable, CustomStringConvertible {
        /// The wire value.
        public var rawValue: Int8
        /// Creates a source from its wire value.
        public init(rawValue: Int8) { self.rawValue = rawValue }

        /// Unknown.
        public static let unknown = Source(rawValue: -1)
        /// Set on the topic.
        public static let dynamicTopicConfig = Source(rawValue: 1)
        /// Set dynamically for the broker.
        public static let dynamicBrokerConfig = Source(rawValue: 2)
        /// Set dynamically as the default for all brokers.
        public static let dynamicDefaultBrokerConfig = Source(rawValue: 3)
        /// From the broker's configuration file.
        public static let staticBrokerConfig = Source(rawValue: 4)
        /// Kafka's default.
        public static let defaultConfig = Source(rawValue: 5)

        public var description: String {
            switch rawValue {
            case 1: "DYNAMIC_TOPIC_CONFIG"
            case 2: "DYNAMIC_BROKER_CONFIG"
            case 3: "DYNAMIC_DEFAULT_BROKER_CONFIG"
            case 4: "STATIC_BROKER_CONFIG"
            case 5: "DEFAULT_CONFIG"
            case 6: "DYNAMIC_BROKER_LOGGER_CONFIG"
            default: "UNKNOWN"
            }
        }
    }

    /// The config name.
    public var name: String
    /// The value, or nil (sensitive configs).
    public var value: String?
    /// Where the value comes from.
    public var source: Source
    /// Whether the config cannot be changed.
    public var isReadOnly: Bool
    /// Whether the value is sensitive (hidden).
    public var isSensitive: Bool

    /// Whether the value is Kafka's default (not set on the topic or broker).
    public var isDefault: Bool { source == .defaultConfig }
}

/// The cluster as Metadata describes it.
public struct ClusterDescription: Hashable, Sendable {
    /// The cluster id, if the broker reports one.
    public var clusterId: String?
    /// The controller's node id, or -1.
    public var controllerId: Int32
    /// The brokers by node id.
    public var nodes: [Int32: BrokerAddress]
}

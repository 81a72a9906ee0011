/// CreateTopics request (key 19), v0–v7 (flexible from v5): topics to create, with partition counts, replication
/// factors, manual assignments and configs. v1+ carries `validateOnly`; v4+ allows -1 for broker defaults.
public struct CreateTopicsRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.createTopics
    public static let versions: ClosedRange<Int16> = 0...7
    public static let firstFlexibleVersion: Int16? = 5

    /// One partition's manual replica assignment.
    public struct Assignment: Hashable, Sendable {
        /// The partition index.
        public var partitionIndex: Int32
        /// The brokers to place the partition on.
        public var brokerIds: [Int32]

        public init(partitionIndex: Int32, brokerIds: [Int32]) {
            self.partitionIndex = partitionIndex
            self.brokerIds = brokerIds
        }
    }

    /// One custom topic config to set at creation.
    public struct Config: Hashable, Sendable {
        /// The configuration name.
        public var name: String
        /// The configuration value (nullable).
        public var value: String?

        public init(name: String, value: String?) {
            self.name = name
            self.value = value
        }
    }

    /// One topic to create.
    public struct Topic: Hashable, Sendable {
        /// The topic name.
        public var name: String
        /// The number of partitions, or -1 for a manual assignment or the broker default.
        public var numPartitions: Int32
        /// The replication factor, or -1 for a manual assignment or the broker default.
        public var replicationFactor: Int16
        /// The manual partition assignment, or empty for automatic assignment.
        public var assignments: [Assignment]
        /// The custom topic configs.
        public var configs: [Config]

        public init(
            name: String, numPartitions: Int32 = -1, replicationFactor: Int16 = -1,
            assignments: [Assignment] = [], configs: [Config] = []
        ) {
            self.name = name
            self.numPartitions = numPartitions
            self.replicationFactor = replicationFactor
            self.assignments = assignments
            self.configs = configs
        }
    }

    /// The topics to create.
    public var topics: [Topic]
    /// How long to wait in ms before timing out the request.
    public var timeoutMs: Int32
    /// Check that the topics can be created, but create nothing (v1+; false before).
    public var validateOnly: Bool

    public init(topics: [Topic], timeoutMs: Int32 = 60000, validateOnly: Bool = false) {
        self.topics = topics
        self.timeoutMs = timeoutMs
        self.validateOnly = validateOnly
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        let flexible = reader.flexible
        // name, int32, int16, two arrays (+ tags): 16 classic / 10 flexible bytes at least.
        topics = try reader.readArray("Topics", minimumElementSize: flexible ? 10 : 16) {
            (r: inout WireReader) throws(KafkaProtocolError) in
            let name = try r.readString("Name")
            let numPartitions = try r.readInt32("NumPartitions")
            let replicationFactor = try r.readInt16("ReplicationFactor")
            let assignments = try r.readArray("Assignments", minimumElementSize: flexible ? 6 : 8) {
                (a: inout WireReader) throws(KafkaProtocolError) in
                let partitionIndex = try a.readInt32("PartitionIndex")
                let brokerIds = try a.readArray("BrokerIds", minimumElementSize: 4) {
                    (b: inout WireReader) throws(KafkaProtocolError) in try b.readInt32("BrokerId")
                }
                try a.skipTaggedFields()
                return Assignment(partitionIndex: partitionIndex, brokerIds: brokerIds)
            }
            let configs = try r.readArray("Configs", minimumElementSize: flexible ? 3 : 4) {
                (c: inout WireReader) throws(KafkaProtocolError) in
                let name = try c.readString("Name")
                let value = try c.readNullableString("Value")
                try c.skipTaggedFields()
                return Config(name: name, value: value)
            }
            try r.skipTaggedFields()
            return Topic(
                name: name, numPartitions: numPartitions, replicationFactor: replicationFactor,
                assignments: assignments, configs: configs)
        }
        timeoutMs = try reader.readInt32("TimeoutMs")
        validateOnly = version >= 1 ? try reader.readBool("ValidateOnly") : false
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeArray(topics) { w, topic in
            w.writeString(topic.name)
            w.writeInt32(topic.numPartitions)
            w.writeInt16(topic.replicationFactor)
            w.writeArray(topic.assignments) { a, assignment in
                a.writeInt32(assignment.partitionIndex)
                a.writeArray(assignment.brokerIds) { b, id in b.writeInt32(id) }
                a.writeEmptyTaggedFields()
            }
            w.writeArray(topic.configs) { c, config in
                c.writeString(config.name)
                c.writeNullableString(config.value)
                c.writeEmptyTaggedFields()
            }
            w.writeEmptyTaggedFields()
        }
        writer.writeInt32(timeoutMs)
        if version >= 1 { writer.writeBool(validateOnly) }
        writer.writeEmptyTaggedFields()
    }
}

/// CreateTopics response, v0–v7: per-topic results; v1+ error message, v2+ throttle time, v5+ the created topic's
/// partitions, replication factor and configs, v7+ its topic id.
public struct CreateTopicsResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.createTopics
    public static let versions: ClosedRange<Int16> = 0...7
    public static let firstFlexibleVersion: Int16? = 5

    /// One config of a created topic (v5+).
    public struct Config: Hashable, Sendable {
        /// The configuration name.
        public var name: String
        /// The configuration value (nullable).
        public var value: String?
        /// Whether the config is read-only.
        public var readOnly: Bool
        /// The config source (DescribeConfigs' numbering), -1 if unknown.
        public var configSource: Int8
        /// Whether the config is sensitive.
        public var isSensitive: Bool

        public init(
            name: String, value: String?, readOnly: Bool = false, configSource: Int8 = -1, isSensitive: Bool = false
        ) {
            self.name = name
            self.value = value
            self.readOnly = readOnly
            self.configSource = configSource
            self.isSensitive = isSensitive
        }
    }

    /// The result for one topic.
    ///
    /// The schema's `TopicConfigErrorCode` (v5+) is a tagged field (tag 0): skipped on read, never written.
    public struct Topic: Hashable, Sendable {
        /// The topic name.
        public var name: String
        /// The new topic's id (v7+; zero before).
        public var topicId: KafkaUUID
        public var errorCode: KafkaErrorCode
        /// The error message, or nil if there was no error (v1+; nil before).
        public var errorMessage: String?
        /// The topic's partition count (v5+; -1 before).
        public var numPartitions: Int32
        /// The topic's replication factor (v5+; -1 before).
        public var replicationFactor: Int16
        /// The topic's configs, or nil if they are not returned (v5+; nil before).
        public var configs: [Config]?

        public init(
            name: String, topicId: KafkaUUID = .zero, errorCode: KafkaErrorCode = .none, errorMessage: String? = nil,
            numPartitions: Int32 = -1, replicationFactor: Int16 = -1, configs: [Config]? = nil
        ) {
            self.name = name
            self.topicId = topicId
            self.errorCode = errorCode
            self.errorMessage = errorMessage
            self.numPartitions = numPartitions
            self.replicationFactor = replicationFactor
            self.configs = configs
        }
    }

    /// Throttle time in ms (v2+; 0 before).
    public var throttleTimeMs: Int32
    /// Results for each topic.
    public var topics: [Topic]

    public init(throttleTimeMs: Int32 = 0, topics: [Topic]) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        let flexible = reader.flexible
        throttleTimeMs = version >= 2 ? try reader.readInt32("ThrottleTimeMs") : 0
        // name + error code at least (v0 classic); v5+ also message, partitions, RF, configs and tags.
        topics = try reader.readArray("Topics", minimumElementSize: flexible ? 12 : 4) {
            (r: inout WireReader) throws(KafkaProtocolError) in
            let name = try r.readString("Name")
            let topicId = version >= 7 ? try r.readUUID("TopicId") : .zero
            let errorCode = KafkaErrorCode(rawValue: try r.readInt16("ErrorCode"))
            let errorMessage = version >= 1 ? try r.readNullableString("ErrorMessage") : nil
            var numPartitions: Int32 = -1
            var replicationFactor: Int16 = -1
            var configs: [Config]? = nil
            if version >= 5 {
                numPartitions = try r.readInt32("NumPartitions")
                replicationFactor = try r.readInt16("ReplicationFactor")
                configs = try r.readNullableArray("Configs", minimumElementSize: 6) {
                    (c: inout WireReader) throws(KafkaProtocolError) in
                    let name = try c.readString("Name")
                    let value = try c.readNullableString("Value")
                    let readOnly = try c.readBool("ReadOnly")
                    let configSource = try c.readInt8("ConfigSource")
                    let isSensitive = try c.readBool("IsSensitive")
                    try c.skipTaggedFields()
                    return Config(
                        name: name, value: value, readOnly: readOnly, configSource: configSource,
                        isSensitive: isSensitive)
                }
            }
            // TopicConfigErrorCode (tag 0) lives here and is skipped.
            try r.skipTaggedFields()
            return Topic(
                name: name, topicId: topicId, errorCode: errorCode, errorMessage: errorMessage,
                numPartitions: numPartitions, replicationFactor: replicationFactor, configs: configs)
        }
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        if version >= 2 { writer.writeInt32(throttleTimeMs) }
        writer.writeArray(topics) { w, topic in
            w.writeString(topic.name)
            if version >= 7 { w.writeUUID(topic.topicId) }
            w.writeInt16(topic.errorCode.rawValue)
            if version >= 1 { w.writeNullableString(topic.errorMessage) }
            if version >= 5 {
                w.writeInt32(topic.numPartitions)
                w.writeInt16(topic.replicationFactor)
                w.writeNullableArray(topic.configs) { c, config in
                    c.writeString(config.name)
                    c.writeNullableString(config.value)
                    c.writeBool(config.readOnly)
                    c.writeInt8(config.configSource)
                    c.writeBool(config.isSensitive)
                    c.writeEmptyTaggedFields()
                }
            }
            // TopicConfigErrorCode (tag 0) is never written.
            w.writeEmptyTaggedFields()
        }
        writer.writeEmptyTaggedFields()
    }
}

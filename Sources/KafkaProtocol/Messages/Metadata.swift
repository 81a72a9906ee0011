/// Metadata request (key 3), v1–v12 (flexible from v9): brokers and topic layout; a null topic list means all.
public struct MetadataRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.metadata
    public static let versions: ClosedRange<Int16> = 1...12
    public static let firstFlexibleVersion: Int16? = 9

    /// One topic asked about, by name (or, from v10, by id).
    public struct Topic: Hashable, Sendable {
        /// The topic id, zero when asked by name (v10+).
        public var topicId: KafkaUUID
        /// The topic name; null only from v10 (before that a nil name is written as "").
        public var name: String?

        public init(topicId: KafkaUUID = .zero, name: String?) {
            self.topicId = topicId
            self.name = name
        }
    }

    /// The topics to describe; null for all topics, empty for none.
    public var topics: [Topic]?
    /// Whether the broker may auto-create the requested topics that do not exist (v4+).
    public var allowAutoTopicCreation: Bool
    /// Whether to return the cluster's authorized operations (v8–v10).
    public var includeClusterAuthorizedOperations: Bool
    /// Whether to return each topic's authorized operations (v8+).
    public var includeTopicAuthorizedOperations: Bool

    public init(
        topics: [Topic]?,
        allowAutoTopicCreation: Bool = true,
        includeClusterAuthorizedOperations: Bool = false,
        includeTopicAuthorizedOperations: Bool = false
    ) {
        self.topics = topics
        self.allowAutoTopicCreation = allowAutoTopicCreation
        self.includeClusterAuthorizedOperations = includeClusterAuthorizedOperations
        self.includeTopicAuthorizedOperations = includeTopicAuthorizedOperations
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        topics = try reader.readNullableArray("Topics", minimumElementSize: version >= 10 ? 18 : 2) {
            (topic: inout WireReader) throws(KafkaProtocolError) in
            let id = version >= 10 ? try topic.readUUID("TopicId") : .zero
            let name = version >= 10 ? try topic.readNullableString("Name") : try topic.readString("Name")
            try topic.skipTaggedFields()
            return Topic(topicId: id, name: name)
        }
        allowAutoTopicCreation = version >= 4 ? try reader.readBool("AllowAutoTopicCreation") : true
        includeClusterAuthorizedOperations =
            (8...10).contains(version) ? try reader.readBool("IncludeClusterAuthorizedOperations") : false
        includeTopicAuthorizedOperations =
            version >= 8 ? try reader.readBool("IncludeTopicAuthorizedOperations") : false
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeNullableArray(topics) { topic, value in
            if version >= 10 {
                topic.writeUUID(value.topicId)
                topic.writeNullableString(value.name)
            } else {
                topic.writeString(value.name ?? "")
            }
            topic.writeEmptyTaggedFields()
        }
        if version >= 4 { writer.writeBool(allowAutoTopicCreation) }
        if (8...10).contains(version) { writer.writeBool(includeClusterAuthorizedOperations) }
        if version >= 8 { writer.writeBool(includeTopicAuthorizedOperations) }
        writer.writeEmptyTaggedFields()
    }
}

/// Metadata response, v1–v12: the brokers, the cluster and controller ids, and each topic's partitions.
public struct MetadataResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.metadata
    public static let versions: ClosedRange<Int16> = 1...12
    public static let firstFlexibleVersion: Int16? = 9

    /// "Authorized operations not requested": the default of both authorized-operations fields.
    public static let authorizedOperationsOmitted = Int32.min

    /// One broker of the cluster.
    public struct Broker: Hashable, Sendable {
        /// The broker id.
        public var nodeId: Int32
        /// The advertised host name.
        public var host: String
        /// The advertised port.
        public var port: Int32
        /// The broker's rack, or null.
        public var rack: String?

        public init(nodeId: Int32, host: String, port: Int32, rack: String? = nil) {
            self.nodeId = nodeId
            self.host = host
            self.port = port
            self.rack = rack
        }
    }

    /// One topic and its partitions.
    public struct Topic: Hashable, Sendable {
        /// The topic error, or `.none`.
        public var errorCode: KafkaErrorCode
        /// The topic name; null only from v12, for unknown topics asked by id (before that nil is written as "").
        public var name: String?
        /// The topic id, zero for unknown topics asked by name (v10+).
        public var topicId: KafkaUUID
        /// Whether the topic is internal.
        public var isInternal: Bool
        /// Each partition of the topic.
        public var partitions: [Partition]
        /// Bitfield of the operations the client may perform on the topic (v8+), or `authorizedOperationsOmitted`.
        public var topicAuthorizedOperations: Int32

        public init(
            errorCode: KafkaErrorCode = .none,
            name: String?,
            topicId: KafkaUUID = .zero,
            isInternal: Bool = false,
            partitions: [Partition],
            topicAuthorizedOperations: Int32 = MetadataResponse.authorizedOperationsOmitted
        ) {
            self.errorCode = errorCode
            self.name = name
            self.topicId = topicId
            self.isInternal = isInternal
            self.partitions = partitions
            self.topicAuthorizedOperations = topicAuthorizedOperations
        }
    }

    /// One partition's leadership and replicas.
    public struct Partition: Hashable, Sendable {
        /// The partition error, or `.none`.
        public var errorCode: KafkaErrorCode
        /// The partition index.
        public var partitionIndex: Int32
        /// The leader's broker id.
        public var leaderId: Int32
        /// The leader epoch, or -1 (v7+).
        public var leaderEpoch: Int32
        /// All brokers hosting the partition.
        public var replicaNodes: [Int32]
        /// The brokers in sync with the leader.
        public var isrNodes: [Int32]
        /// The replicas that are offline (v5+).
        public var offlineReplicas: [Int32]

        public init(
            errorCode: KafkaErrorCode = .none,
            partitionIndex: Int32,
            leaderId: Int32,
            leaderEpoch: Int32 = -1,
            replicaNodes: [Int32],
            isrNodes: [Int32],
            offlineReplicas: [Int32] = []
        ) {
            self.errorCode = errorCode
            self.partitionIndex = partitionIndex
            self.leaderId = leaderId
            self.leaderEpoch = leaderEpoch
            self.replicaNodes = replicaNodes
            self.isrNodes = isrNodes
            self.offlineReplicas = offlineReplicas
        }
    }

    /// How long the request was throttled, in milliseconds (v3+).
    public var throttleTimeMs: Int32
    /// The brokers of the cluster.
    public var brokers: [Broker]
    /// The cluster id, or null (v2+).
    public var clusterId: String?
    /// The controller's broker id, or -1.
    public var controllerId: Int32
    /// Each topic described.
    public var topics: [Topic]
    /// Bitfield of the operations the client may perform on the cluster (v8–v10), or `authorizedOperationsOmitted`.
    public var clusterAuthorizedOperations: Int32

    public init(
        throttleTimeMs: Int32 = 0,
        brokers: [Broker],
        clusterId: String? = nil,
        controllerId: Int32 = -1,
        topics: [Topic],
        clusterAuthorizedOperations: Int32 = MetadataResponse.authorizedOperationsOmitted
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.brokers = brokers
        self.clusterId = clusterId
        self.controllerId = controllerId
        self.topics = topics
        self.clusterAuthorizedOperations = clusterAuthorizedOperations
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        let flexible = reader.flexible
        throttleTimeMs = version >= 3 ? try reader.readInt32("ThrottleTimeMs") : 0
        brokers = try reader.readArray("Brokers", minimumElementSize: flexible ? 11 : 12) {
            (broker: inout WireReader) throws(KafkaProtocolError) in
            let nodeId = try broker.readInt32("NodeId")
            let host = try broker.readString("Host")
            let port = try broker.readInt32("Port")
            let rack = try broker.readNullableString("Rack")
            try broker.skipTaggedFields()
            return Broker(nodeId: nodeId, host: host, port: port, rack: rack)
        }
        clusterId = version >= 2 ? try reader.readNullableString("ClusterId") : nil
        controllerId = try reader.readInt32("ControllerId")
        topics = try reader.readArray("Topics", minimumElementSize: flexible ? (version >= 10 ? 26 : 10) : 9) {
            (topic: inout WireReader) throws(KafkaProtocolError) in
            try Self.readTopic(from: &topic, version: version)
        }
        clusterAuthorizedOperations =
            (8...10).contains(version)
            ? try reader.readInt32("ClusterAuthorizedOperations") : Self.authorizedOperationsOmitted
        try reader.skipTaggedFields()
    }

    private static func readTopic(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) -> Topic {
        let errorCode = KafkaErrorCode(rawValue: try reader.readInt16("ErrorCode"))
        let name = version >= 12 ? try reader.readNullableString("Name") : try reader.readString("Name")
        let topicId = version >= 10 ? try reader.readUUID("TopicId") : .zero
        let isInternal = try reader.readBool("IsInternal")
        let partitions = try reader.readArray("Partitions", minimumElementSize: 18) {
            (partition: inout WireReader) throws(KafkaProtocolError) in
            let errorCode = KafkaErrorCode(rawValue: try partition.readInt16("ErrorCode"))
            let index = try partition.readInt32("PartitionIndex")
            let leaderId = try partition.readInt32("LeaderId")
            let leaderEpoch = version >= 7 ? try partition.readInt32("LeaderEpoch") : -1
            let replicas = try partition.readArray("ReplicaNodes", minimumElementSize: 4) {
                (node: inout WireReader) throws(KafkaProtocolError) in try node.readInt32("ReplicaNodes")
            }
            let isr = try partition.readArray("IsrNodes", minimumElementSize: 4) {
                (node: inout WireReader) throws(KafkaProtocolError) in try node.readInt32("IsrNodes")
            }
            let offline =
                version >= 5
                ? try partition.readArray("OfflineReplicas", minimumElementSize: 4) {
                    (node: inout WireReader) throws(KafkaProtocolError) in try node.readInt32("OfflineReplicas")
                } : []
            try partition.skipTaggedFields()
            return Partition(
                errorCode: errorCode,
                partitionIndex: index,
                leaderId: leaderId,
                leaderEpoch: leaderEpoch,
                replicaNodes: replicas,
                isrNodes: isr,
                offlineReplicas: offline
            )
        }
        let operations =
            version >= 8 ? try reader.readInt32("TopicAuthorizedOperations") : Self.authorizedOperationsOmitted
        try reader.skipTaggedFields()
        return Topic(
            errorCode: errorCode,
            name: name,
            topicId: topicId,
            isInternal: isInternal,
            partitions: partitions,
            topicAuthorizedOperations: operations
        )
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        if version >= 3 { writer.writeInt32(throttleTimeMs) }
        writer.writeArray(brokers) { broker, value in
            broker.writeInt32(value.nodeId)
            broker.writeString(value.host)
            broker.writeInt32(value.port)
            broker.writeNullableString(value.rack)
            broker.writeEmptyTaggedFields()
        }
        if version >= 2 { writer.writeNullableString(clusterId) }
        writer.writeInt32(controllerId)
        writer.writeArray(topics) { topic, value in
            topic.writeInt16(value.errorCode.rawValue)
            if version >= 12 { topic.writeNullableString(value.name) } else { topic.writeString(value.name ?? "") }
            if version >= 10 { topic.writeUUID(value.topicId) }
            topic.writeBool(value.isInternal)
            topic.writeArray(value.partitions) { partition, entry in
                partition.writeInt16(entry.errorCode.rawValue)
                partition.writeInt32(entry.partitionIndex)
                partition.writeInt32(entry.leaderId)
                if version >= 7 { partition.writeInt32(entry.leaderEpoch) }
                partition.writeArray(entry.replicaNodes) { $0.writeInt32($1) }
                partition.writeArray(entry.isrNodes) { $0.writeInt32($1) }
                if version >= 5 { partition.writeArray(entry.offlineReplicas) { $0.writeInt32($1) } }
                partition.writeEmptyTaggedFields()
            }
            if version >= 8 { topic.writeInt32(value.topicAuthorizedOperations) }
            topic.writeEmptyTaggedFields()
        }
        if (8...10).contains(version) { writer.writeInt32(clusterAuthorizedOperations) }
        writer.writeEmptyTaggedFields()
    }
}

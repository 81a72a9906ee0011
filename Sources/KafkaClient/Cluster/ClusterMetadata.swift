import KafkaProtocol

/// The client's view of the cluster from Metadata responses: brokers by node id and topics' partitions.
struct ClusterMetadata: Sendable {
    /// One partition's leadership.
    struct Partition: Sendable, Hashable {
        var index: Int32
        var errorCode: KafkaErrorCode
        var leaderId: Int32
        var leaderEpoch: Int32
        var replicas: [Int32]
        var isr: [Int32]
        var offline: [Int32]
    }

    /// One topic's partitions as last described.
    struct Topic: Sendable {
        var name: String
        var errorCode: KafkaErrorCode
        var isInternal: Bool
        var topicId: KafkaUUID
        var partitions: [Int32: Partition]
        var fetchedAt: ContinuousClock.Instant
        /// Set after an error that says the description is out of date.
        var stale = false

        /// Whether the topic exists and every partition has a leader.
        var isUsable: Bool {
            errorCode == .none && !partitions.isEmpty && partitions.values.allSatisfy { $0.leaderId >= 0 }
        }
        var partitionCount: Int32 { Int32(partitions.count) }
    }

    var brokers: [Int32: BrokerAddress] = [:]
    var controllerId: Int32 = -1
    var clusterId: String?
    var topics: [String: Topic] = [:]

    /// Merges a Metadata response: brokers and controller are replaced, the topics it describes are updated.
    mutating func merge(_ response: MetadataResponse) {
        var nodes: [Int32: BrokerAddress] = [:]
        for broker in response.brokers {
            nodes[broker.nodeId] = BrokerAddress(host: broker.host, port: Int(broker.port))
        }
        if !nodes.isEmpty { brokers = nodes }
        controllerId = response.controllerId
        clusterId = response.clusterId ?? clusterId
        let now = ContinuousClock.now
        for topic in response.topics {
            guard let name = topic.name else { continue }
            var partitions: [Int32: Partition] = [:]
            for partition in topic.partitions {
                partitions[partition.partitionIndex] = Partition(
                    index: partition.partitionIndex,
                    errorCode: partition.errorCode,
                    leaderId: partition.leaderId,
                    leaderEpoch: partition.leaderEpoch,
                    replicas: partition.replicaNodes,
                    isr: partition.isrNodes,
                    offline: partition.offlineReplicas
                )
            }
            if topic.errorCode == .unknownTopicOrPartition || topic.errorCode == .invalidTopicException {
                topics[name] = Topic(
                    name: name,
                    errorCode: topic.errorCode,
                    isInternal: topic.isInternal,
                    topicId: topic.topicId,
                    partitions: [:],
                    fetchedAt: now,
                    stale: true
                )
                continue
            }
            topics[name] = Topic(
                name: name,
                errorCode: topic.errorCode,
                isInternal: topic.isInternal,
                topicId: topic.topicId,
                partitions: partitions,
                fetchedAt: now
            )
        }
    }
}

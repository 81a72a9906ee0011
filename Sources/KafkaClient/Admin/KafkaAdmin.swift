import KafkaProtocol
import Logging

/// An admin client: creates, describes, lists and deletes topics and reads topic configs.
public actor KafkaAdmin {
    /// The settings the admin client runs with.
    public let configuration: KafkaAdminConfiguration
    let logger: Logger
    let cluster: KafkaCluster

    private static let clientCounter = ClientCounter()

    /// Creates an admin client; connections are opened on first use.
    public init(configuration: KafkaAdminConfiguration, logger: Logger) {
        self.configuration = configuration
        let clientId =
            configuration.client.clientId.isEmpty
            ? "adminclient-\(Self.clientCounter.next())" : configuration.client.clientId
        var logger = logger
        logger[metadataKey: "kafka.client_id"] = "\(clientId)"
        self.logger = logger
        self.cluster = KafkaCluster(configuration: configuration.client, clientId: clientId, logger: logger)
    }

    /// Closes every connection.
    public func close() async {
        await cluster.close()
    }

    // MARK: - Topics

    /// Creates `topic`; throws the broker's error (e.g. TOPIC_ALREADY_EXISTS) if it refuses.
    public func createTopic(_ topic: NewTopic, validateOnly: Bool = false) async throws(KafkaClientError) {
        let results = try await createTopics([topic], validateOnly: validateOnly)
        if let error = results[topic.name] ?? nil { throw error }
    }

    /// Creates `topics` in one request (to the controller); returns each topic's error, nil for success.
    public func createTopics(_ topics: [NewTopic], validateOnly: Bool = false) async throws(KafkaClientError)
        -> [String: KafkaClientError?]
    {
        let timeoutMs = configuration.defaultApiTimeoutMs
        let request = CreateTopicsRequest(
            topics: topics.map { topic in
                CreateTopicsRequest.Topic(
                    name: topic.name,
                    numPartitions: topic.numPartitions,
                    replicationFactor: topic.replicationFactor,
                    configs: topic.configs.sorted { $0.key < $1.key }.map { .init(name: $0.key, value: $0.value) }
                )
            },
            timeoutMs: Int32(clamping: configuration.client.requestTimeoutMs),
            validateOnly: validateOnly
        )
        let response: CreateTopicsResponse = try await withController { connection throws(KafkaClientError) in
            let version = try connection.version(CreateTopicsRequest.self, CreateTopicsResponse.self)
            if version < 4, topics.contains(where: { $0.numPartitions < 0 || $0.replicationFactor < 0 }) {
                throw KafkaClientError(
                    .unsupported,
                    "the broker's CreateTopics v\(version) cannot use default partitions or replication factor (-1)",
                    broker: connection.address.description,
                    api: .createTopics
                )
            }
            return try await connection.send(request, version: version, as: CreateTopicsResponse.self, timeoutMs: timeoutMs)
        }
        var results: [String: KafkaClientError?] = [:]
        for topic in topics { results[topic.name] = KafkaClientError(.protocolViolation, "no result", api: .createTopics) }
        for topic in response.topics {
            results[topic.name] =
                topic.errorCode == .none
                ? nil
                : KafkaClientError.broker(
                    topic.errorCode,
                    topic.errorMessage ?? "cannot create topic '\(topic.name)'",
                    broker: nil,
                    api: .createTopics
                )
            await cluster.invalidate(topic: topic.name)
        }
        return results
    }

    /// Deletes `topics`; throws the first broker error (e.g. UNKNOWN_TOPIC_OR_PARTITION).
    public func deleteTopics(_ topics: [String]) async throws(KafkaClientError) {
        let results = try await deleteTopicsReportingErrors(topics)
        for topic in topics { if let error = results[topic] ?? nil { throw error } }
    }

    /// Deletes `topics`; returns each topic's error, nil for success.
    public func deleteTopicsReportingErrors(_ topics: [String]) async throws(KafkaClientError)
        -> [String: KafkaClientError?]
    {
        let timeoutMs = configuration.defaultApiTimeoutMs
        let request = DeleteTopicsRequest(topicNames: topics, timeoutMs: Int32(clamping: configuration.client.requestTimeoutMs))
        let response: DeleteTopicsResponse = try await withController { connection throws(KafkaClientError) in
            try await connection.send(request, as: DeleteTopicsResponse.self, timeoutMs: timeoutMs)
        }
        var results: [String: KafkaClientError?] = [:]
        for result in response.responses {
            results[result.name] =
                result.errorCode == .none
                ? nil
                : KafkaClientError.broker(
                    result.errorCode,
                    result.errorMessage ?? "cannot delete topic '\(result.name)'",
                    broker: nil,
                    api: .deleteTopics
                )
            await cluster.invalidate(topic: result.name)
        }
        return results
    }

    /// The names of all topics (internal ones such as `__consumer_offsets` only with `includeInternal`).
    public func listTopics(includeInternal: Bool = false) async throws(KafkaClientError) -> [String] {
        let response = try await cluster.refreshMetadata(topics: nil, allowAutoCreate: false)
        return response.topics
            .filter { $0.errorCode == .none && (includeInternal || !$0.isInternal) }
            .compactMap(\.name)
            .sorted()
    }

    /// Describes `topics`: partitions, leaders and replicas; throws UNKNOWN_TOPIC_OR_PARTITION for a missing one.
    public func describeTopics(_ topics: [String]) async throws(KafkaClientError) -> [TopicDescription] {
        let response = try await cluster.refreshMetadata(topics: topics, allowAutoCreate: false)
        var descriptions: [TopicDescription] = []
        for name in topics {
            guard let topic = response.topics.first(where: { $0.name == name }) else {
                throw KafkaClientError(.protocolViolation, "Metadata did not describe '\(name)'", api: .metadata)
            }
            guard topic.errorCode == .none else {
                throw KafkaClientError.broker(topic.errorCode, "cannot describe topic '\(name)'", broker: nil, api: .metadata)
            }
            descriptions.append(
                TopicDescription(
                    name: name,
                    isInternal: topic.isInternal,
                    partitions: topic.partitions.sorted { $0.partitionIndex < $1.partitionIndex }.map {
                        .init(partition: $0.partitionIndex, leader: $0.leaderId, replicas: $0.replicaNodes, isr: $0.isrNodes)
                    }
                )
            )
        }
        return descriptions
    }

    /// Every config of `topic` with its value and source (DescribeConfigs, resource type TOPIC).
    public func describeTopicConfigs(_ topic: String) async throws(KafkaClientError) -> [String: ConfigEntry] {
        let request = DescribeConfigsRequest(resources: [.init(resourceType: 2, resourceName: topic)])
        let connection = try await cluster.anyConnection()
        let response = try await connection.send(
            request,
            as: DescribeConfigsResponse.self,
            timeoutMs: configuration.client.requestTimeoutMs
        )
        guard let result = response.results.first(where: { $0.resourceName == topic }) else {
            throw KafkaClientError(.protocolViolation, "DescribeConfigs did not describe '\(topic)'", api: .describeConfigs)
        }
        guard result.errorCode == .none else {
            throw KafkaClientError.broker(
                result.errorCode,
                result.errorMessage ?? "cannot describe the configs of '\(topic)'",
                broker: connection.address.description,
                api: .describeConfigs
            )
        }
        var entries: [String: ConfigEntry] = [:]
        for config in result.configs {
            entries[config.name] = ConfigEntry(
                name: config.name,
                value: config.value,
                source: ConfigEntry.Source(rawValue: config.configSource),
                isReadOnly: config.readOnly,
                isSensitive: config.isSensitive
            )
        }
        return entries
    }

    /// The cluster id, controller and brokers.
    public func describeCluster() async throws(KafkaClientError) -> ClusterDescription {
        try await cluster.refreshMetadata(topics: [], allowAutoCreate: false)
        let metadata = await cluster.metadata
        return ClusterDescription(clusterId: metadata.clusterId, controllerId: metadata.controllerId, nodes: metadata.brokers)
    }

    // MARK: - Internals

    /// Runs `body` against the controller (any broker when none is known), retrying retriable failures and
    /// NOT_CONTROLLER until `default.api.timeout.ms`.
    private func withController<T: Sendable>(
        _ body: (BrokerConnection) async throws(KafkaClientError) -> T
    ) async throws(KafkaClientError) -> T {
        let deadline = Deadline.after(ms: configuration.defaultApiTimeoutMs)
        var attempt = 0
        while true {
            attempt += 1
            do throws(KafkaClientError) {
                try await cluster.refreshMetadata(topics: [], allowAutoCreate: false)
                let controller = await cluster.metadata.controllerId
                let connection =
                    controller >= 0
                    ? try await cluster.connection(toNode: controller) : try await cluster.anyConnection()
                return try await body(connection)
            } catch {
                guard error.isRetriable || error.errorCode?.rawValue == 41, !deadline.hasPassed else { throw error }
                logger.debug("admin request failed, retrying", metadata: ["error": "\(error)"])
                try? await sleep(ms: configuration.client.backoffMs(attempt: attempt), before: deadline)
            }
        }
    }
}

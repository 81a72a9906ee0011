import KafkaProtocol
import LogStorage

/// CreateTopics: -1 partitions means `num.partitions`; replication factor -1 or 1 (one node); configs are
/// validated with Kafka's topic keys; `validate_only` checks without creating. v5+ echoes the result.
struct CreateTopicsHandler: RequestHandler {
    let state: BrokerState
    let advertisedVersions: ClosedRange<Int16> = 0...7

    func handle(_ request: CreateTopicsRequest, version: Int16, context: RequestContext) async -> HandlerResponse<CreateTopicsResponse> {
        var results: [CreateTopicsResponse.Topic] = []
        var seen = Set<String>()
        for topic in request.topics {
            guard seen.insert(topic.name).inserted else {
                results.append(.init(name: topic.name, errorCode: .invalidRequest, errorMessage: "topic \(topic.name) is listed twice"))
                continue
            }
            results.append(await create(topic, validateOnly: request.validateOnly, version: version))
        }
        return .response(CreateTopicsResponse(topics: results))
    }

    private func create(_ topic: CreateTopicsRequest.Topic, validateOnly: Bool, version: Int16) async -> CreateTopicsResponse.Topic {
        func failure(_ code: KafkaErrorCode, _ message: String) -> CreateTopicsResponse.Topic {
            .init(name: topic.name, errorCode: code, errorMessage: message)
        }
        var partitions = topic.numPartitions == -1 ? state.configuration.numPartitions : topic.numPartitions
        if !topic.assignments.isEmpty {
            guard topic.numPartitions == -1, topic.replicationFactor == -1 else {
                return failure(.invalidRequest, "give either assignments or partitions and replication factor, not both")
            }
            guard topic.assignments.allSatisfy({ $0.brokerIds == [state.configuration.nodeId] }) else {
                return failure(.invalidReplicationFactor, "this cluster has one broker (id \(state.configuration.nodeId))")
            }
            partitions = Int32(topic.assignments.count)
        }
        guard partitions > 0 else { return failure(.invalidPartitions, "partitions must be at least 1, got \(partitions)") }
        guard topic.replicationFactor == -1 || topic.replicationFactor == 1 else {
            return failure(
                .invalidReplicationFactor,
                "replication factor \(topic.replicationFactor) is larger than the 1 available broker")
        }
        var overrides: [String: String] = [:]
        for config in topic.configs {
            guard let value = config.value else { continue }
            overrides[config.name] = value
        }
        let effective: LogConfig
        do {
            try TopicMetadata.validate(name: topic.name)
            effective = try state.logs.configuration.defaultTopicConfig.applying(overrides)
        } catch {
            return failure(error.code == .invalidTopic ? .invalidTopicException : .invalidConfig, error.message)
        }
        if await state.logs.topic(topic.name) != nil {
            return failure(.topicAlreadyExists, "topic '\(topic.name)' already exists")
        }
        if !validateOnly {
            do {
                try await state.logs.createTopic(topic.name, partitions: partitions, config: overrides)
            } catch {
                return failure(error.kafkaErrorCode, error.message)
            }
        }
        let configs = version >= 5 ? TopicConfigDescriber.describe(effective, overrides: overrides).map {
            CreateTopicsResponse.Config(name: $0.name, value: $0.value, configSource: $0.source)
        } : nil
        return .init(name: topic.name, numPartitions: partitions, replicationFactor: 1, configs: configs)
    }
}

import KafkaProtocol
import LogStorage

/// DescribeConfigs: every topic config with its value and source (dynamic topic override or default), and the
/// broker's own settings (read-only).
struct DescribeConfigsHandler: RequestHandler {
    static let topicResource: Int8 = 2
    static let brokerResource: Int8 = 4

    let state: BrokerState
    let advertisedVersions: ClosedRange<Int16> = 1...4

    func handle(_ request: DescribeConfigsRequest, version: Int16, context: RequestContext) async -> HandlerResponse<DescribeConfigsResponse> {
        var results: [DescribeConfigsResponse.Result] = []
        for resource in request.resources {
            switch resource.resourceType {
            case Self.topicResource:
                guard let metadata = await state.logs.topic(resource.resourceName),
                    let config = try? await state.logs.config(of: resource.resourceName)
                else {
                    results.append(
                        .init(
                            errorCode: .unknownTopicOrPartition, errorMessage: "topic '\(resource.resourceName)' does not exist",
                            resourceType: resource.resourceType, resourceName: resource.resourceName, configs: []))
                    continue
                }
                let entries = TopicConfigDescriber.describe(config, overrides: metadata.overrides, keys: resource.configurationKeys)
                results.append(
                    .init(
                        resourceType: resource.resourceType, resourceName: resource.resourceName,
                        configs: entries.map {
                            .init(name: $0.name, value: $0.value, configSource: $0.source, configType: version >= 3 ? $0.type : 0)
                        }))
            case Self.brokerResource:
                guard resource.resourceName.isEmpty || resource.resourceName == String(state.configuration.nodeId) else {
                    results.append(
                        .init(
                            errorCode: .invalidRequest, errorMessage: "unknown broker '\(resource.resourceName)'",
                            resourceType: resource.resourceType, resourceName: resource.resourceName, configs: []))
                    continue
                }
                let configs = brokerConfigs().filter { resource.configurationKeys?.contains($0.name) ?? true }
                results.append(.init(resourceType: resource.resourceType, resourceName: resource.resourceName, configs: configs))
            default:
                results.append(
                    .init(
                        errorCode: .invalidRequest, errorMessage: "resource type \(resource.resourceType) is not supported",
                        resourceType: resource.resourceType, resourceName: resource.resourceName, configs: []))
            }
        }
        return .response(DescribeConfigsResponse(results: results))
    }

    private func brokerConfigs() -> [DescribeConfigsResponse.Config] {
        let configuration = state.configuration
        var values: [(String, String)] = [
            ("broker.id", String(configuration.nodeId)), ("log.dirs", configuration.logDirectory),
            ("num.partitions", String(configuration.numPartitions)),
            ("auto.create.topics.enable", String(configuration.autoCreateTopics)),
            ("default.replication.factor", "1"),
            ("group.initial.rebalance.delay.ms", String(configuration.groupInitialRebalanceDelayMs)),
            ("offsets.topic.num.partitions", String(configuration.offsetsTopicPartitions)),
            ("socket.request.max.bytes", String(configuration.maxRequestBytes)),
        ]
        let topicDefaults = configuration.topicDefaults.properties
        for (brokerKey, topicKey) in BrokerConfiguration.logKeys.sorted(by: { $0.key < $1.key }) {
            if let value = topicDefaults[topicKey] { values.append((brokerKey, value)) }
        }
        if let retention = topicDefaults["retention.ms"] { values.append(("log.retention.ms", retention)) }
        return values.map {
            .init(name: $0.0, value: $0.1, readOnly: true, configSource: TopicConfigDescriber.Source.staticBroker)
        }
    }
}

import KafkaProtocol
import LogStorage

/// AlterConfigs (legacy, replaces a topic's whole override set) and IncrementalAlterConfigs (SET, DELETE,
/// APPEND, SUBTRACT per key). Broker configs are static here and cannot be altered.
struct AlterConfigsHandler: RequestHandler {
    let state: BrokerState
    let advertisedVersions: ClosedRange<Int16> = 0...2

    func handle(_ request: AlterConfigsRequest, version: Int16, context: RequestContext) async -> HandlerResponse<AlterConfigsResponse> {
        var results: [AlterConfigsResponse.Result] = []
        for resource in request.resources {
            var overrides: [String: String] = [:]
            for config in resource.configs { if let value = config.value { overrides[config.name] = value } }
            let (code, message) = await TopicConfigAlteration.apply(
                state: state, resourceType: resource.resourceType, topic: resource.resourceName,
                validateOnly: request.validateOnly) { _ in overrides }
            results.append(.init(errorCode: code, errorMessage: message, resourceType: resource.resourceType, resourceName: resource.resourceName))
        }
        return .response(AlterConfigsResponse(responses: results))
    }
}

/// IncrementalAlterConfigs: per-key operations on a topic's overrides.
struct IncrementalAlterConfigsHandler: RequestHandler {
    let state: BrokerState
    let advertisedVersions: ClosedRange<Int16> = 0...1

    func handle(
        _ request: IncrementalAlterConfigsRequest, version: Int16, context: RequestContext
    ) async -> HandlerResponse<IncrementalAlterConfigsResponse> {
        var results: [IncrementalAlterConfigsResponse.Result] = []
        for resource in request.resources {
            let (code, message) = await TopicConfigAlteration.apply(
                state: state, resourceType: resource.resourceType, topic: resource.resourceName,
                validateOnly: request.validateOnly
            ) { current in
                var overrides = current
                for config in resource.configs {
                    switch config.configOperation {
                    case 0: overrides[config.name] = config.value ?? ""
                    case 1: overrides.removeValue(forKey: config.name)
                    case 2, 3:
                        var items = (overrides[config.name] ?? "").split(separator: ",").map(String.init)
                        let given = (config.value ?? "").split(separator: ",").map(String.init)
                        if config.configOperation == 2 {
                            for item in given where !items.contains(item) { items.append(item) }
                        } else {
                            items.removeAll { given.contains($0) }
                        }
                        overrides[config.name] = items.joined(separator: ",")
                    default:
                        return nil
                    }
                }
                return overrides
            }
            results.append(.init(errorCode: code, errorMessage: message, resourceType: resource.resourceType, resourceName: resource.resourceName))
        }
        return .response(IncrementalAlterConfigsResponse(responses: results))
    }
}

/// The shared part: validate the new override set with Kafka's keys, then store it.
enum TopicConfigAlteration {
    static func apply(
        state: BrokerState, resourceType: Int8, topic: String, validateOnly: Bool,
        _ change: ([String: String]) -> [String: String]?
    ) async -> (KafkaErrorCode, String?) {
        guard resourceType == DescribeConfigsHandler.topicResource else {
            return (.invalidRequest, "only topic configs can be altered; broker configs come from broker.properties")
        }
        guard let metadata = await state.logs.topic(topic) else {
            return (.unknownTopicOrPartition, "topic '\(topic)' does not exist")
        }
        guard let overrides = change(metadata.overrides) else { return (.invalidRequest, "unknown config operation") }
        do {
            _ = try state.logs.configuration.defaultTopicConfig.applying(overrides)
            if !validateOnly { try await state.logs.alterTopicConfig(topic, overrides: overrides) }
            return (.none, nil)
        } catch {
            return (.invalidConfig, error.message)
        }
    }
}

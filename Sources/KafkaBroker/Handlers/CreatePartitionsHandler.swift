import KafkaProtocol
import LogStorage

/// CreatePartitions: raises a topic's partition count (`count` is the new total).
struct CreatePartitionsHandler: RequestHandler {
    let state: BrokerState
    let advertisedVersions: ClosedRange<Int16> = 0...3

    func handle(_ request: CreatePartitionsRequest, version: Int16, context: RequestContext) async -> HandlerResponse<CreatePartitionsResponse> {
        var results: [CreatePartitionsResponse.Result] = []
        for topic in request.topics {
            if let assignments = topic.assignments,
                !assignments.allSatisfy({ $0.brokerIds == [state.configuration.nodeId] })
            {
                results.append(
                    .init(name: topic.name, errorCode: .invalidReplicationFactor, errorMessage: "this cluster has one broker"))
                continue
            }
            guard let existing = await state.logs.topic(topic.name) else {
                results.append(.init(name: topic.name, errorCode: .unknownTopicOrPartition, errorMessage: "topic '\(topic.name)' does not exist"))
                continue
            }
            guard topic.count > existing.partitionCount else {
                results.append(
                    .init(
                        name: topic.name, errorCode: .invalidPartitions,
                        errorMessage: "topic has \(existing.partitionCount) partitions; \(topic.count) is not more"))
                continue
            }
            if request.validateOnly {
                results.append(.init(name: topic.name))
                continue
            }
            do {
                try await state.logs.createPartitions(topic.name, count: topic.count)
                results.append(.init(name: topic.name))
            } catch {
                results.append(.init(name: topic.name, errorCode: error.kafkaErrorCode, errorMessage: error.message))
            }
        }
        return .response(CreatePartitionsResponse(results: results))
    }
}

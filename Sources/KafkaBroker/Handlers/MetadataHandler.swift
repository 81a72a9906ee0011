import KafkaProtocol
import LogStorage
import Logging

/// Metadata: this node as the only broker and the leader of every partition; unknown topics are created when
/// `auto.create.topics.enable` and the request allow it.
struct MetadataHandler: RequestHandler {
    let state: BrokerState
    let advertisedVersions: ClosedRange<Int16> = 1...12

    func handle(_ request: MetadataRequest, version: Int16, context: RequestContext) async -> HandlerResponse<MetadataResponse> {
        let logs = state.logs
        var topics: [MetadataResponse.Topic] = []
        if let requested = request.topics {
            for entry in requested {
                guard let name = entry.name else {
                    topics.append(.init(errorCode: .unknownTopicId, name: nil, topicId: entry.topicId, partitions: []))
                    continue
                }
                var error = KafkaErrorCode.none
                if await logs.topic(name) == nil {
                    if (try? TopicMetadata.validate(name: name)) == nil {
                        error = .invalidTopicException
                    } else if request.allowAutoTopicCreation {
                        error = await state.autoCreate(name)
                    } else {
                        error = .unknownTopicOrPartition
                    }
                }
                if error == .none, let metadata = await logs.topic(name) {
                    topics.append(describe(metadata))
                } else {
                    topics.append(.init(errorCode: error == .none ? .unknownTopicOrPartition : error, name: name, partitions: []))
                }
            }
        } else {
            for metadata in await logs.allTopics { topics.append(describe(metadata)) }
        }
        return .response(
            MetadataResponse(
                brokers: [state.brokerEntry], clusterId: state.configuration.clusterId,
                controllerId: state.configuration.nodeId, topics: topics))
    }

    private func describe(_ metadata: TopicMetadata) -> MetadataResponse.Topic {
        let node = state.configuration.nodeId
        let partitions = (0..<metadata.partitionCount).map {
            MetadataResponse.Partition(partitionIndex: $0, leaderId: node, leaderEpoch: 0, replicaNodes: [node], isrNodes: [node])
        }
        return MetadataResponse.Topic(
            name: metadata.name, isInternal: metadata.name.hasPrefix("__"), partitions: partitions)
    }
}

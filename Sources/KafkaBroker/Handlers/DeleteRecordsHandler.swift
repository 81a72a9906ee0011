import KafkaProtocol
import LogStorage

/// DeleteRecords: advances each partition's log start offset (-1 = the high watermark).
struct DeleteRecordsHandler: RequestHandler {
    let state: BrokerState
    let advertisedVersions: ClosedRange<Int16> = 0...2

    func handle(_ request: DeleteRecordsRequest, version: Int16, context: RequestContext) async -> HandlerResponse<DeleteRecordsResponse> {
        var topics: [DeleteRecordsResponse.Topic] = []
        for topic in request.topics {
            var partitions: [DeleteRecordsResponse.Partition] = []
            for partition in topic.partitions {
                guard let log = await state.logs.log(for: TopicPartition(topic.name, partition.partitionIndex)) else {
                    partitions.append(.init(partitionIndex: partition.partitionIndex, lowWatermark: -1, errorCode: .unknownTopicOrPartition))
                    continue
                }
                do {
                    let start = try await log.deleteRecords(before: partition.offset)
                    partitions.append(.init(partitionIndex: partition.partitionIndex, lowWatermark: start))
                } catch {
                    partitions.append(.init(partitionIndex: partition.partitionIndex, lowWatermark: -1, errorCode: error.kafkaErrorCode))
                }
            }
            topics.append(.init(name: topic.name, partitions: partitions))
        }
        return .response(DeleteRecordsResponse(topics: topics))
    }
}

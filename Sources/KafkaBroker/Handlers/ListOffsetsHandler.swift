import KafkaProtocol
import LogStorage
import Logging

/// ListOffsets: -1 latest (the high watermark, which is also the last stable offset without transactions),
/// -2 earliest (log start), -3 the record with the largest timestamp, otherwise the first record at or after
/// the timestamp (offset -1 when there is none).
struct ListOffsetsHandler: RequestHandler {
    let state: BrokerState
    let advertisedVersions: ClosedRange<Int16> = 1...7

    func handle(_ request: ListOffsetsRequest, version: Int16, context: RequestContext) async -> HandlerResponse<ListOffsetsResponse> {
        var topics: [ListOffsetsResponse.Topic] = []
        for topic in request.topics {
            var partitions: [ListOffsetsResponse.Partition] = []
            for partition in topic.partitions {
                guard let log = await state.logs.log(for: TopicPartition(topic.name, partition.partitionIndex)) else {
                    partitions.append(.init(partitionIndex: partition.partitionIndex, errorCode: .unknownTopicOrPartition))
                    continue
                }
                switch partition.timestamp {
                case -1:
                    partitions.append(.init(partitionIndex: partition.partitionIndex, offset: await log.highWatermark, leaderEpoch: 0))
                case -2:
                    partitions.append(.init(partitionIndex: partition.partitionIndex, offset: await log.logStartOffset, leaderEpoch: 0))
                case -3:
                    let found = await log.offsetOfMaxTimestamp()
                    partitions.append(
                        .init(
                            partitionIndex: partition.partitionIndex, timestamp: found?.timestamp ?? -1,
                            offset: found?.offset ?? -1, leaderEpoch: 0))
                case let timestamp where timestamp >= 0:
                    do {
                        let found = try await log.offset(forTimestamp: timestamp)
                        partitions.append(
                            .init(
                                partitionIndex: partition.partitionIndex, timestamp: found?.timestamp ?? -1,
                                offset: found?.offset ?? -1, leaderEpoch: 0))
                    } catch {
                        partitions.append(.init(partitionIndex: partition.partitionIndex, errorCode: error.kafkaErrorCode))
                    }
                default:
                    partitions.append(.init(partitionIndex: partition.partitionIndex, errorCode: .invalidRequest))
                }
            }
            topics.append(.init(name: topic.name, partitions: partitions))
        }
        return .response(ListOffsetsResponse(topics: topics))
    }
}

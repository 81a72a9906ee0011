import KafkaProtocol

extension BrokerSession {
    /// The latest (-1) or earliest (-2) offset of each partition of `topic`, asked of each partition's leader.
    func offsets(
        topic: String,
        partitions: [Int32],
        timestamp: Int64,
        metadata: MetadataResponse
    ) async throws -> [Int32: Int64] {
        var byLeader: [BrokerAddress: (client: BrokerClient, partitions: [Int32])] = [:]
        for partition in partitions {
            let client = try await leader(of: topic, partition: partition, in: metadata)
            byLeader[client.address, default: (client, [])].partitions.append(partition)
        }
        var result: [Int32: Int64] = [:]
        for (client, indexes) in byLeader.values {
            let request = ListOffsetsRequest(topics: [
                .init(name: topic, partitions: indexes.map { .init(partitionIndex: $0, timestamp: timestamp) })
            ])
            let response = try await client.send(request, as: ListOffsetsResponse.self)
            for answer in response.topics where answer.name == topic {
                for partition in answer.partitions {
                    guard partition.errorCode == .none else {
                        throw BrokerClientError(
                            .errorCode(partition.errorCode),
                            broker: client.address.description,
                            api: "ListOffsets",
                            "cannot look up \(topic)-\(partition.partitionIndex): \(partition.errorCode.displayName)"
                        )
                    }
                    result[partition.partitionIndex] = partition.offset
                }
            }
            for index in indexes where result[index] == nil {
                throw BrokerClientError(
                    .protocolViolation,
                    broker: client.address.description,
                    api: "ListOffsets",
                    "the response does not mention partition \(topic)-\(index)"
                )
            }
        }
        return result
    }
}

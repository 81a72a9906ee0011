import KafkaProtocol

extension KafkaConsumer {
    /// The log start offsets of `partitions`.
    public func beginningOffsets(_ list: [TopicPartition]) async throws(KafkaClientError) -> [TopicPartition: Int64] {
        try checkOpen()
        return try await listOffsets(Dictionary(uniqueKeysWithValues: list.map { ($0, Int64(-2)) }))
    }

    /// The end offsets of `partitions`: the high watermark (the last stable offset for read_committed).
    public func endOffsets(_ list: [TopicPartition]) async throws(KafkaClientError) -> [TopicPartition: Int64] {
        try checkOpen()
        return try await listOffsets(Dictionary(uniqueKeysWithValues: list.map { ($0, Int64(-1)) }))
    }

    /// The earliest offset whose timestamp is at or after the given one, per partition (absent when none is).
    public func offsetsForTimes(_ timestamps: [TopicPartition: Int64]) async throws(KafkaClientError)
        -> [TopicPartition: Int64]
    {
        try checkOpen()
        return try await listOffsets(timestamps).filter { $0.value >= 0 }
    }

    /// ListOffsets for `timestamps` (-2 earliest, -1 latest, else a time), grouped by leader, with retries.
    func listOffsets(_ timestamps: [TopicPartition: Int64]) async throws(KafkaClientError) -> [TopicPartition: Int64] {
        let deadline = Deadline.after(ms: configuration.defaultApiTimeoutMs)
        var remaining = timestamps
        var result: [TopicPartition: Int64] = [:]
        var attempt = 0
        while !remaining.isEmpty {
            attempt += 1
            var failure: KafkaClientError?
            var byNode: [Int32: [TopicPartition]] = [:]
            for partition in remaining.keys.sorted() {
                do throws(KafkaClientError) {
                    let node = try await cluster.leader(for: partition, deadline: deadline).node
                    byNode[node, default: []].append(partition)
                } catch {
                    guard error.isRetriable else { throw error }
                    failure = error
                }
            }
            for (node, list) in byNode {
                do throws(KafkaClientError) {
                    let connection = try await cluster.connection(toNode: node)
                    var byTopic: [String: [ListOffsetsRequest.Partition]] = [:]
                    for partition in list {
                        byTopic[partition.topic, default: []].append(
                            .init(partitionIndex: partition.partition, timestamp: remaining[partition] ?? -1)
                        )
                    }
                    let request = ListOffsetsRequest(
                        isolationLevel: configuration.isolationLevel.rawValue,
                        topics: byTopic.keys.sorted().map { .init(name: $0, partitions: byTopic[$0]!) }
                    )
                    let response = try await connection.send(
                        request,
                        as: ListOffsetsResponse.self,
                        timeoutMs: configuration.client.requestTimeoutMs
                    )
                    for topic in response.topics {
                        for answer in topic.partitions {
                            let partition = TopicPartition(topic.name, answer.partitionIndex)
                            guard remaining[partition] != nil else { continue }
                            if answer.errorCode == .none {
                                result[partition] = answer.offset
                                remaining[partition] = nil
                                continue
                            }
                            let error = KafkaClientError.broker(
                                answer.errorCode,
                                broker: connection.address.description,
                                api: .listOffsets,
                                topicPartition: partition
                            )
                            guard error.isRetriable else { throw error }
                            if answer.errorCode.invalidatesMetadata { await cluster.invalidate(topic: topic.name) }
                            failure = error
                        }
                    }
                } catch {
                    guard error.isRetriable else { throw error }
                    failure = error
                }
            }
            guard !remaining.isEmpty else { break }
            if deadline.hasPassed {
                throw failure ?? KafkaClientError(.timeout, "ListOffsets did not answer every partition", api: .listOffsets)
            }
            try? await sleep(ms: configuration.client.backoffMs(attempt: attempt), before: deadline)
        }
        return result
    }
}

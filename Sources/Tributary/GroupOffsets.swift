import KafkaProtocol

/// A group's committed offsets at its coordinator: OffsetFetch (one group per request, either layout) and
/// OffsetCommit as a simple consumer (generation -1, no member id).
struct GroupOffsets {
    let coordinator: BrokerClient
    let group: String

    /// The committed offset of each partition that has one; `topics` nil asks for every topic of the group.
    func committed(topics: [String: [Int32]]?) async throws -> [String: [Int32: Int64]] {
        let version = try await coordinator.version(of: OffsetFetchRequest.self, OffsetFetchResponse.self)
        let wanted = topics.map { entries in
            entries.keys.sorted().map { OffsetFetchRequest.Topic(name: $0, partitionIndexes: entries[$0] ?? []) }
        }
        if wanted == nil && version < 2 {
            throw CommandFailure("the coordinator speaks OffsetFetch v\(version) only, which cannot list all topics")
        }
        let request =
            version >= 8
            ? OffsetFetchRequest(groups: [.init(groupId: group, topics: wanted)])
            : OffsetFetchRequest(groupId: group, topics: wanted)
        let response = try await coordinator.send(request, version: version, as: OffsetFetchResponse.self)
        var errorCode = response.errorCode
        var answered = response.topics
        if version >= 8 {
            guard let entry = response.groups.first(where: { $0.groupId == group }) else {
                throw BrokerClientError(
                    .protocolViolation,
                    broker: coordinator.address.description,
                    api: "OffsetFetch",
                    "the response does not mention group '\(group)'"
                )
            }
            errorCode = entry.errorCode
            answered = entry.topics
        }
        guard errorCode == .none else {
            throw BrokerClientError(
                .errorCode(errorCode),
                broker: coordinator.address.description,
                api: "OffsetFetch",
                "cannot fetch the offsets of group '\(group)': \(errorCode.displayName)"
            )
        }
        var result: [String: [Int32: Int64]] = [:]
        for topic in answered {
            for partition in topic.partitions {
                guard partition.errorCode == .none else {
                    throw BrokerClientError(
                        .errorCode(partition.errorCode),
                        broker: coordinator.address.description,
                        api: "OffsetFetch",
                        "cannot fetch the offset of \(topic.name)-\(partition.partitionIndex) for group '\(group)': "
                            + partition.errorCode.displayName
                    )
                }
                if partition.committedOffset >= 0 {
                    result[topic.name, default: [:]][partition.partitionIndex] = partition.committedOffset
                }
            }
        }
        return result
    }

    /// Commits `offsets` (the next offset to consume, per partition) of `topic`.
    func commit(topic: String, offsets: [Int32: Int64]) async throws {
        guard !offsets.isEmpty else { return }
        let request = OffsetCommitRequest(
            groupId: group,
            generationIdOrMemberEpoch: -1,
            memberId: "",
            topics: [
                .init(
                    name: topic,
                    partitions: offsets.keys.sorted().map {
                        .init(partitionIndex: $0, committedOffset: offsets[$0] ?? 0)
                    }
                )
            ]
        )
        let response = try await coordinator.send(request, as: OffsetCommitResponse.self)
        for answer in response.topics {
            for partition in answer.partitions where partition.errorCode != .none {
                throw BrokerClientError(
                    .errorCode(partition.errorCode),
                    broker: coordinator.address.description,
                    api: "OffsetCommit",
                    "cannot commit the offset of \(answer.name)-\(partition.partitionIndex) for group '\(group)': "
                        + partition.errorCode.displayName
                )
            }
        }
    }
}

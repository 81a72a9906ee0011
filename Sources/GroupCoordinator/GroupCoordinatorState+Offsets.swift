extension GroupCoordinatorState {
    /// Handles an OffsetCommit: validates the member (or accepts a simple consumer's generation -1 commit to a
    /// group without members), stores each partition and persists one record per stored partition.
    public mutating func commitOffsets(
        groupId: String,
        _ input: OffsetCommitInput,
        requestId: Int,
        now: Int64
    ) -> [GroupAction] {
        var actions: [GroupAction] = []
        if let error = commitError(groupId: groupId, input, now: now, actions: &actions) {
            actions.append(.respondOffsetCommit(requestId: requestId, Self.uniform(input, error)))
            return actions
        }
        var store = offsets[groupId] ?? OffsetStore()
        var topics: [OffsetCommitTopicResult] = []
        for topic in input.topics {
            var partitions: [OffsetCommitPartitionResult] = []
            for partition in topic.partitions {
                let metadata = partition.metadata ?? ""
                guard !OffsetStore.isMetadataTooLarge(metadata, limit: config.offsetMetadataMaxSize),
                    Self.fitsRecord(metadata)
                else {
                    partitions.append(
                        OffsetCommitPartitionResult(partition: partition.partition, errorCode: .offsetMetadataTooLarge)
                    )
                    continue
                }
                let committed = CommittedOffset(
                    offset: partition.offset,
                    leaderEpoch: partition.leaderEpoch,
                    metadata: metadata,
                    commitTimestamp: now
                )
                store.put(TopicPartition(topic: topic.name, partition: partition.partition), committed)
                let key = OffsetCommitKey(group: groupId, topic: topic.name, partition: partition.partition)
                actions.append(.persist(.offsetCommit(key, OffsetCommitValue(committed))))
                partitions.append(OffsetCommitPartitionResult(partition: partition.partition, errorCode: .none))
            }
            topics.append(OffsetCommitTopicResult(name: topic.name, partitions: partitions))
        }
        offsets[groupId] = store
        actions.append(.respondOffsetCommit(requestId: requestId, OffsetCommitResult(topics: topics)))
        return actions
    }

    private mutating func commitError(
        groupId: String,
        _ input: OffsetCommitInput,
        now: Int64,
        actions: inout [GroupAction]
    ) -> GroupErrorCode? {
        guard !groupId.isEmpty else { return .invalidGroupId }
        guard Self.fitsRecord(groupId), input.topics.allSatisfy({ Self.fitsRecord($0.name) }) else {
            return .invalidRequest
        }
        if groups[groupId] == nil {
            guard input.generationId < 0 else {
                return input.version >= 9 ? .groupIdNotFound : .illegalGeneration
            }
            // Kafka creates a "simple" group (no protocol type) that only holds offsets.
            groups[groupId] = makeGroup(groupId, now: now)
        }
        return groups[groupId]?.validateOffsetCommit(
            memberId: input.memberId,
            groupInstanceId: input.groupInstanceId,
            generationId: input.generationId,
            now: now,
            actions: &actions
        )
    }

    private static func uniform(_ input: OffsetCommitInput, _ error: GroupErrorCode) -> OffsetCommitResult {
        OffsetCommitResult(
            topics: input.topics.map { topic in
                OffsetCommitTopicResult(
                    name: topic.name,
                    partitions: topic.partitions.map {
                        OffsetCommitPartitionResult(partition: $0.partition, errorCode: error)
                    }
                )
            }
        )
    }

    /// Handles an OffsetFetch: the listed partitions (missing ones as offset -1), or every committed partition
    /// when `topics` is nil; an unknown or dead group has no offsets.
    public func fetchOffsets(groupId: String, topics: [OffsetFetchTopic]?) -> OffsetFetchResult {
        guard !groupId.isEmpty else { return OffsetFetchResult(errorCode: .invalidGroupId, topics: []) }
        let known = groups[groupId].map { $0.state != .dead } ?? false
        let store = known ? offsetStore(groupId) : OffsetStore()
        return OffsetFetchResult(errorCode: .none, topics: store.fetch(topics))
    }

    /// Offset retention (Kafka's `cleanupGroupMetadata`, run every `offsets.retention.check.interval.ms`): expires
    /// offsets of Empty groups (from the time the group became Empty) and of simple groups (from the commit), then
    /// deletes Empty groups left without offsets. Returns the tombstones to persist.
    public mutating func expireOffsets(now: Int64) -> [GroupAction] {
        var actions: [GroupAction] = []
        for groupId in groups.keys.sorted() {
            guard let group = groups[groupId], group.state == .empty else { continue }
            var store = offsets[groupId] ?? OffsetStore()
            for key in store.sortedPartitions {
                guard let committed = store.offsets[key] else { continue }
                if Self.isExpired(committed, group: group, now: now, retentionMs: config.offsetsRetentionMs) {
                    store.remove(key)
                    let recordKey = OffsetCommitKey(group: groupId, topic: key.topic, partition: key.partition)
                    actions.append(.persist(.offsetCommit(recordKey, nil)))
                }
            }
            if store.isEmpty {
                offsets[groupId] = nil
                groups[groupId] = nil
                actions.append(.persist(.groupMetadata(GroupMetadataKey(group: groupId), nil)))
            } else {
                offsets[groupId] = store
            }
        }
        return actions
    }

    private static func isExpired(
        _ committed: CommittedOffset,
        group: GroupStateMachine,
        now: Int64,
        retentionMs: Int64
    ) -> Bool {
        if let expire = committed.expireTimestamp { return now >= expire }
        let base =
            group.protocolType == nil
            ? committed.commitTimestamp : (group.currentStateTimestamp ?? committed.commitTimestamp)
        return now - base >= retentionMs
    }
}

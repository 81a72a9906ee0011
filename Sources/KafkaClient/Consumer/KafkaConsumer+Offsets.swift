import KafkaProtocol
import Logging

extension KafkaConsumer {
    // MARK: - Public offset API

    /// The next offset `poll` returns for `partition`, resolving it (committed offset or `auto.offset.reset`)
    /// if it is not known yet.
    public func position(_ partition: TopicPartition) async throws(KafkaClientError) -> Int64 {
        try checkOpen()
        guard partitions[partition] != nil else {
            throw KafkaClientError(.invalidState, "cannot get the position of \(partition): it is not assigned")
        }
        try await resolvePositions()
        guard let position = partitions[partition]?.position else {
            throw KafkaClientError(.invalidState, "the position of \(partition) is not known", topicPartition: partition)
        }
        return position
    }

    /// Commits the current positions of every assigned partition (Java's `commitSync()`).
    public func commit() async throws(KafkaClientError) {
        var offsets: [TopicPartition: OffsetAndMetadata] = [:]
        for (partition, state) in partitions {
            if let position = state.position {
                offsets[partition] = OffsetAndMetadata(position, leaderEpoch: state.leaderEpoch)
            }
        }
        try await commit(offsets)
    }

    /// Commits `offsets` (the next offsets to consume) to the group coordinator, retrying coordinator errors
    /// until `default.api.timeout.ms`.
    ///
    /// - Throws: `.commitFailed` when the group rebalanced (REBALANCE_IN_PROGRESS, ILLEGAL_GENERATION,
    ///   UNKNOWN_MEMBER_ID): the partitions may belong to another member now.
    public func commit(_ offsets: [TopicPartition: OffsetAndMetadata]) async throws(KafkaClientError) {
        try checkOpen()
        guard let groupId = configuration.groupId else {
            throw KafkaClientError(.invalidState, "commit needs a group.id")
        }
        guard !offsets.isEmpty else { return }
        let deadline = Deadline.after(ms: configuration.defaultApiTimeoutMs)
        var attempt = 0
        var remaining = offsets
        while true {
            attempt += 1
            var failure: KafkaClientError
            do throws(KafkaClientError) {
                let coordinator = try await cluster.coordinator(forGroup: groupId, deadline: deadline)
                let inGroup = isSubscribed && !group.memberId.isEmpty && group.generationId >= 0
                let request = OffsetCommitRequest(
                    groupId: groupId,
                    generationIdOrMemberEpoch: inGroup ? group.generationId : -1,
                    memberId: inGroup ? group.memberId : "",
                    groupInstanceId: inGroup ? configuration.groupInstanceId : nil,
                    topics: Self.commitTopics(remaining)
                )
                let response = try await coordinator.send(
                    request,
                    as: OffsetCommitResponse.self,
                    timeoutMs: configuration.client.requestTimeoutMs
                )
                let broker = coordinator.address.description
                var retry: KafkaClientError?
                for topic in response.topics {
                    for answer in topic.partitions {
                        let partition = TopicPartition(topic.name, answer.partitionIndex)
                        if answer.errorCode == .none {
                            remaining[partition] = nil
                            continue
                        }
                        let error = KafkaClientError.broker(
                            answer.errorCode,
                            broker: broker,
                            api: .offsetCommit,
                            topicPartition: partition
                        )
                        try await commitError(answer.errorCode, error, groupId: groupId)
                        retry = error
                    }
                }
                guard let retry else { return }
                failure = retry
            } catch {
                guard error.isRetriable else { throw error }
                failure = error
            }
            guard !deadline.hasPassed else { throw failure }
            try? await sleep(ms: configuration.client.backoffMs(attempt: attempt), before: deadline)
        }
    }

    /// Classifies one partition's commit error: returns when it is worth retrying, throws otherwise.
    private func commitError(
        _ code: KafkaErrorCode,
        _ error: KafkaClientError,
        groupId: String
    ) async throws(KafkaClientError) {
        switch code {
        case .rebalanceInProgress, .illegalGeneration, .unknownMemberId:
            if code == .unknownMemberId {
                group.reset(keepMemberId: false)
            } else {
                group.needsJoin = true
            }
            var failed = error
            failed.code = .commitFailed
            failed.message = "the group rebalanced; the partitions may have been reassigned"
            throw failed
        case let code where code.invalidatesCoordinator:
            await cluster.invalidateCoordinator(forGroup: groupId)
        case .coordinatorLoadInProgress, .unknownTopicOrPartition, .requestTimedOut:
            break
        default:
            if !code.isClientRetriable { throw error }
        }
    }

    /// The committed offsets of `partitions` for the group (absent when none is committed).
    public func committed(_ list: [TopicPartition]) async throws(KafkaClientError)
        -> [TopicPartition: OffsetAndMetadata]
    {
        try checkOpen()
        guard let groupId = configuration.groupId else {
            throw KafkaClientError(.invalidState, "committed() needs a group.id")
        }
        guard !list.isEmpty else { return [:] }
        let deadline = Deadline.after(ms: configuration.defaultApiTimeoutMs)
        var attempt = 0
        while true {
            attempt += 1
            var failure: KafkaClientError
            do throws(KafkaClientError) {
                let coordinator = try await cluster.coordinator(forGroup: groupId, deadline: deadline)
                let version = try coordinator.version(OffsetFetchRequest.self, OffsetFetchResponse.self)
                var byTopic: [String: [Int32]] = [:]
                for partition in list { byTopic[partition.topic, default: []].append(partition.partition) }
                let topics = byTopic.keys.sorted().map {
                    OffsetFetchRequest.Topic(name: $0, partitionIndexes: byTopic[$0]!.sorted())
                }
                let request =
                    version >= 8
                    ? OffsetFetchRequest(groups: [.init(groupId: groupId, topics: topics)])
                    : OffsetFetchRequest(groupId: groupId, topics: topics)
                let response = try await coordinator.send(
                    request,
                    version: version,
                    as: OffsetFetchResponse.self,
                    timeoutMs: configuration.client.requestTimeoutMs
                )
                let answerTopics = version >= 8 ? (response.groups.first?.topics ?? []) : response.topics
                let topLevel = version >= 8 ? (response.groups.first?.errorCode ?? .none) : response.errorCode
                if topLevel != .none {
                    let error = KafkaClientError.broker(
                        topLevel,
                        broker: coordinator.address.description,
                        api: .offsetFetch
                    )
                    if topLevel.invalidatesCoordinator { await cluster.invalidateCoordinator(forGroup: groupId) }
                    throw error
                }
                var result: [TopicPartition: OffsetAndMetadata] = [:]
                var retry: KafkaClientError?
                for topic in answerTopics {
                    for answer in topic.partitions {
                        let partition = TopicPartition(topic.name, answer.partitionIndex)
                        if answer.errorCode == .unstableOffsetCommit {
                            retry = .broker(answer.errorCode, broker: nil, api: .offsetFetch, topicPartition: partition)
                            continue
                        }
                        guard answer.errorCode == .none || answer.errorCode == .unknownTopicOrPartition else {
                            throw KafkaClientError.broker(
                                answer.errorCode,
                                broker: coordinator.address.description,
                                api: .offsetFetch,
                                topicPartition: partition
                            )
                        }
                        guard answer.committedOffset >= 0 else { continue }
                        result[partition] = OffsetAndMetadata(
                            answer.committedOffset,
                            metadata: answer.metadata,
                            leaderEpoch: answer.committedLeaderEpoch >= 0 ? answer.committedLeaderEpoch : nil
                        )
                    }
                }
                guard let retry else { return result }
                failure = retry
            } catch {
                guard error.isRetriable else { throw error }
                failure = error
            }
            guard !deadline.hasPassed else { throw failure }
            try? await sleep(ms: configuration.client.backoffMs(attempt: attempt), before: deadline)
        }
    }

    // MARK: - Internals

    var isSubscribed: Bool {
        if case .subscribed = mode { return true }
        return false
    }

    static func commitTopics(_ offsets: [TopicPartition: OffsetAndMetadata]) -> [OffsetCommitRequest.Topic] {
        var byTopic: [String: [OffsetCommitRequest.Partition]] = [:]
        for (partition, offset) in offsets {
            byTopic[partition.topic, default: []].append(
                OffsetCommitRequest.Partition(
                    partitionIndex: partition.partition,
                    committedOffset: offset.offset,
                    committedLeaderEpoch: offset.leaderEpoch ?? -1,
                    committedMetadata: offset.metadata ?? ""
                )
            )
        }
        return byTopic.keys.sorted().map { topic in
            OffsetCommitRequest.Topic(
                name: topic,
                partitions: byTopic[topic]!.sorted { $0.partitionIndex < $1.partitionIndex }
            )
        }
    }

    /// Gives every assigned partition without a position one: the committed offset (group consumers, unless a
    /// reset was asked for), else `auto.offset.reset` through ListOffsets.
    func resolvePositions() async throws(KafkaClientError) {
        let unknown = assignmentOrder.filter { partitions[$0]?.position == nil }
        guard !unknown.isEmpty else { return }
        var needReset: [TopicPartition] = []
        let fromCommitted = unknown.filter { partitions[$0]?.reset == nil }
        if configuration.groupId != nil, !fromCommitted.isEmpty {
            let committed = try await committed(fromCommitted)
            for partition in fromCommitted {
                guard partitions[partition]?.position == nil, partitions[partition]?.reset == nil else { continue }
                if let offset = committed[partition] {
                    partitions[partition]?.position = offset.offset
                    partitions[partition]?.leaderEpoch = offset.leaderEpoch
                } else {
                    needReset.append(partition)
                }
            }
        } else {
            needReset.append(contentsOf: fromCommitted)
        }
        needReset.append(contentsOf: unknown.filter { partitions[$0]?.reset != nil })
        var timestamps: [TopicPartition: Int64] = [:]
        for partition in needReset {
            guard let state = partitions[partition], state.position == nil else { continue }
            let strategy = state.reset ?? configuration.autoOffsetReset
            switch strategy {
            case .earliest: timestamps[partition] = -2
            case .latest: timestamps[partition] = -1
            default:
                throw KafkaClientError(
                    .noOffset,
                    "no committed offset for \(partition) and auto.offset.reset is none",
                    topicPartition: partition
                )
            }
        }
        guard !timestamps.isEmpty else { return }
        let offsets = try await listOffsets(timestamps)
        for (partition, offset) in offsets {
            guard var state = partitions[partition], state.position == nil else { continue }
            state.position = offset
            state.reset = nil
            partitions[partition] = state
            logger.debug("position reset", metadata: ["partition": "\(partition)", "offset": "\(offset)"])
        }
    }

    /// Commits positions every `auto.commit.interval.ms` when auto-commit is on (errors are logged only).
    func maybeAutoCommit() async {
        guard configuration.enableAutoCommit, configuration.groupId != nil else { return }
        guard lastAutoCommit.duration(to: .now) >= .milliseconds(configuration.autoCommitIntervalMs) else { return }
        lastAutoCommit = .now
        await autoCommitNow()
    }

    /// Commits the current positions if auto-commit is on, logging failures.
    func autoCommitNow() async {
        guard configuration.enableAutoCommit, configuration.groupId != nil, !partitions.isEmpty else { return }
        do {
            try await commit()
        } catch {
            logger.info("auto-commit failed", metadata: ["error": "\(error)"])
        }
    }
}

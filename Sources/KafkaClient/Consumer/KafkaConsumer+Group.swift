import KafkaProtocol
import Logging
import NIOCore

extension KafkaConsumer {
    /// Joins (or rejoins) the group until it has a stable generation: revokes the current assignment first
    /// (eager protocol), then JoinGroup, the leader's assignment, SyncGroup; retries coordinator errors.
    func ensureActiveGroup() async throws(KafkaClientError) {
        guard case .subscribed = mode, let groupId = configuration.groupId else { return }
        await checkSubscribedMetadata()
        var attempt = 0
        while group.needsJoin {
            try checkOpen()
            guard case .subscribed(let topics) = mode else { return }
            if !assignmentOrder.isEmpty {
                if group.generationId >= 0 { await revokeAssignment() } else { await loseAssignment() }
            }
            attempt += 1
            do throws(KafkaClientError) {
                if try await joinAndSync(groupId: groupId, topics: topics) { return }
                // MEMBER_ID_REQUIRED is answered at once; repeated rounds (rebalances during sync) back off.
                if attempt > 1 { try? await sleep(ms: configuration.client.backoffMs(attempt: attempt - 1)) }
            } catch {
                guard error.isRetriable else { throw error }
                logger.debug("group join failed, retrying", metadata: ["error": "\(error)"])
                if error.code == .connection || error.code == .timeout {
                    await cluster.invalidateCoordinator(forGroup: groupId)
                }
                try? await sleep(ms: configuration.client.backoffMs(attempt: attempt))
            }
        }
    }

    /// One JoinGroup + SyncGroup round; returns true when the member is stable afterwards, false when the round
    /// must be repeated at once (MEMBER_ID_REQUIRED, a rebalance during sync, …).
    private func joinAndSync(groupId: String, topics: [String]) async throws(KafkaClientError) -> Bool {
        joining = true
        defer { joining = false }
        let deadline = Deadline.after(ms: configuration.defaultApiTimeoutMs)
        if configuration.allowAutoCreateTopics {
            // As the Java consumer does: metadata for the subscription creates missing topics where allowed.
            _ = try? await cluster.refreshMetadata(topics: topics, allowAutoCreate: true)
        }
        let coordinator = try await cluster.coordinator(forGroup: groupId, deadline: deadline)
        let broker = coordinator.address.description
        let subscription = ConsumerProtocol.Subscription(topics: topics, userData: nil)
        let metadata = subscription.encoded()
        let join = JoinGroupRequest(
            groupId: groupId,
            sessionTimeoutMs: configuration.sessionTimeoutMs,
            rebalanceTimeoutMs: configuration.maxPollIntervalMs,
            memberId: group.memberId,
            groupInstanceId: configuration.groupInstanceId,
            protocolType: ConsumerProtocol.protocolType,
            protocols: configuration.partitionAssignmentStrategy.map { .init(name: $0.name, metadata: metadata) }
        )
        // The coordinator holds JoinGroup until every member rejoined (up to the rebalance timeout).
        let longTimeout = max(configuration.client.requestTimeoutMs, Int64(configuration.maxPollIntervalMs) + 5000)
        let joined = try await coordinator.send(join, as: JoinGroupResponse.self, timeoutMs: longTimeout)
        switch joined.errorCode {
        case .none:
            break
        case .memberIdRequired:
            group.memberId = joined.memberId
            return false
        case .unknownMemberId:
            group.reset(keepMemberId: false)
            return false
        case .illegalGeneration, .rebalanceInProgress:
            return false
        case let code where code.invalidatesCoordinator:
            await cluster.invalidateCoordinator(forGroup: groupId)
            throw KafkaClientError.broker(code, broker: broker, api: .joinGroup)
        default:
            throw KafkaClientError.broker(joined.errorCode, broker: broker, api: .joinGroup)
        }
        group.memberId = joined.memberId
        group.generationId = joined.generationId
        group.protocolName = joined.protocolName
        group.leaderId = joined.leader
        logger.debug(
            "joined group",
            metadata: [
                "kafka.member_id": "\(joined.memberId)", "kafka.generation": "\(joined.generationId)",
                "kafka.leader": "\(joined.leader == joined.memberId)", "kafka.protocol": "\(joined.protocolName ?? "")",
            ]
        )
        var assignments: [SyncGroupRequest.Assignment] = []
        if group.isLeader {
            assignments = try await computeAssignments(joined.members, protocolName: joined.protocolName)
        }
        let sync = SyncGroupRequest(
            groupId: groupId,
            generationId: joined.generationId,
            memberId: joined.memberId,
            groupInstanceId: configuration.groupInstanceId,
            protocolType: ConsumerProtocol.protocolType,
            protocolName: joined.protocolName,
            assignments: assignments
        )
        let synced = try await coordinator.send(sync, as: SyncGroupResponse.self, timeoutMs: longTimeout)
        switch synced.errorCode {
        case .none:
            break
        case .rebalanceInProgress, .illegalGeneration:
            group.needsJoin = true
            return false
        case .unknownMemberId:
            group.reset(keepMemberId: false)
            return false
        case let code where code.invalidatesCoordinator:
            await cluster.invalidateCoordinator(forGroup: groupId)
            throw KafkaClientError.broker(code, broker: broker, api: .syncGroup)
        default:
            throw KafkaClientError.broker(synced.errorCode, broker: broker, api: .syncGroup)
        }
        let assignment: ConsumerProtocol.Assignment
        do {
            assignment = try ConsumerProtocol.Assignment.decode(synced.assignment)
        } catch {
            throw KafkaClientError(.protocolViolation, "cannot decode the assignment: \(error)", api: .syncGroup)
        }
        let subscribed = Set(topics)
        let owned = assignment.partitions.filter { subscribed.contains($0.topic) }
        group.needsJoin = false
        group.lastContact = .now
        setAssignment(owned)
        startHeartbeat()
        logger.debug("assignment received", metadata: ["kafka.partitions": "\(owned.sorted())"])
        if let listener {
            await listener.partitionsAssigned(assignmentOrder, consumer: self)
        }
        return !group.needsJoin
    }

    /// The leader's job: decode every member's subscription, describe the topics and run the chosen assignor.
    private func computeAssignments(
        _ members: [JoinGroupResponse.Member],
        protocolName: String?
    ) async throws(KafkaClientError) -> [SyncGroupRequest.Assignment] {
        var subscribers: [PartitionAssignor.Member] = []
        for member in members {
            do {
                let subscription = try ConsumerProtocol.Subscription.decode(member.metadata)
                subscribers.append(
                    .init(memberId: member.memberId, groupInstanceId: member.groupInstanceId, topics: subscription.topics)
                )
            } catch {
                logger.info(
                    "ignoring a member's undecodable subscription",
                    metadata: ["kafka.member_id": "\(member.memberId)", "error": "\(error)"]
                )
                subscribers.append(.init(memberId: member.memberId, groupInstanceId: member.groupInstanceId, topics: []))
            }
        }
        let topics = Set(subscribers.flatMap(\.topics)).sorted()
        var counts: [String: Int32] = [:]
        if !topics.isEmpty {
            try await cluster.refreshMetadata(topics: topics, allowAutoCreate: false)
            let known = await cluster.metadata.topics
            for topic in topics {
                if let description = known[topic], description.errorCode == .none, description.partitionCount > 0 {
                    counts[topic] = description.partitionCount
                }
            }
        }
        group.assignedPartitionCounts = counts
        let strategy = protocolName.flatMap(AssignmentStrategy.init(name:)) ?? .range
        let plan = PartitionAssignor.assign(strategy, members: subscribers, partitionCounts: counts)
        return subscribers.map { member in
            SyncGroupRequest.Assignment(
                memberId: member.memberId,
                assignment: ConsumerProtocol.Assignment(partitions: plan[member.memberId] ?? []).encoded()
            )
        }
    }

    /// Before leaving or rejoining: commit positions (auto-commit), tell the listener, drop the assignment.
    func revokeAssignment() async {
        let revoked = assignmentOrder
        guard !revoked.isEmpty else { return }
        await autoCommitNow()
        if let listener {
            await listener.partitionsRevoked(revoked, consumer: self)
        }
        setAssignment([])
    }

    /// After the membership expired: tell the listener the partitions are lost (no commit), drop them.
    func loseAssignment() async {
        let lost = assignmentOrder
        guard !lost.isEmpty else { return }
        logger.info("partitions lost: the group membership expired", metadata: ["kafka.partitions": "\(lost)"])
        if let listener {
            await listener.partitionsLost(lost, consumer: self)
        }
        setAssignment([])
    }

    /// LeaveGroup for this member. Static members keep their place until the session times out, as in Kafka,
    /// unless `evenIfStatic` (KIP-345's explicit removal by instance id); errors are logged only.
    func leaveGroup(reason: String, evenIfStatic: Bool = false) async {
        guard let groupId = configuration.groupId, !group.memberId.isEmpty else {
            group.reset(keepMemberId: false)
            return
        }
        let memberId = group.memberId
        group.reset(keepMemberId: false)
        guard configuration.groupInstanceId == nil || evenIfStatic else { return }
        do throws(KafkaClientError) {
            let coordinator = try await cluster.coordinator(
                forGroup: groupId,
                deadline: .after(ms: configuration.client.requestTimeoutMs)
            )
            let version = try coordinator.version(LeaveGroupRequest.self, LeaveGroupResponse.self)
            let request =
                version >= 3
                ? LeaveGroupRequest(
                    groupId: groupId,
                    members: [.init(memberId: memberId, groupInstanceId: configuration.groupInstanceId, reason: reason)])
                : LeaveGroupRequest(groupId: groupId, memberId: memberId)
            let response = try await coordinator.send(
                request,
                version: version,
                as: LeaveGroupResponse.self,
                timeoutMs: configuration.client.requestTimeoutMs
            )
            if response.errorCode != .none {
                logger.debug("LeaveGroup failed", metadata: ["error": "\(response.errorCode.kafkaName)"])
            }
        } catch {
            logger.debug("LeaveGroup failed", metadata: ["error": "\(error)"])
        }
    }

    /// The leader rejoins when a subscribed topic's partition count changed (checked every `metadata.max.age.ms`).
    private func checkSubscribedMetadata() async {
        guard group.isStable, group.isLeader, case .subscribed(let topics) = mode else { return }
        guard lastMetadataCheck.duration(to: .now) >= .milliseconds(configuration.client.metadataMaxAgeMs) else {
            return
        }
        lastMetadataCheck = .now
        guard (try? await cluster.refreshMetadata(topics: topics, allowAutoCreate: false)) != nil else { return }
        let known = await cluster.metadata.topics
        for topic in topics {
            let count = known[topic].flatMap { $0.errorCode == .none ? $0.partitionCount : nil }
            if count != group.assignedPartitionCounts[topic] {
                logger.info("subscribed topic metadata changed; rebalancing", metadata: ["topic": "\(topic)"])
                group.needsJoin = true
                return
            }
        }
    }

    // MARK: - Heartbeats

    /// Starts the heartbeat loop (one per consumer, cancelled by `close`).
    func startHeartbeat() {
        guard heartbeat == nil else { return }
        heartbeat = Task { await self.heartbeatLoop() }
    }

    /// Every `heartbeat.interval.ms` while the member has a generation and is not joining: Heartbeat to the
    /// coordinator (also while a rebalance waits for the next `poll`, as Kafka's heartbeat thread does); a
    /// rebalance or a stale member makes the next `poll` rejoin; no `poll` within `max.poll.interval.ms` leaves
    /// the group.
    private func heartbeatLoop() async {
        while !Task.isCancelled && !closed {
            do {
                try await Task.sleep(for: .milliseconds(configuration.heartbeatIntervalMs))
            } catch {
                return
            }
            guard !closed, !joining, case .subscribed = mode, group.generationId >= 0, !group.memberId.isEmpty,
                let groupId = configuration.groupId
            else { continue }
            if lastPoll.duration(to: .now) > .milliseconds(configuration.maxPollIntervalMs) {
                logger.info(
                    "no poll within max.poll.interval.ms; leaving the group",
                    metadata: ["max.poll.interval.ms": "\(configuration.maxPollIntervalMs)"]
                )
                await leaveGroup(reason: "consumer poll timeout has expired")
                continue
            }
            await sendHeartbeat(groupId: groupId)
        }
    }

    private func sendHeartbeat(groupId: String) async {
        let generation = group.generationId
        let memberId = group.memberId
        do throws(KafkaClientError) {
            let coordinator = try await cluster.coordinator(
                forGroup: groupId,
                deadline: .after(ms: configuration.client.requestTimeoutMs)
            )
            let response = try await coordinator.send(
                HeartbeatRequest(
                    groupId: groupId,
                    generationId: generation,
                    memberId: memberId,
                    groupInstanceId: configuration.groupInstanceId
                ),
                as: HeartbeatResponse.self,
                timeoutMs: configuration.client.requestTimeoutMs
            )
            // The generation may have moved on while the heartbeat was out.
            guard group.generationId == generation, group.memberId == memberId else { return }
            switch response.errorCode {
            case .none:
                group.lastContact = .now
            case .rebalanceInProgress:
                if !group.needsJoin { logger.debug("group is rebalancing") }
                group.lastContact = .now
                group.needsJoin = true
            case .illegalGeneration:
                group.reset(keepMemberId: true)
            case .unknownMemberId, .fencedInstanceId:
                group.reset(keepMemberId: false)
            case let code where code.invalidatesCoordinator:
                await cluster.invalidateCoordinator(forGroup: groupId)
            default:
                logger.debug("heartbeat failed", metadata: ["error": "\(response.errorCode.kafkaName)"])
            }
        } catch {
            logger.debug("heartbeat failed", metadata: ["error": "\(error)"])
            await cluster.invalidateCoordinator(forGroup: groupId)
        }
        if group.generationId >= 0,
            group.lastContact.duration(to: .now) > .milliseconds(Int64(configuration.sessionTimeoutMs))
        {
            // The coordinator has surely expired the session: start over.
            group.reset(keepMemberId: false)
        }
    }
}

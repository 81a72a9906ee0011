import NIOCore

extension GroupStateMachine {
    /// Kafka's `maybePrepareRebalanceOrCompleteJoin`.
    mutating func maybePrepareRebalanceOrCompleteJoin(now: Int64, actions: inout [GroupAction]) {
        if canRebalance {
            prepareRebalance(now: now, actions: &actions)
        } else {
            maybeCompleteJoinPhase(now: now, actions: &actions)
        }
    }

    /// Kafka's `prepareRebalance`: parked syncs fail with REBALANCE_IN_PROGRESS; an empty group waits the initial
    /// delay, any other completes at once when everyone has rejoined or waits the rebalance timeout.
    mutating func prepareRebalance(now: Int64, actions: inout [GroupAction]) {
        if state == .completingRebalance {
            resetAndPropagateAssignment(error: .rebalanceInProgress, now: now, actions: &actions)
        }
        if state == .empty {
            let delay = max(0, config.initialRebalanceDelayMs)
            let remaining = max(rebalanceTimeoutMs - delay, 0)
            let join = JoinPhase(
                deadline: now + Int64(delay),
                initialDelay: InitialDelay(delayMs: delay, remainingMs: remaining),
                newMemberAdded: false
            )
            transition(to: .preparingRebalance(join), now: now)
            return
        }
        let join = JoinPhase(
            deadline: now + Int64(max(0, rebalanceTimeoutMs)),
            initialDelay: nil,
            newMemberAdded: false
        )
        transition(to: .preparingRebalance(join), now: now)
        if hasAllMembersJoined {
            completeJoin(now: now, actions: &actions)
        }
    }

    /// Kafka's `maybeCompleteJoinPhase`: not during an initial rebalance, only when everyone has rejoined.
    mutating func maybeCompleteJoinPhase(now: Int64, actions: inout [GroupAction]) {
        guard state == .preparingRebalance, previousState != .empty, hasAllMembersJoined else { return }
        completeJoin(now: now, actions: &actions)
    }

    /// Kafka's `tryCompleteInitialRebalanceElseSchedule` (InitialDelayedJoin): extend the delay while new members
    /// keep arriving and time remains, then complete the join phase.
    mutating func initialDelayExpired(_ join: JoinPhase, delay: InitialDelay, now: Int64, actions: inout [GroupAction])
    {
        if join.newMemberAdded && delay.remainingMs != 0 {
            let newDelay = min(max(0, config.initialRebalanceDelayMs), delay.remainingMs)
            let newRemaining = max(delay.remainingMs - delay.delayMs, 0)
            phase = .preparingRebalance(
                JoinPhase(
                    deadline: now + Int64(newDelay),
                    initialDelay: InitialDelay(delayMs: newDelay, remainingMs: newRemaining),
                    newMemberAdded: false
                )
            )
        } else {
            completeJoin(now: now, actions: &actions)
        }
    }

    /// Kafka's `completeClassicGroupJoin`: drop dynamic members that did not rejoin, start the next generation and
    /// answer every parked join (the leader's answer lists all members).
    mutating func completeJoin(now: Int64, actions: inout [GroupAction]) {
        guard case .preparingRebalance = phase else { return }
        for member in members where !member.isAwaitingJoin && !member.isStatic {
            remove(member.memberId, actions: &actions)
        }
        guard electJoinedLeader() || members.isEmpty else {
            // Nobody rejoined: wait another rebalance timeout for session expiry to clear the group.
            phase = .preparingRebalance(
                JoinPhase(
                    deadline: now + Int64(max(0, rebalanceTimeoutMs)),
                    initialDelay: nil,
                    newMemberAdded: false
                )
            )
            return
        }
        generationId &+= 1
        if members.isEmpty {
            protocolName = nil
            transition(to: .empty, now: now)
            actions.append(.persist(metadataRecord))
            return
        }
        protocolName = selectProtocol()
        let sync = SyncPhase(
            pendingSync: Set(members.map(\.memberId)),
            deadline: now + Int64(max(0, rebalanceTimeoutMs))
        )
        transition(to: .completingRebalance(sync), now: now)
        for index in members.indices {
            let memberId = members[index].memberId
            if let request = members[index].awaitingJoinRequest {
                actions.append(
                    .respondJoin(requestId: request, currentJoinResult(for: memberId, listMembers: isLeader(memberId)))
                )
                members[index].awaitingJoinRequest = nil
            }
            members[index].heartbeat(now: now)
            members[index].isNew = false
        }
    }

    /// Kafka's `resetAndPropagateAssignmentWithError`: clear assignments and fail parked syncs.
    mutating func resetAndPropagateAssignment(error: GroupErrorCode, now: Int64, actions: inout [GroupAction]) {
        for index in members.indices {
            members[index].assignment = ByteBuffer()
        }
        propagateAssignment(error: error, now: now, actions: &actions)
    }

    /// Kafka's `propagateAssignment`: answer parked syncs and restart their members' session timers.
    mutating func propagateAssignment(error: GroupErrorCode, now: Int64, actions: inout [GroupAction]) {
        for index in members.indices {
            guard let request = members[index].awaitingSyncRequest else { continue }
            let result =
                error == .none
                ? SyncResult(
                    errorCode: .none,
                    protocolType: protocolType,
                    protocolName: protocolName,
                    assignment: members[index].assignment
                )
                : SyncResult.error(error)
            actions.append(.respondSync(requestId: request, result))
            members[index].awaitingSyncRequest = nil
            members[index].heartbeat(now: now)
        }
    }

    /// The GroupMetadata record that describes the group now.
    public var metadataRecord: CoordinatorRecord {
        .groupMetadata(GroupMetadataKey(group: groupId), metadataValue)
    }

    /// The GroupMetadataValue that describes the group now (what replay restores).
    public var metadataValue: GroupMetadataValue {
        GroupMetadataValue(
            protocolType: protocolType ?? "",
            generation: generationId,
            protocolName: protocolName,
            leader: leaderId,
            currentStateTimestamp: currentStateTimestamp ?? -1,
            members: members.map { member in
                GroupMetadataValue.Member(
                    memberId: member.memberId,
                    groupInstanceId: member.groupInstanceId,
                    clientId: member.clientId,
                    clientHost: member.clientHost,
                    rebalanceTimeoutMs: member.rebalanceTimeoutMs,
                    sessionTimeoutMs: member.sessionTimeoutMs,
                    subscription: protocolName.flatMap { member.metadata(for: $0) } ?? ByteBuffer(),
                    assignment: member.assignment
                )
            }
        )
    }
}

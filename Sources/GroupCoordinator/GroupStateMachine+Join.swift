import NIOCore

extension GroupStateMachine {
    /// Validation Kafka's service applies before a join reaches the group: the session timeout must lie in
    /// [`group.min.session.timeout.ms`, `group.max.session.timeout.ms`] and every string must fit a record.
    public static func validate(_ input: JoinInput, config: GroupCoordinatorConfig) -> GroupErrorCode? {
        guard input.sessionTimeoutMs >= config.minSessionTimeoutMs,
            input.sessionTimeoutMs <= config.maxSessionTimeoutMs
        else { return .invalidSessionTimeout }
        // A generated member id appends "-" and a 36-character UUID to the client or instance id.
        let limit = ByteBuffer.maxClassicStringBytes
        let strings = [input.memberId, input.clientHost, input.protocolType] + input.protocols.map(\.name)
        guard strings.allSatisfy({ $0.utf8.count <= limit }),
            input.clientId.utf8.count <= limit - 37,
            (input.groupInstanceId?.utf8.count ?? 0) <= limit - 37
        else { return .invalidRequest }
        return nil
    }

    /// Handles a JoinGroup request; the response may come later (`respondJoin` from another event or a tick).
    public mutating func join(_ input: JoinInput, requestId: Int, now: Int64) -> [GroupAction] {
        var actions: [GroupAction] = []
        fireDueTimers(now: now, actions: &actions)
        if let error = Self.validate(input, config: config) {
            actions.append(.respondJoin(requestId: requestId, .error(error, memberId: input.memberId)))
        } else {
            handleJoin(input, requestId: requestId, now: now, actions: &actions)
        }
        fireDueTimers(now: now, actions: &actions)
        return actions
    }

    private mutating func handleJoin(_ input: JoinInput, requestId: Int, now: Int64, actions: inout [GroupAction]) {
        guard acceptsJoiningMember(input.memberId) else {
            remove(input.memberId, actions: &actions)
            actions.append(.respondJoin(requestId: requestId, .error(.groupMaxSizeReached, memberId: "")))
            return
        }
        if input.memberId.isEmpty {
            joinNewMember(input, requestId: requestId, now: now, actions: &actions)
        } else {
            joinExistingMember(input, requestId: requestId, now: now, actions: &actions)
        }
    }

    /// Kafka's `acceptJoiningMember` (`group.max.size`).
    private func acceptsJoiningMember(_ memberId: String) -> Bool {
        switch state {
        case .empty, .dead:
            return true
        case .preparingRebalance:
            return member(memberId)?.isAwaitingJoin == true || awaitingJoinCount < config.maxGroupSize
        case .completingRebalance, .stable:
            return index(of: memberId) != nil || members.count < config.maxGroupSize
        }
    }

    private mutating func joinNewMember(_ input: JoinInput, requestId: Int, now: Int64, actions: inout [GroupAction]) {
        if state == .dead {
            actions.append(.respondJoin(requestId: requestId, .error(.coordinatorNotAvailable, memberId: "")))
            return
        }
        guard supportsProtocols(type: input.protocolType, names: input.protocols.map(\.name)) else {
            actions.append(.respondJoin(requestId: requestId, .error(.inconsistentGroupProtocol, memberId: "")))
            return
        }
        let newMemberId = (input.groupInstanceId ?? input.clientId) + "-" + memberIds.nextUUID()
        if let instanceId = input.groupInstanceId {
            if let existing = staticMemberId(for: instanceId) {
                replaceStaticMember(
                    existing,
                    with: newMemberId,
                    input: input,
                    requestId: requestId,
                    now: now,
                    actions: &actions
                )
            } else {
                addMember(newMemberId, input: input, requestId: requestId, now: now, actions: &actions)
            }
        } else if input.requireKnownMemberId {
            pendingMembers[newMemberId] = now + Int64(input.sessionTimeoutMs)
            actions.append(.respondJoin(requestId: requestId, .error(.memberIdRequired, memberId: newMemberId)))
        } else {
            addMember(newMemberId, input: input, requestId: requestId, now: now, actions: &actions)
        }
    }

    private mutating func joinExistingMember(
        _ input: JoinInput,
        requestId: Int,
        now: Int64,
        actions: inout [GroupAction]
    ) {
        let memberId = input.memberId
        if state == .dead {
            actions.append(.respondJoin(requestId: requestId, .error(.coordinatorNotAvailable, memberId: memberId)))
            return
        }
        guard supportsProtocols(type: input.protocolType, names: input.protocols.map(\.name)) else {
            actions.append(.respondJoin(requestId: requestId, .error(.inconsistentGroupProtocol, memberId: memberId)))
            return
        }
        if pendingMembers[memberId] != nil {
            // A pending member is dynamic by construction; Kafka treats an instance id here as a bug.
            addMember(memberId, input: input, requestId: requestId, now: now, actions: &actions)
            return
        }
        if let error = validateMember(memberId, groupInstanceId: input.groupInstanceId) {
            actions.append(.respondJoin(requestId: requestId, .error(error, memberId: memberId)))
            return
        }
        guard let index = index(of: memberId) else { return }
        let sameMetadata = members[index].protocols == input.protocols
        switch state {
        case .preparingRebalance:
            updateMember(at: index, input: input, requestId: requestId, actions: &actions)
            maybePrepareRebalanceOrCompleteJoin(now: now, actions: &actions)
        case .completingRebalance where sameMetadata:
            // The member lost the first response: repeat the current generation's answer.
            actions.append(
                .respondJoin(
                    requestId: requestId,
                    currentJoinResult(for: memberId, listMembers: isLeader(memberId))
                )
            )
        case .stable where sameMetadata && !isLeader(memberId):
            actions.append(.respondJoin(requestId: requestId, currentJoinResult(for: memberId, listMembers: false)))
        case .completingRebalance, .stable:
            // Changed metadata, or the leader asking for a new assignment.
            updateMember(at: index, input: input, requestId: requestId, actions: &actions)
            maybePrepareRebalanceOrCompleteJoin(now: now, actions: &actions)
        case .empty, .dead:
            actions.append(.respondJoin(requestId: requestId, .error(.unknownMemberId, memberId: memberId)))
        }
    }

    /// Kafka's `addMemberThenRebalanceOrCompleteJoin`.
    private mutating func addMember(
        _ memberId: String,
        input: JoinInput,
        requestId: Int,
        now: Int64,
        actions: inout [GroupAction]
    ) {
        var member = GroupMember(
            memberId: memberId,
            groupInstanceId: input.groupInstanceId,
            clientId: input.clientId,
            clientHost: input.clientHost,
            sessionTimeoutMs: input.sessionTimeoutMs,
            rebalanceTimeoutMs: input.rebalanceTimeoutMs,
            protocolType: input.protocolType,
            protocols: input.protocols
        )
        member.isNew = true
        member.awaitingJoinRequest = requestId
        // A parked JoinGroup of a new member cannot heartbeat; it is dropped after the new-member join timeout.
        member.heartbeat(now: now, timeoutMs: config.newMemberJoinTimeoutMs)
        if case .preparingRebalance(var join) = phase, previousState == .empty {
            join.newMemberAdded = true
            phase = .preparingRebalance(join)
        }
        add(member)
        maybePrepareRebalanceOrCompleteJoin(now: now, actions: &actions)
    }

    /// Kafka's `updateMember` with a new parked join request; a superseded parked join is answered at once.
    private mutating func updateMember(at index: Int, input: JoinInput, requestId: Int, actions: inout [GroupAction]) {
        if let previous = members[index].awaitingJoinRequest, previous != requestId {
            actions.append(
                .respondJoin(requestId: previous, .error(.rebalanceInProgress, memberId: members[index].memberId))
            )
        }
        members[index].protocols = input.protocols
        members[index].rebalanceTimeoutMs = input.rebalanceTimeoutMs
        members[index].sessionTimeoutMs = input.sessionTimeoutMs
        members[index].awaitingJoinRequest = requestId
    }

    /// Kafka's `updateStaticMemberThenRebalanceOrCompleteJoin`: a known instance id joins with an empty member id.
    private mutating func replaceStaticMember(
        _ oldMemberId: String,
        with newMemberId: String,
        input: JoinInput,
        requestId: Int,
        now: Int64,
        actions: inout [GroupAction]
    ) {
        guard let index = index(of: oldMemberId) else { return }
        let previousLeader = leaderId
        // Fence whoever still waits with the old id.
        let old = members[index]
        if let request = old.awaitingJoinRequest {
            actions.append(.respondJoin(requestId: request, .error(.fencedInstanceId, memberId: oldMemberId)))
        }
        if let request = old.awaitingSyncRequest {
            actions.append(.respondSync(requestId: request, .error(.fencedInstanceId)))
        }
        var replacement = GroupMember(
            memberId: newMemberId,
            groupInstanceId: old.groupInstanceId,
            clientId: old.clientId,
            clientHost: old.clientHost,
            sessionTimeoutMs: old.sessionTimeoutMs,
            rebalanceTimeoutMs: old.rebalanceTimeoutMs,
            protocolType: old.protocolType,
            protocols: old.protocols,
            assignment: old.assignment
        )
        replacement.heartbeat(now: now)
        members[index] = replacement
        if isLeader(oldMemberId) { leaderId = newMemberId }
        replacePendingSync(oldMemberId, with: newMemberId)
        updateMember(at: index, input: input, requestId: requestId, actions: &actions)

        switch state {
        case .stable:
            guard selectProtocol() == protocolName else {
                maybePrepareRebalanceOrCompleteJoin(now: now, actions: &actions)
                return
            }
            // The selected protocol does not change: persist the new member id and keep the assignment.
            actions.append(.persist(metadataRecord))
            members[index].awaitingJoinRequest = nil
            let result: JoinResult
            if input.supportsSkippingAssignment {
                let leads = isLeader(newMemberId)
                var current = currentJoinResult(for: newMemberId, listMembers: leads)
                current.skipAssignment = leads
                result = current
            } else {
                // Older clients are told the previous leader id, so a rejoining leader does not reassign.
                var current = currentJoinResult(for: newMemberId, listMembers: false)
                current.leader = previousLeader ?? ""
                result = current
            }
            actions.append(.respondJoin(requestId: requestId, result))
        case .completingRebalance:
            // The leader may already be assigning with the old id: start over.
            prepareRebalance(now: now, actions: &actions)
        case .preparingRebalance:
            maybeCompleteJoinPhase(now: now, actions: &actions)
        case .empty, .dead:
            break
        }
    }
}

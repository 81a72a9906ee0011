import NIOCore

extension GroupStateMachine {
    /// Handles a SyncGroup request: followers wait for the leader's assignment; in Stable everyone gets theirs at once.
    public mutating func sync(_ input: SyncInput, requestId: Int, now: Int64) -> [GroupAction] {
        var actions: [GroupAction] = []
        fireDueTimers(now: now, actions: &actions)
        handleSync(input, requestId: requestId, now: now, actions: &actions)
        fireDueTimers(now: now, actions: &actions)
        return actions
    }

    private mutating func handleSync(_ input: SyncInput, requestId: Int, now: Int64, actions: inout [GroupAction]) {
        if let error = validateSync(input) {
            actions.append(.respondSync(requestId: requestId, .error(error)))
            return
        }
        guard let index = index(of: input.memberId) else { return }
        switch state {
        case .preparingRebalance:
            actions.append(.respondSync(requestId: requestId, .error(.rebalanceInProgress)))
        case .completingRebalance:
            if let previous = members[index].awaitingSyncRequest, previous != requestId {
                actions.append(.respondSync(requestId: previous, .error(.rebalanceInProgress)))
            }
            members[index].awaitingSyncRequest = requestId
            removePendingSync(input.memberId)
            if isLeader(input.memberId) {
                completeSync(leaderAssignments: input.assignments, now: now, actions: &actions)
            }
        case .stable:
            removePendingSync(input.memberId)
            actions.append(
                .respondSync(
                    requestId: requestId,
                    SyncResult(
                        errorCode: .none,
                        protocolType: protocolType,
                        protocolName: protocolName,
                        assignment: members[index].assignment
                    )
                )
            )
        case .empty, .dead:
            actions.append(.respondSync(requestId: requestId, .error(.unknownMemberId)))
        }
    }

    /// Kafka's `validateSyncGroup`, with the "group is empty" check of `classicGroupSync` first.
    private func validateSync(_ input: SyncInput) -> GroupErrorCode? {
        switch state {
        case .empty: return .unknownMemberId
        case .dead: return .coordinatorNotAvailable
        default: break
        }
        if let error = validateMember(input.memberId, groupInstanceId: input.groupInstanceId) { return error }
        if input.generationId != generationId { return .illegalGeneration }
        if Self.isInconsistent(input.protocolType, protocolType)
            || Self.isInconsistent(input.protocolName, protocolName)
        {
            return .inconsistentGroupProtocol
        }
        return nil
    }

    private static func isInconsistent(_ requested: String?, _ current: String?) -> Bool {
        guard let requested, let current else { return false }
        return requested != current
    }

    /// The leader's assignment arrived: store it (members without one get empty bytes), become Stable, persist,
    /// then answer every parked sync.
    private mutating func completeSync(
        leaderAssignments: [MemberAssignment],
        now: Int64,
        actions: inout [GroupAction]
    ) {
        var assignments: [String: ByteBuffer] = [:]
        for entry in leaderAssignments {
            assignments[entry.memberId] = entry.assignment
        }
        for index in members.indices {
            members[index].assignment = assignments[members[index].memberId] ?? ByteBuffer()
        }
        guard case .completingRebalance(let sync) = phase else { return }
        transition(to: .stable(sync), now: now)
        actions.append(.persist(metadataRecord))
        propagateAssignment(error: .none, now: now, actions: &actions)
    }
}

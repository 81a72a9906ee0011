extension GroupStateMachine {
    /// Kafka's `ClassicGroup.validateOffsetCommit` (non-transactional); on success a member's commit in Stable or
    /// PreparingRebalance also counts as a heartbeat. Due deadlines fire first, into `actions`.
    mutating func validateOffsetCommit(
        memberId: String,
        groupInstanceId: String?,
        generationId requestGeneration: Int32,
        now: Int64,
        actions: inout [GroupAction]
    ) -> GroupErrorCode? {
        fireDueTimers(now: now, actions: &actions)
        if state == .dead { return .coordinatorNotAvailable }
        if requestGeneration < 0 && state == .empty {
            // Simple consumers and admin clients commit to groups without members.
            return nil
        }
        if requestGeneration >= 0 || !memberId.isEmpty || groupInstanceId != nil {
            if let error = validateMember(memberId, groupInstanceId: groupInstanceId) { return error }
            if requestGeneration != generationId { return .illegalGeneration }
        } else if state != .empty {
            return .unknownMemberId
        }
        if state == .completingRebalance { return .rebalanceInProgress }
        if state == .stable || state == .preparingRebalance, let index = index(of: memberId) {
            members[index].heartbeat(now: now)
        }
        return nil
    }

    /// Kafka's `validateDeleteGroup`: only Empty groups can be deleted.
    func deletionError() -> GroupErrorCode? {
        switch state {
        case .empty: nil
        case .dead: .groupIdNotFound
        case .preparingRebalance, .completingRebalance, .stable: .nonEmptyGroup
        }
    }

    /// Marks the group Dead (it is being deleted); parked requests fail with COORDINATOR_NOT_AVAILABLE.
    mutating func markDead(now: Int64, actions: inout [GroupAction]) {
        for index in members.indices {
            if let request = members[index].awaitingJoinRequest {
                actions.append(
                    .respondJoin(
                        requestId: request,
                        .error(.coordinatorNotAvailable, memberId: members[index].memberId)
                    )
                )
                members[index].awaitingJoinRequest = nil
            }
            if let request = members[index].awaitingSyncRequest {
                actions.append(.respondSync(requestId: request, .error(.coordinatorNotAvailable)))
                members[index].awaitingSyncRequest = nil
            }
        }
        transition(to: .dead, now: now)
    }
}

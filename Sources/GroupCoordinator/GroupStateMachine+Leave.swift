extension GroupStateMachine {
    /// Handles a LeaveGroup for a batch of members (admins may name static members by instance id alone).
    public mutating func leave(_ leaving: [LeavingMember], requestId: Int, now: Int64) -> [GroupAction] {
        var actions: [GroupAction] = []
        fireDueTimers(now: now, actions: &actions)
        actions.append(.respondLeave(requestId: requestId, handleLeave(leaving, now: now, actions: &actions)))
        fireDueTimers(now: now, actions: &actions)
        return actions
    }

    private mutating func handleLeave(
        _ leaving: [LeavingMember],
        now: Int64,
        actions: inout [GroupAction]
    ) -> LeaveResult {
        if state == .dead {
            return LeaveResult(errorCode: .coordinatorNotAvailable)
        }
        var results: [LeftMember] = []
        var removedAny = false
        for entry in leaving {
            var error = GroupErrorCode.none
            if entry.memberId.isEmpty {
                if let instanceId = entry.groupInstanceId, let memberId = staticMemberId(for: instanceId) {
                    remove(memberId, actions: &actions)
                } else {
                    error = .unknownMemberId
                }
            } else if pendingMembers[entry.memberId] != nil {
                pendingMembers.removeValue(forKey: entry.memberId)
            } else if let failure = validateMember(entry.memberId, groupInstanceId: entry.groupInstanceId) {
                error = failure
            } else {
                remove(entry.memberId, actions: &actions)
            }
            if error == .none { removedAny = true }
            results.append(
                LeftMember(memberId: entry.memberId, groupInstanceId: entry.groupInstanceId, errorCode: error)
            )
        }
        let result = LeaveResult(errorCode: .none, members: results)
        guard removedAny else { return result }
        switch state {
        case .stable, .completingRebalance:
            maybePrepareRebalanceOrCompleteJoin(now: now, actions: &actions)
        case .preparingRebalance:
            maybeCompleteJoinPhase(now: now, actions: &actions)
        case .empty, .dead:
            break
        }
        return result
    }
}

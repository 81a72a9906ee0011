extension GroupStateMachine {
    /// Handles a Heartbeat: REBALANCE_IN_PROGRESS during the join phase tells the member to rejoin.
    public mutating func heartbeat(_ input: HeartbeatInput, requestId: Int, now: Int64) -> [GroupAction] {
        var actions: [GroupAction] = []
        fireDueTimers(now: now, actions: &actions)
        actions.append(.respondHeartbeat(requestId: requestId, handleHeartbeat(input, now: now)))
        fireDueTimers(now: now, actions: &actions)
        return actions
    }

    private mutating func handleHeartbeat(_ input: HeartbeatInput, now: Int64) -> GroupErrorCode {
        if state == .dead { return .coordinatorNotAvailable }
        if let error = validateMember(input.memberId, groupInstanceId: input.groupInstanceId) { return error }
        if input.generationId != generationId { return .illegalGeneration }
        guard let index = index(of: input.memberId) else { return .unknownMemberId }
        switch state {
        case .empty, .dead:
            return .unknownMemberId
        case .preparingRebalance:
            members[index].heartbeat(now: now)
            return .rebalanceInProgress
        case .completingRebalance, .stable:
            members[index].heartbeat(now: now)
            return .none
        }
    }
}

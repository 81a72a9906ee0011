import NIOCore

extension GroupStateMachine {
    /// Kafka's `validateMember`: a known instance id must map to the member id, and the member must exist.
    func validateMember(_ memberId: String, groupInstanceId: String?) -> GroupErrorCode? {
        if let groupInstanceId {
            guard let existing = staticMemberId(for: groupInstanceId) else { return .unknownMemberId }
            if existing != memberId { return .fencedInstanceId }
        }
        return index(of: memberId) == nil ? .unknownMemberId : nil
    }

    /// Adds a member; the first member fixes the protocol type and the first member without a leader leads.
    mutating func add(_ member: GroupMember) {
        if members.isEmpty {
            protocolType = member.protocolType
        }
        if leaderId == nil {
            leaderId = member.memberId
        }
        pendingMembers.removeValue(forKey: member.memberId)
        members.append(member)
    }

    /// Removes a member, answering its parked requests with UNKNOWN_MEMBER_ID, and elects the next leader.
    mutating func remove(_ memberId: String, actions: inout [GroupAction]) {
        if let index = index(of: memberId) {
            let removed = members.remove(at: index)
            if let request = removed.awaitingJoinRequest {
                actions.append(.respondJoin(requestId: request, .error(.unknownMemberId, memberId: "")))
            }
            if let request = removed.awaitingSyncRequest {
                actions.append(.respondSync(requestId: request, .error(.unknownMemberId)))
            }
        }
        if isLeader(memberId) {
            leaderId = members.first?.memberId
        }
        pendingMembers.removeValue(forKey: memberId)
        removePendingSync(memberId)
    }

    mutating func removePendingSync(_ memberId: String) {
        switch phase {
        case .completingRebalance(var sync):
            sync.remove(memberId)
            phase = .completingRebalance(sync)
        case .stable(var sync):
            sync.remove(memberId)
            phase = .stable(sync)
        default:
            break
        }
    }

    mutating func replacePendingSync(_ oldMemberId: String, with newMemberId: String) {
        guard pendingSyncMemberIds.contains(oldMemberId) else { return }
        switch phase {
        case .completingRebalance(var sync):
            sync.pendingSync.remove(oldMemberId)
            sync.pendingSync.insert(newMemberId)
            phase = .completingRebalance(sync)
        case .stable(var sync):
            sync.pendingSync.remove(oldMemberId)
            sync.pendingSync.insert(newMemberId)
            phase = .stable(sync)
        default:
            break
        }
    }

    /// Kafka's `maybeElectNewJoinedLeader`: keep a rejoined leader, else pick the first rejoined member.
    mutating func electJoinedLeader() -> Bool {
        guard let leaderId, let leader = member(leaderId) else { return false }
        if leader.isAwaitingJoin { return true }
        guard let next = members.first(where: \.isAwaitingJoin) else { return false }
        self.leaderId = next.memberId
        return true
    }

    /// The join response for a member of the current generation (the leader also gets every member's metadata).
    func currentJoinResult(for memberId: String, listMembers: Bool) -> JoinResult {
        JoinResult(
            errorCode: .none,
            generationId: generationId,
            protocolType: protocolType,
            protocolName: protocolName,
            leader: leaderId ?? "",
            skipAssignment: false,
            memberId: memberId,
            members: listMembers ? joinResultMembers() : []
        )
    }

    func joinResultMembers() -> [JoinResultMember] {
        members.map { member in
            JoinResultMember(
                memberId: member.memberId,
                groupInstanceId: member.groupInstanceId,
                metadata: protocolName.flatMap { member.metadata(for: $0) } ?? ByteBuffer()
            )
        }
    }
}

extension GroupStateMachine.SyncPhase {
    mutating func remove(_ memberId: String) {
        pendingSync.remove(memberId)
        if pendingSync.isEmpty { deadline = nil }
    }
}

/// The consumer's membership in its group (classic protocol): member id, generation, and whether it must
/// (re)join. Changed by JoinGroup/SyncGroup answers, heartbeat errors and poll timeouts.
struct GroupMembership: Sendable {
    var memberId = ""
    var generationId: Int32 = -1
    var protocolName: String?
    var leaderId = ""
    /// Set until a join completes, and again when the coordinator asks for a rebalance.
    var needsJoin = true
    /// The subscribed topics' partition counts when the leader last assigned (a change triggers a rebalance).
    var assignedPartitionCounts: [String: Int32] = [:]
    /// The last heartbeat (or join) the coordinator accepted.
    var lastContact = ContinuousClock.now

    /// Whether the member has a current generation and assignment.
    var isStable: Bool { !needsJoin && generationId >= 0 && !memberId.isEmpty }
    /// Whether this member computed the current assignment.
    var isLeader: Bool { !memberId.isEmpty && leaderId == memberId }

    /// Forgets the generation (and the member id unless `keepMemberId`), so the next join starts over.
    mutating func reset(keepMemberId: Bool) {
        if !keepMemberId { memberId = "" }
        generationId = -1
        protocolName = nil
        leaderId = ""
        needsJoin = true
    }
}

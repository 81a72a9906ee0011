import NIOCore

extension GroupStateMachine {
    /// Rebuilds a group from its last GroupMetadata record, as Kafka's replay does: Stable if it has members
    /// (each restored with the selected protocol only), else Empty. Members must heartbeat within their session
    /// timeout once the load completes (`loadCompleted(now:)` or the next tick starts their clocks).
    public init(
        groupId: String,
        restoring value: GroupMetadataValue,
        config: GroupCoordinatorConfig = GroupCoordinatorConfig(),
        memberIdGenerator: MemberIdGenerator = MemberIdGenerator()
    ) {
        self.init(groupId: groupId, config: config, now: 0, memberIdGenerator: memberIdGenerator)
        generationId = value.generation
        protocolType = value.protocolType.isEmpty ? nil : value.protocolType
        protocolName = value.protocolName
        leaderId = value.leader
        currentStateTimestamp = value.currentStateTimestamp == -1 ? nil : value.currentStateTimestamp
        members = value.members.map { stored in
            GroupMember(
                memberId: stored.memberId,
                groupInstanceId: stored.groupInstanceId,
                clientId: stored.clientId,
                clientHost: stored.clientHost,
                sessionTimeoutMs: stored.sessionTimeoutMs,
                rebalanceTimeoutMs: stored.rebalanceTimeoutMs == -1
                    ? stored.sessionTimeoutMs : stored.rebalanceTimeoutMs,
                protocolType: value.protocolType,
                protocols: value.protocolName.map { [GroupProtocol(name: $0, metadata: stored.subscription)] } ?? [],
                assignment: stored.assignment
            )
        }
        phase = members.isEmpty ? .empty : .stable(SyncPhase(pendingSync: [], deadline: nil))
    }
}

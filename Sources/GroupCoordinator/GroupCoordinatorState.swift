/// Every group and committed offset of one coordinator, as a value: routes requests to groups and rebuilds itself
/// from `__consumer_offsets` records (Kafka's `GroupCoordinatorShard`, classic protocol only).
public struct GroupCoordinatorState: Sendable {
    /// The settings every group follows.
    public let config: GroupCoordinatorConfig
    /// The groups by id.
    public internal(set) var groups: [String: GroupStateMachine]
    /// The committed offsets by group id.
    public internal(set) var offsets: [String: OffsetStore]
    var memberIds: MemberIdGenerator

    /// An empty coordinator; pass a seed for reproducible member ids.
    public init(config: GroupCoordinatorConfig = GroupCoordinatorConfig(), memberIdSeed: UInt64? = nil) {
        self.config = config
        self.groups = [:]
        self.offsets = [:]
        self.memberIds = memberIdSeed.map(MemberIdGenerator.init(seed:)) ?? MemberIdGenerator()
    }

    /// The group with this id.
    public func group(_ groupId: String) -> GroupStateMachine? {
        groups[groupId]
    }

    /// The committed offsets of a group (empty if none).
    public func offsetStore(_ groupId: String) -> OffsetStore {
        offsets[groupId] ?? OffsetStore()
    }

    static func fitsRecord(_ string: String) -> Bool {
        string.utf8.count <= Int(Int16.max)
    }

    mutating func makeGroup(_ groupId: String, now: Int64) -> GroupStateMachine {
        GroupStateMachine(groupId: groupId, config: config, now: now, memberIdGenerator: memberIds.split())
    }

    /// Handles a JoinGroup; an unknown group is created when the member id is empty (and persisted as empty).
    public mutating func join(groupId: String, _ input: JoinInput, requestId: Int, now: Int64) -> [GroupAction] {
        guard !groupId.isEmpty else {
            return [.respondJoin(requestId: requestId, .error(.invalidGroupId, memberId: input.memberId))]
        }
        guard Self.fitsRecord(groupId) else {
            return [.respondJoin(requestId: requestId, .error(.invalidRequest, memberId: input.memberId))]
        }
        if let error = GroupStateMachine.validate(input, config: config) {
            return [.respondJoin(requestId: requestId, .error(error, memberId: input.memberId))]
        }
        var isNew = false
        if groups[groupId] == nil {
            guard input.memberId.isEmpty else {
                return [.respondJoin(requestId: requestId, .error(.unknownMemberId, memberId: input.memberId))]
            }
            groups[groupId] = makeGroup(groupId, now: now)
            isNew = true
        }
        var actions = groups[groupId]?.join(input, requestId: requestId, now: now) ?? []
        if isNew, !actions.contains(where: { $0.record != nil }) {
            // Kafka writes an empty GroupMetadata record so that the new group survives a restart.
            let empty = GroupMetadataValue(
                protocolType: "",
                generation: 0,
                protocolName: nil,
                leader: nil,
                currentStateTimestamp: now,
                members: []
            )
            actions.insert(.persist(.groupMetadata(GroupMetadataKey(group: groupId), empty)), at: 0)
        }
        return actions
    }

    /// Handles a SyncGroup.
    public mutating func sync(groupId: String, _ input: SyncInput, requestId: Int, now: Int64) -> [GroupAction] {
        guard !groupId.isEmpty else { return [.respondSync(requestId: requestId, .error(.invalidGroupId))] }
        guard groups[groupId] != nil else { return [.respondSync(requestId: requestId, .error(.unknownMemberId))] }
        return groups[groupId]?.sync(input, requestId: requestId, now: now) ?? []
    }

    /// Handles a Heartbeat.
    public mutating func heartbeat(groupId: String, _ input: HeartbeatInput, requestId: Int, now: Int64)
        -> [GroupAction]
    {
        guard !groupId.isEmpty else { return [.respondHeartbeat(requestId: requestId, .invalidGroupId)] }
        guard groups[groupId] != nil else { return [.respondHeartbeat(requestId: requestId, .unknownMemberId)] }
        return groups[groupId]?.heartbeat(input, requestId: requestId, now: now) ?? []
    }

    /// Handles a LeaveGroup; for an unknown group every member gets UNKNOWN_MEMBER_ID.
    public mutating func leave(groupId: String, _ leaving: [LeavingMember], requestId: Int, now: Int64)
        -> [GroupAction]
    {
        guard !groupId.isEmpty else {
            return [.respondLeave(requestId: requestId, LeaveResult(errorCode: .invalidGroupId))]
        }
        guard groups[groupId] != nil else {
            let members = leaving.map {
                LeftMember(memberId: $0.memberId, groupInstanceId: $0.groupInstanceId, errorCode: .unknownMemberId)
            }
            return [.respondLeave(requestId: requestId, LeaveResult(errorCode: .none, members: members))]
        }
        return groups[groupId]?.leave(leaving, requestId: requestId, now: now) ?? []
    }

    /// Fires every due deadline of every group (in group id order).
    public mutating func tick(now: Int64) -> [GroupAction] {
        var actions: [GroupAction] = []
        for groupId in groups.keys.sorted() {
            actions += groups[groupId]?.tick(now: now) ?? []
        }
        return actions
    }

    /// The earliest deadline of any group, nil if none: the broker may sleep until then instead of polling.
    public var nextDeadline: Int64? {
        groups.values.compactMap(\.nextDeadline).min()
    }

    /// Ends loading: restored members must heartbeat within their session timeout from `now`.
    public mutating func loadCompleted(now: Int64) -> [GroupAction] {
        var actions: [GroupAction] = []
        for groupId in groups.keys.sorted() {
            actions += groups[groupId]?.loadCompleted(now: now) ?? []
        }
        return actions
    }
}

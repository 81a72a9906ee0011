import NIOCore

/// One classic group (Kafka's `ClassicGroup` plus the classic-protocol rules of `GroupMetadataManager`), as a value.
///
/// Every event takes the current time and returns the actions the broker must run; the machine owns no timers.
/// Each event first fires the deadlines that are due at `now` (session expiry, join and sync timeouts), exactly as
/// `tick(now:)` would, so a late tick never lets an expired member act.
public struct GroupStateMachine: Sendable {
    /// The state with the data that only exists in it.
    enum Phase: Hashable, Sendable {
        case empty
        case preparingRebalance(JoinPhase)
        case completingRebalance(SyncPhase)
        case stable(SyncPhase)
        case dead
    }

    /// The join phase's timer: the initial delayed join of an empty group, or the rebalance timeout.
    struct JoinPhase: Hashable, Sendable {
        /// When the join phase is re-examined.
        var deadline: Int64
        /// Set while the InitialDelayedJoin logic runs: the current delay and the time still allowed.
        var initialDelay: InitialDelay?
        /// A new member joined during the initial delay, so the delay is extended once more.
        var newMemberAdded: Bool
    }

    /// Kafka's `InitialDelayedJoin` parameters.
    struct InitialDelay: Hashable, Sendable {
        var delayMs: Int32
        var remainingMs: Int32
    }

    /// Members that must still send SyncGroup, and when they are removed if they do not.
    struct SyncPhase: Hashable, Sendable {
        var pendingSync: Set<String>
        var deadline: Int64?
    }

    /// The group id.
    public let groupId: String
    /// The coordinator settings this group follows.
    public let config: GroupCoordinatorConfig
    var phase: Phase
    /// The state before the last transition (Kafka starts from Dead).
    public internal(set) var previousState: GroupState
    /// The generation; it grows by one each time a join phase completes.
    public internal(set) var generationId: Int32
    /// The protocol type, set by the first member ever added; nil for simple (offset-only) groups.
    public internal(set) var protocolType: String?
    /// The protocol selected for the current generation.
    public internal(set) var protocolName: String?
    /// The leader's member id.
    public internal(set) var leaderId: String?
    /// When the group entered its current state.
    public internal(set) var currentStateTimestamp: Int64?
    /// The members, in the order they were added.
    public internal(set) var members: [GroupMember]
    /// Members that got MEMBER_ID_REQUIRED and have not joined with their id yet, with their expiry.
    var pendingMembers: [String: Int64]
    var memberIds: MemberIdGenerator

    /// A new, empty group.
    public init(
        groupId: String,
        config: GroupCoordinatorConfig = GroupCoordinatorConfig(),
        now: Int64,
        memberIdGenerator: MemberIdGenerator = MemberIdGenerator()
    ) {
        self.groupId = groupId
        self.config = config
        self.phase = .empty
        self.previousState = .dead
        self.generationId = 0
        self.protocolType = nil
        self.protocolName = nil
        self.leaderId = nil
        self.currentStateTimestamp = now
        self.members = []
        self.pendingMembers = [:]
        self.memberIds = memberIdGenerator
    }

    /// The current state.
    public var state: GroupState {
        switch phase {
        case .empty: .empty
        case .preparingRebalance: .preparingRebalance
        case .completingRebalance: .completingRebalance
        case .stable: .stable
        case .dead: .dead
        }
    }

    /// The member with this id.
    public func member(_ memberId: String) -> GroupMember? {
        members.first { $0.memberId == memberId }
    }

    /// The ids of members that were told MEMBER_ID_REQUIRED and have not rejoined yet.
    public var pendingMemberIds: [String] {
        pendingMembers.keys.sorted()
    }

    /// The members that must still send SyncGroup for the current generation.
    public var pendingSyncMemberIds: Set<String> {
        switch phase {
        case .completingRebalance(let sync), .stable(let sync): sync.pendingSync
        default: []
        }
    }

    /// The id of the member that owns a `group.instance.id`.
    public func staticMemberId(for groupInstanceId: String) -> String? {
        members.first { $0.groupInstanceId == groupInstanceId }?.memberId
    }

    func index(of memberId: String) -> Int? {
        members.firstIndex { $0.memberId == memberId }
    }

    func isLeader(_ memberId: String) -> Bool {
        leaderId == memberId
    }

    /// The group's rebalance timeout: the largest of its members'.
    var rebalanceTimeoutMs: Int32 {
        members.map(\.rebalanceTimeoutMs).max() ?? 0
    }

    var awaitingJoinCount: Int {
        members.count { $0.isAwaitingJoin }
    }

    var hasAllMembersJoined: Bool {
        awaitingJoinCount == members.count && pendingMembers.isEmpty
    }

    /// Kafka's `canRebalance`: the states PreparingRebalance may follow.
    var canRebalance: Bool {
        switch state {
        case .stable, .completingRebalance, .empty: true
        case .preparingRebalance, .dead: false
        }
    }

    mutating func transition(to newPhase: Phase, now: Int64) {
        previousState = state
        phase = newPhase
        currentStateTimestamp = now
    }
}

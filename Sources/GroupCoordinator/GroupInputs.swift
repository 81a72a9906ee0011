public import NIOCore

/// A JoinGroup request for one group, as the broker decoded it.
public struct JoinInput: Hashable, Sendable {
    /// The member id; empty for a member joining for the first time.
    public var memberId: String
    /// The static member's `group.instance.id` (JoinGroup v5+), nil for dynamic members.
    public var groupInstanceId: String?
    /// The client id from the request header.
    public var clientId: String
    /// The client's address as text.
    public var clientHost: String
    /// The requested session timeout.
    public var sessionTimeoutMs: Int32
    /// The requested rebalance timeout (for JoinGroup v0 pass the session timeout).
    public var rebalanceTimeoutMs: Int32
    /// The protocol type, e.g. `consumer`.
    public var protocolType: String
    /// The supported protocols in order of preference.
    public var protocols: [GroupProtocol]
    /// True for JoinGroup v4+: an unknown member first gets MEMBER_ID_REQUIRED with its new id.
    public var requireKnownMemberId: Bool
    /// True for JoinGroup v9+: a rejoining static leader may be told to skip the assignment.
    public var supportsSkippingAssignment: Bool

    /// Creates a join input.
    public init(
        memberId: String = "",
        groupInstanceId: String? = nil,
        clientId: String,
        clientHost: String = "/127.0.0.1",
        sessionTimeoutMs: Int32,
        rebalanceTimeoutMs: Int32,
        protocolType: String = "consumer",
        protocols: [GroupProtocol],
        requireKnownMemberId: Bool = true,
        supportsSkippingAssignment: Bool = false
    ) {
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.clientId = clientId
        self.clientHost = clientHost
        self.sessionTimeoutMs = sessionTimeoutMs
        self.rebalanceTimeoutMs = rebalanceTimeoutMs
        self.protocolType = protocolType
        self.protocols = protocols
        self.requireKnownMemberId = requireKnownMemberId
        self.supportsSkippingAssignment = supportsSkippingAssignment
    }
}

/// One member's assignment inside the leader's SyncGroup request.
public struct MemberAssignment: Hashable, Sendable {
    /// The member the assignment is for.
    public var memberId: String
    /// The opaque assignment bytes.
    public var assignment: ByteBuffer

    /// Creates an assignment entry.
    public init(memberId: String, assignment: ByteBuffer) {
        self.memberId = memberId
        self.assignment = assignment
    }
}

/// A SyncGroup request for one group.
public struct SyncInput: Hashable, Sendable {
    /// The member id.
    public var memberId: String
    /// The static member's `group.instance.id`, if any.
    public var groupInstanceId: String?
    /// The generation the member joined.
    public var generationId: Int32
    /// The protocol type (SyncGroup v5+), checked against the group's when present.
    public var protocolType: String?
    /// The protocol name (SyncGroup v5+), checked against the group's when present.
    public var protocolName: String?
    /// The assignments; only the leader's are used.
    public var assignments: [MemberAssignment]

    /// Creates a sync input.
    public init(
        memberId: String,
        groupInstanceId: String? = nil,
        generationId: Int32,
        protocolType: String? = nil,
        protocolName: String? = nil,
        assignments: [MemberAssignment] = []
    ) {
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.generationId = generationId
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.assignments = assignments
    }
}

/// A Heartbeat request for one group.
public struct HeartbeatInput: Hashable, Sendable {
    /// The member id.
    public var memberId: String
    /// The static member's `group.instance.id`, if any.
    public var groupInstanceId: String?
    /// The member's generation.
    public var generationId: Int32

    /// Creates a heartbeat input.
    public init(memberId: String, groupInstanceId: String? = nil, generationId: Int32) {
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.generationId = generationId
    }
}

/// One member leaving (LeaveGroup v3+ sends several; v0–2 one).
public struct LeavingMember: Hashable, Sendable {
    /// The member id; may be empty when an admin removes a static member by instance id.
    public var memberId: String
    /// The static member's `group.instance.id`, if any.
    public var groupInstanceId: String?

    /// Creates a leaving member.
    public init(memberId: String, groupInstanceId: String? = nil) {
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
    }
}

public import NIOCore

/// One member as the leader's JoinGroup response lists it.
public struct JoinResultMember: Hashable, Sendable {
    /// The member id.
    public var memberId: String
    /// The static member's `group.instance.id`, if any.
    public var groupInstanceId: String?
    /// The member's metadata for the selected protocol.
    public var metadata: ByteBuffer

    /// Creates a listed member.
    public init(memberId: String, groupInstanceId: String?, metadata: ByteBuffer) {
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.metadata = metadata
    }
}

/// The body of a JoinGroup response.
public struct JoinResult: Hashable, Sendable {
    /// The error, or `.none`.
    public var errorCode: GroupErrorCode
    /// The generation the member joined, -1 on error.
    public var generationId: Int32
    /// The group's protocol type (JoinGroup v7+), nil on error.
    public var protocolType: String?
    /// The selected protocol, nil on error.
    public var protocolName: String?
    /// The leader's member id, empty on error.
    public var leader: String
    /// True when a rejoining static leader must not compute a new assignment (JoinGroup v9+).
    public var skipAssignment: Bool
    /// The member's id (the new id for MEMBER_ID_REQUIRED).
    public var memberId: String
    /// All members with their metadata for the leader, empty for everyone else.
    public var members: [JoinResultMember]

    /// Creates a join result.
    public init(
        errorCode: GroupErrorCode = .none,
        generationId: Int32 = -1,
        protocolType: String? = nil,
        protocolName: String? = nil,
        leader: String = "",
        skipAssignment: Bool = false,
        memberId: String,
        members: [JoinResultMember] = []
    ) {
        self.errorCode = errorCode
        self.generationId = generationId
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.leader = leader
        self.skipAssignment = skipAssignment
        self.memberId = memberId
        self.members = members
    }

    /// An error response: generation -1, no protocol, no leader, no members.
    public static func error(_ code: GroupErrorCode, memberId: String) -> JoinResult {
        JoinResult(errorCode: code, memberId: memberId)
    }
}

/// The body of a SyncGroup response.
public struct SyncResult: Hashable, Sendable {
    /// The error, or `.none`.
    public var errorCode: GroupErrorCode
    /// The group's protocol type (SyncGroup v5+), nil on error.
    public var protocolType: String?
    /// The group's protocol name (SyncGroup v5+), nil on error.
    public var protocolName: String?
    /// The member's assignment, empty on error.
    public var assignment: ByteBuffer

    /// Creates a sync result.
    public init(
        errorCode: GroupErrorCode = .none,
        protocolType: String? = nil,
        protocolName: String? = nil,
        assignment: ByteBuffer = ByteBuffer()
    ) {
        self.errorCode = errorCode
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.assignment = assignment
    }

    /// An error response with an empty assignment.
    public static func error(_ code: GroupErrorCode) -> SyncResult {
        SyncResult(errorCode: code)
    }
}

/// The outcome for one member of a LeaveGroup request.
public struct LeftMember: Hashable, Sendable {
    /// The member id as the request named it.
    public var memberId: String
    /// The instance id as the request named it.
    public var groupInstanceId: String?
    /// The error, or `.none`.
    public var errorCode: GroupErrorCode

    /// Creates a per-member outcome.
    public init(memberId: String, groupInstanceId: String?, errorCode: GroupErrorCode) {
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.errorCode = errorCode
    }
}

/// The body of a LeaveGroup response (v3+ shape; for v0–2 use the single member's error at top level).
public struct LeaveResult: Hashable, Sendable {
    /// A group-wide error, or `.none`.
    public var errorCode: GroupErrorCode
    /// One entry per requested member, in request order.
    public var members: [LeftMember]

    /// Creates a leave result.
    public init(errorCode: GroupErrorCode = .none, members: [LeftMember] = []) {
        self.errorCode = errorCode
        self.members = members
    }
}

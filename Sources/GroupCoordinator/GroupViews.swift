public import NIOCore

/// A group as ListGroups shows it.
public struct ListedGroup: Hashable, Sendable {
    /// The group id.
    public var groupId: String
    /// The protocol type, "" for simple groups.
    public var protocolType: String
    /// The state, e.g. `Stable` (ListGroups v4+).
    public var state: GroupState
    /// The group type (ListGroups v5+); always `classic` here.
    public var groupType: String

    /// Creates a listed group.
    public init(groupId: String, protocolType: String, state: GroupState, groupType: String = "classic") {
        self.groupId = groupId
        self.protocolType = protocolType
        self.state = state
        self.groupType = groupType
    }
}

/// A member as DescribeGroups shows it.
public struct DescribedMember: Hashable, Sendable {
    /// The member id.
    public var memberId: String
    /// The static member's instance id (DescribeGroups v4+).
    public var groupInstanceId: String?
    /// The client id.
    public var clientId: String
    /// The client host.
    public var clientHost: String
    /// The member's metadata for the selected protocol; empty unless the group is Stable.
    public var metadata: ByteBuffer
    /// The member's current assignment.
    public var assignment: ByteBuffer

    /// Creates a described member.
    public init(
        memberId: String,
        groupInstanceId: String?,
        clientId: String,
        clientHost: String,
        metadata: ByteBuffer,
        assignment: ByteBuffer
    ) {
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.clientId = clientId
        self.clientHost = clientHost
        self.metadata = metadata
        self.assignment = assignment
    }
}

/// A group as DescribeGroups shows it.
public struct DescribedGroup: Hashable, Sendable {
    /// The error, or `.none` (unknown groups are described as Dead without an error, as Kafka does).
    public var errorCode: GroupErrorCode
    /// The group id.
    public var groupId: String
    /// The state name.
    public var state: GroupState
    /// The protocol type, "" if none.
    public var protocolType: String
    /// The selected protocol when Stable, else "".
    public var protocolData: String
    /// The members.
    public var members: [DescribedMember]

    /// Creates a described group.
    public init(
        errorCode: GroupErrorCode = .none,
        groupId: String,
        state: GroupState,
        protocolType: String = "",
        protocolData: String = "",
        members: [DescribedMember] = []
    ) {
        self.errorCode = errorCode
        self.groupId = groupId
        self.state = state
        self.protocolType = protocolType
        self.protocolData = protocolData
        self.members = members
    }
}

extension GroupStateMachine {
    /// The group as ListGroups shows it.
    public var listed: ListedGroup {
        ListedGroup(groupId: groupId, protocolType: protocolType ?? "", state: state)
    }

    /// The group as DescribeGroups shows it: member metadata only when Stable.
    public var described: DescribedGroup {
        let stableProtocol = state == .stable ? protocolName : nil
        return DescribedGroup(
            groupId: groupId,
            state: state,
            protocolType: protocolType ?? "",
            protocolData: stableProtocol ?? "",
            members: members.map { member in
                DescribedMember(
                    memberId: member.memberId,
                    groupInstanceId: member.groupInstanceId,
                    clientId: member.clientId,
                    clientHost: member.clientHost,
                    metadata: stableProtocol.flatMap { member.metadata(for: $0) } ?? ByteBuffer(),
                    assignment: member.assignment
                )
            }
        )
    }
}

import NIOCore

/// DescribeGroups request (key 15), v0–v5: the state and members of some groups; v5 flexible.
public struct DescribeGroupsRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.describeGroups
    public static let versions: ClosedRange<Int16> = 0...5
    public static let firstFlexibleVersion: Int16? = 5

    /// The groups to describe.
    public var groups: [String]
    /// Whether to return the authorized operations of each group (v3+).
    public var includeAuthorizedOperations: Bool

    public init(groups: [String], includeAuthorizedOperations: Bool = false) {
        self.groups = groups
        self.includeAuthorizedOperations = includeAuthorizedOperations
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        groups = try reader.readArray("Groups", minimumElementSize: reader.flexible ? 1 : 2) {
            (r: inout WireReader) throws(KafkaProtocolError) in
            try r.readString("Groups")
        }
        includeAuthorizedOperations = version >= 3 ? try reader.readBool("IncludeAuthorizedOperations") : false
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeArray(groups) { w, group in w.writeString(group) }
        if version >= 3 { writer.writeBool(includeAuthorizedOperations) }
        writer.writeEmptyTaggedFields()
    }
}

/// DescribeGroups response, v0–v5: per group its state, protocol and members.
public struct DescribeGroupsResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.describeGroups
    public static let versions: ClosedRange<Int16> = 0...5
    public static let firstFlexibleVersion: Int16? = 5

    /// The "not requested" value of `authorizedOperations` (Kafka's default, Int32.min).
    public static let authorizedOperationsOmitted = Int32.min

    /// One described group.
    public struct Group: Hashable, Sendable {
        public var errorCode: KafkaErrorCode
        public var groupId: String
        /// The group state (e.g. "Stable"), or "".
        public var groupState: String
        /// The protocol type (e.g. "consumer"), or "".
        public var protocolType: String
        /// The chosen protocol (assignor) name, or "" (filled in only when Stable).
        public var protocolData: String
        public var members: [Member]
        /// Bitfield of authorized operations (v3+; Int32.min when not requested or before v3).
        public var authorizedOperations: Int32

        public init(
            errorCode: KafkaErrorCode = .none,
            groupId: String,
            groupState: String = "",
            protocolType: String = "",
            protocolData: String = "",
            members: [Member] = [],
            authorizedOperations: Int32 = DescribeGroupsResponse.authorizedOperationsOmitted
        ) {
            self.errorCode = errorCode
            self.groupId = groupId
            self.groupState = groupState
            self.protocolType = protocolType
            self.protocolData = protocolData
            self.members = members
            self.authorizedOperations = authorizedOperations
        }
    }

    /// One member of a described group.
    public struct Member: Hashable, Sendable {
        public var memberId: String
        /// Static membership id (v4+, nullable).
        public var groupInstanceId: String?
        public var clientId: String
        public var clientHost: String
        /// The member's metadata for the chosen protocol (only when Stable).
        public var memberMetadata: ByteBuffer
        /// The member's assignment from the leader (only when Stable).
        public var memberAssignment: ByteBuffer

        public init(
            memberId: String,
            groupInstanceId: String? = nil,
            clientId: String,
            clientHost: String,
            memberMetadata: ByteBuffer = ByteBuffer(),
            memberAssignment: ByteBuffer = ByteBuffer()
        ) {
            self.memberId = memberId
            self.groupInstanceId = groupInstanceId
            self.clientId = clientId
            self.clientHost = clientHost
            self.memberMetadata = memberMetadata
            self.memberAssignment = memberAssignment
        }
    }

    /// Throttle time in ms (v1+).
    public var throttleTimeMs: Int32
    public var groups: [Group]

    public init(throttleTimeMs: Int32 = 0, groups: [Group]) {
        self.throttleTimeMs = throttleTimeMs
        self.groups = groups
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        throttleTimeMs = version >= 1 ? try reader.readInt32("ThrottleTimeMs") : 0
        let flexible = reader.flexible
        // error + id + state + type + data + members (+ operations v3+) (+ tags):
        // 2 + 2*4 + 4 (+4) classic; 2 + 1*4 + 1 + 4 + 1 compact.
        let minimumGroup = flexible ? 12 : (version >= 3 ? 18 : 14)
        // member id (+ instance id v4+) + client id + host + metadata + assignment (+ tags):
        // 2 (+2) + 2 + 2 + 4 + 4 classic; 1*6 + 1 compact.
        let minimumMember = flexible ? 7 : (version >= 4 ? 16 : 14)
        groups = try reader.readArray("Groups", minimumElementSize: minimumGroup) {
            (g: inout WireReader) throws(KafkaProtocolError) in
            let error = KafkaErrorCode(rawValue: try g.readInt16("Groups.ErrorCode"))
            let id = try g.readString("Groups.GroupId")
            let state = try g.readString("Groups.GroupState")
            let type = try g.readString("Groups.ProtocolType")
            let data = try g.readString("Groups.ProtocolData")
            let members = try g.readArray("Members", minimumElementSize: minimumMember) {
                (m: inout WireReader) throws(KafkaProtocolError) in
                let memberId = try m.readString("Members.MemberId")
                let instance = version >= 4 ? try m.readNullableString("Members.GroupInstanceId") : nil
                let clientId = try m.readString("Members.ClientId")
                let clientHost = try m.readString("Members.ClientHost")
                let metadata = try m.readBytes("Members.MemberMetadata")
                let assignment = try m.readBytes("Members.MemberAssignment")
                try m.skipTaggedFields()
                return Member(
                    memberId: memberId,
                    groupInstanceId: instance,
                    clientId: clientId,
                    clientHost: clientHost,
                    memberMetadata: metadata,
                    memberAssignment: assignment
                )
            }
            let operations =
                version >= 3 ? try g.readInt32("Groups.AuthorizedOperations") : Self.authorizedOperationsOmitted
            try g.skipTaggedFields()
            return Group(
                errorCode: error,
                groupId: id,
                groupState: state,
                protocolType: type,
                protocolData: data,
                members: members,
                authorizedOperations: operations
            )
        }
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        if version >= 1 { writer.writeInt32(throttleTimeMs) }
        writer.writeArray(groups) { g, group in
            g.writeInt16(group.errorCode.rawValue)
            g.writeString(group.groupId)
            g.writeString(group.groupState)
            g.writeString(group.protocolType)
            g.writeString(group.protocolData)
            g.writeArray(group.members) { m, member in
                m.writeString(member.memberId)
                if version >= 4 { m.writeNullableString(member.groupInstanceId) }
                m.writeString(member.clientId)
                m.writeString(member.clientHost)
                m.writeBytes(member.memberMetadata)
                m.writeBytes(member.memberAssignment)
                m.writeEmptyTaggedFields()
            }
            if version >= 3 { g.writeInt32(group.authorizedOperations) }
            g.writeEmptyTaggedFields()
        }
        writer.writeEmptyTaggedFields()
    }
}

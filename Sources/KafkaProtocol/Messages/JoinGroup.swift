import NIOCore

/// JoinGroup request (key 11), v0–v7: a member joins (or rejoins) a classic group; v6+ flexible.
public struct JoinGroupRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.joinGroup
    public static let versions: ClosedRange<Int16> = 0...7
    public static let firstFlexibleVersion: Int16? = 6

    /// One protocol (assignor) the member supports, with its metadata (subscription).
    public struct GroupProtocol: Hashable, Sendable {
        public var name: String
        public var metadata: ByteBuffer

        public init(name: String, metadata: ByteBuffer = ByteBuffer()) {
            self.name = name
            self.metadata = metadata
        }
    }

    public var groupId: String
    public var sessionTimeoutMs: Int32
    /// Rebalance timeout (v1+; -1 before, meaning "use the session timeout").
    public var rebalanceTimeoutMs: Int32
    public var memberId: String
    /// Static membership id (v5+, nullable).
    public var groupInstanceId: String?
    public var protocolType: String
    public var protocols: [GroupProtocol]
    // Reason (v8+) is not in our version range.

    public init(
        groupId: String,
        sessionTimeoutMs: Int32,
        rebalanceTimeoutMs: Int32 = -1,
        memberId: String = "",
        groupInstanceId: String? = nil,
        protocolType: String,
        protocols: [GroupProtocol]
    ) {
        self.groupId = groupId
        self.sessionTimeoutMs = sessionTimeoutMs
        self.rebalanceTimeoutMs = rebalanceTimeoutMs
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.protocolType = protocolType
        self.protocols = protocols
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        groupId = try reader.readString("GroupId")
        sessionTimeoutMs = try reader.readInt32("SessionTimeoutMs")
        rebalanceTimeoutMs = version >= 1 ? try reader.readInt32("RebalanceTimeoutMs") : -1
        memberId = try reader.readString("MemberId")
        groupInstanceId = version >= 5 ? try reader.readNullableString("GroupInstanceId") : nil
        protocolType = try reader.readString("ProtocolType")
        // name + metadata (+ tags): 2 + 4 classic, 1 + 1 + 1 compact.
        protocols = try reader.readArray("Protocols", minimumElementSize: reader.flexible ? 3 : 6) {
            (r: inout WireReader) throws(KafkaProtocolError) in
            let name = try r.readString("Protocols.Name")
            let metadata = try r.readBytes("Protocols.Metadata")
            try r.skipTaggedFields()
            return GroupProtocol(name: name, metadata: metadata)
        }
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeString(groupId)
        writer.writeInt32(sessionTimeoutMs)
        if version >= 1 { writer.writeInt32(rebalanceTimeoutMs) }
        writer.writeString(memberId)
        if version >= 5 { writer.writeNullableString(groupInstanceId) }
        writer.writeString(protocolType)
        writer.writeArray(protocols) { w, proto in
            w.writeString(proto.name)
            w.writeBytes(proto.metadata)
            w.writeEmptyTaggedFields()
        }
        writer.writeEmptyTaggedFields()
    }
}

/// JoinGroup response, v0–v7: the generation, the chosen protocol, the leader and (to the leader) all members.
public struct JoinGroupResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.joinGroup
    public static let versions: ClosedRange<Int16> = 0...7
    public static let firstFlexibleVersion: Int16? = 6

    /// One group member as the leader sees it, with its protocol metadata.
    public struct Member: Hashable, Sendable {
        public var memberId: String
        /// Static membership id (v5+, nullable).
        public var groupInstanceId: String?
        public var metadata: ByteBuffer

        public init(memberId: String, groupInstanceId: String? = nil, metadata: ByteBuffer = ByteBuffer()) {
            self.memberId = memberId
            self.groupInstanceId = groupInstanceId
            self.metadata = metadata
        }
    }

    /// Throttle time in ms (v2+).
    public var throttleTimeMs: Int32
    public var errorCode: KafkaErrorCode
    public var generationId: Int32
    /// The group's protocol type (v7+, nullable).
    public var protocolType: String?
    /// The protocol chosen by the coordinator; nullable from v7 (nil is written as "" before v7, as Kafka does).
    public var protocolName: String?
    public var leader: String
    // SkipAssignment (v9+) is not in our version range.
    public var memberId: String
    public var members: [Member]

    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = .none,
        generationId: Int32 = -1,
        protocolType: String? = nil,
        protocolName: String?,
        leader: String,
        memberId: String,
        members: [Member] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.generationId = generationId
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.leader = leader
        self.memberId = memberId
        self.members = members
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        throttleTimeMs = version >= 2 ? try reader.readInt32("ThrottleTimeMs") : 0
        errorCode = KafkaErrorCode(rawValue: try reader.readInt16("ErrorCode"))
        generationId = try reader.readInt32("GenerationId")
        if version >= 7 {
            protocolType = try reader.readNullableString("ProtocolType")
            protocolName = try reader.readNullableString("ProtocolName")
        } else {
            protocolType = nil
            protocolName = try reader.readString("ProtocolName")
        }
        leader = try reader.readString("Leader")
        memberId = try reader.readString("MemberId")
        // member id + (instance id v5+) + metadata (+ tags): 2 (+2) + 4 classic, 1 + 1 + 1 + 1 compact.
        let minimumMember = reader.flexible ? 4 : (version >= 5 ? 8 : 6)
        members = try reader.readArray("Members", minimumElementSize: minimumMember) {
            (r: inout WireReader) throws(KafkaProtocolError) in
            let id = try r.readString("Members.MemberId")
            let instance = version >= 5 ? try r.readNullableString("Members.GroupInstanceId") : nil
            let metadata = try r.readBytes("Members.Metadata")
            try r.skipTaggedFields()
            return Member(memberId: id, groupInstanceId: instance, metadata: metadata)
        }
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        if version >= 2 { writer.writeInt32(throttleTimeMs) }
        writer.writeInt16(errorCode.rawValue)
        writer.writeInt32(generationId)
        if version >= 7 {
            writer.writeNullableString(protocolType)
            writer.writeNullableString(protocolName)
        } else {
            writer.writeString(protocolName ?? "")
        }
        writer.writeString(leader)
        writer.writeString(memberId)
        writer.writeArray(members) { w, member in
            w.writeString(member.memberId)
            if version >= 5 { w.writeNullableString(member.groupInstanceId) }
            w.writeBytes(member.metadata)
            w.writeEmptyTaggedFields()
        }
        writer.writeEmptyTaggedFields()
    }
}

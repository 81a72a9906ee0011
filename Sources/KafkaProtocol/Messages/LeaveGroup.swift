/// LeaveGroup request (key 13), v0–v5: one member (v0–2) or a batch of members (v3+) leaves a group; v4+ flexible.
public struct LeaveGroupRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.leaveGroup
    public static let versions: ClosedRange<Int16> = 0...5
    public static let firstFlexibleVersion: Int16? = 4

    /// One leaving member (v3+).
    public struct Member: Hashable, Sendable {
        public var memberId: String
        /// Static membership id (nullable).
        public var groupInstanceId: String?
        /// Why the member left (v5+, nullable).
        public var reason: String?

        public init(memberId: String, groupInstanceId: String? = nil, reason: String? = nil) {
            self.memberId = memberId
            self.groupInstanceId = groupInstanceId
            self.reason = reason
        }
    }

    public var groupId: String
    /// The leaving member (v0–2 only; "" from v3).
    public var memberId: String
    /// The leaving members (v3+ only; empty before).
    public var members: [Member]

    public init(groupId: String, memberId: String = "", members: [Member] = []) {
        self.groupId = groupId
        self.memberId = memberId
        self.members = members
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        groupId = try reader.readString("GroupId")
        if version <= 2 {
            memberId = try reader.readString("MemberId")
            members = []
        } else {
            memberId = ""
            // member id + instance id (+ reason v5+) (+ tags): 2 + 2 classic; 1 + 1 (+1) + 1 compact.
            let minimumMember = reader.flexible ? (version >= 5 ? 4 : 3) : 4
            members = try reader.readArray("Members", minimumElementSize: minimumMember) {
                (r: inout WireReader) throws(KafkaProtocolError) in
                let id = try r.readString("Members.MemberId")
                let instance = try r.readNullableString("Members.GroupInstanceId")
                let reason = version >= 5 ? try r.readNullableString("Members.Reason") : nil
                try r.skipTaggedFields()
                return Member(memberId: id, groupInstanceId: instance, reason: reason)
            }
        }
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeString(groupId)
        if version <= 2 {
            writer.writeString(memberId)
        } else {
            writer.writeArray(members) { w, member in
                w.writeString(member.memberId)
                w.writeNullableString(member.groupInstanceId)
                if version >= 5 { w.writeNullableString(member.reason) }
                w.writeEmptyTaggedFields()
            }
        }
        writer.writeEmptyTaggedFields()
    }
}

/// LeaveGroup response, v0–v5: a top-level error and (v3+) one result per leaving member.
public struct LeaveGroupResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.leaveGroup
    public static let versions: ClosedRange<Int16> = 0...5
    public static let firstFlexibleVersion: Int16? = 4

    /// The result for one leaving member (v3+).
    public struct Member: Hashable, Sendable {
        public var memberId: String
        /// Static membership id (nullable).
        public var groupInstanceId: String?
        public var errorCode: KafkaErrorCode

        public init(memberId: String, groupInstanceId: String? = nil, errorCode: KafkaErrorCode = .none) {
            self.memberId = memberId
            self.groupInstanceId = groupInstanceId
            self.errorCode = errorCode
        }
    }

    /// Throttle time in ms (v1+).
    public var throttleTimeMs: Int32
    public var errorCode: KafkaErrorCode
    /// Per-member results (v3+ only; empty before).
    public var members: [Member]

    public init(throttleTimeMs: Int32 = 0, errorCode: KafkaErrorCode = .none, members: [Member] = []) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.members = members
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        throttleTimeMs = version >= 1 ? try reader.readInt32("ThrottleTimeMs") : 0
        errorCode = KafkaErrorCode(rawValue: try reader.readInt16("ErrorCode"))
        if version >= 3 {
            // member id + instance id + error (+ tags): 2 + 2 + 2 classic; 1 + 1 + 2 + 1 compact.
            members = try reader.readArray("Members", minimumElementSize: reader.flexible ? 5 : 6) {
                (r: inout WireReader) throws(KafkaProtocolError) in
                let id = try r.readString("Members.MemberId")
                let instance = try r.readNullableString("Members.GroupInstanceId")
                let error = KafkaErrorCode(rawValue: try r.readInt16("Members.ErrorCode"))
                try r.skipTaggedFields()
                return Member(memberId: id, groupInstanceId: instance, errorCode: error)
            }
        } else {
            members = []
        }
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        if version >= 1 { writer.writeInt32(throttleTimeMs) }
        writer.writeInt16(errorCode.rawValue)
        if version >= 3 {
            writer.writeArray(members) { w, member in
                w.writeString(member.memberId)
                w.writeNullableString(member.groupInstanceId)
                w.writeInt16(member.errorCode.rawValue)
                w.writeEmptyTaggedFields()
            }
        }
        writer.writeEmptyTaggedFields()
    }
}

import NIOCore

/// SyncGroup request (key 14), v0–v5: members fetch their assignment; the leader sends everyone's; v4+ flexible.
public struct SyncGroupRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.syncGroup
    public static let versions: ClosedRange<Int16> = 0...5
    public static let firstFlexibleVersion: Int16? = 4

    /// One member's assignment, as computed by the leader.
    public struct Assignment: Hashable, Sendable {
        public var memberId: String
        public var assignment: ByteBuffer

        public init(memberId: String, assignment: ByteBuffer = ByteBuffer()) {
            self.memberId = memberId
            self.assignment = assignment
        }
    }

    public var groupId: String
    public var generationId: Int32
    public var memberId: String
    /// Static membership id (v3+, nullable).
    public var groupInstanceId: String?
    /// The group protocol type (v5+, nullable).
    public var protocolType: String?
    /// The group protocol name (v5+, nullable).
    public var protocolName: String?
    public var assignments: [Assignment]

    public init(
        groupId: String,
        generationId: Int32,
        memberId: String,
        groupInstanceId: String? = nil,
        protocolType: String? = nil,
        protocolName: String? = nil,
        assignments: [Assignment] = []
    ) {
        self.groupId = groupId
        self.generationId = generationId
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.assignments = assignments
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        groupId = try reader.readString("GroupId")
        generationId = try reader.readInt32("GenerationId")
        memberId = try reader.readString("MemberId")
        groupInstanceId = version >= 3 ? try reader.readNullableString("GroupInstanceId") : nil
        if version >= 5 {
            protocolType = try reader.readNullableString("ProtocolType")
            protocolName = try reader.readNullableString("ProtocolName")
        } else {
            protocolType = nil
            protocolName = nil
        }
        // member id + assignment (+ tags): 2 + 4 classic; 1 + 1 + 1 compact.
        assignments = try reader.readArray("Assignments", minimumElementSize: reader.flexible ? 3 : 6) {
            (r: inout WireReader) throws(KafkaProtocolError) in
            let id = try r.readString("Assignments.MemberId")
            let bytes = try r.readBytes("Assignments.Assignment")
            try r.skipTaggedFields()
            return Assignment(memberId: id, assignment: bytes)
        }
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeString(groupId)
        writer.writeInt32(generationId)
        writer.writeString(memberId)
        if version >= 3 { writer.writeNullableString(groupInstanceId) }
        if version >= 5 {
            writer.writeNullableString(protocolType)
            writer.writeNullableString(protocolName)
        }
        writer.writeArray(assignments) { w, entry in
            w.writeString(entry.memberId)
            w.writeBytes(entry.assignment)
            w.writeEmptyTaggedFields()
        }
        writer.writeEmptyTaggedFields()
    }
}

/// SyncGroup response, v0–v5: this member's assignment bytes.
public struct SyncGroupResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.syncGroup
    public static let versions: ClosedRange<Int16> = 0...5
    public static let firstFlexibleVersion: Int16? = 4

    /// Throttle time in ms (v1+).
    public var throttleTimeMs: Int32
    public var errorCode: KafkaErrorCode
    /// The group protocol type (v5+, nullable).
    public var protocolType: String?
    /// The group protocol name (v5+, nullable).
    public var protocolName: String?
    public var assignment: ByteBuffer

    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = .none,
        protocolType: String? = nil,
        protocolName: String? = nil,
        assignment: ByteBuffer = ByteBuffer()
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.assignment = assignment
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        throttleTimeMs = version >= 1 ? try reader.readInt32("ThrottleTimeMs") : 0
        errorCode = KafkaErrorCode(rawValue: try reader.readInt16("ErrorCode"))
        if version >= 5 {
            protocolType = try reader.readNullableString("ProtocolType")
            protocolName = try reader.readNullableString("ProtocolName")
        } else {
            protocolType = nil
            protocolName = nil
        }
        assignment = try reader.readBytes("Assignment")
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        if version >= 1 { writer.writeInt32(throttleTimeMs) }
        writer.writeInt16(errorCode.rawValue)
        if version >= 5 {
            writer.writeNullableString(protocolType)
            writer.writeNullableString(protocolName)
        }
        writer.writeBytes(assignment)
        writer.writeEmptyTaggedFields()
    }
}

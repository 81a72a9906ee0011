/// Heartbeat request (key 12), v0–v4: a member says it is alive in a generation; v4 flexible.
public struct HeartbeatRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.heartbeat
    public static let versions: ClosedRange<Int16> = 0...4
    public static let firstFlexibleVersion: Int16? = 4

    public var groupId: String
    public var generationId: Int32
    public var memberId: String
    /// Static membership id (v3+, nullable).
    public var groupInstanceId: String?

    public init(groupId: String, generationId: Int32, memberId: String, groupInstanceId: String? = nil) {
        self.groupId = groupId
        self.generationId = generationId
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        groupId = try reader.readString("GroupId")
        generationId = try reader.readInt32("GenerationId")
        memberId = try reader.readString("MemberId")
        groupInstanceId = version >= 3 ? try reader.readNullableString("GroupInstanceId") : nil
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeString(groupId)
        writer.writeInt32(generationId)
        writer.writeString(memberId)
        if version >= 3 { writer.writeNullableString(groupInstanceId) }
        writer.writeEmptyTaggedFields()
    }
}

/// Heartbeat response, v0–v4: an error code (REBALANCE_IN_PROGRESS asks the member to rejoin).
public struct HeartbeatResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.heartbeat
    public static let versions: ClosedRange<Int16> = 0...4
    public static let firstFlexibleVersion: Int16? = 4

    /// Throttle time in ms (v1+).
    public var throttleTimeMs: Int32
    public var errorCode: KafkaErrorCode

    public init(throttleTimeMs: Int32 = 0, errorCode: KafkaErrorCode = .none) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        throttleTimeMs = version >= 1 ? try reader.readInt32("ThrottleTimeMs") : 0
        errorCode = KafkaErrorCode(rawValue: try reader.readInt16("ErrorCode"))
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        if version >= 1 { writer.writeInt32(throttleTimeMs) }
        writer.writeInt16(errorCode.rawValue)
        writer.writeEmptyTaggedFields()
    }
}

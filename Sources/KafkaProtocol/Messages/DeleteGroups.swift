/// DeleteGroups request (key 42), v0–v2: delete (empty) groups by name; v2 flexible.
public struct DeleteGroupsRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.deleteGroups
    public static let versions: ClosedRange<Int16> = 0...2
    public static let firstFlexibleVersion: Int16? = 2

    /// The groups to delete.
    public var groupsNames: [String]

    public init(groupsNames: [String]) {
        self.groupsNames = groupsNames
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        groupsNames = try reader.readArray("GroupsNames", minimumElementSize: reader.flexible ? 1 : 2) {
            (r: inout WireReader) throws(KafkaProtocolError) in
            try r.readString("GroupsNames")
        }
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeArray(groupsNames) { w, name in w.writeString(name) }
        writer.writeEmptyTaggedFields()
    }
}

/// DeleteGroups response, v0–v2: an error code per group.
public struct DeleteGroupsResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.deleteGroups
    public static let versions: ClosedRange<Int16> = 0...2
    public static let firstFlexibleVersion: Int16? = 2

    /// The deletion result for one group.
    public struct GroupResult: Hashable, Sendable {
        public var groupId: String
        public var errorCode: KafkaErrorCode

        public init(groupId: String, errorCode: KafkaErrorCode = .none) {
            self.groupId = groupId
            self.errorCode = errorCode
        }
    }

    /// Throttle time in ms (every version).
    public var throttleTimeMs: Int32
    public var results: [GroupResult]

    public init(throttleTimeMs: Int32 = 0, results: [GroupResult]) {
        self.throttleTimeMs = throttleTimeMs
        self.results = results
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        throttleTimeMs = try reader.readInt32("ThrottleTimeMs")
        // group id + error (+ tags): 2 + 2 classic; 1 + 2 + 1 compact.
        results = try reader.readArray("Results", minimumElementSize: 4) {
            (r: inout WireReader) throws(KafkaProtocolError) in
            let id = try r.readString("Results.GroupId")
            let error = KafkaErrorCode(rawValue: try r.readInt16("Results.ErrorCode"))
            try r.skipTaggedFields()
            return GroupResult(groupId: id, errorCode: error)
        }
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeInt32(throttleTimeMs)
        writer.writeArray(results) { w, result in
            w.writeString(result.groupId)
            w.writeInt16(result.errorCode.rawValue)
            w.writeEmptyTaggedFields()
        }
        writer.writeEmptyTaggedFields()
    }
}

/// ListGroups request (key 16), v0–v5: all groups, optionally filtered by state (v4+) and type (v5+); v3+ flexible.
public struct ListGroupsRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.listGroups
    public static let versions: ClosedRange<Int16> = 0...5
    public static let firstFlexibleVersion: Int16? = 3

    /// The group states to list (v4+); empty = all.
    public var statesFilter: [String]
    /// The group types to list (v5+); empty = all.
    public var typesFilter: [String]

    public init(statesFilter: [String] = [], typesFilter: [String] = []) {
        self.statesFilter = statesFilter
        self.typesFilter = typesFilter
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        let minimumString = reader.flexible ? 1 : 2
        let readString = { (r: inout WireReader) throws(KafkaProtocolError) -> String in try r.readString("Filter") }
        statesFilter =
            version >= 4 ? try reader.readArray("StatesFilter", minimumElementSize: minimumString, readString) : []
        typesFilter =
            version >= 5 ? try reader.readArray("TypesFilter", minimumElementSize: minimumString, readString) : []
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        if version >= 4 { writer.writeArray(statesFilter) { w, state in w.writeString(state) } }
        if version >= 5 { writer.writeArray(typesFilter) { w, type in w.writeString(type) } }
        writer.writeEmptyTaggedFields()
    }
}

/// ListGroups response, v0–v5: every group with its protocol type, state (v4+) and type (v5+).
public struct ListGroupsResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.listGroups
    public static let versions: ClosedRange<Int16> = 0...5
    public static let firstFlexibleVersion: Int16? = 3

    /// One listed group.
    public struct Group: Hashable, Sendable {
        public var groupId: String
        public var protocolType: String
        /// The group state name (v4+; "" before).
        public var groupState: String
        /// The group type name, e.g. "classic" (v5+; "" before).
        public var groupType: String

        public init(groupId: String, protocolType: String, groupState: String = "", groupType: String = "") {
            self.groupId = groupId
            self.protocolType = protocolType
            self.groupState = groupState
            self.groupType = groupType
        }
    }

    /// Throttle time in ms (v1+).
    public var throttleTimeMs: Int32
    public var errorCode: KafkaErrorCode
    public var groups: [Group]

    public init(throttleTimeMs: Int32 = 0, errorCode: KafkaErrorCode = .none, groups: [Group]) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.groups = groups
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        throttleTimeMs = version >= 1 ? try reader.readInt32("ThrottleTimeMs") : 0
        errorCode = KafkaErrorCode(rawValue: try reader.readInt16("ErrorCode"))
        // id + type (+ state v4+) (+ group type v5+) (+ tags): 2 bytes (classic) or 1 (compact) per string.
        let minimumGroup = reader.flexible ? (version >= 5 ? 5 : (version >= 4 ? 4 : 3)) : 4
        groups = try reader.readArray("Groups", minimumElementSize: minimumGroup) {
            (g: inout WireReader) throws(KafkaProtocolError) in
            let id = try g.readString("Groups.GroupId")
            let type = try g.readString("Groups.ProtocolType")
            let state = version >= 4 ? try g.readString("Groups.GroupState") : ""
            let groupType = version >= 5 ? try g.readString("Groups.GroupType") : ""
            try g.skipTaggedFields()
            return Group(groupId: id, protocolType: type, groupState: state, groupType: groupType)
        }
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        if version >= 1 { writer.writeInt32(throttleTimeMs) }
        writer.writeInt16(errorCode.rawValue)
        writer.writeArray(groups) { g, group in
            g.writeString(group.groupId)
            g.writeString(group.protocolType)
            if version >= 4 { g.writeString(group.groupState) }
            if version >= 5 { g.writeString(group.groupType) }
            g.writeEmptyTaggedFields()
        }
        writer.writeEmptyTaggedFields()
    }
}

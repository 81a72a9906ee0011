public import NIOCore

// Byte layouts (Kafka's classic, non-flexible encodings; every integer big-endian):
//
//   OffsetCommitKey    int16 version (1) | string group | string topic | int32 partition
//   GroupMetadataKey   int16 version (2) | string group
//   OffsetCommitValue  int16 version | int64 offset | int32 leader_epoch (v3) | string metadata
//                      | int64 commit_timestamp | int64 expire_timestamp (v1 only)
//   GroupMetadataValue int16 version | string protocol_type | int32 generation | nullable string protocol
//                      | nullable string leader | int64 current_state_timestamp (v2+) | int32 count, then per member:
//                      string member_id | nullable string group_instance_id (v3+) | string client_id
//                      | string client_host | int32 rebalance_timeout (v1+) | int32 session_timeout
//                      | bytes subscription | bytes assignment
//
// string = int16 length + UTF-8 (-1 = null when nullable); bytes = int32 length + bytes.

extension OffsetCommitKey {
    /// The key version this coordinator writes (0 and 1 share a layout).
    public static let version: Int16 = 1

    /// The encoded key.
    public func encode() throws(CoordinatorRecordError) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Self.version)
        try buffer.writeClassicString(group, field: "OffsetCommitKey.group")
        try buffer.writeClassicString(topic, field: "OffsetCommitKey.topic")
        buffer.writeInteger(partition)
        return buffer
    }

    /// Decodes the fields after the version prefix.
    static func decodeBody(_ buffer: inout ByteBuffer) throws(CoordinatorRecordError) -> OffsetCommitKey {
        let group = try buffer.readClassicString(field: "OffsetCommitKey.group")
        let topic = try buffer.readClassicString(field: "OffsetCommitKey.topic")
        let partition = try buffer.readClassicInt32(field: "OffsetCommitKey.partition")
        try buffer.expectFullyConsumed("OffsetCommitKey")
        return OffsetCommitKey(group: group, topic: topic, partition: partition)
    }
}

extension GroupMetadataKey {
    /// The key version of group metadata records.
    public static let version: Int16 = 2

    /// The encoded key.
    public func encode() throws(CoordinatorRecordError) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Self.version)
        try buffer.writeClassicString(group, field: "GroupMetadataKey.group")
        return buffer
    }

    static func decodeBody(_ buffer: inout ByteBuffer) throws(CoordinatorRecordError) -> GroupMetadataKey {
        let group = try buffer.readClassicString(field: "GroupMetadataKey.group")
        try buffer.expectFullyConsumed("GroupMetadataKey")
        return GroupMetadataKey(group: group)
    }
}

extension OffsetCommitValue {
    /// The value version this coordinator writes (v1 when an expire timestamp is present).
    public static let version: Int16 = 3

    /// The encoded value: version 3, or version 1 if `expireTimestamp` is set (as Kafka does).
    public func encode() throws(CoordinatorRecordError) -> ByteBuffer {
        var buffer = ByteBuffer()
        if let expireTimestamp {
            buffer.writeInteger(Int16(1))
            buffer.writeInteger(offset)
            try buffer.writeClassicString(metadata, field: "OffsetCommitValue.metadata")
            buffer.writeInteger(commitTimestamp)
            buffer.writeInteger(expireTimestamp)
            return buffer
        }
        buffer.writeInteger(Self.version)
        buffer.writeInteger(offset)
        buffer.writeInteger(leaderEpoch)
        try buffer.writeClassicString(metadata, field: "OffsetCommitValue.metadata")
        buffer.writeInteger(commitTimestamp)
        return buffer
    }

    /// Decodes versions 0 to 3.
    public static func decode(_ bytes: ByteBuffer) throws(CoordinatorRecordError) -> OffsetCommitValue {
        var buffer = bytes
        let version = try buffer.readClassicInt16(field: "OffsetCommitValue.version")
        guard (0...3).contains(version) else {
            throw CoordinatorRecordError(.unsupportedVersion, "OffsetCommitValue version \(version)")
        }
        let offset = try buffer.readClassicInt64(field: "OffsetCommitValue.offset")
        let leaderEpoch = version >= 3 ? try buffer.readClassicInt32(field: "OffsetCommitValue.leaderEpoch") : -1
        let metadata = try buffer.readClassicString(field: "OffsetCommitValue.metadata")
        let commitTimestamp = try buffer.readClassicInt64(field: "OffsetCommitValue.commitTimestamp")
        var expireTimestamp: Int64?
        if version == 1 {
            let expire = try buffer.readClassicInt64(field: "OffsetCommitValue.expireTimestamp")
            expireTimestamp = expire == -1 ? nil : expire
        }
        try buffer.expectFullyConsumed("OffsetCommitValue v\(version)")
        return OffsetCommitValue(
            offset: offset,
            leaderEpoch: leaderEpoch,
            metadata: metadata,
            commitTimestamp: commitTimestamp,
            expireTimestamp: expireTimestamp
        )
    }
}

extension GroupMetadataValue {
    /// The value version this coordinator writes.
    public static let version: Int16 = 3

    /// The encoded value (version 3).
    public func encode() throws(CoordinatorRecordError) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Self.version)
        try buffer.writeClassicString(protocolType, field: "GroupMetadataValue.protocolType")
        buffer.writeInteger(generation)
        try buffer.writeNullableClassicString(protocolName, field: "GroupMetadataValue.protocol")
        try buffer.writeNullableClassicString(leader, field: "GroupMetadataValue.leader")
        buffer.writeInteger(currentStateTimestamp)
        buffer.writeInteger(Int32(truncatingIfNeeded: members.count))
        for member in members {
            try buffer.writeClassicString(member.memberId, field: "MemberMetadata.memberId")
            try buffer.writeNullableClassicString(member.groupInstanceId, field: "MemberMetadata.groupInstanceId")
            try buffer.writeClassicString(member.clientId, field: "MemberMetadata.clientId")
            try buffer.writeClassicString(member.clientHost, field: "MemberMetadata.clientHost")
            buffer.writeInteger(member.rebalanceTimeoutMs)
            buffer.writeInteger(member.sessionTimeoutMs)
            try buffer.writeClassicBytes(member.subscription, field: "MemberMetadata.subscription")
            try buffer.writeClassicBytes(member.assignment, field: "MemberMetadata.assignment")
        }
        return buffer
    }

    /// Decodes versions 0 to 3.
    public static func decode(_ bytes: ByteBuffer) throws(CoordinatorRecordError) -> GroupMetadataValue {
        var buffer = bytes
        let version = try buffer.readClassicInt16(field: "GroupMetadataValue.version")
        guard (0...3).contains(version) else {
            throw CoordinatorRecordError(.unsupportedVersion, "GroupMetadataValue version \(version)")
        }
        let protocolType = try buffer.readClassicString(field: "GroupMetadataValue.protocolType")
        let generation = try buffer.readClassicInt32(field: "GroupMetadataValue.generation")
        let protocolName = try buffer.readNullableClassicString(field: "GroupMetadataValue.protocol")
        let leader = try buffer.readNullableClassicString(field: "GroupMetadataValue.leader")
        let timestamp =
            version >= 2 ? try buffer.readClassicInt64(field: "GroupMetadataValue.currentStateTimestamp") : -1
        // Smallest member: three empty strings, two empty byte fields and the timeouts of this version.
        let minimumMember = 2 * 3 + 4 + 8 + (version >= 1 ? 4 : 0) + (version >= 3 ? 2 : 0)
        let count = try buffer.readClassicArrayCount(
            field: "GroupMetadataValue.members",
            minimumElementBytes: minimumMember
        )
        var members: [Member] = []
        members.reserveCapacity(count)
        for _ in 0..<count {
            let memberId = try buffer.readClassicString(field: "MemberMetadata.memberId")
            let instanceId =
                version >= 3 ? try buffer.readNullableClassicString(field: "MemberMetadata.groupInstanceId") : nil
            let clientId = try buffer.readClassicString(field: "MemberMetadata.clientId")
            let clientHost = try buffer.readClassicString(field: "MemberMetadata.clientHost")
            let rebalanceTimeout =
                version >= 1 ? try buffer.readClassicInt32(field: "MemberMetadata.rebalanceTimeout") : -1
            let sessionTimeout = try buffer.readClassicInt32(field: "MemberMetadata.sessionTimeout")
            let subscription = try buffer.readClassicBytes(field: "MemberMetadata.subscription")
            let assignment = try buffer.readClassicBytes(field: "MemberMetadata.assignment")
            members.append(
                Member(
                    memberId: memberId,
                    groupInstanceId: instanceId,
                    clientId: clientId,
                    clientHost: clientHost,
                    rebalanceTimeoutMs: rebalanceTimeout,
                    sessionTimeoutMs: sessionTimeout,
                    subscription: subscription,
                    assignment: assignment
                )
            )
        }
        try buffer.expectFullyConsumed("GroupMetadataValue v\(version)")
        return GroupMetadataValue(
            protocolType: protocolType,
            generation: generation,
            protocolName: protocolName,
            leader: leader,
            currentStateTimestamp: timestamp,
            members: members
        )
    }
}

extension CoordinatorRecord {
    /// Decodes a record from its key and value bytes (nil value = tombstone).
    ///
    /// Key versions 0 and 1 are offset commits, 2 is group metadata; other versions (Kafka's consumer-protocol,
    /// share-group and transaction records) throw `.unknownRecordType`, which a loader may log and skip.
    public init(key: ByteBuffer, value: ByteBuffer?) throws(CoordinatorRecordError) {
        var keyBuffer = key
        let version = try keyBuffer.readClassicInt16(field: "key version")
        switch version {
        case 0, 1:
            let decodedKey = try OffsetCommitKey.decodeBody(&keyBuffer)
            self = .offsetCommit(
                decodedKey,
                try value.map { bytes throws(CoordinatorRecordError) in
                    try OffsetCommitValue.decode(bytes)
                }
            )
        case 2:
            let decodedKey = try GroupMetadataKey.decodeBody(&keyBuffer)
            self = .groupMetadata(
                decodedKey,
                try value.map { bytes throws(CoordinatorRecordError) in
                    try GroupMetadataValue.decode(bytes)
                }
            )
        default:
            throw CoordinatorRecordError(.unknownRecordType, "key version \(version)")
        }
    }

    /// The encoded record key.
    public func encodedKey() throws(CoordinatorRecordError) -> ByteBuffer {
        switch self {
        case .offsetCommit(let key, _): try key.encode()
        case .groupMetadata(let key, _): try key.encode()
        }
    }

    /// The encoded record value, nil for a tombstone.
    public func encodedValue() throws(CoordinatorRecordError) -> ByteBuffer? {
        switch self {
        case .offsetCommit(_, let value): try value?.encode()
        case .groupMetadata(_, let value): try value?.encode()
        }
    }
}

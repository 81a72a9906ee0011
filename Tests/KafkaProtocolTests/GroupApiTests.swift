import KafkaProtocol
import NIOCore
import Testing

/// Byte builders for hand-written expected layouts (independent of `WireWriter`): big-endian integers, classic
/// (int16/int32 length) and compact (uvarint length + 1) strings, bytes and arrays, and an empty tag section.
enum GroupApiWire {
    static func join(_ parts: [[UInt8]]) -> [UInt8] { parts.flatMap { $0 } }
    static func i8(_ value: Int8) -> [UInt8] { [UInt8(bitPattern: value)] }
    static func i16(_ value: Int16) -> [UInt8] { withUnsafeBytes(of: value.bigEndian) { Array($0) } }
    static func i32(_ value: Int32) -> [UInt8] { withUnsafeBytes(of: value.bigEndian) { Array($0) } }
    static func i64(_ value: Int64) -> [UInt8] { withUnsafeBytes(of: value.bigEndian) { Array($0) } }
    static func uvarint(_ value: UInt32) -> [UInt8] {
        var out: [UInt8] = []
        var rest = value
        while rest >= 0x80 {
            out.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        out.append(UInt8(rest))
        return out
    }
    /// Classic string: int16 length + UTF-8.
    static func str(_ value: String) -> [UInt8] { i16(Int16(value.utf8.count)) + Array(value.utf8) }
    /// Classic null string.
    static let nullStr: [UInt8] = [0xFF, 0xFF]
    /// Compact string: uvarint (length + 1) + UTF-8.
    static func cstr(_ value: String) -> [UInt8] { uvarint(UInt32(value.utf8.count + 1)) + Array(value.utf8) }
    /// Compact null string / bytes / array.
    static let cnull: [UInt8] = [0]
    /// Classic array count.
    static func arr(_ count: Int32) -> [UInt8] { i32(count) }
    /// Classic null array.
    static let nullArr: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF]
    /// Compact array count.
    static func carr(_ count: UInt32) -> [UInt8] { uvarint(count + 1) }
    /// Classic bytes: int32 length + data.
    static func bytes(_ data: [UInt8]) -> [UInt8] { i32(Int32(data.count)) + data }
    /// Compact bytes: uvarint (length + 1) + data.
    static func cbytes(_ data: [UInt8]) -> [UInt8] { uvarint(UInt32(data.count + 1)) + data }
    /// An empty tagged-field section.
    static let tags: [UInt8] = [0]
}

/// Shared checks for the group API codecs.
enum GroupApiCheck {
    /// `value` encoded at `version` decodes to `expected` (value with the fields `version` lacks reset), `expected`
    /// encodes to the same bytes, and every truncation of the body throws a `KafkaProtocolError`.
    static func roundTrip<M: KafkaMessage & Equatable>(
        _ value: M,
        version: Int16,
        expecting expected: M,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let body = value.encoded(version: version)
        let decoded = try M.decode(body, version: version)
        #expect(decoded == expected, "v\(version)", sourceLocation: sourceLocation)
        #expect(
            Array(expected.encoded(version: version).readableBytesView) == Array(body.readableBytesView),
            "v\(version) re-encoding",
            sourceLocation: sourceLocation
        )
        truncations(of: body, as: M.self, version: version, sourceLocation: sourceLocation)
    }

    /// Every strict prefix of `body` fails to decode with a `KafkaProtocolError`.
    static func truncations<M: KafkaMessage>(
        of body: ByteBuffer,
        as type: M.Type,
        version: Int16,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let bytes = Array(body.readableBytesView)
        for length in 0..<bytes.count {
            let prefix = ByteBuffer(bytes: bytes[0..<length])
            #expect(throws: KafkaProtocolError.self, "v\(version) cut at \(length)", sourceLocation: sourceLocation) {
                _ = try M.decode(prefix, version: version)
            }
        }
    }

    /// `value` encodes at `version` to exactly `bytes`, and `bytes` decode back to `value`.
    static func layout<M: KafkaMessage & Equatable>(
        _ value: M,
        version: Int16,
        _ bytes: [UInt8],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(
            Array(value.encoded(version: version).readableBytesView) == bytes,
            "v\(version) layout",
            sourceLocation: sourceLocation
        )
        #expect(try M.decode(ByteBuffer(bytes: bytes), version: version) == value, sourceLocation: sourceLocation)
    }

    /// `prefix` followed by a count (or length) of 0x7FFFFFFF — int32 when classic, uvarint when flexible — and a
    /// few more bytes is refused with `.invalidLength` before anything is allocated.
    static func hostileCount<M: KafkaMessage>(
        _ type: M.Type,
        version: Int16,
        prefix: [UInt8],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let count = M.isFlexible(version) ? GroupApiWire.uvarint(0x7FFF_FFFF) : GroupApiWire.i32(0x7FFF_FFFF)
        let body = ByteBuffer(bytes: prefix + count + [0, 0, 0, 0, 0, 0, 0, 0])
        let error = #expect(throws: KafkaProtocolError.self, "v\(version)", sourceLocation: sourceLocation) {
            _ = try M.decode(body, version: version)
        }
        #expect(
            error?.code == .invalidLength,
            "v\(version): \(String(describing: error))",
            sourceLocation: sourceLocation
        )
    }

    /// `prefix` followed by a string length of 0x7FFF (classic int16) or 0x7FFFFFFF (compact) is refused with
    /// `.invalidLength`.
    static func hostileString<M: KafkaMessage>(
        _ type: M.Type,
        version: Int16,
        prefix: [UInt8] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let length = M.isFlexible(version) ? GroupApiWire.uvarint(0x7FFF_FFFF) : GroupApiWire.i16(0x7FFF)
        let body = ByteBuffer(bytes: prefix + length + [0x61, 0x62, 0x63])
        let error = #expect(throws: KafkaProtocolError.self, "v\(version)", sourceLocation: sourceLocation) {
            _ = try M.decode(body, version: version)
        }
        #expect(
            error?.code == .invalidLength,
            "v\(version): \(String(describing: error))",
            sourceLocation: sourceLocation
        )
    }

    /// Decoding any body at `version` fails with `.unsupportedVersion`.
    static func unsupported<M: KafkaMessage>(
        _ type: M.Type,
        version: Int16,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let error = #expect(throws: KafkaProtocolError.self, "v\(version)", sourceLocation: sourceLocation) {
            _ = try M.decode(ByteBuffer(bytes: [0, 0, 0, 0]), version: version)
        }
        #expect(error?.code == .unsupportedVersion, sourceLocation: sourceLocation)
    }
}

private typealias W = GroupApiWire

/// FindCoordinator, JoinGroup, Heartbeat, LeaveGroup and SyncGroup.
@Suite struct GroupApiMembershipTests {
    // MARK: FindCoordinator

    @Test(arguments: FindCoordinatorRequest.versions)
    func findCoordinatorRequestRoundTrips(version: Int16) throws {
        let full = FindCoordinatorRequest(key: "group-a", keyType: 1)
        var expected = full
        if version < 1 { expected.keyType = 0 }
        try GroupApiCheck.roundTrip(full, version: version, expecting: expected)
    }

    @Test(arguments: FindCoordinatorResponse.versions)
    func findCoordinatorResponseRoundTrips(version: Int16) throws {
        let full = FindCoordinatorResponse(
            throttleTimeMs: 12,
            errorCode: .coordinatorNotAvailable,
            errorMessage: "not yet",
            nodeId: 3,
            host: "broker-3.local",
            port: 9093
        )
        var expected = full
        if version < 1 {
            expected.throttleTimeMs = 0
            expected.errorMessage = nil
        }
        try GroupApiCheck.roundTrip(full, version: version, expecting: expected)
    }

    @Test func findCoordinatorLayouts() throws {
        let request = FindCoordinatorRequest(key: "g1", keyType: 1)
        try GroupApiCheck.layout(FindCoordinatorRequest(key: "g1"), version: 0, [0, 2, 0x67, 0x31])
        try GroupApiCheck.layout(request, version: 1, [0, 2, 0x67, 0x31, 1])
        try GroupApiCheck.layout(request, version: 3, [3, 0x67, 0x31, 1, 0])

        let response = FindCoordinatorResponse(throttleTimeMs: 5, nodeId: 1, host: "h", port: 9092)
        try GroupApiCheck.layout(
            response,
            version: 1,
            W.join([W.i32(5), W.i16(0), W.nullStr, W.i32(1), W.str("h"), W.i32(9092)])
        )
        try GroupApiCheck.layout(
            response,
            version: 3,
            W.join([W.i32(5), W.i16(0), W.cnull, W.i32(1), W.cstr("h"), W.i32(9092), W.tags])
        )
        // And the builders themselves, spelled out once: throttle 5, error 0, null, node 1, "h", port 9092, tags.
        #expect(
            Array(response.encoded(version: 3).readableBytesView)
                == [0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 1, 2, 0x68, 0, 0, 0x23, 0x84, 0]
        )
    }

    @Test func findCoordinatorRejectsHostileLengths() {
        GroupApiCheck.hostileString(FindCoordinatorRequest.self, version: 0)
        GroupApiCheck.hostileString(FindCoordinatorRequest.self, version: 3)
        GroupApiCheck.hostileString(FindCoordinatorResponse.self, version: 0, prefix: W.join([W.i16(0), W.i32(1)]))
        GroupApiCheck.hostileString(
            FindCoordinatorResponse.self,
            version: 3,
            prefix: W.join([W.i32(0), W.i16(0), W.cnull, W.i32(1)])
        )
    }

    // MARK: JoinGroup

    static let joinRequest = JoinGroupRequest(
        groupId: "grp",
        sessionTimeoutMs: 30_000,
        rebalanceTimeoutMs: 60_000,
        memberId: "member-1",
        groupInstanceId: "instance-1",
        protocolType: "consumer",
        protocols: [
            .init(name: "range", metadata: ByteBuffer(bytes: [0, 1, 2, 3])),
            .init(name: "cooperative-sticky", metadata: ByteBuffer(bytes: [9])),
        ]
    )

    @Test(arguments: JoinGroupRequest.versions)
    func joinGroupRequestRoundTrips(version: Int16) throws {
        var expected = Self.joinRequest
        if version < 1 { expected.rebalanceTimeoutMs = -1 }
        if version < 5 { expected.groupInstanceId = nil }
        try GroupApiCheck.roundTrip(Self.joinRequest, version: version, expecting: expected)
    }

    static let joinResponse = JoinGroupResponse(
        throttleTimeMs: 4,
        errorCode: .memberIdRequired,
        generationId: 7,
        protocolType: "consumer",
        protocolName: "range",
        leader: "member-1",
        memberId: "member-2",
        members: [
            .init(memberId: "member-1", groupInstanceId: "instance-1", metadata: ByteBuffer(bytes: [1, 2])),
            .init(memberId: "member-2", groupInstanceId: nil, metadata: ByteBuffer(bytes: [3])),
        ]
    )

    @Test(arguments: JoinGroupResponse.versions)
    func joinGroupResponseRoundTrips(version: Int16) throws {
        var expected = Self.joinResponse
        if version < 2 { expected.throttleTimeMs = 0 }
        if version < 7 { expected.protocolType = nil }
        if version < 5 {
            expected.members = expected.members.map { .init(memberId: $0.memberId, metadata: $0.metadata) }
        }
        try GroupApiCheck.roundTrip(Self.joinResponse, version: version, expecting: expected)
    }

    @Test func joinGroupResponseNullProtocolName() throws {
        var response = Self.joinResponse
        response.protocolName = nil
        response.protocolType = nil
        // v7+: nullable, so null survives.
        try GroupApiCheck.roundTrip(response, version: 7, expecting: response)
        // Before v7 it is not nullable: written as "" (Kafka does the same), and a null on the wire is refused.
        var expected = response
        expected.protocolName = ""
        expected.members = expected.members.map { .init(memberId: $0.memberId, metadata: $0.metadata) }
        try GroupApiCheck.roundTrip(response, version: 4, expecting: expected)
        let nullName = ByteBuffer(bytes: W.join([W.i32(0), W.i16(0), W.i32(1), W.nullStr]))
        #expect(throws: KafkaProtocolError.self) { try JoinGroupResponse.decode(nullName, version: 2) }
    }

    @Test func joinGroupLayouts() throws {
        let v1 = JoinGroupRequest(
            groupId: "g",
            sessionTimeoutMs: 10_000,
            rebalanceTimeoutMs: 30_000,
            protocolType: "consumer",
            protocols: [.init(name: "range", metadata: ByteBuffer(bytes: [1, 2]))]
        )
        try GroupApiCheck.layout(
            v1,
            version: 1,
            W.join([
                W.str("g"), W.i32(10_000), W.i32(30_000), W.str(""), W.str("consumer"),
                W.arr(1), W.str("range"), W.bytes([1, 2]),
            ])
        )
        var v6 = v1
        v6.groupInstanceId = "i"
        try GroupApiCheck.layout(
            v6,
            version: 6,
            W.join([
                W.cstr("g"), W.i32(10_000), W.i32(30_000), W.cstr(""), W.cstr("i"), W.cstr("consumer"),
                W.carr(1), W.cstr("range"), W.cbytes([1, 2]), W.tags, W.tags,
            ])
        )

        let r0 = JoinGroupResponse(
            generationId: 1,
            protocolName: "range",
            leader: "a",
            memberId: "a",
            members: [.init(memberId: "a", metadata: ByteBuffer(bytes: [9]))]
        )
        try GroupApiCheck.layout(
            r0,
            version: 0,
            W.join([
                W.i16(0), W.i32(1), W.str("range"), W.str("a"), W.str("a"), W.arr(1), W.str("a"), W.bytes([9]),
            ])
        )
        let r7 = JoinGroupResponse(
            throttleTimeMs: 2,
            generationId: 1,
            protocolType: "consumer",
            protocolName: "range",
            leader: "a",
            memberId: "b",
            members: [.init(memberId: "a", groupInstanceId: "s", metadata: ByteBuffer(bytes: [9]))]
        )
        try GroupApiCheck.layout(
            r7,
            version: 7,
            W.join([
                W.i32(2), W.i16(0), W.i32(1), W.cstr("consumer"), W.cstr("range"), W.cstr("a"), W.cstr("b"),
                W.carr(1), W.cstr("a"), W.cstr("s"), W.cbytes([9]), W.tags, W.tags,
            ])
        )
    }

    @Test func joinGroupRejectsHostileCounts() {
        let classicPrefix = W.join([W.str("g"), W.i32(1), W.i32(1), W.str(""), W.str("consumer")])
        GroupApiCheck.hostileCount(JoinGroupRequest.self, version: 1, prefix: classicPrefix)
        let flexiblePrefix = W.join([W.cstr("g"), W.i32(1), W.i32(1), W.cstr(""), W.cnull, W.cstr("consumer")])
        GroupApiCheck.hostileCount(JoinGroupRequest.self, version: 7, prefix: flexiblePrefix)
        GroupApiCheck.hostileCount(
            JoinGroupResponse.self,
            version: 0,
            prefix: W.join([W.i16(0), W.i32(1), W.str("r"), W.str("a"), W.str("a")])
        )
        GroupApiCheck.hostileCount(
            JoinGroupResponse.self,
            version: 7,
            prefix: W.join([W.i32(0), W.i16(0), W.i32(1), W.cnull, W.cnull, W.cstr("a"), W.cstr("a")])
        )
    }

    // MARK: Heartbeat

    @Test(arguments: HeartbeatRequest.versions)
    func heartbeatRequestRoundTrips(version: Int16) throws {
        let full = HeartbeatRequest(groupId: "grp", generationId: 5, memberId: "member-1", groupInstanceId: "i-1")
        var expected = full
        if version < 3 { expected.groupInstanceId = nil }
        try GroupApiCheck.roundTrip(full, version: version, expecting: expected)
    }

    @Test(arguments: HeartbeatResponse.versions)
    func heartbeatResponseRoundTrips(version: Int16) throws {
        let full = HeartbeatResponse(throttleTimeMs: 3, errorCode: .rebalanceInProgress)
        var expected = full
        if version < 1 { expected.throttleTimeMs = 0 }
        try GroupApiCheck.roundTrip(full, version: version, expecting: expected)
    }

    @Test func heartbeatLayouts() throws {
        try GroupApiCheck.layout(
            HeartbeatRequest(groupId: "g", generationId: 2, memberId: "m"),
            version: 0,
            W.join([W.str("g"), W.i32(2), W.str("m")])
        )
        try GroupApiCheck.layout(
            HeartbeatRequest(groupId: "g", generationId: 2, memberId: "m"),
            version: 4,
            W.join([W.cstr("g"), W.i32(2), W.cstr("m"), W.cnull, W.tags])
        )
        try GroupApiCheck.layout(HeartbeatResponse(errorCode: .rebalanceInProgress), version: 0, [0, 27])
        try GroupApiCheck.layout(HeartbeatResponse(throttleTimeMs: 1), version: 4, [0, 0, 0, 1, 0, 0, 0])
    }

    @Test func heartbeatSkipsUnknownTaggedFields() throws {
        // Flexible body with a top-level tag section holding tag 0 (2 bytes) and tag 5 (0 bytes).
        let body = W.join([W.cstr("g"), W.i32(2), W.cstr("m"), W.cnull, [2, 0, 2, 0xAB, 0xCD, 5, 0]])
        let decoded = try HeartbeatRequest.decode(ByteBuffer(bytes: body), version: 4)
        #expect(decoded == HeartbeatRequest(groupId: "g", generationId: 2, memberId: "m"))
    }

    @Test func heartbeatRejectsHostileLengths() {
        GroupApiCheck.hostileString(HeartbeatRequest.self, version: 0)
        GroupApiCheck.hostileString(HeartbeatRequest.self, version: 4)
        GroupApiCheck.hostileString(HeartbeatRequest.self, version: 3, prefix: W.join([W.str("g"), W.i32(1)]))
    }

    // MARK: LeaveGroup

    @Test(arguments: LeaveGroupRequest.versions)
    func leaveGroupRequestRoundTrips(version: Int16) throws {
        let full = LeaveGroupRequest(
            groupId: "grp",
            memberId: "member-1",
            members: [
                .init(memberId: "member-1", groupInstanceId: "i-1", reason: "shutting down"),
                .init(memberId: "member-2", groupInstanceId: nil, reason: nil),
            ]
        )
        var expected = full
        if version <= 2 {
            expected.members = []
        } else {
            expected.memberId = ""
            if version < 5 {
                expected.members = expected.members.map {
                    .init(memberId: $0.memberId, groupInstanceId: $0.groupInstanceId)
                }
            }
        }
        try GroupApiCheck.roundTrip(full, version: version, expecting: expected)
    }

    @Test(arguments: LeaveGroupResponse.versions)
    func leaveGroupResponseRoundTrips(version: Int16) throws {
        let full = LeaveGroupResponse(
            throttleTimeMs: 8,
            errorCode: .notCoordinator,
            members: [
                .init(memberId: "member-1", groupInstanceId: "i-1", errorCode: .unknownMemberId),
                .init(memberId: "member-2", groupInstanceId: nil, errorCode: .fencedInstanceId),
            ]
        )
        var expected = full
        if version < 1 { expected.throttleTimeMs = 0 }
        if version < 3 { expected.members = [] }
        try GroupApiCheck.roundTrip(full, version: version, expecting: expected)
    }

    @Test func leaveGroupLayouts() throws {
        try GroupApiCheck.layout(
            LeaveGroupRequest(groupId: "g", memberId: "m"),
            version: 0,
            W.join([W.str("g"), W.str("m")])
        )
        try GroupApiCheck.layout(
            LeaveGroupRequest(groupId: "g", members: [.init(memberId: "m")]),
            version: 3,
            W.join([W.str("g"), W.arr(1), W.str("m"), W.nullStr])
        )
        try GroupApiCheck.layout(
            LeaveGroupRequest(groupId: "g", members: [.init(memberId: "m", groupInstanceId: "i", reason: "bye")]),
            version: 5,
            W.join([W.cstr("g"), W.carr(1), W.cstr("m"), W.cstr("i"), W.cstr("bye"), W.tags, W.tags])
        )

        try GroupApiCheck.layout(LeaveGroupResponse(errorCode: .unknownMemberId), version: 0, [0, 25])
        try GroupApiCheck.layout(
            LeaveGroupResponse(members: [.init(memberId: "m", errorCode: .unknownMemberId)]),
            version: 4,
            W.join([W.i32(0), W.i16(0), W.carr(1), W.cstr("m"), W.cnull, W.i16(25), W.tags, W.tags])
        )
    }

    @Test func leaveGroupRejectsHostileCounts() {
        GroupApiCheck.hostileString(LeaveGroupRequest.self, version: 0, prefix: W.str("g"))
        GroupApiCheck.hostileCount(LeaveGroupRequest.self, version: 3, prefix: W.str("g"))
        GroupApiCheck.hostileCount(LeaveGroupRequest.self, version: 5, prefix: W.cstr("g"))
        GroupApiCheck.hostileCount(LeaveGroupResponse.self, version: 3, prefix: W.join([W.i32(0), W.i16(0)]))
        GroupApiCheck.hostileCount(LeaveGroupResponse.self, version: 4, prefix: W.join([W.i32(0), W.i16(0)]))
    }

    // MARK: SyncGroup

    @Test(arguments: SyncGroupRequest.versions)
    func syncGroupRequestRoundTrips(version: Int16) throws {
        let full = SyncGroupRequest(
            groupId: "grp",
            generationId: 4,
            memberId: "member-1",
            groupInstanceId: "i-1",
            protocolType: "consumer",
            protocolName: "range",
            assignments: [
                .init(memberId: "member-1", assignment: ByteBuffer(bytes: [0, 1, 0, 0])),
                .init(memberId: "member-2", assignment: ByteBuffer(bytes: [])),
            ]
        )
        var expected = full
        if version < 3 { expected.groupInstanceId = nil }
        if version < 5 {
            expected.protocolType = nil
            expected.protocolName = nil
        }
        try GroupApiCheck.roundTrip(full, version: version, expecting: expected)
    }

    @Test(arguments: SyncGroupResponse.versions)
    func syncGroupResponseRoundTrips(version: Int16) throws {
        let full = SyncGroupResponse(
            throttleTimeMs: 6,
            errorCode: .rebalanceInProgress,
            protocolType: "consumer",
            protocolName: "range",
            assignment: ByteBuffer(bytes: [0, 1, 2, 3, 4])
        )
        var expected = full
        if version < 1 { expected.throttleTimeMs = 0 }
        if version < 5 {
            expected.protocolType = nil
            expected.protocolName = nil
        }
        try GroupApiCheck.roundTrip(full, version: version, expecting: expected)
    }

    @Test func syncGroupLayouts() throws {
        try GroupApiCheck.layout(
            SyncGroupRequest(
                groupId: "g",
                generationId: 1,
                memberId: "m",
                assignments: [.init(memberId: "m", assignment: ByteBuffer(bytes: [7]))]
            ),
            version: 0,
            W.join([W.str("g"), W.i32(1), W.str("m"), W.arr(1), W.str("m"), W.bytes([7])])
        )
        try GroupApiCheck.layout(
            SyncGroupRequest(
                groupId: "g",
                generationId: 1,
                memberId: "m",
                protocolType: "consumer",
                protocolName: "range"
            ),
            version: 5,
            W.join([
                W.cstr("g"), W.i32(1), W.cstr("m"), W.cnull, W.cstr("consumer"), W.cstr("range"), W.carr(0), W.tags,
            ])
        )
        try GroupApiCheck.layout(
            SyncGroupResponse(assignment: ByteBuffer(bytes: [1, 2, 3])),
            version: 0,
            W.join([W.i16(0), W.bytes([1, 2, 3])])
        )
        try GroupApiCheck.layout(
            SyncGroupResponse(protocolType: "consumer"),
            version: 5,
            W.join([W.i32(0), W.i16(0), W.cstr("consumer"), W.cnull, W.cbytes([]), W.tags])
        )
    }

    @Test func syncGroupRejectsHostileCounts() {
        GroupApiCheck.hostileCount(
            SyncGroupRequest.self,
            version: 0,
            prefix: W.join([W.str("g"), W.i32(1), W.str("m")])
        )
        GroupApiCheck.hostileCount(
            SyncGroupRequest.self,
            version: 5,
            prefix: W.join([W.cstr("g"), W.i32(1), W.cstr("m"), W.cnull, W.cnull, W.cnull])
        )
        // The response has no array: a hostile assignment length instead.
        GroupApiCheck.hostileCount(SyncGroupResponse.self, version: 0, prefix: W.i16(0))
        GroupApiCheck.hostileCount(
            SyncGroupResponse.self,
            version: 5,
            prefix: W.join([W.i32(0), W.i16(0), W.cnull, W.cnull])
        )
    }

    @Test func versionsOutsideOurRangesAreRefused() {
        GroupApiCheck.unsupported(FindCoordinatorRequest.self, version: 4)
        GroupApiCheck.unsupported(FindCoordinatorResponse.self, version: 4)
        GroupApiCheck.unsupported(JoinGroupRequest.self, version: 8)
        GroupApiCheck.unsupported(JoinGroupResponse.self, version: 8)
        GroupApiCheck.unsupported(HeartbeatRequest.self, version: 5)
        GroupApiCheck.unsupported(LeaveGroupRequest.self, version: 6)
        GroupApiCheck.unsupported(SyncGroupRequest.self, version: -1)
    }
}

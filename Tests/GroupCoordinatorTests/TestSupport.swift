import GroupCoordinator
import NIOCore

/// Bytes of a UTF-8 string (subscription metadata, assignments).
func bytes(_ text: String) -> ByteBuffer {
    ByteBuffer(string: text)
}

/// Bytes from literal values.
func bytes(_ values: [UInt8]) -> ByteBuffer {
    ByteBuffer(bytes: values)
}

/// A consumer JoinGroup input; protocols are (name, metadata text) pairs.
func joinInput(
    _ clientId: String,
    memberId: String = "",
    instance: String? = nil,
    protocols: [(String, String)]? = nil,
    protocolType: String = "consumer",
    session: Int32 = 10_000,
    rebalance: Int32 = 30_000,
    requireKnownMemberId: Bool = true,
    skipAssignment: Bool = false
) -> JoinInput {
    let list = protocols ?? [("range", "sub-\(clientId)")]
    return JoinInput(
        memberId: memberId,
        groupInstanceId: instance,
        clientId: clientId,
        clientHost: "/10.0.0.1",
        sessionTimeoutMs: session,
        rebalanceTimeoutMs: rebalance,
        protocolType: protocolType,
        protocols: list.map { GroupProtocol(name: $0.0, metadata: bytes($0.1)) },
        requireKnownMemberId: requireKnownMemberId,
        supportsSkippingAssignment: skipAssignment
    )
}

extension Array where Element == GroupAction {
    /// Join responses by request id.
    var joins: [Int: JoinResult] {
        var result: [Int: JoinResult] = [:]
        for case .respondJoin(let id, let body) in self { result[id] = body }
        return result
    }

    /// Sync responses by request id.
    var syncs: [Int: SyncResult] {
        var result: [Int: SyncResult] = [:]
        for case .respondSync(let id, let body) in self { result[id] = body }
        return result
    }

    /// Heartbeat responses by request id.
    var heartbeats: [Int: GroupErrorCode] {
        var result: [Int: GroupErrorCode] = [:]
        for case .respondHeartbeat(let id, let body) in self { result[id] = body }
        return result
    }

    /// Leave responses by request id.
    var leaves: [Int: LeaveResult] {
        var result: [Int: LeaveResult] = [:]
        for case .respondLeave(let id, let body) in self { result[id] = body }
        return result
    }

    /// Commit responses by request id.
    var commits: [Int: OffsetCommitResult] {
        var result: [Int: OffsetCommitResult] = [:]
        for case .respondOffsetCommit(let id, let body) in self { result[id] = body }
        return result
    }

    /// The records to persist, in order.
    var records: [CoordinatorRecord] {
        compactMap(\.record)
    }

    /// The ids of answered requests, in order.
    var answered: [Int] {
        compactMap(\.requestId)
    }
}

extension OffsetCommitResult {
    /// Every partition's error code, in request order.
    var codes: [GroupErrorCode] {
        topics.flatMap { $0.partitions.map(\.errorCode) }
    }
}

/// A coordinator holding one Stable group "g" of two dynamic members joined at time 0 and 1000.
struct StableGroupOfTwo {
    var coordinator: GroupCoordinatorState
    let leader: String
    let follower: String
    /// The time the group became Stable.
    let now: Int64
}

/// Builds `StableGroupOfTwo` by the full protocol: MEMBER_ID_REQUIRED, initial delay, join, sync.
func makeStableGroupOfTwo(config: GroupCoordinatorConfig = GroupCoordinatorConfig()) -> StableGroupOfTwo {
    var c = GroupCoordinatorState(config: config, memberIdSeed: 42)
    let a = c.join(groupId: "g", joinInput("a"), requestId: 1, now: 0).joins[1]?.memberId ?? ""
    _ = c.join(groupId: "g", joinInput("a", memberId: a), requestId: 2, now: 0)
    let b = c.join(groupId: "g", joinInput("b"), requestId: 3, now: 1000).joins[3]?.memberId ?? ""
    _ = c.join(groupId: "g", joinInput("b", memberId: b), requestId: 4, now: 1000)
    _ = c.tick(now: 3000)
    _ = c.tick(now: 6000)
    _ = c.sync(groupId: "g", SyncInput(memberId: b, generationId: 1), requestId: 5, now: 6000)
    let assignments = [
        MemberAssignment(memberId: a, assignment: bytes("assign-a")),
        MemberAssignment(memberId: b, assignment: bytes("assign-b")),
    ]
    _ = c.sync(groupId: "g", SyncInput(memberId: a, generationId: 1, assignments: assignments), requestId: 6, now: 6000)
    return StableGroupOfTwo(coordinator: c, leader: a, follower: b, now: 6000)
}

public import NIOCore

/// One protocol (assignor) a member supports, with its opaque metadata (the subscription).
public struct GroupProtocol: Hashable, Sendable {
    /// The protocol name, e.g. `range` or `cooperative-sticky`.
    public var name: String
    /// The member's metadata for this protocol; the coordinator never parses it.
    public var metadata: ByteBuffer

    /// Creates a protocol entry.
    public init(name: String, metadata: ByteBuffer) {
        self.name = name
        self.metadata = metadata
    }
}

/// A member of a classic group, as Kafka's `ClassicGroupMember` keeps it.
public struct GroupMember: Hashable, Sendable {
    /// The member id, `<clientId or group.instance.id>-<uuid>`.
    public internal(set) var memberId: String
    /// The static member's `group.instance.id`, nil for dynamic members.
    public let groupInstanceId: String?
    /// The client id of the member's connection.
    public let clientId: String
    /// The client host of the member's connection.
    public let clientHost: String
    /// How long the member may stay silent before it is removed.
    public internal(set) var sessionTimeoutMs: Int32
    /// How long a rebalance may wait for this member to rejoin.
    public internal(set) var rebalanceTimeoutMs: Int32
    /// The protocol type, e.g. `consumer`.
    public let protocolType: String
    /// The supported protocols in the member's order of preference.
    public internal(set) var protocols: [GroupProtocol]
    /// The member's assignment from the last completed SyncGroup (empty if none).
    public internal(set) var assignment: ByteBuffer
    /// When the member last proved it is alive (heartbeat, join or sync completion, offset commit).
    public internal(set) var lastHeartbeatMs: Int64?
    /// When the member is removed unless it proves it is alive; nil while no expiry is scheduled.
    public internal(set) var sessionDeadlineMs: Int64?

    /// The JoinGroup request parked for this member, if any.
    var awaitingJoinRequest: Int?
    /// The SyncGroup request parked for this member, if any.
    var awaitingSyncRequest: Int?
    /// True from the member's first join until its first join response (Kafka's `isNew`).
    var isNew: Bool

    init(
        memberId: String,
        groupInstanceId: String?,
        clientId: String,
        clientHost: String,
        sessionTimeoutMs: Int32,
        rebalanceTimeoutMs: Int32,
        protocolType: String,
        protocols: [GroupProtocol],
        assignment: ByteBuffer = ByteBuffer()
    ) {
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.clientId = clientId
        self.clientHost = clientHost
        self.sessionTimeoutMs = sessionTimeoutMs
        self.rebalanceTimeoutMs = rebalanceTimeoutMs
        self.protocolType = protocolType
        self.protocols = protocols
        self.assignment = assignment
        self.lastHeartbeatMs = nil
        self.sessionDeadlineMs = nil
        self.awaitingJoinRequest = nil
        self.awaitingSyncRequest = nil
        self.isNew = false
    }

    /// True for members with a `group.instance.id`.
    public var isStatic: Bool { groupInstanceId != nil }

    /// True while a JoinGroup of this member is parked.
    public var isAwaitingJoin: Bool { awaitingJoinRequest != nil }

    /// True while a SyncGroup of this member is parked.
    public var isAwaitingSync: Bool { awaitingSyncRequest != nil }

    /// The metadata the member sent for a protocol.
    public func metadata(for protocolName: String) -> ByteBuffer? {
        protocols.first { $0.name == protocolName }?.metadata
    }

    /// The member's first protocol that is among the candidates.
    func vote(_ candidates: Set<String>) -> String? {
        protocols.first { candidates.contains($0.name) }?.name
    }

    /// Kafka's `hasSatisfiedHeartbeat`: a parked join or sync counts as a heartbeat, except for new members.
    var hasSatisfiedHeartbeat: Bool {
        !isNew && (isAwaitingJoin || isAwaitingSync)
    }

    /// Records proof of life and schedules the next session expiry.
    mutating func heartbeat(now: Int64, timeoutMs: Int32? = nil) {
        lastHeartbeatMs = now
        sessionDeadlineMs = now + Int64(max(0, timeoutMs ?? sessionTimeoutMs))
    }
}

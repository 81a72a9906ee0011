public import NIOCore

/// The key of an offset commit record (`OffsetCommitKey`, written with key version 1).
public struct OffsetCommitKey: Hashable, Sendable {
    /// The group id.
    public var group: String
    /// The topic name.
    public var topic: String
    /// The partition index.
    public var partition: Int32

    /// Creates a key.
    public init(group: String, topic: String, partition: Int32) {
        self.group = group
        self.topic = topic
        self.partition = partition
    }
}

/// The value of an offset commit record (`OffsetCommitValue`, written as version 3).
public struct OffsetCommitValue: Hashable, Sendable {
    /// The committed offset.
    public var offset: Int64
    /// The committed leader epoch (v3+), -1 if unknown.
    public var leaderEpoch: Int32
    /// The metadata string.
    public var metadata: String
    /// When the commit was accepted.
    public var commitTimestamp: Int64
    /// The explicit expiry (v1 only), nil otherwise.
    public var expireTimestamp: Int64?

    /// Creates a value.
    public init(
        offset: Int64,
        leaderEpoch: Int32 = -1,
        metadata: String = "",
        commitTimestamp: Int64,
        expireTimestamp: Int64? = nil
    ) {
        self.offset = offset
        self.leaderEpoch = leaderEpoch
        self.metadata = metadata
        self.commitTimestamp = commitTimestamp
        self.expireTimestamp = expireTimestamp
    }

    /// The value for a committed offset.
    public init(_ committed: CommittedOffset) {
        self.init(
            offset: committed.offset,
            leaderEpoch: committed.leaderEpoch,
            metadata: committed.metadata,
            commitTimestamp: committed.commitTimestamp,
            expireTimestamp: committed.expireTimestamp
        )
    }

    /// The committed offset this value describes.
    public var committedOffset: CommittedOffset {
        CommittedOffset(
            offset: offset,
            leaderEpoch: leaderEpoch,
            metadata: metadata,
            commitTimestamp: commitTimestamp,
            expireTimestamp: expireTimestamp
        )
    }
}

/// The key of a group metadata record (`GroupMetadataKey`, key version 2).
public struct GroupMetadataKey: Hashable, Sendable {
    /// The group id.
    public var group: String

    /// Creates a key.
    public init(group: String) {
        self.group = group
    }
}

/// The value of a group metadata record (`GroupMetadataValue`, written as version 3).
public struct GroupMetadataValue: Hashable, Sendable {
    /// One member as the record stores it (`MemberMetadata`).
    public struct Member: Hashable, Sendable {
        /// The member id.
        public var memberId: String
        /// The static member's instance id (v3+).
        public var groupInstanceId: String?
        /// The client id.
        public var clientId: String
        /// The client host.
        public var clientHost: String
        /// The rebalance timeout (v1+; -1 when read from v0).
        public var rebalanceTimeoutMs: Int32
        /// The session timeout.
        public var sessionTimeoutMs: Int32
        /// The member's metadata for the group's protocol.
        public var subscription: ByteBuffer
        /// The member's assignment.
        public var assignment: ByteBuffer

        /// Creates a member entry.
        public init(
            memberId: String,
            groupInstanceId: String?,
            clientId: String,
            clientHost: String,
            rebalanceTimeoutMs: Int32,
            sessionTimeoutMs: Int32,
            subscription: ByteBuffer,
            assignment: ByteBuffer
        ) {
            self.memberId = memberId
            self.groupInstanceId = groupInstanceId
            self.clientId = clientId
            self.clientHost = clientHost
            self.rebalanceTimeoutMs = rebalanceTimeoutMs
            self.sessionTimeoutMs = sessionTimeoutMs
            self.subscription = subscription
            self.assignment = assignment
        }
    }

    /// The protocol type ("" when none).
    public var protocolType: String
    /// The generation.
    public var generation: Int32
    /// The selected protocol, nil when the group has no members.
    public var protocolName: String?
    /// The leader's member id, nil when none.
    public var leader: String?
    /// When the group entered its current state (v2+), -1 if unknown.
    public var currentStateTimestamp: Int64
    /// The members.
    public var members: [Member]

    /// Creates a value.
    public init(
        protocolType: String,
        generation: Int32,
        protocolName: String?,
        leader: String?,
        currentStateTimestamp: Int64,
        members: [Member]
    ) {
        self.protocolType = protocolType
        self.generation = generation
        self.protocolName = protocolName
        self.leader = leader
        self.currentStateTimestamp = currentStateTimestamp
        self.members = members
    }
}

/// A record of the `__consumer_offsets` topic: a typed key and a value, nil for a tombstone.
public enum CoordinatorRecord: Hashable, Sendable {
    /// A committed offset, or its deletion (nil value).
    case offsetCommit(OffsetCommitKey, OffsetCommitValue?)
    /// A group's metadata, or the group's deletion (nil value).
    case groupMetadata(GroupMetadataKey, GroupMetadataValue?)

    /// The group the record belongs to (which also picks its partition).
    public var groupId: String {
        switch self {
        case .offsetCommit(let key, _): key.group
        case .groupMetadata(let key, _): key.group
        }
    }

    /// True for a tombstone (null value).
    public var isTombstone: Bool {
        switch self {
        case .offsetCommit(_, let value): value == nil
        case .groupMetadata(_, let value): value == nil
        }
    }
}

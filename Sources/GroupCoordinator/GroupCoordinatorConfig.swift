/// Settings of the group coordinator, named after Kafka's broker configs, with Kafka's defaults.
public struct GroupCoordinatorConfig: Hashable, Sendable {
    /// How long the first rebalance of an empty group waits for more members (`group.initial.rebalance.delay.ms`).
    /// Default: 3000.
    public var initialRebalanceDelayMs: Int32
    /// The smallest session timeout a member may ask for (`group.min.session.timeout.ms`). Default: 6000.
    public var minSessionTimeoutMs: Int32
    /// The largest session timeout a member may ask for (`group.max.session.timeout.ms`). Default: 1800000.
    public var maxSessionTimeoutMs: Int32
    /// The most members a group may have (`group.max.size`). Default: Int32.max.
    public var maxGroupSize: Int
    /// How long a new member's parked JoinGroup may wait before it is dropped
    /// (Kafka's internal `classicGroupNewMemberJoinTimeoutMs`). Default: 300000.
    public var newMemberJoinTimeoutMs: Int32
    /// The longest committed metadata string, in UTF-16 code units as Java counts (`offset.metadata.max.bytes`).
    /// Default: 4096.
    public var offsetMetadataMaxSize: Int
    /// How long offsets of an empty group (or a simple consumer) are kept (`offsets.retention.minutes`).
    /// Default: 7 days.
    public var offsetsRetentionMs: Int64

    /// Creates a configuration; every argument defaults to Kafka's default.
    public init(
        initialRebalanceDelayMs: Int32 = 3000,
        minSessionTimeoutMs: Int32 = 6000,
        maxSessionTimeoutMs: Int32 = 1_800_000,
        maxGroupSize: Int = Int(Int32.max),
        newMemberJoinTimeoutMs: Int32 = 300_000,
        offsetMetadataMaxSize: Int = 4096,
        offsetsRetentionMs: Int64 = 7 * 24 * 60 * 60 * 1000
    ) {
        self.initialRebalanceDelayMs = initialRebalanceDelayMs
        self.minSessionTimeoutMs = minSessionTimeoutMs
        self.maxSessionTimeoutMs = maxSessionTimeoutMs
        self.maxGroupSize = maxGroupSize
        self.newMemberJoinTimeoutMs = newMemberJoinTimeoutMs
        self.offsetMetadataMaxSize = offsetMetadataMaxSize
        self.offsetsRetentionMs = offsetsRetentionMs
    }
}

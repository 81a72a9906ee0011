/// The state of a classic group, spelled as Kafka prints it (`ClassicGroupState.toString`).
///
/// How each state answers (COORDINATOR_NOT_AVAILABLE = 15, UNKNOWN_MEMBER_ID = 25, REBALANCE_IN_PROGRESS = 27):
///
/// | state | JoinGroup | SyncGroup | Heartbeat | OffsetCommit |
/// | --- | --- | --- | --- | --- |
/// | Empty | new members start a rebalance | 25 | 25 | generation -1 only |
/// | PreparingRebalance | parked until the join phase ends | 27 | 27 | current generation |
/// | CompletingRebalance | same metadata: answered at once | parked until the leader's | NONE | 27 |
/// | Stable | leader or new metadata: rebalance | current assignment | NONE | current generation |
/// | Dead | 15 | 15 | 15 | 15 |
public enum GroupState: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// No members; offsets may still be committed by simple consumers.
    case empty = "Empty"
    /// Waiting for members to (re)join.
    case preparingRebalance = "PreparingRebalance"
    /// Waiting for the leader's assignment.
    case completingRebalance = "CompletingRebalance"
    /// Every member has its assignment.
    case stable = "Stable"
    /// Removed; answers nothing but errors.
    case dead = "Dead"

    /// The name Kafka prints (ListGroups, DescribeGroups).
    public var description: String { rawValue }
}

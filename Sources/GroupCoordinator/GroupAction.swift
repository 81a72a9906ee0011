/// What the broker must do after an event, in order.
///
/// Append every `.persist` record to `__consumer_offsets` before sending any response that follows it in the same
/// array (Kafka answers SyncGroup and OffsetCommit only after the append). Responses name the request by the id the
/// broker passed in, so a JoinGroup or SyncGroup answer may arrive from a later event or from `tick(now:)`.
public enum GroupAction: Hashable, Sendable {
    /// Append this record to the group's `__consumer_offsets` partition.
    case persist(CoordinatorRecord)
    /// Answer a (possibly parked) JoinGroup request.
    case respondJoin(requestId: Int, JoinResult)
    /// Answer a (possibly parked) SyncGroup request.
    case respondSync(requestId: Int, SyncResult)
    /// Answer a Heartbeat request.
    case respondHeartbeat(requestId: Int, GroupErrorCode)
    /// Answer a LeaveGroup request.
    case respondLeave(requestId: Int, LeaveResult)
    /// Answer an OffsetCommit request (after appending the `.persist` records before it).
    case respondOffsetCommit(requestId: Int, OffsetCommitResult)
    /// Answer a DeleteGroups request (after appending the tombstones before it).
    case respondDeleteGroups(requestId: Int, [DeleteGroupResult])

    /// The request this action answers, nil for `.persist`.
    public var requestId: Int? {
        switch self {
        case .persist: nil
        case .respondJoin(let id, _), .respondSync(let id, _), .respondHeartbeat(let id, _),
            .respondLeave(let id, _), .respondOffsetCommit(let id, _), .respondDeleteGroups(let id, _):
            id
        }
    }

    /// The record to append, nil for responses.
    public var record: CoordinatorRecord? {
        if case .persist(let record) = self { return record }
        return nil
    }
}

/// The outcome for one group of a DeleteGroups request.
public struct DeleteGroupResult: Hashable, Sendable {
    /// The group id.
    public var groupId: String
    /// The error, or `.none`.
    public var errorCode: GroupErrorCode

    /// Creates a per-group outcome.
    public init(groupId: String, errorCode: GroupErrorCode) {
        self.groupId = groupId
        self.errorCode = errorCode
    }
}

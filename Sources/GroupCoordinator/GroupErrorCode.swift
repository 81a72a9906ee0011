/// A Kafka error code as the group coordinator reports it, with Kafka's numbers; unknown values survive.
public struct GroupErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The wire value (Kafka's `Errors` code).
    public var rawValue: Int16

    /// Wraps a wire value.
    public init(rawValue: Int16) {
        self.rawValue = rawValue
    }

    /// No error (0).
    public static let none = GroupErrorCode(rawValue: 0)
    /// OFFSET_METADATA_TOO_LARGE (12): committed metadata exceeds `offset.metadata.max.bytes`.
    public static let offsetMetadataTooLarge = GroupErrorCode(rawValue: 12)
    /// COORDINATOR_NOT_AVAILABLE (15): the group is dead or being unloaded.
    public static let coordinatorNotAvailable = GroupErrorCode(rawValue: 15)
    /// ILLEGAL_GENERATION (22): the request names another generation than the group's.
    public static let illegalGeneration = GroupErrorCode(rawValue: 22)
    /// INCONSISTENT_GROUP_PROTOCOL (23): the member shares no protocol (or type) with the group.
    public static let inconsistentGroupProtocol = GroupErrorCode(rawValue: 23)
    /// INVALID_GROUP_ID (24): the group id is empty.
    public static let invalidGroupId = GroupErrorCode(rawValue: 24)
    /// UNKNOWN_MEMBER_ID (25): the member is not (or no longer) part of the group.
    public static let unknownMemberId = GroupErrorCode(rawValue: 25)
    /// INVALID_SESSION_TIMEOUT (26): the session timeout is outside the configured range.
    public static let invalidSessionTimeout = GroupErrorCode(rawValue: 26)
    /// REBALANCE_IN_PROGRESS (27): the group is rebalancing; the member must rejoin.
    public static let rebalanceInProgress = GroupErrorCode(rawValue: 27)
    /// INVALID_REQUEST (42): a field cannot be stored (for example a string longer than 32767 bytes).
    public static let invalidRequest = GroupErrorCode(rawValue: 42)
    /// NON_EMPTY_GROUP (68): the group still has members.
    public static let nonEmptyGroup = GroupErrorCode(rawValue: 68)
    /// GROUP_ID_NOT_FOUND (69): no such group.
    public static let groupIdNotFound = GroupErrorCode(rawValue: 69)
    /// MEMBER_ID_REQUIRED (79): rejoin with the member id carried in the response.
    public static let memberIdRequired = GroupErrorCode(rawValue: 79)
    /// GROUP_MAX_SIZE_REACHED (81): the group has `group.max.size` members.
    public static let groupMaxSizeReached = GroupErrorCode(rawValue: 81)
    /// FENCED_INSTANCE_ID (82): another member id now owns this group.instance.id.
    public static let fencedInstanceId = GroupErrorCode(rawValue: 82)

    /// Kafka's name for the code, or the number for codes this module does not produce.
    public var description: String {
        switch rawValue {
        case 0: "NONE"
        case 12: "OFFSET_METADATA_TOO_LARGE"
        case 15: "COORDINATOR_NOT_AVAILABLE"
        case 22: "ILLEGAL_GENERATION"
        case 23: "INCONSISTENT_GROUP_PROTOCOL"
        case 24: "INVALID_GROUP_ID"
        case 25: "UNKNOWN_MEMBER_ID"
        case 26: "INVALID_SESSION_TIMEOUT"
        case 27: "REBALANCE_IN_PROGRESS"
        case 42: "INVALID_REQUEST"
        case 68: "NON_EMPTY_GROUP"
        case 69: "GROUP_ID_NOT_FOUND"
        case 79: "MEMBER_ID_REQUIRED"
        case 81: "GROUP_MAX_SIZE_REACHED"
        case 82: "FENCED_INSTANCE_ID"
        default: "ERROR(\(rawValue))"
        }
    }
}

/// A Kafka wire error code (int16), open so unknown codes survive, with Kafka's numbers.
public struct KafkaErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int16
    public init(rawValue: Int16) { self.rawValue = rawValue }

    public static let unknownServerError = KafkaErrorCode(rawValue: -1)
    public static let none = KafkaErrorCode(rawValue: 0)
    public static let offsetOutOfRange = KafkaErrorCode(rawValue: 1)
    public static let corruptMessage = KafkaErrorCode(rawValue: 2)
    public static let unknownTopicOrPartition = KafkaErrorCode(rawValue: 3)
    public static let invalidFetchSize = KafkaErrorCode(rawValue: 4)
    public static let leaderNotAvailable = KafkaErrorCode(rawValue: 5)
    public static let notLeaderOrFollower = KafkaErrorCode(rawValue: 6)
    public static let requestTimedOut = KafkaErrorCode(rawValue: 7)
    public static let messageTooLarge = KafkaErrorCode(rawValue: 10)
    public static let coordinatorLoadInProgress = KafkaErrorCode(rawValue: 14)
    public static let coordinatorNotAvailable = KafkaErrorCode(rawValue: 15)
    public static let notCoordinator = KafkaErrorCode(rawValue: 16)
    public static let invalidTopicException = KafkaErrorCode(rawValue: 17)
    public static let recordListTooLarge = KafkaErrorCode(rawValue: 18)
    public static let invalidRequiredAcks = KafkaErrorCode(rawValue: 21)
    public static let illegalGeneration = KafkaErrorCode(rawValue: 22)
    public static let inconsistentGroupProtocol = KafkaErrorCode(rawValue: 23)
    public static let invalidGroupId = KafkaErrorCode(rawValue: 24)
    public static let unknownMemberId = KafkaErrorCode(rawValue: 25)
    public static let invalidSessionTimeout = KafkaErrorCode(rawValue: 26)
    public static let rebalanceInProgress = KafkaErrorCode(rawValue: 27)
    public static let invalidCommitOffsetSize = KafkaErrorCode(rawValue: 28)
    public static let unsupportedVersion = KafkaErrorCode(rawValue: 35)
    public static let topicAlreadyExists = KafkaErrorCode(rawValue: 36)
    public static let invalidPartitions = KafkaErrorCode(rawValue: 37)
    public static let invalidReplicationFactor = KafkaErrorCode(rawValue: 38)
    public static let invalidConfig = KafkaErrorCode(rawValue: 40)
    public static let invalidRequest = KafkaErrorCode(rawValue: 42)
    public static let unsupportedForMessageFormat = KafkaErrorCode(rawValue: 43)
    public static let policyViolation = KafkaErrorCode(rawValue: 44)
    public static let outOfOrderSequenceNumber = KafkaErrorCode(rawValue: 45)
    public static let duplicateSequenceNumber = KafkaErrorCode(rawValue: 46)
    public static let invalidProducerEpoch = KafkaErrorCode(rawValue: 47)
    public static let invalidTxnState = KafkaErrorCode(rawValue: 48)
    public static let invalidProducerIdMapping = KafkaErrorCode(rawValue: 49)
    public static let invalidTransactionTimeout = KafkaErrorCode(rawValue: 50)
    public static let concurrentTransactions = KafkaErrorCode(rawValue: 51)
    public static let transactionalIdAuthorizationFailed = KafkaErrorCode(rawValue: 53)
    public static let unknownProducerId = KafkaErrorCode(rawValue: 59)
    public static let nonEmptyGroup = KafkaErrorCode(rawValue: 68)
    public static let groupIdNotFound = KafkaErrorCode(rawValue: 69)
    public static let unsupportedCompressionType = KafkaErrorCode(rawValue: 76)
    public static let memberIdRequired = KafkaErrorCode(rawValue: 79)
    public static let fencedInstanceId = KafkaErrorCode(rawValue: 82)
    public static let invalidRecord = KafkaErrorCode(rawValue: 87)
    public static let unstableOffsetCommit = KafkaErrorCode(rawValue: 88)
    public static let producerFenced = KafkaErrorCode(rawValue: 90)
    public static let unknownTopicId = KafkaErrorCode(rawValue: 100)

    /// Whether a client may retry the request that got this error.
    public var isRetriable: Bool {
        [1, 2, 3, 5, 6, 7, 14, 15, 16, 51, 88].contains(rawValue)
    }

    public var description: String { "KafkaErrorCode(\(rawValue))" }
}

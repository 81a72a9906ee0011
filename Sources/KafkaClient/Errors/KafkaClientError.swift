import KafkaProtocol

/// A failure of a Kafka client operation, naming the broker, the API and Kafka's error code where there is one.
public struct KafkaClientError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is; new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case connection = "connection failed"
            case timeout = "timed out"
            case protocolViolation = "protocol violation"
            case unsupported = "unsupported"
            case broker = "broker error"
            case configuration = "invalid configuration"
            case closed = "client closed"
            case recordTooLarge = "record too large"
            case noOffset = "no offset"
            case commitFailed = "commit failed"
            case invalidState = "invalid state"
            case fatal = "fatal producer error"
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// Connecting to the broker failed, or the connection broke while a request was in flight.
        public static let connection = Code(.connection)
        /// No response within `request.timeout.ms`, or an operation exceeded its deadline.
        public static let timeout = Code(.timeout)
        /// The broker's response could not be decoded or did not match the request.
        public static let protocolViolation = Code(.protocolViolation)
        /// The broker does not support an API or version the operation needs.
        public static let unsupported = Code(.unsupported)
        /// The broker answered with a Kafka error code (see `errorCode`).
        public static let broker = Code(.broker)
        /// A configuration key has an invalid value, or settings contradict each other.
        public static let configuration = Code(.configuration)
        /// The client was closed.
        public static let closed = Code(.closed)
        /// A record is larger than `max.request.size`.
        public static let recordTooLarge = Code(.recordTooLarge)
        /// A partition has no committed offset and `auto.offset.reset` is `none`.
        public static let noOffset = Code(.noOffset)
        /// A group commit failed because the group rebalanced; the partitions may have been reassigned.
        public static let commitFailed = Code(.commitFailed)
        /// The operation is not allowed in the client's current state (e.g. commit without `group.id`).
        public static let invalidState = Code(.invalidState)
        /// The idempotent producer hit an error it cannot recover from.
        public static let fatal = Code(.fatal)

        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// The broker's address (`host:port`), when one broker was involved.
    public var broker: String?
    /// The API of the failed request, when there was one.
    public var api: ApiKey?
    /// The Kafka error code the broker answered, for `.broker` failures.
    public var errorCode: KafkaErrorCode?
    /// The partition concerned, if any.
    public var topicPartition: TopicPartition?
    /// What happened, for people.
    public var message: String

    /// Creates an error.
    public init(
        _ code: Code,
        _ message: String,
        broker: String? = nil,
        api: ApiKey? = nil,
        errorCode: KafkaErrorCode? = nil,
        topicPartition: TopicPartition? = nil
    ) {
        self.code = code
        self.message = message
        self.broker = broker
        self.api = api
        self.errorCode = errorCode
        self.topicPartition = topicPartition
    }

    /// Kafka's upper-case name of `errorCode` (as in `Errors.java`), e.g. `NOT_LEADER_OR_FOLLOWER`.
    public var errorName: String? { errorCode?.kafkaName }

    /// Whether the operation may succeed if it is tried again (Kafka's `RetriableException` classification).
    public var isRetriable: Bool {
        switch code {
        case .connection, .timeout: true
        case .broker: errorCode?.isClientRetriable ?? false
        default: false
        }
    }

    public var description: String {
        var text = "\(code)"
        if let api { text += " (\(api.name)" + (broker.map { " to \($0)" } ?? "") + ")" } else if let broker {
            text += " (\(broker))"
        }
        if let topicPartition { text += " [\(topicPartition)]" }
        if let errorCode { text += " \(errorCode.kafkaName) (\(errorCode.rawValue))" }
        return text + ": " + message
    }

    /// An error for a broker's error code in a response.
    static func broker(
        _ errorCode: KafkaErrorCode,
        _ message: String? = nil,
        broker: String?,
        api: ApiKey,
        topicPartition: TopicPartition? = nil
    ) -> KafkaClientError {
        KafkaClientError(
            .broker,
            message ?? "the broker answered \(errorCode.kafkaName)",
            broker: broker,
            api: api,
            errorCode: errorCode,
            topicPartition: topicPartition
        )
    }
}

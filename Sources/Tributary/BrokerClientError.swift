import KafkaProtocol

/// A failure talking to a broker, naming the broker's address and the API involved.
struct BrokerClientError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, so callers can tell an unsupported API from a broken connection.
    enum Kind: Sendable {
        /// The broker does not advertise the API, or no version both sides speak.
        case unsupported
        /// Connecting failed, or the connection broke.
        case connection
        /// No response within the request timeout.
        case timeout
        /// The response could not be decoded, or did not match the request.
        case protocolViolation
        /// The broker answered with an error code.
        case errorCode(KafkaErrorCode)
    }

    var kind: Kind
    /// The broker's address, `host:port`.
    var broker: String
    /// The API's name, or nil when the failure is not about one request.
    var api: String?
    var message: String

    init(_ kind: Kind, broker: String, api: String?, _ message: String) {
        self.kind = kind
        self.broker = broker
        self.api = api
        self.message = message
    }

    var isUnsupported: Bool {
        if case .unsupported = kind { return true }
        return false
    }

    var description: String {
        if let api { return "\(api) request to broker \(broker): \(message)" }
        return "broker \(broker): \(message)"
    }
}

/// A command-line failure with a message meant for the user (printed as ArgumentParser's `Error: …`).
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension KafkaErrorCode {
    /// Kafka's upper-case name for the error (as in `Errors.java`), with its number.
    var displayName: String {
        let name = Self.knownNames[rawValue] ?? "UNKNOWN_ERROR_CODE"
        return "\(name) (\(rawValue))"
    }

    private static let knownNames: [Int16: String] = [
        -1: "UNKNOWN_SERVER_ERROR", 0: "NONE", 1: "OFFSET_OUT_OF_RANGE", 2: "CORRUPT_MESSAGE",
        3: "UNKNOWN_TOPIC_OR_PARTITION", 4: "INVALID_FETCH_SIZE", 5: "LEADER_NOT_AVAILABLE",
        6: "NOT_LEADER_OR_FOLLOWER", 7: "REQUEST_TIMED_OUT", 8: "BROKER_NOT_AVAILABLE", 9: "REPLICA_NOT_AVAILABLE",
        10: "MESSAGE_TOO_LARGE", 12: "OFFSET_METADATA_TOO_LARGE", 13: "NETWORK_EXCEPTION",
        14: "COORDINATOR_LOAD_IN_PROGRESS", 15: "COORDINATOR_NOT_AVAILABLE", 16: "NOT_COORDINATOR",
        17: "INVALID_TOPIC_EXCEPTION", 18: "RECORD_LIST_TOO_LARGE", 19: "NOT_ENOUGH_REPLICAS",
        20: "NOT_ENOUGH_REPLICAS_AFTER_APPEND", 21: "INVALID_REQUIRED_ACKS", 22: "ILLEGAL_GENERATION",
        23: "INCONSISTENT_GROUP_PROTOCOL", 24: "INVALID_GROUP_ID", 25: "UNKNOWN_MEMBER_ID",
        26: "INVALID_SESSION_TIMEOUT", 27: "REBALANCE_IN_PROGRESS", 28: "INVALID_COMMIT_OFFSET_SIZE",
        29: "TOPIC_AUTHORIZATION_FAILED", 30: "GROUP_AUTHORIZATION_FAILED", 31: "CLUSTER_AUTHORIZATION_FAILED",
        32: "INVALID_TIMESTAMP", 35: "UNSUPPORTED_VERSION", 36: "TOPIC_ALREADY_EXISTS", 37: "INVALID_PARTITIONS",
        38: "INVALID_REPLICATION_FACTOR", 39: "INVALID_REPLICA_ASSIGNMENT", 40: "INVALID_CONFIG",
        41: "NOT_CONTROLLER", 42: "INVALID_REQUEST", 43: "UNSUPPORTED_FOR_MESSAGE_FORMAT", 44: "POLICY_VIOLATION",
        45: "OUT_OF_ORDER_SEQUENCE_NUMBER", 46: "DUPLICATE_SEQUENCE_NUMBER", 47: "INVALID_PRODUCER_EPOCH",
        48: "INVALID_TXN_STATE", 49: "INVALID_PRODUCER_ID_MAPPING", 50: "INVALID_TRANSACTION_TIMEOUT",
        51: "CONCURRENT_TRANSACTIONS", 56: "KAFKA_STORAGE_ERROR", 59: "UNKNOWN_PRODUCER_ID",
        68: "NON_EMPTY_GROUP", 69: "GROUP_ID_NOT_FOUND", 70: "FETCH_SESSION_ID_NOT_FOUND",
        71: "INVALID_FETCH_SESSION_EPOCH", 73: "TOPIC_DELETION_DISABLED", 74: "FENCED_LEADER_EPOCH",
        75: "UNKNOWN_LEADER_EPOCH", 76: "UNSUPPORTED_COMPRESSION_TYPE", 78: "OFFSET_NOT_AVAILABLE",
        79: "MEMBER_ID_REQUIRED", 82: "FENCED_INSTANCE_ID", 86: "GROUP_SUBSCRIBED_TO_TOPIC", 87: "INVALID_RECORD",
        88: "UNSTABLE_OFFSET_COMMIT", 89: "THROTTLING_QUOTA_EXCEEDED", 90: "PRODUCER_FENCED",
        100: "UNKNOWN_TOPIC_ID",
    ]
}

/// An error of the log storage layer, with a named cause and the path or partition involved.
public struct LogStorageError: Error, Hashable, CustomStringConvertible, Sendable {
    /// What kind of problem this is; new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case io = "I/O error"
            case invalidConfig = "invalid config"
            case invalidBatch = "invalid record batch"
            case messageTooLarge = "message too large"
            case offsetOutOfRange = "offset out of range"
            case unknownTopicOrPartition = "unknown topic or partition"
            case topicAlreadyExists = "topic already exists"
            case invalidTopic = "invalid topic"
            case invalidPartitions = "invalid partitions"
            case logDirectoryFailed = "log directory failed"
            case corruptCheckpoint = "corrupt checkpoint"
            case closed = "log closed"
            case outOfOrderSequence = "out of order sequence number"
            case invalidProducerEpoch = "invalid producer epoch"
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A system call failed (errno in the message).
        public static let io = Code(.io)
        /// A topic or broker config value is missing, malformed or out of range.
        public static let invalidConfig = Code(.invalidConfig)
        /// An appended batch failed validation.
        public static let invalidBatch = Code(.invalidBatch)
        /// A batch is larger than max.message.bytes.
        public static let messageTooLarge = Code(.messageTooLarge)
        /// A read asked for an offset before the log start or after the log end.
        public static let offsetOutOfRange = Code(.offsetOutOfRange)
        /// No such topic or partition.
        public static let unknownTopicOrPartition = Code(.unknownTopicOrPartition)
        /// Creating a topic that exists.
        public static let topicAlreadyExists = Code(.topicAlreadyExists)
        /// A topic name Kafka would not accept.
        public static let invalidTopic = Code(.invalidTopic)
        /// A partition count that is not positive.
        public static let invalidPartitions = Code(.invalidPartitions)
        /// An earlier write or fsync failed; the partition accepts no more appends (data may not be durable).
        public static let logDirectoryFailed = Code(.logDirectoryFailed)
        /// A checkpoint file cannot be parsed.
        public static let corruptCheckpoint = Code(.corruptCheckpoint)
        /// The log was closed.
        public static let closed = Code(.closed)
        /// An idempotent producer's batch does not follow its previous sequence number.
        public static let outOfOrderSequence = Code(.outOfOrderSequence)
        /// An idempotent producer's epoch is older than the one the partition knows.
        public static let invalidProducerEpoch = Code(.invalidProducerEpoch)

        public var description: String { base.rawValue }
    }

    /// The kind of problem.
    public var code: Code
    /// What exactly was wrong, naming the file, partition or value.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    static func io(_ operation: String, _ path: String, errno: Int32) -> LogStorageError {
        LogStorageError(.io, "\(operation) \(path): \(String(cString: strerror(errno))) (errno \(errno))")
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the broker stored a produced record: partition, offset and timestamp.
public struct RecordMetadata: Hashable, Sendable, CustomStringConvertible {
    /// The record's topic and partition.
    public var topicPartition: TopicPartition
    /// The offset assigned, or -1 when unknown (acks=0, or a duplicate the broker reported without offsets).
    public var offset: Int64
    /// The record's timestamp: the broker's append time for LogAppendTime topics, else the create time.
    public var timestamp: Int64

    /// Creates record metadata.
    public init(topicPartition: TopicPartition, offset: Int64, timestamp: Int64) {
        self.topicPartition = topicPartition
        self.offset = offset
        self.timestamp = timestamp
    }

    /// The topic name.
    public var topic: String { topicPartition.topic }
    /// The partition index.
    public var partition: Int32 { topicPartition.partition }

    public var description: String { "\(topicPartition)@\(offset)" }
}

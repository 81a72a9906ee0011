import KafkaRecords
import NIOCore

/// One record returned by `KafkaConsumer.poll`, with its position in the log.
public struct ConsumerRecord: Hashable, Sendable {
    /// The record's topic and partition.
    public var topicPartition: TopicPartition
    /// The record's offset.
    public var offset: Int64
    /// The key; nil is a null key.
    public var key: ByteBuffer?
    /// The value; nil is a null value (a tombstone).
    public var value: ByteBuffer?
    /// The headers, in order.
    public var headers: [RecordHeader]
    /// The timestamp in milliseconds since the epoch.
    public var timestamp: Int64
    /// Whether `timestamp` is the producer's create time or the broker's append time.
    public var timestampType: TimestampType
    /// The partition leader epoch the batch was written in, or nil when unknown.
    public var leaderEpoch: Int32?

    /// Creates a record.
    public init(
        topicPartition: TopicPartition,
        offset: Int64,
        key: ByteBuffer?,
        value: ByteBuffer?,
        headers: [RecordHeader] = [],
        timestamp: Int64,
        timestampType: TimestampType = .createTime,
        leaderEpoch: Int32? = nil
    ) {
        self.topicPartition = topicPartition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
        self.timestampType = timestampType
        self.leaderEpoch = leaderEpoch
    }

    /// The topic name.
    public var topic: String { topicPartition.topic }
    /// The partition index.
    public var partition: Int32 { topicPartition.partition }
}

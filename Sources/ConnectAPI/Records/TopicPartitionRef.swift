/// A topic name and partition number (Kafka's `TopicPartition`), defined here so connectors need no client module.
public struct TopicPartitionRef: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The topic name.
    public var topic: String
    /// The partition number.
    public var partition: Int32

    /// Creates a reference.
    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    /// `topic-partition`, as Kafka prints it.
    public var description: String { "\(topic)-\(partition)" }

    /// Ordered by topic, then partition.
    public static func < (lhs: TopicPartitionRef, rhs: TopicPartitionRef) -> Bool {
        (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition)
    }
}

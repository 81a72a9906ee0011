/// A topic name and partition index: the unit of assignment, ordering and offsets.
public struct TopicPartition: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The topic name.
    public var topic: String
    /// The partition index.
    public var partition: Int32

    /// Creates a topic partition.
    public init(_ topic: String, _ partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    /// Creates a topic partition with labelled arguments.
    public init(topic: String, partition: Int32) {
        self.init(topic, partition)
    }

    public static func < (lhs: TopicPartition, rhs: TopicPartition) -> Bool {
        (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition)
    }

    /// `topic-partition`, as Kafka prints it.
    public var description: String { "\(topic)-\(partition)" }
}

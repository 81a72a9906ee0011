/// A topic name and partition number: the identity of one log.
public struct TopicPartition: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The topic name.
    public var topic: String
    /// The partition number, from 0.
    public var partition: Int32

    /// Creates a topic-partition.
    public init(_ topic: String, _ partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    /// The directory name Kafka uses: `<topic>-<partition>`.
    public var directoryName: String { "\(topic)-\(partition)" }

    /// Parses `<topic>-<partition>` directory names.
    public init?(directoryName: String) {
        guard let dash = directoryName.lastIndex(of: "-"), dash != directoryName.startIndex,
            let partition = Int32(directoryName[directoryName.index(after: dash)...]), partition >= 0
        else { return nil }
        self.init(String(directoryName[..<dash]), partition)
    }

    public static func < (lhs: TopicPartition, rhs: TopicPartition) -> Bool {
        (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition)
    }

    public var description: String { directoryName }
}

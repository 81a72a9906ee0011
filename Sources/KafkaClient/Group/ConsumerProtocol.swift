import KafkaProtocol
import NIOCore

/// The bytes consumers exchange through the coordinator in the classic protocol (protocol type `consumer`), in
/// Kafka's `ConsumerProtocolSubscription` / `ConsumerProtocolAssignment` layouts, so Java and librdkafka members
/// can share a group with us. Both start with an int16 version; later versions only append fields, so a reader
/// takes the fields it knows and ignores the rest.
enum ConsumerProtocol {
    /// The protocol type sent in JoinGroup.
    static let protocolType = "consumer"

    /// What a member subscribes to (JoinGroup protocol metadata).
    struct Subscription: Hashable, Sendable {
        var topics: [String]
        var userData: ByteBuffer?
        /// The partitions the member owns (v1+, for cooperative assignors; empty for eager ones).
        var ownedPartitions: [TopicPartition] = []
        /// The member's generation (v2+), or -1.
        var generationId: Int32 = -1
        /// The member's rack (v3+), or nil.
        var rackId: String?

        /// Encodes at `version` (0–3); we send v1, which every current client reads.
        func encoded(version: Int16 = 1) -> ByteBuffer {
            var writer = WireWriter(flexible: false)
            writer.writeInt16(version)
            writer.writeArray(topics) { $0.writeString($1) }
            writer.writeNullableBytes(userData)
            if version >= 1 {
                writer.writeArray(groupedByTopic(ownedPartitions)) { entry, topic in
                    entry.writeString(topic.topic)
                    entry.writeArray(topic.partitions) { $0.writeInt32($1) }
                }
            }
            if version >= 2 { writer.writeInt32(generationId) }
            if version >= 3 { writer.writeNullableString(rackId) }
            return writer.buffer
        }

        /// Decodes any version: the known fields, ignoring bytes after them.
        static func decode(_ bytes: ByteBuffer) throws(KafkaProtocolError) -> Subscription {
            var reader = WireReader(bytes, flexible: false)
            let version = try reader.readInt16("Version")
            guard version >= 0 else {
                throw KafkaProtocolError(.unsupportedVersion, "consumer subscription version \(version)")
            }
            let topics = try reader.readArray("Topics", minimumElementSize: 2) {
                (entry: inout WireReader) throws(KafkaProtocolError) in try entry.readString("Topic")
            }
            var subscription = Subscription(topics: topics, userData: try readUserData(&reader))
            if version >= 1 && reader.remaining > 0 {
                subscription.ownedPartitions = try readPartitions(&reader, "OwnedPartitions")
            }
            if version >= 2 && reader.remaining >= 4 { subscription.generationId = try reader.readInt32("GenerationId") }
            if version >= 3 && reader.remaining >= 2 { subscription.rackId = try reader.readNullableString("RackId") }
            return subscription
        }
    }

    /// What the leader assigned to a member (SyncGroup assignment).
    struct Assignment: Hashable, Sendable {
        var partitions: [TopicPartition]
        var userData: ByteBuffer?

        /// Encodes at `version` (the layout is the same for v0–v3); we send v1 like the Java client's eager assignors.
        func encoded(version: Int16 = 1) -> ByteBuffer {
            var writer = WireWriter(flexible: false)
            writer.writeInt16(version)
            writer.writeArray(groupedByTopic(partitions)) { entry, topic in
                entry.writeString(topic.topic)
                entry.writeArray(topic.partitions) { $0.writeInt32($1) }
            }
            writer.writeNullableBytes(userData)
            return writer.buffer
        }

        /// Decodes any version; an empty buffer (no assignment) is an empty assignment.
        static func decode(_ bytes: ByteBuffer) throws(KafkaProtocolError) -> Assignment {
            guard bytes.readableBytes > 0 else { return Assignment(partitions: []) }
            var reader = WireReader(bytes, flexible: false)
            let version = try reader.readInt16("Version")
            guard version >= 0 else {
                throw KafkaProtocolError(.unsupportedVersion, "consumer assignment version \(version)")
            }
            let partitions = try readPartitions(&reader, "AssignedPartitions")
            let userData = reader.remaining >= 4 ? try readUserData(&reader) : nil
            return Assignment(partitions: partitions, userData: userData)
        }
    }

    private static func readUserData(_ reader: inout WireReader) throws(KafkaProtocolError) -> ByteBuffer? {
        try reader.readNullableBytes("UserData")
    }

    private static func readPartitions(
        _ reader: inout WireReader,
        _ field: StaticString
    ) throws(KafkaProtocolError) -> [TopicPartition] {
        let topics = try reader.readArray(field, minimumElementSize: 6) {
            (entry: inout WireReader) throws(KafkaProtocolError) -> [TopicPartition] in
            let topic = try entry.readString("Topic")
            let indexes = try entry.readArray("Partitions", minimumElementSize: 4) {
                (value: inout WireReader) throws(KafkaProtocolError) in try value.readInt32("Partition")
            }
            return indexes.map { TopicPartition(topic, $0) }
        }
        return topics.flatMap { $0 }
    }

    private static func groupedByTopic(_ partitions: [TopicPartition]) -> [(topic: String, partitions: [Int32])] {
        var byTopic: [String: [Int32]] = [:]
        for partition in partitions { byTopic[partition.topic, default: []].append(partition.partition) }
        return byTopic.keys.sorted().map { ($0, byTopic[$0]!.sorted()) }
    }
}

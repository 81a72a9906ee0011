@testable import KafkaClient
import NIOCore
import Testing

@Suite struct GroupProtocolTests {
    /// Kafka's ConsumerProtocolSubscription v0 for topics [a, bc] without user data, byte by byte.
    @Test func subscriptionV0Bytes() throws {
        let bytes: [UInt8] = [
            0x00, 0x00,  // version 0
            0x00, 0x00, 0x00, 0x02,  // 2 topics
            0x00, 0x01, 0x61,  // "a"
            0x00, 0x02, 0x62, 0x63,  // "bc"
            0xff, 0xff, 0xff, 0xff,  // user data: null
        ]
        let subscription = ConsumerProtocol.Subscription(topics: ["a", "bc"], userData: nil)
        #expect(Array(subscription.encoded(version: 0).readableBytesView) == bytes)
        #expect(try ConsumerProtocol.Subscription.decode(ByteBuffer(bytes: bytes)) == subscription)
    }

    @Test func subscriptionV1CarriesOwnedPartitions() throws {
        let bytes: [UInt8] = [
            0x00, 0x01,  // version 1
            0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x74,  // topics ["t"]
            0x00, 0x00, 0x00, 0x00,  // user data: empty
            0x00, 0x00, 0x00, 0x01,  // owned: 1 topic
            0x00, 0x01, 0x74, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,  // t: [0, 3]
        ]
        let subscription = ConsumerProtocol.Subscription(
            topics: ["t"],
            userData: ByteBuffer(),
            ownedPartitions: [TopicPartition("t", 0), TopicPartition("t", 3)]
        )
        #expect(Array(subscription.encoded(version: 1).readableBytesView) == bytes)
        #expect(try ConsumerProtocol.Subscription.decode(ByteBuffer(bytes: bytes)) == subscription)
    }

    /// A v3 subscription (generation id, rack) from a newer Java client, plus bytes of a future version.
    @Test func newerSubscriptionsDecodeKnownFields() throws {
        var subscription = ConsumerProtocol.Subscription(topics: ["x"], userData: ByteBuffer(bytes: [1, 2]))
        subscription.generationId = 7
        subscription.rackId = "r1"
        var bytes = subscription.encoded(version: 3)
        bytes.setInteger(Int16(9), at: 0)
        bytes.writeBytes([0xde, 0xad])
        let decoded = try ConsumerProtocol.Subscription.decode(bytes)
        #expect(decoded.topics == ["x"])
        #expect(decoded.userData == ByteBuffer(bytes: [1, 2]))
        #expect(decoded.generationId == 7)
        #expect(decoded.rackId == "r1")
    }

    @Test func assignmentBytes() throws {
        let bytes: [UInt8] = [
            0x00, 0x01,  // version 1
            0x00, 0x00, 0x00, 0x02,  // 2 topics, sorted
            0x00, 0x01, 0x61, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,  // a: [2]
            0x00, 0x01, 0x62, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,  // b: [0, 1]
            0xff, 0xff, 0xff, 0xff,  // user data: null
        ]
        let assignment = ConsumerProtocol.Assignment(
            partitions: [TopicPartition("b", 1), TopicPartition("a", 2), TopicPartition("b", 0)],
            userData: nil
        )
        #expect(Array(assignment.encoded().readableBytesView) == bytes)
        let decoded = try ConsumerProtocol.Assignment.decode(ByteBuffer(bytes: bytes))
        #expect(decoded.partitions == [TopicPartition("a", 2), TopicPartition("b", 0), TopicPartition("b", 1)])
        #expect(try ConsumerProtocol.Assignment.decode(ByteBuffer()).partitions.isEmpty)
    }

    @Test func truncatedMetadataIsAnError() {
        #expect(throws: (any Error).self) {
            try ConsumerProtocol.Subscription.decode(ByteBuffer(bytes: [0, 0, 0, 0, 0, 5, 0]))
        }
    }

    /// The examples of Kafka's RangeAssignor and RoundRobinAssignor documentation: two consumers, two topics of
    /// three partitions.
    @Test func assignorsMatchKafkasDocumentedExamples() {
        let members = [
            PartitionAssignor.Member(memberId: "C1", groupInstanceId: nil, topics: ["t1", "t0"]),
            PartitionAssignor.Member(memberId: "C0", groupInstanceId: nil, topics: ["t0", "t1"]),
        ]
        let counts: [String: Int32] = ["t0": 3, "t1": 3]
        let range = PartitionAssignor.range(members: members, partitionCounts: counts)
        #expect(range["C0"] == [.init("t0", 0), .init("t0", 1), .init("t1", 0), .init("t1", 1)])
        #expect(range["C1"] == [.init("t0", 2), .init("t1", 2)])
        let roundRobin = PartitionAssignor.roundRobin(members: members, partitionCounts: counts)
        #expect(roundRobin["C0"] == [.init("t0", 0), .init("t0", 2), .init("t1", 1)])
        #expect(roundRobin["C1"] == [.init("t0", 1), .init("t1", 0), .init("t1", 2)])
    }

    @Test func assignorsSkipUnsubscribedMembersAndMissingTopics() {
        let members = [
            PartitionAssignor.Member(memberId: "a", groupInstanceId: nil, topics: ["x"]),
            PartitionAssignor.Member(memberId: "b", groupInstanceId: nil, topics: ["x", "y"]),
            PartitionAssignor.Member(memberId: "c", groupInstanceId: nil, topics: ["missing"]),
        ]
        let counts: [String: Int32] = ["x": 4, "y": 2]
        let range = PartitionAssignor.range(members: members, partitionCounts: counts)
        #expect(range["a"] == [.init("x", 0), .init("x", 1)])
        #expect(range["b"] == [.init("x", 2), .init("x", 3), .init("y", 0), .init("y", 1)])
        #expect(range["c"] == [])
        let roundRobin = PartitionAssignor.roundRobin(members: members, partitionCounts: counts)
        #expect(roundRobin["a"] == [.init("x", 0), .init("x", 2)])
        #expect(roundRobin["b"] == [.init("x", 1), .init("x", 3), .init("y", 0), .init("y", 1)])
        #expect(roundRobin["c"] == [])
    }

    @Test func staticMembersSortFirstByInstanceId() {
        let members = [
            PartitionAssignor.Member(memberId: "a", groupInstanceId: nil, topics: ["t"]),
            PartitionAssignor.Member(memberId: "z", groupInstanceId: "i1", topics: ["t"]),
        ]
        let range = PartitionAssignor.range(members: members, partitionCounts: ["t": 3])
        #expect(range["z"] == [.init("t", 0), .init("t", 1)])
        #expect(range["a"] == [.init("t", 2)])
    }
}

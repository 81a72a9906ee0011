/// The leader's part of the classic protocol: splits the partitions of the subscribed topics among the members,
/// exactly as Kafka's Java assignors of the same name do, so any member may be the leader.
enum PartitionAssignor {
    /// A member as the assignor sees it.
    struct Member: Hashable, Sendable {
        var memberId: String
        var groupInstanceId: String?
        var topics: [String]

        /// Kafka's member order: members with a group instance id first (by that id), then the others by member id.
        static func precedes(_ lhs: Member, _ rhs: Member) -> Bool {
            switch (lhs.groupInstanceId, rhs.groupInstanceId) {
            case (let left?, let right?): left == right ? lhs.memberId < rhs.memberId : left < right
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): lhs.memberId < rhs.memberId
            }
        }
    }

    /// The assignment of `strategy` for `members`, given each topic's partition count (topics without a count do
    /// not exist and get no partitions).
    static func assign(
        _ strategy: AssignmentStrategy,
        members: [Member],
        partitionCounts: [String: Int32]
    ) -> [String: [TopicPartition]] {
        switch strategy {
        case .roundRobin: roundRobin(members: members, partitionCounts: partitionCounts)
        default: range(members: members, partitionCounts: partitionCounts)
        }
    }

    /// RangeAssignor: for each topic, the members subscribed to it (sorted) get consecutive ranges; the first
    /// `partitions % members` members get one extra.
    static func range(members: [Member], partitionCounts: [String: Int32]) -> [String: [TopicPartition]] {
        var result: [String: [TopicPartition]] = [:]
        for member in members { result[member.memberId] = [] }
        let topics = Set(members.flatMap(\.topics)).sorted()
        for topic in topics {
            guard let count = partitionCounts[topic], count > 0 else { continue }
            let subscribers = members.filter { $0.topics.contains(topic) }.sorted(by: Member.precedes)
            guard !subscribers.isEmpty else { continue }
            let perMember = Int(count) / subscribers.count
            let extra = Int(count) % subscribers.count
            for (index, member) in subscribers.enumerated() {
                let start = perMember * index + min(index, extra)
                let length = perMember + (index < extra ? 1 : 0)
                for partition in start..<(start + length) {
                    result[member.memberId, default: []].append(TopicPartition(topic, Int32(partition)))
                }
            }
        }
        return result
    }

    /// RoundRobinAssignor: all partitions of all subscribed topics, sorted by topic and partition, dealt to the
    /// sorted members in a circle, skipping members not subscribed to the partition's topic.
    static func roundRobin(members: [Member], partitionCounts: [String: Int32]) -> [String: [TopicPartition]] {
        var result: [String: [TopicPartition]] = [:]
        for member in members { result[member.memberId] = [] }
        let sorted = members.sorted(by: Member.precedes)
        guard !sorted.isEmpty else { return result }
        let topics = Set(members.flatMap(\.topics)).sorted()
        var next = 0
        for topic in topics {
            guard let count = partitionCounts[topic], count > 0 else { continue }
            for partition in 0..<count {
                for _ in 0..<sorted.count {
                    let member = sorted[next % sorted.count]
                    next += 1
                    if member.topics.contains(topic) {
                        result[member.memberId, default: []].append(TopicPartition(topic, partition))
                        break
                    }
                }
            }
        }
        return result
    }
}

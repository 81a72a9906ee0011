import ArgumentParser
import KafkaProtocol

/// `tributary topics describe [NAME]`: partitions, leaders and overridden configs, like kafka-topics.sh.
struct TopicsDescribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Describe a topic (or all topics): partitions, leaders, configs."
    )

    @OptionGroup var connection: BrokerConnectionOptions
    @Argument(help: "The topic to describe (default: every topic).") var name: String?

    func run() async throws {
        try await connection.withSession { session in
            let metadata = try await session.metadata(topics: name.map { [$0] })
            let topics = metadata.topics.sorted { ($0.name ?? "") < ($1.name ?? "") }
            if let name, let topic = topics.first(where: { $0.name == name }), topic.errorCode != .none {
                throw CommandFailure("cannot describe topic '\(name)': \(topic.errorCode.displayName)")
            }
            let described = topics.filter { $0.errorCode == .none && $0.name != nil }
            if let name, !described.contains(where: { $0.name == name }) {
                throw CommandFailure("topic '\(name)' does not exist")
            }
            let overrides = try await overriddenConfigs(
                of: described.compactMap(\.name),
                client: session.bootstrap
            )
            for topic in described {
                guard let topicName = topic.name else { continue }
                let partitions = topic.partitions.sorted { $0.partitionIndex < $1.partitionIndex }
                let replication = partitions.first?.replicaNodes.count ?? 0
                var line = "Topic: \(topicName)"
                if topic.topicId != .zero { line += "\tTopicId: \(topic.topicId.base64URL)" }
                line += "\tPartitionCount: \(partitions.count)\tReplicationFactor: \(replication)"
                line += "\tConfigs: " + (overrides[topicName] ?? []).joined(separator: ",")
                print(line)
                for partition in partitions {
                    var row = "\tTopic: \(topicName)\tPartition: \(partition.partitionIndex)"
                    row += "\tLeader: \(partition.leaderId < 0 ? "none" : String(partition.leaderId))"
                    row += "\tReplicas: " + partition.replicaNodes.map(String.init).joined(separator: ",")
                    row += "\tIsr: " + partition.isrNodes.map(String.init).joined(separator: ",")
                    if partition.errorCode != .none { row += "\tError: \(partition.errorCode.displayName)" }
                    print(row)
                }
            }
        }
    }

    /// The topic-level overrides (config source 1, DYNAMIC_TOPIC_CONFIG) of each topic, as `key=value`;
    /// nothing when the broker does not support DescribeConfigs.
    private func overriddenConfigs(of topics: [String], client: BrokerClient) async throws -> [String: [String]] {
        guard !topics.isEmpty, await client.supports(.describeConfigs) else { return [:] }
        let request = DescribeConfigsRequest(
            resources: topics.map { DescribeConfigsRequest.Resource(resourceType: 2, resourceName: $0) }
        )
        let response = try await client.send(request, as: DescribeConfigsResponse.self)
        var result: [String: [String]] = [:]
        for resource in response.results where resource.errorCode == .none {
            result[resource.resourceName] = resource.configs
                .filter { $0.configSource == 1 }
                .sorted { $0.name < $1.name }
                .map { "\($0.name)=\($0.isSensitive ? "(sensitive)" : ($0.value ?? "null"))" }
        }
        return result
    }
}

extension KafkaUUID {
    /// The id as Kafka prints it: URL-safe base64 of the 16 bytes, without padding.
    var base64URL: String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var bytes: [UInt8] = []
        for word in [high, low] {
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        var text = ""
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value = 0
            for byte in chunk { value = value << 8 | Int(byte) }
            value <<= 8 * (3 - chunk.count)
            for position in 0...chunk.count { text.append(alphabet[(value >> (18 - 6 * position)) & 0x3F]) }
            index += 3
        }
        return text
    }
}

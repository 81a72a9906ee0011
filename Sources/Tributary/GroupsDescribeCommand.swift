import ArgumentParser
import KafkaProtocol
import NIOCore

/// `tributary groups describe GROUP`: the group's state and members, and per partition its committed offset,
/// the log end offset and the lag.
struct GroupsDescribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Describe a consumer group: state, members, offsets and lag."
    )

    @OptionGroup var connection: BrokerConnectionOptions
    @Argument(help: "The group id.") var group: String

    func run() async throws {
        try await connection.withSession { session in
            let coordinator = try await session.coordinator(forGroup: group)
            let described = try await coordinator.send(
                DescribeGroupsRequest(groups: [group]),
                as: DescribeGroupsResponse.self
            )
            guard let state = described.groups.first(where: { $0.groupId == group }) else {
                throw BrokerClientError(
                    .protocolViolation,
                    broker: coordinator.address.description,
                    api: "DescribeGroups",
                    "the response does not mention group '\(group)'"
                )
            }
            let missing =
                state.errorCode == .groupIdNotFound || (state.errorCode == .none && state.groupState == "Dead")
            guard state.errorCode == .none || missing else {
                throw BrokerClientError(
                    .errorCode(state.errorCode),
                    broker: coordinator.address.description,
                    api: "DescribeGroups",
                    "cannot describe group '\(group)': \(state.errorCode.displayName)"
                )
            }
            let committed = try await GroupOffsets(coordinator: coordinator, group: group).committed(topics: nil)
            if missing && committed.isEmpty { throw CommandFailure("consumer group '\(group)' does not exist") }

            var owners: [String: [Int32: DescribeGroupsResponse.Member]] = [:]
            for member in state.members where state.protocolType == "consumer" {
                for (topic, partitions) in Self.assignment(member.memberAssignment) {
                    for partition in partitions { owners[topic, default: [:]][partition] = member }
                }
            }
            print(
                "Group: \(group)\tState: \(state.groupState.isEmpty ? "-" : state.groupState)"
                    + "\tProtocolType: \(state.protocolType.isEmpty ? "-" : state.protocolType)"
                    + "\tProtocol: \(state.protocolData.isEmpty ? "-" : state.protocolData)"
                    + "\tMembers: \(state.members.count)"
            )
            print("")

            let topics = Set(committed.keys).union(owners.keys).sorted()
            var rows: [[String]] = []
            if !topics.isEmpty {
                let metadata = try await session.metadata(topics: topics)
                for topic in topics {
                    let partitions = Set(committed[topic]?.keys.map { $0 } ?? []).union(
                        owners[topic]?.keys.map { $0 } ?? []
                    )
                    let known = metadata.topics.first { $0.name == topic && $0.errorCode == .none }
                    let existing = partitions.filter { index in
                        known?.partitions.contains { $0.partitionIndex == index } ?? false
                    }
                    let ends =
                        existing.isEmpty
                        ? [:]
                        : try await session.offsets(
                            topic: topic,
                            partitions: existing.sorted(),
                            timestamp: -1,
                            metadata: metadata
                        )
                    for partition in partitions.sorted() {
                        let current = committed[topic]?[partition]
                        let end = ends[partition]
                        let lag = current.flatMap { current in end.map { String(max(0, $0 - current)) } } ?? "-"
                        let owner = owners[topic]?[partition]
                        rows.append([
                            group, topic, String(partition), current.map(String.init) ?? "-",
                            end.map(String.init) ?? "-", lag, owner?.memberId ?? "-", owner?.clientHost ?? "-",
                            owner?.clientId ?? "-",
                        ])
                    }
                }
            }
            if rows.isEmpty {
                print("Consumer group '\(group)' has no committed offsets.")
            } else {
                print(
                    TextTable.render(
                        header: [
                            "GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID",
                            "HOST", "CLIENT-ID",
                        ],
                        rows: rows
                    ),
                    terminator: ""
                )
            }
        }
    }

    /// The topics and partitions of a consumer-protocol assignment (version, [topic, [partition]], user data);
    /// empty when the bytes are not one.
    static func assignment(_ bytes: ByteBuffer) -> [(String, [Int32])] {
        var buffer = bytes
        guard let version = buffer.readInteger(as: Int16.self), version >= 0,
            let count = buffer.readInteger(as: Int32.self), count >= 0, Int(count) <= buffer.readableBytes / 6
        else { return [] }
        var result: [(String, [Int32])] = []
        for _ in 0..<count {
            guard let length = buffer.readInteger(as: Int16.self), length >= 0,
                let name = buffer.readString(length: Int(length)),
                let partitionCount = buffer.readInteger(as: Int32.self), partitionCount >= 0,
                Int(partitionCount) <= buffer.readableBytes / 4
            else { return [] }
            var partitions: [Int32] = []
            for _ in 0..<partitionCount {
                guard let partition = buffer.readInteger(as: Int32.self) else { return [] }
                partitions.append(partition)
            }
            result.append((name, partitions))
        }
        return result
    }
}

import ArgumentParser
import KafkaProtocol

/// `tributary consume TOPIC`: fetches records and prints them, like kcat -C.
struct ConsumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consume",
        abstract: "Print the records of a topic.",
        discussion: """
            Starts at --offset, else at the group's committed offset (with --group), else at the beginning \
            (--from-beginning) or the end of each partition. With --group, the position is committed with \
            OffsetCommit as a simple consumer (generation -1, no member id) after every fetch and at exit.
            """
    )

    @OptionGroup var connection: BrokerConnectionOptions
    @Argument(help: "The topic to consume.") var topic: String
    @Option(help: "Consume only this partition (default: all).") var partition: Int32?
    @Flag(name: .customLong("from-beginning"), help: "Start at the earliest offset when there is no other start.")
    var fromBeginning = false
    @Option(parsing: .unconditional, help: "Start at this offset; negative: that many records before the end.")
    var offset: Int64?
    @Option(name: .customLong("max-messages"), help: "Exit after printing this many records.") var maxMessages: Int?
    @Option(help: "Commit consumed offsets for this group, and start from its committed offsets.") var group: String?
    @Option(
        help: ArgumentHelp(
            "Output format (kcat's -f): %k, %v, %o, %p, %t, %T, %h, %K, %S; \\t and \\n escapes.",
            discussion: "Key, value, offset, partition, topic, timestamp, headers, key and value length; "
                + "a newline ends each record unless the format does."
        )
    )
    var format = "%v"
    @Flag(name: [.customShort("e"), .customLong("exit-at-end")], help: "Exit at the end of every partition.")
    var exitAtEnd = false
    @Option(name: .customLong("max-wait-ms"), help: "How long each Fetch waits for new records.") var maxWaitMs: Int32 =
        500
    @Option(name: .customLong("fetch-max-bytes"), help: "The most bytes to fetch per partition per request.")
    var fetchMaxBytes: Int32 = 1024 * 1024

    func validate() throws {
        _ = try RecordFormat(format)
        if let partition, partition < 0 { throw ValidationError("--partition must not be negative") }
        if let maxMessages, maxMessages < 1 { throw ValidationError("--max-messages must be at least 1") }
        if let group, group.isEmpty { throw ValidationError("--group must not be empty") }
        guard maxWaitMs >= 0, fetchMaxBytes > 0 else {
            throw ValidationError("--max-wait-ms must not be negative and --fetch-max-bytes must be positive")
        }
    }

    func run() async throws {
        let recordFormat = try RecordFormat(format)
        try await connection.withSession { session in
            let metadata = try await session.metadata(topics: [topic])
            guard let entry = metadata.topics.first(where: { $0.name == topic }), entry.errorCode == .none else {
                let code = metadata.topics.first { $0.name == topic }?.errorCode ?? .unknownTopicOrPartition
                if code == .unknownTopicOrPartition { throw CommandFailure("topic '\(topic)' does not exist") }
                throw CommandFailure("topic '\(topic)' is not available: \(code.displayName)")
            }
            let all = entry.partitions.map(\.partitionIndex).sorted()
            if let partition, !all.contains(partition) {
                throw CommandFailure("topic '\(topic)' has \(all.count) partitions; there is no partition \(partition)")
            }
            let partitions = partition.map { [$0] } ?? all
            let offsets = try await groupOffsets(session: session)
            let committed = try await offsets?.committed(topics: [topic: partitions])[topic] ?? [:]
            let start = try await startOffsets(
                session: session,
                metadata: metadata,
                partitions: partitions,
                committed: committed
            )
            var consumer = TopicConsumer(
                session: session,
                topic: topic,
                metadata: metadata,
                positions: start,
                format: recordFormat,
                maxMessages: maxMessages,
                exitAtEnd: exitAtEnd,
                resetToEarliest: fromBeginning,
                maxWaitMs: maxWaitMs,
                partitionMaxBytes: fetchMaxBytes,
                offsets: offsets
            )
            try await consumer.run()
        }
    }

    /// The group's coordinator, when --group is given; a clear error when the broker lacks the group APIs.
    private func groupOffsets(session: BrokerSession) async throws -> GroupOffsets? {
        guard let group else { return nil }
        do {
            let coordinator = try await session.coordinator(forGroup: group)
            _ = try await coordinator.version(of: OffsetFetchRequest.self, OffsetFetchResponse.self)
            _ = try await coordinator.version(of: OffsetCommitRequest.self, OffsetCommitResponse.self)
            return GroupOffsets(coordinator: coordinator, group: group)
        } catch let error as BrokerClientError where error.isUnsupported {
            throw CommandFailure("--group needs the group APIs (FindCoordinator, OffsetFetch, OffsetCommit): \(error)")
        }
    }

    /// Where to start in each partition: --offset, the committed offset, or the earliest or latest offset.
    private func startOffsets(
        session: BrokerSession,
        metadata: MetadataResponse,
        partitions: [Int32],
        committed: [Int32: Int64]
    ) async throws -> [Int32: Int64] {
        if let offset, offset >= 0 { return Dictionary(uniqueKeysWithValues: partitions.map { ($0, offset) }) }
        if let offset {
            let latest = try await session.offsets(
                topic: topic,
                partitions: partitions,
                timestamp: -1,
                metadata: metadata
            )
            let earliest = try await session.offsets(
                topic: topic,
                partitions: partitions,
                timestamp: -2,
                metadata: metadata
            )
            return Dictionary(
                uniqueKeysWithValues: partitions.map { index in
                    (index, max(earliest[index] ?? 0, (latest[index] ?? 0) + offset))
                }
            )
        }
        var result = committed.filter { partitions.contains($0.key) }
        let missing = partitions.filter { result[$0] == nil }
        if !missing.isEmpty {
            let found = try await session.offsets(
                topic: topic,
                partitions: missing,
                timestamp: fromBeginning ? -2 : -1,
                metadata: metadata
            )
            result.merge(found) { current, _ in current }
        }
        return result
    }
}

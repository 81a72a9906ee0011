import KafkaClient
import KafkaProtocol
import KafkaRecords
import NIOCore

/// Collects records into one batch per partition and sends them, per leader, in Produce requests; keeps the
/// offsets the broker assigned for the summary.
struct LineProducer {
    /// Errors after which the broker has appended nothing, so the batch can be sent again.
    private static let retriable: Set<KafkaErrorCode> = [
        .unknownTopicOrPartition, .leaderNotAvailable, .notLeaderOrFollower, KafkaErrorCode(rawValue: 19),
    ]

    /// What was produced to one partition.
    private struct PartitionTally {
        var records = 0
        var firstOffset: Int64 = -1
        var lastOffset: Int64 = -1
    }

    let session: BrokerSession
    let topic: String
    let fixedPartition: Int32?
    let acks: Int16
    let codec: CompressionCodec
    let timeoutMs: Int32
    private var metadata: MetadataResponse
    private var partitionCount: Int32
    private var builders: [Int32: RecordBatchBuilder] = [:]
    private var stickyPartition: Int32 = 0
    private var tallies: [Int32: PartitionTally] = [:]

    init(
        session: BrokerSession,
        topic: String,
        fixedPartition: Int32?,
        acks: Int16,
        codec: CompressionCodec,
        timeoutMs: Int32
    ) async throws {
        self.session = session
        self.topic = topic
        self.fixedPartition = fixedPartition
        self.acks = acks
        self.codec = codec
        self.timeoutMs = timeoutMs
        metadata = try await Self.loadMetadata(session: session, topic: topic)
        partitionCount = Int32(metadata.topics.first { $0.name == topic }?.partitions.count ?? 0)
        if let fixedPartition, fixedPartition >= partitionCount {
            throw CommandFailure(
                "topic '\(topic)' has \(partitionCount) partitions; there is no partition \(fixedPartition)"
            )
        }
    }

    /// Metadata for `topic`, creating it if the broker auto-creates topics, and waiting until every partition
    /// has a leader.
    static func loadMetadata(session: BrokerSession, topic: String) async throws -> MetadataResponse {
        var attempt = 0
        while true {
            let metadata = try await session.metadata(topics: [topic], allowAutoTopicCreation: true)
            let entry = metadata.topics.first { $0.name == topic }
            let error = entry?.errorCode ?? .unknownTopicOrPartition
            let leaderless = entry?.partitions.contains { $0.leaderId < 0 } ?? true
            if error == .none, let entry, !entry.partitions.isEmpty, !leaderless { return metadata }
            attempt += 1
            guard error == .none || error == .leaderNotAvailable, attempt < 25 else {
                if error == .unknownTopicOrPartition { throw CommandFailure("topic '\(topic)' does not exist") }
                throw CommandFailure("topic '\(topic)' is not available: \(error.displayName)")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Adds a record to its partition's batch.
    mutating func add(key: [UInt8]?, value: [UInt8]) {
        let partition: Int32
        if let fixedPartition {
            partition = fixedPartition
        } else if let key {
            partition = DefaultPartitioner.partition(forKey: key, partitionCount: partitionCount)
        } else {
            partition = stickyPartition
        }
        builders[partition, default: RecordBatchBuilder(compression: codec)]
            .append(key: key, value: value, timestamp: currentTimeMilliseconds())
    }

    /// Sends every pending batch and waits for the acknowledgements; retries batches the broker refused before
    /// appending (leader changes, a topic still being created).
    mutating func flush() async throws {
        guard !builders.isEmpty else { return }
        var batches: [Int32: (records: Int, bytes: ByteBuffer)] = [:]
        for (partition, builder) in builders {
            do {
                batches[partition] = (builder.count, try builder.build())
            } catch {
                throw CommandFailure("cannot build a record batch: \(error)")
            }
        }
        builders = [:]
        stickyPartition = (stickyPartition + 1) % max(partitionCount, 1)
        var attempt = 0
        while !batches.isEmpty {
            var refused: [Int32: (records: Int, bytes: ByteBuffer)] = [:]
            var leaders: [BrokerAddress: (client: BrokerClient, partitions: [Int32])] = [:]
            for partition in batches.keys.sorted() {
                let client = try await session.leader(of: topic, partition: partition, in: metadata)
                leaders[client.address, default: (client, [])].partitions.append(partition)
            }
            for (client, partitions) in leaders.values {
                let request = ProduceRequest(
                    acks: acks,
                    timeoutMs: timeoutMs,
                    topicData: [
                        .init(
                            name: topic,
                            partitionData: partitions.map { .init(index: $0, records: batches[$0]?.bytes) }
                        )
                    ]
                )
                let version = try await client.version(of: ProduceRequest.self, ProduceResponse.self)
                if acks == 0 {
                    try await client.sendWithoutResponse(request, version: version)
                    for partition in partitions {
                        tallies[partition, default: .init()].records += batches[partition]?.records ?? 0
                    }
                    continue
                }
                let response = try await client.send(
                    request,
                    version: version,
                    as: ProduceResponse.self,
                    timeout: .milliseconds(Int64(timeoutMs) + 5000)
                )
                let answers = response.responses.filter { $0.name == topic }.flatMap(\.partitionResponses)
                for partition in partitions {
                    guard let answer = answers.first(where: { $0.index == partition }), let batch = batches[partition]
                    else {
                        throw BrokerClientError(
                            .protocolViolation,
                            broker: client.address.description,
                            api: "Produce",
                            "the response does not mention partition \(topic)-\(partition)"
                        )
                    }
                    if answer.errorCode == .none {
                        var tally = tallies[partition, default: .init()]
                        if tally.firstOffset < 0 { tally.firstOffset = answer.baseOffset }
                        tally.lastOffset = answer.baseOffset + Int64(batch.records) - 1
                        tally.records += batch.records
                        tallies[partition] = tally
                    } else if Self.retriable.contains(answer.errorCode), attempt < 5 {
                        refused[partition] = batch
                    } else {
                        throw BrokerClientError(
                            .errorCode(answer.errorCode),
                            broker: client.address.description,
                            api: "Produce",
                            "partition \(topic)-\(partition) refused \(batch.records) records: "
                                + answer.errorCode.displayName + (answer.errorMessage.map { ": \($0)" } ?? "")
                        )
                    }
                }
            }
            batches = refused
            if !refused.isEmpty {
                attempt += 1
                try await Task.sleep(for: .milliseconds(100 * attempt))
                metadata = try await Self.loadMetadata(session: session, topic: topic)
            }
        }
    }

    /// What was produced, per partition, for the user.
    var summary: String {
        let total = tallies.values.reduce(0) { $0 + $1.records }
        if acks == 0 {
            return "Sent \(total) records to topic '\(topic)' with acks=0 (the broker reports no offsets)."
        }
        var lines = ["Produced \(total) records to topic '\(topic)'."]
        for partition in tallies.keys.sorted() {
            guard let tally = tallies[partition] else { continue }
            lines.append(
                "  partition \(partition): \(tally.records) records, offsets \(tally.firstOffset)..\(tally.lastOffset)"
            )
        }
        return lines.joined(separator: "\n")
    }
}

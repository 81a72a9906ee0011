import KafkaProtocol
import KafkaRecords
import NIOCore

/// The Fetch loop of `tributary consume`: fetches from each partition's leader, prints the records at or after
/// each position (Fetch returns whole batches), and commits positions when a group is given.
struct TopicConsumer {
    /// The largest per-partition fetch size tried when one batch does not fit.
    private static let largestPartitionFetch: Int32 = 64 * 1024 * 1024
    /// Partition errors after which fresh metadata may help.
    private static let retriable: Set<KafkaErrorCode> = [
        .notLeaderOrFollower, .leaderNotAvailable, .unknownTopicOrPartition, KafkaErrorCode(rawValue: 74),
        KafkaErrorCode(rawValue: 75),
    ]

    let session: BrokerSession
    let topic: String
    var metadata: MetadataResponse
    /// The next offset to print, per partition.
    var positions: [Int32: Int64]
    let format: RecordFormat
    let maxMessages: Int?
    let exitAtEnd: Bool
    /// Where OFFSET_OUT_OF_RANGE sends a partition: the earliest offset, or the latest.
    let resetToEarliest: Bool
    let maxWaitMs: Int32
    let partitionMaxBytes: Int32
    let offsets: GroupOffsets?

    private var fetchSizes: [Int32: Int32] = [:]
    private var atEnd: Set<Int32> = []
    private var printed = 0
    private var lastCommitted: [Int32: Int64] = [:]
    private var output = StandardOutputBuffer()

    init(
        session: BrokerSession,
        topic: String,
        metadata: MetadataResponse,
        positions: [Int32: Int64],
        format: RecordFormat,
        maxMessages: Int?,
        exitAtEnd: Bool,
        resetToEarliest: Bool,
        maxWaitMs: Int32,
        partitionMaxBytes: Int32,
        offsets: GroupOffsets?
    ) {
        self.session = session
        self.topic = topic
        self.metadata = metadata
        self.positions = positions
        self.format = format
        self.maxMessages = maxMessages
        self.exitAtEnd = exitAtEnd
        self.resetToEarliest = resetToEarliest
        self.maxWaitMs = maxWaitMs
        self.partitionMaxBytes = partitionMaxBytes
        self.offsets = offsets
    }

    private var reachedMaximum: Bool { maxMessages.map { printed >= $0 } ?? false }

    /// Fetches and prints until --max-messages, or the end of every partition with --exit-at-end.
    mutating func run() async throws {
        while !reachedMaximum {
            let active = positions.keys.filter { !atEnd.contains($0) }.sorted()
            if active.isEmpty { break }
            var byLeader: [BrokerAddress: (client: BrokerClient, partitions: [Int32])] = [:]
            for partition in active {
                let client = try await session.leader(of: topic, partition: partition, in: metadata)
                byLeader[client.address, default: (client, [])].partitions.append(partition)
            }
            var refresh = false
            let before = printed
            for (client, partitions) in byLeader.values where !reachedMaximum {
                refresh = try await fetch(partitions, from: client) || refresh
            }
            output.flush()
            try await commit()
            if refresh {
                try await Task.sleep(for: .milliseconds(200))
                metadata = try await session.metadata(topics: [topic])
            } else if printed == before && !exitAtEnd {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        output.flush()
        try await commit()
    }

    /// One Fetch from `client` for `partitions`; returns whether metadata should be refreshed.
    private mutating func fetch(_ partitions: [Int32], from client: BrokerClient) async throws -> Bool {
        let request = FetchRequest(
            maxWaitMs: maxWaitMs,
            minBytes: 1,
            maxBytes: 50 * 1024 * 1024,
            topics: [
                .init(
                    topic: topic,
                    partitions: partitions.map { index in
                        .init(
                            partition: index,
                            fetchOffset: positions[index] ?? 0,
                            partitionMaxBytes: fetchSizes[index] ?? partitionMaxBytes
                        )
                    }
                )
            ]
        )
        let timeout = client.requestTimeout + .milliseconds(Int64(maxWaitMs))
        let response = try await client.send(request, as: FetchResponse.self, timeout: timeout)
        guard response.errorCode == .none else {
            throw BrokerClientError(
                .errorCode(response.errorCode),
                broker: client.address.description,
                api: "Fetch",
                "the broker answered \(response.errorCode.displayName)"
            )
        }
        var refresh = false
        for answer in response.responses where answer.topic == topic {
            for data in answer.partitions where positions[data.partitionIndex] != nil && !reachedMaximum {
                switch data.errorCode {
                case .none:
                    try consume(data)
                case .offsetOutOfRange:
                    let index = data.partitionIndex
                    let reset = try await session.offsets(
                        topic: topic,
                        partitions: [index],
                        timestamp: resetToEarliest ? -2 : -1,
                        metadata: metadata
                    )
                    let position = reset[index] ?? 0
                    printToStandardError(
                        "offset \(positions[index] ?? 0) is out of range for \(topic)-\(index); "
                            + "resetting to \(position)"
                    )
                    positions[index] = position
                case let code where Self.retriable.contains(code):
                    refresh = true
                default:
                    throw BrokerClientError(
                        .errorCode(data.errorCode),
                        broker: client.address.description,
                        api: "Fetch",
                        "cannot fetch \(topic)-\(data.partitionIndex): \(data.errorCode.displayName)"
                    )
                }
            }
        }
        return refresh
    }

    /// Prints the records of one partition's answer at or after its position and moves the position on.
    private mutating func consume(_ data: FetchResponse.PartitionData) throws {
        let index = data.partitionIndex
        guard var position = positions[index] else { return }
        defer {
            positions[index] = position
            if exitAtEnd && position >= data.highWatermark && !reachedMaximum { atEnd.insert(index) }
        }
        guard case .bytes(let buffer?) = data.records, buffer.readableBytes > 0 else { return }
        var start = buffer.readerIndex
        var complete = 0
        while let header = RecordBatchHeader.peek(in: buffer, at: start), header.batchLength >= 0,
            start + header.totalSize <= buffer.writerIndex,
            var bytes = buffer.getSlice(at: start, length: header.totalSize)
        {
            start += header.totalSize
            complete += 1
            let batch: RecordBatch
            do {
                batch = try RecordBatch.decode(from: &bytes)
            } catch {
                throw CommandFailure(
                    "cannot decode the batch at offset \(header.baseOffset) of \(topic)-\(index): \(error)"
                )
            }
            if !batch.header.attributes.isControl {
                for record in batch.records {
                    let offset = batch.offset(of: record)
                    guard offset >= position else { continue }
                    format.write(
                        record,
                        offset: offset,
                        timestamp: batch.timestamp(of: record),
                        partition: index,
                        topic: topic,
                        into: &output
                    )
                    printed += 1
                    position = offset + 1
                    if reachedMaximum { return }
                }
            }
            position = max(position, batch.header.nextOffset)
        }
        if complete == 0 {
            // Not even one whole batch fit: ask for more next time.
            let size = fetchSizes[index] ?? partitionMaxBytes
            guard size < Self.largestPartitionFetch else {
                throw CommandFailure(
                    "a batch of \(topic)-\(index) at offset \(position) is larger than "
                        + "\(Self.largestPartitionFetch) bytes"
                )
            }
            fetchSizes[index] = min(Self.largestPartitionFetch, size.multipliedReportingOverflow(by: 2).partialValue)
        }
    }

    /// Commits the positions that moved since the last commit (with --group).
    private mutating func commit() async throws {
        guard let offsets else { return }
        let moved = positions.filter { lastCommitted[$0.key] != $0.value }
        guard !moved.isEmpty else { return }
        try await offsets.commit(topic: topic, offsets: moved)
        lastCommitted.merge(moved) { _, new in new }
    }
}

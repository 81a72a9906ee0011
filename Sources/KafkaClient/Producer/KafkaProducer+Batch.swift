public import KafkaRecords
import KafkaProtocol
public import NIOCore

/// One record for ``KafkaProducer/enqueue(_:)``.
public struct ProducerRecord: Sendable {
    /// The topic.
    public var topic: String
    /// The partition; nil lets the partitioner choose.
    public var partition: Int32?
    /// The key, or nil.
    public var key: ByteBuffer?
    /// The value, or nil (a tombstone).
    public var value: ByteBuffer?
    /// Record headers.
    public var headers: [RecordHeader]
    /// Create time in milliseconds since the epoch; nil for now.
    public var timestamp: Int64?

    /// Creates a record.
    public init(
        topic: String,
        partition: Int32? = nil,
        key: ByteBuffer? = nil,
        value: ByteBuffer?,
        headers: [RecordHeader] = [],
        timestamp: Int64? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
    }
}

extension KafkaProducer {
    /// Adds many records to their partitions' batches in one call (one actor hop, one metadata look-up per topic,
    /// one clock read), in order; returns one delivery per record, in the same order. Waits for buffer space like
    /// ``enqueue(topic:partition:key:value:headers:timestamp:)``.
    /// - Throws: The first record's failure to be accepted (too large, unknown partition, closed, buffer full for
    ///   max.block.ms); records before it are already enqueued and their deliveries complete as usual.
    public func enqueue(_ records: [ProducerRecord]) async throws(KafkaClientError) -> [PendingDelivery] {
        try checkOpen()
        let deadline = Deadline.after(ms: configuration.maxBlockMs)
        let now = currentTimeMillis()
        var counts: [String: Int32] = [:]
        var deliveries: [PendingDelivery] = []
        deliveries.reserveCapacity(records.count)
        for record in records {
            let delivery = try await enqueueOne(record, deadline: deadline, now: now, counts: &counts)
            deliveries.append(delivery)
        }
        return deliveries
    }

    func enqueueOne(
        _ record: ProducerRecord,
        deadline: Deadline,
        now: Int64,
        counts: inout [String: Int32]
    ) async throws(KafkaClientError) -> PendingDelivery {
        let size = Self.estimatedRecordSize(key: record.key, value: record.value, headers: record.headers)
        guard size + RecordBatchHeader.size <= configuration.maxRequestSize else {
            throw KafkaClientError(
                .recordTooLarge,
                "a record of about \(size) bytes exceeds max.request.size (\(configuration.maxRequestSize))"
            )
        }
        let count: Int32
        if let known = counts[record.topic] {
            count = known
        } else {
            count = try await partitionCount(of: record.topic, deadline: deadline)
            counts[record.topic] = count
        }
        if let partition = record.partition, partition < 0 || partition >= count {
            throw KafkaClientError.broker(
                .unknownTopicOrPartition,
                "topic '\(record.topic)' has \(count) partitions; there is no partition \(partition)",
                broker: nil,
                api: .produce,
                topicPartition: TopicPartition(record.topic, partition)
            )
        }
        try await waitForBufferSpace(size, deadline: deadline)
        try checkOpen()
        let chosen: Int32
        if let partition = record.partition {
            chosen = partition
        } else if let key = record.key {
            chosen = DefaultPartitioner.partition(forKey: key, partitionCount: count)
        } else {
            chosen = sticky.partition(for: record.topic, count: count)
        }
        let delivery = PendingDelivery()
        append(
            to: TopicPartition(record.topic, chosen),
            key: record.key,
            value: record.value,
            headers: record.headers,
            timestamp: record.timestamp ?? now,
            size: size,
            delivery: delivery,
            partitionCount: record.key == nil && record.partition == nil ? count : nil
        )
        return delivery
    }
}

import KafkaProtocol
import Synchronization
import KafkaRecords
import Logging
import NIOCore

/// An asynchronous Kafka producer: batches records per partition by size and `linger.ms`, compresses them, and
/// sends them to partition leaders with retries; idempotent by default (producer id and sequence numbers).
///
/// ```swift
/// let producer = KafkaProducer(configuration: try KafkaProducerConfiguration(properties: props), logger: logger)
/// let metadata = try await producer.send(topic: "orders", key: key, value: value)
/// try await producer.close()
/// ```
public actor KafkaProducer {
    enum Lifecycle {
        case open
        case closing
        case closed
    }

    /// The settings the producer runs with (after idempotence was checked).
    public let configuration: KafkaProducerConfiguration
    let logger: Logger
    let cluster: KafkaCluster
    let idempotent: Bool

    var lifecycle = Lifecycle.open
    var queues: [TopicPartition: PartitionQueue] = [:]
    var sticky = StickyPartitions()
    var producerId: Int64 = -1
    var producerEpoch: Int16 = -1
    /// Set when the idempotent producer cannot go on; every later send fails with it.
    var fatalError: KafkaClientError?
    /// Set when a sent batch failed for good: its sequence numbers are lost, so once nothing is in flight the
    /// producer bumps its epoch (InitProducerId v3+, KIP-360) and restarts every partition's sequence at 0.
    var needsSequenceReset = false
    var bufferedBytes = 0
    var nextBatchId = 0
    var unfinishedBatches: Set<Int> = []
    /// Open batches created before this id are sent without waiting for `linger.ms` (flush).
    var flushBelow = 0
    var flushWaiters: [(below: Int, continuation: CheckedContinuation<Void, Never>)] = []
    var spaceWaiters: [Int: CheckedContinuation<Void, Never>] = [:]
    var nextWaiterId = 0
    var inFlightPerNode: [Int32: Int] = [:]
    /// Partition counts of topics sent to, so that `enqueue` need not ask the cluster for every record; dropped
    /// after `metadata.max.age.ms` or when a produce error says the metadata is stale.
    var partitionCounts: [String: (count: Int32, expires: ContinuousClock.Instant)] = [:]
    let wake = WakeSignal()
    var sender: Task<Void, Never>?

    private static let clientCounter = ClientCounter()

    /// Creates a producer; connections are opened on the first send.
    public init(configuration: KafkaProducerConfiguration, logger: Logger) {
        var configuration = configuration
        try? configuration.validate()
        self.configuration = configuration
        self.idempotent = configuration.isIdempotent
        let clientId =
            configuration.client.clientId.isEmpty
            ? "producer-\(Self.clientCounter.next())" : configuration.client.clientId
        var logger = logger
        logger[metadataKey: "kafka.client_id"] = "\(clientId)"
        self.logger = logger
        self.cluster = KafkaCluster(configuration: configuration.client, clientId: clientId, logger: logger)
    }

    // MARK: - Sending

    /// Sends one record and waits until the broker acknowledges it (per `acks`); returns where it was stored.
    ///
    /// - Parameters:
    ///   - topic: The topic.
    ///   - partition: The partition; nil lets the partitioner choose (murmur2 of the key, sticky without key).
    ///   - key: The key, or nil.
    ///   - value: The value, or nil (a tombstone).
    ///   - headers: Record headers.
    ///   - timestamp: Create time in milliseconds since the epoch; nil for now.
    /// - Throws: `KafkaClientError` when the record cannot be delivered within `delivery.timeout.ms`.
    @discardableResult
    public func send(
        topic: String,
        partition: Int32? = nil,
        key: ByteBuffer? = nil,
        value: ByteBuffer?,
        headers: [RecordHeader] = [],
        timestamp: Int64? = nil
    ) async throws(KafkaClientError) -> RecordMetadata {
        let delivery = try await enqueue(
            topic: topic,
            partition: partition,
            key: key,
            value: value,
            headers: headers,
            timestamp: timestamp
        )
        return try await delivery.metadata()
    }

    /// Adds one record to its partition's batch and returns at once (or when buffer space frees up); await the
    /// returned delivery for the acknowledgement. Use this to keep many records in flight from one task.
    public func enqueue(
        topic: String,
        partition: Int32? = nil,
        key: ByteBuffer? = nil,
        value: ByteBuffer?,
        headers: [RecordHeader] = [],
        timestamp: Int64? = nil
    ) async throws(KafkaClientError) -> PendingDelivery {
        try checkOpen()
        var counts: [String: Int32] = [:]
        return try await enqueueOne(
            ProducerRecord(
                topic: topic, partition: partition, key: key, value: value, headers: headers, timestamp: timestamp),
            deadline: Deadline.after(ms: configuration.maxBlockMs),
            now: currentTimeMillis(),
            counts: &counts
        )
    }

    /// Sends every buffered record now and waits until each has been acknowledged or has failed.
    public func flush() async {
        let below = nextBatchId
        flushBelow = max(flushBelow, below)
        startSender()
        wake.wake()
        if unfinishedBatches.allSatisfy({ $0 >= below }) { return }
        await withCheckedContinuation { continuation in
            flushWaiters.append((below, continuation))
        }
    }

    /// Flushes, then closes every connection; later sends fail with `.closed`.
    public func close() async {
        guard lifecycle == .open else {
            await sender?.value
            return
        }
        lifecycle = .closing
        await flush()
        lifecycle = .closed
        wake.wake()
        await sender?.value
        sender = nil
        await cluster.close()
    }

    // MARK: - Internals

    func checkOpen() throws(KafkaClientError) {
        guard lifecycle == .open else { throw KafkaClientError(.closed, "the producer is closed") }
        if let fatalError { throw fatalError }
    }

    /// Appends a record to the partition's open batch, sealing the batch when it is full.
    func append(
        to partition: TopicPartition,
        key: ByteBuffer?,
        value: ByteBuffer?,
        headers: [RecordHeader],
        timestamp: Int64,
        size: Int,
        delivery: PendingDelivery,
        partitionCount stickyCount: Int32?
    ) {
        // Taken out of the dictionary so that the open batch's record array is uniquely referenced and grows in
        // place (a copy left in the dictionary made every append copy the whole batch).
        var queue = queues.removeValue(forKey: partition) ?? PartitionQueue()
        if let open = queue.open, !open.isEmpty, open.estimatedSize + size > configuration.batchSize {
            queue.ready.append(open)
            queue.open = nil
            if let stickyCount {
                sticky.batchCompleted(topic: partition.topic, partition: partition.partition, count: stickyCount)
            }
            wake.wake()
        }
        if queue.open == nil {
            queue.open = ProducerBatch(
                id: nextBatchId,
                topicPartition: partition,
                compression: configuration.compression,
                deliveryTimeoutMs: configuration.deliveryTimeoutMs
            )
            unfinishedBatches.insert(nextBatchId)
            nextBatchId += 1
            wake.wake()
        }
        queue.open?.append(key: key, value: value, headers: headers, timestamp: timestamp, size: size, delivery: delivery)
        bufferedBytes += size
        if let open = queue.open, open.estimatedSize >= configuration.batchSize {
            queue.ready.append(open)
            queue.open = nil
            if let stickyCount {
                sticky.batchCompleted(topic: partition.topic, partition: partition.partition, count: stickyCount)
            }
            wake.wake()
        }
        queues[partition] = queue
        startSender()
    }

    /// The partition count of `topic`, from the local cache or the cluster's metadata.
    func partitionCount(of topic: String, deadline: Deadline) async throws(KafkaClientError) -> Int32 {
        let now = ContinuousClock.now
        if let cached = partitionCounts[topic], cached.expires > now { return cached.count }
        let description = try await cluster.topic(
            topic,
            allowAutoCreate: configuration.allowAutoCreateTopics,
            deadline: deadline
        )
        partitionCounts[topic] = (
            description.partitionCount, now.advanced(by: .milliseconds(configuration.client.metadataMaxAgeMs))
        )
        return description.partitionCount
    }

    /// Waits while `buffer.memory` is used up (a record that fits in an empty buffer always gets in).
    func waitForBufferSpace(_ size: Int, deadline: Deadline) async throws(KafkaClientError) {
        while bufferedBytes > 0 && bufferedBytes + size > configuration.bufferMemory {
            guard !deadline.hasPassed else {
                throw KafkaClientError(
                    .timeout,
                    "buffer.memory (\(configuration.bufferMemory) bytes) stayed full for max.block.ms"
                )
            }
            let id = nextWaiterId
            nextWaiterId += 1
            let timer = BrokerConnection.timerLoop.scheduleTask(in: .milliseconds(max(deadline.remainingMs, 1))) {
                Task { await self.resumeSpaceWaiter(id) }
            }
            await withCheckedContinuation { continuation in spaceWaiters[id] = continuation }
            timer.cancel()
            try checkOpen()
        }
    }

    private func resumeSpaceWaiter(_ id: Int) {
        spaceWaiters.removeValue(forKey: id)?.resume()
    }

    /// Releases a finished batch's buffer space and wakes flushes that were waiting for it.
    func finished(_ batch: ProducerBatch) {
        bufferedBytes -= batch.bufferedBytes
        unfinishedBatches.remove(batch.id)
        let waiters = spaceWaiters
        spaceWaiters = [:]
        for waiter in waiters.values { waiter.resume() }
        guard !flushWaiters.isEmpty else { return }
        let oldest = unfinishedBatches.min() ?? Int.max
        let done = flushWaiters.filter { $0.below <= oldest }
        flushWaiters.removeAll { $0.below <= oldest }
        for waiter in done { waiter.continuation.resume() }
    }

    /// A record's size in a batch, roughly: body plus varint overheads.
    static func estimatedRecordSize(key: ByteBuffer?, value: ByteBuffer?, headers: [RecordHeader]) -> Int {
        var size = 21 + (key?.readableBytes ?? 0) + (value?.readableBytes ?? 0)
        for header in headers { size += 10 + header.key.utf8.count + (header.value?.readableBytes ?? 0) }
        return size
    }
}

/// Numbers clients for default client ids (`producer-1`, `consumer-2`, …).
final class ClientCounter: Sendable {
    private let value = Synchronization.Mutex(0)
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
}

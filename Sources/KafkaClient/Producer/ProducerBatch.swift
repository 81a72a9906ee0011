import KafkaProtocol
import KafkaRecords
import NIOCore

/// The records of one partition that travel together in one RecordBatch, with their pending acknowledgements.
/// Once sent, its bytes (and sequence number) never change except when an earlier batch failed for good and the
/// sequence gap has to be closed (`renumber`).
struct ProducerBatch: Sendable {
    /// Creation order, for `flush`.
    let id: Int
    let topicPartition: TopicPartition
    let createdAt: ContinuousClock.Instant
    /// When the records' `delivery.timeout.ms` runs out.
    let deliveryDeadline: ContinuousClock.Instant
    private(set) var builder: RecordBatchBuilder
    /// One acknowledgement and create timestamp per record.
    private(set) var deliveries: [(delivery: PendingDelivery, timestamp: Int64)] = []
    /// Buffer bytes this batch holds (estimates of its records' sizes).
    private(set) var bufferedBytes = 0
    /// The encoded batch, once sealed for sending.
    private(set) var bytes: ByteBuffer?
    /// The first sequence number (idempotent producers), -1 until assigned.
    private(set) var baseSequence: Int32 = -1
    /// How often the batch was sent.
    var attempts = 0
    /// Whether an earlier batch of the partition was unacknowledged when this one was last sent (so an
    /// OUT_OF_ORDER_SEQUENCE_NUMBER answer may only mean that the earlier one failed).
    var sentBehindUnacknowledged = false

    init(id: Int, topicPartition: TopicPartition, compression: CompressionCodec, deliveryTimeoutMs: Int64) {
        self.id = id
        self.topicPartition = topicPartition
        let now = ContinuousClock.now
        createdAt = now
        deliveryDeadline = now.advanced(by: .milliseconds(deliveryTimeoutMs))
        builder = RecordBatchBuilder(compression: compression)
    }

    var recordCount: Int { deliveries.count }
    var isEmpty: Bool { deliveries.isEmpty }
    /// Bytes of the batch if it were encoded uncompressed now.
    var estimatedSize: Int { builder.estimatedSize }

    mutating func append(
        key: ByteBuffer?,
        value: ByteBuffer?,
        headers: [RecordHeader],
        timestamp: Int64,
        size: Int,
        delivery: PendingDelivery
    ) {
        builder.append(key: key, value: value, headers: headers, timestamp: timestamp)
        deliveries.append((delivery, timestamp))
        bufferedBytes += size
    }

    /// Encodes the batch for its first send, with the producer id, epoch and first sequence number (or -1s).
    mutating func seal(producerId: Int64, producerEpoch: Int16, baseSequence: Int32) throws(KafkaRecordsError) {
        builder.header.producerId = producerId
        builder.header.producerEpoch = producerEpoch
        builder.header.baseSequence = baseSequence
        self.baseSequence = baseSequence
        bytes = try builder.build()
    }

    var isSealed: Bool { bytes != nil }

    /// Gives the sent batch a new producer epoch and first sequence number, after the producer reset its sequences
    /// (the CRC covers both, so it is recomputed).
    mutating func renumber(producerId: Int64, producerEpoch: Int16, baseSequence: Int32) {
        guard var bytes else { return }
        self.baseSequence = baseSequence
        builder.header.producerId = producerId
        builder.header.producerEpoch = producerEpoch
        builder.header.baseSequence = baseSequence
        let start = bytes.readerIndex
        bytes.setInteger(producerId, at: start + RecordBatchHeader.FieldOffset.producerId)
        bytes.setInteger(producerEpoch, at: start + RecordBatchHeader.FieldOffset.producerEpoch)
        bytes.setInteger(baseSequence, at: start + RecordBatchHeader.FieldOffset.baseSequence)
        RecordBatchValidator.updateCRC(in: &bytes, batchAt: start)
        self.bytes = bytes
    }

    /// Resolves every record: offsets from `baseOffset` on, and the append time for LogAppendTime topics.
    func succeed(baseOffset: Int64, logAppendTime: Int64) {
        for (index, entry) in deliveries.enumerated() {
            let offset = baseOffset >= 0 ? baseOffset + Int64(index) : -1
            let timestamp = logAppendTime >= 0 ? logAppendTime : entry.timestamp
            entry.delivery.complete(
                .success(RecordMetadata(topicPartition: topicPartition, offset: offset, timestamp: timestamp))
            )
        }
    }

    /// Fails every record.
    func fail(_ error: KafkaClientError) {
        var error = error
        error.topicPartition = error.topicPartition ?? topicPartition
        for entry in deliveries { entry.delivery.complete(.failure(error)) }
    }
}

/// One partition's batches: the one being filled, those waiting to be sent (in sequence order), and the next
/// sequence number.
struct PartitionQueue: Sendable {
    var open: ProducerBatch?
    /// Sealed or full batches to send, oldest first; retried batches go back in sequence order.
    var ready: [ProducerBatch] = []
    /// Batches of this partition in unanswered requests.
    var inFlight = 0
    /// The next sequence number to give a batch.
    var nextSequence: Int32 = 0
    /// No send before this instant (retry backoff).
    var notBefore: ContinuousClock.Instant?

    /// Puts a batch that will be retried back in sequence order (sent batches before unsent ones).
    mutating func requeue(_ batch: ProducerBatch) {
        let index =
            ready.firstIndex { other in
                !other.isSealed || (batch.baseSequence >= 0 && other.baseSequence > batch.baseSequence)
            } ?? ready.endIndex
        ready.insert(batch, at: index)
    }

    /// Restarts the partition's sequence at 0 under a new epoch: sent batches waiting for a retry are renumbered in
    /// order, unsent ones get numbers when they are sent.
    mutating func resetSequences(producerId: Int64, producerEpoch: Int16) {
        var sequence: Int32 = 0
        for index in ready.indices where ready[index].isSealed {
            ready[index].renumber(producerId: producerId, producerEpoch: producerEpoch, baseSequence: sequence)
            sequence = sequence &+ Int32(ready[index].recordCount)
        }
        nextSequence = sequence
    }
}

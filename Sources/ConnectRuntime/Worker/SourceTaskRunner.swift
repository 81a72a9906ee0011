import ConnectAPI
import ConnectTransforms
import KafkaClient
import KafkaRecords
import Logging
import NIOCore

/// Runs one source task (Kafka's `WorkerSourceTask`): poll → transforms → converters → producer; offsets become
/// committable once the broker acknowledged every earlier record of the task, and are written to the offsets
/// topic every `offset.flush.interval.ms` and at a graceful stop, after which the task's `commit()` is called.
actor SourceTaskRunner: TaskRunner {
    let id: ConnectorTaskId
    private let task: any SourceTask
    private let taskConfig: [String: String]
    private let connectorConfig: [String: String]
    private let worker: WorkerContext
    private let logger: Logger
    private let errors: ErrorHandlingConfig
    private let gauges: TaskGauges
    private var paused = false
    private var stopping = false
    private var metrics = TaskMetrics()
    private var topics: Set<String> = []
    /// The newest acknowledged offset per source partition, in submission order.
    private var committable: [SourcePartition: SourceOffset] = [:]
    private var committed: [SourcePartition: SourceOffset] = [:]
    private var deliveryFailure: (any Error)?
    private var onNewTopic: @Sendable (String) -> Void

    /// One polled record on its way to the broker.
    private struct Submitted: Sendable {
        var record: SourceRecord
        var delivery: PendingDelivery?
        var topic: String
    }

    init(
        id: ConnectorTaskId,
        task: any SourceTask,
        taskConfig: [String: String],
        connectorConfig: [String: String],
        worker: WorkerContext,
        gauges: TaskGauges = TaskGauges(),
        onNewTopic: @escaping @Sendable (String) -> Void
    ) {
        self.gauges = gauges
        self.id = id
        self.task = task
        self.taskConfig = taskConfig
        self.connectorConfig = connectorConfig
        self.worker = worker
        self.logger = worker.logger(for: id)
        self.errors = ErrorHandlingConfig(connectorConfig)
        self.onNewTopic = onNewTopic
    }

    func setPaused(_ paused: Bool) { self.paused = paused }

    func stop() { stopping = true }

    func snapshot(state: String, restarts: Int64) -> WorkerMetricsSnapshot.Task {
        metrics.snapshot(id: id, type: "source", state: state, restarts: restarts)
    }

    /// Runs until ``stop()``; throws when the task fails.
    func run() async throws {
        let keyConverter = try ConverterFactory.make(isKey: true, connectorConfig: connectorConfig, worker: worker.config)
        let valueConverter = try ConverterFactory.make(
            isKey: false, connectorConfig: connectorConfig, worker: worker.config)
        let transforms = try TransformChain.parse(connectorConfig: connectorConfig)
        defer { transforms.close() }
        let producer = try worker.makeProducer(clientId: "connector-producer-\(id)", connectorConfig: connectorConfig)
        let dlq = try await makeDeadLetterQueue(producer: producer)
        let tolerance = RetryWithTolerance(config: errors, logger: logger)
        let context = RuntimeSourceTaskContext(
            configs: taskConfig,
            offsetStorageReader: ConnectorOffsetReader(store: worker.offsets, connector: id.connector),
            logger: logger,
            gauges: gauges
        )
        let (stream, continuation) = AsyncStream<[Submitted]>.makeStream()
        let acker = Task { await self.acknowledge(stream) }
        var failure: (any Error)?
        do {
            try await task.start(config: taskConfig, context: context)
            var nextFlush = ContinuousClock.now + .milliseconds(worker.config.offsetFlushIntervalMs)
            while !stopping {
                if let deliveryFailure { throw deliveryFailure }
                if ContinuousClock.now >= nextFlush {
                    await commitOffsets()
                    nextFlush = ContinuousClock.now + .milliseconds(worker.config.offsetFlushIntervalMs)
                }
                if paused {
                    try await Task.sleep(for: .milliseconds(100))
                    continue
                }
                let records = try await task.poll()
                guard !records.isEmpty else { continue }
                metrics.recordsPolled += Int64(records.count)
                var batch: [Submitted] = []
                batch.reserveCapacity(records.count)
                var outgoing: [ProducerRecord] = []
                outgoing.reserveCapacity(records.count)
                var slots: [Int] = []
                slots.reserveCapacity(records.count)
                for record in records {
                    // Tried synchronously first; a record that fails a stage goes through the tolerance path.
                    var prepared = preparedWithoutFailure(
                        record, keyConverter: keyConverter, valueConverter: valueConverter, transforms: transforms)
                    if prepared == nil {
                        prepared = try await prepare(
                            record, keyConverter: keyConverter, valueConverter: valueConverter,
                            transforms: transforms, tolerance: tolerance, dlq: dlq
                        )
                    }
                    guard let prepared else { continue }
                    if let producerRecord = prepared.record {
                        slots.append(batch.count)
                        outgoing.append(producerRecord)
                    }
                    batch.append(prepared.submitted)
                }
                if !outgoing.isEmpty {
                    // One hop to the producer for the whole poll batch.
                    let deliveries = try await producer.enqueue(outgoing)
                    for (slot, delivery) in zip(slots, deliveries) { batch[slot].delivery = delivery }
                }
                continuation.yield(batch)
            }
        } catch {
            failure = error
        }
        // Graceful end: wait for what is in flight, commit what was acknowledged, then stop the task.
        continuation.finish()
        if failure == nil {
            await producer.flush()
        }
        await acker.value
        await commitOffsets()
        await producer.close()
        do {
            try await task.stop()
        } catch {
            logger.warning("Source task stop failed", metadata: ["error": "\(error)"])
        }
        if let failure { throw failure }
        if let deliveryFailure { throw deliveryFailure }
    }

    /// ``prepare(_:keyConverter:valueConverter:transforms:tolerance:dlq:)`` for a record whose every stage
    /// succeeds at the first attempt, without calling an async function; `nil` when a stage throws (then
    /// `prepare` runs the stages again under the tolerance settings).
    private func preparedWithoutFailure(
        _ original: SourceRecord, keyConverter: any Converter, valueConverter: any Converter, transforms: TransformChain
    ) -> (submitted: Submitted, record: ProducerRecord?)? {
        let record: SourceRecord
        let key: ByteBuffer?
        let value: ByteBuffer?
        do {
            if transforms.stages.isEmpty {
                record = original
            } else {
                guard let transformed = try transforms.apply(original) else {
                    return (Submitted(record: original, delivery: nil, topic: original.topic), nil)
                }
                record = transformed
            }
            key = try keyConverter.fromConnectData(
                topic: record.topic, headers: record.headers, schema: record.keySchema, value: record.key)
            value = try valueConverter.fromConnectData(
                topic: record.topic, headers: record.headers, schema: record.valueSchema, value: record.value)
        } catch {
            return nil
        }
        return produced(original, as: record, key: key, value: value)
    }

    /// Transforms and converts one record: the record to produce, or none when a transform dropped it or a
    /// tolerated error skipped it (its offset is committed all the same).
    private func prepare(
        _ original: SourceRecord,
        keyConverter: any Converter,
        valueConverter: any Converter,
        transforms: TransformChain,
        tolerance: RetryWithTolerance,
        dlq: DeadLetterQueue?
    ) async throws -> (submitted: Submitted, record: ProducerRecord?) {
        let transformed: SourceRecord?
        if transforms.stages.isEmpty {
            transformed = original
        } else {
            switch try await tolerance.execute(.transformation, { try transforms.apply(original) }) {
            case .success(let record): transformed = record
            case .failed(let error):
                return (try await skip(original, stage: .transformation, error: error, dlq: dlq, valueConverter: valueConverter), nil)
            }
        }
        guard let record = transformed else {
            return (Submitted(record: original, delivery: nil, topic: original.topic), nil)
        }
        let key: ByteBuffer?
        switch try await tolerance.execute(.keyConverter, {
            try keyConverter.fromConnectData(topic: record.topic, headers: record.headers, schema: record.keySchema, value: record.key)
        }) {
        case .success(let bytes): key = bytes
        case .failed(let error):
            return (try await skip(original, stage: .keyConverter, error: error, dlq: dlq, valueConverter: valueConverter), nil)
        }
        let value: ByteBuffer?
        switch try await tolerance.execute(.valueConverter, {
            try valueConverter.fromConnectData(
                topic: record.topic, headers: record.headers, schema: record.valueSchema, value: record.value)
        }) {
        case .success(let bytes): value = bytes
        case .failed(let error):
            return (try await skip(original, stage: .valueConverter, error: error, dlq: dlq, valueConverter: valueConverter), nil)
        }
        return produced(original, as: record, key: key, value: value)
    }

    /// The submitted entry and the record to produce for a source record converted as `record` (announcing its
    /// topic the first time it is seen).
    private func produced(_ original: SourceRecord, as record: SourceRecord, key: ByteBuffer?, value: ByteBuffer?)
        -> (submitted: Submitted, record: ProducerRecord?)
    {
        if !topics.contains(record.topic) {
            topics.insert(record.topic)
            onNewTopic(record.topic)
        }
        return (
            Submitted(record: original, delivery: nil, topic: record.topic),
            ProducerRecord(
                topic: record.topic, partition: record.kafkaPartition, key: key, value: value,
                headers: HeaderConversion.toRecordHeaders(record.headers), timestamp: record.timestamp)
        )
    }

    /// A tolerated failure: counted, sent to the DLQ if there is one, and its offset still committed.
    private func skip(
        _ record: SourceRecord,
        stage: ProcessingStage,
        error: any Error,
        dlq: DeadLetterQueue?,
        valueConverter: any Converter
    ) async throws -> Submitted {
        metrics.recordErrors += 1
        metrics.recordsSkipped += 1
        if let dlq {
            // The original record as text if it cannot be converted: the DLQ keeps what failed, readable.
            let value =
                (try? valueConverter.fromConnectData(
                    topic: record.topic, headers: nil, schema: record.valueSchema, value: record.value))
                ?? ByteBuffer(string: String(describing: record))
            try await dlq.report(
                key: nil, value: value, headers: HeaderConversion.toRecordHeaders(record.headers), origin: nil,
                stage: stage, error: error)
            metrics.deadLetterQueueRecords += 1
        }
        return Submitted(record: record, delivery: nil, topic: record.topic)
    }

    private func makeDeadLetterQueue(producer: KafkaProducer) async throws -> DeadLetterQueue? {
        guard let topic = errors.deadLetterQueueTopic else { return nil }
        try await DeadLetterQueue.ensureTopic(
            topic, replicationFactor: errors.deadLetterQueueReplicationFactor, client: worker.client, logger: logger)
        return DeadLetterQueue(
            topic: topic, producer: producer, contextHeadersEnabled: errors.contextHeadersEnabled,
            connector: id.connector, taskId: id.task)
    }

    /// Awaits acknowledgements in submission order, so that each one implies every earlier record is written.
    private func acknowledge(_ stream: AsyncStream<[Submitted]>) async {
        for await batch in stream {
            let settled = await Self.settle(batch, task: task, toleratesAll: errors.toleratesAll, logger: logger)
            markAcknowledged(settled.acked, written: settled.written)
            if let failure = settled.failure {
                failDelivery(failure)
                return
            }
        }
    }

    /// One batch's deliveries awaited in order, and `commitRecord` for each record, off the runner's actor (a
    /// nonisolated call per record instead of two executor hops); the last offset of each run of one source
    /// partition (offsets of a partition only move forward), and the first delivery failure not tolerated.
    private static func settle(
        _ batch: [Submitted], task: any SourceTask, toleratesAll: Bool, logger: Logger
    ) async -> (acked: [(SourcePartition, SourceOffset)], written: Int64, failure: (any Error)?) {
        var acked: [(SourcePartition, SourceOffset)] = []
        var written: Int64 = 0
        for item in batch {
            var metadata: SourceRecord.Metadata?
            if let delivery = item.delivery {
                let outcome: Result<RecordMetadata, KafkaClientError>
                if let completed = delivery.completedResult {
                    outcome = completed
                } else {
                    outcome = await delivery.result()
                }
                switch outcome {
                case .success(let result):
                    written += 1
                    metadata = SourceRecord.Metadata(
                        topic: result.topicPartition.topic, partition: result.topicPartition.partition,
                        offset: result.offset, timestamp: result.timestamp)
                case .failure(let error):
                    if toleratesAll {
                        logger.error("Failed to send a record; skipped", metadata: ["error": "\(error)"])
                    } else {
                        return (acked, written, error)
                    }
                }
            }
            if let partition = item.record.sourcePartition, let offset = item.record.sourceOffset {
                if let last = acked.last, last.0 == partition {
                    acked[acked.count - 1].1 = offset
                } else {
                    acked.append((partition, offset))
                }
            }
            do {
                try await task.commitRecord(item.record, metadata: metadata)
            } catch {
                logger.warning("commitRecord failed", metadata: ["error": "\(error)"])
            }
        }
        return (acked, written, nil)
    }

    private func failDelivery(_ error: any Error) {
        if deliveryFailure == nil {
            deliveryFailure = ToleranceExceededError(stage: .kafkaProduce, cause: error)
        }
    }

    private func markAcknowledged(_ acked: [(SourcePartition, SourceOffset)], written: Int64) {
        metrics.recordsWritten += written
        for (partition, offset) in acked { committable[partition] = offset }
    }

    /// Writes the acknowledged offsets that changed since the last commit, then tells the task.
    private func commitOffsets() async {
        var changes: [SourcePartition: SourceOffset?] = [:]
        for (partition, offset) in committable where committed[partition] != offset {
            changes[partition] = offset
        }
        guard !changes.isEmpty else {
            // As Kafka's runtime: the task hears of every flush, so a source that confirms positions upstream (a
            // replication slot) can advance even when no offset changed.
            do {
                try await task.commit()
            } catch {
                logger.warning("Source task commit failed", metadata: ["error": "\(error)"])
            }
            return
        }
        let started = ContinuousClock.now
        do {
            try await worker.offsets.write(connector: id.connector, changes)
            for (partition, offset) in changes { committed[partition] = offset ?? nil }
            metrics.recordCommit(seconds: (ContinuousClock.now - started).seconds, succeeded: true)
            try await task.commit()
        } catch {
            metrics.recordCommit(seconds: (ContinuousClock.now - started).seconds, succeeded: false)
            logger.error("Failed to commit offsets", metadata: ["error": "\(error)"])
        }
    }
}

/// The ``SourceTaskContext`` the runtime hands a source task.
struct RuntimeSourceTaskContext: SourceTaskContext {
    let configs: [String: String]
    let offsetStorageReader: any OffsetStorageReader
    let logger: Logger
    let gauges: TaskGauges
}

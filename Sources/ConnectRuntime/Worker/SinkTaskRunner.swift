import ConnectAPI
import ConnectTransforms
import KafkaClient
import KafkaRecords
import Logging
import NIOCore
import Synchronization

/// Runs one sink task (Kafka's `WorkerSinkTask`): consumer in group `connect-<name>` → converters → transforms →
/// `put`; consumer offsets are committed only for what `preCommit` (by default: `flush`) reports durable, every
/// `offset.flush.interval.ms`, before partitions are revoked, and at a graceful stop.
actor SinkTaskRunner: TaskRunner {
    let id: ConnectorTaskId
    private let task: any SinkTask
    private let taskConfig: [String: String]
    private let connectorConfig: [String: String]
    private let worker: WorkerContext
    private let logger: Logger
    private let errors: ErrorHandlingConfig
    private let requests = SinkTaskRequests()
    private var paused = false
    private var consumerPaused = false
    private var stopping = false
    private var metrics = TaskMetrics()
    /// Per partition: the offset after the last record passed to `put` (or skipped).
    private var currentOffsets: [TopicPartitionRef: ConnectAPI.OffsetAndMetadata] = [:]
    private var lastCommitted: [TopicPartitionRef: Int64] = [:]
    private var assignment: Set<TopicPartitionRef> = []
    private var consumer: KafkaConsumer?
    private var rebalanceFailure: (any Error)?
    private var topics: Set<String> = []
    private let onNewTopic: @Sendable (String) -> Void

    init(
        id: ConnectorTaskId,
        task: any SinkTask,
        taskConfig: [String: String],
        connectorConfig: [String: String],
        worker: WorkerContext,
        onNewTopic: @escaping @Sendable (String) -> Void
    ) {
        self.onNewTopic = onNewTopic
        self.id = id
        self.task = task
        self.taskConfig = taskConfig
        self.connectorConfig = connectorConfig
        self.worker = worker
        self.logger = worker.logger(for: id)
        self.errors = ErrorHandlingConfig(connectorConfig)
    }

    func setPaused(_ paused: Bool) { self.paused = paused }

    func stop() { stopping = true }

    func snapshot(state: String, restarts: Int64) -> WorkerMetricsSnapshot.Task {
        metrics.snapshot(id: id, type: "sink", state: state, restarts: restarts)
    }

    func run() async throws {
        let keyConverter = try ConverterFactory.make(isKey: true, connectorConfig: connectorConfig, worker: worker.config)
        let valueConverter = try ConverterFactory.make(
            isKey: false, connectorConfig: connectorConfig, worker: worker.config)
        let transforms = try TransformChain.parse(connectorConfig: connectorConfig)
        defer { transforms.close() }
        let tolerance = RetryWithTolerance(config: errors, logger: logger)
        let dlq = try await makeDeadLetterQueue()
        let conversion = Conversion(
            keyConverter: keyConverter, valueConverter: valueConverter, transforms: transforms, tolerance: tolerance,
            dlq: dlq)
        let consumer = try worker.makeConsumer(
            clientId: "connector-consumer-\(id)", connector: id.connector, task: id.task, connectorConfig: connectorConfig)
        self.consumer = consumer
        let context = RuntimeSinkTaskContext(
            configs: taskConfig, logger: logger, requests: requests,
            reporter: dlq.map { ErrantReporter(dlq: $0, tolerance: errors.toleratesAll) }
                ?? (errors.toleratesAll ? ErrantReporter(dlq: nil, tolerance: true) : nil)
        )
        var failure: (any Error)?
        do {
            try await task.start(config: taskConfig, context: context)
            let topics = try await subscriptionTopics()
            let listener = RebalanceCallbacks(
                revoked: { [weak self] partitions, _ in await self?.partitionsRevoked(partitions) },
                assigned: { [weak self] partitions, _ in await self?.partitionsAssigned(partitions) }
            )
            try await consumer.subscribe(topics: topics, listener: listener)
            var nextCommit = ContinuousClock.now + .milliseconds(worker.config.offsetFlushIntervalMs)
            var nextTopicRefresh = ContinuousClock.now + Self.topicsRegexRefresh
            while !stopping {
                if let rebalanceFailure { throw rebalanceFailure }
                if connectorConfig["topics.regex"] != nil, ContinuousClock.now >= nextTopicRefresh {
                    // Topics created after the start that match topics.regex join the subscription (a rejoin).
                    if let current = try? await subscriptionTopics() {
                        try await consumer.subscribe(topics: current, listener: listener)
                    }
                    nextTopicRefresh = ContinuousClock.now + Self.topicsRegexRefresh
                }
                try await applySeeks(consumer)
                try await applyPause(consumer)
                let records = try await consumer.poll(timeout: .milliseconds(500))
                if !records.isEmpty {
                    metrics.recordsPolled += Int64(records.count)
                    let batch = try await convert(records, conversion)
                    try await deliverOverlapping(records, batch, consumer: consumer, conversion: conversion,
                                                 nextCommit: &nextCommit)
                }
                if ContinuousClock.now >= nextCommit || requests.takeCommitRequest() {
                    try await commit(consumer, partitions: nil)
                    await updateLag(consumer)
                    nextCommit = ContinuousClock.now + .milliseconds(worker.config.offsetFlushIntervalMs)
                }
            }
            try await commit(consumer, partitions: nil)
        } catch {
            failure = error
        }
        if !assignment.isEmpty {
            do {
                try await task.close(partitions: assignment)
            } catch {
                logger.warning("Sink task close failed", metadata: ["error": "\(error)"])
            }
        }
        do {
            try await task.stop()
        } catch {
            logger.warning("Sink task stop failed", metadata: ["error": "\(error)"])
        }
        // A graceful stop leaves the group even as a static member, so offsets can be altered at once and another
        // worker could take over; only a crash leaves the membership for the restarted task to reclaim.
        await consumer.close(leavingStaticMembership: true)
        self.consumer = nil
        if let failure { throw failure }
    }

    /// How often `topics.regex` is matched again against the broker's topics (Kafka's consumer does it on
    /// metadata refresh, `metadata.max.age.ms` = 5 minutes by default; a new topic here is picked up in seconds).
    static let topicsRegexRefresh: Duration = .seconds(5)

    /// `topics`, or the topics matching `topics.regex` now.
    private func subscriptionTopics() async throws -> [String] {
        if let list = connectorConfig["topics"]?.trimmed, !list.isEmpty {
            return list.split(separator: ",").map { String($0).trimmed }.filter { !$0.isEmpty }
        }
        guard let pattern = connectorConfig["topics.regex"]?.trimmed, !pattern.isEmpty else {
            throw ConnectError(.config, "Must configure one of topics or topics.regex")
        }
        let regex = try Regex(pattern)
        var configuration = KafkaAdminConfiguration()
        configuration.client = worker.client
        let admin = KafkaAdmin(configuration: configuration, logger: logger)
        let all = try await admin.listTopics()
        await admin.close()
        return all.filter { (try? regex.wholeMatch(in: $0)) != nil }.sorted()
    }

    /// What turns consumer records into sink records: converters, transforms, error tolerance, dead letter queue.
    private struct Conversion {
        let keyConverter: any Converter
        let valueConverter: any Converter
        let transforms: TransformChain
        let tolerance: RetryWithTolerance
        let dlq: DeadLetterQueue?
    }

    private func convert(_ records: [ConsumerRecord], _ conversion: Conversion) async throws -> [SinkRecord] {
        let keyConverter = conversion.keyConverter
        let valueConverter = conversion.valueConverter
        let transforms = conversion.transforms
        let tolerance = conversion.tolerance
        let dlq = conversion.dlq
        var batch: [SinkRecord] = []
        batch.reserveCapacity(records.count)
        for record in records {
            let topic = record.topicPartition.topic
            let headers = HeaderConversion.toConnectHeaders(record.headers)
            // Each stage is tried here first, synchronously; only a failure goes through the async tolerance path.
            let key: SchemaAndValue
            do {
                key = try keyConverter.toConnectData(topic: topic, headers: headers, value: record.key)
            } catch {
                switch try await tolerance.recover(.keyConverter, after: error, {
                    try keyConverter.toConnectData(topic: topic, headers: headers, value: record.key)
                }) {
                case .success(let converted): key = converted
                case .failed(let error):
                    try await skip(record, stage: .keyConverter, error: error, dlq: dlq)
                    continue
                }
            }
            let value: SchemaAndValue
            do {
                value = try valueConverter.toConnectData(topic: topic, headers: headers, value: record.value)
            } catch {
                switch try await tolerance.recover(.valueConverter, after: error, {
                    try valueConverter.toConnectData(topic: topic, headers: headers, value: record.value)
                }) {
                case .success(let converted): value = converted
                case .failed(let error):
                    try await skip(record, stage: .valueConverter, error: error, dlq: dlq)
                    continue
                }
            }
            let sinkRecord = SinkRecord(
                topic: topic,
                kafkaPartition: record.topicPartition.partition,
                keySchema: key.schema,
                key: key.value,
                valueSchema: value.schema,
                value: value.value,
                kafkaOffset: record.offset,
                timestamp: record.timestamp,
                timestampType: record.timestampType == .logAppendTime ? .logAppendTime : .createTime,
                headers: headers
            )
            if transforms.stages.isEmpty {
                batch.append(sinkRecord)
                continue
            }
            let transformed: SinkRecord?
            do {
                transformed = try transforms.apply(sinkRecord)
            } catch {
                switch try await tolerance.recover(.transformation, after: error, { try transforms.apply(sinkRecord) }) {
                case .success(let retried): transformed = retried
                case .failed(let error):
                    try await skip(record, stage: .transformation, error: error, dlq: dlq)
                    continue
                }
            }
            if let transformed { batch.append(transformed) }
        }
        return batch
    }

    private func skip(_ record: ConsumerRecord, stage: ProcessingStage, error: any Error, dlq: DeadLetterQueue?)
        async throws
    {
        metrics.recordErrors += 1
        metrics.recordsSkipped += 1
        guard let dlq else { return }
        try await dlq.report(
            key: record.key, value: record.value, headers: record.headers,
            origin: DeadLetterQueue.Origin(
                topic: record.topicPartition.topic, partition: record.topicPartition.partition, offset: record.offset),
            stage: stage, error: error)
        metrics.deadLetterQueueRecords += 1
    }

    /// Hands a batch to `put`, redelivering it after a retriable error (and the task's requested timeout);
    /// `failure` is such an error from a first attempt made elsewhere.
    private func deliver(_ batch: [SinkRecord], after failure: ConnectError? = nil) async throws {
        var failure = failure
        while true {
            if let error = failure {
                if stopping { throw error }
                let waitMs = requests.takeTimeout() ?? 1000
                logger.warning("Retriable error in put; redelivering", metadata: ["error": "\(error)", "after_ms": "\(waitMs)"])
                try await Task.sleep(for: .milliseconds(waitMs))
            }
            do {
                try await task.put(batch)
                metrics.recordsWritten += Int64(batch.count)
                return
            } catch let error as ConnectError where error.code == .retriable {
                failure = error
            }
        }
    }

    /// How long ``deliverOverlapping(_:_:consumer:conversion:nextCommit:)`` keeps fetching ahead before it returns
    /// to `poll` (group maintenance, `topics.regex`, the connector's pause).
    static let overlapLimit: Duration = .seconds(1)

    /// Delivers `batch` (converted from `records`) and, while `put` runs, fetches and converts the records that
    /// follow, so the task's writes and the conversion overlap on two cores; then delivers those the same way.
    /// `put` calls stay one at a time and never overlap a rebalance (the fetch ahead uses `pollFetched`, which does
    /// no group maintenance). Records fetched ahead are given back — the consumer is rewound to them — when the
    /// task asked for seeks or pause changes during `put` (as if they had been asked for before that fetch) or
    /// when `put` must be retried; a rewound record that failed conversion is reported to the dead letter queue
    /// again when it comes back (reporting is at least once, as in Kafka).
    private func deliverOverlapping(
        _ records: [ConsumerRecord], _ batch: [SinkRecord], consumer: KafkaConsumer, conversion: Conversion,
        nextCommit: inout ContinuousClock.Instant
    ) async throws {
        var records = records
        var batch = batch
        let started = ContinuousClock.now
        while true {
            guard !stopping, !paused, ContinuousClock.now - started < Self.overlapLimit, !requests.hasPositionRequests
            else {
                try await deliver(batch)
                markDelivered(records)
                return
            }
            let delivering = batch
            let sinkTask = task
            async let put = Self.put(delivering, into: sinkTask)
            let next: [ConsumerRecord]
            let nextBatch: [SinkRecord]
            do {
                next = try await consumer.pollFetched(timeout: .milliseconds(50))
                nextBatch = next.isEmpty ? [] : try await convert(next, conversion)
            } catch {
                _ = await put
                throw error
            }
            switch await put {
            case .success:
                metrics.recordsWritten += Int64(batch.count)
                markDelivered(records)
            case .failure(let error as ConnectError) where error.code == .retriable:
                try await rewind(consumer, to: next)
                try await deliver(batch, after: error)
                markDelivered(records)
                return
            case .failure(let error):
                throw error
            }
            if requests.hasPositionRequests {
                try await rewind(consumer, to: next)
                return
            }
            if ContinuousClock.now >= nextCommit || requests.takeCommitRequest() {
                try await commit(consumer, partitions: nil)
                await updateLag(consumer)
                nextCommit = ContinuousClock.now + .milliseconds(worker.config.offsetFlushIntervalMs)
            }
            guard !next.isEmpty else { return }
            metrics.recordsPolled += Int64(next.count)
            records = next
            batch = nextBatch
        }
    }

    /// One `put` outside the runner's isolation, so it runs while the runner converts.
    private static func put(_ batch: [SinkRecord], into task: any SinkTask) async -> Result<Void, any Error> {
        do {
            try await task.put(batch)
            return .success(())
        } catch {
            return .failure(error)
        }
    }

    /// Records passed to `put` (or skipped): their offsets are the next to commit.
    private func markDelivered(_ records: [ConsumerRecord]) {
        // Offsets only grow within a partition, so each run of one partition's records stores its last offset
        // (no hashing per record).
        var index = records.startIndex
        while index < records.endIndex {
            let partition = records[index].topicPartition
            var last = index
            while last + 1 < records.endIndex, records[last + 1].topicPartition == partition { last += 1 }
            currentOffsets[TopicPartitionRef(topic: partition.topic, partition: partition.partition)] =
                ConnectAPI.OffsetAndMetadata(offset: records[last].offset + 1)
            index = last + 1
        }
    }

    /// Moves the consumer back to the first of `records` in each of their partitions (they were not delivered).
    private func rewind(_ consumer: KafkaConsumer, to records: [ConsumerRecord]) async throws {
        var first: [TopicPartition: Int64] = [:]
        for record in records where first[record.topicPartition] == nil {
            first[record.topicPartition] = record.offset
        }
        for (partition, offset) in first { try await consumer.seek(partition, to: offset) }
    }

    /// Commits what the task reports durable (all partitions, or the given ones).
    private func commit(_ consumer: KafkaConsumer, partitions: Set<TopicPartitionRef>?) async throws {
        let current = partitions.map { set in currentOffsets.filter { set.contains($0.key) } } ?? currentOffsets
        guard !current.isEmpty else { return }
        let started = ContinuousClock.now
        let safe: [TopicPartitionRef: ConnectAPI.OffsetAndMetadata]
        do {
            safe = try await task.preCommit(currentOffsets: current)
        } catch {
            metrics.recordCommit(seconds: (ContinuousClock.now - started).seconds, succeeded: false)
            logger.error("Flush before committing offsets failed; nothing committed", metadata: ["error": "\(error)"])
            throw error
        }
        var offsets: [TopicPartition: KafkaClient.OffsetAndMetadata] = [:]
        for (partition, offset) in safe where lastCommitted[partition] != offset.offset {
            guard partitions?.contains(partition) ?? assignment.contains(partition) else { continue }
            offsets[TopicPartition(partition.topic, partition.partition)] = KafkaClient.OffsetAndMetadata(
                offset.offset, metadata: offset.metadata.isEmpty ? nil : offset.metadata)
        }
        guard !offsets.isEmpty else { return }
        do {
            try await consumer.commit(offsets)
            for (partition, offset) in offsets {
                lastCommitted[TopicPartitionRef(topic: partition.topic, partition: partition.partition)] = offset.offset
            }
            metrics.recordCommit(seconds: (ContinuousClock.now - started).seconds, succeeded: true)
        } catch {
            metrics.recordCommit(seconds: (ContinuousClock.now - started).seconds, succeeded: false)
            logger.warning("Offset commit failed", metadata: ["error": "\(error)"])
        }
    }

    private func partitionsAssigned(_ partitions: [TopicPartition]) async {
        let refs = Set(partitions.map { TopicPartitionRef(topic: $0.topic, partition: $0.partition) })
        assignment.formUnion(refs)
        requests.setAssignment(assignment)
        for topic in Set(refs.map(\.topic)) where !topics.contains(topic) {
            topics.insert(topic)
            onNewTopic(topic)
        }
        do {
            try await task.open(partitions: refs)
            // Seeks asked for in `open` (sinks that keep offsets in the target) apply before the first fetch of
            // the new assignment, so no record before them is delivered.
            if let consumer { try await applySeeks(consumer) }
        } catch {
            rebalanceFailure = rebalanceFailure ?? error
        }
    }

    private func partitionsRevoked(_ partitions: [TopicPartition]) async {
        let refs = Set(partitions.map { TopicPartitionRef(topic: $0.topic, partition: $0.partition) })
        if let consumer {
            do {
                try await commit(consumer, partitions: refs)
            } catch {
                rebalanceFailure = rebalanceFailure ?? error
            }
        }
        do {
            try await task.close(partitions: refs)
        } catch {
            rebalanceFailure = rebalanceFailure ?? error
        }
        assignment.subtract(refs)
        for partition in refs {
            currentOffsets[partition] = nil
            lastCommitted[partition] = nil
        }
        requests.setAssignment(assignment)
    }

    private func applySeeks(_ consumer: KafkaConsumer) async throws {
        for (partition, offset) in requests.takeSeeks() {
            try await consumer.seek(TopicPartition(partition.topic, partition.partition), to: offset)
            currentOffsets[partition] = ConnectAPI.OffsetAndMetadata(offset: offset)
        }
    }

    private func applyPause(_ consumer: KafkaConsumer) async throws {
        let all = await consumer.assignment()
        if paused {
            if !consumerPaused {
                await consumer.pause(all)
                consumerPaused = true
            }
            return
        }
        if consumerPaused {
            await consumer.resume(all)
            consumerPaused = false
        }
        let (pause, resume) = requests.takePauseChanges()
        if !pause.isEmpty { await consumer.pause(pause.map { TopicPartition($0.topic, $0.partition) }) }
        if !resume.isEmpty { await consumer.resume(resume.map { TopicPartition($0.topic, $0.partition) }) }
    }

    private func updateLag(_ consumer: KafkaConsumer) async {
        let all = await consumer.assignment()
        guard !all.isEmpty, let ends = try? await consumer.endOffsets(all) else { return }
        var lag: [String: Int64] = [:]
        for partition in all {
            guard let end = ends[partition], let position = try? await consumer.position(partition) else { continue }
            lag[partition.description] = max(0, end - position)
        }
        metrics.consumerLag = lag
    }

    private func makeDeadLetterQueue() async throws -> DeadLetterQueue? {
        guard let topic = errors.deadLetterQueueTopic else { return nil }
        try await DeadLetterQueue.ensureTopic(
            topic, replicationFactor: errors.deadLetterQueueReplicationFactor, client: worker.client, logger: logger)
        let producer = try worker.makeProducer(clientId: "connector-dlq-producer-\(id)", connectorConfig: connectorConfig)
        return DeadLetterQueue(
            topic: topic, producer: producer, contextHeadersEnabled: errors.contextHeadersEnabled,
            connector: id.connector, taskId: id.task)
    }
}

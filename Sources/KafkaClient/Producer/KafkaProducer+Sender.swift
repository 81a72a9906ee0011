import Logging
import KafkaProtocol
import KafkaRecords
import NIOCore

extension KafkaProducer {
    /// Starts the sender loop (one task per producer, ended by `close`).
    func startSender() {
        guard sender == nil else { return }
        sender = Task { await self.runSender() }
    }

    /// Seals batches whose linger time is up, sends ready batches to their leaders (at most
    /// `max.in.flight.requests.per.connection` requests per broker, one batch per partition per request), and
    /// handles the responses in child tasks; sleeps until there is something to do.
    private func runSender() async {
        await withDiscardingTaskGroup { group in
            while true {
                if lifecycle == .closed && unfinishedBatches.isEmpty { break }
                if idempotent && producerId < 0 && fatalError == nil && hasReadyBatches {
                    await initProducerId()
                    continue
                }
                if let fatalError {
                    failEverything(fatalError)
                    if lifecycle == .closed { break }
                }
                if needsSequenceReset {
                    if inFlightPerNode.values.allSatisfy({ $0 == 0 }) {
                        await resetSequences()
                        continue
                    }
                    await wake.wait(timeoutMs: nil)
                    continue
                }
                sealLingeringBatches()
                expireWaitingBatches()
                let requests = await drain()
                for request in requests {
                    dispatch(request, in: &group)
                }
                if requests.isEmpty {
                    await wake.wait(timeoutMs: nextWakeUpMs())
                }
            }
        }
    }

    /// One produce request about to be sent to one broker.
    struct ProduceDispatch: Sendable {
        var node: Int32
        var connection: BrokerConnection
        var batches: [ProducerBatch]
    }

    private var hasReadyBatches: Bool {
        queues.values.contains { !$0.ready.isEmpty || $0.open != nil }
    }

    /// Moves open batches to the ready list once `linger.ms` passed, a flush asks for them, or on close.
    private func sealLingeringBatches() {
        let now = ContinuousClock.now
        let linger = Duration.milliseconds(configuration.lingerMs)
        for (partition, queue) in queues {
            guard let open = queue.open, !open.isEmpty else { continue }
            if open.id < flushBelow || lifecycle != .open || open.createdAt.advanced(by: linger) <= now {
                queues[partition]?.ready.append(open)
                queues[partition]?.open = nil
            }
        }
    }

    /// Fails batches that waited past `delivery.timeout.ms` without being sent.
    private func expireWaitingBatches() {
        let now = ContinuousClock.now
        for (partition, queue) in queues where !queue.ready.isEmpty {
            let expired = queue.ready.filter { $0.deliveryDeadline <= now }
            guard !expired.isEmpty else { continue }
            queues[partition]?.ready.removeAll { $0.deliveryDeadline <= now }
            for batch in expired {
                // A sent batch may have been stored before its answer was lost: restart the sequences.
                if idempotent && batch.isSealed { needsSequenceReset = true }
                batch.fail(
                    KafkaClientError(
                        .timeout,
                        "the record was not acknowledged within delivery.timeout.ms "
                            + "(\(configuration.deliveryTimeoutMs) ms, \(batch.attempts) attempts)",
                        api: .produce
                    )
                )
                finished(batch)
            }
        }
    }

    /// Milliseconds until the next linger expiry or retry backoff ends, or nil when nothing is waiting.
    private func nextWakeUpMs() -> Int64? {
        var earliest: ContinuousClock.Instant?
        let linger = Duration.milliseconds(configuration.lingerMs)
        for queue in queues.values {
            if let open = queue.open, !open.isEmpty {
                let due = open.createdAt.advanced(by: linger)
                earliest = earliest.map { min($0, due) } ?? due
            }
            if !queue.ready.isEmpty {
                let due = queue.notBefore ?? .now
                earliest = earliest.map { min($0, due) } ?? due
                if let first = queue.ready.first {
                    earliest = min(earliest ?? first.deliveryDeadline, first.deliveryDeadline)
                }
            }
        }
        guard let earliest else { return nil }
        return max(1, Deadline(earliest).remainingMs)
    }

    /// Takes the next batch of every partition that may send, grouped by leader; seals batches on their first
    /// send with the producer id and the partition's next sequence number.
    private func drain() async -> [ProduceDispatch] {
        let now = ContinuousClock.now
        let maxInFlight = configuration.maxInFlightRequestsPerConnection
        var byNode: [Int32: [ProducerBatch]] = [:]
        var sizes: [Int32: Int] = [:]
        let candidates = queues.filter { _, queue in
            !queue.ready.isEmpty && queue.inFlight < maxInFlight && (queue.notBefore.map { $0 <= now } ?? true)
        }.keys.sorted()
        for partition in candidates {
            guard let node = await leaderNode(of: partition) else { continue }
            guard (inFlightPerNode[node] ?? 0) < maxInFlight else { continue }
            guard var queue = queues[partition], !queue.ready.isEmpty, queue.inFlight < maxInFlight else { continue }
            var batch = queue.ready.removeFirst()
            if !batch.isSealed {
                let sequence: Int32 = idempotent ? queue.nextSequence : -1
                do {
                    try batch.seal(producerId: producerId, producerEpoch: producerEpoch, baseSequence: sequence)
                } catch {
                    queues[partition] = queue
                    batch.fail(KafkaClientError(.protocolViolation, "cannot encode the batch: \(error)", api: .produce))
                    finished(batch)
                    continue
                }
                if idempotent { queue.nextSequence = sequence &+ Int32(batch.recordCount) }
            }
            let size = batch.bytes?.readableBytes ?? 0
            if let used = sizes[node], used + size > configuration.maxRequestSize {
                queue.ready.insert(batch, at: 0)
                queues[partition] = queue
                continue
            }
            batch.sentBehindUnacknowledged = queue.inFlight > 0
            batch.attempts += 1
            queue.inFlight += 1
            queue.notBefore = nil
            queues[partition] = queue
            sizes[node, default: 0] += size
            byNode[node, default: []].append(batch)
        }
        var dispatches: [ProduceDispatch] = []
        for (node, batches) in byNode {
            do {
                let connection = try await cluster.connection(toNode: node)
                dispatches.append(ProduceDispatch(node: node, connection: connection, batches: batches))
            } catch {
                for batch in batches { retryOrFail(batch, error, retriable: error.isRetriable) }
            }
        }
        return dispatches
    }

    /// The leader of `partition` from the cluster's metadata (refreshed when stale); nil while unknown.
    private func leaderNode(of partition: TopicPartition) async -> Int32? {
        do {
            let deadline = Deadline.after(ms: configuration.client.requestTimeoutMs)
            let topic = try await cluster.topic(
                partition.topic,
                allowAutoCreate: configuration.allowAutoCreateTopics,
                deadline: deadline
            )
            guard let state = topic.partitions[partition.partition], state.leaderId >= 0 else { return nil }
            return state.leaderId
        } catch {
            logger.debug("no leader yet", metadata: ["partition": "\(partition)", "error": "\(error)"])
            if !error.isRetriable, let queue = queues[partition] {
                queues[partition]?.ready = []
                for batch in queue.ready {
                    batch.fail(error)
                    finished(batch)
                }
            } else {
                queues[partition]?.notBefore = .now.advanced(by: .milliseconds(configuration.client.retryBackoffMs))
            }
            return nil
        }
    }

    /// Writes the request (in the order drained) and awaits its response in a child task.
    private func dispatch(_ request: ProduceDispatch, in group: inout DiscardingTaskGroup) {
        let acks = configuration.acks.rawValue
        var topics: [String: [ProduceRequest.PartitionData]] = [:]
        for batch in request.batches {
            topics[batch.topicPartition.topic, default: []].append(
                .init(index: batch.topicPartition.partition, records: batch.bytes)
            )
        }
        let produce = ProduceRequest(
            acks: acks,
            timeoutMs: Int32(clamping: configuration.client.requestTimeoutMs),
            topicData: topics.sorted { $0.key < $1.key }.map { .init(name: $0.key, partitionData: $0.value) }
        )
        let version: Int16
        do throws(KafkaClientError) {
            version = try request.connection.version(ProduceRequest.self, ProduceResponse.self)
            if configuration.compression == .zstd && version < 7 {
                throw KafkaClientError(
                    .unsupported,
                    "zstd needs Produce v7+, the broker speaks up to v\(version)",
                    broker: request.connection.address.description,
                    api: .produce
                )
            }
        } catch {
            for batch in request.batches { retryOrFail(batch, error, retriable: false) }
            return
        }
        if acks == 0 {
            request.connection.sendWithoutResponse(produce, version: version)
            for batch in request.batches {
                queues[batch.topicPartition]?.inFlight -= 1
                batch.succeed(baseOffset: -1, logAppendTime: -1)
                finished(batch)
            }
            return
        }
        let inFlight: InFlightRequest<ProduceResponse>
        do throws(KafkaClientError) {
            inFlight = try request.connection.enqueue(
                produce,
                version: version,
                as: ProduceResponse.self,
                timeoutMs: configuration.client.requestTimeoutMs
            )
        } catch {
            for batch in request.batches { retryOrFail(batch, error, retriable: error.isRetriable) }
            return
        }
        inFlightPerNode[request.node, default: 0] += 1
        group.addTask {
            let result: Result<ProduceResponse, KafkaClientError>
            do throws(KafkaClientError) {
                result = .success(try await inFlight.response())
            } catch {
                result = .failure(error)
            }
            await self.handle(result, of: request)
        }
    }
}

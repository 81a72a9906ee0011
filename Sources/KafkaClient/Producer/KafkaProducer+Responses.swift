import Logging
import KafkaProtocol

extension KafkaProducer {
    /// Resolves, retries or fails each batch of an answered (or failed) produce request.
    func handle(_ result: Result<ProduceResponse, KafkaClientError>, of request: ProduceDispatch) {
        inFlightPerNode[request.node, default: 1] -= 1
        defer { wake.wake() }
        let response: ProduceResponse
        switch result {
        case .failure(let error):
            if error.code == .connection || error.code == .timeout {
                for topic in Set(request.batches.map(\.topicPartition.topic)) { Task { await cluster.invalidate(topic: topic) } }
            }
            for batch in request.batches {
                queues[batch.topicPartition]?.inFlight -= 1
                retryOrFail(batch, error, retriable: error.isRetriable)
            }
            return
        case .success(let answer):
            response = answer
        }
        let broker = request.connection.address.description
        for batch in request.batches {
            queues[batch.topicPartition]?.inFlight -= 1
            let partition = batch.topicPartition
            guard
                let answer = response.responses.first(where: { $0.name == partition.topic })?
                    .partitionResponses.first(where: { $0.index == partition.partition })
            else {
                retryOrFail(
                    batch,
                    KafkaClientError(
                        .protocolViolation,
                        "the Produce response does not mention \(partition)",
                        broker: broker,
                        api: .produce
                    ),
                    retriable: false
                )
                continue
            }
            switch answer.errorCode {
            case .none:
                acknowledge(batch, baseOffset: answer.baseOffset, logAppendTime: answer.logAppendTimeMs)
            case .duplicateSequenceNumber:
                // The broker already has the batch but no longer knows its offsets.
                acknowledge(batch, baseOffset: -1, logAppendTime: -1)
            default:
                let code = answer.errorCode
                let error = KafkaClientError.broker(
                    code,
                    answer.errorMessage ?? "the broker refused the batch of \(batch.recordCount) records",
                    broker: broker,
                    api: .produce,
                    topicPartition: partition
                )
                if code.invalidatesMetadata {
                    partitionCounts[partition.topic] = nil
                    Task { await cluster.invalidate(topic: partition.topic) }
                }
                let retriable =
                    code.isClientRetriable || (code == .outOfOrderSequenceNumber && batch.sentBehindUnacknowledged)
                retryOrFail(batch, error, retriable: retriable)
            }
        }
    }

    /// Resolves a batch's records.
    private func acknowledge(_ batch: ProducerBatch, baseOffset: Int64, logAppendTime: Int64) {
        batch.succeed(baseOffset: baseOffset, logAppendTime: logAppendTime)
        finished(batch)
    }

    /// Puts a batch back for another attempt (same bytes, same sequence) after backoff, or fails its records when
    /// the error is not retriable, `retries` are used up, or `delivery.timeout.ms` has passed.
    func retryOrFail(_ batch: ProducerBatch, _ error: KafkaClientError, retriable: Bool) {
        let now = ContinuousClock.now
        if retriable, batch.attempts <= configuration.retries, batch.deliveryDeadline > now, fatalError == nil,
            lifecycle != .closed || !unfinishedBatches.isEmpty
        {
            logger.debug(
                "retrying batch",
                metadata: [
                    "partition": "\(batch.topicPartition)", "attempt": "\(batch.attempts)", "error": "\(error)",
                ]
            )
            var queue = queues[batch.topicPartition] ?? PartitionQueue()
            queue.requeue(batch)
            let backoff = configuration.client.backoffMs(attempt: batch.attempts)
            queue.notBefore = now.advanced(by: .milliseconds(backoff))
            queues[batch.topicPartition] = queue
            return
        }
        logger.debug("batch failed", metadata: ["partition": "\(batch.topicPartition)", "error": "\(error)"])
        if idempotent && batch.isSealed { needsSequenceReset = true }
        if !retriable || batch.deliveryDeadline > now {
            batch.fail(error)
        } else {
            var timeout = error
            timeout.message = "delivery.timeout.ms expired after \(batch.attempts) attempts; last error: \(error.message)"
            batch.fail(timeout)
        }
        finished(batch)
    }

    /// Gets a producer id and epoch with InitProducerId (null transactional id) from any broker, retrying
    /// retriable errors until `max.block.ms`; sets `fatalError` if that fails.
    func initProducerId() async {
        let deadline = Deadline.after(ms: max(configuration.maxBlockMs, configuration.client.requestTimeoutMs))
        var attempt = 0
        while producerId < 0 {
            attempt += 1
            var failure: KafkaClientError
            do throws(KafkaClientError) {
                let connection = try await cluster.anyConnection()
                let response = try await connection.send(
                    InitProducerIdRequest(transactionalId: nil, transactionTimeoutMs: Int32.max),
                    as: InitProducerIdResponse.self,
                    timeoutMs: configuration.client.requestTimeoutMs
                )
                if response.errorCode == .none {
                    producerId = response.producerId
                    producerEpoch = response.producerEpoch
                    logger.debug(
                        "producer id assigned",
                        metadata: ["kafka.producer_id": "\(producerId)", "kafka.producer_epoch": "\(producerEpoch)"]
                    )
                    return
                }
                failure = .broker(
                    response.errorCode,
                    "InitProducerId failed",
                    broker: connection.address.description,
                    api: .initProducerId
                )
                guard response.errorCode.isClientRetriable else {
                    fatalError = KafkaClientError(.fatal, "\(failure)", api: .initProducerId, errorCode: response.errorCode)
                    return
                }
            } catch {
                failure = error
                guard error.isRetriable else {
                    fatalError = KafkaClientError(.fatal, "cannot get a producer id: \(error)", api: .initProducerId)
                    return
                }
            }
            if deadline.hasPassed || lifecycle == .closed {
                fatalError = KafkaClientError(.fatal, "cannot get a producer id: \(failure)", api: .initProducerId)
                return
            }
            try? await sleep(ms: configuration.client.backoffMs(attempt: attempt), before: deadline)
        }
    }

    /// Bumps the producer epoch (InitProducerId with the current id and epoch; a broker without v3 hands out a new
    /// id) and renumbers every partition from sequence 0, so batches after a lost one are not refused as out of
    /// order, and none is mistaken for a duplicate of a batch of the old epoch.
    func resetSequences() async {
        let deadline = Deadline.after(ms: max(configuration.maxBlockMs, configuration.client.requestTimeoutMs))
        var attempt = 0
        while fatalError == nil {
            attempt += 1
            do throws(KafkaClientError) {
                let connection = try await cluster.anyConnection()
                let version = try connection.version(InitProducerIdRequest.self, InitProducerIdResponse.self)
                let request =
                    version >= 3
                    ? InitProducerIdRequest(
                        transactionalId: nil,
                        transactionTimeoutMs: Int32.max,
                        producerId: producerId,
                        producerEpoch: producerEpoch
                    )
                    : InitProducerIdRequest(transactionalId: nil, transactionTimeoutMs: Int32.max)
                let response = try await connection.send(
                    request,
                    version: version,
                    as: InitProducerIdResponse.self,
                    timeoutMs: configuration.client.requestTimeoutMs
                )
                guard response.errorCode == .none else {
                    throw KafkaClientError.broker(
                        response.errorCode,
                        broker: connection.address.description,
                        api: .initProducerId
                    )
                }
                producerId = response.producerId
                producerEpoch = response.producerEpoch
                for partition in queues.keys {
                    queues[partition]?.resetSequences(producerId: producerId, producerEpoch: producerEpoch)
                }
                needsSequenceReset = false
                logger.info(
                    "producer epoch bumped after a failed batch",
                    metadata: ["kafka.producer_id": "\(producerId)", "kafka.producer_epoch": "\(producerEpoch)"]
                )
                return
            } catch {
                if !error.isRetriable || deadline.hasPassed {
                    fatalError = KafkaClientError(.fatal, "cannot reset the producer's sequences: \(error)")
                    return
                }
            }
            try? await sleep(ms: configuration.client.backoffMs(attempt: attempt), before: deadline)
        }
    }

    /// Fails every batch that is not in flight (after a fatal error).
    func failEverything(_ error: KafkaClientError) {
        for (partition, queue) in queues {
            var batches = queue.ready
            if let open = queue.open { batches.append(open) }
            queues[partition]?.ready = []
            queues[partition]?.open = nil
            for batch in batches {
                batch.fail(error)
                finished(batch)
            }
        }
    }
}

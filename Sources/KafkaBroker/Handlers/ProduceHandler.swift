import KafkaProtocol
import KafkaRecords
import LogStorage
import Logging
import NIOCore

/// Produce: validates each partition's batch as Kafka does, appends it, and for acks=all answers only after the
/// batch is fsynced (group commit: concurrent producers share fsyncs). acks=1 answers after the write; acks=0
/// gets no response.
struct ProduceHandler: RequestHandler {
    let state: BrokerState
    /// MinVersion 0 is advertised (older librdkafka disables compression otherwise); v0–2 are refused at request time.
    let advertisedVersions: ClosedRange<Int16> = 3...9

    func handle(_ request: ProduceRequest, version: Int16, context: RequestContext) async -> HandlerResponse<ProduceResponse> {
        let acks = request.acks
        var results: [(topic: String, response: ProduceResponse.PartitionResponse, log: PartitionLog?)] = []
        for topic in request.topicData {
            for partition in topic.partitionData {
                let key = TopicPartition(topic.name, partition.index)
                guard acks == -1 || acks == 0 || acks == 1 else {
                    results.append((topic.name, failure(partition.index, .invalidRequiredAcks, "acks must be -1, 0 or 1"), nil))
                    continue
                }
                if request.transactionalId != nil {
                    results.append(
                        (topic.name, failure(partition.index, .transactionalIdAuthorizationFailed, "transactions are not supported yet"), nil))
                    continue
                }
                guard let log = await state.logs.log(for: key) else {
                    results.append((topic.name, failure(partition.index, .unknownTopicOrPartition, "\(key) does not exist"), nil))
                    continue
                }
                if let problem = validate(partition.records, version: version) {
                    results.append((topic.name, failure(partition.index, problem.code, problem.message), nil))
                    continue
                }
                do {
                    let appended = try await log.append(partition.records ?? ByteBuffer())
                    await state.notifier.notify(key)
                    results.append(
                        (topic.name,
                         .init(index: partition.index, baseOffset: appended.firstOffset, logAppendTimeMs: appended.logAppendTime,
                               logStartOffset: appended.logStartOffset), log))
                } catch {
                    context.logger.debug("produce rejected", metadata: ["partition": "\(key)", "error": "\(error)"])
                    results.append((topic.name, failure(partition.index, error.kafkaErrorCode, error.message), nil))
                }
            }
        }
        if acks == 0 { return .none }
        guard acks == -1 else { return .response(Self.response(results)) }
        // acks=all: durable before answering. The appends are done (in request order); the fsyncs run while the
        // connection handles its next requests, and each partition's flush is group-committed across all of them.
        let appended = results
        return .deferred {
            var results = appended
            await withTaskGroup(of: (Int, LogStorageError?).self) { group in
                for (index, result) in results.enumerated() {
                    guard let log = result.log else { continue }
                    group.addTask {
                        do {
                            try await log.flush()
                            return (index, nil)
                        } catch {
                            return (index, (error as? LogStorageError) ?? LogStorageError(.io, "\(error)"))
                        }
                    }
                }
                for await (index, error) in group {
                    if let error {
                        results[index].response = Self.failure(results[index].response.index, error.kafkaErrorCode, error.message)
                    }
                }
            }
            return Self.response(results)
        }
    }

    private static func response(_ results: [(topic: String, response: ProduceResponse.PartitionResponse, log: PartitionLog?)])
        -> ProduceResponse
    {
        var responses: [ProduceResponse.TopicResponse] = []
        for result in results {
            if let last = responses.indices.last, responses[last].name == result.topic {
                responses[last].partitionResponses.append(result.response)
            } else {
                responses.append(.init(name: result.topic, partitionResponses: [result.response]))
            }
        }
        return ProduceResponse(responses: responses)
    }

    private func failure(_ index: Int32, _ code: KafkaErrorCode, _ message: String) -> ProduceResponse.PartitionResponse {
        Self.failure(index, code, message)
    }

    private static func failure(_ index: Int32, _ code: KafkaErrorCode, _ message: String) -> ProduceResponse.PartitionResponse {
        .init(index: index, errorCode: code, baseOffset: -1, errorMessage: message)
    }

    /// Kafka's request-level checks (`ProduceRequest.validateRecords`, `LogValidator`): exactly one v2 batch,
    /// no control batches from clients, a sequence when there is a producer id, zstd only from v7.
    private func validate(_ records: ByteBuffer?, version: Int16) -> (code: KafkaErrorCode, message: String)? {
        guard let records, records.readableBytes > 0 else { return (.invalidRecord, "the partition's records are empty") }
        guard let header = RecordBatchHeader.peek(in: records, at: records.readerIndex) else {
            return (.corruptMessage, "the records are shorter than a batch header")
        }
        guard header.magic == 2 else { return (.unsupportedForMessageFormat, "only RecordBatch v2 (magic 2) is accepted") }
        guard header.totalSize == records.readableBytes else {
            return (.invalidRecord, "Produce v3+ must carry exactly one record batch per partition")
        }
        guard !header.attributes.isControl else { return (.invalidRecord, "clients may not produce control batches") }
        guard header.producerId < 0 || header.baseSequence >= 0 else {
            return (.invalidRecord, "a batch with a producer id needs a base sequence")
        }
        guard header.lastOffsetDelta + 1 == header.recordCount else {
            return (.invalidRecord, "lastOffsetDelta \(header.lastOffsetDelta) does not match \(header.recordCount) records")
        }
        if header.attributes.compression == .zstd && version < 7 {
            return (.unsupportedCompressionType, "zstd needs Produce v7 or later")
        }
        if header.attributes.isTransactional { return (.invalidTxnState, "transactional batches are not supported yet") }
        return nil
    }
}

import KafkaProtocol
import Logging

extension KafkaConsumer {
    /// One partition asked for in a fetch round, with the offset it was asked from.
    private struct FetchTarget: Sendable {
        var partition: TopicPartition
        var offset: Int64
    }

    /// One Fetch per leader, concurrently, for every fetchable partition (assigned, not paused, position known,
    /// nothing buffered); the answers are decoded into the partitions' buffers. Returns whether anything was sent.
    func fetchOnce(maxWaitMs: Int32) async throws(KafkaClientError) -> Bool {
        let now = ContinuousClock.now
        var byNode: [Int32: [FetchTarget]] = [:]
        for partition in assignmentOrder {
            guard let state = partitions[partition], !state.paused, state.buffer.isEmpty,
                let position = state.position, state.notBefore.map({ $0 <= now }) ?? true
            else { continue }
            let leader: Int32
            do throws(KafkaClientError) {
                leader = try await cluster.leader(
                    for: partition,
                    deadline: .after(ms: configuration.client.requestTimeoutMs)
                ).node
            } catch {
                guard error.isRetriable else { throw error }
                backOff(partition, error)
                continue
            }
            byNode[leader, default: []].append(FetchTarget(partition: partition, offset: position))
        }
        guard !byNode.isEmpty else { return false }
        var requests: [(node: Int32, targets: [FetchTarget], request: InFlightRequest<FetchResponse>)] = []
        for (node, targets) in byNode {
            do throws(KafkaClientError) {
                let connection = try await cluster.connection(toNode: node)
                let request = fetchRequest(for: targets, maxWaitMs: maxWaitMs)
                let inFlight = try connection.enqueue(
                    request,
                    as: FetchResponse.self,
                    timeoutMs: configuration.client.requestTimeoutMs + Int64(maxWaitMs)
                )
                requests.append((node, targets, inFlight))
            } catch {
                guard error.isRetriable else { throw error }
                for target in targets { backOff(target.partition, error) }
            }
        }
        // All requests are already on their way; awaiting them one after the other takes as long as the slowest.
        // (A task group returning `(index, Result)` tuples lost the index in release builds — a garbage key, so
        // almost every answer was dropped and fetched again.)
        var results: [Result<FetchResponse, KafkaClientError>] = []
        results.reserveCapacity(requests.count)
        for entry in requests {
            do throws(KafkaClientError) {
                results.append(.success(try await entry.request.response()))
            } catch {
                results.append(.failure(error))
            }
        }
        for (entry, result) in zip(requests, results) {
            switch result {
            case .success(let response):
                try await handle(response, for: entry.targets, broker: entry.request.broker)
            case .failure(let error):
                guard error.isRetriable else { throw error }
                for target in entry.targets {
                    backOff(target.partition, error)
                    await cluster.invalidate(topic: target.partition.topic)
                }
            }
        }
        return true
    }

    private func fetchRequest(for targets: [FetchTarget], maxWaitMs: Int32) -> FetchRequest {
        var topics: [String: [FetchRequest.Partition]] = [:]
        var order: [String] = []
        for target in targets {
            if topics[target.partition.topic] == nil { order.append(target.partition.topic) }
            topics[target.partition.topic, default: []].append(
                FetchRequest.Partition(
                    partition: target.partition.partition,
                    currentLeaderEpoch: -1,
                    fetchOffset: target.offset,
                    partitionMaxBytes: partitions[target.partition]?.fetchBytes ?? configuration.maxPartitionFetchBytes
                )
            )
        }
        return FetchRequest(
            maxWaitMs: maxWaitMs,
            minBytes: configuration.fetchMinBytes,
            maxBytes: configuration.fetchMaxBytes,
            isolationLevel: configuration.isolationLevel.rawValue,
            topics: order.map { FetchRequest.Topic(topic: $0, partitions: topics[$0] ?? []) }
        )
    }

    /// Buffers each partition's records, or reacts to its error (reset, metadata refresh, backoff, or throw).
    private func handle(
        _ response: FetchResponse,
        for targets: [FetchTarget],
        broker: String
    ) async throws(KafkaClientError) {
        if response.errorCode != .none {
            let error = KafkaClientError.broker(response.errorCode, broker: broker, api: .fetch)
            guard error.isRetriable else { throw error }
            for target in targets { backOff(target.partition, error) }
            return
        }
        for target in targets {
            let partition = target.partition
            guard
                let data = response.responses.first(where: { $0.topic == partition.topic })?
                    .partitions.first(where: { $0.partitionIndex == partition.partition })
            else { continue }
            // A seek, reset or revocation while the fetch was out makes its answer irrelevant.
            guard var state = partitions[partition], state.position == target.offset, state.buffer.isEmpty else {
                continue
            }
            switch data.errorCode {
            case .none:
                let fetched = try FetchedRecords.decode(
                    data.records,
                    partition: partition,
                    fetchOffset: target.offset,
                    abortedTransactions: data.abortedTransactions,
                    readCommitted: configuration.isolationLevel == .readCommitted,
                    verifyCRC: configuration.checkCRCs
                )
                state.highWatermark = data.highWatermark
                if let size = fetched.truncatedBatchSize {
                    // Not even one whole batch fit: ask for more next time (brokers normally send it whole).
                    let current = Int(state.fetchBytes ?? configuration.maxPartitionFetchBytes)
                    state.fetchBytes = Int32(clamping: max(size, current * 2))
                }
                state.buffer = fetched.records[...]
                state.bufferEnd = fetched.nextOffset
                if fetched.records.isEmpty {
                    state.position = max(target.offset, fetched.nextOffset)
                    state.bufferEnd = nil
                }
                partitions[partition] = state
            case .offsetOutOfRange:
                guard configuration.autoOffsetReset != .none else {
                    throw KafkaClientError(
                        .noOffset,
                        "offset \(target.offset) is out of range and auto.offset.reset is none",
                        broker: broker,
                        api: .fetch,
                        errorCode: .offsetOutOfRange,
                        topicPartition: partition
                    )
                }
                logger.info(
                    "fetch offset out of range, resetting",
                    metadata: [
                        "partition": "\(partition)", "offset": "\(target.offset)",
                        "reset": "\(configuration.autoOffsetReset)",
                    ]
                )
                state.position = nil
                state.reset = configuration.autoOffsetReset
                partitions[partition] = state
            default:
                let error = KafkaClientError.broker(data.errorCode, broker: broker, api: .fetch, topicPartition: partition)
                guard error.isRetriable else { throw error }
                if data.errorCode.invalidatesMetadata { await cluster.invalidate(topic: partition.topic) }
                backOff(partition, error)
            }
        }
    }

    /// Pauses fetching `partition` for `retry.backoff.ms` after a retriable error.
    func backOff(_ partition: TopicPartition, _ error: KafkaClientError) {
        logger.debug("fetch backing off", metadata: ["partition": "\(partition)", "error": "\(error)"])
        partitions[partition]?.notBefore = .now.advanced(by: .milliseconds(configuration.client.retryBackoffMs))
    }
}

import KafkaProtocol
import LogStorage
import NIOCore
import Logging

/// Fetch: answers every requested partition with whole batches from the one holding the fetch offset, sent
/// from the segment files by sendfile; waits up to `max.wait.ms` for `min.bytes`, woken by appends. Without
/// transactions the last stable offset equals the high watermark, so read_committed reads the same data.
struct FetchHandler: RequestHandler {
    let state: BrokerState
    let advertisedVersions: ClosedRange<Int16> = 4...12

    func handle(_ request: FetchRequest, version: Int16, context: RequestContext) async -> HandlerResponse<FetchResponse> {
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(max(0, Int64(request.maxWaitMs)))
        let watched = Set(request.topics.flatMap { topic in topic.partitions.map { TopicPartition(topic.topic, $0.partition) } })
        var attempt = await read(request)
        while attempt.bytes < Int(max(request.minBytes, 0)) && !attempt.hasErrors && clock.now < deadline {
            let remaining = clock.now.duration(to: deadline)
            let milliseconds = remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000
            await state.notifier.wait(for: watched, since: attempt.sequence, timeoutMs: max(1, milliseconds))
            attempt = await read(request)
            if await state.notifier.isShutDownForFetch { break }
        }
        let regions = attempt.regions
        let chunks = attempt.response.encodeChunks(version: version).map { chunk -> ResponseChunk in
            switch chunk {
            case .bytes(let bytes): return .bytes(bytes)
            case .external(let handle, _): return .file(regions[handle])
            }
        }
        return .chunks(chunks)
    }

    private struct Attempt {
        var response: FetchResponse
        var regions: [LogStorage.FileRegion]
        var bytes: Int
        var hasErrors: Bool
        var sequence: UInt64
    }

    private func read(_ request: FetchRequest) async -> Attempt {
        let sequence = await state.notifier.sequence
        var budget = request.maxBytes > 0 ? Int(request.maxBytes) : Int(Int32.max)
        var regions: [LogStorage.FileRegion] = []
        var total = 0
        var hasErrors = false
        var responses: [FetchResponse.TopicResponse] = []
        for topic in request.topics {
            var partitions: [FetchResponse.PartitionData] = []
            for partition in topic.partitions {
                let key = TopicPartition(topic.topic, partition.partition)
                guard let log = await state.logs.log(for: key) else {
                    hasErrors = true
                    partitions.append(.init(partitionIndex: partition.partition, errorCode: .unknownTopicOrPartition, highWatermark: -1,
                            records: .bytes(ByteBuffer())))
                    continue
                }
                do {
                    let limit = max(1, min(Int(partition.partitionMaxBytes), budget))
                    let result = try await log.read(from: partition.fetchOffset, maxBytes: limit)
                    var records = FetchRecords.bytes(ByteBuffer())  // empty, not null: old librdkafka rejects null
                    if let region = result.region, budget > 0, total == 0 || region.length <= budget {
                        records = .external(length: region.length, handle: regions.count)
                        regions.append(region)
                        total += region.length
                        budget -= region.length
                    }
                    partitions.append(
                        .init(
                            partitionIndex: partition.partition, highWatermark: result.highWatermark,
                            lastStableOffset: result.highWatermark, logStartOffset: result.logStartOffset,
                            abortedTransactions: nil, records: records))
                } catch {
                    hasErrors = true
                    partitions.append(
                        .init(
                            partitionIndex: partition.partition, errorCode: error.kafkaErrorCode,
                            highWatermark: await log.highWatermark, lastStableOffset: await log.highWatermark,
                            logStartOffset: await log.logStartOffset, records: .bytes(ByteBuffer())))
                }
            }
            responses.append(.init(topic: topic.topic, partitions: partitions))
        }
        return Attempt(
            response: FetchResponse(responses: responses), regions: regions, bytes: total, hasErrors: hasErrors,
            sequence: sequence)
    }
}

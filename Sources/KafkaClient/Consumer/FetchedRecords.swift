import KafkaProtocol
import KafkaRecords
import NIOCore

/// The records of one partition's Fetch answer, decoded for the consumer: whole batches only (a trailing partial
/// batch is left for the next fetch), records before the fetch offset skipped (Fetch returns whole batches),
/// control batches skipped, and for read_committed the records of aborted transactions dropped.
struct FetchedRecords: Sendable {
    /// The records at or after the fetch offset, in offset order.
    var records: [ConsumerRecord] = []
    /// Where the next fetch starts: after the last whole batch (past control batches and compaction gaps).
    var nextOffset: Int64
    /// Whole batches seen.
    var batchCount = 0
    /// The size of a first batch that did not fit in the response (it needs a larger fetch), if so.
    var truncatedBatchSize: Int?

    /// Decodes `records` fetched from `fetchOffset`.
    static func decode(
        _ records: FetchRecords,
        partition: TopicPartition,
        fetchOffset: Int64,
        abortedTransactions: [FetchResponse.AbortedTransaction]?,
        readCommitted: Bool,
        verifyCRC: Bool
    ) throws(KafkaClientError) -> FetchedRecords {
        var result = FetchedRecords(nextOffset: fetchOffset)
        guard case .bytes(let buffer?) = records, buffer.readableBytes > 0 else { return result }
        var aborted = (abortedTransactions ?? []).sorted { $0.firstOffset < $1.firstOffset }[...]
        var abortedProducers: Set<Int64> = []
        var start = buffer.readerIndex
        while let header = RecordBatchHeader.peek(in: buffer, at: start) {
            guard header.batchLength >= 0 else {
                throw KafkaClientError(.protocolViolation, "negative batch length in a Fetch response", api: .fetch)
            }
            guard start + header.totalSize <= buffer.writerIndex else {
                if result.batchCount == 0 { result.truncatedBatchSize = header.totalSize }
                break
            }
            guard header.magic == RecordBatchHeader.currentMagic else {
                throw KafkaClientError(
                    .unsupported,
                    "record batch magic \(header.magic) at offset \(header.baseOffset) (only v2 is supported)",
                    api: .fetch,
                    topicPartition: partition
                )
            }
            var bytes = buffer.getSlice(at: start, length: header.totalSize)!
            start += header.totalSize
            result.batchCount += 1
            let batch: RecordBatch
            do {
                batch = try RecordBatch.decode(from: &bytes, verifyCRC: verifyCRC)
            } catch {
                throw KafkaClientError(
                    .protocolViolation,
                    "cannot decode the batch at offset \(header.baseOffset): \(error)",
                    api: .fetch,
                    topicPartition: partition
                )
            }
            result.nextOffset = max(result.nextOffset, batch.header.nextOffset)
            let attributes = batch.header.attributes
            if readCommitted {
                while let first = aborted.first, first.firstOffset <= batch.header.lastOffset {
                    abortedProducers.insert(first.producerId)
                    aborted = aborted.dropFirst()
                }
                if attributes.isControl {
                    if let record = batch.records.first, let marker = try? ControlRecord(record: record),
                        marker.kind == .abort
                    {
                        abortedProducers.remove(batch.header.producerId)
                    }
                    continue
                }
                if attributes.isTransactional && abortedProducers.contains(batch.header.producerId) { continue }
            }
            if attributes.isControl { continue }
            let epoch = batch.header.partitionLeaderEpoch
            for record in batch.records {
                let offset = batch.offset(of: record)
                guard offset >= fetchOffset else { continue }
                result.records.append(
                    ConsumerRecord(
                        topicPartition: partition,
                        offset: offset,
                        key: record.key,
                        value: record.value,
                        headers: record.headers,
                        timestamp: batch.timestamp(of: record),
                        timestampType: attributes.timestampType,
                        leaderEpoch: epoch >= 0 ? epoch : nil
                    )
                )
            }
        }
        return result
    }
}

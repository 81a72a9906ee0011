import KafkaRecords

/// The idempotent-producer state of one partition (Kafka's ProducerStateManager): per producer id the current
/// epoch and the last five batches' sequence ranges and offsets, so that a retried batch is answered with its
/// original offsets instead of being appended again, and a gap in sequences is refused.
///
/// Rebuilt from the log's batch headers when the partition opens, so it survives restarts.
struct ProducerStateTable: Sendable {
    /// Batches remembered per producer (Kafka's NUM_BATCHES_TO_RETAIN, the most in-flight requests allowed).
    static let retainedBatches = 5

    struct Batch: Hashable, Sendable {
        var firstSequence: Int32
        var lastSequence: Int32
        var firstOffset: Int64
        var lastOffset: Int64
    }

    struct Entry: Hashable, Sendable {
        var epoch: Int16
        var batches: [Batch]
    }

    /// What to do with an incoming batch.
    enum Verdict: Equatable {
        case append
        case duplicate(Batch)
    }

    private(set) var entries: [Int64: Entry] = [:]

    /// Checks an incoming batch of an idempotent producer (Kafka's `ProducerAppendInfo.checkSequence`).
    func check(_ header: RecordBatchHeader, partition: TopicPartition) throws(LogStorageError) -> Verdict {
        guard header.producerId >= 0 else { return .append }
        guard let entry = entries[header.producerId] else { return .append }  // unknown producer: any sequence
        let first = header.baseSequence
        let last = header.lastSequence
        if header.producerEpoch == entry.epoch,
            let original = entry.batches.first(where: { $0.firstSequence == first && $0.lastSequence == last })
        {
            return .duplicate(original)
        }
        if header.producerEpoch < entry.epoch {
            throw LogStorageError(
                .invalidProducerEpoch,
                "\(partition): producer \(header.producerId) epoch \(header.producerEpoch) is older than \(entry.epoch)")
        }
        if header.producerEpoch > entry.epoch {
            guard first == 0 else {
                throw LogStorageError(
                    .outOfOrderSequence,
                    "\(partition): producer \(header.producerId) new epoch \(header.producerEpoch) must start at sequence 0, got \(first)")
            }
            return .append
        }
        let previous = entry.batches.last?.lastSequence ?? -1
        let expected = previous == Int32.max ? 0 : previous + 1
        guard first == expected else {
            throw LogStorageError(
                .outOfOrderSequence,
                "\(partition): producer \(header.producerId) sent sequence \(first), expected \(expected)")
        }
        return .append
    }

    /// Records an appended batch (with its assigned offsets).
    mutating func record(_ header: RecordBatchHeader) {
        guard header.producerId >= 0, !header.attributes.isControl, header.baseSequence >= 0 else { return }
        var entry = entries[header.producerId] ?? Entry(epoch: header.producerEpoch, batches: [])
        if header.producerEpoch != entry.epoch {
            entry = Entry(epoch: header.producerEpoch, batches: [])
        }
        entry.batches.append(
            Batch(
                firstSequence: header.baseSequence, lastSequence: header.lastSequence, firstOffset: header.baseOffset,
                lastOffset: header.lastOffset))
        if entry.batches.count > Self.retainedBatches { entry.batches.removeFirst(entry.batches.count - Self.retainedBatches) }
        entries[header.producerId] = entry
    }
}

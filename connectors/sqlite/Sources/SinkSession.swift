import ConnectAPI
import Logging

/// The state of a started SQLite sink task: the connection, the writer, the record mapper and the stored
/// offsets; owned by the task actor, so used by one call at a time.
final class SinkSession {
    /// What the session did, for tests and logs.
    struct Counters: Equatable, Sendable {
        /// Records applied (written, deleted or ignored by design) and committed.
        var applied = 0
        /// Records skipped because the database already had them (offset below the stored one).
        var skippedAsWritten = 0
        /// Records handed to the errant-record reporter.
        var reported = 0
        /// Transactions committed.
        var transactions = 0
    }

    let config: SQLiteSinkConfig
    private let context: any SinkTaskContext
    private let db: SQLiteConnection
    private let writer: SinkWriter
    private let offsets: OffsetTable
    private var mapper: RecordMapper
    /// The stored next offset of each assigned partition, as of the last commit.
    private var nextOffsets: [TopicPartitionRef: Int64] = [:]
    private var remainingRetries: Int
    private(set) var counters = Counters()

    /// Opens and prepares the database.
    /// - Throws: ``ConnectError`` (`connect`) naming the path and the cause.
    init(config: SQLiteSinkConfig, context: any SinkTaskContext) throws(ConnectError) {
        self.config = config
        self.context = context
        self.mapper = RecordMapper(config: config)
        self.remainingRetries = config.maxRetries
        do throws(SQLiteError) {
            let db = try SQLiteConnection(path: config.path, busyTimeoutMs: config.busyTimeoutMs)
            if db.isReadOnly {
                throw SQLiteError(code: 8, message: "the file or its directory is not writable", sql: nil)
            }
            _ = try db.query("PRAGMA journal_mode = \(config.journalMode)")
            try db.execute("PRAGMA synchronous = \(config.synchronous)")
            self.db = db
            self.offsets = try OffsetTable(db: db, connector: config.connectorName)
            self.writer = try SinkWriter(db: db, config: config, logger: context.logger)
        } catch {
            throw ConnectError.connect("Cannot open SQLite database \(config.path): \(error.explanation)", cause: error)
        }
    }

    /// Loads the stored offsets of newly assigned partitions and asks the runtime to seek to them.
    func open(_ partitions: Set<TopicPartitionRef>) throws(ConnectError) {
        let stored: [TopicPartitionRef: Int64]
        do {
            stored = try offsets.load(partitions)
        } catch {
            throw ConnectError.connect("Cannot read \(OffsetTable.name) in \(config.path): \(error.explanation)", cause: error)
        }
        nextOffsets.merge(stored) { _, new in new }
        if !stored.isEmpty { context.offset(stored) }
        context.logger.info(
            "SQLite sink resuming from stored offsets",
            metadata: ["offsets": "\(stored.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })"])
    }

    /// The stored offsets of these partitions.
    func committedOffsets(for partitions: Set<TopicPartitionRef>) -> [TopicPartitionRef: OffsetAndMetadata] {
        var result: [TopicPartitionRef: OffsetAndMetadata] = [:]
        for partition in partitions {
            if let next = nextOffsets[partition] { result[partition] = OffsetAndMetadata(offset: next) }
        }
        return result
    }

    /// Forgets revoked partitions.
    func close(_ partitions: Set<TopicPartitionRef>) {
        for partition in partitions { nextOffsets[partition] = nil }
    }

    /// Rolls back anything open and closes the connection.
    func shutDown() {
        writer.rollback()
        db.close()
    }

    /// Writes records in transactions of `batch.size`, skipping those the database already has.
    func put(_ records: [SinkRecord], isolation: isolated (any Actor)? = #isolation) async throws {
        // Records of one partition come in offset order, so those already written are a prefix per partition;
        // the common case (none) writes `records` as they are, without copying them.
        var pending = records[...]
        var run = PartitionRun()
        var next: Int64?
        for index in records.indices {
            if run.advance(to: records[index]) { next = nextOffsets[run.partition] }
            guard let next, records[index].originalKafkaOffset < next else { continue }
            pending = ArraySlice(records.filter { record in
                nextOffsets[Self.partition(of: record)].map { record.originalKafkaOffset >= $0 } ?? true
            })
            counters.skippedAsWritten += records.count - pending.count
            break
        }
        var start = pending.startIndex
        while start < pending.endIndex {
            let end = min(start + config.batchSize, pending.endIndex)
            try await writeTransaction(pending[start..<end])
            start = end
        }
    }

    /// The partition of consecutive records, rebuilt only when it changes (no allocation or hashing per record).
    private struct PartitionRun {
        private(set) var partition = TopicPartitionRef(topic: "", partition: -2)

        /// Moves to the record's partition; `true` when it differs from the previous record's.
        mutating func advance(to record: SinkRecord) -> Bool {
            let number = record.originalKafkaPartition ?? -1
            if number == partition.partition && record.originalTopic == partition.topic { return false }
            partition = TopicPartitionRef(topic: record.originalTopic, partition: number)
            return true
        }
    }

    private func writeTransaction(
        _ batch: ArraySlice<SinkRecord>, isolation: isolated (any Actor)? = #isolation
    ) async throws {
        do {
            try writer.begin()
        } catch {
            throw failure(error, doing: "starting a transaction")
        }
        var advanced: [TopicPartitionRef: Int64] = [:]
        var run = PartitionRun()
        var runEnd: Int64 = -1
        var reported = 0
        var next = batch.startIndex
        while next < batch.endIndex {
            // Records are mapped and written in place (borrowed from the batch, not copied) up to the first one
            // that cannot be written, which is then reported (or fails the batch) before going on after it.
            let stop = batch.withUnsafeBufferPointer { records -> (index: Int, failure: SinkWriteFailure)? in
                for position in (next - batch.startIndex)..<records.count {
                    // Each partition's last record gives its next offset; stored when its run of records ends.
                    let previous = run.partition
                    if run.advance(to: records[position]), runEnd >= 0 { advanced[previous] = runEnd }
                    runEnd = records[position].originalKafkaOffset + 1
                    do throws(SinkWriteFailure) {
                        try write(records[position])
                    } catch {
                        return (batch.startIndex + position, error)
                    }
                }
                return nil
            }
            guard let stop else { break }
            switch stop.failure {
            case .record(let reason):
                try await reject(batch[stop.index], reason: reason)
                reported += 1
            case .database(let cause):
                writer.rollback()
                throw failure(cause, doing: "writing to \(batch[stop.index].topic)")
            }
            next = stop.index + 1
        }
        if runEnd >= 0 { advanced[run.partition] = runEnd }
        do {
            try offsets.store(advanced)
            try writer.commit()
        } catch {
            writer.rollback()
            throw failure(error, doing: "committing")
        }
        nextOffsets.merge(advanced) { _, new in new }
        remainingRetries = config.maxRetries
        counters.applied += batch.count - reported
        counters.reported += reported
        counters.transactions += 1
    }

    /// Maps one record to its row change and applies it in the open transaction.
    private func write(_ record: SinkRecord) throws(SinkWriteFailure) {
        let change: RowChange
        do throws(ConnectError) {
            change = try mapper.change(for: record)
        } catch {
            throw SinkWriteFailure.record(error.message)
        }
        if case .skip(let reason) = change {
            context.logger.trace("Record ignored", metadata: ["reason": "\(reason)", "offset": "\(record.kafkaOffset)"])
        }
        try writer.apply(change)
    }

    /// Hands a record that cannot be written to the errant-record reporter; fails the task (after rolling
    /// back) when there is none or it does not tolerate the error.
    private func reject(
        _ record: SinkRecord, reason: String, isolation: isolated (any Actor)? = #isolation
    ) async throws {
        let error = ConnectError.data(
            "SQLiteSink cannot write \(record.originalTopic)-\(record.originalKafkaPartition ?? -1)@"
                + "\(record.originalKafkaOffset): \(reason)")
        guard let reporter = context.errantRecordReporter else {
            writer.rollback()
            throw error
        }
        do {
            try await reporter.report(record, error: error)
        } catch {
            writer.rollback()
            throw error
        }
        context.logger.warning("Record reported as errant", metadata: ["error": "\(error.message)"])
    }

    /// The error `put` throws for a database failure: retriable while retries remain for transient causes.
    private func failure(_ error: SQLiteError, doing what: String) -> ConnectError {
        let message = "SQLite sink failed \(what) in \(config.path): \(error.explanation)"
        if error.isTransient && remainingRetries > 0 {
            remainingRetries -= 1
            context.timeout(milliseconds: config.retryBackoffMs)
            context.logger.warning(
                "Transient SQLite error; the batch will be retried",
                metadata: ["error": "\(error)", "retries.left": "\(remainingRetries)"])
            return ConnectError.retriable(message + " (retrying, \(remainingRetries) retries left)", cause: error)
        }
        if error.isTransient {
            return ConnectError.connect(message + " (after \(config.maxRetries) retries)", cause: error)
        }
        return ConnectError.connect(message, cause: error)
    }

    private static func partition(of record: SinkRecord) -> TopicPartitionRef {
        TopicPartitionRef(topic: record.originalTopic, partition: record.originalKafkaPartition ?? -1)
    }
}

public import ConnectAPI
import Logging
import Synchronization

/// The task of FileTailSource: tails the files matching the patterns and returns each line as a STRING record.
///
/// ## Offsets and restarts
///
/// Each record carries the partition `{"fingerprint": …}` of its stream and the offset
/// `{"position": <byte after the line>, "filename": <path>}` (see ``FileTailOffsets``). On start the task
/// looks up the offsets of every stream the files that match the patterns now could belong to, and resumes
/// each file exactly after the last committed line: a file renamed while the task was stopped is found by
/// its inode, a `copytruncate` copy by its content (a copy shorter than what was read of its content is
/// skipped: it holds nothing unread); files without an offset follow `read.from`.
///
/// ## Rotated files
///
/// * Rotated names that still match a pattern (`app.log*`, or `files=app.log,app.log.1`): a renamed file
///   is recognised by its fingerprint and only its unread tail is read, never the whole file again, and a
///   `copytruncate` copy continues the stream of the file it was copied from. This is the recommended setup;
///   exclude compressed generations with `exclude.files=*.gz`.
/// * Rotated names that match no pattern (`file=app.log` only): while the task runs, a renamed file is
///   still read to its end through the descriptor opened before the rename (for `rotate.wait.ms` after its
///   last data). If the task is stopped when the rotation happens, lines written to the old file after
///   the last committed offset are not read, because the file is no longer watched; with `copytruncate`,
///   lines in the copy beyond the committed offset are lost the same way.
/// * Lines written between `copytruncate`'s copy and its truncation exist in no file and can only be
///   read if the task reads them before the truncation, which is inherent to `copytruncate`.
///
/// ## Threads
///
/// File I/O runs on a dedicated serial dispatch queue; `poll` suspends between looks at the files, returns
/// after about a second when nothing new was written, and returns `[]` when its Swift task is cancelled.
public final class FileTailSourceTask: SourceTask {
    /// The task's version, the plugin's.
    public let version = FileConnectorPlugins.version

    private let state = Mutex<Running?>(nil)
    private let io = BlockingQueue(label: "tributary.file-tail-source")

    /// How long a poll waits for new lines before returning an empty batch.
    static let maximumPollWait: Duration = .seconds(1)

    /// A new, unstarted task.
    public init() {}

    /// Parses the configuration, reads the stored offsets of the files matching now, and opens the tailer.
    /// - Throws: ``ConnectError`` (`config`) for bad settings; errors of the offset reader as thrown.
    public func start(config: [String: String], context: any SourceTaskContext) async throws {
        let settings = try FileTailSourceConfig(properties: config)
        let tailerConfiguration = settings.tailer
        let plan = try await io.run { FileTailResumePlan.observe(tailerConfiguration) }
        let candidates = plan.candidatePartitions
        let stored =
            candidates.isEmpty ? [:] : try await context.offsetStorageReader.offsets(for: candidates)
        let resumeTable = plan.resumeTable(stored: stored)
        var tailer: FileTailer
        do {
            tailer = try FileTailer(configuration: tailerConfiguration)
        } catch {
            throw ConnectError(.config, error.description, configName: error.key)
        }
        tailer.resume(from: resumeTable)
        let logger = context.logger
        logger.info(
            "File tail source starting",
            metadata: [
                "file.patterns": .string(tailerConfiguration.paths.joined(separator: ",")),
                "file.offsets.looked_up": .stringConvertible(candidates.count),
                "file.offsets.found": .stringConvertible(resumeTable.count),
            ]
        )
        let running = Running(settings: settings, tailer: tailer, logger: logger)
        state.withLock { $0 = running }
    }

    /// Up to `batch.size` records; waits up to about a second for new lines, then returns `[]`.
    public func poll() async throws -> [SourceRecord] {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: Self.maximumPollWait)
        while !Task.isCancelled {
            let (records, interval) = try await io.run { [self] in
                self.state.withLock { running -> ([SourceRecord], Duration?) in
                    guard running != nil else { return ([], nil) }
                    let records = running?.nextBatch(now: .now) ?? []
                    return (records, running?.settings.pollInterval)
                }
            }
            guard records.isEmpty, let interval else { return records }
            let now = clock.now
            if now >= deadline { return [] }
            do {
                try await Task.sleep(for: min(interval, deadline - now))
            } catch {
                return []
            }
        }
        return []
    }

    /// Closes every file; buffered lines that were not returned are read again after a restart.
    public func stop() async throws {
        let running = state.withLock { running -> Running? in
            defer { running = nil }
            return running
        }
        running?.logger.info("File tail source stopped")
    }
}

extension FileTailSourceTask {
    /// The state of a started task.
    struct Running: Sendable {
        let settings: FileTailSourceConfig
        var tailer: FileTailer
        var builder: FileTailRecordBuilder
        let logger: Logger
        /// Lines read by the tailer but not returned yet (a tailer pass may read more than `batch.size`).
        private var pending: [TailedLine] = []
        private var nextPending = 0

        init(settings: FileTailSourceConfig, tailer: FileTailer, logger: Logger) {
            self.settings = settings
            self.tailer = tailer
            self.builder = FileTailRecordBuilder(settings: settings)
            self.logger = logger
        }

        /// The next records: from lines read earlier, else from a new tailer pass.
        mutating func nextBatch(now: ContinuousClock.Instant) -> [SourceRecord] {
            if nextPending >= pending.count {
                pending = tailer.poll(now: now)
                nextPending = 0
                log(tailer.takeEvents())
            }
            let end = min(pending.count, nextPending + settings.batchSize)
            guard end > nextPending else { return [] }
            var records: [SourceRecord] = []
            records.reserveCapacity(end - nextPending)
            for index in nextPending..<end {
                records.append(builder.record(for: pending[index]))
            }
            nextPending = end
            if nextPending == pending.count {
                pending = []
                nextPending = 0
            }
            return records
        }

        private func log(_ events: [TailEvent]) {
            for event in events {
                event.log(to: logger)
            }
        }
    }
}
